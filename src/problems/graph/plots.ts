// --plot: the graph as a circuit (SPEC 4.13), from the engine's record.

import { backward, isScalar, shapeOf, type Tensor } from "../../core/autodiff.js";
import * as sc from "../../core/scalar.js";
import type { Chart, CircuitChart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { graphAt } from "./build.js";
import { type GraphInput, seedFor } from "./input.js";

/** Graphs past this many nodes are not drawn: a circuit of more is no longer read node by node. */
const MOST_DRAWN = 40;

const OP_SIGNS: Record<string, string> = { "*": "×", sigmoid: "σ", neg: "−", id: "=", "@": "@" };

const scalarOf = (t: Tensor | undefined): number | null => (t !== undefined && isScalar(t) ? sc.toNumber(t) : null);
const shapeText = (t: Tensor): string => shapeOf(t).join("×");

const DRAWN = `at most ${MOST_DRAWN} nodes`;
export const plotHelp = `the graph as a circuit: each node with its value, each edge with its gradient (${DRAWN})`;

export function plots(input: GraphInput | undefined, _sol: Solution): Chart[] {
  if (!input?.values) return [];
  const g = graphAt(input, input.values);
  const b = backward(g, seedFor(g.output.value, input, g.output.name));
  const shown = g.nodes.filter((n) => n.op !== "const");
  if (shown.length > MOST_DRAWN) return [];
  const index = new Map(shown.map((n, i) => [n.id, i]));
  const chart: CircuitChart = {
    kind: "circuit",
    title: `The circuit of ${g.output.name}: forward values, and the gradient each edge carries back`,
    nodes: shown.map((n) => ({
      name: n.name,
      op: n.op === "input" ? "input" : (OP_SIGNS[n.op] ?? n.op),
      value: scalarOf(n.value),
      ...(isScalar(n.value) ? {} : { shape: shapeText(n.value) }),
      grad: scalarOf(b.grads.get(n.id)),
    })),
    edges: b.edges
      .filter((e) => index.has(e.to.id))
      .map((e) => ({
        from: index.get(e.to.id) as number,
        to: index.get(e.from.id) as number,
        slot: e.slot,
        grad: scalarOf(e.contribution),
      }))
      .sort((p, q) => p.to - q.to || p.slot - q.slot)
      .map(({ slot: _, ...edge }) => edge),
    output: index.get(g.output.id) as number,
  };
  return [chart];
}
