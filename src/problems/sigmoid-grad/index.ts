import type { Scalar } from "../../core/scalar.js";
import { expOfLog } from "../../input/values.js";
// Seed part 1a: σ'(z) = σ(z)(1 − σ(z)), derived, then evaluated and checked.

import { sigmoidColumns } from "../../core/activations.js";
import type { Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type SigmoidGradInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { sigmoidDerivation, tableStep, WORKED_EVALUATIONS, workedSteps } from "./steps.js";

/** Where σ stays exact: z = 0, and z = ln q of a rational q (e^(−z) = 1/q); elsewhere e^(−z) is irrational. */
function exactness(zs: readonly Scalar[]): string {
  const logs = zs.filter((z) => typeof z === "number" && expOfLog(z) !== undefined).length;
  if (logs === zs.length) return "exact: each z is ln q of a rational q, so e^(−z) = 1/q";
  return logs > 0
    ? "exact where z is ln q of a rational (e^(−z) = 1/q) or 0, float64 elsewhere (e^(−z) is irrational)"
    : "float64 except at z = 0 (e^(−z) is irrational)";
}

function solve(input: SigmoidGradInput): Solution {
  const zs = input.z;
  const c = sigmoidColumns(zs, expOfLog);
  const steps: Step[] = [sigmoidDerivation()];
  if (zs.length > 0 && zs.length <= WORKED_EVALUATIONS) steps.push(...workedSteps(zs, c));
  if (zs.length > 0) steps.push(tableStep(zs, c));
  return {
    problem: "sigmoid-grad",
    title: "Derivative of the sigmoid, σ′(z) = σ(z)(1 − σ(z))",
    input: zs.length > 0 ? { z: zs } : {},
    summary:
      zs.length > 0
        ? `${zs.length} value${zs.length > 1 ? "s" : ""} of z; ${exactness(zs)}`
        : "the derivation; give z values to evaluate it",
    steps,
    answer: zs.length > 0 ? { sigmoid: c.sigma, derivative: c.derivative } : {},
    warnings: [],
  };
}

export const sigmoidGrad = defineProblem<SigmoidGradInput>({
  name: "sigmoid-grad",
  summary: "derivative of the sigmoid (review problem 1a): σ′(z) = σ(z)(1 − σ(z)), derived, evaluated and checked",
  positional: "z",
  fields: {
    z: { kind: "vector", help: "values of z (optional: without them, the derivation only)" },
  },
  answers: {
    sigmoid: "σ(z), one per z",
    derivative: "σ′(z) = σ(z)(1 − σ(z)), one per z",
  },
  expectExample: `sigmoid-grad -2 0 --expect '{"derivative": [0.104994, 0.25]}'`,
  examples: ["sigmoid-grad", "sigmoid-grad -2 0 2 40", "sigmoid-grad 0.5 --json"],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "σ and σ′ over a range covering the z given, each z marked",
  plots,
});
