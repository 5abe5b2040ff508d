import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { LossInput } from "./input.js";
import { evaluate, shaped } from "./steps.js";

export function mistakes(input: LossInput | undefined, _sol: Solution): Mistake[] {
  if (input?.reduction !== "mean" || input.pred.length < 2) return [];
  const { loss, grad } = evaluate({ ...input, reduction: "sum" });
  return [
    {
      id: "no-batch-mean",
      answer: { loss, grad: shaped(input, grad) },
      says: (field, v) => `your ${field} ${v} is the sum over the samples; the mean divides by ${input.pred.length}`,
    },
  ];
}
