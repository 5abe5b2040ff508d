import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { SoftmaxInput } from "./input.js";

/** SPEC 6.2 for softmax-ce: y − p for p − y; the summed loss's gradient where the mean was asked. */
export function mistakes(input: SoftmaxInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const grad = sol.answer.grad as number[] | number[][];
  const scaled = (k: number): AnswerValue =>
    input.matrix ? (grad as number[][]).map((r) => r.map((g) => k * g)) : (grad as number[]).map((g) => k * g);
  const out: Mistake[] = [
    {
      id: "sign-flip",
      answer: { grad: scaled(-1) },
      says: (field, given) => `your ${field} ${given} is y − p, the gradient's negative; ∂L/∂z = p − y`,
    },
  ];
  const N = input.rows.length;
  if (input.matrix && input.reduction === "mean" && N > 1) {
    out.push({
      id: "no-batch-mean",
      answer: { grad: scaled(N) },
      says: (field, given) =>
        `your ${field} ${given} is the gradient of the summed loss; the mean over N = ${N} samples divides it by ${N}`,
    });
  }
  return out;
}
