import type { Solution } from "../../solution/solution.js";
import type { OptimizerInput } from "./input.js";
import { ruleLines } from "./steps.js";

export function symbolicSolution(input: OptimizerInput): Solution {
  return {
    problem: "optimizer",
    title: `The ${input.method} update rule, in symbols`,
    input: { method: input.method },
    summary: "give --theta, --lr and --grads (or --H and --c) for numbers; --method chooses the rule",
    steps: [{ title: `${input.method}`, derivation: ruleLines(input.method, input.method === "adamw") }],
    answer: {},
    warnings: [],
  };
}
