import type { Solution } from "../../solution/solution.js";
import { COLUMN_AXIS, sharedMistakes } from "../normalization.js";
import type { Mistake } from "../problem.js";
import type { BatchnormInput } from "./input.js";
import { featureResults, forwardAnswer } from "./steps.js";

/** The forward answer with the variance divided by m − 1. */
function unbiasedAnswer(input: BatchnormInput) {
  const unbiased: BatchnormInput = { ...input, variance: "unbiased" };
  return forwardAnswer(unbiased, featureResults(unbiased));
}

/** The mistakes of SPEC 6.2 for batchnorm: the answer each gives. */
export function mistakes(input: BatchnormInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const m = input.columns[0]?.length ?? 0;
  const unbiased: Mistake[] =
    input.variance === "biased" && m > 1
      ? [
          {
            id: "unbiased-variance",
            answer: unbiasedAnswer(input),
            says: (field, given) =>
              `your ${field} ${given} is what dividing by m − 1 = ${m - 1} gives; batchnorm divides by m = ${m}`,
          },
        ]
      : [];
  return [...unbiased, ...sharedMistakes(COLUMN_AXIS, sol, input.gamma, input.beta)];
}
