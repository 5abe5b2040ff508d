// The mistakes students make on a computational graph (SPEC 4.13, 6.2), each
// recomputed by the engine: a branch left out, the sign flipped, the local
// derivative without the upstream factor.
import {
  addTensor,
  backward,
  type GraphNode,
  inputGradient,
  isScalar,
  mapTensor,
  mulTensor,
  sumAll,
  type Tensor,
} from "../../core/autodiff.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Value } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import { graphAt } from "./build.js";
import { type GraphInput, seedFor } from "./input.js";
import { edgesInto } from "./steps.js";

/** Shared nodes whose single branches are tried, at most. */
const MOST_SHARED = 4;

const gradGroup = (grads: ReadonlyMap<string, Tensor>): Record<string, Value> =>
  Object.fromEntries([...grads].map(([k, v]) => [k, v as Value]));

export function mistakes(input: GraphInput | undefined, sol: Solution): Mistake[] {
  if (!input?.values || sol.answer.grad === undefined) return [];
  const g = graphAt(input, input.values);
  const seed = seedFor(g.output.value, input, g.output.name);
  const b = backward(g, seed);
  const out: Mistake[] = [];
  const given = sol.answer.grad as Record<string, AnswerValue>;
  out.push({
    id: "sign-flip",
    answer: { grad: gradGroup(new Map(input.wrt.map((n) => [n, mapTensor(given[n] as Tensor, sc.neg)]))) },
    says: (field, v) => `your ${field} ${v} has the wrong sign: the gradient is ∂out/∂input, not its negative`,
  });
  // a node used twice: its gradient from one branch only
  const into = edgesInto(b);
  const shared = [...into.entries()].filter(([, es]) => es.length > 1).slice(0, MOST_SHARED);
  for (const [id, es] of shared) {
    const node = g.nodes[id] as GraphNode;
    for (const kept of es) {
      const partial = backward(
        g,
        seed,
        (from, slot) => !(from.inputs[slot]?.id === id && (from !== kept.from || slot !== kept.slot)),
      );
      out.push({
        id: "branch-not-summed",
        answer: { grad: gradGroup(new Map(input.wrt.map((n) => [n, inputGradient(g, partial, n)]))) },
        says: (field, v) =>
          `your ${field} ${v} counts only the path through ${kept.from.name}; ${node.name} feeds ` +
          `${es.map((e) => e.from.name).join(" and ")}, and the gradients of all its branches add`,
      });
    }
  }
  // each input's local derivatives alone, without the upstream gradient they multiply
  const local = new Map<string, Tensor>();
  for (const name of input.wrt) {
    const node = g.inputs.get(name) as GraphNode;
    let acc: Tensor | undefined;
    for (const e of into.get(node.id) ?? []) {
      if (e.local === null) return out;
      const c = isScalar(node.value) && !isScalar(e.local) ? sumAll(e.local) : e.local;
      acc = acc === undefined ? c : addTensor(acc, c);
    }
    local.set(name, acc ?? mulTensor(node.value, sc.frac(0)));
  }
  out.push({
    id: "local-only",
    answer: { grad: gradGroup(local) },
    says: (field, v) =>
      `your ${field} ${v} is the local derivative alone; multiply it by the upstream gradient ∂out/∂node (chain rule)`,
  });
  return out;
}
