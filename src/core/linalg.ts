// Linear algebra for ridge regression: exact on fractions for small rational
// problems, float64 (Cholesky, Householder QR, one-sided Jacobi SVD) otherwise.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export type Matrix = Scalar[][];

export function transpose<T>(m: readonly (readonly T[])[]): T[][] {
  const rows = m.length;
  const cols = (m[0] ?? []).length;
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => (m[i] as T[])[j] as T));
}

/** True when every entry is a float64 number (so the fast loops apply). */
function allFloat(m: readonly (readonly Scalar[])[]): boolean {
  return m.every((r) => r.every((v) => typeof v === "number"));
}

/** AᵀA (p × p). Exact for exact A; for float A a cache-friendly row-by-row accumulation of the upper triangle. */
export function gram(A: Matrix): Matrix {
  const p = (A[0] ?? []).length;
  if (allFloat(A)) {
    const G = new Float64Array(p * p);
    for (const row of A as number[][]) {
      for (let j = 0; j < p; j++) {
        const aj = row[j] as number;
        if (aj === 0) continue;
        const off = j * p;
        for (let k = j; k < p; k++) G[off + k] = (G[off + k] as number) + aj * (row[k] as number);
      }
    }
    return Array.from({ length: p }, (_, j) =>
      Array.from({ length: p }, (_, k) => (j <= k ? G[j * p + k] : G[k * p + j]) as number),
    );
  }
  const At = transpose(A);
  return At.map((cj) => At.map((ck) => dot(cj, ck)));
}

export function dot(a: readonly Scalar[], b: readonly Scalar[]): Scalar {
  if (a.every((v) => typeof v === "number") && b.every((v) => typeof v === "number")) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
    return s;
  }
  let s: Scalar = sc.frac(0);
  for (let i = 0; i < a.length; i++) s = sc.add(s, sc.mul(a[i]!, b[i]!));
  return s;
}

/** M v */
export function matVec(M: Matrix, v: readonly Scalar[]): Scalar[] {
  return M.map((row) => dot(row, v));
}

/** Aᵀ v without forming Aᵀ. */
export function transposeTimes(A: Matrix, v: readonly Scalar[]): Scalar[] {
  const p = (A[0] ?? []).length;
  if (allFloat(A) && v.every((x) => typeof x === "number")) {
    const out = new Float64Array(p);
    A.forEach((row, i) => {
      const vi = v[i] as number;
      for (let j = 0; j < p; j++) out[j] = (out[j] as number) + (row[j] as number) * vi;
    });
    return Array.from(out);
  }
  return transpose(A).map((col) => dot(col, v));
}

/** M + λI */
export function addDiagonal(M: Matrix, lambda: Scalar): Matrix {
  return M.map((row, i) => row.map((v, j) => (i === j ? sc.add(v, lambda) : v)));
}

/**
 * Solves M x = v by Gaussian elimination on exact fractions (any nonzero
 * pivot is exact). Returns null when M is singular.
 */
export function solveExact(M: Matrix, v: readonly Scalar[]): Scalar[] | null {
  const n = M.length;
  const a = M.map((row, i) => [...row, v[i]!]);
  for (let col = 0; col < n; col++) {
    const pivot = a.findIndex((row, r) => r >= col && !sc.isZero(row[col]!));
    if (pivot < 0) return null;
    [a[col], a[pivot]] = [a[pivot] as Scalar[], a[col] as Scalar[]];
    const prow = a[col] as Scalar[];
    const pv = prow[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] as Scalar[];
      const factor = sc.div(row[col]!, pv);
      if (sc.isZero(factor)) continue;
      for (let c = col; c <= n; c++) row[c] = sc.sub(row[c]!, sc.mul(factor, prow[c]!));
    }
  }
  return a.map((row, i) => sc.div(row[n]!, row[i]!));
}

