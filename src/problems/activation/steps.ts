import { ACTIVATION_FUNCTIONS, type ActivationRule, activationRule } from "../../core/activation-functions.js";
import * as sc from "../../core/scalar.js";
import { activationFormulas } from "../../solution/activation-formulas.js";
import type { Solution, Step } from "../../solution/solution.js";

/** Past this many values only the table (and not each line) is written. */
export const LINES = 6;

export function definitionStep(rule: ActivationRule): Step {
  const { formula, derivative, kink } = activationFormulas(rule.name, rule.slope, true);
  return {
    title: `${rule.name} and its derivative`,
    derivation: [
      { formula, reason: "definition" },
      { formula: derivative, reason: kink ?? "differentiate" },
    ],
  };
}

export function listSolution(): Solution {
  const steps: Step[] = ACTIVATION_FUNCTIONS.map((n) => definitionStep(activationRule(n, sc.frac(1, 100), sc.frac(1))));
  return {
    problem: "activation",
    title: "The activations and their derivatives",
    input: {},
    steps,
    answer: {},
    warnings: [],
  };
}
