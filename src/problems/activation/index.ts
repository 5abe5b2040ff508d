import { centralDifference, gradcheckRow } from "../../core/gradcheck.js";
import * as sc from "../../core/scalar.js";
import { activationFormulas } from "../../solution/activation-formulas.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { AnswerValue, Cell, Solution, Step, Value } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import { defineProblem } from "../problem.js";
import { type ActivationInput, fields, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { definitionStep, LINES, listSolution } from "./steps.js";

function solve(input: ActivationInput | undefined): Solution {
  if (!input) return listSolution();
  const { rule } = input;
  const steps: Step[] = [definitionStep(rule)];
  if (!input.z)
    return {
      problem: "activation",
      title: `${rule.name}, in symbols`,
      input: { fn: rule.name },
      steps,
      answer: {},
      warnings: [],
    };
  const zs = input.z;
  const values = zs.map((z) => rule.f(z));
  const derivs = zs.map((z) => rule.df(z));
  steps.push({
    title: `${rule.name}(z) and ${rule.name}′(z) at each z`,
    derivation: zs
      .slice(0, LINES)
      .flatMap((z, i) => [
        { formula: F.eq(F.call(rule.name, F.num(z)), F.num(values[i]!)) },
        { formula: F.eq(F.call(`${rule.name}′`, F.num(z)), F.num(derivs[i]!)) },
      ]),
    answerFields: ["value", "derivative"],
    tables: [
      {
        columns: [
          { header: "z", cells: zs as Cell[] },
          { header: F.call(rule.name, S.z), cells: values as Cell[] },
          { header: F.call(`${rule.name}′`, S.z), cells: derivs as Cell[] },
        ],
      },
    ],
    notes: zs.length > LINES ? [`the first ${LINES} of ${zs.length} values written out; the table holds them all`] : [],
  });
  const f = (x: number) => sc.toNumber(rule.f(x));
  const { kink } = activationFormulas(rule.name, rule.slope);
  const rows = zs.slice(0, 10).map((z) => {
    const x = sc.toNumber(z);
    const kinked = kink !== undefined && x === 0;
    const row = gradcheckRow<Cell>(z, sc.toNumber(rule.df(z)), centralDifference(f, x));
    return kinked ? { ...row, checkable: false } : row;
  });
  steps.push(
    gradcheckStep(
      "Finite-difference check",
      rows,
      "z",
      ["central differences (f(z + h) − f(z − h))/2h, h = 1e-6"],
      kink ? `z = 0 is a kink: ${kink}` : undefined,
    ),
  );
  const answer: Record<string, AnswerValue> = {
    value: (input.single ? values[0] : values) as Value,
    derivative: (input.single ? derivs[0] : derivs) as Value,
  };
  return {
    problem: "activation",
    title: `${rule.name} and its derivative at ${zs.length} value${zs.length === 1 ? "" : "s"}`,
    input: { fn: rule.name, z: (input.single ? zs[0] : zs) as Value },
    steps,
    answer,
    warnings: [],
  };
}

export const activationProblem = defineProblem<ActivationInput | undefined>({
  name: "activation",
  summary: "any activation and its derivative, evaluated: definition, derivative, PyTorch's value at a kink, a check",
  positional: "z",
  leadingPositional: "fn",
  fields,
  answers: { value: "f(z) at each z (a number for one z)", derivative: "f′(z) at each z" },
  expectExample: `activation relu -1 0 2 --expect '{"value": [0, 0, 2], "derivative": [0, 0, 1]}'`,
  examples: [
    "activation gelu 1.45",
    "activation leaky-relu -2 0 3 --slope 0.2",
    "activation silu 0 1 2 --json",
    "activation",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "the function and its derivative from −4 to 4, the given z marked",
  plots,
});
