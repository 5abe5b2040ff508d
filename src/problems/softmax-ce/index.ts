// softmax-ce: softmax followed by cross-entropy, the loss of almost every
// classifier, and its gradient p − y derived through the softmax Jacobian.

import type { Scalar } from "../../core/scalar.js";
import {
  crossEntropy,
  crossEntropyGradient,
  type SoftmaxRow,
  softmaxJacobian,
  softmaxRow,
} from "../../core/softmax.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type SoftmaxInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import {
  batchSoftmaxStep,
  derivationSteps,
  finiteDifferenceStep,
  gradientSteps,
  JACOBIAN_MAX,
  matrixSteps,
  reduce,
  softmaxOnlySteps,
  vectorSteps,
} from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

/** The softmax alone, when no target is given: p, the log-sum-exp and (one sample, K ≤ 8) the Jacobian. */
function softmaxOnly(input: SoftmaxInput, rs: SoftmaxRow[]): Solution {
  const one = rs[0] as SoftmaxRow;
  const answer: Record<string, AnswerValue> = input.matrix
    ? { p: rs.map((r) => r.p), logSumExp: rs.map((r) => r.logSumExp) }
    : { p: one.p, logSumExp: one.logSumExp };
  if (!input.matrix && one.p.length <= JACOBIAN_MAX) answer.jacobian = softmaxJacobian(one.p);
  return {
    problem: "softmax-ce",
    title: "Softmax",
    input: { z: input.echo.z },
    summary:
      `${input.matrix ? `${rs.length} samples × ` : "one sample, "}${one.p.length} classes; ` +
      "no target, so the softmax alone (give --target for the loss); float64: e^z is irrational",
    steps: [
      { title: "Softmax", derivation: (derivationSteps()[0] as Step).derivation?.slice(0, 1) ?? [] },
      ...(input.matrix
        ? [batchSoftmaxStep(rs)]
        : softmaxOnlySteps(input.rows[0] as number[], one, input.echo.z as Scalar[])),
    ],
    answer,
    warnings: [],
  };
}

function solve(input: SoftmaxInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const rs = input.rows.map(softmaxRow);
  if (input.targets.length === 0) return softmaxOnly(input, rs);
  const losses = rs.map((r, i) => crossEntropy(input.rows[i] as number[], input.targets[i] as number[], r.logSumExp));
  const scale = input.matrix && input.reduction === "mean" ? 1 / rs.length : 1;
  const grads = rs.map((r, i) => crossEntropyGradient(r.p, input.targets[i] as number[], scale));
  const one = rs[0] as SoftmaxRow;
  const steps: Step[] = input.matrix
    ? [...derivationSteps().slice(0, 1), ...matrixSteps(input, rs, losses, grads)]
    : [
        ...derivationSteps().slice(0, 1),
        ...vectorSteps(input, one, losses[0] as number, grads[0] as number[]),
        ...gradientSteps(one, grads[0] as number[], input.targets[0] as number[]),
      ];
  steps.push(finiteDifferenceStep(input, grads));
  const answer: Record<string, AnswerValue> = input.matrix
    ? { p: rs.map((r) => r.p), loss: reduce(input, losses), grad: grads, logSumExp: rs.map((r) => r.logSumExp) }
    : { p: one.p, loss: losses[0] as number, grad: grads[0] as number[], logSumExp: one.logSumExp };
  if (!input.matrix && one.p.length <= JACOBIAN_MAX) answer.jacobian = softmaxJacobian(one.p);
  const N = rs.length;
  const classes = one.p.length;
  return {
    problem: "softmax-ce",
    title: "Softmax cross-entropy",
    input: { z: input.echo.z, target: input.echo.target, ...(input.matrix ? { reduction: input.reduction } : {}) },
    summary: [
      input.matrix
        ? `${N} samples × ${classes} classes, ${input.reduction} over the batch`
        : `one sample, ${classes} classes`,
      input.classes ? "class targets (counted from 1)" : "probability targets",
      "float64: e^z is irrational",
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

export const softmaxCe = defineProblem<SoftmaxInput>({
  name: "softmax-ce",
  summary: "softmax followed by cross-entropy: p, the loss, log-sum-exp, and ∂L/∂z = p − y through the Jacobian",
  positional: "z",
  fields: {
    z: { kind: "vectorOrMatrix", help: "the logits: a vector of K, or an N × K matrix with rows = samples" },
    target: {
      kind: "numberVectorOrMatrix",
      help:
        "the class (1…K), or K probabilities summing to 1; for a matrix z, N classes or an N × K matrix " +
        "(optional: without it, the softmax alone)",
    },
    reduction: { kind: "choice", choices: ["mean", "sum"], help: "mean (default, as PyTorch) or sum over a batch" },
  },
  answers: {
    p: "the softmax probabilities, the shape of z",
    loss: "the cross-entropy (averaged or summed over a batch)",
    grad: "∂L/∂z = p − y (÷ N for the mean), the shape of z",
    logSumExp: "log Σₖ e^(zₖ), one per sample",
    jacobian: "∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), for one sample with K ≤ 8",
  },
  expectExample: `softmax-ce 2 1 0 --target 1 --expect '{"p": [0.665, 0.245, 0.09], "loss": 0.408}'`,
  examples: [
    "softmax-ce",
    "softmax-ce 2 1 0",
    "softmax-ce 2 1 0 --target 1",
    "softmax-ce --z 0.5,1.5,-1 --target 0.2,0.7,0.1",
    'softmax-ce --z "1 2 3; 1 0 0" --target 3,1 --reduction sum',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "p per class as bars, the target marked",
  plots,
});
