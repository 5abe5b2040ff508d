import { naiveSoftmax } from "../../core/softmax.js";
import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { SoftmaxInput } from "./input.js";

/**
 * SPEC 6.2 for softmax-ce: y − p for p − y; the summed loss's gradient where the mean was asked; and, for one
 * sample whose e^z overflows (or underflows), the NaN or ∞ that softmax gives without the max subtracted.
 */
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
  const overflow = overflowMistake(input);
  if (overflow) out.push(overflow);
  return out;
}

function overflowMistake(input: SoftmaxInput): Mistake | undefined {
  const z = input.rows[0] as number[];
  if (input.matrix || z.length === 0) return undefined;
  const naive = naiveSoftmax(z, input.targets[0] ?? z.map(() => 0));
  if (naive.p.every(Number.isFinite) && Number.isFinite(naive.loss)) return undefined;
  const top = Math.max(...z);
  const answer: Record<string, AnswerValue> = { p: naive.p };
  if (input.targets.length > 0) Object.assign(answer, { loss: naive.loss, grad: naive.grad });
  const why =
    top > 709
      ? `e^${top} overflows float64 to ∞, and ∞/∞ is NaN`
      : `every e^zₖ underflows float64 to 0, and 0/0 is NaN`;
  return {
    id: "softmax-overflow",
    answer,
    says: (field, given) =>
      `your ${field} ${given} is softmax computed without subtracting the max: ${why}; ` +
      `e^(zₖ − m)/Σ e^(zⱼ − m) with m = ${top} gives the same p and never overflows`,
  };
}
