// Ridge regression, argmin ‖Ax − b‖² + λ‖x‖², and what λ does to A's
// singular values. Exact on fractions (Gaussian elimination), else float64
// Cholesky; the SVD is always float64.
import type { Matrix, Svd } from "./linalg.js";
import * as la from "./linalg.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export interface RidgeSolve {
  lambda: Scalar;
  x: Scalar[];
  /** ‖Ax − b‖² */
  residual: Scalar;
  /** λ‖x‖² */
  penalty: Scalar;
  objective: Scalar;
  /** How x was found, for the reader. */
  method: string;
}

/**
 * Float64 ridge: Cholesky of AᵀA + λI, or of AAᵀ + λI (x = Aᵀ(AAᵀ + λI)⁻¹b)
 * when p > n and λ > 0; null when singular.
 */
function solveFloat(
  A: Matrix,
  b: readonly Scalar[],
  G: Matrix,
  Atb: Scalar[],
  lambda: number,
): { x: number[]; method: string } | null {
  const n = A.length;
  const p = A[0]!.length;
  if (p > n && lambda > 0) {
    const K = la.addDiagonal(la.gram(la.transpose(A)), lambda) as number[][];
    const L = la.cholesky(K);
    if (!L) return null;
    const w = la.choleskySolve(L, b as number[]);
    return {
      x: la.transposeTimes(A, w) as number[],
      method: `p = ${p} > n = ${n}: solved the n × n system x = Aᵀ(AAᵀ + λI)⁻¹b by Cholesky (the same x, cheaper)`,
    };
  }
  const L = la.cholesky(la.addDiagonal(G, lambda) as number[][]);
  if (!L) return null;
  return { x: la.choleskySolve(L, Atb as number[]), method: "AᵀA + λI solved by Cholesky in float64" };
}

/**
 * x = (AᵀA + λI)⁻¹Aᵀb with the objective's two terms, given G = AᵀA and
 * Aᵀb; exact by elimination when `exact`. Null when AᵀA + λI is singular.
 */
export function ridgeSolve(
  A: Matrix,
  b: readonly Scalar[],
  G: Matrix,
  Atb: Scalar[],
  lambda: Scalar,
  exact: boolean,
): RidgeSolve | null {
  let xs: Scalar[];
  let method: string;
  if (exact) {
    const r = la.solveExact(la.addDiagonal(G, lambda), Atb);
    if (!r) return null;
    xs = r;
    method = "Gaussian elimination on exact fractions";
  } else {
    const r = solveFloat(A, b, G, Atb, sc.toNumber(lambda));
    if (!r) return null;
    xs = r.x;
    method = r.method;
  }
  return withObjective(A, b, lambda, xs, method);
}

/** A solution x at λ with the objective's two terms, ‖Ax − b‖² and λ‖x‖². */
export function withObjective(
  A: Matrix,
  b: readonly Scalar[],
  lambda: Scalar,
  xs: Scalar[],
  method: string,
  known?: Scalar,
): RidgeSolve {
  const residual = known ?? la.norm2Squared(la.matVec(A, xs).map((v, i) => sc.sub(v, b[i]!)));
  const penalty = sc.mul(lambda, la.norm2Squared(xs));
  return { lambda, x: xs, residual, penalty, objective: sc.add(residual, penalty), method };
}

/** ∇f(x) = 2AᵀAx − 2Aᵀb + 2λx, zero at the minimiser. */
export function ridgeGradient(G: Matrix, Atb: readonly Scalar[], lambda: Scalar, x: readonly Scalar[]): Scalar[] {
  return la.matVec(G, x).map((v, i) => sc.mul(sc.frac(2), sc.add(sc.sub(v, Atb[i]!), sc.mul(lambda, x[i]!))));
}

/** The numerical rank: singular values above max(n, p)·ε·σ_max. */
export function numericalRank(sigma: readonly number[], n: number, p: number): number {
  const tol = Math.max(n, p) * Number.EPSILON * (sigma[0] ?? 0);
  return sigma.filter((s) => s > tol).length;
}

/** σᵢ²/(σᵢ² + λ), the shrink factor of direction i (σᵢ is a float): 1 when σ = λ = 0. */
export function shrinkFactor(s: number, lambda: Scalar): number {
  const l = sc.toNumber(lambda);
  const s2 = s * s;
  return s2 + l === 0 ? 1 : s2 / (s2 + l);
}

/** The condition numbers σ_max²/σ_min² of AᵀA and (σ_max² + λ)/(σ_min² + λ) of AᵀA + λI (∞ when singular). */
export function conditionNumbers(smax: number, smin: number, lambda: number): { before: number; after: number } {
  return {
    before: smin === 0 ? Infinity : (smax * smax) / (smin * smin),
    after: smin * smin + lambda === 0 ? Infinity : (smax * smax + lambda) / (smin * smin + lambda),
  };
}

/** x = Σᵢ vᵢ σᵢ/(σᵢ² + λ) uᵢᵀb: ridge through the SVD, in float64 (directions with σᵢ² + λ = 0 left out). */
export function svdSolve(dec: Svd, b: readonly Scalar[], lambda: number, p: number): number[] {
  return svdSolver(dec, b, p)(lambda);
}

/** uᵢᵀb for each left singular vector. */
const projections = (dec: Svd, b: readonly number[]): number[] =>
  dec.U.map((u) => u.reduce((acc, v, k) => acc + v * (b[k] as number), 0));

/** svdSolve for many λ: the uᵢᵀb once, then p·s multiply-adds per λ (a path of 800 λ needs no 800 factorisations). */
export function svdSolver(dec: Svd, b: readonly Scalar[], p: number): (lambda: number) => number[] {
  const Utb = projections(dec, b.map(sc.toNumber));
  const s = dec.sigma;
  return (lambda) => {
    // svdSolve's sum for each xⱼ, over the singular directions in order
    const x = new Array<number>(p).fill(0);
    s.forEach((sk, k) => {
      if (sk * sk + lambda === 0) return;
      const gain = sk / (sk * sk + lambda);
      const vk = dec.V[k] as number[];
      const ub = Utb[k] as number;
      for (let j = 0; j < p; j++) x[j] = (x[j] as number) + (vk[j] as number) * gain * ub;
    });
    return x;
  };
}

/**
 * ‖Ax − b‖² for ridge's x(λ) through the SVD, in O(s) a λ: Σᵢ (λ/(σᵢ² + λ))²(uᵢᵀb)² plus the part of b outside
 * A's range, ‖b − UUᵀb‖², found once. Every term is a square: nothing cancels.
 */
export function svdResidual(dec: Svd, b: readonly Scalar[]): (lambda: number) => number {
  const bf = b.map(sc.toNumber);
  const Utb = projections(dec, bf);
  const outside = bf.map((v, i) => dec.U.reduce((acc, u, k) => acc - (u[i] as number) * (Utb[k] as number), v));
  const rest = outside.reduce((acc, v) => acc + v * v, 0);
  return (lambda) =>
    dec.sigma.reduce((acc, sk, k) => {
      const keep = sk * sk + lambda === 0 ? 1 : lambda / (sk * sk + lambda);
      return acc + keep * keep * (Utb[k] as number) ** 2;
    }, rest);
}
