// The engine's graph at a problem's values, its errors named as the user gave the fields.
import { buildGraph, type GraphRecord, NodeError, type Tensor } from "../../core/autodiff.js";
import { fieldError } from "../../errors.js";
import { MAX_GRAPH_ENTRIES, MAX_GRAPH_NODES } from "../../limits.js";
import type { GraphInput } from "./input.js";

export const LIMITS = { nodes: MAX_GRAPH_NODES, entries: MAX_GRAPH_ENTRIES };

/** The graph at the input's values; a value outside an operation's domain is an error naming the node. */
export function graphAt(input: GraphInput, values: ReadonlyMap<string, Tensor>): GraphRecord {
  try {
    return buildGraph(input.program, values, LIMITS);
  } catch (err) {
    if (err instanceof NodeError)
      throw fieldError(input.labels.expr, err.node ? `at ${err.node}: ${err.message}` : err.message);
    throw err;
  }
}
