// The steps that batch and layer normalisation share: the symbols of one
// group (a batchnorm column, a layernorm row) and its mean, variance and σ
// steps. The axis is a parameter: batchnorm's group is feature j over the
// m samples (xᵢⱼ summed over i); layernorm's is sample i over its D
// features (xᵢⱼ summed over j).

import { type GroupStatistics, groupStatistics, type NormalizedGroup, normalizeGroup } from "../core/normalize.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { VarianceKind } from "../core/stats.js";
import { fieldError } from "../errors.js";
import type { Chart } from "../solution/chart.js";
import type { Formula } from "../solution/formula.js";
import * as F from "../solution/formula.js";
import { S } from "../solution/formula.js";
import { type AnswerValue, RowNumbers, type Solution, type Step } from "../solution/solution.js";
import { idx, ix, squared } from "./common.js";
import type { Mistake } from "./problem.js";

/** Which axis a group runs along. */
export interface Axis {
  /** "column" (batchnorm: one feature over the batch) or "sample" (layernorm: one sample's features) */
  word: "column" | "sample";
  /** The index summed over within a group, and the group's size: i and m, or j and D. */
  index: Formula;
  count: Formula;
  /** The element symbol xᵢⱼ from the group's number and the index (order as the maths writes it). */
  element(base: Formula, group: Formula, index: Formula): Formula;
}

export const COLUMN_AXIS: Axis = {
  word: "column",
  index: S.i,
  count: S.m,
  element: (base, group, index) => ix(base, F.juxt(index, group)),
};

export const SAMPLE_AXIS: Axis = {
  word: "sample",
  index: S.j,
  count: F.sym("D"),
  element: (base, group, index) => ix(base, F.juxt(group, index)),
};

export type GroupSymbols = ReturnType<typeof makeSymbols>;

/**
 * Symbols and general formulas for group g (undefined when there is only
 * one): μ or μ₂, σ² or σ₂², xᵢ or xᵢ₂. Built once per group and shared by
 * every solution, so a stream of problems does not rebuild (or reprint) them.
 */
const symbolCache = new Map<string, GroupSymbols>();
export function groupSymbols(axis: Axis, g: number | undefined): GroupSymbols {
  // one group (g undefined) is the common case: its key is the axis's own word, no string made per call
  const key = g === undefined ? axis.word : `${axis.word}:${g}`;
  let s = symbolCache.get(key);
  if (!s) {
    s = makeSymbols(axis, g);
    for (const v of Object.values(s)) if (typeof v === "object") F.shared(v);
    symbolCache.set(key, s);
  }
  return s;
}

function makeSymbols(axis: Axis, g: number | undefined) {
  const tag = (base: Formula) => (g === undefined ? base : ix(base, idx(g + 1)));
  const el = (base: Formula) => (g === undefined ? ix(base, axis.index) : axis.element(base, idx(g + 1), axis.index));
  const [xi, xhati, yi] = [el(S.x), el(S.xhat), el(S.y)];
  const mu = tag(S.mu);
  const variance = squared(S.sigma, g === undefined ? undefined : g + 1);
  const sigma = tag(S.sigma);
  const gamma = tag(S.gamma);
  const beta = tag(S.beta);
  const { index, count } = axis;
  const deviationSquares = F.sumOver(index, F.pow(F.minus(xi, mu), F.num(2)), F.num(1), count);
  return {
    mu,
    variance,
    sigma,
    gamma,
    beta,
    xi,
    xhati,
    yi,
    where: g === undefined ? "" : ` of ${axis.word} ${g + 1}`,
    meanFormula: F.eq(mu, F.juxt(F.fracF(F.num(1), count), F.sumOver(index, xi, F.num(1), count))),
    biasedFormula: F.eq(variance, F.juxt(F.fracF(F.num(1), count), deviationSquares)),
    unbiasedFormula: F.eq(variance, F.juxt(F.fracF(F.num(1), F.minus(count, F.num(1))), deviationSquares)),
    stdFormula: F.eq(sigma, F.sqrtF(variance)),
    stdEpsFormula: F.eq(sigma, F.sqrtF(F.plus(variance, S.eps))),
    normaliseFormula: F.eq(xhati, F.fracF(F.minus(xi, mu), sigma)),
    scaleFormula: F.eq(yi, F.plus(F.juxt(gamma, xhati), beta)),
    deviation: F.minus(xi, mu),
  };
}

