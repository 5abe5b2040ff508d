// softmax-ce: softmax followed by cross-entropy, the loss of almost every
// classifier, and its gradient p − y derived through the softmax Jacobian.
import type { Chart } from "../chart.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import {
  checkedCoordinates,
  FD_COORDINATES,
  gradcheckRow,
  partialDifference,
  relativeStep,
} from "../core/gradcheck.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { crossEntropy, crossEntropyGradient, type SoftmaxRow, softmaxJacobian, softmaxRow } from "../core/softmax.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step, type Value } from "../solution.js";
import { gradcheckStep, ix, lettered, listText, subscriptDigits } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

export interface SoftmaxInput {
  /** No logits given: the derivation in symbols. */
  symbolic: boolean;
  /** Logits per sample (one row for a vector z). */
  rows: number[][];
  /** Target probabilities per sample, one-hot for class targets. */
  targets: number[][];
  /** The class numbers (counted from 1) when the target was given as classes. */
  classes?: number[];
  matrix: boolean;
  reduction: "mean" | "sum";
  /** The inputs as given, for the echo. */
  echo: { z: Value; target: Value };
}

/** The Jacobian is printed up to this many classes. */
const JACOBIAN_MAX = 8;
/** Probabilities must sum to 1 within this. */
const SUM_TOLERANCE = 1e-9;

const K = F.sym("K");
const p = (i: Formula | number) => ix(F.sym("p"), typeof i === "number" ? F.num(i) : i);
const y = (i: Formula | number) => ix(S.y, typeof i === "number" ? F.num(i) : i);
const z = (i: Formula | number) => ix(S.z, typeof i === "number" ? F.num(i) : i);
const k = F.sym("k");
const m = F.sym("m");
const dL = (wrt: Formula) => F.partial(S.L, wrt);
const exp = (arg: Formula) => F.call("exp", arg);
const log = (arg: Formula) => F.call("log", arg);
const delta = ix(F.sym("δ", "\\delta"), F.juxt(S.i, S.j));
const softmaxFormula = F.eq(p(k), F.fracF(exp(z(k)), F.sumOver(S.j, exp(z(S.j)), F.num(1), K)));
const lossFormula = F.eq(
  S.L,
  F.negF(F.sumOver(k, F.juxt(y(k), log(p(k))))),
  F.minus(log(F.sumOver(k, exp(z(k)))), F.sumOver(k, F.juxt(y(k), z(k)))),
);

/** One class number, counted from 1, as an index; a clear error for anything else. */
function classIndex(c: Scalar, classes: number, label: string): number {
  const v = sc.toNumber(c);
  if (!Number.isInteger(v) || v < 1 || v > classes) {
    throw fieldError(label, `class ${sc.exactString(c) ?? v} is not one of 1…${classes} (classes are counted from 1)`);
  }
  return v - 1;
}

/** Probabilities: non-negative and summing to 1, per row. */
function probabilities(row: readonly Scalar[], label: string): number[] {
  const ps = row.map(sc.toNumber);
  const negative = ps.findIndex((v) => v < 0);
  if (negative >= 0) throw fieldError(`${label}[${negative + 1}]`, "is negative; probabilities are ≥ 0");
  const total = ps.reduce((s, v) => s + v, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw fieldError(label, `sums to ${total}, not 1: the target probabilities of a sample must sum to 1`);
  }
  return ps;
}

const oneHot = (index: number, classes: number) => Array.from({ length: classes }, (_, j) => (j === index ? 1 : 0));

function vectorTargets(fields: Fields, zs: Scalar[]): Pick<SoftmaxInput, "targets" | "classes"> {
  const t = fields.numberVectorOrMatrix("target");
  const label = fields.label("target");
  if (!t) throw fields.missing("target", "a class number 1…K, or K probabilities that sum to 1");
  if (t.kind === "number") {
    const c = classIndex(t.n, zs.length, label);
    return { targets: [oneHot(c, zs.length)], classes: [c + 1] };
  }
  if (t.kind === "matrix")
    throw fieldError(label, "is a matrix, but z is one sample: give a class number or K probabilities");
  if (t.v.length !== zs.length) {
    throw fieldError(label, `has ${t.v.length} probabilities, z has ${zs.length} classes`);
  }
  return { targets: [probabilities(t.v, label)] };
}

