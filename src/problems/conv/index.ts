// conv (SPEC 4.15): a convolution layer entry by entry, forward and backward
// (∂L/∂x as the transposed convolution, ∂L/∂kernel, ∂L/∂bias), from core's
// direct form; the tests check it against the autodiff engine and PyTorch.

import { conv2d, conv2dBackward, kernelDims, padded } from "../../core/convolution.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { defineProblem, type SolveOptions } from "../problem.js";
import { type ConvInput, fields, outDepthOf, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { answerShape, gridTables, sizeStep } from "./present.js";
import { backwardStep, checkStep, outputStep } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: ConvInput | undefined, options?: SolveOptions): Solution {
  if (!input) return symbolicSolution();
  const y = conv2d(input.x, input.kernel, input.bias, input.spec);
  const outDepth = outDepthOf(input);
  const answer: Record<string, AnswerValue> = { output: answerShape(y, outDepth) };
  const steps: Step[] = [
    sizeStep(
      input.x,
      input.depth,
      [kernelDims(input.kernel)[2], kernelDims(input.kernel)[3]],
      input.spec.stride,
      input.spec.padding,
      input.spec.dilation,
    ),
  ];
  if (input.spec.padding[0] + input.spec.padding[1] > 0)
    steps.push({
      title: "The input padded with zeros",
      tables: gridTables(padded(input.x, input.spec.padding), "x_pad"),
    });
  if (options?.steps !== false) steps.push(outputStep(input, y));
  if (input.dLdy) {
    const g = conv2dBackward(input.x, input.kernel, input.dLdy, input.spec);
    const kernelOut = (input.kernelDepth === 1
      ? g.kernel[0]?.[0]?.[0]
      : input.kernelDepth === 2
        ? g.kernel[0]?.[0]
        : input.kernelDepth === 3
          ? g.kernel[0]
          : g.kernel) as unknown as Value;
    answer.grad = {
      x: answerShape(g.x, input.depth),
      kernel: kernelOut,
      bias: (g.bias.length === 1 ? g.bias[0] : g.bias) as Value,
    };
    if (options?.steps !== false) steps.push(backwardStep(input, g), checkStep(input, g));
  }
  const [cout, cin, kh, kw] = kernelDims(input.kernel);
  const { stride, padding, dilation } = input.spec;
  return {
    problem: "conv",
    title: `A ${input.depth === 1 ? "1-D " : ""}convolution, entry by entry`,
    input: {
      stride: stride.join("×"),
      padding: padding.join("×"),
      dilation: dilation.join("×"),
      flip: input.spec.flip,
    },
    summary:
      `${cout} filter${cout === 1 ? "" : "s"} of ${cin}×${kh}×${kw}, stride ${stride.join("×")}, ` +
      `padding ${padding.join("×")}, dilation ${dilation.join("×")}, ` +
      (input.spec.flip ? "flipped (convolution)" : "cross-correlation"),
    steps,
    answer,
    warnings: [],
  };
}

export const conv = defineProblem<ConvInput | undefined>({
  name: "conv",
  summary:
    "a convolution layer entry by entry: the output size, each output as its sum of products, and backward " +
    "∂L/∂x (the transposed convolution), ∂L/∂kernel, ∂L/∂bias",
  fields,
  answers: {
    output: "the output ([C_out,] H_out, W_out; the channel axis dropped for one filter on a matrix)",
    grad: "with dLdy: ∂L/∂x, ∂L/∂kernel, ∂L/∂bias (grad.x, grad.kernel, grad.bias)",
  },
  expectExample:
    'conv --x "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15" --kernel "1/4 1/4; 1/4 1/4" ' +
    `--expect '{"output": [[2.5, 3.5, 4.5], [6.5, 7.5, 8.5], [10.5, 11.5, 12.5]]}'`,
  examples: [
    'conv --x "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15" --kernel "1/4 1/4; 1/4 1/4"',
    "conv --x 2,0,1,-3,1,0,2 --kernel 1,1,0 --bias 0.5 --dLdy -2,-1,-2,-2,1",
    'conv --x "4 8 6 4; 6 1 8 3; 5 6 1 7; 9 8 7 0" --kernel "-1 -2; -2 -2" --padding 1 --stride 2 --json',
    "conv",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "heat maps of the input, the kernel and the output",
  plots,
});
