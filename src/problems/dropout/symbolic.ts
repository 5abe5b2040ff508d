import * as F from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";

export function symbolicSolution(): Solution {
  return {
    problem: "dropout",
    title: "Dropout, in symbols",
    input: {},
    steps: [
      {
        title: "Inverted dropout (PyTorch)",
        derivation: [
          { formula: F.text("y = m·x/(1 − p), m ~ Bernoulli(1 − p)"), reason: "training" },
          { formula: F.text("E[y] = (1 − p)·x/(1 − p) = x"), reason: "the expectation is kept, so eval mode is y = x" },
          { formula: F.text("Var[y] = p/(1 − p)·x²"), reason: "the noise it adds" },
        ],
      },
      {
        title: "The original form",
        derivation: [
          { formula: F.text("y = m·x in training, y = (1 − p)·x at test time"), reason: "E[y] = (1 − p)x in both" },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
