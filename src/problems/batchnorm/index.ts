// Seed part 3: batch normalisation, forward pass, per feature (column).

import type { BatchnormBackward } from "../../core/backprop.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { AnswerGroup, Solution, Step, Value } from "../../solution/solution.js";
import { exactnessNote } from "../common.js";
import { defineProblem, type SolveOptions } from "../problem.js";
import { backwardSteps } from "./backward.js";
import { type BatchnormInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import {
  byRows,
  type FeatureResult,
  featureResults,
  forwardAnswer,
  matrixSteps,
  statisticsStepsOf,
  vectorSteps,
} from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

/** The backward pass's steps, and grad = {x, gamma, beta, mean, variance} (∂L/∂μ and ∂L/∂σ², as the steps show). */
function backward(input: BatchnormInput, dLdy: Scalar[][], results: FeatureResult[]) {
  const back = backwardSteps({ ...input, dLdy }, results);
  const one = back.grads[0] as BatchnormBackward;
  const perFeature = (pick: (g: BatchnormBackward) => Scalar): Value =>
    input.matrix ? back.grads.map(pick) : pick(one);
  const grad: AnswerGroup = {
    x: input.matrix ? byRows(back.grads.map((g) => g.x)) : one.x,
    gamma: perFeature((g) => g.gamma),
    beta: perFeature((g) => g.beta),
    mean: perFeature((g) => g.mean),
    variance: perFeature((g) => g.variance),
  };
  return { steps: back.steps, grad };
}

function echoInput(input: BatchnormInput): Solution["input"] {
  const shaped = (columns: Scalar[][]): Value => (input.matrix ? byRows(columns) : columns[0]!);
  const echo: Solution["input"] = {
    x: shaped(input.columns),
    gamma: input.gammaPerFeature ? input.gamma : input.gamma[0]!,
    beta: input.betaPerFeature ? input.beta : input.beta[0]!,
    eps: input.eps,
    variance: input.variance,
  };
  if (input.dLdy) echo.dLdy = shaped(input.dLdy);
  return echo;
}

function solve(input: BatchnormInput, options: SolveOptions = { steps: true }): Solution {
  if (input.symbolic) return symbolicSolution();
  const steps: Step[] = [];
  const results = featureResults(input);
  if (options.steps) {
    steps.push(...statisticsStepsOf(input, results));
    steps.push(...(input.matrix ? matrixSteps(input, results) : vectorSteps(input, results[0] as FeatureResult)));
  }
  const answer = forwardAnswer(input, results);
  if (input.dLdy) {
    const back = backward(input, input.dLdy, results);
    if (options.steps) steps.push(...back.steps);
    answer.grad = back.grad;
  }
  const features = input.columns.length;
  const count = features * input.columns[0]!.length;
  const exact = input.columns.every(sc.allExact) && sc.isExact(input.eps);
  return {
    problem: "batchnorm",
    title: input.dLdy
      ? "Batch normalisation, forward and backward pass (training mode)"
      : "Batch normalisation, forward pass (training mode)",
    input: echoInput(input),
    summary: [
      input.matrix
        ? `${count / features} samples × ${features} features, normalised per column`
        : `a batch of ${count} values`,
      `${input.variance} variance (÷ ${input.variance === "biased" ? "m" : "m − 1"})`,
      exactnessNote(exact, count),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

export const batchnorm = defineProblem<BatchnormInput>({
  name: "batchnorm",
  summary: "batch normalisation of a batch (review problem 3): mean, variance, σ, x̂ and y = γx̂ + β",
  positional: "x",
  fields: {
    x: {
      kind: "vectorOrMatrix",
      help: "the batch: a vector (one feature), or a matrix with rows = samples, columns = features",
    },
    gamma: { kind: "numberOrList", help: "scale γ (default 1; one per feature for a matrix)" },
    beta: { kind: "numberOrList", help: "shift β (default 0; one per feature for a matrix)" },
    eps: { kind: "number", help: "ε added to the variance (default 0, as in the review; PyTorch uses 1e-5)" },
    variance: { kind: "choice", choices: ["biased", "unbiased"], help: "biased (÷ m, default) or unbiased (÷ m − 1)" },
    dLdy: { kind: "vectorOrMatrix", help: "∂L/∂y, the shape of x: adds the backward pass" },
  },
  answers: {
    mean: "μ (one per feature for a matrix)",
    variance: "σ² (one per feature for a matrix)",
    std: "σ = √(σ² + ε) (one per feature for a matrix)",
    xhat: "x̂ = (x − μ)/σ, the shape of x",
    y: "y = γx̂ + β, the shape of x",
    "grad.x": "with --dLdy: ∂L/∂x, the shape of x",
    "grad.gamma": "with --dLdy: ∂L/∂γ (one per feature for a matrix)",
    "grad.beta": "with --dLdy: ∂L/∂β (one per feature for a matrix)",
    "grad.mean": "with --dLdy: ∂L/∂μ (one per feature)",
    "grad.variance": "with --dLdy: ∂L/∂σ² (one per feature)",
  },
  expectExample: `batchnorm 1 7 7 9 --expect '{"mean": 6, "xhat": ["-5/3", 0.333, 0.333, 1]}'`,
  examples: [
    "batchnorm 1 7 7 9",
    'batchnorm --x "1 2; 3 4; 5 9" --gamma 2 --beta 1/2',
    "batchnorm 2.5 3 4 --eps 1e-5 --json",
    "batchnorm 1 7 7 9 --dLdy 1,0,0,0",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "x, x̂ and y on one axis",
  plots,
});
