// The network on the engine: its program at the input's values, the forward
// record and the backward pass, and the answer read off the named nodes.
import {
  type BackwardRecord,
  backward,
  buildGraph,
  type GraphNode,
  type GraphRecord,
  inputGradient,
  isScalar,
  mapTensor,
  NodeError,
  type Tensor,
  zipTensor,
} from "../../core/autodiff.js";
import type { Program } from "../../core/expression.js";
import { networkProgram, sampleName } from "../../core/network.js";
import * as sc from "../../core/scalar.js";
import { InputError } from "../../errors.js";
import { MAX_GRAPH_ENTRIES, MAX_GRAPH_NODES } from "../../limits.js";
import type { Value } from "../../solution.js";
import type { NetworkInput } from "./input.js";

export const LIMITS = { nodes: MAX_GRAPH_NODES, entries: MAX_GRAPH_ENTRIES };

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
  let g: GraphRecord;
  let b: BackwardRecord;
  try {
    g = buildGraph(program, values, LIMITS);
    b = backward(g, sc.frac(1));
  } catch (err) {
    if (err instanceof NodeError) throw new InputError(`network: at ${err.node}: ${err.message}`);
    throw err;
  }
  const byName = new Map(g.nodes.filter((n) => n.named).map((n) => [n.name, n]));
  const node = (name: string) => byName.get(name) as GraphNode;
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

export const isNumber = (t: Tensor): boolean => isScalar(t);