function matrixTargets(fields: Fields, zs: Scalar[][]): Pick<SoftmaxInput, "targets" | "classes"> {
  const t = fields.numberVectorOrMatrix("target");
  const label = fields.label("target");
  const n = zs.length;
  const classes = (zs[0] as Scalar[]).length;
  if (!t) throw fields.missing("target", `${n} class numbers, or an ${n} × ${classes} matrix of probabilities`);
  if (t.kind === "number") {
    throw fieldError(label, `is one number, but z has ${n} samples: give a class number for each (e.g. 1,3,2)`);
  }
  if (t.kind === "vector") {
    if (t.v.length !== n) throw fieldError(label, `has ${t.v.length} class numbers, z has ${n} samples (rows)`);
    const cs = t.v.map((c, i) => classIndex(c, classes, `${label}[${i + 1}]`));
    return { targets: cs.map((c) => oneHot(c, classes)), classes: cs.map((c) => c + 1) };
  }
  if (t.m.length !== n || (t.m[0] as Scalar[]).length !== classes) {
    throw fieldError(label, `is ${t.m.length} × ${(t.m[0] as Scalar[]).length}, z is ${n} × ${classes}`);
  }
  return { targets: t.m.map((row, i) => probabilities(row, `${label}[${i + 1}]`)) };
}

function validate(fields: Fields): SoftmaxInput {
  const zf = fields.vectorOrMatrix("z");
  const reduction = (fields.choice("reduction") ?? "mean") as "mean" | "sum";
  if (!zf) {
    if (fields.has("target")) throw fields.missing("z", "the logits: a vector of K, or an N × K matrix");
    return { symbolic: true, rows: [], targets: [], matrix: false, reduction, echo: { z: [], target: [] } };
  }
  if (zf.kind === "vector" && fields.has("reduction")) {
    throw fieldError(fields.label("reduction"), "applies to a batch: give z as an N × K matrix, rows = samples");
  }
  const t = zf.kind === "vector" ? vectorTargets(fields, zf.v) : matrixTargets(fields, zf.m);
  const rows = zf.kind === "vector" ? [zf.v.map(sc.toNumber)] : zf.m.map((r) => r.map(sc.toNumber));
  const given = fields.numberVectorOrMatrix("target");
  const target: Value =
    given?.kind === "number" ? given.n : given?.kind === "vector" ? given.v : given?.kind === "matrix" ? given.m : [];
  return {
    symbolic: false,
    rows,
    ...t,
    matrix: zf.kind === "matrix",
    reduction,
    echo: { z: zf.kind === "vector" ? zf.v : zf.m, target },
  };
}

function derivationSteps(): Step[] {
  return [
    {
      title: "Softmax and cross-entropy",
      derivation: [
        { formula: softmaxFormula, reason: "softmax: positive, and Σₖ pₖ = 1" },
        { formula: lossFormula, reason: "cross-entropy against the target distribution y (one-hot for a class)" },
      ],
    },
    {
      title: "The softmax Jacobian",
      derivation: [
        {
          formula: F.eq(F.partial(p(S.i), z(S.j)), F.juxt(p(S.i), F.minus(delta, p(S.j)))),
          reason: "quotient rule on e^(zᵢ)/Σ e^(zₖ): pᵢ(1 − pᵢ) on the diagonal, −pᵢpⱼ off it",
        },
      ],
    },
    {
      title: "∂L/∂z",
      derivation: [
        {
          formula: F.eq(
            dL(z(S.j)),
            F.negF(F.sumOver(S.i, F.juxt(F.fracF(y(S.i), p(S.i)), F.partial(p(S.i), z(S.j))))),
            F.negF(F.sumOver(S.i, F.juxt(y(S.i), F.minus(delta, p(S.j))))),
          ),
          reason: "chain rule through log pᵢ",
        },
        { formula: F.eq(dL(z(S.j)), F.minus(p(S.j), y(S.j))), reason: "Σᵢ yᵢ = 1" },
      ],
    },
  ];
}

