import type { Solution } from "../../solution/solution.js";
import { formulaStep } from "./steps.js";

export function symbolicSolution(): Solution {
  return {
    problem: "conv-shape",
    title: "Convolution shapes, in symbols",
    input: {},
    summary: 'give --size and --layers (e.g. "conv k=3 p=1 c=16; pool k=2") for numbers',
    steps: [formulaStep()],
    answer: {},
    warnings: [],
  };
}
