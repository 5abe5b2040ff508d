import { logistic, logisticDerivative } from "../../core/activations.js";
import * as sc from "../../core/scalar.js";
import { type Chart, spaced } from "../../solution/chart.js";
import type { SigmoidGradInput } from "./input.js";

/** The widest z axis a plot draws: σ(±60) is within 1e-26 of 0 or 1. */
const PLOT_REACH = 60;

/** --plot: σ and σ′ over a range that covers every z given, each z marked. */
export function plots(input: SigmoidGradInput): Chart[] {
  const zs = input.z.map(sc.toNumber).filter(Number.isFinite);
  if (zs.length === 0) return [];
  // wide enough for every z, but no wider than ±PLOT_REACH: σ is flat long before (z past it is marked at the end)
  const lo = Math.max(-PLOT_REACH, Math.min(-6, Math.floor(Math.min(...zs)) - 1));
  const hi = Math.min(PLOT_REACH, Math.max(6, Math.ceil(Math.max(...zs)) + 1));
  const x = spaced(lo, hi, 241);
  return [
    {
      kind: "line",
      title: "σ(z) and σ′(z)",
      xLabel: "z",
      x,
      series: [
        { name: "σ(z)", y: x.map(logistic) },
        { name: "σ′(z)", y: x.map(logisticDerivative) },
      ],
      marks: zs.map((z) => ({ x: Math.max(lo, Math.min(hi, z)), label: `z = ${z}` })),
    },
  ];
}
