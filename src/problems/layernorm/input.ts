import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type * as stats from "../../core/stats.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { MAX_GROUPS, MAX_NORM_BACKWARD_VALUES } from "../../limits.js";
import { withinExactLimit } from "../common.js";

export interface LayernormInput {
  /** No x: the derivation in symbols. */
  symbolic: boolean;
  /** One row per sample (a vector x is one sample). */
  rows: Scalar[][];
  matrix: boolean;
  /** γ and β per feature (D values each). */
  gamma: Scalar[];
  beta: Scalar[];
  gammaPerFeature: boolean;
  betaPerFeature: boolean;
  eps: Scalar;
  /** ÷ D (layer norm's own, default) or ÷ (D − 1). */
  variance: stats.VarianceKind;
  label: string;
  dLdy?: Scalar[][];
}

/** γ or β: one number for every feature, or one per feature (D values). */
function perFeature(fields: Fields, name: string, fallback: Scalar, features: number): [Scalar[], boolean] {
  const v = fields.numberOrList(name);
  if (v === undefined) return [Array(features).fill(fallback), false];
  if (!Array.isArray(v)) return [Array(features).fill(v), false];
  if (v.length !== features) throw fieldError(fields.label(name), `has ${v.length} values, x has ${features} features`);
  return [v, true];
}

export function validate(fields: Fields): LayernormInput {
  const x = fields.vectorOrMatrix("x");
  const eps = fields.number("eps") ?? sc.frac(0);
  const variance = (fields.choice("variance") ?? "biased") as stats.VarianceKind;
  if (sc.sign(eps) < 0) throw fieldError(fields.label("eps"), "must be ≥ 0");
  const empty = { gamma: [], beta: [], gammaPerFeature: false, betaPerFeature: false, eps, variance, label: "x" };
  if (!x) {
    if (fields.has("dLdy")) throw fields.missing("x", "one sample's features, or an N × D matrix");
    return { symbolic: true, rows: [], matrix: false, ...empty };
  }
  let rows = x.kind === "matrix" ? x.m : [x.v];
  if (variance === "unbiased" && rows[0]!.length < 2)
    throw fieldError(fields.label("variance"), "unbiased variance divides by D − 1 and needs at least 2 features");
  if (rows.length > MAX_GROUPS) {
    throw fieldError(
      fields.label("x"),
      `has ${rows.length} samples, more than the ${MAX_GROUPS} layernorm normalises separately`,
    );
  }
  const features = rows[0]!.length;
  const [gamma, gammaPerFeature] = perFeature(fields, "gamma", sc.frac(1), features);
  const [beta, betaPerFeature] = perFeature(fields, "beta", sc.frac(0), features);
  let dLdy: Scalar[][] | undefined;
  const g = fields.vectorOrMatrix("dLdy");
  if (g && rows.length * features > MAX_NORM_BACKWARD_VALUES) {
    throw fieldError(
      fields.label("dLdy"),
      `with ${rows.length * features} values of x, more than the ${MAX_NORM_BACKWARD_VALUES} the backward pass takes`,
    );
  }
  if (g) {
    const gRows = g.kind === "matrix" ? g.m : [g.v];
    if (g.kind !== x.kind || gRows.length !== rows.length || gRows[0]!.length !== features) {
      throw fieldError(fields.label("dLdy"), `needs the shape of x (${rows.length} × ${features})`);
    }
    dLdy = withinExactLimit(gRows, 2 * rows.length * features);
  }
  rows = withinExactLimit(rows, rows.length * features * (dLdy ? 2 : 1));
  return {
    symbolic: false,
    rows,
    matrix: x.kind === "matrix",
    gamma,
    beta,
    gammaPerFeature,
    betaPerFeature,
    eps,
    variance,
    label: fields.label("x"),
    ...(dLdy ? { dLdy } : {}),
  };
}