function symbolicSolution(): Solution {
  return {
    problem: "softmax-ce",
    title: "Softmax cross-entropy, in symbols",
    input: {},
    summary: "the derivation of ∂L/∂z = p − y; give z and a target for numbers",
    steps: derivationSteps(),
    answer: {},
    warnings: [],
  };
}

/** One sample: max shift, softmax with its per-class table, log-sum-exp, loss. */
function vectorSteps(input: SoftmaxInput, r: SoftmaxRow, loss: number, grad: number[]): Step[] {
  const zs = input.rows[0] as number[];
  const ys = input.targets[0] as number[];
  const n = F.num;
  const K_ = zs.length;
  const c = input.classes?.[0];
  return [
    {
      title: "Subtract the maximum",
      formula: F.eq(m, F.call("max", z(k))),
      value: r.max,
      notes: [
        "e^(zₖ − m) ≤ 1 cannot overflow, and p is unchanged: the factor e^(−m) cancels between numerator and sum",
      ],
    },
    {
      title: "Softmax",
      answerFields: ["p"],
      formula: F.eq(p(k), F.fracF(exp(F.minus(z(k), m)), F.sumOver(S.j, exp(F.minus(z(S.j), m))))),
      substitution: [
        F.fracF(
          F.listOf(K_, (j) => n(r.exps[j] as number)),
          n(r.sum),
        ),
      ],
      value: r.p,
      tables: [
        {
          columns: [
            { header: "k", cells: new RowNumbers(K_) },
            { header: z(k), cells: zs },
            { header: F.minus(z(k), m), cells: r.shifted },
            { header: exp(F.minus(z(k), m)), cells: r.exps },
            { header: p(k), cells: r.p },
            { header: y(k), cells: ys },
            { header: F.minus(p(k), y(k)), cells: grad },
          ],
        },
      ],
    },
    {
      title: "Log-sum-exp",
      answerFields: ["logSumExp"],
      formula: F.eq(log(F.sumOver(k, exp(z(k)))), F.plus(m, log(F.sumOver(k, exp(F.minus(z(k), m)))))),
      substitution: [F.plus(n(r.max), log(n(r.sum)))],
      value: r.logSumExp,
    },
    {
      title: "Cross-entropy loss",
      answerFields: ["loss"],
      formula: lossFormula,
      substitution:
        c === undefined
          ? [
              F.minus(
                n(r.logSumExp),
                F.sumOf(K_, (j) => F.times(n(ys[j] as number), n(zs[j] as number))),
              ),
            ]
          : [F.negF(log(n(r.p[c - 1] as number))), F.minus(n(r.logSumExp), n(zs[c - 1] as number))],
      value: loss,
      ...(c === undefined
        ? {}
        : { notes: [`the target is class ${c}: y is one-hot, so L = −log p${subscriptDigits(c)}`] }),
    },
  ];
}

