// attention: scaled dot-product attention, softmax(QKᵀ·scale)V, entry by
// entry, with causal or explicit masks.
import type { Chart } from "../chart.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { softmaxRow } from "../core/softmax.js";
import { fieldError, InputError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { matrixFromJson, parseMatrix } from "../input/values.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step, type Value } from "../solution.js";
import { ix, lettered, matrixText, subscriptDigits } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

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

/** A × B for exact matrices. */
const mm = (A: Scalar[][], B: Scalar[][]): Scalar[][] =>
  A.map((row) =>
    (B[0] as Scalar[]).map((_, j) => sc.sum(row.map((a, k) => sc.mul(a, (B[k] as Scalar[])[j] as Scalar)))),
  );

/** Worked entries of S are shown one by one up to this many. */
const WORKED_SCORES = 4;

const Qs = F.sym("Q");
const Ks = F.sym("K");
const Vs = F.sym("V");
const A = F.sym("A");
const O = F.sym("O");
const T = F.sym("T");
const Sm = F.sym("S");
const d = F.sym("d");

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
  if (M.length !== n || (M[0] as Scalar[]).length !== m) {
    throw fieldError(
      raw.label,
      `is ${M.length} × ${(M[0] as Scalar[]).length}, the scores are ${n} × ${m} (queries × keys)`,
    );
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

function validate(fields: Fields): AttentionInput {
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
  const Q = projections ? mm(projections.X, projections.WQ) : fields.requireMatrix("Q");
  const K = projections ? mm(projections.X, projections.WK) : fields.requireMatrix("K");
  const V = projections ? mm(projections.X, projections.WV) : fields.requireMatrix("V");
  const heads = fields.count("heads") ?? 1;
  const dq = (Q[0] as Scalar[]).length;
  if ((K[0] as Scalar[]).length !== dq) {
    throw fieldError(
      fields.label("K"),
      `has ${(K[0] as Scalar[]).length} columns, Q has ${dq}: queries and keys need the same d`,
    );
  }
  if (V.length !== K.length)
    throw fieldError(fields.label("V"), `has ${V.length} rows, K has ${K.length}: one value per key`);
  const { allowed, mask } = maskOf(fields, Q.length, K.length);
  allowed.forEach((row, i) => {
    if (!row.some((a) => a))
      throw fieldError(fields.label("mask"), `row ${i + 1} masks every key: query ${i + 1} attends to nothing`);
  });
  const given = fields.number("scale");
  if (dq % heads !== 0 || (V[0] as Scalar[]).length % heads !== 0)
    throw fieldError(
      fields.label("heads"),
      `${heads} heads must divide d = ${dq} (and V's ${(V[0] as Scalar[]).length} columns)`,
    );
  const WO = fields.matrix("WO");
  if (WO && WO.length !== (V[0] as Scalar[]).length)
    throw fieldError(
      fields.label("WO"),
      `has ${WO.length} rows; the concatenated heads have ${(V[0] as Scalar[]).length} columns`,
    );
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

/** X with W_Q, W_K, W_V instead of Q, K, V: each projection's shape checked against X. */
function projectionsOf(fields: Fields): AttentionInput["projections"] {
  if (!fields.has("X")) {
    for (const w of ["WQ", "WK", "WV"])
      if (fields.has(w)) throw fields.missing("X", "the tokens the projections act on");
    return undefined;
  }
  for (const q of ["Q", "K", "V"])
    if (fields.has(q)) throw fieldError(fields.label(q), "is computed from X: give X with WQ, WK, WV, or Q, K, V");
  const X = fields.requireMatrix("X");
  const d = (X[0] as Scalar[]).length;
  const W = (name: string) => {
    const M = fields.requireMatrix(name);
    if (M.length !== d)
      throw fieldError(fields.label(name), `has ${M.length} rows; X has ${d} columns (XW needs them equal)`);
    return M;
  };
  return { X, WQ: W("WQ"), WK: W("WK"), WV: W("WV") };
}

function derivation(): Step {
  return {
    title: "Scaled dot-product attention",
    derivation: [
      {
        formula: F.eq(Sm, F.juxt(Qs, F.superscript(Ks, T), F.fracF(F.num(1), F.sqrtF(d)))),
        reason: "scores: query i against key j",
      },
      {
        formula: F.eq(A, F.call("softmax", Sm)),
        reason: "row by row, the max subtracted; a masked score is −∞, weight 0",
      },
      { formula: F.eq(O, F.juxt(A, Vs)), reason: "each output row is a weighted average of the rows of V" },
    ],
  };
}

/** Sᵢⱼ = scale·Σₖ Qᵢₖ Kⱼₖ, exact when Q, K and the scale are; −∞ where masked. */
function scores(input: AttentionInput): Scalar[][] {
  return input.Q.map((q, i) =>
    input.K.map((k, j) => {
      if (!(input.allowed[i] as boolean[])[j]) return Number.NEGATIVE_INFINITY;
      let dot: Scalar = sc.frac(0);
      q.forEach((qv, c) => {
        dot = sc.add(dot, sc.mul(qv, k[c] as Scalar));
      });
      return sc.mul(input.scale, dot);
    }),
  );
}

const matrixColumns = (M: readonly (readonly Scalar[])[], head: (j: number) => Formula | string): Column[] => [
  { header: "i", cells: new RowNumbers(M.length) },
  ...(M[0] ?? []).map((_, j) => ({ header: head(j), cells: M.map((row) => row[j] as Scalar) })),
];

function scoreStep(input: AttentionInput, S_: Scalar[][]): Step {
  const n = F.num;
  const worked: Array<string | Formula> = [];
  for (let i = 0; i < input.Q.length && worked.length < WORKED_SCORES; i++) {
    for (let j = 0; j < input.K.length && worked.length < WORKED_SCORES; j++) {
      if (!(input.allowed[i] as boolean[])[j]) continue;
      const q = input.Q[i] as Scalar[];
      const k = input.K[j] as Scalar[];
      worked.push(
        F.eq(
          ix(Sm, F.sym(`${i + 1},${j + 1}`)),
          F.juxt(n(input.scale), F.paren(F.sumOf(q.length, (c) => F.times(n(q[c] as Scalar), n(k[c] as Scalar))))),
          n((S_[i] as Scalar[])[j] as Scalar),
        ),
      );
    }
  }
  const d_ = (input.Q[0] as Scalar[]).length;
  return {
    title: "Scores S = QKᵀ·scale",
    answerFields: ["scores"],
    formula: F.eq(
      ix(Sm, F.juxt(S.i, S.j)),
      F.juxt(
        F.sym("scale"),
        F.sumOver(F.sym("k"), F.juxt(ix(Qs, F.juxt(S.i, F.sym("k"))), ix(Ks, F.juxt(S.j, F.sym("k"))))),
      ),
    ),
    tables: [{ columns: matrixColumns(S_, (j) => `key ${j + 1}`) }],
    notes: [
      input.scaleGiven
        ? F.juxt(F.text("scale = "), n(input.scale), F.text(" (given)"))
        : F.juxt(F.text(`scale = 1/√d = 1/√${d_} = `), n(input.scale)),
      ...worked,
      ...(input.mask === "none"
        ? []
        : [
            `masked entries (${input.mask === "causal" ? "causal: key j > query i" : "mask 0"}) are −∞: ` +
              "e^(−∞) = 0, so they get no weight",
          ]),
    ],
  };
}

function weightStep(weights: number[][]): Step {
  const m = F.sym("m");
  const e = (j: Formula) => F.call("exp", F.minus(ix(Sm, F.juxt(S.i, j)), ix(m, S.i)));
  return {
    title: "Softmax of each row",
    answerFields: ["weights"],
    formula: F.eq(ix(A, F.juxt(S.i, S.j)), F.fracF(e(S.j), F.sumOver(F.sym("k"), e(F.sym("k"))))),
    tables: [{ columns: matrixColumns(weights, (j) => `key ${j + 1}`) }],
    notes: [
      "mᵢ is row i's largest score: subtracting it leaves the weights unchanged and keeps e^x ≤ 1",
      F.juxt(
        F.text("each row sums to 1: "),
        F.listOf(weights.length, (i) => F.num((weights[i] as number[]).reduce((s, v) => s + v, 0))),
      ),
    ],
  };
}

function outputStep(output: number[][]): Step {
  const c = F.sym("c");
  return {
    title: "Output O = AV",
    answerFields: ["output"],
    formula: F.eq(ix(O, F.juxt(S.i, c)), F.sumOver(S.j, F.juxt(ix(A, F.juxt(S.i, S.j)), ix(Vs, F.juxt(S.j, c))))),
    tables: [{ columns: matrixColumns(output, (k) => `dim ${k + 1}`) }],
  };
}

function costStep(n: number, m: number, d_: number, dv: number): Step {
  return {
    title: "Cost",
    notes: [
      `QKᵀ: n·m·d = ${n}·${m}·${d_} = ${n * m * d_} multiply-adds; AV: n·m·d_v = ${n * m * dv}`,
      `the n × m = ${n * m} weights are kept: O(n·m·d) time and O(n·m) memory, quadratic in the sequence length`,
    ],
  };
}

/** O = AV in float64: each output row a weighted average of the rows of V. */
function weightedValues(weights: number[][], V: Scalar[][]): number[][] {
  const Vf = V.map((row) => row.map(sc.toNumber));
  return weights.map((w) =>
    (Vf[0] as number[]).map((_, c) => w.reduce((s, wj, j) => s + wj * ((Vf[j] as number[])[c] as number), 0)),
  );
}

function solve(input: AttentionInput): Solution {
  if (input.symbolic) {
    return {
      problem: "attention",
      title: "Scaled dot-product attention, in symbols",
      input: {},
      summary: "give --Q, --K and --V (matrices, rows = tokens) for numbers",
      steps: [derivation()],
      answer: {},
      warnings: [],
    };
  }
  const n = input.Q.length;
  const m = input.K.length;
  const d_ = (input.Q[0] as Scalar[]).length;
  const steps: Step[] = [derivation()];
  const answer: Record<string, AnswerValue> = {};
  if (input.projections) {
    steps.push(projectionStep(input));
    Object.assign(answer, { Q: input.Q, K: input.K, V: input.V });
  }
  if (input.heads > 1) {
    const output = headSteps(input, steps);
    answer.output = output;
  } else {
    const S_ = scores(input);
    const weights = weightsOf(input, S_);
    const out = weightedValues(weights, input.V);
    const output = input.WO ? times(out, input.WO) : out;
    steps.push(
      scoreStep(input, S_),
      input.normalize === "sum" ? sumWeightStep(weights) : weightStep(weights),
      outputStep(out),
    );
    if (input.WO) steps.push({ title: "The output projection: O·W_O", value: output, answerFields: ["output"] });
    Object.assign(answer, { scores: S_ as Value, weights, output });
  }
  steps.push(costStep(n, m, d_, (input.V[0] as Scalar[]).length));
  return {
    problem: "attention",
    title: `Attention: ${n} quer${n > 1 ? "ies" : "y"}, ${m} key${m > 1 ? "s" : ""}, d = ${d_}`,
    input: {
      Q: input.Q,
      K: input.K,
      V: input.V,
      ...(input.mask === "causal" ? { mask: "causal" } : {}),
      scale: input.scale,
    },
    summary:
      `${input.mask === "none" ? "no mask" : `${input.mask} mask`}; ` +
      "scores exact where Q, K and the scale are; the softmax in float64",
    steps,
    answer,
    warnings: [],
    maskedAnswers: ["scores"],
  };
}

/** The weights of each row: its softmax, or (normalize sum) the scores over their row's sum, masked entries 0. */
function weightsOf(input: AttentionInput, S_: Scalar[][]): number[][] {
  if (input.normalize === "softmax") return S_.map((row) => softmaxRow(row.map(sc.toNumber)).p);
  return S_.map((row, i) => {
    const kept = row.map((s) => sc.toNumber(s)).map((s) => (Number.isFinite(s) ? s : 0));
    const total = kept.reduce((a, b) => a + b, 0);
    if (total === 0)
      throw new InputError(`attention: row ${i + 1}'s scores sum to 0, so normalize sum cannot divide by it`);
    return kept.map((s) => s / total);
  });
}

const times = (A: number[][], B: Scalar[][]): number[][] =>
  A.map((row) =>
    (B[0] as Scalar[]).map((_, j) => row.reduce((s, a, k) => s + a * sc.toNumber((B[k] as Scalar[])[j] as Scalar), 0)),
  );

function sumWeightStep(weights: number[][]): Step {
  return {
    title: "Weights: each score over its row's sum (normalize sum)",
    formula: F.eq(
      F.subscript(F.sym("A"), "ij"),
      F.fracF(F.subscript(Sm, "ij"), F.sumOver(F.sym("k"), F.subscript(Sm, "ik"))),
    ),
    value: weights,
    answerFields: ["weights"],
    notes: ["not a softmax: the weights keep the scores' ratios (and can be negative when a score is)"],
  };
}

function projectionStep(input: AttentionInput): Step {
  const p = input.projections as NonNullable<AttentionInput["projections"]>;
  return {
    title: "The projections: Q = XW_Q, K = XW_K, V = XW_V",
    tables: [
      {
        title: "Q = XW_Q",
        columns: (input.Q[0] as Scalar[]).map((_, j) => ({
          header: String(j + 1),
          cells: input.Q.map((r) => r[j] as Scalar),
        })),
      },
      {
        title: "K = XW_K",
        columns: (input.K[0] as Scalar[]).map((_, j) => ({
          header: String(j + 1),
          cells: input.K.map((r) => r[j] as Scalar),
        })),
      },
      {
        title: "V = XW_V",
        columns: (input.V[0] as Scalar[]).map((_, j) => ({
          header: String(j + 1),
          cells: input.V.map((r) => r[j] as Scalar),
        })),
      },
    ],
    answerFields: ["Q", "K", "V"],
    notes: [`X is ${p.X.length} × ${(p.X[0] as Scalar[]).length}; each row of X is a token`],
  };
}

/** Each head on its block of columns, then the heads concatenated (and times W_O). */
function headSteps(input: AttentionInput, steps: Step[]): number[][] {
  const h = input.heads;
  const dq = (input.Q[0] as Scalar[]).length / h;
  const dv = (input.V[0] as Scalar[]).length / h;
  const block = (M: Scalar[][], k: number, w: number) => M.map((r) => r.slice(k * w, (k + 1) * w));
  const outs: number[][][] = [];
  for (let k = 0; k < h; k++) {
    const head: AttentionInput = {
      ...input,
      Q: block(input.Q, k, dq),
      K: block(input.K, k, dq),
      V: block(input.V, k, dv),
      heads: 1,
    };
    const S_ = scores(head);
    const w = weightsOf(head, S_);
    const o = weightedValues(w, head.V);
    outs.push(o);
    const s = scoreStep(head, S_);
    const ws = weightStep(w);
    steps.push(
      { ...s, title: `Head ${k + 1}: ${s.title}`, answerFields: [] },
      { ...ws, title: `Head ${k + 1}: ${ws.title}`, answerFields: [] },
    );
  }
  const concat = (outs[0] as number[][]).map((_, i) => outs.flatMap((o) => o[i] as number[]));
  const output = input.WO ? times(concat, input.WO) : concat;
  steps.push({
    title: `The ${h} heads concatenated${input.WO ? ", times W_O" : ""}`,
    value: output,
    answerFields: ["output"],
    notes: [`each head attends over d/h = ${dq} columns with scale 1/√${dq} (unless --scale is given)`],
  });
  return output;
}

/** scores, weights and output of an input, the softmax over each row (or, as a mistake, each column). */
function answerOf(input: AttentionInput, overColumns = false): Record<string, AnswerValue> {
  const S_ = scores(input);
  const softmaxRows = (M: number[][]) => M.map((row) => softmaxRow(row).p);
  const numbers = S_.map((row) => row.map(sc.toNumber));
  const weights = overColumns ? transpose(softmaxRows(transpose(numbers))) : softmaxRows(numbers);
  return { scores: S_ as Value, weights, output: weightedValues(weights, input.V) };
}

const transpose = (M: number[][]): number[][] => (M[0] ?? []).map((_, j) => M.map((row) => row[j] as number));

/** Mistakes with attention: the scale left out, the softmax down the columns, the mask ignored. */
function mistakes(input: AttentionInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [];
  if (!sc.isZero(sc.sub(input.scale, sc.frac(1)))) {
    out.push({
      id: "no-scale",
      answer: answerOf({ ...input, scale: sc.frac(1) }),
      says: (field, given) => `your ${field} ${given} leaves out the scale: S = ${scaledText(input)}, not QKᵀ`,
    });
  }
  const masked = input.allowed.some((row) => row.some((a) => !a));
  if (!masked && input.Q.length > 1 && input.K.length > 1) {
    out.push({
      id: "softmax-over-columns",
      answer: answerOf(input, true),
      says: (field, given) =>
        `your ${field} ${given} takes the softmax down each column; each query's row of S is normalised: rows sum to 1`,
    });
  }
  if (masked) {
    const all = input.allowed.map((row) => row.map(() => true));
    out.push({
      id: "mask-ignored",
      answer: answerOf({ ...input, allowed: all }),
      says: (field, given) => `your ${field} ${given} ignores the mask; a masked score is −∞ and its weight 0`,
    });
  }
  return out;
}

const scaledText = (input: AttentionInput) => (input.scaleGiven ? "QKᵀ·scale (the --scale given)" : "QKᵀ/√d");

/** Practice (SPEC 4.12): two queries with d = 4, so that the scale is 1/2. */
const practice: PracticeGenerator = {
  guarantee:
    "d = 4, so the scale 1/√d = 1/2 is exact; Q and K entries in {−1, 0, 1} and V whole numbers from 0 to 4: " +
    "every score a multiple of 1/2; sometimes a causal mask",
  generate(rng) {
    const m = rng.pick([2, 3]);
    const row = () => {
      let r: number[];
      do r = rng.ints(4, -1, 1);
      while (r.every((v) => v === 0));
      return r;
    };
    const Q = [row(), row()];
    const K = Array.from({ length: m }, row);
    const dv = rng.pick([1, 2]);
    const V = Array.from({ length: m }, () => rng.ints(dv, 0, 4));
    const causal = m === 2 && rng.chance(0.4);
    return {
      input: { Q, K, V, ...(causal ? { mask: "causal" } : {}) },
      statement: [
        `Scaled dot-product attention with n = 2 queries and m = ${m} keys of dimension d = 4 (rows = tokens): ` +
          `Q = ${matrixText(Q)}, K = ${matrixText(K)}, V = ${matrixText(V)}` +
          `${causal ? ", with a causal mask (query i attends only to keys j ≤ i)" : ""}.`,
        ...lettered([
          "Compute the scores S = QKᵀ/√d.",
          "Compute the attention weights A, the softmax of each row of S.",
          "Compute the output O = AV.",
        ]),
      ],
    };
  },
};

/** --plot: the weights as a heat map, a row per query (masked cells apart). */
function plots(input: AttentionInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const weights = sol.answer.weights as number[][];
  return [
    {
      kind: "heat",
      title: "attention weights A (rows = queries, columns = keys)",
      rowLabels: weights.map((_, i) => `q${subscriptDigits(i + 1)}`),
      colLabels: (weights[0] ?? []).map((_, j) => `k${subscriptDigits(j + 1)}`),
      values: weights.map((row, i) => row.map((w, j) => ((input.allowed[i] as boolean[])[j] ? w : null))),
    },
  ];
}

export const attention = defineProblem<AttentionInput>({
  name: "attention",
  summary: "scaled dot-product attention softmax(QKᵀ/√d)V: scores, masks, row softmax, weights and output",
  fields: {
    Q: { kind: "matrix", help: "queries, n × d (rows = tokens)" },
    K: { kind: "matrix", help: "keys, m × d" },
    V: { kind: "matrix", help: "values, m × d_v" },
    mask: { kind: "raw", help: "causal (key j ≤ query i), or an n × m matrix of 1 (may attend) and 0 (masked)" },
    scale: { kind: "number", help: "the factor on QKᵀ (default 1/√d, per head 1/√(d/h))" },
    X: { kind: "matrix", help: "instead of Q, K, V: the tokens, n × d_model, with WQ, WK, WV (Q = XW_Q, …)" },
    WQ: { kind: "matrix", help: "the query projection, d_model × d" },
    WK: { kind: "matrix", help: "the key projection, d_model × d" },
    WV: { kind: "matrix", help: "the value projection, d_model × d_v" },
    heads: { kind: "count", max: 1024, help: "split d into this many equal heads (default 1), outputs concatenated" },
    WO: { kind: "matrix", help: "the output projection after the heads are concatenated (optional)" },
    normalize: {
      kind: "choice",
      choices: ["softmax", "sum"],
      help: "softmax (default), or sum: weights = scores / row sum (the simplified attention some texts start from)",
    },
  },
  answers: {
    scores: "S = QKᵀ·scale, n × m (a masked entry is null in JSON)",
    weights: "A = softmax of each row of S, n × m (rows sum to 1)",
    output: "O = AV, n × d_v (the heads concatenated, times W_O when given)",
    Q: "with X: Q = XW_Q",
    K: "with X: K = XW_K",
    V: "with X: V = XW_V",
  },
  expectExample: `attention --Q "1 0" --K "1 0; 0 1" --V "1; 0" --scale 1 --expect '{"weights": [[0.731, 0.269]]}'`,
  examples: [
    "attention",
    'attention --Q "1 0; 0 1" --K "1 0; 0 1" --V "1 2; 3 4"',
    'attention --Q "1 0 1 0; 0 1 0 1; 1 1 0 0" --K "1 0 1 0; 0 1 0 1; 1 1 0 0" --V "1; 2; 3" --mask causal',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "the weights as a heat map, a row per query",
  plots,
});
