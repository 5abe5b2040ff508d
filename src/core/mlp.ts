// The network of seed part 1: y_pred = C·σ(A x + b) + d with a scalar input x,
// k hidden units, and L = (y_true − y_pred)² (or ½ of it). Pure numerics.
import type { Activation } from "./activations.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export type LossKind = "squared" | "half-squared";

export interface MlpParams {
  A: Scalar[];
  b: Scalar[];
  C: Scalar[];
  d: Scalar;
}

export interface Forward {
  z: Scalar[];
  h: Scalar[];
  /** σ'(zᵢ) */
  dh: Scalar[];
  yPred: Scalar;
  loss: Scalar;
}

export interface Gradients {
  yPred: Scalar;
  d: Scalar;
  C: Scalar[];
  b: Scalar[];
  A: Scalar[];
}

/** zᵢ = Aᵢx + bᵢ, hᵢ = σ(zᵢ), y_pred = Σᵢ Cᵢhᵢ + d, L = (y_true − y_pred)² (× ½ for half-squared). */
export function forward(p: MlpParams, x: Scalar, y: Scalar, act: Activation, loss: LossKind): Forward {
  const z = p.A.map((a, i) => sc.add(sc.mul(a, x), p.b[i]!));
  const h = z.map((zi) => act.f(zi));
  const dh = z.map((zi) => act.df(zi));
  let yPred: Scalar = p.d;
  h.forEach((hi, i) => {
    yPred = sc.add(yPred, sc.mul(p.C[i]!, hi));
  });
  const sq = sc.square(sc.sub(y, yPred));
  return { z, h, dh, yPred, loss: loss === "squared" ? sq : sc.mul(sc.frac(1, 2), sq) };
}

/**
 * ∂L/∂y_pred = 2(y_pred − y_true) (or y_pred − y_true for ½(…)²) = ∂L/∂d;
 * ∂L/∂Cᵢ = ∂L/∂y_pred·hᵢ; ∂L/∂bᵢ = ∂L/∂y_pred·Cᵢσ'(zᵢ); ∂L/∂Aᵢ = ∂L/∂bᵢ·x.
 */
export function gradients(p: MlpParams, x: Scalar, y: Scalar, f: Forward, loss: LossKind): Gradients {
  const diff = sc.sub(f.yPred, y);
  const gy = loss === "squared" ? sc.mul(sc.frac(2), diff) : diff;
  const gb = p.C.map((c, i) => sc.mul(gy, sc.mul(c, f.dh[i]!)));
  return {
    yPred: gy,
    d: gy,
    C: f.h.map((hi) => sc.mul(gy, hi)),
    b: gb,
    A: gb.map((g) => sc.mul(g, x)),
  };
}

/** θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ − α ∂L/∂θ for every parameter. */
export function update(p: MlpParams, g: Gradients, lr: Scalar): MlpParams {
  const step = (v: Scalar, gv: Scalar) => sc.sub(v, sc.mul(lr, gv));
  return {
    A: p.A.map((a, i) => step(a, g.A[i]!)),
    b: p.b.map((b, i) => step(b, g.b[i]!)),
    C: p.C.map((c, i) => step(c, g.C[i]!)),
    d: step(p.d, g.d),
  };
}

/** Every parameter, in the order A, b, C, d. */
export function values(p: MlpParams): Scalar[] {
  return [...p.A, ...p.b, ...p.C, p.d];
}

/** The parameters as one flat float list (A, b, C, d) and back, for finite differences. */
export function flatten(p: MlpParams): number[] {
  return values(p).map(sc.toNumber);
}

export function unflatten(v: readonly number[], k: number): MlpParams {
  return { A: v.slice(0, k), b: v.slice(k, 2 * k), C: v.slice(2 * k, 3 * k), d: v[3 * k] as number };
}

export function toFloatParams(p: MlpParams): MlpParams {
  return unflatten(flatten(p), p.A.length);
}

