// activation (SPEC 4.22): any activation and its derivative, evaluated, with
// PyTorch's value at a kink and a finite-difference check.
import { type Chart, spaced } from "../../chart.js";
import {
  ACTIVATION_FUNCTIONS,
  type ActivationFunction,
  type ActivationRule,
  activationRule,
} from "../../core/activation-functions.js";
import * as F from "../../core/formula.js";
import { S } from "../../core/formula.js";
import { centralDifference, gradcheckRow } from "../../core/gradcheck.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import { MAX_VALUES } from "../../limits.js";
import type { AnswerValue, Cell, Solution, Step, Value } from "../../solution.js";
import { gradcheckStep, lettered, listText } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

interface ActivationInput {
  rule: ActivationRule;
  z?: Scalar[];
  /** One z given as a number: the answer is a number. */
  single: boolean;
}

const fields: Record<string, FieldSpec> = {
  fn: { kind: "raw", help: `the function: ${ACTIVATION_FUNCTIONS.join(", ")}` },
  z: { kind: "numberOrList", help: "the values: a number or a vector" },
  slope: { kind: "number", help: "leaky-relu's slope for z ≤ 0 (default 0.01)" },
  alpha: { kind: "number", help: "elu's α (default 1)" },
};

/** Past this many values only the table (and not each line) is written. */
const LINES = 6;

function validate(f: Fields): ActivationInput | undefined {
  const raw = f.rawValue("fn");
  if (!raw) {
    if (f.has("z")) throw f.missing("fn", `the function, one of ${ACTIVATION_FUNCTIONS.join(", ")}`);
    return undefined;
  }
  const name = String(raw.value);
  if (!(ACTIVATION_FUNCTIONS as readonly string[]).includes(name))
    throw fieldError(
      raw.label,
      `unknown function "${name}"${didYouMean(name, ACTIVATION_FUNCTIONS)}; one of ${ACTIVATION_FUNCTIONS.join(", ")}`,
    );
  if (f.has("slope") && name !== "leaky-relu") throw fieldError(f.label("slope"), "is leaky-relu's slope");
  if (f.has("alpha") && name !== "elu") throw fieldError(f.label("alpha"), "is elu's α");
  const rule = activationRule(
    name as ActivationFunction,
    f.number("slope") ?? sc.frac(1, 100),
    f.number("alpha") ?? sc.frac(1),
  );
  const z = f.numberOrList("z");
  if (z === undefined) return { rule, single: false };
  const zs = Array.isArray(z) ? z : [z];
  if (zs.length > MAX_VALUES)
    throw new InputError(`activation: ${zs.length} values, more than the ${MAX_VALUES} allowed`);
  return { rule, z: zs, single: !Array.isArray(z) };
}

function definitionStep(rule: ActivationRule): Step {
  return {
    title: `${rule.name} and its derivative`,
    derivation: [
      { formula: rule.formula, reason: "definition" },
      { formula: rule.derivative, reason: rule.kink ?? "differentiate" },
    ],
  };
}

function listSolution(): Solution {
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
        { formula: F.eq(F.call(rule.name, F.num(z)), F.num(values[i] as Scalar)) },
        { formula: F.eq(F.call(`${rule.name}′`, F.num(z)), F.num(derivs[i] as Scalar)) },
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
  const rows = zs.slice(0, 10).map((z) => {
    const x = sc.toNumber(z);
    const kinked = rule.kink !== undefined && x === 0;
    const row = gradcheckRow<Cell>(z, sc.toNumber(rule.df(z)), centralDifference(f, x));
    return kinked ? { ...row, checkable: false } : row;
  });
  steps.push(
    gradcheckStep(
      "Finite-difference check",
      rows,
      "z",
      ["central differences (f(z + h) − f(z − h))/2h, h = 1e-6"],
      rule.kink ? `z = 0 is a kink: ${rule.kink}` : undefined,
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

function mistakes(input: ActivationInput | undefined, _sol: Solution): Mistake[] {
  if (!input?.z) return [];
  const values = input.z.map((z) => input.rule.f(z));
  return [
    {
      id: "value-for-derivative",
      answer: { derivative: (input.single ? values[0] : values) as Value },
      says: (field, v) =>
        `your ${field} ${v} is ${input.rule.name}(z) itself; the derivative is ${input.rule.name}′(z)`,
    },
  ];
}

const practice: PracticeGenerator = {
  guarantee: "relu, leaky-relu or identity at whole-number z from −3 to 3 (one of them 0, the kink): every value exact",
  generate(rng: Rng) {
    const fn = rng.pick(["relu", "leaky-relu", "identity"]);
    const z = [...rng.ints(3, -3, 3), 0];
    return {
      input: { fn, z },
      statement: [
        `Take the activation ${fn} at z = ${listText(z)}.`,
        ...lettered([
          `Compute ${fn}(z) for each z.`,
          `Compute its derivative at each z; what does PyTorch take at z = 0?`,
        ]),
      ],
    };
  },
};

function plots(input: ActivationInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const x = spaced(-4, 4, 161);
  return [
    {
      kind: "line",
      title: `${input.rule.name} and its derivative`,
      xLabel: "z",
      x,
      series: [
        { name: input.rule.name, y: x.map((v) => sc.toNumber(input.rule.f(v))) },
        { name: `${input.rule.name}′`, y: x.map((v) => sc.toNumber(input.rule.df(v))) },
      ],
      ...(input.z
        ? { marks: input.z.slice(0, 8).map((z) => ({ x: sc.toNumber(z), label: `z = ${sc.toNumber(z)}` })) }
        : {}),
    },
  ];
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