export interface GroupSettings {
  axis: Axis;
  /** The group's number (0-based), or undefined when there is only one group. */
  group: number | undefined;
  eps: Scalar;
  variance: VarianceKind;
  /** The field x as the user named it, for the zero-variance error. */
  label: string;
  /** Mark the answer fields on these steps (the first group's). */
  answers: boolean;
  /** The note under the variance step: why this divisor. */
  varianceNote: string;
}

export type { NormalizedGroup };

/** The step, marked as giving answer field `name` when `answers` (the first group's steps). */
function answering(step: Step, answers: boolean, name: string): Step {
  if (answers) step.answerFields = [name];
  return step;
}

/** The exponent of a square in a substitution: one node wherever it appears. */
const TWO = F.num(2);

/** The mean, variance and σ steps of one group, written from its record `st`. */
export function statisticsSteps(xs: readonly Scalar[], o: GroupSettings, st: NormalizedGroup): Step[] {
  const n = xs.length;
  const s = groupSymbols(o.axis, o.group);
  const steps: Step[] = [];
  const count = F.num(n);
  const mean = F.num(st.mean);
  steps.push(
    answering(
      {
        title: `Mean${s.where}`,
        formula: s.meanFormula,
        substitution: [
          F.fracF(
            F.sumOf(n, (i) => F.num(xs[i]!)),
            count,
          ),
          F.fracF(F.num(st.total), count),
        ],
        value: st.mean,
      },
      o.answers,
      "mean",
    ),
  );
  const divisor = F.num(st.divisor);
  steps.push(
    answering(
      {
        title: `Variance${s.where}`,
        formula: o.variance === "biased" ? s.biasedFormula : s.unbiasedFormula,
        substitution: [
          F.fracF(
            F.sumOf(n, (i) => F.pow(F.minus(F.num(xs[i]!), mean), TWO)),
            divisor,
          ),
          F.fracF(
            F.sumOf(n, (i) => F.num(st.squares[i]!)),
            divisor,
          ),
          F.fracF(F.num(st.sumSquares), divisor),
        ],
        value: st.variance,
        notes: [o.varianceNote],
      },
      o.answers,
      "variance",
    ),
  );
  steps.push(answering(stdStep(st, st.std, o.eps, s), o.answers, "std"));
  return steps;
}

/** A zero σ² + ε is an input error naming x and the group: x̂ = (x − μ)/σ̂ would divide by zero. */
function refuseZeroVariance(st: GroupStatistics, o: GroupSettings): void {
  if (sc.isZero(st.shifted)) {
    const which =
      o.group === undefined ? `the ${o.axis.word === "column" ? "batch" : "sample"}` : `${o.axis.word} ${o.group + 1}`;
    // Values that differ whose variance is 0 went past exact arithmetic's size into float64 and underflowed.
    const off = st.deviations.find((d) => !sc.isZero(d));
    throw fieldError(
      o.label,
      off === undefined
        ? `${which} has variance 0 (all values equal), so x̂ = (x − μ)/σ divides by zero; ` +
            "give --eps (PyTorch uses 1e-5)"
        : `${which} has a variance too small for float64 (x − μ = ${sc.toNumber(off)}, ` +
            `squared, underflows to 0), so x̂ = (x − μ)/σ divides by zero; scale x up or give --eps`,
    );
  }
}

/** Past this many groups the statistics are one table, a row per group, instead of three steps each. */
export const MAX_GROUP_STEPS = 8;

/** A group's whole record from core: statistics, σ̂, x̂ and y = γx̂ + β (γ and β by position in the group). */
export function groupResult(
  xs: readonly Scalar[],
  o: GroupSettings,
  gamma: (i: number) => Scalar,
  beta: (i: number) => Scalar,
): NormalizedGroup {
  const st = groupStatistics(xs, o.eps, o.variance);
  refuseZeroVariance(st, o);
  return normalizeGroup(st, gamma, beta);
}

