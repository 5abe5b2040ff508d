// graph (SPEC 4.13): backpropagation through any expression an exam draws as a
// computational graph, on core's autodiff engine.
import {
  backward,
  entries,
  finiteDifferences,
  type GraphNode,
  inputGradient,
  isMatrix,
  isScalar,
  NodeError,
  type Tensor,
  zerosLike,
} from "../../core/autodiff.js";
import { FD_COORDINATES } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { AnswerGroup, Solution, Step, Value } from "../../solution/solution.js";
import { defineProblem, type SolveOptions } from "../problem.js";
import { graphAt, LIMITS } from "./build.js";
import { fields, type GraphInput, seedFor, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plotHelp, plots } from "./plots.js";
import { practice } from "./practice.js";
import { backwardStep, checkStep, forwardStep, gradientStep } from "./steps.js";
import { rulesSolution, symbolicSolution, titleText } from "./symbolic.js";

/** The values as the JSON echo gives them back: `x=-2 y=5 w=[1,2]`, exact where they are. */
function valuesText(values: ReadonlyMap<string, Tensor>): string {
  const s = (v: Scalar) => (typeof v === "number" ? String(v) : v.toFraction());
  const t = (v: Tensor): string =>
    isScalar(v)
      ? s(v)
      : isMatrix(v)
        ? `[${v.map((r) => `[${r.map(s).join(",")}]`).join(",")}]`
        : `[${(v as Scalar[]).map(s).join(",")}]`;
  return [...values].map(([k, v]) => `${k}=${t(v)}`).join(" ");
}

function nodeGroup(n: GraphNode, grad: Tensor | undefined): AnswerGroup {
  return { name: n.name, op: n.op, value: n.value as Value, grad: (grad ?? zerosLike(n.value)) as Value };
}

function solve(input: GraphInput | undefined, options?: SolveOptions): Solution {
  if (!input) return rulesSolution();
  if (!input.values) return symbolicSolution(input);
  const g = graphAt(input, input.values);
  const seed = seedFor(g.output.value, input, g.output.name);
  let b: ReturnType<typeof backward>;
  try {
    b = backward(g, seed);
  } catch (err) {
    if (err instanceof NodeError) throw fieldError(input.labels.expr, `at ${err.node}: ${err.message}`);
    throw err;
  }
  const grads = new Map(input.wrt.map((name) => [name, inputGradient(g, b, name)]));
  const grad: Record<string, Value> = {};
  for (const [k, v] of grads) grad[k] = v as Value;
  const nodes = g.nodes.filter((n) => n.op !== "const").map((n) => nodeGroup(n, b.grads.get(n.id)));
  const steps: Step[] = [];
  if (options?.steps !== false) {
    const diffs = finiteDifferences(input.program, input.values, seed, input.wrt, grads, LIMITS, FD_COORDINATES);
    steps.push(forwardStep(g), backwardStep(g, b, seed), gradientStep(g, b, input.wrt, grads), checkStep(g, diffs));
  }
  const exact = g.nodes.every((n) => sc.allExact(entries(n.value)));
  const operations = g.nodes.filter((n) => n.op !== "input" && n.op !== "const").length;
  return {
    problem: "graph",
    title: `Backpropagation through ${titleText(input.text)}`,
    input: {
      expr: input.text,
      at: valuesText(input.values),
      ...(input.dLdout === undefined ? {} : { dLdout: input.dLdout as Value }),
      ...(input.wrt.length < input.program.inputs.length ? { wrt: input.wrt.join(",") } : {}),
    },
    summary: `${operations} operations; ${exact ? "exact throughout" : "float64 where a step leaves the rationals"}`,
    steps,
    answer: { value: g.output.value as Value, grad, nodes },
    unlisted: ["nodes"],
    warnings: [],
  };
}

export const graph = defineProblem<GraphInput | undefined>({
  name: "graph",
  summary:
    "backpropagation through any expression (a computational graph): the forward table, every edge's " +
    "upstream × local gradient, the sum where branches meet; with no values, the derivative in symbols, simplified",
  positional: "at",
  leadingPositional: "expr",
  fields,
  answers: {
    value: "the output's value",
    grad: "∂out/∂input for each input (grad.x, grad.y, …), shaped like the input",
    nodes: "every node in evaluation order: name, op, value, grad (∂out/∂node)",
    symbolic: "with no values: each input's derivative in symbols, simplified, in graph's grammar (symbolic.x)",
  },
  expectExample: `graph "q = x + y; f = q * z" x=-2 y=5 z=-4 --expect '{"value": -12, "grad": {"x": -4, "z": 3}}'`,
  examples: [
    'graph "q = x + y; f = q * z" x=-2 y=5 z=-4',
    'graph "s = w0*x0 + w1*x1 + w2; f = 1 / (1 + exp(-s))" w0=2 x0=-1 w1=-3 x1=-2 w2=-3',
    'graph "L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))" --wrt z',
    'graph "L = sum((W @ x + b - y)^2)" --at "W=[[1,2],[3,4]] x=1,-1 b=0,1 y=1,0" --json',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp,
  plots,
});
