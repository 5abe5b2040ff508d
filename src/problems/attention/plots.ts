import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { subscriptDigits } from "../common.js";
import type { AttentionInput } from "./input.js";

/** --plot: the weights as a heat map, a row per query (masked cells apart). */
export function plots(input: AttentionInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const weights = sol.answer.weights as number[][];
  return [
    {
      kind: "heat",
      title: "attention weights A (rows = queries, columns = keys)",
      rowLabels: weights.map((_, i) => `q${subscriptDigits(i + 1)}`),
      colLabels: (weights[0] ?? []).map((_, j) => `k${subscriptDigits(j + 1)}`),
      values: weights.map((row, i) => row.map((w, j) => ((input.allowed[i] as boolean[])[j] ? w : null))),
      domain: [0, 1],
    },
  ];
}
