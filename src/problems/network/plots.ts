// --plot: with lr, the loss over a few gradient-descent steps, each step on the engine.

import { type Tensor, toFloats } from "../../core/autodiff.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import { MAX_NETWORK_WORK } from "../../limits.js";
import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { NetworkInput } from "./input.js";
import { runNetwork, stepped, valuesOf } from "./run.js";

/** Gradient-descent steps the chart follows. */
const PLOTTED_STEPS = 20;

export const plotHelp = `with --lr: the loss over ${PLOTTED_STEPS} gradient-descent steps at that learning rate`;

export function plots(input: NetworkInput | undefined, _sol: Solution): Chart[] {
  if (!input || input.lr === undefined) return [];
  if (input.work > MAX_NETWORK_WORK)
    throw fieldError(
      "--plot",
      `the loss over ${PLOTTED_STEPS} steps is drawn up to ${MAX_NETWORK_WORK} multiply-adds per forward pass; ` +
        `this network has ${input.work}`,
    );
  const values = new Map([...valuesOf(input)].map(([k, v]) => [k, toFloats(v)]));
  const losses: number[] = [];
  for (let t = 0; t <= PLOTTED_STEPS; t++) {
    const run = runNetwork(input, values);
    losses.push(sc.toNumber(run.node("L").value as sc.Scalar));
    for (let l = 1; l <= input.shape.layers; l++)
      for (const p of [`W${l}`, `b${l}`]) values.set(p, stepped(values.get(p) as Tensor, run.grad(p), input.lr));
  }
  return [
    {
      kind: "line",
      title: `loss L per gradient-descent step (α = ${sc.toNumber(input.lr)})`,
      xLabel: "step",
      x: losses.map((_, t) => t),
      series: [{ name: "L", y: losses }],
    },
  ];
}