/** Many groups: μ, σ² and σ of each as one table (long tables are elided by the renderers). */
export function statisticsTable(
  results: readonly NormalizedGroup[],
  o: Omit<GroupSettings, "group" | "answers">,
): Step {
  const { index, count } = o.axis;
  const g = o.axis.word === "column" ? S.j : S.i;
  const sigma = ix(S.sigma, g);
  return {
    title: `Mean, variance and σ of each ${o.axis.word}`,
    answerFields: ["mean", "variance", "std"],
    formula: F.eq(ix(S.mu, g), F.juxt(F.fracF(F.num(1), count), F.sumOver(index, o.axis.element(S.x, g, index)))),
    tables: [
      {
        columns: [
          { header: o.axis.word === "column" ? "j" : "i", cells: new RowNumbers(results.length) },
          { header: ix(S.mu, g), cells: results.map((r) => r.mean) },
          { header: F.superscript(sigma, 2), cells: results.map((r) => r.variance) },
          { header: sigma, cells: results.map((r) => r.std) },
        ],
      },
    ],
    notes: [
      o.varianceNote,
      ...(sc.isZero(o.eps)
        ? []
        : [
            F.juxt(
              F.eq(sigma, F.sqrtF(F.plus(F.superscript(sigma, 2), S.eps))),
              F.text(", with "),
              F.eq(S.eps, F.num(o.eps)),
            ),
          ]),
    ],
  };
}

function stdStep(st: GroupStatistics, std: Scalar, eps: Scalar, s: GroupSymbols): Step {
  const notes: Formula[] = [];
  if (!sc.isExact(std) && sc.isExact(st.shifted)) {
    notes.push(F.juxt(F.sqrtF(F.num(st.shifted)), F.text(" is irrational: from here on the arithmetic is float64")));
  }
  const epsZero = sc.isZero(eps);
  return {
    title: epsZero ? `Standard deviation${s.where}` : `Standard deviation with ε${s.where}`,
    formula: epsZero ? s.stdFormula : s.stdEpsFormula,
    substitution: epsZero
      ? [F.sqrtF(F.num(st.variance))]
      : [F.sqrtF(F.plus(F.num(st.variance), F.num(eps))), F.sqrtF(F.num(st.shifted))],
    value: std,
    notes,
  };
}

/**
 * Each entry of a normalised answer (x̂, y) mapped with its group (the
 * feature for batchnorm, the sample for layer norm) and its feature. A matrix
 * is samples × features; a vector is a single group.
 */
export function eachEntry(
  axis: Axis,
  v: AnswerValue,
  f: (x: Scalar, group: number, feature: number) => Scalar,
): AnswerValue {
  const column = axis.word === "column";
  const rows = v as ReadonlyArray<Scalar | readonly Scalar[]>;
  if (rows.every((r) => Array.isArray(r))) {
    return (rows as Scalar[][]).map((row, i) => row.map((x, j) => f(x, column ? j : i, j)));
  }
  return (rows as Scalar[]).map((x, k) => f(x, 0, column ? 0 : k));
}

/** A group's statistic (mean, variance, σ): one number when there is a single group. */
export function ofGroup(v: AnswerValue, group: number): Scalar {
  return Array.isArray(v) ? v[group]! : (v as Scalar);
}

/** y = γx̂ + β entry by entry, γ and β per feature. */
export function affine(axis: Axis, xhat: AnswerValue, gamma: readonly Scalar[], beta: readonly Scalar[]): AnswerValue {
  return eachEntry(axis, xhat, (x, _g, j) => sc.add(sc.mul(gamma[j]!, x), beta[j]!));
}

/** The mistakes batchnorm and layer norm share (SPEC 6.2): σ for σ², x̂ divided by σ², y without γ and β. */
export function sharedMistakes(
  axis: Axis,
  sol: Solution,
  gamma: readonly Scalar[],
  beta: readonly Scalar[],
): Mistake[] {
  const a = sol.answer as Record<string, AnswerValue>;
  const overVariance = eachEntry(axis, a.xhat as AnswerValue, (x, g) => sc.div(x, ofGroup(a.std as AnswerValue, g)));
  return [
    {
      id: "std-for-variance",
      answer: { variance: a.std as AnswerValue, std: a.variance as AnswerValue },
      says: (field, given) =>
        field.startsWith("variance")
          ? `your ${field} ${given} is σ; the variance is σ²`
          : `your ${field} ${given} is σ²; σ is its square root`,
    },
    {
      id: "divided-by-variance",
      answer: { xhat: overVariance, y: affine(axis, overVariance, gamma, beta) },
      says: (field, given) => `your ${field} ${given} divides x − μ by σ²; x̂ = (x − μ)/σ divides by σ = √σ²`,
    },
    {
      id: "forgot-affine",
      answer: { y: a.xhat as AnswerValue },
      says: (field, given) => `your ${field} ${given} is x̂ itself; y = γx̂ + β scales and shifts it`,
    },
  ];
}

