import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { RidgeInput } from "./input.js";
import { solve } from "./solve.js";

/** SPEC 6.2: the least-squares solution, λ left out (when AᵀA can be solved alone). */
export function mistakes(input: RidgeInput, _sol: Solution): Mistake[] {
  if (input.symbolic || input.path) return [];
  try {
    const plain = solve({ ...input, lambdas: [sc.frac(0)] });
    return [
      {
        id: "no-regularisation",
        answer: { x: plain.answer.x as AnswerValue },
        says: (field, given) => `your ${field} ${given} is the least-squares solution (λ = 0); ridge adds λI to AᵀA`,
      },
    ];
  } catch {
    return []; // AᵀA alone is singular: no least-squares solution to mistake it for
  }
}
