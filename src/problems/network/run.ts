// The network on the engine: its program at the input's values, the forward
// record and the backward pass, and the answer read off the named nodes.

import {
  type BackwardRecord,
  type GraphNode,
  type GraphRecord,
  inputGradient,
  mapTensor,
  type Tensor,
  zipTensor,
} from "../../core/autodiff.js";
import type { Program } from "../../core/expression.js";
import { networkProgram, sampleName } from "../../core/network.js";
import * as sc from "../../core/scalar.js";
import type { Value } from "../../solution/solution.js";
import { ENGINE_LIMITS, runProgram } from "../common.js";
import type { NetworkInput } from "./input.js";

export const LIMITS = ENGINE_LIMITS;

export interface NetworkRun {
  program: Program;
  values: Map<string, Tensor>;
  g: GraphRecord;
  b: BackwardRecord;
  node(name: string): GraphNode;
  /** A node's value per sample: the sample's own for one sample, else one row per sample. */
  perSample(base: string): Tensor[];
  gradPerSample(base: string): Tensor[];
  grad(name: string): Tensor;
}

export function valuesOf(input: NetworkInput): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  input.layers.forEach((l, i) => {
    values.set(`W${i + 1}`, l.W);
    values.set(`b${i + 1}`, l.b);
  });
  const batch = input.shape.batch;
  input.x.forEach((x, s) => {
    values.set(sampleName("x", s + 1, batch), x);
    values.set(sampleName("y", s + 1, batch), input.y[s] as Tensor);
  });
  return values;
}

export function runNetwork(input: NetworkInput, values = valuesOf(input)): NetworkRun {
  const program = networkProgram(input.shape);
  const { g, b, node } = runProgram("network", program, values);
  const samples = input.x.length;
  const names = (base: string) => Array.from({ length: samples }, (_, s) => sampleName(base, s + 1, input.shape.batch));
  const gradOf = (n: GraphNode) => b.grads.get(n.id) ?? mapTensor(n.value, () => sc.frac(0));
  return {
    program,
    values,
    g,
    b,
    node,
    perSample: (base) => names(base).map((n) => node(n).value),
    gradPerSample: (base) => names(base).map((n) => gradOf(node(n))),
    grad: (name) => inputGradient(g, b, name),
  };
}

/** Per-sample values as the answer gives them: the one sample's, or a matrix of rows (numbers make a vector). */
export function batched(input: NetworkInput, rows: Tensor[]): Value {
  if (input.shape.batch === 0) return rows[0] as Value;
  return rows as Value;
}

/** θ − α·g, entry by entry. */
export const stepped = (theta: Tensor, g: Tensor, lr: sc.Scalar): Tensor =>
  zipTensor(theta, g, (t, d) => sc.sub(t, sc.mul(lr, d)));
