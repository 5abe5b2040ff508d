// Activation functions σ and their derivatives σ', as numbers (their formulas:
// solution/activation-formulas.ts).
// Rational activations (identity, ReLU, leaky ReLU) stay exact on exact input;
// the others go to float64.
import type { Fraction } from "fraction.js";
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
  /** Leaky ReLU's slope for z ≤ 0 (carried by every activation, read by leaky ReLU's). */
  slope: Scalar;
}

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
        slope,
        rational: false,
        f: (z) => logistic(sc.toNumber(z)),
        df: (z) => logisticDerivative(sc.toNumber(z)),
      };
    case "tanh":
      return {
        name,
        slope,
        rational: false,
        f: (z) => Math.tanh(sc.toNumber(z)),
        df: (z) => {
          const t = Math.tanh(sc.toNumber(z));
          return 1 - t * t;
        },
      };
    case "relu":
      return {
        name,
        slope,
        rational: true,
        f: (z) => (sc.sign(z) > 0 ? z : sc.isExact(z) ? sc.frac(0) : 0),
        // ReLU'(0) = 0, as PyTorch defines it.
        df: (z) => (sc.isExact(z) ? sc.frac(sc.sign(z) > 0 ? 1 : 0) : sc.sign(z) > 0 ? 1 : 0),
      };
    case "leaky-relu":
      return {
        name,
        slope,
        rational: true,
        f: (z) => (sc.sign(z) > 0 ? z : sc.mul(slope, z)),
        // At z = 0 the slope, as PyTorch defines it.
        df: (z) => (sc.sign(z) > 0 ? (sc.isExact(z) ? sc.frac(1) : 1) : sc.isExact(z) ? slope : sc.toNumber(slope)),
      };
    case "softplus":
      return {
        name,
        slope,
        rational: false,
        f: (z) => softplus(sc.toNumber(z)),
        df: (z) => logistic(sc.toNumber(z)),
      };
    case "identity":
      return {
        name,
        slope,
        rational: true,
        f: (z) => z,
        df: (z) => (sc.isExact(z) ? sc.frac(1) : 1),
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

/**
 * σ(z), 1 − σ(z) = σ(−z) and σ′(z) = σ(z)σ(−z) at each z: exact at z = 0 (1/2, 1/2, 1/4) and where `expOf`
 * gives e^z as a rational q (z = ln q: σ = q/(1 + q), 1 − σ = 1/(1 + q)), float64 elsewhere.
 */
export function sigmoidColumns(
  zs: readonly Scalar[],
  expOf: (z: number) => Fraction | undefined = () => undefined,
): SigmoidColumns {
  const out: SigmoidColumns = { expNegZ: [], sigma: [], oneMinus: [], derivative: [] };
  for (const z of zs) {
    const q = typeof z === "number" ? expOf(z) : undefined;
    if (q !== undefined) {
      const onePlus = sc.add(sc.frac(1), q);
      const sigma = sc.div(q, onePlus);
      const oneMinus = sc.div(sc.frac(1), onePlus);
      out.expNegZ.push(sc.div(sc.frac(1), q));
      out.sigma.push(sigma);
      out.oneMinus.push(oneMinus);
      out.derivative.push(sc.mul(sigma, oneMinus));
      continue;
    }
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
