import type { Matrix } from "../../core/linalg.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { MAX_RIDGE_UNKNOWNS, MAX_RIDGE_WORK, ridgeWork } from "../../limits.js";
import { EXACT_LIMIT } from "../common.js";

export interface RidgeInput {
  /** No numbers: the derivation in symbols. */
  symbolic?: boolean;
  A: Matrix;
  b: Scalar[];
  lambdas: Scalar[];
  /** λ given as a list: a regularisation path. */
  path: boolean;
  exact: boolean;
  labels: { A: string; lambda: string };
}

/** Exact elimination on fractions serves small systems; larger ones go to float64 Cholesky. */
export const EXACT_MAX_UNKNOWNS = 16;

export function validate(fields: Fields): RidgeInput {
  if (!["A", "b", "lambda"].some((f) => fields.has(f))) {
    return {
      symbolic: true,
      A: [],
      b: [],
      lambdas: [],
      path: false,
      exact: false,
      labels: { A: "--A", lambda: "--lambda" },
    };
  }
  const Am = fields.requireMatrix("A");
  const bv = fields.requireVector("b");
  if (bv.length !== Am.length) {
    throw fieldError(
      fields.label("b"),
      `has ${bv.length} values, ${fields.label("A")} has ${Am.length} rows (b needs one value per row of A)`,
    );
  }
  if (!fields.has("lambda"))
    throw fields.missing("lambda", "λ ≥ 0; a list such as 0.1,1,10 gives a regularisation path");
  const l = fields.numberOrList("lambda") as Scalar | Scalar[];
  const lambdas = Array.isArray(l) ? l : [l];
  lambdas.forEach((v, i) => {
    if (sc.sign(v) < 0) {
      throw fieldError(
        lambdas.length > 1 ? `${fields.label("lambda")}[${i + 1}]` : fields.label("lambda"),
        "must be ≥ 0 (λ < 0 rewards large x and has no minimum)",
      );
    }
  });
  const p = Am[0]!.length;
  if (p > MAX_RIDGE_UNKNOWNS) {
    throw fieldError(
      fields.label("A"),
      `has ${p} columns, more than the ${MAX_RIDGE_UNKNOWNS} unknowns ridge solves (AᵀA is p × p and the SVD costs ` +
        `O(n·p²))`,
    );
  }
  const work = ridgeWork(Am.length, p, lambdas.length);
  if (work > MAX_RIDGE_WORK) {
    throw fieldError(
      lambdas.length > 1 && work > 2 * ridgeWork(Am.length, p, 1) ? fields.label("lambda") : fields.label("A"),
      `A is ${Am.length} × ${p} with ${lambdas.length} λ: ${(work / 1e6).toFixed(0)} million units of work, more ` +
        `than the ${MAX_RIDGE_WORK / 1e6} million ridge solves in about 5 s (README: limits)`,
    );
  }
  const exact =
    sc.allExact([...Am.flat(), ...bv, ...lambdas]) && Am.length * p <= EXACT_LIMIT && p <= EXACT_MAX_UNKNOWNS;
  const float = (v: Scalar) => (exact ? v : sc.toNumber(v));
  return {
    A: Am.map((r) => r.map(float)),
    b: bv.map(float),
    lambdas: lambdas.map(float),
    path: Array.isArray(l),
    exact,
    labels: { A: fields.label("A"), lambda: fields.label("lambda") },
  };
}
