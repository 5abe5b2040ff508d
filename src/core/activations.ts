// Activation functions σ and their derivatives σ', as numbers and as formulas.
// Rational activations (identity, ReLU, leaky ReLU) stay exact on exact input;
// the others go to float64.
import type { Formula } from "./formula.js";
import * as F from "./formula.js";
import { S } from "./formula.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky-relu", "softplus", "identity"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface Activation {
  name: ActivationName;
  /** Whether it maps rationals to rationals (so the whole solution can stay exact). */
  rational: boolean;
  f(z: Scalar): Scalar;
  df(z: Scalar): Scalar;
  /** σ(z) = … as a formula. */
  formula: Formula;
  /** σ'(z) = … as a formula. */
  derivative: Formula;
}

const e = F.sym("e");
/** σ(arg) and σ′(arg) as formulas: the one builder every problem uses. */
export const sigmaOf = (arg: Formula): Formula => F.call("σ", arg);
export const dsigmaOf = (arg: Formula): Formula => F.call("σ′", arg);
const negZ = F.negF(S.z);

/**
 * σ(z) = 1/(1 + e^(−z)), evaluated without overflow: for z < 0 as
 * e^z/(1 + e^z), so e^(−z) is never formed for large negative z.
 */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const t = Math.exp(z);
  return t / (1 + t);
}

/**
 * σ'(z) = σ(z)(1 − σ(z)) with 1 − σ(z) taken as σ(−z): both factors keep their
 * relative precision, so σ'(40) ≈ 4.248e-18 rather than the 0 that
 * σ(40)·(1 − σ(40)) gives in float64.
 */
export function logisticDerivative(z: number): number {
  return logistic(z) * logistic(-z);
}

/** σ′ below this is a saturated unit: almost no gradient flows back through it (vanishing gradient). */
export const SATURATION = 1e-4;

/** softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)), stable for large |z|. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

export function activation(name: ActivationName, slope: Scalar = sc.frac(1, 100)): Activation {
  switch (name) {
    case "sigmoid":
      return {
        name,
        rational: false,
        f: (z) => logistic(sc.toNumber(z)),
        df: (z) => logisticDerivative(sc.toNumber(z)),
        formula: F.eq(sigmaOf(S.z), F.fracF(F.num(1), F.plus(F.num(1), F.pow(e, negZ)))),
        derivative: F.eq(dsigmaOf(S.z), F.juxt(sigmaOf(S.z), F.minus(F.num(1), sigmaOf(S.z)))),
      };
    case "tanh":
      return {
        name,
        rational: false,
        f: (z) => Math.tanh(sc.toNumber(z)),
        df: (z) => {
          const t = Math.tanh(sc.toNumber(z));
          return 1 - t * t;
        },
        formula: F.eq(sigmaOf(S.z), F.call("tanh", S.z)),
        derivative: F.eq(dsigmaOf(S.z), F.minus(F.num(1), F.pow(F.call("tanh", S.z), F.num(2)))),
      };
    case "relu":
      return {
        name,
        rational: true,
        f: (z) => (sc.sign(z) > 0 ? z : sc.isExact(z) ? sc.frac(0) : 0),
        // ReLU'(0) = 0, as PyTorch defines it.
        df: (z) => (sc.isExact(z) ? sc.frac(sc.sign(z) > 0 ? 1 : 0) : sc.sign(z) > 0 ? 1 : 0),
        formula: F.eq(sigmaOf(S.z), F.call("max", F.num(0), S.z)),
        derivative: F.eq(
          dsigmaOf(S.z),
          F.cases([F.num(1), F.op("<", F.num(0), S.z)], [F.num(0), F.op("≤", S.z, F.num(0))]),
        ),
      };
    case "leaky-relu":
      return {
        name,
        rational: true,
        f: (z) => (sc.sign(z) > 0 ? z : sc.mul(slope, z)),
        // At z = 0 the slope, as PyTorch defines it.
        df: (z) => (sc.sign(z) > 0 ? (sc.isExact(z) ? sc.frac(1) : 1) : sc.isExact(z) ? slope : sc.toNumber(slope)),
        formula: F.eq(
          sigmaOf(S.z),
          F.cases([S.z, F.op("<", F.num(0), S.z)], [F.juxt(F.num(slope), S.z), F.op("≤", S.z, F.num(0))]),
        ),
        derivative: F.eq(
          dsigmaOf(S.z),
          F.cases([F.num(1), F.op("<", F.num(0), S.z)], [F.num(slope), F.op("≤", S.z, F.num(0))]),
        ),
      };
    case "softplus":
      return {
        name,
        rational: false,
        f: (z) => softplus(sc.toNumber(z)),
        df: (z) => logistic(sc.toNumber(z)),
        formula: F.eq(sigmaOf(S.z), F.call("log", F.plus(F.num(1), F.pow(e, S.z)))),
        derivative: F.eq(dsigmaOf(S.z), F.fracF(F.num(1), F.plus(F.num(1), F.pow(e, negZ)))),
      };
    case "identity":
      return {
        name,
        rational: true,
        f: (z) => z,
        df: (z) => (sc.isExact(z) ? sc.frac(1) : 1),
        formula: F.eq(sigmaOf(S.z), S.z),
        derivative: F.eq(dsigmaOf(S.z), F.num(1)),
      };
  }
}

/** σ and σ′ at many z, as columns (a million values as a few arrays, not a million objects). */
export interface SigmoidColumns {
  expNegZ: Scalar[];
  sigma: Scalar[];
  /** 1 − σ(z), computed as σ(−z) */
  oneMinus: Scalar[];
  derivative: Scalar[];
}

/** σ(z), 1 − σ(z) = σ(−z) and σ′(z) = σ(z)σ(−z) at each z: exact at z = 0 (1/2, 1/2, 1/4), float64 elsewhere. */
export function sigmoidColumns(zs: readonly Scalar[]): SigmoidColumns {
  const out: SigmoidColumns = { expNegZ: [], sigma: [], oneMinus: [], derivative: [] };
  for (const z of zs) {
    if (sc.isExact(z) && sc.isZero(z)) {
      out.expNegZ.push(sc.frac(1));
      out.sigma.push(sc.frac(1, 2));
      out.oneMinus.push(sc.frac(1, 2));
      out.derivative.push(sc.frac(1, 4));
      continue;
    }
    const x = sc.toNumber(z);
    out.expNegZ.push(Math.exp(-x));
    out.sigma.push(logistic(x));
    out.oneMinus.push(logistic(-x));
    out.derivative.push(logisticDerivative(x));
  }
  return out;
}
