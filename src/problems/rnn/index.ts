// rnn (SPEC 4.18): a recurrent network unrolled in time, forward and backward
// through time, on core's autodiff engine (vanilla, LSTM and GRU cells).
import { entries, finiteDifferences, inputGradient } from "../../core/autodiff.js";
import { FD_COORDINATES } from "../../core/gradcheck.js";
import { GATES } from "../../core/network.js";
import * as sc from "../../core/scalar.js";
import type { AnswerGroup, AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { refuseWork } from "../common.js";
import { defineProblem, type SolveOptions } from "../problem.js";
import { mistakes, plotHelp, plots, practice, symbolicSolution } from "./extras.js";
import { fields, RNN_WORK, type RnnInput, validate } from "./input.js";
import { LIMITS, perStep, runRnn } from "./run.js";
import { bpttStep, checkStep, forwardStep, gradStep, lossStep } from "./steps.js";

function solve(input: RnnInput | undefined, options?: SolveOptions): Solution {
  if (!input) return symbolicSolution();
  refuseWork("rnn", input.work, RNN_WORK, options?.steps !== false);
  const run = runRnn(input);
  const T = input.shape.steps;
  const grad: Record<string, Value> = {};
  for (const p of run.params) grad[p] = run.paramGrad(p) as Value;
  const answer: Record<string, AnswerValue> = { h: perStep(input, (t) => run.value(`h${t}`)) };
  if (input.shape.output) answer.yPred = perStep(input, (t) => run.value(`yhat${t}`));
  if (input.shape.lossAt !== "upstream") answer.loss = run.value("L") as Value;
  answer.dLdh = perStep(input, (t) => run.grad(`h${t}`));
  answer.grad = grad;
  if (input.shape.cell === "lstm") answer.c = perStep(input, (t) => run.value(`c${t}`));
  const gates = GATES[input.shape.cell];
  if (gates.length > 0)
    answer.gates = Array.from(
      { length: T },
      (_, k): AnswerGroup => Object.fromEntries(gates.map((g) => [g, run.value(`${g}${k + 1}`) as Value])),
    );
  const steps: Step[] = [];
  if (options?.steps !== false) {
    steps.push(forwardStep(input, run));
    if (input.shape.lossAt !== "upstream") steps.push(lossStep(input, run));
    steps.push(bpttStep(input, run), gradStep(input, run));
    const names = run.g.nodes.filter((n) => n.op === "input" && /^(W|b|h0|c0)/.test(n.name)).map((n) => n.name);
    const grads = new Map(names.map((n) => [n, inputGradient(run.g, run.b, n)]));
    const diffs = finiteDifferences(run.program, input.values, sc.frac(1), names, grads, LIMITS, FD_COORDINATES);
    steps.push(checkStep(run, input, diffs));
  }
  const exact = run.g.nodes.every((n) => sc.allExact(entries(n.value)));
  const { H, F, O } = input.sizes;
  const kind = input.shape.cell === "rnn" ? "recurrent network" : input.shape.cell.toUpperCase();
  const cellName = input.shape.cell === "rnn" ? input.shape.activation : input.shape.cell;
  const at = input.shape.lossAt === "last" ? "the last step" : "every step";
  const lossText = input.shape.lossAt === "upstream" ? "∂L/∂h_T given" : `${input.shape.loss} loss at ${at}`;
  return {
    problem: "rnn",
    title: `A ${kind} over ${T} steps, forward and backward through time`,
    input: input.echo as Record<string, Value | string>,
    summary:
      `H = ${H}, F = ${F}${O > 0 ? `, O = ${O}` : ""}, ${cellName}; ${lossText}; ` +
      (exact ? "exact throughout" : "float64 from the first step that leaves the rationals"),
    steps,
    answer,
    ...(gates.length > 0 ? { unlisted: ["gates"] } : {}),
    warnings: [],
  };
}

export const rnn = defineProblem<RnnInput | undefined>({
  name: "rnn",
  summary:
    "a recurrent network unrolled in time: the forward table per step, backpropagation through time from the " +
    "last step with the factor diag(act′)·W_h and the running product's norm, gradients summed over time",
  fields,
  answers: {
    h: "the hidden states, one row per step (a vector when H = 1)",
    yPred: "with Wy: the outputs ŷₜ = W_y hₜ + b_y, one row per step",
    loss: "the loss (absent when dLdh is given)",
    dLdh: "∂L/∂hₜ per step, everything that flows into hₜ",
    grad: "∂L/∂Wx, ∂L/∂Wh, ∂L/∂b, ∂L/∂h0 (and c0, Wy, by when present), summed over the steps",
    c: "lstm: the cell states per step",
    gates: "lstm, gru: the gates per step (i, f, g, o or r, z, n)",
  },
  expectExample:
    "rnn --x 1,2 --Wx 1 --Wh 1/2 --activation identity --y 3 " +
    `--expect '{"h": [1, 2.5], "grad": {"Wh": -0.5, "Wx": -1.25}}'`,
  examples: [
    "rnn --x 0.5,0.2,-1.6 --Wx -1.3 --Wh -1.5 --b 0.2 --y -1.6",
    "rnn --x 1,2 --Wx 1 --Wh 1/2 --activation identity --y 3",
    'rnn --x "1 0; 0 1; 1 1" --Wx "1 0; 0 1" --Wh "0.5 0; 0 0.5" --dLdh 1,1',
    "rnn --cell lstm --x 1 --Wx 0.5,0.5,0.5,0.5 --Wh 0,0,0,0 --y 0.5 --json",
    "rnn",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp,
  plots,
});
