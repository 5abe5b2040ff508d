import { S } from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";
import { COLUMN_AXIS, groupSymbols, symbolicBackwardStep } from "../normalization.js";

export function symbolicSolution(): Solution {
  const s = groupSymbols(COLUMN_AXIS, undefined);
  return {
    problem: "batchnorm",
    title: "Batch normalisation, in symbols",
    input: {},
    summary:
      "review problem 3's formulas, forward and backward; give the batch (dlsolve batchnorm 1 7 7 9) for numbers",
    steps: [
      {
        title: "Per feature, over the batch of m",
        derivation: [
          { formula: s.meanFormula, reason: "the batch mean" },
          { formula: s.biasedFormula, reason: "biased: divide by m, as training-mode batchnorm does" },
          { formula: s.stdEpsFormula, reason: "ε keeps σ > 0 (0 in the review; PyTorch uses 1e-5)" },
          { formula: s.normaliseFormula, reason: "normalise" },
          { formula: s.scaleFormula, reason: "scale and shift, learned per feature" },
        ],
      },
      symbolicBackwardStep("m", () => S.gamma, [S.i, S.j], "over the batch's m samples"),
    ],
    answer: {},
    warnings: [],
  };
}
