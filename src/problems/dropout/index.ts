// dropout (SPEC 4.20): dropout at training and at test time, inverted (PyTorch)
// or in its original form, with the expectation it keeps and the variance it adds.

import type { Tensor } from "../../core/autodiff.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type DropoutInput, fields, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { practice } from "./practice.js";
import { compute, done, listF, scalingLines } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: DropoutInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const { x, p, inverted } = input;
  const q = input.keep;
  const r = compute(x, p, inverted, input.mask);
  const oneMinusP = F.paren(F.minus(F.num(1), F.sym("p")));
  const steps: Step[] = [];
  const lines = scalingLines(input);
  steps.push({
    title: inverted
      ? "Inverted dropout (PyTorch): scale in training"
      : "Dropout in its original form: scale at test time",
    derivation: lines,
    answerFields: ["kept", "expected", "variance", "test"],
  });
  const answer: Record<string, AnswerValue> = {};
  if (input.mode === "eval") {
    steps.push({
      title: "Eval mode: no unit is dropped",
      formula: F.eq(S.y, inverted ? S.x : F.juxt(oneMinusP, S.x)),
      value: r.test as Value,
      answerFields: ["y", "test"],
    });
    answer.y = r.test as Value;
    answer.test = r.test as Value;
    return done(input, steps, answer);
  }
  if (r.y)
    steps.push({
      title: "Training with this mask: y = mask ∘ kept",
      formula: F.eq(
        S.y,
        inverted
          ? F.fracF(F.sym("mask ∘ x", "\\text{mask} \\circ x"), oneMinusP)
          : F.sym("mask ∘ x", "\\text{mask} \\circ x"),
      ),
      substitution: [
        inverted
          ? F.fracF(F.juxt(listF(input.mask as Tensor), F.text(" ∘ "), listF(x)), F.num(q))
          : F.juxt(listF(input.mask as Tensor), F.text(" ∘ "), listF(x)),
      ],
      value: r.y as Value,
      answerFields: ["y"],
    });
  if (r.y) answer.y = r.y as Value;
  Object.assign(answer, {
    kept: r.kept as Value,
    expected: r.expected as Value,
    variance: r.variance as Value,
    test: r.test as Value,
  });
  return done(input, steps, answer);
}

export const dropout = defineProblem<DropoutInput | undefined>({
  name: "dropout",
  summary:
    "dropout at training and test time, inverted or not: the scaling and why, y with a mask, the variance it adds",
  fields,
  answers: {
    y: "with a mask (training) or in eval mode: the output",
    kept: "a kept unit's value in training",
    expected: "E[y] per unit",
    variance: "the variance dropout adds per unit",
    test: "the eval-mode output",
  },
  expectExample: `dropout --x 1,2,3,4 --p 1/2 --mask 1,0,1,1 --expect '{"y": [2, 0, 6, 8], "test": [1, 2, 3, 4]}'`,
  examples: [
    "dropout --x 1,2,3,4 --p 1/2 --mask 1,0,1,1",
    "dropout --x 0.5,-1 --keep-prob 0.8 --inverted false",
    "dropout --x 2 --p 0.1 --mode eval --json",
    "dropout",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