/** The largest bit length of a numerator or denominator among exact parameters. */
export function exactBits(p: MlpParams): number {
  let bits = 0;
  for (const v of values(p)) {
    bits = Math.max(bits, sc.exactBits(v));
  }
  return bits;
}

export interface Descent {
  /** The loss after each step. */
  losses: Scalar[];
  /** The parameters after the last step. */
  final: MlpParams;
  /** Set when exact fractions grew past MAX_EXACT_BITS: the steps after this many went on in float64. */
  floatAfter?: number;
}

/**
 * descend's steps once every parameter is a float64 number: the same operations in the same order as
 * forward, gradients and update do on numbers (so the same bits), in arrays updated in place instead of a
 * new object per step. The loss after each step is pushed onto `losses`.
 */
function descendFloat(
  p: MlpParams,
  given: { x: Scalar; y: Scalar; lr: Scalar },
  act: Activation,
  loss: LossKind,
  steps: number,
  losses: Scalar[],
): MlpParams {
  const [x, y, lr] = [sc.toNumber(given.x), sc.toNumber(given.y), sc.toNumber(given.lr)];
  const [A, b, C] = [p.A, p.b, p.C].map((v) => Float64Array.from(v as number[])) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  let d = p.d as number;
  const k = A.length;
  const [h, dh] = [new Float64Array(k), new Float64Array(k)];
  /** y_pred, with h and σ′ filled in (forward's order: the sum over units in turn). */
  const predict = () => {
    let yPred = d;
    for (let i = 0; i < k; i++) {
      const z = (A[i] as number) * x + (b[i] as number);
      h[i] = sc.toNumber(act.f(z));
      dh[i] = sc.toNumber(act.df(z));
      yPred += (C[i] as number) * (h[i] as number);
    }
    return yPred;
  };
  let yPred = predict();
  for (let s = 0; s < steps; s++) {
    const diff = yPred - y;
    const gy = loss === "squared" ? 2 * diff : diff;
    for (let i = 0; i < k; i++) {
      const gb = gy * ((C[i] as number) * (dh[i] as number));
      const gC = gy * (h[i] as number);
      A[i] = (A[i] as number) - lr * (gb * x);
      b[i] = (b[i] as number) - lr * gb;
      C[i] = (C[i] as number) - lr * gC;
    }
    d -= lr * gy;
    yPred = predict();
    const sq = (y - yPred) * (y - yPred);
    losses.push(loss === "squared" ? sq : 0.5 * sq);
  }
  return { A: Array.from(A), b: Array.from(b), C: Array.from(C), d };
}

/**
 * `steps` gradient-descent steps θ ← θ − α∇L(θ) from p. Exact while every
 * parameter's numerator and denominator stay within MAX_EXACT_BITS; past
 * that the remaining steps are float64 (fractions double in size each step).
 */
export function descend(
  p: MlpParams,
  x: Scalar,
  y: Scalar,
  act: Activation,
  loss: LossKind,
  lr: Scalar,
  steps: number,
): Descent {
  let current = p;
  let floatAfter: number | undefined;
  const losses: Scalar[] = [];
  // the forward pass that gave a step's loss is the next step's: computed once, not twice
  let f: Forward | undefined;
  for (let s = 0; s < steps; s++) {
    if (s > 0 && floatAfter === undefined && sc.isExact(current.d) && exactBits(current) > sc.MAX_EXACT_BITS) {
      current = toFloatParams(current);
      floatAfter = s;
      f = undefined;
    }
    if (values(current).every((v) => typeof v === "number")) {
      current = descendFloat(current, { x, y, lr }, act, loss, steps - s, losses);
      break;
    }
    f ??= forward(current, x, y, act, loss);
    current = update(current, gradients(current, x, y, f, loss), lr);
    f = forward(current, x, y, act, loss);
    losses.push(f.loss);
  }
  return { losses, final: current, ...(floatAfter === undefined ? {} : { floatAfter }) };
}
