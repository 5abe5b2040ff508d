// layernorm: each sample normalised over its own D features — batchnorm's
// statistics along the other axis (problems/normalization.ts serves both).

import type { BatchnormBackward } from "../../core/backprop.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { exactnessNote } from "../common.js";
import { defineProblem } from "../problem.js";
import { backwardGrads, backwardSteps, finiteDifferenceStep } from "./backward.js";
import { type LayernormInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { axisNote, matrixSteps, type SampleResult, sampleResults, statisticsStepsOf, vectorSteps } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: LayernormInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const results = sampleResults(input);
  const steps: Step[] = statisticsStepsOf(input, results);
  steps.push(...(input.matrix ? matrixSteps(input, results) : vectorSteps(input, results[0] as SampleResult)));
  (steps[steps.length - 1] as Step).notes = [...((steps[steps.length - 1] as Step).notes ?? []), axisNote];
  const one = results[0] as SampleResult;
  const per = (f: (r: SampleResult) => Scalar): Value => (input.matrix ? results.map(f) : f(one));
  const shaped = (f: (r: SampleResult) => Scalar[]): Value => (input.matrix ? results.map(f) : f(one));
  const answer: Record<string, AnswerValue> = {
    mean: per((r) => r.mean),
    variance: per((r) => r.variance),
    std: per((r) => r.std),
    xhat: shaped((r) => r.xhat),
    y: shaped((r) => r.y),
  };
  if (input.dLdy) {
    const grads = backwardGrads(input, input.dLdy, results);
    const back = backwardSteps(input, input.dLdy, results, grads);
    steps.push(...back.steps, finiteDifferenceStep(input, input.dLdy, grads));
    answer.grad = {
      x: input.matrix ? grads.map((g) => g.x) : (grads[0] as BatchnormBackward).x,
      gamma: back.gGamma,
      beta: back.gBeta,
    };
  }
  const N = input.rows.length;
  const D_ = one.xhat.length;
  const exact = input.rows.every(sc.allExact) && sc.isExact(input.eps);
  return {
    problem: "layernorm",
    title: input.dLdy ? "Layer normalisation, forward and backward pass" : "Layer normalisation, forward pass",
    input: {
      x: input.matrix ? input.rows : input.rows[0]!,
      gamma: input.gammaPerFeature ? input.gamma : input.gamma[0]!,
      beta: input.betaPerFeature ? input.beta : input.beta[0]!,
      eps: input.eps,
      ...(input.dLdy ? { dLdy: input.matrix ? input.dLdy : input.dLdy[0]! } : {}),
    },
    summary: [
      input.matrix
        ? `${N} samples × ${D_} features, each sample normalised on its own`
        : `one sample of ${D_} features`,
      input.variance === "biased" ? "biased variance (÷ D)" : "unbiased variance (÷ D − 1)",
      exactnessNote(exact, N * D_),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

export const layernorm = defineProblem<LayernormInput>({
  name: "layernorm",
  summary: "layer normalisation: each sample over its own features (batchnorm's other axis), forward and backward",
  positional: "x",
  fields: {
    x: { kind: "vectorOrMatrix", help: "one sample's D features, or an N × D matrix with rows = samples" },
    gamma: { kind: "numberOrList", help: "scale γ (default 1): one number, or one per feature" },
    beta: { kind: "numberOrList", help: "shift β (default 0): one number, or one per feature" },
    eps: { kind: "number", help: "ε added to the variance (default 0; PyTorch uses 1e-5)" },
    variance: {
      kind: "choice",
      choices: ["biased", "unbiased"],
      help: "biased (÷ D, default, as layer norm) or unbiased (÷ D − 1)",
    },
    dLdy: { kind: "vectorOrMatrix", help: "∂L/∂y, the shape of x: adds the backward pass" },
  },
  answers: {
    mean: "μ of each sample (a number for one sample)",
    variance: "σ² of each sample (÷ D, or ÷ D − 1 with --variance unbiased)",
    std: "σ = √(σ² + ε) of each sample",
    xhat: "x̂ = (x − μ)/σ, the shape of x",
    y: "y = γ∘x̂ + β, the shape of x",
    "grad.x": "with --dLdy: ∂L/∂x, the shape of x",
    "grad.gamma": "with --dLdy: ∂L/∂γ, one per feature",
    "grad.beta": "with --dLdy: ∂L/∂β, one per feature",
  },
  expectExample: `layernorm 1 7 7 9 --expect '{"mean": 6, "xhat": ["-5/3", 0.333, 0.333, 1]}'`,
  examples: [
    "layernorm",
    "layernorm 1 7 7 9",
    'layernorm --x "1 2 3; 2 4 9" --gamma 1,2,1 --beta 0,0,1',
    "layernorm 1 7 7 9 --dLdy 1,0,0,0",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "each sample's x, x̂ and y on one axis",
  plots,
});
