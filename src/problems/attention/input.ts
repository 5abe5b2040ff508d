import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { matrixFromJson, parseMatrix } from "../../input/values.js";
import { MAX_ATTENTION_SCORES, MAX_ATTENTION_WORK } from "../../limits.js";

export interface AttentionInput {
  symbolic: boolean;
  Q: Scalar[][];
  K: Scalar[][];
  V: Scalar[][];
  /** allowed[i][j]: query i may attend to key j */
  allowed: boolean[][];
  mask: "none" | "causal" | "matrix";
  scale: Scalar;
  scaleGiven: boolean;
  /** softmax (default), or sum: weights = scores / row sum, the simplified attention some texts start from. */
  normalize: "softmax" | "sum";
  /** Q = XW_Q, K = XW_K, V = XW_V when X is given. */
  projections?: { X: Scalar[][]; WQ: Scalar[][]; WK: Scalar[][]; WV: Scalar[][] };
  /** Heads: d split into equal column blocks, each head attending on its own; outputs concatenated, times W_O. */
  heads: number;
  WO?: Scalar[][];
}

function maskOf(fields: Fields, n: number, m: number): Pick<AttentionInput, "allowed" | "mask"> {
  const raw = fields.rawValue("mask");
  if (!raw) return { allowed: Array.from({ length: n }, () => Array(m).fill(true)), mask: "none" };
  if (raw.value === "causal") {
    if (n !== m) throw fieldError(raw.label, `causal needs as many queries as keys (n = ${n}, m = ${m})`);
    return {
      allowed: Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => j <= i)),
      mask: "causal",
    };
  }
  const M =
    raw.json && typeof raw.value !== "string"
      ? matrixFromJson(raw.value, raw.label)
      : parseMatrix(String(raw.value), raw.label);
  if (M.length !== n || M[0]!.length !== m) {
    throw fieldError(raw.label, `is ${M.length} × ${M[0]!.length}, the scores are ${n} × ${m} (queries × keys)`);
  }
  const allowed = M.map((row, i) =>
    row.map((v, j) => {
      const x = sc.toNumber(v);
      if (x !== 0 && x !== 1)
        throw fieldError(
          `${raw.label}[${i + 1}][${j + 1}]`,
          "must be 1 (may attend) or 0 (masked), or the whole mask causal",
        );
      return x === 1;
    }),
  );
  return { allowed, mask: "matrix" };
}

export function validate(fields: Fields): AttentionInput {
  const normalize = (fields.choice("normalize") ?? "softmax") as "softmax" | "sum";
  if (!["Q", "K", "V", "X"].some((f) => fields.has(f))) {
    return {
      symbolic: true,
      Q: [],
      K: [],
      V: [],
      allowed: [],
      mask: "none",
      scale: 1,
      scaleGiven: false,
      normalize,
      heads: 1,
    };
  }
  const projections = projectionsOf(fields);
  refuseBeyondLimits(fields, projections);
  const Q = projections ? mm(projections.X, projections.WQ) : fields.requireMatrix("Q");
  const K = projections ? mm(projections.X, projections.WK) : fields.requireMatrix("K");
  const V = projections ? mm(projections.X, projections.WV) : fields.requireMatrix("V");
  const heads = fields.count("heads") ?? 1;
  const dq = Q[0]!.length;
  if (K[0]!.length !== dq) {
    throw fieldError(fields.label("K"), `has ${K[0]!.length} columns, Q has ${dq}: queries and keys need the same d`);
  }
  if (V.length !== K.length)
    throw fieldError(fields.label("V"), `has ${V.length} rows, K has ${K.length}: one value per key`);
  const { allowed, mask } = maskOf(fields, Q.length, K.length);
  allowed.forEach((row, i) => {
    if (!row.some((a) => a))
      throw fieldError(fields.label("mask"), `row ${i + 1} masks every key: query ${i + 1} attends to nothing`);
  });
  const given = fields.number("scale");
  if (dq % heads !== 0 || V[0]!.length % heads !== 0)
    throw fieldError(fields.label("heads"), `${heads} heads must divide d = ${dq} (and V's ${V[0]!.length} columns)`);
  const WO = fields.matrix("WO");
  if (WO && WO.length !== V[0]!.length)
    throw fieldError(fields.label("WO"), `has ${WO.length} rows; the concatenated heads have ${V[0]!.length} columns`);
  if (normalize === "sum" && heads > 1) throw fieldError(fields.label("normalize"), "sum is for one head");
  return {
    symbolic: false,
    Q,
    K,
    V,
    allowed,
    mask,
    scale: given ?? sc.div(sc.frac(1), sc.sqrt(sc.frac(dq / heads))),
    scaleGiven: given !== undefined,
    normalize,
    ...(projections ? { projections } : {}),
    heads,
    ...(WO ? { WO } : {}),
  };
}

/** The work limits (README: limits), from the shapes alone: nothing is multiplied before they pass. */
function refuseBeyondLimits(fields: Fields, projections: AttentionInput["projections"]): void {
  const cols = (M: readonly Scalar[][] | undefined) => (M?.[0] ?? []).length;
  let n: number;
  let m: number;
  let d: number;
  let dv: number;
  let work = 0;
  if (projections) {
    const { X, WQ, WK, WV } = projections;
    [n, m, d, dv] = [X.length, X.length, cols(WQ), cols(WV)];
    work = X.length * cols(X) * (cols(WQ) + cols(WK) + cols(WV));
  } else {
    const [Q, K, V] = [fields.requireMatrix("Q"), fields.requireMatrix("K"), fields.requireMatrix("V")];
    [n, m, d, dv] = [Q.length, K.length, cols(Q), cols(V)];
  }
  const label = fields.label(projections ? "X" : "Q");
  if (n * m > MAX_ATTENTION_SCORES)
    throw fieldError(
      label,
      `${n} queries × ${m} keys make ${n * m} scores, more than the ${MAX_ATTENTION_SCORES} allowed`,
    );
  work += n * m * (d + dv);
  if (work > MAX_ATTENTION_WORK)
    throw fieldError(
      label,
      `${work} multiply-adds, more than the ${MAX_ATTENTION_WORK} allowed (n·m·(d + d_v) and X's projections)`,
    );
}

/** A × B for exact matrices. */
export const mm = (A: Scalar[][], B: Scalar[][]): Scalar[][] =>
  A.map((row) => B[0]!.map((_, j) => sc.sum(row.map((a, k) => sc.mul(a, B[k]![j]!)))));

/** X with W_Q, W_K, W_V instead of Q, K, V: each projection's shape checked against X. */
export function projectionsOf(fields: Fields): AttentionInput["projections"] {
  if (!fields.has("X")) {
    for (const w of ["WQ", "WK", "WV"])
      if (fields.has(w)) throw fields.missing("X", "the tokens the projections act on");
    return undefined;
  }
  for (const q of ["Q", "K", "V"])
    if (fields.has(q)) throw fieldError(fields.label(q), "is computed from X: give X with WQ, WK, WV, or Q, K, V");
  const X = fields.requireMatrix("X");
  const d = X[0]!.length;
  const W = (name: string) => {
    const M = fields.requireMatrix(name);
    if (M.length !== d)
      throw fieldError(fields.label(name), `has ${M.length} rows; X has ${d} columns (XW needs them equal)`);
    return M;
  };
  return { X, WQ: W("WQ"), WK: W("WK"), WV: W("WV") };
}
