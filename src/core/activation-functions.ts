// Every activation `dlsolve activation` evaluates (SPEC 4.22): f and f′ side by
// side, as PyTorch computes them (its value at a kink); their formulas are in
// solution/activation-formulas.ts.
// The six of activations.ts come from there; ELU, GELU (erf and tanh) and SiLU
// are added here, so mlp-grads' and network's choices stay the six.
import { ACTIVATIONS, activation, logistic } from "./activations.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export const ACTIVATION_FUNCTIONS = [...ACTIVATIONS, "elu", "gelu", "gelu-tanh", "silu"] as const;
export type ActivationFunction = (typeof ACTIVATION_FUNCTIONS)[number];

export interface ActivationRule {
  name: ActivationFunction;
  /** Rational on rational input (identity, ReLU, leaky ReLU, ELU for z > 0). */
  f(z: Scalar): Scalar;
  df(z: Scalar): Scalar;
  /** Leaky ReLU's slope (read by leaky ReLU only). */
  slope: Scalar;
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

/** GELU exactly (z·Φ(z)) or by PyTorch's tanh approximation. */
function gelu(name: "gelu" | "gelu-tanh", slope: Scalar): ActivationRule {
  const n = (z: Scalar) => sc.toNumber(z);
  switch (name) {
    case "gelu":
      return {
        name,
        slope,
        f: (z) => n(z) * Phi(n(z)),
        df: (z) => Phi(n(z)) + n(z) * phi(n(z)),
      };
    default: {
      const u = (z: number) => C * (z + 0.044715 * z ** 3);
      return {
        name,
        slope,
        f: (z) => 0.5 * n(z) * (1 + Math.tanh(u(n(z)))),
        df: (z) => {
          const x = n(z);
          const t = Math.tanh(u(x));
          return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * 0.044715 * x * x);
        },
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
        slope,
        f: (z) => (sc.sign(z) > 0 ? z : sc.toNumber(alpha) * Math.expm1(n(z))),
        df: (z) => (sc.sign(z) > 0 ? (sc.isExact(z) ? sc.frac(1) : 1) : sc.toNumber(alpha) * Math.exp(n(z))),
      };
    case "gelu":
    case "gelu-tanh":
      return gelu(name, slope);
    case "silu":
      return {
        name,
        slope,
        f: (z) => n(z) * logistic(n(z)),
        df: (z) => logistic(n(z)) * (1 + n(z) * logistic(-n(z))),
      };
    default: {
      const a = activation(name, slope);
      return { name, slope, f: a.f, df: a.df };
    }
  }
}
