import {
  checkedCoordinates,
  FD_COORDINATES,
  gradcheckRow,
  partialDifference,
  relativeStep,
} from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import { crossEntropy, type SoftmaxRow, softmaxJacobian, softmaxRow } from "../../core/softmax.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { type Column, RowNumbers, type Step } from "../../solution/solution.js";
import { gradcheckStep, ix, reductionSubstitution, subscriptDigits } from "../common.js";
import type { SoftmaxInput } from "./input.js";

/** The Jacobian is printed up to this many classes. */
export const JACOBIAN_MAX = 8;

export const K = F.sym("K");

export const p = (i: Formula | number) => ix(F.sym("p"), typeof i === "number" ? F.num(i) : i);

export const y = (i: Formula | number) => ix(S.y, typeof i === "number" ? F.num(i) : i);

export const z = (i: Formula | number) => ix(S.z, typeof i === "number" ? F.num(i) : i);

export const k = F.sym("k");

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

export function derivationSteps(): Step[] {
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

/** m = max z: e^(zₖ − m) ≤ 1 cannot overflow. The logits as given (`given`) print as typed, the max exactly. */
function maxStep(zs: readonly number[], r: SoftmaxRow, given?: readonly Scalar[]): Step {
  const shown: readonly Scalar[] = given ?? zs;
  return {
    title: "Subtract the maximum",
    formula: F.eq(m, F.call("max", z(k))),
    substitution: [F.call("max", ...shown.map((v) => F.num(v)))],
    // the max is one of the logits, not arithmetic: the given one, exact when it was
    value: shown[zs.indexOf(r.max)] ?? r.max,
    notes: ["e^(zₖ − m) ≤ 1 cannot overflow, and p is unchanged: the factor e^(−m) cancels between numerator and sum"],
  };
}

/** pₖ = e^(zₖ − m)/Σⱼ e^(zⱼ − m), its table with `more` columns after p (a target's y and p − y). */
function softmaxStep(zs: readonly number[], r: SoftmaxRow, more: Column[]): Step {
  const K_ = zs.length;
  return {
    title: "Softmax",
    answerFields: ["p"],
    formula: F.eq(p(k), F.fracF(exp(F.minus(z(k), m)), F.sumOver(S.j, exp(F.minus(z(S.j), m))))),
    substitution: [
      F.fracF(
        F.listOf(K_, (j) => F.num(r.exps[j] as number)),
        F.num(r.sum),
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
          ...more,
        ],
      },
    ],
  };
}

function logSumExpStep(r: SoftmaxRow): Step {
  return {
    title: "Log-sum-exp",
    answerFields: ["logSumExp"],
    formula: F.eq(log(F.sumOver(k, exp(z(k)))), F.plus(m, log(F.sumOver(k, exp(F.minus(z(k), m)))))),
    substitution: [F.plus(F.num(r.max), log(F.num(r.sum)))],
    value: r.logSumExp,
  };
}

/** The softmax of one sample alone (no target given): m, p and the log-sum-exp. */
export function softmaxOnlySteps(zs: readonly number[], r: SoftmaxRow, given?: readonly Scalar[]): Step[] {
  return [maxStep(zs, r, given), softmaxStep(zs, r, []), logSumExpStep(r), jacobianStep(r)];
}

/** The softmax of each sample of a batch (no target given), as a table. */
export function batchSoftmaxStep(rs: SoftmaxRow[]): Step {
  const N = rs.length;
  const classes = (rs[0] as SoftmaxRow).p.length;
  return {
    title: "Each sample's softmax",
    answerFields: ["p", "logSumExp"],
    formula: F.eq(
      ix(F.sym("p"), F.juxt(S.i, k)),
      F.fracF(
        exp(F.minus(ix(S.z, F.juxt(S.i, k)), ix(m, S.i))),
        F.sumOver(S.j, exp(F.minus(ix(S.z, F.juxt(S.i, S.j)), ix(m, S.i)))),
      ),
    ),
    tables: [
      {
        columns: [
          { header: "i", cells: new RowNumbers(N) },
          { header: ix(m, S.i), cells: rs.map((r) => r.max) },
          ...Array.from({ length: Math.min(classes, 64) }, (_, j) => ({
            header: ix(F.sym("p"), F.juxt(S.i, F.num(j + 1))),
            cells: rs.map((r) => r.p[j] as number),
          })),
          { header: "log-sum-exp", cells: rs.map((r) => r.logSumExp) },
        ],
      },
    ],
    notes: [
      "each row is shifted by its own max m_i before e^z",
      ...(classes > 64 ? [`the first 64 of ${classes} classes shown; --format json has every p`] : []),
    ],
  };
}

/** One sample: max shift, softmax with its per-class table, log-sum-exp, loss. */
export function vectorSteps(input: SoftmaxInput, r: SoftmaxRow, loss: number, grad: number[]): Step[] {
  const zs = input.rows[0] as number[];
  const ys = input.targets[0] as number[];
  const n = F.num;
  const K_ = zs.length;
  const c = input.classes?.[0];
  return [
    maxStep(zs, r, input.echo.z as Scalar[]),
    softmaxStep(zs, r, [
      { header: y(k), cells: ys },
      { header: F.minus(p(k), y(k)), cells: grad },
    ]),
    logSumExpStep(r),
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

/** The softmax Jacobian ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), with its table for K ≤ 8. */
function jacobianStep(r: SoftmaxRow): Step {
  const K_ = r.p.length;
  const jacobian = derivationSteps()[1] as Step;
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
  return jacobian;
}

/**
 * Σₖ ∂L/∂zₖ, which is 0 (p and y both sum to 1): a float64 sum of the size of the rounding of its terms is shown
 * as 0, with the residue said, not as −3.46945e-18.
 */
function sumNote(grad: readonly number[]): Formula {
  const sum = grad.reduce((s, g) => s + g, 0);
  const size = grad.reduce((s, g) => s + Math.abs(g), 0);
  if (sum !== 0 && Math.abs(sum) <= 8 * Number.EPSILON * size) {
    return F.juxt(F.text("Σₖ ∂L/∂zₖ = 0 (p and y both sum to 1; float64's rounding leaves "), F.num(sum), F.text(")"));
  }
  return F.juxt(F.text("Σₖ ∂L/∂zₖ = "), F.num(sum), F.text(" (p and y both sum to 1)"));
}

/** The Jacobian table (K ≤ 8) and ∂L/∂z = p − y. */
export function gradientSteps(r: SoftmaxRow, grad: number[], ys: readonly number[]): Step[] {
  const steps = [jacobianStep(r), derivationSteps()[2] as Step];
  const result = steps[1] as Step;
  result.answerFields = ["grad"];
  result.substitution = [F.listOf(grad.length, (j) => F.minus(F.num(r.p[j] as number), F.num(ys[j] as number)))];
  result.value = grad;
  result.notes = [sumNote(grad)];
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

export function finiteDifferenceStep(input: SoftmaxInput, grads: number[][]): Step {
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
export function matrixSteps(input: SoftmaxInput, rs: SoftmaxRow[], losses: number[], grads: number[][]): Step[] {
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
      substitution: reductionSubstitution(losses, input.reduction === "mean"),
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

export function reduce(input: SoftmaxInput, losses: number[]): number {
  const total = losses.reduce((s, v) => s + v, 0);
  return input.reduction === "mean" ? total / losses.length : total;
}
