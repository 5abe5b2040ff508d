import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { OptimizerInput } from "./input.js";
import { answerOf } from "./run.js";

/** SPEC 6.2 for optimizer: the step taken uphill; Adam without its bias correction. */
export function mistakes(input: OptimizerInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [
    {
      id: "update-sign",
      answer: answerOf(input, { ascend: true }),
      says: (field, given) =>
        `your ${field} ${given} steps along the gradient (θ + α·g); a descent step goes against it: θ − α·g`,
    },
  ];
  if (input.method === "adam" || input.method === "adamw") {
    out.push({
      id: "no-bias-correction",
      answer: answerOf(input, { noBiasCorrection: true }),
      says: (field, given) =>
        `your ${field} ${given} uses m and v as they are; Adam divides them by 1 − β₁ᵗ and 1 − β₂ᵗ ` +
        "(m̂ and v̂) before the step",
    });
  }
  return out;
}
