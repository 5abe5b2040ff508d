// Normalisation of one group of values — a batchnorm column (one feature
// over the batch) or a layernorm row (one sample over its features). The
// axis is the caller's: this sees only the group.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";
import type { VarianceKind } from "./stats.js";
import * as stats from "./stats.js";

export interface GroupStatistics {
  /** Σ xᵢ */
  total: Scalar;
  /** μ = (1/n) Σ xᵢ */
  mean: Scalar;
  /** xᵢ − μ */
  deviations: Scalar[];
  /** (xᵢ − μ)² */
  squares: Scalar[];
  /** Σ (xᵢ − μ)² */
  sumSquares: Scalar;
  /** n for the biased variance, n − 1 for the unbiased */
  divisor: number;
  /** σ² = Σ (xᵢ − μ)² / divisor */
  variance: Scalar;
  /** σ² + ε */
  shifted: Scalar;
}

/** μ, σ² and σ² + ε of one group, with the sums a worked solution shows. Unbiased needs n ≥ 2. */
export function groupStatistics(xs: readonly Scalar[], eps: Scalar, kind: VarianceKind): GroupStatistics {
  const total = stats.total(xs);
  const mean = sc.div(total, sc.frac(xs.length));
  const deviations = sc.mapScalars(xs, (x) => sc.sub(x, mean));
  const squares = sc.mapScalars(deviations, sc.square);
  const sumSquares = stats.total(squares);
  const divisor = kind === "biased" ? xs.length : xs.length - 1;
  const variance = sc.div(sumSquares, sc.frac(divisor));
  return { total, mean, deviations, squares, sumSquares, divisor, variance, shifted: sc.add(variance, eps) };
}

/** x̂ᵢ = (xᵢ − μ)/σ̂ with σ̂ = √(σ² + ε); the caller has refused σ² + ε = 0. */
export function normalized(deviations: readonly Scalar[], std: Scalar): Scalar[] {
  return sc.mapScalars(deviations, (d) => sc.div(d, std));
}

/** yᵢ = γᵢx̂ᵢ + βᵢ, with γ and β given per position (one value repeated for batchnorm's column). */
export function scaleShift(
  xhat: readonly Scalar[],
  gamma: (i: number) => Scalar,
  beta: (i: number) => Scalar,
): Scalar[] {
  return sc.mapScalars(xhat, (h, i) => sc.add(sc.mul(gamma(i), h), beta(i)));
}

/** One group's whole record: its statistics, σ̂ = √(σ² + ε), x̂ and y = γx̂ + β. */
export interface NormalizedGroup extends GroupStatistics {
  std: Scalar;
  xhat: Scalar[];
  y: Scalar[];
}

/** σ̂, x̂ and y from a group's statistics; the caller has refused σ² + ε = 0. */
export function normalizeGroup(
  st: GroupStatistics,
  gamma: (i: number) => Scalar,
  beta: (i: number) => Scalar,
): NormalizedGroup {
  const std = sc.sqrt(st.shifted);
  const xhat = normalized(st.deviations, std);
  const y = scaleShift(xhat, gamma, beta);
  // The fields listed rather than spread: V8 copies a spread of this many fields slowly, and a stream of
  // small problems builds one record per group.
  const { total, mean, deviations, squares, sumSquares, divisor, variance, shifted } = st;
  return { total, mean, deviations, squares, sumSquares, divisor, variance, shifted, std, xhat, y };
}
