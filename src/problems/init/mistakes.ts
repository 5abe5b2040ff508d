import * as sc from "../../core/scalar.js";
import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { InitInput } from "./input.js";
import { varianceOf } from "./steps.js";

export function mistakes(input: InitInput | undefined, _sol: Solution): Mistake[] {
  if (!input || input.family === "lecun") return [];
  const other =
    input.family === "xavier"
      ? sc.div(input.gain2, sc.frac(input.fanIn))
      : input.fanOut === undefined
        ? undefined
        : varianceOf(input, input.mode === "fan-in" ? "fan-out" : "fan-in");
  if (other === undefined) return [];
  return [
    {
      id: "wrong-fan",
      answer: { variance: other, std: sc.sqrt(other) },
      says: (field, v) =>
        input.family === "xavier"
          ? `your ${field} ${v} divides by fan_in alone (LeCun's); Xavier averages the fans: 2/(fan_in + fan_out)`
          : `your ${field} ${v} uses the other fan; He uses ${input.mode === "fan-in" ? "fan_in" : "fan_out"} here`,
    },
  ];
}
