import { optimize, quadraticGradient, quadraticLoss, type StepRecord, type Variant } from "../../core/optimizer.js";
import type { Scalar } from "../../core/scalar.js";
import type { AnswerValue } from "../../solution/solution.js";
import type { OptimizerInput } from "./input.js";

/** The optimiser run on this input: torch.optim's rule, or a student's variant of it. */
export function runOn(
  input: OptimizerInput,
  variant: Variant = {},
): { records: StepRecord[]; state: Record<string, Scalar[]> } {
  const q = input.quadratic;
  const gradient = (th: readonly Scalar[], step: number): Scalar[] =>
    q ? quadraticGradient(q.H, q.c, th) : ((input.grads as Scalar[][])[step - 1] as Scalar[]);
  return optimize(input.method, input.theta, input.hyper, gradient, input.steps, variant, input.initial);
}

/** What a run of a mistaken rule answers: θ, the trajectory, the state and, with H, the losses. */
export function answerOf(input: OptimizerInput, variant: Variant): Record<string, AnswerValue> {
  const { records, state } = runOn(input, variant);
  const q = input.quadratic;
  return {
    theta: (records[records.length - 1] as StepRecord).next,
    trajectory: records.map((r) => r.next),
    ...state,
    ...(q ? { losses: records.map((r) => quadraticLoss(q.H, q.c, r.next)) } : {}),
  };
}
