import type { Chart } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import { normalisationPlots, SAMPLE_AXIS } from "../normalization.js";
import type { LayernormInput } from "./input.js";

/** --plot: each sample before and after normalising, on one axis (the first 4 samples). */
export function plots(input: LayernormInput, sol: Solution): Chart[] {
  return input.symbolic ? [] : normalisationPlots(SAMPLE_AXIS, input.rows, sol);
}