/** Cholesky factor L (lower, M = LLᵀ) of a symmetric matrix, or null when it is not positive definite. */
export function cholesky(M: readonly (readonly number[])[]): Float64Array[] | null {
  const n = M.length;
  const L = Array.from({ length: n }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    const Lj = L[j] as Float64Array;
    let s = (M[j] as number[])[j] as number;
    for (let k = 0; k < j; k++) s -= (Lj[k] as number) ** 2;
    if (!(s > 0)) return null;
    const d = Math.sqrt(s);
    Lj[j] = d;
    for (let i = j + 1; i < n; i++) {
      const Li = L[i] as Float64Array;
      let t = (M[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) t -= (Li[k] as number) * (Lj[k] as number);
      Li[j] = t / d;
    }
  }
  return L;
}

/** Solves LLᵀ x = v by forward and back substitution. */
export function choleskySolve(L: Float64Array[], v: readonly number[]): number[] {
  const n = L.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const Li = L[i] as Float64Array;
    let s = v[i] as number;
    for (let k = 0; k < i; k++) s -= (Li[k] as number) * (y[k] as number);
    y[i] = s / (Li[i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((L[k] as Float64Array)[i] as number) * (x[k] as number);
    x[i] = s / ((L[i] as Float64Array)[i] as number);
  }
  return Array.from(x);
}

export interface Svd {
  /** Singular values, largest first: min(n, p) of them. */
  sigma: number[];
  /** Left singular vectors as columns u_i (n entries each), one per σᵢ. */
  U: number[][];
  /** Right singular vectors as columns v_i (p entries each), one per σᵢ. */
  V: number[][];
}

/**
 * Thin SVD of A (n × p) in float64: Householder QR of the tall orientation,
 * then one-sided Jacobi on the small square R. Singular values come from A
 * itself, never from the eigenvalues of AᵀA (which would square the
 * condition number and lose the small σᵢ).
 */
export function svd(A: readonly (readonly number[])[]): Svd {
  // Scaled by a power of two near the largest |aᵢⱼ| (exact, so the scaling loses nothing): squares of
  // entries near 1e-170 or 1e170 would underflow or overflow inside the rotations.
  let largest = 0;
  for (const row of A) for (const a of row) largest = Math.max(largest, Math.abs(a));
  const scale = largest === 0 ? 1 : 2 ** Math.round(Math.log2(largest));
  const scaled = scale === 1 ? A : A.map((row) => row.map((a) => a / scale));
  const r = unscaledSvd(scaled);
  return scale === 1 ? r : { ...r, sigma: r.sigma.map((s) => s * scale) };
}

function unscaledSvd(A: readonly (readonly number[])[]): Svd {
  const n = A.length;
  const p = (A[0] ?? []).length;
  if (n >= p) {
    const { U, sigma, V } = tallSvd(A);
    return { sigma, U, V };
  }
  // A = (Aᵀ)ᵀ: the left and right vectors swap.
  const { U, sigma, V } = tallSvd(transpose(A) as number[][]);
  return { sigma, U: V, V: U };
}

/** SVD of a tall matrix B (m × k, m ≥ k): B = QR, R = Ũ Σ Vᵀ, so B = (QŨ) Σ Vᵀ. */
function tallSvd(B: readonly (readonly number[])[]): Svd {
  const m = B.length;
  const k = (B[0] ?? []).length;
  // Householder QR, column-major copy.
  const cols = Array.from({ length: k }, (_, j) => Float64Array.from(B, (row) => row[j] as number));
  const reflectors: Array<{ v: Float64Array; start: number }> = [];
  for (let j = 0; j < k; j++) {
    const cj = cols[j] as Float64Array;
    let norm = 0;
    for (let i = j; i < m; i++) norm += (cj[i] as number) ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m - j);
    if (norm === 0) {
      reflectors.push({ v, start: j });
      continue;
    }
    const alpha = (cj[j] as number) > 0 ? -norm : norm;
    for (let i = j; i < m; i++) v[i - j] = cj[i] as number;
    v[0] = (v[0] as number) - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += (v[i] as number) ** 2;
    if (vv > 0) {
      for (let c = j; c < k; c++) {
        const cc = cols[c] as Float64Array;
        let s = 0;
        for (let i = j; i < m; i++) s += (v[i - j] as number) * (cc[i] as number);
        const f = (2 * s) / vv;
        for (let i = j; i < m; i++) cc[i] = (cc[i] as number) - f * (v[i - j] as number);
      }
    }
    reflectors.push({ v, start: j });
  }
  // R (k × k, upper) as rows.
  const R = Array.from({ length: k }, (_, i) =>
    Float64Array.from({ length: k }, (_, j) => (j >= i ? ((cols[j] as Float64Array)[i] as number) : 0)),
  );
  const { W, V } = jacobi(R);
  const order = Array.from({ length: k }, (_, j) => j);
  const norms = order.map((j) => {
    let s = 0;
    for (const w of W[j] as Float64Array) s += w ** 2;
    return Math.sqrt(s);
  });
  order.sort((a, b) => (norms[b] as number) - (norms[a] as number));
  const sigma = order.map((j) => norms[j] as number);
  // Ũ columns = W columns / σ; U = Q Ũ, applying the reflectors in reverse.
  const U = order.map((j) => {
    const s = norms[j] as number;
    const wj = W[j] as Float64Array;
    const u = new Float64Array(m);
    for (let i = 0; i < k; i++) u[i] = s > 0 ? (wj[i] as number) / s : 0;
    for (let r = reflectors.length - 1; r >= 0; r--) {
      const { v, start } = reflectors[r] as { v: Float64Array; start: number };
      let vv = 0;
      let dotp = 0;
      for (let i = 0; i < v.length; i++) {
        vv += (v[i] as number) ** 2;
        dotp += (v[i] as number) * (u[start + i] as number);
      }
      if (vv === 0) continue;
      const f = (2 * dotp) / vv;
      for (let i = 0; i < v.length; i++) u[start + i] = (u[start + i] as number) - f * (v[i] as number);
    }
    return Array.from(u);
  });
  const Vcols = order.map((j) => Array.from(V[j] as Float64Array));
  return { sigma, U, V: Vcols };
}

/**
 * One-sided Jacobi: rotates the columns of R (k × k) until they are
 * mutually orthogonal, R V = W. The column norms of W are the singular values.
 * W and V are returned as their columns: every loop runs down a column, so the
 * matrices are stored that way (a column a Float64Array; rows made a 400 × 400
 * SVD jump between 400 arrays at each step of its inner loops).
 */
function jacobi(R: Float64Array[]): { W: Float64Array[]; V: Float64Array[] } {
  const k = R.length;
  const W = Array.from({ length: k }, (_, j) => Float64Array.from(R, (row) => row[j] as number));
  const V = Array.from({ length: k }, (_, j) => Float64Array.from({ length: k }, (_, i) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let a = 0; a < k - 1; a++) {
      for (let b = a + 1; b < k; b++) {
        const wa = W[a] as Float64Array;
        const wb = W[b] as Float64Array;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < k; i++) {
          const x = wa[i] as number;
          const y = wb[i] as number;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(wa, wb, c, s);
        rotateColumns(V[a] as Float64Array, V[b] as Float64Array, c, s);
      }
    }
    if (!rotated) break;
  }
  return { W, V };
}

/** Columns x and y turned by the rotation (c, s): x ← cx − sy, y ← sx + cy. */
function rotateColumns(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    x[i] = c * a - s * b;
    y[i] = s * a + c * b;
  }
}

