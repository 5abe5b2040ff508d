import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { SigmoidGradInput } from "./input.js";

/** SPEC 6.2: σ(z) given where σ′(z) was asked. */
export function mistakes(_input: SigmoidGradInput, sol: Solution): Mistake[] {
  const a = sol.answer as Record<string, AnswerValue>;
  if (a.sigmoid === undefined) return [];
  return [
    {
      id: "sigmoid-for-derivative",
      answer: { derivative: a.sigmoid },
      says: (field, given) => `your ${field} ${given} is σ(z) itself; σ′(z) = σ(z)(1 − σ(z))`,
    },
  ];
}
