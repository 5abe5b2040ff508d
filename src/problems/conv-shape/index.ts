// conv-shape: output sizes, parameters, multiply-accumulates and receptive
// fields through a stack of 2-D convolution and pooling layers, in integers.

import { convStack, type LayerResult } from "../../core/conv.js";
import * as sc from "../../core/scalar.js";
import type { Solution, Step } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type ConvInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { practice } from "./practice.js";
import { answerOf } from "./run.js";
import { formulaStep, layerStep, MAX_LAYER_STEPS, tableStep } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: ConvInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const results = convStack(input.size, input.channels, input.layers);
  const last = results[results.length - 1] as LayerResult;
  const params = results.reduce((t, r) => t + r.params, 0n);
  const macs = results.reduce((t, r) => t + r.macs, 0n);
  const convolutions = results.filter((r) => r.layer.type === "conv").length;
  const steps: Step[] = [formulaStep()];
  if (results.length <= MAX_LAYER_STEPS) steps.push(...results.map(layerStep));
  steps.push(tableStep(input, results), {
    title: "Totals",
    answerFields: ["output", "params", "macs"],
    notes: [
      `output ${last.channels} × ${last.dims[0].output} × ${last.dims[1].output}`,
      `parameters ${params} (${convolutions} convolution layer${convolutions === 1 ? "" : "s"})`,
      `multiply-accumulates ${macs}`,
    ],
  });
  const frac = (v: number) => sc.frac(v);
  return {
    problem: "conv-shape",
    title:
      `${results.length} layer${results.length > 1 ? "s" : ""} on a ` +
      `${input.channels} × ${input.size[0]} × ${input.size[1]} input`,
    input: { size: input.size.map(frac), channels: frac(input.channels), layers: input.text },
    summary: "integers throughout; PyTorch's floor mode for the output sizes",
    steps,
    answer: answerOf(results),
    warnings: [],
  };
}

export const convShape = defineProblem<ConvInput>({
  name: "conv-shape",
  summary: "shapes, parameters, multiply-accumulates and receptive fields through a stack of conv and pooling layers",
  fields: {
    size: { kind: "numberOrList", help: "the input height and width: one number, or H,W" },
    channels: { kind: "count", help: "input channels (default 1)" },
    layers: {
      kind: "raw",
      help: '"conv k=3 p=1 c=16; pool k=2" (keys k s p d c g bias; HxW allowed), or a JSON array of layer objects',
    },
  },
  answers: {
    output: "[C, H, W] after the last layer",
    params: "the total number of parameters",
    macs: "the total multiply-accumulates",
    layers: "per layer: shape [C, H, W], params, macs, receptiveField [h, w], jump [h, w]",
  },
  expectExample: `conv-shape --size 28 --layers "conv k=5 c=6; pool k=2" --expect '{"output": [6, 12, 12]}'`,
  examples: [
    "conv-shape",
    'conv-shape --size 28 --layers "conv k=5 c=6; pool k=2; conv k=5 c=16; pool k=2"',
    'conv-shape --size 32 --channels 3 --layers "conv k=3 p=1 c=16; conv k=3 s=2 c=32 d=2 g=2 bias=0"',
    'conv-shape --size 224,20 --layers "conv k=3x1 c=8; avgpool k=2"',
  ],
  validate,
  solve,
  mistakes,
  practice,
});
