import type { Scalar } from "../../core/scalar.js";
import type { Fields } from "../../input/fields.js";

export interface SigmoidGradInput {
  z: Scalar[];
}

export function validate(fields: Fields): SigmoidGradInput {
  return { z: fields.vector("z") ?? [] };
}
