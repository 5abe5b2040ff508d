import type { Scalar } from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { type Column, RowNumbers, type Step } from "../../solution/solution.js";
import { ix } from "../common.js";
import {
  type GroupSettings,
  groupResult,
  groupSymbols,
  MAX_GROUP_STEPS,
  type NormalizedGroup,
  SAMPLE_AXIS,
  statisticsSteps,
  statisticsTable,
} from "../normalization.js";
import type { LayernormInput } from "./input.js";

export type SampleResult = NormalizedGroup;

export const D = F.sym("D");

export const xij = (base: Formula) => ix(base, F.juxt(S.i, S.j));

export const gj = ix(S.gamma, S.j);

export const bj = ix(S.beta, S.j);

export const dL = (wrt: Formula) => F.partial(S.L, wrt);

const normaliseFormula = F.eq(xij(S.xhat), F.fracF(F.minus(xij(S.x), ix(S.mu, S.i)), ix(S.sigma, S.i)));

const scaleFormula = F.eq(xij(S.y), F.plus(F.juxt(gj, xij(S.xhat)), bj));

function sampleSettings(input: LayernormInput, i: number): GroupSettings {
  return {
    axis: SAMPLE_AXIS,
    group: input.matrix ? i : undefined,
    eps: input.eps,
    variance: input.variance,
    label: input.label,
    answers: i === 0,
    varianceNote:
      input.variance === "biased"
        ? "biased variance: divide by D, the number of features, as layer norm does"
        : "unbiased variance: divide by D − 1, as asked (layer norm itself divides by D)",
  };
}

/** Each sample's numbers from core, before any step is written: statistics, σ̂, x̂ and y = γx̂ + β. */
export function sampleResults(input: LayernormInput): SampleResult[] {
  const gamma = (j: number) => input.gamma[j]!;
  const beta = (j: number) => input.beta[j]!;
  return input.rows.map((xs, i) => groupResult(xs, sampleSettings(input, i), gamma, beta));
}

/** The mean, variance and σ steps of each sample; past MAX_GROUP_STEPS samples, one table of them. */
export function statisticsStepsOf(input: LayernormInput, results: readonly SampleResult[]): Step[] {
  if (results.length > MAX_GROUP_STEPS) return [statisticsTable(results, sampleSettings(input, 0))];
  return results.flatMap((r, i) => statisticsSteps(input.rows[i] as Scalar[], sampleSettings(input, i), r));
}

/** One sample: x̂ and y substituted feature by feature, and their table. */
export function vectorSteps(input: LayernormInput, r: SampleResult): Step[] {
  const xs = input.rows[0] as Scalar[];
  const s = groupSymbols(SAMPLE_AXIS, undefined);
  const n = F.num;
  const scale = F.eq(ix(S.y, S.j), F.plus(F.juxt(gj, ix(S.xhat, S.j)), bj));
  return [
    {
      title: "Normalise",
      answerFields: ["xhat"],
      formula: s.normaliseFormula,
      substitution: [F.listOf(xs.length, (j) => F.fracF(F.minus(n(xs[j]!), n(r.mean)), n(r.std)))],
      value: r.xhat,
    },
    {
      title: "Scale and shift, per feature",
      answerFields: ["y"],
      formula: scale,
      substitution: [F.listOf(xs.length, (j) => F.plus(F.times(n(input.gamma[j]!), n(r.xhat[j]!)), n(input.beta[j]!)))],
      value: r.y,
      tables: [
        {
          columns: [
            { header: "j", cells: new RowNumbers(xs.length) },
            { header: s.xi, cells: xs },
            { header: s.deviation, cells: r.deviations },
            { header: ix(S.xhat, S.j), cells: r.xhat },
            { header: gj, cells: input.gamma },
            { header: bj, cells: input.beta },
            { header: ix(S.y, S.j), cells: r.y },
          ],
        },
      ],
    },
  ];
}

/** Up to this many features, x̂ and y are tables with a column per feature. */
const MAX_TABLE_FEATURES = 64;

/** A batch: x̂ and y as tables, a row per sample and a column per feature. */
export function matrixSteps(input: LayernormInput, results: SampleResult[]): Step[] {
  const D_ = input.rows[0]!.length;
  const note = `${input.rows.length} × ${D_} values: the answer lists them (--format json has every one)`;
  const table = (pick: (r: SampleResult) => Scalar[], base: Formula): Column[] => [
    { header: "i", cells: new RowNumbers(results.length) },
    ...Array.from({ length: D_ }, (_, j) => ({
      header: ix(base, F.num(j + 1)),
      cells: results.map((r) => pick(r)[j] as Scalar),
    })),
  ];
  const wide = D_ > MAX_TABLE_FEATURES;
  return [
    {
      title: "Normalise each sample",
      answerFields: ["xhat"],
      formula: normaliseFormula,
      ...(wide ? { notes: [note] } : { tables: [{ columns: table((r) => r.xhat, S.xhat) }] }),
    },
    {
      title: "Scale and shift, per feature",
      answerFields: ["y"],
      formula: scaleFormula,
      ...(wide ? { notes: [note] } : { tables: [{ columns: table((r) => r.y, S.y) }] }),
    },
  ];
}

export const axisNote =
  "layer norm normalises each sample over its own features (batchnorm normalises each feature over the batch): " +
  "it needs no batch statistics, so it computes the same in training and inference, and works for a batch of one";
