// Softmax and cross-entropy for one sample (a row of logits), in float64:
// e^z is irrational for every rational z ≠ 0, so nothing here is exact.

/** One sample's softmax, computed with the maximum subtracted. */
export interface SoftmaxRow {
  /** max over k of zₖ */
  max: number;
  /** zₖ − max (all ≤ 0, so e^(zₖ − max) ≤ 1 never overflows) */
  shifted: number[];
  /** e^(zₖ − max) */
  exps: number[];
  /** Σₖ e^(zₖ − max) (≥ 1: the max contributes e⁰) */
  sum: number;
  /** pₖ = e^(zₖ − max) / Σ */
  p: number[];
  /** log Σₖ e^(zₖ) = max + log Σₖ e^(zₖ − max) */
  logSumExp: number;
}

/**
 * pₖ = e^(zₖ)/Σⱼ e^(zⱼ), computed as e^(zₖ − m)/Σⱼ e^(zⱼ − m) with m = max z:
 * the same p (the factor e^(−m) cancels), and no e^z ever overflows.
 * Requires at least one logit.
 */
export function softmaxRow(z: readonly number[]): SoftmaxRow {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  const shifted = z.map((v) => v - max);
  const exps = shifted.map(Math.exp);
  let sum = 0;
  for (const e of exps) sum += e;
  return { max, shifted, exps, sum, p: exps.map((e) => e / sum), logSumExp: max + Math.log(sum) };
}

/** L = −Σₖ yₖ log pₖ = logsumexp(z) − Σₖ yₖ zₖ (the second form needs no log of a tiny pₖ); y sums to 1. */
export function crossEntropy(z: readonly number[], y: readonly number[], logSumExp: number): number {
  let dot = 0;
  let total = 0;
  for (let k = 0; k < z.length; k++) {
    dot += (y[k] as number) * (z[k] as number);
    total += y[k] as number;
  }
  return total * logSumExp - dot;
}

/** ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), the softmax Jacobian (K × K, symmetric). */
export function softmaxJacobian(p: readonly number[]): number[][] {
  return p.map((pi, i) => p.map((pj, j) => pi * ((i === j ? 1 : 0) - pj)));
}

/** ∂L/∂zₖ = (pₖ − yₖ)·scale (scale 1/N for a mean over N samples). */
export function crossEntropyGradient(p: readonly number[], y: readonly number[], scale = 1): number[] {
  return p.map((pk, k) => (pk - (y[k] as number)) * scale);
}

/**
 * Softmax as e^(zₖ)/Σⱼ e^(zⱼ) with nothing subtracted, the loss −log p_target and the gradient p − y: what a
 * student's code gives. In float64 e^z overflows to ∞ past z ≈ 709.78 (∞/∞ is NaN) and underflows to 0 below
 * about −745 (0/0 is NaN); for moderate logits it agrees with softmaxRow to rounding.
 */
export function naiveSoftmax(
  z: readonly number[],
  y: readonly number[],
): { p: number[]; loss: number; grad: number[] } {
  const exps = z.map(Math.exp);
  let sum = 0;
  for (const e of exps) sum += e;
  const p = exps.map((e) => e / sum);
  let loss = 0;
  for (let k = 0; k < p.length; k++) if ((y[k] as number) !== 0) loss -= (y[k] as number) * Math.log(p[k] as number);
  return { p, loss, grad: p.map((pk, k) => pk - (y[k] as number)) };
}
