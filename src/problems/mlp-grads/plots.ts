import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { MlpInput } from "./input.js";

/** --plot, with --steps: the loss after each gradient-descent step (step 0: before any). */
export function plots(input: MlpInput, sol: Solution): Chart[] {
  const losses = sol.answer.losses as Scalar[] | undefined;
  if (input.symbolic || losses === undefined) return [];
  const y = [sol.answer.loss as Scalar, ...losses].map(sc.toNumber);
  return [
    { kind: "line", title: "loss L per step", xLabel: "step", x: y.map((_, t) => t), series: [{ name: "L", y }] },
  ];
}
