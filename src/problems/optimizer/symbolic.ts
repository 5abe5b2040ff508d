import * as sc from "../../core/scalar.js";
import type { Solution } from "../../solution/solution.js";
import type { OptimizerInput } from "./input.js";
import { ruleLines } from "./steps.js";

export function symbolicSolution(input: OptimizerInput): Solution {
  return {
    problem: "optimizer",
    title: `The ${input.method} update rule, in symbols`,
    input: { method: input.method },
    summary: "give --theta, --lr and --grads (or --H and --c) for numbers; --method chooses the rule",
    steps: [{ title: `${input.method}`, derivation: ruleLines(input.method, !sc.isZero(input.hyper.weightDecay)) }],
    answer: {},
    warnings: [],
  };
}
