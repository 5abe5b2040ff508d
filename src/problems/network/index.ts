// network (SPEC 4.14): a fully connected network layer by layer, forward and
// backward, on core's autodiff engine.
import { entries, finiteDifferences, type Tensor } from "../../core/autodiff.js";
import { FD_COORDINATES } from "../../core/gradcheck.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { refuseWork } from "../common.js";
import { defineProblem, type SolveOptions } from "../problem.js";
import { fields, NETWORK_WORK, type NetworkInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plotHelp, plots } from "./plots.js";
import { practice } from "./practice.js";
import { batched, LIMITS, runNetwork, stepped } from "./run.js";
import { backStep, checkStep, forwardStep, lossStep, outputDeltaStep, updateStep, weightGradStep } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

/** The output layer's a as the answer's yPred: a number for one unit and one sample. */
function yPredOf(input: NetworkInput, rows: Tensor[]): Value {
  const v = batched(input, rows);
  return input.shape.batch === 0 && Array.isArray(v) && v.length === 1 ? (v[0] as Value) : v;
}

function summaryOf(input: NetworkInput, exact: boolean): string {
  const { layers, hidden, output, loss, batch } = input.shape;
  const parts = [`${layers} layer${layers === 1 ? "" : "s"}, ${hidden} hidden, ${output} output, ${loss} loss`];
  if (batch > 0) parts.push(`, a batch of ${batch} (the mean)`);
  parts.push(exact ? "; exact throughout" : "; float64 from the first step that leaves the rationals");
  return parts.join("");
}

function solve(input: NetworkInput | undefined, options?: SolveOptions): Solution {
  if (!input) return symbolicSolution();
  refuseWork("network", input.work, NETWORK_WORK, options?.steps !== false);
  const run = runNetwork(input);
  const Lk = input.shape.layers;
  const layers = Array.from({ length: Lk }, (_, i) => i + 1);
  const grad: Record<string, Value> = {};
  for (const l of layers) {
    grad[`W${l}`] = run.grad(`W${l}`) as Value;
    grad[`b${l}`] = run.grad(`b${l}`) as Value;
  }
  grad.x = batched(input, run.gradPerSample("x"));
  const next: Record<string, Tensor> = {};
  if (input.lr !== undefined)
    for (const [k, v] of Object.entries(grad))
      if (k !== "x") next[k] = stepped(run.values.get(k) as Tensor, v as Tensor, input.lr);
  const answer: Record<string, AnswerValue> = {
    z: layers.map((l) => batched(input, run.perSample(`z${l}`))) as unknown as Value,
    a: layers.map((l) => batched(input, run.perSample(`a${l}`))) as unknown as Value,
    yPred: yPredOf(input, run.perSample(`a${Lk}`)),
    loss: run.node("L").value as Value,
    delta: layers.map((l) => batched(input, run.gradPerSample(`z${l}`))) as unknown as Value,
    grad,
    ...(input.lr === undefined ? {} : { next: next as Record<string, Value> }),
  };
  const steps: Step[] = [];
  if (options?.steps !== false) {
    for (const l of layers) steps.push(forwardStep(input, run, l));
    steps.push(lossStep(input, run), outputDeltaStep(input, run));
    for (let l = Lk; l >= 1; l--) steps.push(weightGradStep(input, run, l), backStep(input, run, l));
    const names = layers.flatMap((l) => [`W${l}`, `b${l}`]);
    const grads = new Map(names.map((n) => [n, run.grad(n)]));
    const diffs = finiteDifferences(run.program, run.values, sc.frac(1), names, grads, LIMITS, FD_COORDINATES);
    steps.push(checkStep(run, diffs));
    if (input.lr !== undefined) steps.push(updateStep(input, run, next));
  }
  const exact = run.g.nodes.every((n) => sc.allExact(entries(n.value)));
  const sizes = [entries(input.x[0] as Tensor).length, ...input.layers.map((l) => l.units)].join("-");
  return {
    problem: "network",
    title: `A ${sizes} network, forward and backward`,
    input: {
      ...(input.echo as Record<string, Value | string>),
      y: input.classes
        ? input.shape.batch
          ? input.classes.map((c) => sc.frac(c))
          : sc.frac(input.classes[0] as number)
        : (batched(input, input.y) as Value),
      ...(input.lr === undefined ? {} : { lr: input.lr }),
    },
    summary: summaryOf(input, exact),
    steps,
    answer,
    unlisted: ["z", "a", "delta"],
    warnings: [],
  };
}

export const network = defineProblem<NetworkInput | undefined>({
  name: "network",
  summary:
    "a fully connected network layer by layer: each unit's weighted sum, the loss, δ, ∂L/∂W = δaᵀ and " +
    "∂L/∂a = Wᵀδ per layer backward, a finite-difference check and one gradient step",
  fields,
  answers: {
    z: "z of every layer (the first for layer 1), a row per sample for a batch",
    a: "a = act(z) of every layer",
    yPred: "the output layer's a (a number for one unit and one sample)",
    loss: "the loss (the batch's mean)",
    delta: "δ = ∂L/∂z of every layer",
    grad: "∂L/∂W1, ∂L/∂b1, …, ∂L/∂x (grad.W1, grad.b1, …, grad.x)",
    next: "with lr: the weights after one gradient-descent step (next.W1, next.b1, …)",
  },
  expectExample:
    'network --x 0.05,0.10 --W1 "[[0.15,0.20],[0.25,0.30]]" --b1 0.35 --W2 "[[0.40,0.45],[0.50,0.55]]" --b2 0.60 ' +
    "--y 0.01,0.99 --loss half-squared --output sigmoid --lr 0.5 " +
    `--expect '{"loss": 0.298371109, "next": {"W1": [[0.149780716, 0.19956143], [0.24975114, 0.29950229]]}}'`,
  examples: [
    'network --x 0.05,0.10 --W1 "[[0.15,0.20],[0.25,0.30]]" --b1 0.35 --W2 "[[0.40,0.45],[0.50,0.55]]" --b2 0.60 ' +
      "--y 0.01,0.99 --loss half-squared --output sigmoid --lr 0.5",
    'network --x 1,2 --W1 "[[1,-1],[2,1],[0,1]]" --W2 1,-1,2 --activation relu --y 3',
    'network --x "[[1,0],[0,1]]" --W1 "[[1,2],[-1,1]]" --W2 "[[1,0],[0,1],[1,1]]" --output softmax --y 1,3 --json',
    "network",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp,
  plots,
});
