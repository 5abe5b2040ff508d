import type { Scalar } from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { type AnswerValue, type Column, RowNumbers, type Step, type Value } from "../../solution/solution.js";
import { ix } from "../common.js";
import {
  COLUMN_AXIS,
  type GroupSettings,
  groupResult,
  groupSymbols,
  MAX_GROUP_STEPS,
  type NormalizedGroup,
  statisticsSteps,
  statisticsTable,
} from "../normalization.js";
import type { BatchnormInput } from "./input.js";

export type FeatureResult = NormalizedGroup;

/** Up to this many features, x̂ and y are tables with a column per feature (the renderers elide the middle ones). */
const MAX_TABLE_FEATURES = 64;

/** The group settings of feature j. */
function columnSettings(input: BatchnormInput, j: number): GroupSettings {
  return {
    axis: COLUMN_AXIS,
    group: input.matrix ? j : undefined,
    eps: input.eps,
    variance: input.variance,
    label: input.label,
    answers: j === 0,
    varianceNote:
      input.variance === "biased"
        ? "biased variance: divide by m, as batchnorm does in training"
        : "unbiased variance: divide by m − 1 (what PyTorch keeps as the running variance)",
  };
}

/** Each feature's numbers from core, before any step is written: statistics, σ̂, x̂ and y = γx̂ + β. */
export function featureResults(input: BatchnormInput): FeatureResult[] {
  const results: FeatureResult[] = [];
  for (let j = 0; j < input.columns.length; j++) {
    const gamma = input.gamma[j]!;
    const beta = input.beta[j]!;
    results.push(
      groupResult(
        input.columns[j] as Scalar[],
        columnSettings(input, j),
        () => gamma,
        () => beta,
      ),
    );
  }
  return results;
}

/** The mean, variance and σ steps of each feature; past MAX_GROUP_STEPS features, one table of them. */
export function statisticsStepsOf(input: BatchnormInput, results: readonly FeatureResult[]): Step[] {
  if (results.length > MAX_GROUP_STEPS) return [statisticsTable(results, columnSettings(input, 0))];
  return results.flatMap((r, j) => statisticsSteps(input.columns[j] as Scalar[], columnSettings(input, j), r));
}

/** Normalise and scale one vector, substituted entry by entry, with the table of every value. */
export function vectorSteps(input: BatchnormInput, r: FeatureResult): Step[] {
  const xs = input.columns[0] as Scalar[];
  const s = groupSymbols(COLUMN_AXIS, undefined);
  const m = xs.length;
  const g = input.gamma[0]!;
  const b = input.beta[0]!;
  return [
    {
      title: "Normalise",
      answerFields: ["xhat"],
      formula: s.normaliseFormula,
      substitution: [F.listOf(m, (i) => F.fracF(F.minus(F.num(xs[i]!), F.num(r.mean)), F.num(r.std)))],
      value: r.xhat,
    },
    {
      title: "Scale and shift",
      answerFields: ["y"],
      formula: s.scaleFormula,
      substitution: [F.listOf(m, (i) => F.plus(F.times(F.num(g), F.num(r.xhat[i]!)), F.num(b)))],
      value: r.y,
      tables: [
        {
          columns: [
            { header: "i", cells: new RowNumbers(xs.length) },
            { header: s.xi, cells: xs },
            { header: s.deviation, cells: r.deviations },
            { header: s.normaliseFormula, cells: r.xhat },
            { header: s.scaleFormula, cells: r.y },
          ],
        },
      ],
    },
  ];
}

/** Normalise and scale a matrix: a table per step, one column per feature. */
export function matrixSteps(input: BatchnormInput, results: FeatureResult[]): Step[] {
  const m = input.columns[0]!.length;
  const xij = (base: Formula) => ix(base, F.juxt(S.i, S.j));
  const normalise = F.eq(xij(S.xhat), F.fracF(F.minus(xij(S.x), ix(S.mu, S.j)), ix(S.sigma, S.j)));
  const scale = F.eq(xij(S.y), F.plus(F.juxt(ix(S.gamma, S.j), xij(S.xhat)), ix(S.beta, S.j)));
  if (results.length > MAX_TABLE_FEATURES) {
    const note = `${m} × ${results.length} values: the answer lists them (--format json has every one)`;
    return [
      { title: "Normalise each column", answerFields: ["xhat"], formula: normalise, notes: [note] },
      { title: "Scale and shift", answerFields: ["y"], formula: scale, notes: [note] },
    ];
  }
  const perColumn = (pick: (r: FeatureResult) => Scalar[], head: (j: number) => Formula): Column[] => [
    { header: "i", cells: new RowNumbers(m) },
    ...results.map((r, j) => ({ header: head(j), cells: pick(r) })),
  ];
  return [
    {
      title: "Normalise each column",
      answerFields: ["xhat"],
      formula: normalise,
      tables: [
        {
          columns: perColumn(
            (r) => r.xhat,
            (j) => groupSymbols(COLUMN_AXIS, j).xhati,
          ),
        },
      ],
    },
    {
      title: "Scale and shift",
      answerFields: ["y"],
      formula: scale,
      tables: [
        {
          columns: perColumn(
            (r) => r.y,
            (j) => groupSymbols(COLUMN_AXIS, j).yi,
          ),
        },
      ],
    },
  ];
}

/** Columns back to rows: [feature][sample] → [sample][feature]. */
export function byRows(columns: readonly (readonly Scalar[])[]): Scalar[][] {
  const m = (columns[0] as readonly Scalar[]).length;
  return Array.from({ length: m }, (_, i) => columns.map((c) => c[i]!));
}

export function forwardAnswer(input: BatchnormInput, results: FeatureResult[]): Record<string, AnswerValue> {
  const one = results[0] as FeatureResult;
  const perFeature = (f: (r: FeatureResult) => Scalar): Value => (input.matrix ? results.map(f) : f(one));
  const shaped = (f: (r: FeatureResult) => Scalar[]): Value => (input.matrix ? byRows(results.map(f)) : f(one));
  return {
    mean: perFeature((r) => r.mean),
    variance: perFeature((r) => r.variance),
    std: perFeature((r) => r.std),
    xhat: shaped((r) => r.xhat),
    y: shaped((r) => r.y),
  };
}
