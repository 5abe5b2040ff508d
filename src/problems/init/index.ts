// init (SPEC 4.19): the scale of a weight initialisation as torch.nn.init
// computes it — the gain, the fans, the variance (exact where it is rational),
// the standard deviation and the uniform bound — with the variance argument.

import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { fields, type InitInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { practice } from "./practice.js";
import { varianceOf } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

/** The fan the variance divides by: (fan_in + fan_out)/2 for Xavier, else fan_in (fan_out with He's fan-out mode). */
function fanOf(input: InitInput): { fan: string; fanValue: sc.Scalar } {
  if (input.family === "xavier")
    return { fan: "(fan_in + fan_out)/2", fanValue: sc.frac(input.fanIn + (input.fanOut as number), 2) };
  return input.family === "he" && input.mode === "fan-out"
    ? { fan: "fan_out", fanValue: sc.frac(input.fanOut as number) }
    : { fan: "fan_in", fanValue: sc.frac(input.fanIn) };
}

function solve(input: InitInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const variance = varianceOf(input);
  const std = sc.sqrt(variance);
  const gain = sc.sqrt(input.gain2);
  const bound = sc.mul(sc.sqrt(sc.frac(3)), std);
  const { fan, fanValue } = fanOf(input);
  const steps: Step[] = [
    {
      title: "The gain and the fan",
      derivation: [
        {
          // gain = 5/3, or gain = √2 ≈ 1.41421
          formula: sc.isExact(gain)
            ? F.eq(F.sym("gain"), F.num(gain))
            : F.endingIn(F.eq(F.sym("gain"), F.sqrtF(F.num(input.gain2))), gain),
          reason: input.gainText,
        },
        {
          formula: F.eq(F.sym(fan, `\\mathrm{${fan.replace(/_/g, "\\_")}}`), F.num(fanValue)),
          reason: `fan_in = ${input.fanIn}${input.fanOut === undefined ? "" : `, fan_out = ${input.fanOut}`}`,
        },
      ],
    },
    {
      title: "The variance and the standard deviation",
      formula: F.eq(F.sym("Var(w)"), F.fracF(F.pow(F.sym("gain"), F.num(2)), F.sym("fan"))),
      substitution: [F.fracF(F.num(input.gain2), F.num(fanValue))],
      value: variance,
      answerFields: ["variance", "std", "gain", "fanIn", "fanOut"],
      notes: [
        F.endingIn(F.eq(F.sym("std"), F.sqrtF(F.sym("Var(w)")), F.sqrtF(F.num(variance))), std),
        "why: z = Σⱼ wⱼxⱼ over fan_in inputs has Var(z) = fan_in·Var(w)·Var(x); Var(w) = 1/fan_in keeps it " +
          "(gain² makes up what the nonlinearity removes: 2 for relu, which zeroes half)",
      ],
    },
  ];
  if (input.uniform)
    steps.push({
      title: "The uniform bound: U(−a, a) has variance a²/3",
      formula: F.eq(F.sym("a"), F.juxt(F.sqrtF(F.num(3)), F.sym("std"))),
      substitution: [F.juxt(F.sqrtF(F.num(3)), F.num(std))],
      value: bound,
      answerFields: ["bound"],
    });
  const answer: Record<string, AnswerValue> = {
    std,
    variance,
    ...(input.uniform ? { bound } : {}),
    gain,
    fanIn: sc.frac(input.fanIn),
    ...(input.fanOut === undefined ? {} : { fanOut: sc.frac(input.fanOut) }),
  };
  return {
    problem: "init",
    title: `${input.scheme} initialisation`,
    input: {
      scheme: input.scheme,
      fanIn: sc.frac(input.fanIn),
      ...(input.fanOut === undefined ? {} : { fanOut: sc.frac(input.fanOut) }),
    },
    summary: `${input.scheme}, ${input.gainText}`,
    steps,
    answer,
    warnings: [],
  };
}

export const init = defineProblem<InitInput | undefined>({
  name: "init",
  summary:
    "the scale of a weight initialisation (Xavier, He, LeCun) as torch.nn.init computes it, with the variance argument",
  fields,
  answers: {
    std: "the standard deviation",
    variance: "the variance (exact where rational)",
    bound: "uniform schemes: a = √3·std",
    gain: "the gain",
    fanIn: "the fan-in",
    fanOut: "the fan-out",
  },
  expectExample: `init --scheme he-normal --fan-in 50 --fan-out 10 --expect '{"std": 0.2, "variance": 0.04}'`,
  examples: [
    "init --scheme he-normal --fan-in 50 --fan-out 10",
    "init --scheme xavier-uniform --fan-in 64 --fan-out 100 --nonlinearity tanh",
    'init --scheme he-normal --layer "conv k=3 c=64" --channels 16 --json',
    "init",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
