import { poolBackward, poolWindows } from "../../core/convolution.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { answerShape, sizeStep } from "../conv/present.js";
import { defineProblem } from "../problem.js";
import { fields, type PoolInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { backwardStep, windowsStep } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: PoolInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const windows = poolWindows(input.x, input.spec);
  const out = windows.map((p) => p.map((r) => r.map((w) => w.value)));
  const answer: Record<string, AnswerValue> = { output: answerShape(out, input.depth) };
  if (input.spec.mode === "max" && input.depth > 1) {
    const arg = windows.map((p) =>
      p.map((r) =>
        r.map((w) => [
          sc.frac((w.cells[w.arg as number] as { r: number }).r + 1),
          sc.frac((w.cells[w.arg as number] as { s: number }).s + 1),
        ]),
      ),
    );
    answer.argmax = (input.depth === 2 ? arg[0] : arg) as unknown as Value;
  }
  const steps: Step[] = [
    sizeStep(input.x, input.depth, input.spec.kernel, input.spec.stride, input.spec.padding, [1, 1]),
    windowsStep(input, windows),
  ];
  if (input.dLdy) {
    const dx = poolBackward(input.x, windows, input.dLdy, input.spec);
    answer.grad = { x: answerShape(dx, input.depth) };
    steps.push(backwardStep(input, windows, dx));
  }
  const { kernel, stride, padding, mode } = input.spec;
  return {
    problem: "pool",
    title: `${mode === "max" ? "Max" : "Average"} pooling, window by window`,
    input: { mode, kernel: kernel.join("×"), stride: stride.join("×"), padding: padding.join("×") },
    summary: `${mode} pooling, kernel ${kernel.join("×")}, stride ${stride.join("×")}, padding ${padding.join("×")}`,
    steps,
    answer,
    unlisted: ["argmax"],
    warnings: [],
  };
}

export const pool = defineProblem<PoolInput | undefined>({
  name: "pool",
  summary:
    "max and average pooling window by window: each window's entries and result, argmax, and the backward routing",
  fields,
  answers: {
    output: "the pooled output (C × H_out × W_out; a matrix for a matrix input, a vector for a vector)",
    argmax: "max mode: each window's maximum as a 1-based [row, column] of the input",
    grad: "with dLdy: ∂L/∂x (grad.x), shaped like x",
  },
  expectExample: `pool --x "3 2 1 1; 4 3 3 5; 0 3 0 4; 2 2 1 1" --kernel 2 --expect '{"output": [[4, 5], [3, 4]]}'`,
  examples: [
    'pool --x "3 2 1 1; 4 3 3 5; 0 3 0 4; 2 2 1 1" --kernel 2 --dLdy "1 1; 1 0"',
    'pool --x "4 3 3 5 5; 0 5 0 3 0; 1 2 1 4 0; 4 4 2 5 5; 4 2 2 4 3" --kernel 3 --stride 2',
    'pool --x "1 2 3 4; 5 6 7 8" --kernel 2 --mode avg --json',
    "pool",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "heat maps of the input and the output",
  plots,
});
