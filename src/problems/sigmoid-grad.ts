// Seed part 1a: σ'(z) = σ(z)(1 − σ(z)), derived, then evaluated and checked.
import { type Chart, spaced } from "../chart.js";
import {
  dsigmaOf,
  logistic,
  logisticDerivative,
  SATURATION,
  type SigmoidColumns,
  sigmaOf,
  sigmoidColumns,
} from "../core/activations.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import { centralDifference, relativeCheckPasses, relativeError } from "../core/gradcheck.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { Fields } from "../input/fields.js";
import type { AnswerValue, Solution, Step } from "../solution.js";
import { lettered } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

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

/** Saturated values get a note each, up to this many; the rest are counted. */
const SATURATION_NOTES = 8;

/** The finite difference at −|z| (σ′ is even, and the small tail keeps its digits). */
const finiteDifference = (z: Scalar): number => centralDifference(logistic, -Math.abs(sc.toNumber(z)));

function validate(fields: Fields): SigmoidGradInput {
  return { z: fields.vector("z") ?? [] };
}

/** One worked evaluation per z, for a few values of z. */
function workedSteps(zs: readonly Scalar[], c: SigmoidColumns): Step[] {
  return zs.map((v, i) => {
    const z = F.num(v);
    return {
      title: "Evaluate σ′(z)",
      formula: F.eq(dsigma(z), F.juxt(sigma(z), F.minus(F.num(1), sigma(z)))),
      substitution: [F.times(F.num(c.sigma[i] as Scalar), F.num(c.oneMinus[i] as Scalar))],
      value: c.derivative[i] as Scalar,
    };
  });
}

/** The notes under the table: how it is computed and checked, and the saturated values. */
function tableNotes(zs: readonly Scalar[], c: SigmoidColumns): Array<string | Formula> {
  const notes: Array<string | Formula> = [
    "1 − σ(z) is computed as σ(−z), and σ(z) for z < 0 as e^z/(1 + e^z): no overflow, and σ′ keeps its relative " +
      "precision far out",
    `check: central difference (σ(u + h) − σ(u − h))/2h with h = 1e-6 at u = −|z| (σ′ is even, and the small tail ` +
      "keeps its digits); ✓ when the relative error is at most 1e-6 " +
      "(an absolute tolerance would pass any σ′ of a saturated unit)",
  ];
  let saturated = 0;
  zs.forEach((z, i) => {
    const d = sc.toNumber(c.derivative[i] as Scalar);
    if (d >= SATURATION) return;
    if (++saturated > SATURATION_NOTES) return;
    notes.push(
      F.juxt(
        F.text("saturated: "),
        F.eq(dsigma(F.num(z)), F.num(d)),
        F.text(", so almost no gradient flows back through this unit (vanishing gradient)"),
      ),
    );
  });
  if (saturated > SATURATION_NOTES) notes.push(`… and ${saturated - SATURATION_NOTES} more saturated values of z`);
  return notes;
}

function tableStep(zs: readonly Scalar[], c: SigmoidColumns): Step {
  const numeric = zs.map(finiteDifference);
  const analytic = c.derivative.map(sc.toNumber);
  return {
    title: "σ(z) and σ′(z) at each z, with a finite-difference check",
    answerFields: ["sigmoid", "derivative"],
    tables: [
      {
        columns: [
          { header: S.z, cells: zs },
          { header: F.call("exp", F.negF(S.z)), cells: c.expNegZ },
          { header: sigma(S.z), cells: c.sigma },
          { header: F.minus(F.num(1), sigma(S.z)), cells: c.oneMinus },
          { header: dsigma(S.z), cells: c.derivative },
          { header: "finite difference", cells: numeric },
          { header: "rel. error", cells: analytic.map((a, i) => relativeError(a, numeric[i] as number)) },
          {
            header: "check",
            cells: analytic.map((a, i) => (relativeCheckPasses(a, numeric[i] as number) ? "✓" : "✗")),
          },
        ],
      },
    ],
    notes: tableNotes(zs, c),
  };
}

