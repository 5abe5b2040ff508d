// Seed parts 1b–1f: the gradients of y_pred = C·σ(Ax + b) + d under the L2
// loss, checked by finite differences, and gradient-descent steps.

import { ACTIVATIONS } from "../../core/activations.js";
import * as mlp from "../../core/mlp.js";
import { MAX_EXACT_BITS } from "../../core/scalar.js";
import { MAX_STEPS } from "../../limits.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type MlpInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { activationStep, descentStep, forwardSteps, gradcheckSteps, gradientSteps, updateStep } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function numericSolution(input: MlpInput): Solution {
  const { x, y, params, act, loss } = input;
  const k = params.A.length;
  const fw = mlp.forward(params, x, y, act, loss);
  const g = mlp.gradients(params, x, y, fw, loss);
  const steps: Step[] = [
    activationStep(act),
    ...forwardSteps(input, fw),
    ...gradientSteps(input, fw, g),
    gradcheckSteps(input, fw, g),
  ];
  const answer: Record<string, AnswerValue> = {
    z: fw.z,
    h: fw.h,
    yPred: fw.yPred,
    loss: fw.loss,
    grad: { yPred: g.yPred, d: g.d, C: g.C, b: g.b, A: g.A },
  };
  const warnings: string[] = [];
  if (input.lr !== undefined) {
    const { step, next } = updateStep(input, fw, g, input.lr);
    steps.push(step);
    let final = next;
    if (input.steps !== undefined) {
      const descent = mlp.descend(params, x, y, act, loss, input.lr, input.steps);
      if (descent.floatAfter !== undefined) {
        warnings.push(
          `exact fractions passed ${MAX_EXACT_BITS} bits after step ${descent.floatAfter}: the later steps are float64`,
        );
      }
      steps.push(descentStep(fw, descent.losses));
      answer.losses = descent.losses;
      final = descent.final;
    }
    answer.next = { A: final.A, b: final.b, C: final.C, d: final.d };
  }
  return {
    problem: "mlp-grads",
    title: "Gradients of y_pred = C·σ(Ax + b) + d",
    input: {
      x,
      y,
      A: params.A,
      b: params.b,
      C: params.C,
      d: params.d,
      activation: act.name,
      loss,
      ...(input.lr === undefined ? {} : { lr: input.lr }),
      ...(input.steps === undefined ? {} : { steps: input.steps }),
    },
    summary: [`${k} hidden unit${k > 1 ? "s" : ""}`, `${act.name} activation`, `${loss} loss`, ...input.notes].join(
      "; ",
    ),
    steps,
    answer,
    warnings,
  };
}

export const mlpGrads = defineProblem<MlpInput>({
  name: "mlp-grads",
  summary:
    "gradients of y_pred = C·σ(Ax + b) + d under the L2 loss (review problems 1b–1f), checked, with " +
    "gradient-descent steps",
  fields: {
    x: { kind: "number", help: "the input x (a number)" },
    y: { kind: "number", help: "the label y_true (a number)" },
    A: { kind: "vector", help: "A, one weight per hidden unit" },
    b: { kind: "vector", help: "b, one bias per hidden unit" },
    C: { kind: "vector", help: "C, one output weight per hidden unit" },
    d: { kind: "number", help: "the output bias d" },
    activation: { kind: "choice", choices: ACTIVATIONS, help: `σ: ${ACTIVATIONS.join(", ")} (default sigmoid)` },
    slope: { kind: "number", help: "leaky-relu's slope for z ≤ 0 (default 0.01)" },
    lr: { kind: "number", help: "learning rate α: also take a gradient-descent step" },
    steps: { kind: "count", max: MAX_STEPS, help: "take this many gradient-descent steps (needs --lr)" },
    loss: {
      kind: "choice",
      choices: ["squared", "half-squared"],
      help: "squared (y − y_pred)² (default, as in the review) or half-squared ½(y − y_pred)²",
    },
  },
  answers: {
    z: "pre-activations zᵢ = Aᵢx + bᵢ",
    h: "hidden activations σ(zᵢ)",
    yPred: "the prediction y_pred = Σᵢ Cᵢσ(zᵢ) + d",
    loss: "the loss L",
    "grad.yPred": "∂L/∂y_pred",
    "grad.d": "∂L/∂d",
    "grad.C": "∂L/∂Cᵢ, one per hidden unit",
    "grad.b": "∂L/∂bᵢ, one per hidden unit",
    "grad.A": "∂L/∂Aᵢ, one per hidden unit",
    losses: "with --steps: the loss after each step",
    "next.A": "with --lr: A after the last step",
    "next.b": "with --lr: b after the last step",
    "next.C": "with --lr: C after the last step",
    "next.d": "with --lr: d after the last step",
  },
  expectExample: `mlp-grads --x 0 --y 1 --A 1 --b 0 --C 1 --d 0 --expect '{"loss": 0.25, "grad.d": -1}'`,
  examples: [
    "mlp-grads",
    "mlp-grads --x 1 --y 0 --A 1,-1 --b 0,0 --C 1,1 --d 0 --lr 0.5",
    "mlp-grads --x 2 --y 3 --A 1/2,-1 --b 0,1 --C 1,2 --d 0 --activation relu --lr 1/10 --steps 5",
  ],
  validate: (fields) => validate(fields),
  solve: (input) => (input.symbolic ? symbolicSolution(input) : numericSolution(input)),
  mistakes,
  practice,
  plotHelp: "with --steps: the loss per step",
  plots,
});
