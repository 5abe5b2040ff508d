// Batch statistics on scalars: exact for exact inputs, float64 otherwise.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

/**
 * Σ xᵢ. Exact when every xᵢ is; in float64 a compensated (Neumaier) sum, so a
 * long batch loses no more than a couple of ulps.
 */
export function total(xs: readonly Scalar[]): Scalar {
  if (xs.length > 0 && sc.allExact(xs)) return sc.sum(xs);
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = sc.toNumber(xs[i]!);
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** μ = (1/m) Σ xᵢ. Requires m ≥ 1. */
export function mean(xs: readonly Scalar[]): Scalar {
  return sc.div(total(xs), sc.frac(xs.length));
}

export type VarianceKind = "biased" | "unbiased";

/**
 * σ² = (1/m) Σ (xᵢ − μ)² — the biased (divide-by-m) variance that
 * training-mode batchnorm normalises with — or, for "unbiased", divide by
 * m − 1 (what PyTorch keeps as the running variance). Unbiased needs m ≥ 2.
 */
export function variance(xs: readonly Scalar[], mu: Scalar, kind: VarianceKind): Scalar {
  const squares = xs.map((x) => sc.square(sc.sub(x, mu)));
  const divisor = kind === "biased" ? xs.length : xs.length - 1;
  return sc.div(total(squares), sc.frac(divisor));
}

export function column(m: readonly (readonly Scalar[])[], j: number): Scalar[] {
  return m.map((row) => row[j]!);
}

/** The largest of a list of numbers, without spreading it into arguments (a million would overflow the stack). */
export function maxOf(values: Iterable<number>, start = 0): number {
  let m = start;
  for (const v of values) if (v > m) m = v;
  return m;
}
