// Backward passes through batch statistics, in O(m): never an m × m Jacobian.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";
import * as stats from "./stats.js";
import type { VarianceKind } from "./stats.js";

export interface DemeanBackward {
  /** (1/m) Σⱼ ∂L/∂yⱼ */
  meanDLdy: Scalar;
  /** ∂L/∂xᵢ = γ(∂L/∂yᵢ − (1/m) Σⱼ ∂L/∂yⱼ) */
  dLdx: Scalar[];
}

/** Backward pass of y = γ(x − μ): ∂L/∂xᵢ = γ(∂L/∂yᵢ − mean(∂L/∂y)). */
export function demeanBackward(dLdy: readonly Scalar[], gamma: Scalar): DemeanBackward {
  const meanDLdy = stats.mean(dLdy);
  return { meanDLdy, dLdx: dLdy.map((g) => sc.mul(gamma, sc.sub(g, meanDLdy))) };
}

export interface BatchnormBackward {
  /** ∂L/∂β = Σᵢ ∂L/∂yᵢ */
  beta: Scalar;
  /** ∂L/∂γ = Σᵢ ∂L/∂yᵢ x̂ᵢ */
  gamma: Scalar;
  /** ∂L/∂x̂ᵢ = γ ∂L/∂yᵢ */
  xhat: Scalar[];
  /** ∂L/∂σ² = −½ (σ² + ε)^(−3/2) Σᵢ ∂L/∂x̂ᵢ (xᵢ − μ) */
  variance: Scalar;
  /** ∂L/∂μ = −(1/σ̂) Σᵢ ∂L/∂x̂ᵢ (the σ² path adds ∂L/∂σ²·(−2/D)Σ(xᵢ − μ) = 0) */
  mean: Scalar;
  /** ∂L/∂xᵢ = ∂L/∂x̂ᵢ/σ̂ + ∂L/∂σ²·2(xᵢ − μ)/D + ∂L/∂μ/m, staged */
  x: Scalar[];
  /** The same from the compact form (γ/(mσ̂))(m ∂L/∂yᵢ − Σ ∂L/∂yⱼ − (m/D) x̂ᵢ Σ ∂L/∂yⱼ x̂ⱼ) */
  xCompact: Scalar[];
}

/**
 * Full batchnorm backward for one feature, through μ and σ², where
 * σ̂ = √(σ² + ε) and D = m (biased) or m − 1 (unbiased) divides the variance.
 */
export function batchnormBackward(
  x: readonly Scalar[],
  dLdy: readonly Scalar[],
  gamma: Scalar,
  mean: Scalar,
  std: Scalar,
  xhat: readonly Scalar[],
  kind: VarianceKind,
): BatchnormBackward {
  const m = x.length;
  const D = sc.frac(kind === "biased" ? m : m - 1);
  const mS = sc.frac(m);
  const dev = x.map((v) => sc.sub(v, mean));
  const dxhat = dLdy.map((g) => sc.mul(gamma, g));
  const std3 = sc.mul(std, sc.square(std));
  const variance = sc.mul(sc.div(sc.frac(-1, 2), std3), stats.total(dxhat.map((g, i) => sc.mul(g, dev[i] as Scalar))));
  const meanGrad = sc.neg(sc.div(stats.total(dxhat), std));
  const two = sc.frac(2);
  const dx = dxhat.map((g, i) =>
    sc.add(sc.add(sc.div(g, std), sc.div(sc.mul(sc.mul(variance, two), dev[i] as Scalar), D)), sc.div(meanGrad, mS)),
  );
  const sumDy = stats.total(dLdy);
  const sumDyXhat = stats.total(dLdy.map((g, i) => sc.mul(g, xhat[i] as Scalar)));
  const scale = sc.div(gamma, sc.mul(mS, std));
  const ratio = sc.div(mS, D);
  const xCompact = dLdy.map((g, i) =>
    sc.mul(scale, sc.sub(sc.sub(sc.mul(mS, g), sumDy), sc.mul(ratio, sc.mul(xhat[i] as Scalar, sumDyXhat)))),
  );
  return { beta: sumDy, gamma: sumDyXhat, xhat: dxhat, variance, mean: meanGrad, x: dx, xCompact };
}
