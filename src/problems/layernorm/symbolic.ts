import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";
import { ix } from "../common.js";
import { groupSymbols, SAMPLE_AXIS, symbolicBackwardStep } from "../normalization.js";
import { axisNote, bj, gj } from "./steps.js";

export function symbolicSolution(): Solution {
  const s = groupSymbols(SAMPLE_AXIS, undefined);
  return {
    problem: "layernorm",
    title: "Layer normalisation, in symbols",
    input: {},
    summary: "the derivation; give x (one sample's features, or an N × D matrix) for numbers",
    steps: [
      {
        title: "Per sample, over its D features",
        derivation: [
          { formula: s.meanFormula, reason: "the sample's mean" },
          { formula: s.biasedFormula, reason: "biased: divide by D" },
          { formula: s.stdEpsFormula, reason: "ε keeps σ > 0" },
          { formula: s.normaliseFormula, reason: "normalise" },
          { formula: F.eq(ix(S.y, S.j), F.plus(F.juxt(gj, ix(S.xhat, S.j)), bj)), reason: "γ and β per feature" },
        ],
        notes: [axisNote],
      },
      symbolicBackwardStep(
        "D",
        (k) => ix(S.gamma, k),
        [S.j, F.sym("k")],
        "over the sample's D features; γ and β are per feature",
      ),
    ],
    answer: {},
    warnings: [],
  };
}
