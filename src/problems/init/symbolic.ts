import * as F from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";

export function symbolicSolution(): Solution {
  const line = (formula: string, reason: string) => ({ formula: F.text(formula), reason });
  return {
    problem: "init",
    title: "Weight initialisations, in symbols",
    input: {},
    steps: [
      {
        title: "The schemes",
        derivation: [
          line("Xavier: Var(w) = gain²·2/(fan_in + fan_out)", "keeps the variance forward and backward, on average"),
          line("He: Var(w) = gain²/fan (gain² = 2 for relu)", "fan_in by default, fan_out with mode fan-out"),
          line("LeCun: Var(w) = 1/fan_in", "SELU's choice"),
          line("uniform: a = √3·std", "U(−a, a) has variance a²/3"),
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