/** The Jacobian table (K ≤ 8) and ∂L/∂z = p − y. */
function gradientSteps(r: SoftmaxRow, grad: number[]): Step[] {
  const K_ = r.p.length;
  const steps = derivationSteps().slice(1);
  const jacobian = steps[0] as Step;
  if (K_ <= JACOBIAN_MAX) {
    const J = softmaxJacobian(r.p);
    jacobian.answerFields = ["jacobian"];
    jacobian.tables = [
      {
        title: "∂pᵢ/∂zⱼ (row i, column j)",
        columns: [
          { header: "i \\ j", cells: new RowNumbers(K_) },
          ...J.map((_, j) => ({ header: String(j + 1), cells: J.map((row) => row[j] as number) })),
        ],
      },
    ];
  } else {
    jacobian.notes = [`K = ${K_} > ${JACOBIAN_MAX}: the ${K_} × ${K_} Jacobian is not printed`];
  }
  const result = steps[1] as Step;
  result.answerFields = ["grad"];
  result.value = grad;
  result.notes = [
    F.juxt(F.text("Σₖ ∂L/∂zₖ = "), F.num(grad.reduce((s, g) => s + g, 0)), F.text(" (p and y both sum to 1)")),
  ];
  return steps;
}

/**
 * Sample i's term of L as a function of its logits: ℓᵢ/N for the mean, ℓᵢ
 * for the sum. No other term depends on zᵢ, so a central difference of this
 * term along zᵢⱼ is one of L — without adding up the N − 1 terms that do not
 * change, whose rounding would swamp the difference over a large batch.
 */
function sampleTerm(input: SoftmaxInput, i: number): (zs: number[]) => number {
  const target = input.targets[i] as number[];
  const n = input.reduction === "mean" ? input.rows.length : 1;
  return (zs) => crossEntropy(zs, target, softmaxRow(zs).logSumExp) / n;
}

function finiteDifferenceStep(input: SoftmaxInput, grads: number[][]): Step {
  const classes = (input.rows[0] as number[]).length;
  const count = input.rows.length * classes;
  const rows = checkedCoordinates(count).map((at) => {
    const i = Math.floor(at / classes);
    const j = at % classes;
    const name = input.matrix ? `z[${i + 1}][${j + 1}]` : z(j + 1);
    const term = sampleTerm(input, i);
    const zs = input.rows[i] as number[];
    return gradcheckRow<Formula | string>(name, (grads[i] as number[])[j] as number, partialDifference(term, zs, j), {
      loss: term(zs),
      h: relativeStep(zs[j] as number),
    });
  });
  return gradcheckStep(
    "Finite-difference check of ∂L/∂z",
    rows,
    "logit",
    count > FD_COORDINATES ? [`${FD_COORDINATES} of the ${count} logits, spread evenly`] : [],
  );
}

/** A batch: a table of each sample's numbers, then p and the gradient as tables with a column per class. */
function matrixSteps(input: SoftmaxInput, rs: SoftmaxRow[], losses: number[], grads: number[][]): Step[] {
  const N = rs.length;
  const classes = (input.rows[0] as number[]).length;
  const perClass = (pick: (i: number) => readonly number[], head: (j: number) => Formula): Column[] => [
    { header: "i", cells: new RowNumbers(N) },
    ...Array.from({ length: Math.min(classes, 64) }, (_, j) => ({
      header: head(j + 1),
      cells: Array.from({ length: N }, (_, i) => pick(i)[j] as number),
    })),
  ];
  const scale = input.reduction === "mean" ? F.fracF(F.num(1), F.sym("N")) : F.num(1);
  return [
    {
      title: "Each sample: max, log-sum-exp and loss",
      answerFields: ["logSumExp"],
      formula: F.eq(
        ix(S.L, S.i),
        F.minus(ix(F.sym("lse"), S.i), F.sumOver(k, F.juxt(ix(S.y, F.juxt(S.i, k)), ix(S.z, F.juxt(S.i, k))))),
      ),
      tables: [
        {
          columns: [
            { header: "i", cells: new RowNumbers(N) },
            { header: "max", cells: rs.map((r) => r.max) },
            { header: "log-sum-exp", cells: rs.map((r) => r.logSumExp) },
            ...(input.classes ? [{ header: "class", cells: input.classes }] : []),
            { header: ix(S.L, S.i), cells: losses },
          ],
        },
      ],
      notes: ["each row is shifted by its own max before e^z, as for one sample"],
    },
    {
      title: "Softmax of each row",
      answerFields: ["p"],
      formula: softmaxFormula,
      tables: [
        {
          columns: perClass(
            (i) => (rs[i] as SoftmaxRow).p,
            (j) => p(j),
          ),
        },
      ],
    },
    {
      title: input.reduction === "mean" ? "Loss: the mean over the batch" : "Loss: the sum over the batch",
      answerFields: ["loss"],
      formula: F.eq(S.L, F.juxt(scale, F.sumOver(S.i, ix(S.L, S.i), F.num(1), F.sym("N")))),
      value: reduce(input, losses),
    },
    {
      title: "∂L/∂z",
      answerFields: ["grad"],
      formula: F.eq(
        dL(ix(S.z, F.juxt(S.i, k))),
        F.juxt(scale, F.minus(ix(F.sym("p"), F.juxt(S.i, k)), ix(S.y, F.juxt(S.i, k)))),
      ),
      tables: [
        {
          columns: perClass(
            (i) => grads[i] as number[],
            (j) => dL(z(j)),
          ),
        },
      ],
      notes: input.reduction === "mean" ? [`the mean divides each sample's p − y by N = ${N}`] : [],
    },
  ];
}

