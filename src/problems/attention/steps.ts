import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { type SoftmaxRow, softmaxRow } from "../../core/softmax.js";
import { InputError } from "../../errors.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { AnswerValue, DerivationLine, Value } from "../../solution/solution.js";
import { type Column, RowNumbers, type Step } from "../../solution/solution.js";
import { ix } from "../common.js";
import type { AttentionInput } from "./input.js";

/** Every entry of S is worked out when there are at most this many; past it, the first few, and a note. */
const WORKED_ALL = 9;
const WORKED_FIRST = 4;

const Qs = F.sym("Q");

const Ks = F.sym("K");

const Vs = F.sym("V");

const A = F.sym("A");

const O = F.sym("O");

const T = F.sym("T");

const Sm = F.sym("S");

const d = F.sym("d");

export function derivation(): Step {
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
export function scores(input: AttentionInput): Scalar[][] {
  return input.Q.map((q, i) =>
    input.K.map((k, j) => {
      if (!(input.allowed[i] as boolean[])[j]) return Number.NEGATIVE_INFINITY;
      let dot: Scalar = sc.frac(0);
      q.forEach((qv, c) => {
        dot = sc.add(dot, sc.mul(qv, k[c]!));
      });
      return sc.mul(input.scale, dot);
    }),
  );
}

const matrixColumns = (M: readonly (readonly Scalar[])[], head: (j: number) => Formula | string): Column[] => [
  { header: "i", cells: new RowNumbers(M.length) },
  ...(M[0] ?? []).map((_, j) => ({ header: head(j), cells: M.map((row) => row[j]!) })),
];

export function scoreStep(input: AttentionInput, S_: Scalar[][]): Step {
  const n = F.num;
  const worked: DerivationLine[] = [];
  const entries = input.allowed.reduce((t, row) => t + row.filter(Boolean).length, 0);
  const limit = entries <= WORKED_ALL ? entries : WORKED_FIRST;
  for (let i = 0; i < input.Q.length && worked.length < limit; i++) {
    for (let j = 0; j < input.K.length && worked.length < limit; j++) {
      if (!(input.allowed[i] as boolean[])[j]) continue;
      const q = input.Q[i] as Scalar[];
      const k = input.K[j] as Scalar[];
      worked.push({
        formula: F.eq(
          ix(Sm, F.sym(`${i + 1},${j + 1}`)),
          F.juxt(n(input.scale), F.paren(F.sumOf(q.length, (c) => F.times(n(q[c]!), n(k[c]!))))),
          n(S_[i]![j]!),
        ),
      });
    }
  }
  const d_ = input.Q[0]!.length;
  const scale = F.sym("scale");
  const root = F.eq(scale, F.fracF(F.num(1), F.sqrtF(d)), F.fracF(F.num(1), F.sqrtF(n(sc.frac(d_)))));
  return {
    title: "Scores S = QKᵀ·scale",
    answerFields: ["scores"],
    derivation: [
      {
        formula: F.eq(
          ix(Sm, F.juxt(S.i, S.j)),
          F.juxt(
            scale,
            F.sumOver(F.sym("k"), F.juxt(ix(Qs, F.juxt(S.i, F.sym("k"))), ix(Ks, F.juxt(S.j, F.sym("k"))))),
          ),
        ),
        reason: "the rule",
      },
      input.scaleGiven
        ? { formula: F.eq(scale, n(input.scale)), reason: "given" }
        : { formula: F.endingIn(root, input.scale) },
      ...worked,
    ],
    tables: [{ columns: matrixColumns(S_, (j) => `key ${j + 1}`) }],
    notes: [
      ...(limit < entries
        ? [
            `the other ${entries - limit} entries are worked the same way, row i of Q with row j of K; ` +
              "the table has all",
          ]
        : []),
      ...(input.mask === "none"
        ? []
        : [
            `masked entries (${input.mask === "causal" ? "causal: key j > query i" : "mask 0"}) are −∞: ` +
              "e^(−∞) = 0, so they get no weight",
          ]),
    ],
  };
}

/** Each row's softmax as core computes it: the max, the shifted scores, their exponentials and sum, the weights. */
export function softmaxRows(S_: Scalar[][]): SoftmaxRow[] {
  return S_.map((row) => softmaxRow(row.map(sc.toNumber)));
}

/** Row i's softmax with its numbers: mᵢ, the sum of exp(Sᵢₖ − mᵢ), and each weight (masked keys left out). */
function softmaxLines(i: number, scoresRow: Scalar[], row: SoftmaxRow, allowed: readonly boolean[]): DerivationLine[] {
  const n = F.num;
  const r = F.num(sc.frac(i + 1));
  const keys = row.p.flatMap((_, k) => (allowed[k] ? [k] : []));
  const at = (k: number) => F.sym(`${i + 1},${k + 1}`);
  return [
    {
      formula: F.eq(ix(F.sym("m"), r), F.call("max", ...keys.map((k) => n(scoresRow[k]!))), n(row.max)),
    },
    {
      formula: F.eq(
        F.sumOver(F.sym("k"), F.call("exp", F.minus(ix(Sm, F.juxt(r, F.sym("k"))), ix(F.sym("m"), r)))),
        F.plus(...keys.map((k) => F.call("exp", n(row.shifted[k]!)))),
        n(row.sum),
      ),
    },
    ...keys.map((k) => ({ formula: F.eq(ix(A, at(k)), F.fracF(n(row.exps[k]!), n(row.sum)), n(row.p[k]!)) })),
  ];
}

export function weightStep(input: AttentionInput, S_: Scalar[][], rows: SoftmaxRow[]): Step {
  const m = F.sym("m");
  const e = (j: Formula) => F.call("exp", F.minus(ix(Sm, F.juxt(S.i, j)), ix(m, S.i)));
  const weights = rows.map((r) => r.p);
  const entries = input.allowed.reduce((t, row) => t + row.filter(Boolean).length, 0);
  // every row worked out when the entries are few; else the first row, as an example
  const worked = entries <= WORKED_ALL ? rows.length : 1;
  return {
    title: "Softmax of each row",
    answerFields: ["weights"],
    derivation: [
      {
        formula: F.eq(ix(A, F.juxt(S.i, S.j)), F.fracF(e(S.j), F.sumOver(F.sym("k"), e(F.sym("k"))))),
        reason: "the rule",
      },
      ...rows.slice(0, worked).flatMap((row, i) => softmaxLines(i, S_[i]!, row, input.allowed[i]!)),
    ],
    tables: [{ columns: matrixColumns(weights, (j) => `key ${j + 1}`) }],
    notes: [
      ...(worked < rows.length ? [`the other ${rows.length - worked} rows likewise; the table has all`] : []),
      "mᵢ is row i's largest score: subtracting it leaves the weights unchanged and keeps e^x ≤ 1",
      F.juxt(
        F.text("each row sums to 1: "),
        F.listOf(weights.length, (i) => F.num((weights[i] as number[]).reduce((s, v) => s + v, 0))),
      ),
    ],
  };
}

export function outputStep(output: number[][], weights: number[][], V: Scalar[][]): Step {
  const c = F.sym("c");
  const n = F.num;
  const entries = output.length * (output[0]?.length ?? 0);
  const limit = entries <= WORKED_ALL ? entries : WORKED_FIRST;
  const worked: DerivationLine[] = [];
  for (let i = 0; i < output.length && worked.length < limit; i++)
    for (let col = 0; col < output[i]!.length && worked.length < limit; col++) {
      const w = weights[i]!;
      worked.push({
        formula: F.eq(
          ix(O, F.sym(`${i + 1},${col + 1}`)),
          F.sumOf(w.length, (j) => F.times(n(w[j]!), n(V[j]![col]!))),
          n(output[i]![col]!),
        ),
      });
    }
  return {
    title: "Output O = AV",
    answerFields: ["output"],
    derivation: [
      {
        formula: F.eq(ix(O, F.juxt(S.i, c)), F.sumOver(S.j, F.juxt(ix(A, F.juxt(S.i, S.j)), ix(Vs, F.juxt(S.j, c))))),
        reason: "the rule",
      },
      ...worked,
    ],
    tables: [{ columns: matrixColumns(output, (k) => `dim ${k + 1}`) }],
    ...(limit < entries ? { notes: [`the other ${entries - limit} entries likewise; the table has all`] } : {}),
  };
}

export function costStep(n: number, m: number, d_: number, dv: number): Step {
  return {
    title: "Cost",
    notes: [
      `QKᵀ: n·m·d = ${n}·${m}·${d_} = ${n * m * d_} multiply-adds; AV: n·m·d_v = ${n * m * dv}`,
      `the n × m = ${n * m} weights are kept: O(n·m·d) time and O(n·m) memory, quadratic in the sequence length`,
    ],
  };
}

/** O = AV in float64: each output row a weighted average of the rows of V. */
export function weightedValues(weights: number[][], V: Scalar[][]): number[][] {
  const Vf = V.map((row) => row.map(sc.toNumber));
  return weights.map((w) =>
    (Vf[0] as number[]).map((_, c) => w.reduce((s, wj, j) => s + wj * ((Vf[j] as number[])[c] as number), 0)),
  );
}

/** The weights of each row: its softmax, or (normalize sum) the scores over their row's sum, masked entries 0. */
export function weightsOf(input: AttentionInput, S_: Scalar[][]): number[][] {
  if (input.normalize === "softmax") return softmaxRows(S_).map((r) => r.p);
  return S_.map((row, i) => {
    const kept = row.map((s) => sc.toNumber(s)).map((s) => (Number.isFinite(s) ? s : 0));
    const total = kept.reduce((a, b) => a + b, 0);
    if (total === 0)
      throw new InputError(`attention: row ${i + 1}'s scores sum to 0, so normalize sum cannot divide by it`);
    return kept.map((s) => s / total);
  });
}

export const times = (A: number[][], B: Scalar[][]): number[][] =>
  A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * sc.toNumber(B[k]![j]!), 0)));

