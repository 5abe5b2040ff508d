// rnn on the engine: the unrolled program at the input's values, its forward
// record and backward pass, and the parameters' gradients in the user's names.

import {
  type BackwardRecord,
  entries,
  type GraphNode,
  type GraphRecord,
  inputGradient,
  isMatrix,
  isScalar,
  type Tensor,
} from "../../core/autodiff.js";
import type { Program } from "../../core/expression.js";
import { GATES, recurrentProgram } from "../../core/network.js";
import type { Scalar } from "../../core/scalar.js";
import type { Value } from "../../solution/solution.js";
import { ENGINE_LIMITS, runProgram } from "../common.js";
import type { RnnInput } from "./input.js";

export const LIMITS = ENGINE_LIMITS;

export interface RnnRun {
  program: Program;
  g: GraphRecord;
  b: BackwardRecord;
  node(name: string): GraphNode;
  value(name: string): Tensor;
  grad(name: string): Tensor;
  /** The parameters whose gradients the answer gives, in the user's names (gate blocks put back together). */
  params: string[];
  paramGrad(name: string): Tensor;
}

export function runRnn(input: RnnInput, values: Map<string, Tensor> = input.values): RnnRun {
  const program = recurrentProgram(input.shape);
  const { g, b, node } = runProgram("rnn", program, values);
  const grad = (name: string) => b.grads.get(node(name).id) ?? inputGradient(g, b, name);
  const gates = GATES[input.shape.cell];
  const params = [
    "Wx",
    "Wh",
    "b",
    "h0",
    ...(input.shape.cell === "lstm" ? ["c0"] : []),
    ...(input.shape.output ? ["Wy", "by"] : []),
  ];
  const paramGrad = (name: string): Tensor => {
    if (gates.length === 0 || !["Wx", "Wh", "b"].includes(name)) return inputGradient(g, b, name);
    const blocks = gates.map((k) => inputGradient(g, b, `${name}_${k}`));
    return (
      isMatrix(blocks[0] as Tensor) ? blocks.flatMap((m) => m as Scalar[][]) : blocks.flatMap((v) => v as Scalar[])
    ) as Tensor;
  };
  return { program, g, b, node, value: (name) => node(name).value, grad, params, paramGrad };
}

/** Per-step values as rows (T × H), or a vector of T when each is a number or a vector of one. */
export function perStep(input: RnnInput, f: (t: number) => Tensor): Value {
  const rows = Array.from({ length: input.shape.steps }, (_, k) => f(k + 1));
  if (rows.every((r) => isScalar(r))) return rows as Scalar[];
  if (rows.every((r) => entries(r).length === 1)) return rows.map((r) => entries(r)[0] as Scalar);
  return rows as Scalar[][];
}
