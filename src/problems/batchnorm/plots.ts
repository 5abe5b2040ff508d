import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { COLUMN_AXIS, normalisationPlots } from "../normalization.js";
import type { BatchnormInput } from "./input.js";

/** --plot: the batch before and after normalising, on one axis (the first 4 features of a matrix). */
export function plots(input: BatchnormInput, sol: Solution): Chart[] {
  return input.symbolic ? [] : normalisationPlots(COLUMN_AXIS, input.columns, sol);
}
