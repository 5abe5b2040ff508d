import {
  ACTIVATION_FUNCTIONS,
  type ActivationFunction,
  type ActivationRule,
  activationRule,
} from "../../core/activation-functions.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import { MAX_VALUES } from "../../limits.js";

export interface ActivationInput {
  rule: ActivationRule;
  z?: Scalar[];
  /** One z given as a number: the answer is a number. */
  single: boolean;
}

export const fields: Record<string, FieldSpec> = {
  fn: { kind: "raw", help: `the function: ${ACTIVATION_FUNCTIONS.join(", ")}` },
  z: { kind: "numberOrList", help: "the values: a number or a vector" },
  slope: { kind: "number", help: "leaky-relu's slope for z ≤ 0 (default 0.01)" },
  alpha: { kind: "number", help: "elu's α (default 1)" },
};

export function validate(f: Fields): ActivationInput | undefined {
  const raw = f.rawValue("fn");
  if (!raw) {
    if (f.has("z")) throw f.missing("fn", `the function, one of ${ACTIVATION_FUNCTIONS.join(", ")}`);
    return undefined;
  }
  const name = String(raw.value);
  if (!(ACTIVATION_FUNCTIONS as readonly string[]).includes(name))
    throw fieldError(
      raw.label,
      `unknown function "${name}"${didYouMean(name, ACTIVATION_FUNCTIONS)}; one of ${ACTIVATION_FUNCTIONS.join(", ")}`,
    );
  if (f.has("slope") && name !== "leaky-relu") throw fieldError(f.label("slope"), "is leaky-relu's slope");
  if (f.has("alpha") && name !== "elu") throw fieldError(f.label("alpha"), "is elu's α");
  const rule = activationRule(
    name as ActivationFunction,
    f.number("slope") ?? sc.frac(1, 100),
    f.number("alpha") ?? sc.frac(1),
  );
  const z = f.numberOrList("z");
  if (z === undefined) return { rule, single: false };
  const zs = Array.isArray(z) ? z : [z];
  if (zs.length > MAX_VALUES)
    throw new InputError(`activation: ${zs.length} values, more than the ${MAX_VALUES} allowed`);
  return { rule, z: zs, single: !Array.isArray(z) };
}
