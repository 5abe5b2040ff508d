// attention: scaled dot-product attention, softmax(QKᵀ·scale)V, entry by
// entry, with causal or explicit masks.
import type { Chart } from "../chart.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { softmaxRow } from "../core/softmax.js";
import { fieldError } from "../errors.js";
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
}

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
  if (!["Q", "K", "V"].some((f) => fields.has(f))) {
    return { symbolic: true, Q: [], K: [], V: [], allowed: [], mask: "none", scale: 1, scaleGiven: false };
  }
  const Q = fields.requireMatrix("Q");
  const K = fields.requireMatrix("K");
  const V = fields.requireMatrix("V");
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
  return {
    symbolic: false,
    Q,
    K,
    V,
    allowed,
    mask,
    scale: given ?? sc.div(sc.frac(1), sc.sqrt(sc.frac(dq))),
    scaleGiven: given !== undefined,
  };
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
  const S_ = scores(input);
  const weights = S_.map((row) => softmaxRow(row.map(sc.toNumber)).p);
  const output = weightedValues(weights, input.V);
  const n = input.Q.length;
  const m = input.K.length;
  const d_ = (input.Q[0] as Scalar[]).length;
  const steps: Step[] = [
    derivation(),
    scoreStep(input, S_),
    weightStep(weights),
    outputStep(output),
    costStep(n, m, d_, (input.V[0] as Scalar[]).length),
  ];
  const answer: Record<string, AnswerValue> = { scores: S_ as Value, weights, output };
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
    scale: { kind: "number", help: "the factor on QKᵀ (default 1/√d)" },
  },
  answers: {
    scores: "S = QKᵀ·scale, n × m (a masked entry is null in JSON)",
    weights: "A = softmax of each row of S, n × m (rows sum to 1)",
    output: "O = AV, n × d_v",
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
