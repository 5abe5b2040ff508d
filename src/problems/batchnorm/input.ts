import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { VarianceKind } from "../../core/stats.js";
import * as stats from "../../core/stats.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { MAX_GROUPS, MAX_NORM_BACKWARD_VALUES } from "../../limits.js";
import { withinExactLimit } from "../common.js";

export interface BatchnormInput {
  /** No batch: the derivation in symbols. */
  symbolic?: boolean;
  /** One array per feature: the feature's values over the batch. */
  columns: Scalar[][];
  /** Whether x was a matrix (answers are then per feature). */
  matrix: boolean;
  gamma: Scalar[];
  beta: Scalar[];
  /** Whether gamma / beta were given per feature (for echoing the input). */
  gammaPerFeature: boolean;
  betaPerFeature: boolean;
  eps: Scalar;
  variance: VarianceKind;
  label: string;
  /** ∂L/∂y per feature, same shape as columns: asks for the backward pass. */
  dLdy?: Scalar[][];
}

/** Per-feature parameter: one number for all features, or a vector with one per feature. */
export function perFeature(
  fields: Fields,
  name: string,
  fallback: Scalar,
  features: number,
  matrix: boolean,
): [Scalar[], boolean] {
  if (!fields.has(name)) return [Array(features).fill(fallback), false];
  const v = fields.numberOrList(name) as Scalar | Scalar[];
  if (!Array.isArray(v)) return [Array(features).fill(v), false];
  if (!matrix) throw fieldError(fields.label(name), `expected one number for a vector x, got ${v.length}`);
  if (v.length !== features) {
    throw fieldError(fields.label(name), `has ${v.length} values, x has ${features} features (columns)`);
  }
  return [v, true];
}

export function validate(fields: Fields): BatchnormInput {
  const x = fields.vectorOrMatrix("x");
  if (!x) {
    if (["gamma", "beta", "eps", "dLdy"].some((f) => fields.has(f))) {
      throw fields.missing("x", "the batch, e.g. dlsolve batchnorm 1 7 7 9");
    }
    const empty = { gamma: [], beta: [], gammaPerFeature: false, betaPerFeature: false };
    return { symbolic: true, columns: [], matrix: false, ...empty, eps: sc.frac(0), variance: "biased", label: "x" };
  }
  const matrix = x.kind === "matrix";
  if (x.kind === "matrix" && x.m[0]!.length > MAX_GROUPS) {
    throw fieldError(
      fields.label("x"),
      `has ${x.m[0]!.length} columns (features), more than the ${MAX_GROUPS} batchnorm normalises ` +
        "separately (each keeps its own statistics)",
    );
  }
  // Stored by feature: a vector is its own single column (no million one-value rows).
  let columns = x.kind === "matrix" ? Array.from({ length: x.m[0]!.length }, (_, j) => stats.column(x.m, j)) : [x.v];
  const features = columns.length;
  const m = columns[0]!.length;
  const [gamma, gammaPerFeature] = perFeature(fields, "gamma", sc.frac(1), features, matrix);
  const [beta, betaPerFeature] = perFeature(fields, "beta", sc.frac(0), features, matrix);
  const eps = fields.number("eps") ?? sc.frac(0);
  if (sc.sign(eps) < 0) throw fieldError(fields.label("eps"), "must be ≥ 0");
  const variance = (fields.choice("variance") ?? "biased") as VarianceKind;
  if (variance === "unbiased" && m < 2) {
    throw fieldError(fields.label("variance"), "unbiased variance divides by m − 1 and needs at least 2 values");
  }
  let dLdy: Scalar[][] | undefined;
  const g = fields.vectorOrMatrix("dLdy");
  if (g && m * features > MAX_NORM_BACKWARD_VALUES) {
    throw fieldError(
      fields.label("dLdy"),
      `with ${m * features} values of x, more than the ${MAX_NORM_BACKWARD_VALUES} the backward pass takes`,
    );
  }
  if (g) {
    const gColumns =
      g.kind === "matrix" ? Array.from({ length: g.m[0]!.length }, (_, j) => stats.column(g.m, j)) : [g.v];
    const shape = (rows: number, cols: number, isMatrix: boolean) =>
      isMatrix ? `${rows} × ${cols}` : `${rows} values`;
    const gm = gColumns[0]!.length;
    if (g.kind !== x.kind || gm !== m || gColumns.length !== features) {
      throw fieldError(
        fields.label("dLdy"),
        `has ${shape(gm, gColumns.length, g.kind === "matrix")}, x has ${shape(m, features, matrix)}: ∂L/∂y needs ` +
          `the shape of x`,
      );
    }
    dLdy = withinExactLimit(gColumns, 2 * m * features);
  }
  columns = withinExactLimit(columns, m * features * (dLdy ? 2 : 1));
  const input: BatchnormInput = {
    columns,
    matrix,
    gamma,
    beta,
    gammaPerFeature,
    betaPerFeature,
    eps,
    variance,
    label: fields.label("x"),
  };
  if (dLdy) input.dLdy = dLdy;
  return input;
}
