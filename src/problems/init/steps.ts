import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { InitInput } from "./input.js";

/** Var(w) = gain²·2/(fan_in + fan_out) (Xavier), gain²/fan (He, LeCun). */
export function varianceOf(input: InitInput, mode = input.mode): Scalar {
  if (input.family === "xavier")
    return sc.div(sc.mul(input.gain2, sc.frac(2)), sc.frac(input.fanIn + (input.fanOut as number)));
  const fan = input.family === "lecun" || mode === "fan-in" ? input.fanIn : (input.fanOut as number);
  return sc.div(input.gain2, sc.frac(fan));
}
