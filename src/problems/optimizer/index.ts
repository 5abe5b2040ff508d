// optimizer: steps of SGD (with momentum, dampening, Nesterov), Adagrad,
// RMSprop, Adam and AdamW as torch.optim takes them, on given gradients or
// on a quadratic f(θ) = ½θᵀHθ − cᵀθ, where the eigenvalues of H say whether
// gradient descent converges and how fast.

import * as la from "../../core/linalg.js";
import { METHODS, quadraticLoss, type StepRecord } from "../../core/optimizer.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { exactnessNote } from "../common.js";
import { defineProblem } from "../problem.js";
import { MAX_OPTIMIZER_STEPS, type OptimizerInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { runOn } from "./run.js";
import { at, g, hyperNotes, lossStep, ruleLines, spectrumSteps, stepTable, t, theta } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: OptimizerInput): Solution {
  if (input.symbolic) return symbolicSolution(input);
  const q = input.quadratic;
  const { records, state } = runOn(input);
  const last = records[records.length - 1] as StepRecord;
  const steps: Step[] = [
    {
      title: "The update rule",
      derivation: ruleLines(input.method, !sc.isZero(input.hyper.weightDecay)),
      notes: hyperNotes(input),
    },
  ];
  if (q)
    steps.push({
      title: "The gradient",
      formula: F.eq(at(g, t), F.minus(F.juxt(F.sym("H"), at(theta, t)), F.sym("c"))),
    });
  steps.push(stepTable(input, records));
  const answer: Record<string, AnswerValue> = {
    theta: last.next,
    trajectory: records.map((r) => r.next),
    ...Object.fromEntries(Object.entries(state)),
  };
  if (q) {
    const eig = la.symmetricEigenvalues(q.H.map((r) => r.map(sc.toNumber)));
    const minimizer = la.solveExact(q.H, q.c) ?? undefined;
    const losses = records.map((r) => quadraticLoss(q.H, q.c, r.next));
    steps.push(lossStep(input, records, losses, minimizer), ...spectrumSteps(input, eig, minimizer));
    answer.losses = losses;
    answer.eigenvalues = eig;
    const [lmax, lmin] = [eig[0] as number, eig[eig.length - 1] as number];
    // Only a positive definite H has a minimum and a best step; with λ_max ≤ 0 no step is stable.
    if (lmax > 0) answer.stableLrBelow = 2 / lmax;
    if (lmin > 0) answer.optimalLr = 2 / (lmin + lmax);
    if (minimizer && lmin > 0) answer.minimizer = minimizer;
  }
  const exact = sc.allExact(records.flatMap((r) => r.next));
  return {
    problem: "optimizer",
    title: `${input.method}: ${input.steps} step${input.steps > 1 ? "s" : ""}${q ? " on f(θ) = ½θᵀHθ − cᵀθ" : ""}`,
    input: echo(input),
    summary: [
      `θ has ${input.theta.length} coordinate${input.theta.length > 1 ? "s" : ""}`,
      q ? "gradients from the quadratic" : "gradients as given",
      ...(input.initial.state ? [`starting from the given ${Object.keys(input.initial.state).join(" and ")}`] : []),
      ...(input.initial.step
        ? [`${input.initial.step} steps already taken: the bias correction's t runs from ${input.initial.step + 1}`]
        : []),
      exact
        ? "exact arithmetic: every input is rational"
        : ["adagrad", "rmsprop", "adam", "adamw"].includes(input.method)
          ? "float64 where the square root enters"
          : exactnessNote(false, 0),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

function echo(input: OptimizerInput): Solution["input"] {
  const out: Record<string, Value | string> = { method: input.method, theta: input.theta, lr: input.hyper.lr };
  for (const k of input.given) out[k] = (input.hyper as unknown as Record<string, Scalar>)[k] as Scalar;
  if (input.grads) out.grads = input.grads;
  if (input.quadratic) {
    out.H = input.quadratic.H;
    out.c = input.quadratic.c;
    out.steps = sc.frac(input.steps);
  }
  return out;
}

export const optimizer = defineProblem<OptimizerInput>({
  name: "optimizer",
  summary: "optimiser steps as torch.optim takes them (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)",
  fields: {
    method: { kind: "choice", choices: METHODS, help: "the optimiser (default sgd)" },
    theta: { kind: "numberOrList", help: "θ₀: a vector, or one number" },
    lr: { kind: "number", help: "the learning rate α (> 0)" },
    grads: { kind: "vectorOrMatrix", help: "the gradient of each step: a matrix, row t = step t (or one vector)" },
    H: { kind: "matrix", help: "f(θ) = ½θᵀHθ − cᵀθ: the symmetric matrix H (gradients Hθ − c)" },
    c: { kind: "vector", help: "f's linear term c (default 0)" },
    steps: { kind: "count", max: MAX_OPTIMIZER_STEPS, help: "steps on the quadratic (default 1)" },
    momentum: { kind: "number", help: "μ (0.9 for momentum and nesterov)" },
    dampening: { kind: "number", help: "τ (default 0)" },
    alpha: { kind: "number", help: "rmsprop's α (default 0.99)" },
    beta1: { kind: "number", help: "Adam's β₁ (default 0.9)" },
    beta2: { kind: "number", help: "Adam's β₂ (default 0.999)" },
    eps: { kind: "number", help: "ε (default 1e-8; 1e-10 for adagrad)" },
    weightDecay: { kind: "number", flag: "weight-decay", help: "weight decay λ (0; 0.01 for adamw, decoupled)" },
    velocity: {
      kind: "numberOrList",
      help:
        "momentum/nesterov: the buffer to start from (PyTorch's, before the learning rate; a course whose v " +
        "includes α divides it by α)",
    },
    m: { kind: "numberOrList", help: "adam/adamw: the first moment to start from" },
    v: { kind: "numberOrList", help: "adam/adamw: the second moment to start from" },
    step: { kind: "count", max: 1e9, help: "adam/adamw: the steps already taken (for the bias correction)" },
    sumSquares: { kind: "numberOrList", flag: "sum-squares", help: "adagrad: the sum of squares to start from" },
    squareAvg: { kind: "numberOrList", flag: "square-avg", help: "rmsprop: the square average to start from" },
  },
  answers: {
    theta: "θ after the last step",
    trajectory: "θ after each step, a row per step",
    velocity: "momentum and nesterov: the velocity b after the last step",
    m: "adam and adamw: the first moment after the last step",
    v: "adam and adamw: the second moment after the last step",
    sumSquares: "adagrad: the sum of squared gradients",
    squareAvg: "rmsprop: the running average of g²",
    losses: "with H: f(θ) after each step",
    eigenvalues: "with H: its eigenvalues, largest first",
    stableLrBelow: "with H: 2/λ_max, the step size below which gradient descent converges",
    optimalLr: "with H: 2/(λ_min + λ_max), the best constant step",
    minimizer: "with H invertible: θ* = H⁻¹c",
  },
  expectExample: `optimizer --theta 1,2 --lr 1/4 --grads 2,-4 --expect '{"theta": ["1/2", 3]}'`,
  examples: [
    "optimizer --method adam",
    "optimizer --theta 1,2 --lr 1/4 --grads 2,-4",
    'optimizer --method adam --theta 0.5 --lr 0.1 --grads "1; -2; 0.5"',
    'optimizer --theta 0,-2 --lr 1/10 --H "4 -4; -4 10" --c 1,-2 --steps 3',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "θ per step (and f(θ) with the minimiser, on a quadratic)",
  plots,
});