function solve(input: SigmoidGradInput): Solution {
  const zs = input.z;
  const c = sigmoidColumns(zs);
  const steps: Step[] = [sigmoidDerivation()];
  if (zs.length > 0 && zs.length <= WORKED_EVALUATIONS) steps.push(...workedSteps(zs, c));
  if (zs.length > 0) steps.push(tableStep(zs, c));
  return {
    problem: "sigmoid-grad",
    title: "Derivative of the sigmoid, σ′(z) = σ(z)(1 − σ(z))",
    input: zs.length > 0 ? { z: zs } : {},
    summary:
      zs.length > 0
        ? `${zs.length} value${zs.length > 1 ? "s" : ""} of z; float64 except at z = 0 (e^(−z) is irrational)`
        : "the derivation; give z values to evaluate it",
    steps,
    answer: zs.length > 0 ? { sigmoid: c.sigma, derivative: c.derivative } : {},
    warnings: [],
  };
}

/** SPEC 6.2: σ(z) given where σ′(z) was asked. */
function mistakes(_input: SigmoidGradInput, sol: Solution): Mistake[] {
  const a = sol.answer as Record<string, AnswerValue>;
  if (a.sigmoid === undefined) return [];
  return [
    {
      id: "sigmoid-for-derivative",
      answer: { derivative: a.sigmoid },
      says: (field, given) => `your ${field} ${given} is σ(z) itself; σ′(z) = σ(z)(1 − σ(z))`,
    },
  ];
}

/** z = ln k for practice: σ(ln k) = k/(k + 1). As dlsolve reads it, and as a statement writes it. */
const LOG_POINTS: ReadonlyArray<[string, string]> = [
  ["-log(4)", "−ln 4"],
  ["-log(3)", "−ln 3"],
  ["-log(2)", "−ln 2"],
  ["0", "0"],
  ["log(2)", "ln 2"],
  ["log(3)", "ln 3"],
  ["log(4)", "ln 4"],
];

/** Practice (SPEC 4.12): review problem 1a at points where σ is a fraction. */
const practice: PracticeGenerator = {
  guarantee: "z = ln k for k ∈ {1/4, 1/3, 1/2, 1, 2, 3, 4}: σ(z) = k/(k + 1) and σ′(z) = k/(k + 1)², fractions",
  generate(rng) {
    const points = rng
      .shuffle(LOG_POINTS)
      .slice(0, rng.int(2, 3))
      .sort((p, q) => LOG_POINTS.indexOf(p) - LOG_POINTS.indexOf(q));
    return {
      input: { z: points.map(([z]) => z) },
      statement: [
        "Let σ(z) = 1/(1 + e^(−z)).",
        ...lettered([
          "Show that σ′(z) = σ(z)(1 − σ(z)).",
          `Evaluate σ(z) and σ′(z) at z = ${points.map(([, t]) => t).join(", ")}, as fractions.`,
        ]),
      ],
    };
  },
};

/** The widest z axis a plot draws: σ(±60) is within 1e-26 of 0 or 1. */
const PLOT_REACH = 60;

/** --plot: σ and σ′ over a range that covers every z given, each z marked. */
function plots(input: SigmoidGradInput): Chart[] {
  const zs = input.z.map(sc.toNumber).filter(Number.isFinite);
  if (zs.length === 0) return [];
  // wide enough for every z, but no wider than ±PLOT_REACH: σ is flat long before (z past it is marked at the end)
  const lo = Math.max(-PLOT_REACH, Math.min(-6, Math.floor(Math.min(...zs)) - 1));
  const hi = Math.min(PLOT_REACH, Math.max(6, Math.ceil(Math.max(...zs)) + 1));
  const x = spaced(lo, hi, 241);
  return [
    {
      kind: "line",
      title: "σ(z) and σ′(z)",
      xLabel: "z",
      x,
      series: [
        { name: "σ(z)", y: x.map(logistic) },
        { name: "σ′(z)", y: x.map(logisticDerivative) },
      ],
      marks: zs.map((z) => ({ x: Math.max(lo, Math.min(hi, z)), label: `z = ${z}` })),
    },
  ];
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
