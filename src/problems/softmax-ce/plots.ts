import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { SoftmaxInput } from "./input.js";

/** --plot: p per class as bars, the target class marked (the first 8 samples of a batch). */
export function plots(input: SoftmaxInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const rows = (input.matrix ? sol.answer.p : [sol.answer.p]) as number[][];
  return rows.slice(0, 8).map((p, i) => {
    const y = input.targets[i] ?? []; // none without a target: bars alone
    return {
      kind: "bar",
      title: input.matrix ? `p for sample ${i + 1}` : "p = softmax(z)",
      yLabel: "p",
      labels: p.map((_, k) => `class ${k + 1}`),
      values: p,
      notes: p.map((_, k) => y[k] ?? 0).map((v) => (v === 0 ? undefined : input.classes ? "target" : `target ${v}`)),
    };
  });
}
