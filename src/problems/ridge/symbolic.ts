import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";
import { b, derivationStep, lam, x } from "./steps.js";

export function symbolicSolution(): Solution {
  const s = F.sym("σᵢ", "\\sigma_i");
  const u = F.sym("uᵢ", "u_i");
  const v = F.sym("vᵢ", "v_i");
  return {
    problem: "ridge",
    title: "Ridge regression, in symbols",
    input: {},
    summary: "the derivation; give --A, --b and --lambda for numbers",
    steps: [
      derivationStep(),
      {
        title: "What λ does to the singular values",
        derivation: [
          {
            formula: F.eq(
              x,
              F.sumOver(S.i, F.juxt(v, F.fracF(s, F.plus(F.pow(s, F.num(2)), lam)), F.superscript(u, F.sym("T")), b)),
            ),
            reason: "with A = Σᵢ σᵢuᵢvᵢᵀ (the SVD)",
          },
          {
            formula: F.eq(
              F.sym("shrinkᵢ", "\\text{shrink}_i"),
              F.fracF(F.pow(s, F.num(2)), F.plus(F.pow(s, F.num(2)), lam)),
            ),
            reason: "least squares has gain 1/σᵢ; ridge σᵢ/(σᵢ² + λ), which stays finite as σᵢ → 0",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