function reduce(input: SoftmaxInput, losses: number[]): number {
  const total = losses.reduce((s, v) => s + v, 0);
  return input.reduction === "mean" ? total / losses.length : total;
}

function solve(input: SoftmaxInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const rs = input.rows.map(softmaxRow);
  const losses = rs.map((r, i) => crossEntropy(input.rows[i] as number[], input.targets[i] as number[], r.logSumExp));
  const scale = input.matrix && input.reduction === "mean" ? 1 / rs.length : 1;
  const grads = rs.map((r, i) => crossEntropyGradient(r.p, input.targets[i] as number[], scale));
  const one = rs[0] as SoftmaxRow;
  const steps: Step[] = input.matrix
    ? [...derivationSteps().slice(0, 1), ...matrixSteps(input, rs, losses, grads)]
    : [
        ...derivationSteps().slice(0, 1),
        ...vectorSteps(input, one, losses[0] as number, grads[0] as number[]),
        ...gradientSteps(one, grads[0] as number[]),
      ];
  steps.push(finiteDifferenceStep(input, grads));
  const answer: Record<string, AnswerValue> = input.matrix
    ? { p: rs.map((r) => r.p), loss: reduce(input, losses), grad: grads, logSumExp: rs.map((r) => r.logSumExp) }
    : { p: one.p, loss: losses[0] as number, grad: grads[0] as number[], logSumExp: one.logSumExp };
  if (!input.matrix && one.p.length <= JACOBIAN_MAX) answer.jacobian = softmaxJacobian(one.p);
  const N = rs.length;
  const classes = one.p.length;
  return {
    problem: "softmax-ce",
    title: "Softmax cross-entropy",
    input: { z: input.echo.z, target: input.echo.target, ...(input.matrix ? { reduction: input.reduction } : {}) },
    summary: [
      input.matrix
        ? `${N} samples × ${classes} classes, ${input.reduction} over the batch`
        : `one sample, ${classes} classes`,
      input.classes ? "class targets (counted from 1)" : "probability targets",
      "float64: e^z is irrational",
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

/** SPEC 6.2 for softmax-ce: y − p for p − y; the summed loss's gradient where the mean was asked. */
function mistakes(input: SoftmaxInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const grad = sol.answer.grad as number[] | number[][];
  const scaled = (k: number): AnswerValue =>
    input.matrix ? (grad as number[][]).map((r) => r.map((g) => k * g)) : (grad as number[]).map((g) => k * g);
  const out: Mistake[] = [
    {
      id: "sign-flip",
      answer: { grad: scaled(-1) },
      says: (field, given) => `your ${field} ${given} is y − p, the gradient's negative; ∂L/∂z = p − y`,
    },
  ];
  const N = input.rows.length;
  if (input.matrix && input.reduction === "mean" && N > 1) {
    out.push({
      id: "no-batch-mean",
      answer: { grad: scaled(N) },
      says: (field, given) =>
        `your ${field} ${given} is the gradient of the summed loss; the mean over N = ${N} samples divides it by ${N}`,
    });
  }
  return out;
}

/** Practice (SPEC 4.12): one sample, logits that give short decimals or small whole numbers. */
const practice: PracticeGenerator = {
  guarantee:
    "K = 3 or 4 classes; half the time logits zₖ = ln nₖ with whole nₖ summing to 4, 5, 8 or 10, so p = n/Σn " +
    "and p − y are short decimals; else whole-number logits from −2 to 3",
  generate(rng) {
    const K = rng.pick([3, 4]);
    let z: Array<number | string>;
    let shown: Array<number | string>;
    if (rng.chance(0.5)) {
      let n: number[];
      do n = rng.ints(K, 1, 5);
      while (![4, 5, 8, 10].includes(n.reduce((s, v) => s + v, 0)));
      z = n.map((v) => (v === 1 ? "0" : `log(${v})`));
      shown = n.map((v) => (v === 1 ? "0" : `ln ${v}`));
    } else {
      z = rng.ints(K, -2, 3);
      shown = z;
    }
    const target = rng.int(1, K);
    return {
      input: { z, target },
      statement: [
        `A classifier outputs the logits z = ${listText(shown)} for K = ${K} classes; the correct class is ` +
          `${target} (classes counted from 1). The loss is the cross-entropy of softmax(z).`,
        ...lettered([
          "Compute the softmax probabilities p. Why may max(z) be subtracted from every logit first?",
          "Compute the loss L = −log p_y.",
          "Compute the gradient ∂L/∂z.",
        ]),
      ],
    };
  },
};

/** --plot: p per class as bars, the target class marked (the first 8 samples of a batch). */
function plots(input: SoftmaxInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const rows = (input.matrix ? sol.answer.p : [sol.answer.p]) as number[][];
  return rows.slice(0, 8).map((p, i) => {
    const y = input.targets[i] as number[];
    return {
      kind: "bar",
      title: input.matrix ? `p for sample ${i + 1}` : "p = softmax(z)",
      labels: p.map((_, k) => `class ${k + 1}`),
      values: p,
      notes: y.map((v) => (v === 0 ? undefined : input.classes ? "target" : `target ${v}`)),
    };
  });
}

export const softmaxCe = defineProblem<SoftmaxInput>({
  name: "softmax-ce",
  summary: "softmax followed by cross-entropy: p, the loss, log-sum-exp, and ∂L/∂z = p − y through the Jacobian",
  positional: "z",
  fields: {
    z: { kind: "vectorOrMatrix", help: "the logits: a vector of K, or an N × K matrix with rows = samples" },
    target: {
      kind: "numberVectorOrMatrix",
      help: "the class (1…K), or K probabilities summing to 1; for a matrix z, N classes or an N × K matrix",
    },
    reduction: { kind: "choice", choices: ["mean", "sum"], help: "mean (default, as PyTorch) or sum over a batch" },
  },
  answers: {
    p: "the softmax probabilities, the shape of z",
    loss: "the cross-entropy (averaged or summed over a batch)",
    grad: "∂L/∂z = p − y (÷ N for the mean), the shape of z",
    logSumExp: "log Σₖ e^(zₖ), one per sample",
    jacobian: "∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), for one sample with K ≤ 8",
  },
  expectExample: `softmax-ce 2 1 0 --target 1 --expect '{"p": [0.665, 0.245, 0.09], "loss": 0.408}'`,
  examples: [
    "softmax-ce",
    "softmax-ce 2 1 0 --target 1",
    "softmax-ce --z 0.5,1.5,-1 --target 0.2,0.7,0.1",
    'softmax-ce --z "1 2 3; 1 0 0" --target 3,1 --reduction sum',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "p per class as bars, the target marked",
  plots,
});
