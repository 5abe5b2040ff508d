import { poolWindows } from "../../core/convolution.js";
import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { heatCharts } from "../conv/present.js";
import type { PoolInput } from "./input.js";

export function plots(input: PoolInput | undefined, sol: Solution): Chart[] {
  if (!input) return [];
  const out = poolWindows(input.x, input.spec).map((p) => p.map((r) => r.map((w) => w.value)));
  void sol;
  return heatCharts([
    ["input x", input.x],
    ["output y", out],
  ]);
}
