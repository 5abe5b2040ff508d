// Seed part 4: backprop through y_j = γ(x_j − μ). Each xᵢ reaches every yⱼ
// through μ, so ∂L/∂xᵢ sums over all j; it collapses to γ(∂L/∂yᵢ − mean).

import { demeanBackward, demeanJacobianEntries } from "../../core/backprop.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import { exactnessNote } from "../common.js";
import { defineProblem } from "../problem.js";
import { type DemeanInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { practice } from "./practice.js";
import {
  demeanDerivation,
  finiteDifferenceStep,
  forwardStep,
  gradientSteps,
  JACOBIAN_MAX,
  jacobianStep,
} from "./steps.js";

function solve(input: DemeanInput): Solution {
  if (input.symbolic) {
    return {
      problem: "demean-backprop",
      title: "Backprop through de-meaning, y = γ(x − μ), in symbols",
      input: {},
      summary: "review problem 4's argument; give --dLdy and --gamma (and --x) for numbers",
      steps: [demeanDerivation()],
      answer: {},
      warnings: [],
    };
  }
  const { dLdy, gamma, x } = input;
  const m = dLdy.length;
  const { diagonal, offDiagonal } = demeanJacobianEntries(gamma, m);
  const back = demeanBackward(dLdy, gamma);
  const steps: Step[] = [
    demeanDerivation(),
    ...(x ? [forwardStep(x, gamma)] : []),
    jacobianStep(m, gamma, diagonal, offDiagonal),
    ...gradientSteps(dLdy, gamma, back),
    ...(x ? [finiteDifferenceStep(x, dLdy, gamma, back)] : []),
  ];
  const answer: Record<string, AnswerValue> = { dLdx: back.dLdx, meanDLdy: back.meanDLdy };
  if (m <= JACOBIAN_MAX) {
    answer.jacobian = dLdy.map((_, j) => dLdy.map((__, i) => (i === j ? diagonal : offDiagonal)));
  }
  const exact = sc.allExact([...dLdy, gamma, ...(x ?? [])]);
  return {
    problem: "demean-backprop",
    title: "Backprop through de-meaning, y = γ(x − μ)",
    input: { dLdy, gamma, ...(x ? { x } : {}) },
    summary: `a batch of m = ${m}; ${exactnessNote(exact, dLdy.length * (x ? 2 : 1))}`,
    steps,
    answer,
    warnings: [],
  };
}

export const demeanBackprop = defineProblem<DemeanInput>({
  name: "demean-backprop",
  summary:
    "backprop through the simplified batchnorm y = γ(x − μ) (review problem 4): the Jacobian argument and ∂L/∂x in " +
    "O(m)",
  fields: {
    dLdy: { kind: "vector", help: "∂L/∂y, one value per sample" },
    gamma: { kind: "number", help: "the scale γ" },
    x: { kind: "vector", help: "the batch x (optional: adds the forward pass and a finite-difference check)" },
  },
  answers: {
    dLdx: "∂L/∂xᵢ = γ(∂L/∂yᵢ − mean(∂L/∂y))",
    meanDLdy: "(1/m) Σⱼ ∂L/∂yⱼ",
    jacobian: "∂yⱼ/∂xᵢ, the m × m Jacobian (m ≤ 8)",
  },
  expectExample: `demean-backprop --dLdy 1,2,3,4 --gamma 2 --expect '{"dLdx": [-3, -1, 1, 3]}'`,
  examples: ["demean-backprop --dLdy 1,2,3,4 --gamma 2 --x 1,7,7,9", "demean-backprop --dLdy 1/2,-1,3 --gamma 3/2"],
  validate,
  solve,
  mistakes,
  practice,
});
