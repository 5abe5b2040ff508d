import type { Solution } from "../../solution/solution.js";
import { derivationSteps } from "./steps.js";

export function symbolicSolution(): Solution {
  return {
    problem: "softmax-ce",
    title: "Softmax cross-entropy, in symbols",
    input: {},
    summary: "the derivation of ∂L/∂z = p − y; give z and a target for numbers",
    steps: derivationSteps(),
    answer: {},
    warnings: [],
  };
}
