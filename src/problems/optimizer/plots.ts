import { quadraticLoss } from "../../core/optimizer.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { subscriptDigits } from "../common.js";
import type { OptimizerInput } from "./input.js";

/** --plot: f(θ) per step on a quadratic, and each coordinate of θ per step (with the minimiser when there is one). */
export function plots(input: OptimizerInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const path = [input.theta, ...(sol.answer.trajectory as Scalar[][])].map((t) => t.map(sc.toNumber));
  const steps = path.map((_, t) => t);
  const q = input.quadratic;
  const charts: Chart[] = [];
  if (q) {
    const f = path.map((t) => sc.toNumber(quadraticLoss(q.H, q.c, t)));
    charts.push({ kind: "line", title: "f(θ) per step", xLabel: "step", x: steps, series: [{ name: "f(θ)", y: f }] });
  }
  const minimizer = sol.answer.minimizer as Scalar[] | undefined;
  (path[0] ?? []).slice(0, 4).forEach((_, j) => {
    const star = minimizer?.[j];
    charts.push({
      kind: "line",
      title: `θ${subscriptDigits(j + 1)} per step`,
      xLabel: "step",
      x: steps,
      series: [{ name: `θ${subscriptDigits(j + 1)}`, y: path.map((t) => t[j] as number) }],
      ...(star === undefined ? {} : { levels: [{ y: sc.toNumber(star), label: `θ*${subscriptDigits(j + 1)}` }] }),
    });
  });
  return charts;
}
