// Every activation `dlsolve activation` evaluates (SPEC 4.22): f and f′ side by
// side, as PyTorch computes them (its value at a kink), with their formulas.
// The six of activations.ts come from there; ELU, GELU (erf and tanh) and SiLU
// are added here, so mlp-grads' and network's choices stay the six.
import { ACTIVATIONS, activation, logistic } from "./activations.js";
import type { Formula } from "./formula.js";
import * as F from "./formula.js";
import { S } from "./formula.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export const ACTIVATION_FUNCTIONS = [...ACTIVATIONS, "elu", "gelu", "gelu-tanh", "silu"] as const;
export type ActivationFunction = (typeof ACTIVATION_FUNCTIONS)[number];

export interface ActivationRule {
  name: ActivationFunction;
  /** Rational on rational input (identity, ReLU, leaky ReLU, ELU for z > 0). */
  f(z: Scalar): Scalar;
  df(z: Scalar): Scalar;
  formula: Formula;
  derivative: Formula;
  /** Where f′ jumps, and PyTorch's choice there. */
  kink?: string;
}

/**
 * erf(x) to about 1e-15: its Taylor series for |x| ≤ 3 (the terms peak near 10³, so about three digits of
 * cancellation), else 1 − erfc by its continued fraction.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a <= 3) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (-a * a) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(a) = exp(−a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + …)))), evaluated from the tail
  let frac = a;
  for (let n = 60; n >= 1; n--) frac = a + n / 2 / frac;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / frac;
  return Math.sign(x) * (1 - erfc);
}

const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
const C = Math.sqrt(2 / Math.PI);
/** √(2/π)(z + 0.044715z³), the tanh approximation's argument. */
const U = F.juxt(
  F.sqrtF(F.fracF(F.num(2), F.sym("π", "\\pi"))),
  F.paren(F.plus(S.z, F.juxt(F.num(0.044715), F.pow(S.z, F.num(3))))),
);
const fz = (name: string) => F.call(name, S.z);
const d = (name: string) => F.call(`${name}′`, S.z);

/** GELU exactly (z·Φ(z)) or by PyTorch's tanh approximation. */
function gelu(name: "gelu" | "gelu-tanh"): ActivationRule {
  const n = (z: Scalar) => sc.toNumber(z);
  switch (name) {
    case "gelu":
      return {
        name,
        f: (z) => n(z) * Phi(n(z)),
        df: (z) => Phi(n(z)) + n(z) * phi(n(z)),
        formula: F.eq(
          fz("gelu"),
          F.juxt(S.z, F.call("Φ", S.z)),
          F.juxt(F.fracF(S.z, F.num(2)), F.paren(F.plus(F.num(1), F.call("erf", F.fracF(S.z, F.sqrtF(F.num(2))))))),
        ),
        derivative: F.eq(d("gelu"), F.plus(F.call("Φ", S.z), F.juxt(S.z, F.call("φ", S.z)))),
      };
    default: {
      const u = (z: number) => C * (z + 0.044715 * z ** 3);
      return {
        name,
        f: (z) => 0.5 * n(z) * (1 + Math.tanh(u(n(z)))),
        df: (z) => {
          const x = n(z);
          const t = Math.tanh(u(x));
          return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * 0.044715 * x * x);
        },
        formula: F.eq(fz("gelu"), F.juxt(F.fracF(S.z, F.num(2)), F.paren(F.plus(F.num(1), F.call("tanh", U))))),
        derivative: F.eq(d("gelu"), F.text("½(1 + t) + ½z(1 − t²)·√(2/π)(1 + 3·0.044715z²), t = tanh(u)")),
      };
    }
  }
}

export function activationRule(name: ActivationFunction, slope: Scalar, alpha: Scalar): ActivationRule {
  const n = (z: Scalar) => sc.toNumber(z);
  switch (name) {
    case "elu":
      return {
        name,
        f: (z) => (sc.sign(z) > 0 ? z : sc.toNumber(alpha) * Math.expm1(n(z))),
        df: (z) => (sc.sign(z) > 0 ? (sc.isExact(z) ? sc.frac(1) : 1) : sc.toNumber(alpha) * Math.exp(n(z))),
        formula: F.eq(
          fz("elu"),
          F.cases(
            [S.z, F.op("<", F.num(0), S.z)],
            [F.juxt(S.alpha, F.paren(F.minus(F.call("exp", S.z), F.num(1)))), F.op("≤", S.z, F.num(0))],
          ),
        ),
        derivative: F.eq(
          d("elu"),
          F.cases(
            [F.num(1), F.op("<", F.num(0), S.z)],
            [F.juxt(S.alpha, F.call("exp", S.z)), F.op("≤", S.z, F.num(0))],
          ),
        ),
        kink: "at z = 0 PyTorch takes the left side, α·e⁰ = α",
      };
    case "gelu":
    case "gelu-tanh":
      return gelu(name);
    case "silu":
      return {
        name,
        f: (z) => n(z) * logistic(n(z)),
        df: (z) => logistic(n(z)) * (1 + n(z) * logistic(-n(z))),
        formula: F.eq(fz("silu"), F.juxt(S.z, F.call("σ", S.z))),
        derivative: F.eq(
          d("silu"),
          F.juxt(
            F.call("σ", S.z),
            F.paren(F.plus(F.num(1), F.juxt(S.z, F.paren(F.minus(F.num(1), F.call("σ", S.z)))))),
          ),
        ),
      };
    default: {
      const a = activation(name, slope);
      const kink =
        name === "relu"
          ? "at z = 0 PyTorch takes relu′(0) = 0"
          : name === "leaky-relu"
            ? "at z = 0 PyTorch takes the slope"
            : undefined;
      return { name, f: a.f, df: a.df, formula: a.formula, derivative: a.derivative, ...(kink ? { kink } : {}) };
    }
  }
}