export function norm2Squared(v: readonly Scalar[]): Scalar {
  return dot(v, v);
}

/**
 * The eigenvalues of a symmetric matrix, largest first (cyclic Jacobi
 * rotations, in float64). The caller has checked H = Hᵀ.
 */
export function symmetricEigenvalues(H: readonly (readonly number[])[]): number[] {
  const n = H.length;
  const a = H.map((row) => Float64Array.from(row));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p]?.[q] as number) ** 2;
    if (off < 1e-30 * Math.max(1e-300, frobeniusSquared(a))) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, p, q);
    }
  }
  return a.map((row, i) => row[i] as number).sort((x, y) => y - x);
}

function frobeniusSquared(a: Float64Array[]): number {
  let s = 0;
  for (const row of a) for (const v of row) s += v * v;
  return s;
}

/** One Jacobi rotation zeroing a[p][q] (and a[q][p]). */
function rotate(a: Float64Array[], p: number, q: number): void {
  const rp = a[p] as Float64Array;
  const rq = a[q] as Float64Array;
  const apq = rp[q] as number;
  if (apq === 0) return;
  const theta = ((rq[q] as number) - (rp[p] as number)) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < a.length; k++) {
    const rk = a[k] as Float64Array;
    const akp = rk[p] as number;
    const akq = rk[q] as number;
    rk[p] = c * akp - s * akq;
    rk[q] = s * akp + c * akq;
  }
  for (let k = 0; k < a.length; k++) {
    const apk = rp[k] as number;
    const aqk = rq[k] as number;
    rp[k] = c * apk - s * aqk;
    rq[k] = s * apk + c * aqk;
  }
}

/** A·B in float64 (an RNN's running product of step Jacobians, whose norms are all it is for). */
export function floatProduct(A: readonly (readonly number[])[], B: readonly (readonly number[])[]): number[][] {
  const cols = (B[0] ?? []).length;
  return A.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let k = 0; k < row.length; k++) {
      const a = row[k] as number;
      const bk = B[k] as readonly number[];
      for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + a * (bk[j] as number);
    }
    return out;
  });
}
