// Backward passes through batch statistics, in O(m): never an m × m Jacobian.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";
import type { VarianceKind } from "./stats.js";
import * as stats from "./stats.js";

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

/**
 * The entries of ∂yⱼ/∂xᵢ for y = γ(x − μ): γ(1 − 1/m) on the diagonal,
 * −γ/m off it.
 */
export function demeanJacobianEntries(gamma: Scalar, m: number): { diagonal: Scalar; offDiagonal: Scalar } {
  const mS = sc.frac(m);
  return {
    diagonal: sc.mul(gamma, sc.sub(sc.frac(1), sc.div(sc.frac(1), mS))),
    offDiagonal: sc.neg(sc.div(gamma, mS)),
  };
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
 *
 * σ̂ is usually irrational while everything under it is not, so each result
 * is computed as (exact bracket)/σ̂: the bracket keeps its exact zeros (a
 * constant ∂L/∂y gives ∂L/∂x = 0 exactly, not −1e−16).
 */
export function batchnormBackward(
  x: readonly Scalar[],
  dLdy: readonly Scalar[],
  gamma: Scalar,
  mean: Scalar,
  shifted: Scalar,
  std: Scalar,
  kind: VarianceKind,
): BatchnormBackward {
  const m = x.length;
  const D = sc.frac(kind === "biased" ? m : m - 1);
  const mS = sc.frac(m);
  const dev = x.map((v) => sc.sub(v, mean));
  const dxhat = dLdy.map((g) => sc.mul(gamma, g));
  // Σ ∂L/∂x̂ᵢ(xᵢ − μ) and Σ ∂L/∂yᵢ(xᵢ − μ): exact for exact inputs
  const sumGDev = stats.total(dxhat.map((g, i) => sc.mul(g, dev[i]!)));
  const sumDyDev = stats.total(dLdy.map((g, i) => sc.mul(g, dev[i]!)));
  const sumG = stats.total(dxhat);
  const sumDy = stats.total(dLdy);
  // −½(σ² + ε)^(−3/2) Σ ∂L/∂x̂ᵢ(xᵢ − μ) = −Σ(…)/(2(σ² + ε)σ̂)
  const variance = sc.div(sc.neg(sumGDev), sc.mul(sc.mul(sc.frac(2), shifted), std));
  const meanGrad = sc.neg(sc.div(sumG, std));
  // staged: ∂L/∂x̂ᵢ/σ̂ + ∂L/∂σ²·2(xᵢ − μ)/D + ∂L/∂μ/m = (∂L/∂x̂ᵢ − Σ(…)(xᵢ − μ)/((σ² + ε)D) − Σ∂L/∂x̂/m)/σ̂
  const dx = dxhat.map((g, i) =>
    sc.div(sc.sub(sc.sub(g, sc.div(sc.mul(sumGDev, dev[i]!), sc.mul(shifted, D))), sc.div(sumG, mS)), std),
  );
  // compact: (γ/(mσ̂))(m ∂L/∂yᵢ − Σ∂L/∂y − (m/D) x̂ᵢ Σ∂L/∂yⱼx̂ⱼ),
  // with x̂ᵢ Σ∂L/∂yⱼx̂ⱼ = (xᵢ − μ)Σ∂L/∂yⱼ(xⱼ − μ)/(σ² + ε)
  const ratio = sc.div(mS, D);
  const scale = sc.div(gamma, sc.mul(mS, std));
  const xCompact = dLdy.map((g, i) =>
    sc.mul(scale, sc.sub(sc.sub(sc.mul(mS, g), sumDy), sc.mul(ratio, sc.div(sc.mul(dev[i]!, sumDyDev), shifted)))),
  );
  return { beta: sumDy, gamma: sc.div(sumDyDev, std), xhat: dxhat, variance, mean: meanGrad, x: dx, xCompact };
}
