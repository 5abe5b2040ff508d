import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { withinExactLimit } from "../common.js";

export interface DemeanInput {
  /** No numbers: the argument in symbols. */
  symbolic?: boolean;
  dLdy: Scalar[];
  gamma: Scalar;
  x?: Scalar[];
}

export function validate(fields: Fields): DemeanInput {
  if (!["dLdy", "gamma", "x"].some((f) => fields.has(f))) return { symbolic: true, dLdy: [], gamma: 1 };
  const dLdy = fields.requireVector("dLdy");
  const gamma = fields.requireNumber("gamma");
  const x = fields.vector("x");
  if (x && x.length !== dLdy.length) {
    throw fieldError(
      fields.label("x"),
      `has ${x.length} values, ${fields.label("dLdy")} has ${dLdy.length} (one per sample)`,
    );
  }
  const count = dLdy.length * (x ? 2 : 1);
  const limited = withinExactLimit(x ? [dLdy, x] : [dLdy], count);
  return {
    dLdy: limited[0] as Scalar[],
    gamma: count > sc.EXACT_LIMIT ? sc.toNumber(gamma) : gamma,
    ...(x ? { x: limited[1] as Scalar[] } : {}),
  };
}