export function sumWeightStep(weights: number[][]): Step {
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

export function projectionStep(input: AttentionInput): Step {
  const p = input.projections as NonNullable<AttentionInput["projections"]>;
  return {
    title: "The projections: Q = XW_Q, K = XW_K, V = XW_V",
    tables: [
      {
        title: "Q = XW_Q",
        columns: input.Q[0]!.map((_, j) => ({
          header: String(j + 1),
          cells: input.Q.map((r) => r[j]!),
        })),
      },
      {
        title: "K = XW_K",
        columns: input.K[0]!.map((_, j) => ({
          header: String(j + 1),
          cells: input.K.map((r) => r[j]!),
        })),
      },
      {
        title: "V = XW_V",
        columns: input.V[0]!.map((_, j) => ({
          header: String(j + 1),
          cells: input.V.map((r) => r[j]!),
        })),
      },
    ],
    answerFields: ["Q", "K", "V"],
    notes: [`X is ${p.X.length} × ${p.X[0]!.length}; each row of X is a token`],
  };
}

/** Each head on its block of columns, then the heads concatenated (and times W_O). */
export function headSteps(input: AttentionInput, steps: Step[]): number[][] {
  const h = input.heads;
  const dq = input.Q[0]!.length / h;
  const dv = input.V[0]!.length / h;
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
    const rows = softmaxRows(S_);
    const w = rows.map((r) => r.p);
    const o = weightedValues(w, head.V);
    outs.push(o);
    const s = scoreStep(head, S_);
    const ws = weightStep(head, S_, rows);
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

export const transpose = (M: number[][]): number[][] => (M[0] ?? []).map((_, j) => M.map((row) => row[j] as number));

export const scaledText = (input: AttentionInput) => (input.scaleGiven ? "QKᵀ·scale (the --scale given)" : "QKᵀ/√d");

/** scores, weights and output of an input, the softmax over each row (or, as a mistake, each column). */
export function answerOf(input: AttentionInput, overColumns = false): Record<string, AnswerValue> {
  const S_ = scores(input);
  const softmaxRows = (M: number[][]) => M.map((row) => softmaxRow(row).p);
  const numbers = S_.map((row) => row.map(sc.toNumber));
  const weights = overColumns ? transpose(softmaxRows(transpose(numbers))) : softmaxRows(numbers);
  return { scores: S_ as Value, weights, output: weightedValues(weights, input.V) };
}
