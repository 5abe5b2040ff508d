import * as la from "../../core/linalg.js";
import { ridgeSolve } from "../../core/ridge.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { RidgeInput } from "./input.js";

/**
 * SPEC 6.2: the least-squares solution, λ left out (when AᵀA can be solved alone). Solved only when a wrong
 * x is compared with it, and without the problem's SVD and steps: a 360 × 360 A costs a Cholesky, not a
 * second solve.
 */
export function mistakes(input: RidgeInput, _sol: Solution): Mistake[] {
  if (input.symbolic || input.path) return [];
  let plain: AnswerValue | undefined | null;
  const leastSquares = (): AnswerValue | undefined => {
    if (plain === undefined) {
      const r = ridgeSolve(
        input.A,
        input.b,
        la.gram(input.A),
        la.transposeTimes(input.A, input.b),
        sc.frac(0),
        input.exact,
      );
      plain = r === null ? null : r.x;
    }
    return plain ?? undefined;
  };
  return [
    {
      id: "no-regularisation",
      answer: {
        get x() {
          return leastSquares() as AnswerValue;
        },
      },
      says: (field, given) => `your ${field} ${given} is the least-squares solution (λ = 0); ridge adds λI to AᵀA`,
    },
  ];
}
