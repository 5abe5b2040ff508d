import { reductionSubstitution } from "../common.js";
// loss (SPEC 4.21): the losses besides softmax cross-entropy, each sample's
// loss with its numbers, the reduction, ∂L/∂pred and a finite-difference check.

import { LOSS_KINDS, ROW_KINDS } from "../../core/losses.js";
import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { fields, type LossInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { checkStep, evaluate, FORMULAS, gradientStep, LINES, sampleLines, shaped } from "./steps.js";

function solve(input: LossInput | undefined): Solution {
  if (!input) return listSolution();
  const { samples, loss, grad } = evaluate(input);
  const single = ROW_KINDS.includes(input.kind) && input.shape !== "matrix";
  const steps: Step[] = [
    {
      title: `Each sample's loss: ℓ = ${FORMULAS[input.kind]}`,
      derivation: samples.slice(0, LINES).flatMap((s, i) => sampleLines(input, i, s)),
      answerFields: single ? [] : ["losses"],
      notes: [
        ...(samples.length > LINES ? [`the first ${LINES} of ${samples.length} written out`] : []),
        ...(input.baseText !== "e"
          ? [
              `logarithms in base ${input.baseText}: a natural-log answer is ` +
                `ln ${input.baseText} ≈ ${input.options.lnBase.toPrecision(6)} times this`,
            ]
          : []),
      ],
    },
    {
      title: `The ${input.reduction} over ${samples.length} sample${samples.length === 1 ? "" : "s"}`,
      formula: F.eq(
        F.sym("L"),
        input.reduction === "mean"
          ? F.fracF(F.sumOver(F.sym("i"), F.subscript(F.sym("ℓ", "\\ell"), "i")), F.num(sc.frac(samples.length)))
          : F.sumOver(F.sym("i"), F.subscript(F.sym("ℓ", "\\ell"), "i")),
      ),
      substitution: reductionSubstitution(
        samples.map((s) => s.loss),
        input.reduction === "mean",
      ),
      value: loss,
      answerFields: ["loss"],
    },
    gradientStep(input, samples, grad),
  ];
  steps.push(checkStep(input, grad));
  const answer: Record<string, AnswerValue> = {
    loss,
    ...(single ? {} : { losses: samples.map((s) => s.loss) }),
    grad: shaped(input, grad),
  };
  return {
    problem: "loss",
    title: `The ${input.kind} loss`,
    input: { kind: input.kind, reduction: input.reduction },
    summary: `${input.kind}, ${input.reduction} over ${samples.length} sample${samples.length === 1 ? "" : "s"}`,
    steps,
    answer,
    warnings: [],
  };
}

function listSolution(): Solution {
  return {
    problem: "loss",
    title: "The losses and their gradients",
    input: {},
    steps: [
      { title: "Each kind", derivation: LOSS_KINDS.map((k) => ({ formula: F.text(`${k}: ℓ = ${FORMULAS[k]}`) })) },
    ],
    answer: {},
    warnings: [],
  };
}

export const loss = defineProblem<LossInput | undefined>({
  name: "loss",
  summary:
    "the losses besides softmax-ce (mse, mae, huber, bce, bce-logits, ce, hinge, svm, kl): each sample's loss, " +
    "the reduction, ∂L/∂pred",
  leadingPositional: "kind",
  fields,
  answers: { loss: "the reduced loss", losses: "each sample's loss", grad: "∂L/∂pred, the shape of pred" },
  expectExample: `loss mse --pred 1,2 --target 0,0 --expect '{"loss": 2.5, "grad": [1, 2]}'`,
  examples: [
    'loss svm --pred "3.2 5.1 -1.7; 1.3 4.9 2.0" --target 1,2',
    "loss huber --pred 0.5,3 --target 0,0",
    "loss bce --pred 0.9,0.2 --target 1,0 --json",
    "loss",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "the first sample's loss against its first prediction, the given one marked",
  plots,
});
