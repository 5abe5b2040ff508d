// Seed part 1a: σ'(z) = σ(z)(1 − σ(z)), derived, then evaluated and checked.
import { dsigmaOf, logistic, logisticDerivative, SATURATION, sigmaOf } from "../core/activations.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import { centralDifference, relativeCheckPasses, relativeError } from "../core/gradcheck.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { Fields } from "../input/fields.js";
import type { Solution, Step } from "../solution.js";
import { defineProblem } from "./problem.js";

export interface SigmoidGradInput {
  z: Scalar[];
}

/** Evaluations shown one by one, as formulas with numbers; past this only the table. */
const WORKED_EVALUATIONS = 4;

const expNeg = (arg: Formula) => F.call("exp", F.negF(arg));
const sigma = sigmaOf;
const dsigma = dsigmaOf;

export function sigmoidDerivation(): Step {
  const onePlus = F.plus(F.num(1), expNeg(S.z));
  return {
    title: "Derivation of σ′(z)",
    derivation: [
      { formula: F.eq(sigma(S.z), F.fracF(F.num(1), onePlus), F.pow(onePlus, F.negF(F.num(1)))), reason: "definition" },
      {
        formula: F.eq(dsigma(S.z), F.juxt(F.negF(F.pow(onePlus, F.negF(F.num(2)))), F.negF(expNeg(S.z)))),
        reason: "chain rule: (u⁻¹)′ = −u⁻²·u′, with u′ = −exp(−z)",
      },
      {
        formula: F.eq(dsigma(S.z), F.times(F.fracF(F.num(1), onePlus), F.fracF(expNeg(S.z), onePlus))),
        reason: "split the square",
      },
      {
        formula: F.eq(dsigma(S.z), F.juxt(sigma(S.z), F.minus(F.num(1), sigma(S.z)))),
        reason: "exp(−z)/(1 + exp(−z)) = 1 − 1/(1 + exp(−z)) = 1 − σ(z)",
      },
    ],
  };
}

interface Evaluation {
  z: Scalar;
  expNegZ: Scalar;
  sigma: Scalar;
  oneMinus: Scalar;
  derivative: Scalar;
  numeric: number;
}

/** σ at z, exact at z = 0 (σ(0) = 1/2), float64 elsewhere (e^(−z) is irrational). */
function evaluate(z: Scalar): Evaluation {
  const numeric = centralDifference(logistic, -Math.abs(sc.toNumber(z)));
  if (sc.isExact(z) && sc.isZero(z)) {
    return {
      z,
      expNegZ: sc.frac(1),
      sigma: sc.frac(1, 2),
      oneMinus: sc.frac(1, 2),
      derivative: sc.frac(1, 4),
      numeric,
    };
  }
  const x = sc.toNumber(z);
  return {
    z,
    expNegZ: Math.exp(-x),
    sigma: logistic(x),
    // 1 − σ(z) = σ(−z): no cancellation when σ(z) is close to 1
    oneMinus: logistic(-x),
    derivative: logisticDerivative(x),
    numeric,
  };
}

function validate(fields: Fields): SigmoidGradInput {
  return { z: fields.vector("z") ?? [] };
}

function solve(input: SigmoidGradInput): Solution {
  const steps: Step[] = [sigmoidDerivation()];
  const evals = input.z.map(evaluate);
  if (evals.length > 0 && evals.length <= WORKED_EVALUATIONS) {
    for (const ev of evals) {
      const z = F.num(ev.z);
      steps.push({
        title: "Evaluate σ′(z)",
        formula: F.eq(dsigma(z), F.juxt(sigma(z), F.minus(F.num(1), sigma(z)))),
        substitution: [F.times(F.num(ev.sigma), F.num(ev.oneMinus))],
        value: ev.derivative,
      });
    }
  }
  if (evals.length > 0) {
    const notes: Array<string | Formula> = [
      "1 − σ(z) is computed as σ(−z), and σ(z) for z < 0 as e^z/(1 + e^z): no overflow, and σ′ keeps its relative " +
        "precision far out",
      `check: central difference (σ(u + h) − σ(u − h))/2h with h = 1e-6 at u = −|z| (σ′ is even, and the small tail ` +
        "keeps its digits); ✓ when the relative error is at most 1e-6 " +
        "(an absolute tolerance would pass any σ′ of a saturated unit)",
    ];
    for (const ev of evals) {
      const d = sc.toNumber(ev.derivative);
      if (d < SATURATION) {
        notes.push(
          F.juxt(
            F.text("saturated: "),
            F.eq(dsigma(F.num(ev.z)), F.num(d)),
            F.text(", so almost no gradient flows back through this unit (vanishing gradient)"),
          ),
        );
      }
    }
    steps.push({
      title: "σ(z) and σ′(z) at each z, with a finite-difference check",
      answerFields: ["sigmoid", "derivative"],
      tables: [
        {
          columns: [
            { header: S.z, cells: evals.map((e) => e.z) },
            { header: F.call("exp", F.negF(S.z)), cells: evals.map((e) => e.expNegZ) },
            { header: sigma(S.z), cells: evals.map((e) => e.sigma) },
            { header: F.minus(F.num(1), sigma(S.z)), cells: evals.map((e) => e.oneMinus) },
            { header: dsigma(S.z), cells: evals.map((e) => e.derivative) },
            { header: "finite difference", cells: evals.map((e) => e.numeric) },
            { header: "rel. error", cells: evals.map((e) => relativeError(sc.toNumber(e.derivative), e.numeric)) },
            {
              header: "check",
              cells: evals.map((e) => (relativeCheckPasses(sc.toNumber(e.derivative), e.numeric) ? "✓" : "✗")),
            },
          ],
        },
      ],
      notes,
    });
  }
  return {
    problem: "sigmoid-grad",
    title: "Derivative of the sigmoid, σ′(z) = σ(z)(1 − σ(z))",
    input: evals.length > 0 ? { z: input.z } : {},
    summary:
      evals.length > 0
        ? `${evals.length} value${evals.length > 1 ? "s" : ""} of z; float64 except at z = 0 (e^(−z) is irrational)`
        : "the derivation; give z values to evaluate it",
    steps,
    answer: evals.length > 0 ? { sigmoid: evals.map((e) => e.sigma), derivative: evals.map((e) => e.derivative) } : {},
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
});
