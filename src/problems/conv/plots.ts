import { conv2d, type Grid } from "../../core/convolution.js";
import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { ConvInput } from "./input.js";
import { heatCharts } from "./present.js";

export function plots(input: ConvInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const y = conv2d(input.x, input.kernel, input.bias, input.spec);
  return heatCharts([
    ["input x", input.x],
    ["kernel", input.kernel[0] as Grid],
    ["output y", y],
  ]);
}