/** The values of group g of an answer the shape of x, in float64 (a vector is the one group). */
function groupValues(axis: Axis, v: AnswerValue, g: number): number[] {
  const rows = v as ReadonlyArray<Scalar | readonly Scalar[]>;
  if (!rows.every((r) => Array.isArray(r))) return (rows as Scalar[]).map(sc.toNumber);
  const M = rows as Scalar[][];
  return axis.word === "column" ? M.map((r) => sc.toNumber(r[g]!)) : M[g]!.map(sc.toNumber);
}

/** --plot for batchnorm and layer norm: each group's x, x̂ and y on one axis (the first 4 groups). */
export function normalisationPlots(axis: Axis, groups: readonly (readonly Scalar[])[], sol: Solution): Chart[] {
  const several = groups.length > 1;
  const name = axis.word === "column" ? "feature" : "sample";
  return groups.slice(0, 4).map((xs, g) => ({
    kind: "strip",
    title: several ? `${name} ${g + 1}: x, x̂ and y on one axis` : "x, x̂ and y on one axis",
    rows: [
      { name: "x", values: xs.map(sc.toNumber) },
      { name: "x̂", values: groupValues(axis, sol.answer.xhat as AnswerValue, g) },
      { name: "y", values: groupValues(axis, sol.answer.y as AnswerValue, g) },
    ],
  }));
}

/**
 * The backward pass of a normalisation in symbols, down to the Jacobian form an exam asks for:
 * ∂L/∂x = (1/σ)(I − 𝟏𝟏ᵀ/n − x̂x̂ᵀ/n)∂L/∂x̂ over a group of n (m samples for batchnorm, D features for
 * layernorm), with the biased variance.
 */
export function symbolicBackwardStep(
  count: "m" | "D",
  gammaOf: (k: Formula) => Formula,
  [i, j]: [Formula, Formula],
  what: string,
): Step {
  const dL = (wrt: Formula) => F.partial(S.L, wrt);
  const n = F.sym(count);
  const xh = (k: Formula) => ix(S.xhat, k);
  const sigma = F.sym("σ", "\\sigma");
  const one = F.sym("𝟏", "\\mathbf{1}");
  const T = (v: Formula) => F.superscript(v, F.sym("T"));
  const xhatV = S.xhat;
  return {
    title: "The backward pass, in symbols",
    derivation: [
      { formula: F.eq(dL(xh(i)), F.juxt(gammaOf(i), dL(ix(S.y, i)))), reason: "through y = γx̂ + β" },
      {
        formula: F.eq(
          dL(ix(S.x, i)),
          F.juxt(
            F.fracF(F.num(1), F.juxt(n, sigma)),
            F.paren(
              F.minus(
                F.minus(F.juxt(n, dL(xh(i))), F.sumOver(j, dL(xh(j)))),
                F.juxt(xh(i), F.sumOver(j, F.juxt(dL(xh(j)), xh(j)))),
              ),
            ),
          ),
        ),
        reason: `x reaches the loss through x̂ directly, through the mean μ and through σ (${what})`,
      },
      {
        formula: F.eq(
          dL(S.x),
          F.juxt(
            F.fracF(F.num(1), sigma),
            F.paren(F.minus(F.minus(F.sym("I"), F.fracF(F.juxt(one, T(one)), n)), F.fracF(F.juxt(xhatV, T(xhatV)), n))),
            dL(xhatV),
          ),
        ),
        reason: `the same as a matrix: the Jacobian ∂x̂/∂x = (1/σ)(I − 𝟏𝟏ᵀ/${count} − x̂x̂ᵀ/${count}) is symmetric`,
      },
    ],
    notes: [
      "the Jacobian's null space holds 𝟏 and x̂: shifting or scaling the group leaves x̂ unchanged, so ∂L/∂x sums to 0",
    ],
  };
}
