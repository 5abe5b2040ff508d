import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution } from "../../solution/solution.js";
import { affine, eachEntry, ofGroup, SAMPLE_AXIS, sharedMistakes } from "../normalization.js";
import type { Mistake } from "../problem.js";
import type { LayernormInput } from "./input.js";

/** SPEC 6.2 for layer norm: the batchnorm mistakes, along each sample's D features. */
export function mistakes(input: LayernormInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const shared = sharedMistakes(SAMPLE_AXIS, sol, input.gamma, input.beta);
  const D = input.rows[0]?.length ?? 0;
  if (D < 2 || input.variance === "unbiased") return shared;
  // ÷ (D − 1): the variance grows by D/(D − 1), σ with it, and x̂ shrinks by the ratio of the two σ
  const a = sol.answer as Record<string, AnswerValue>;
  const scale = sc.frac(D, D - 1);
  const variance = Array.isArray(a.variance)
    ? (a.variance as Scalar[]).map((v) => sc.mul(v, scale))
    : sc.mul(a.variance as Scalar, scale);
  const stdOf = (v: Scalar) => Math.sqrt(sc.toNumber(sc.add(v, input.eps)));
  const std = Array.isArray(variance) ? variance.map(stdOf) : stdOf(variance);
  const xhat = eachEntry(SAMPLE_AXIS, a.xhat as AnswerValue, (x, i) =>
    sc.div(sc.mul(x, ofGroup(a.std as AnswerValue, i)), ofGroup(std, i)),
  );
  const unbiased: Mistake = {
    id: "unbiased-variance",
    answer: { variance, std, xhat, y: affine(SAMPLE_AXIS, xhat, input.gamma, input.beta) },
    says: (field, given) =>
      `your ${field} ${given} is what dividing by D − 1 = ${D - 1} gives; layer norm divides by D = ${D}`,
  };
  return [unbiased, ...shared];
}
