import { type Activation, type ActivationName, activation } from "../../core/activations.js";
import type { LossKind, MlpParams } from "../../core/mlp.js";
import * as mlp from "../../core/mlp.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { MAX_HIDDEN_UNITS, MAX_UNIT_STEPS } from "../../limits.js";

export interface MlpInput {
  /** No numbers given: the derivation in symbols only. */
  symbolic: boolean;
  x: Scalar;
  y: Scalar;
  params: MlpParams;
  act: Activation;
  loss: LossKind;
  lr?: Scalar;
  steps?: number;
  exact: boolean;
  notes: string[];
}

const NUMERIC_FIELDS = ["x", "y", "A", "b", "C", "d"] as const;

/** The network's numbers: all six of x, y, A, b, C, d, with A, b and C one value per hidden unit. */
function networkOf(fields: Fields): { x: Scalar; y: Scalar; params: MlpParams } {
  const missing = NUMERIC_FIELDS.filter((f) => !fields.has(f));
  if (missing.length > 0) {
    throw new InputError(
      `missing ${missing.map((m) => fields.label(m)).join(", ")}: mlp-grads needs all of x, y, A, b, C, d (or none, ` +
        `for the derivation in symbols)`,
    );
  }
  const vA = fields.requireVector("A");
  if (vA.length > MAX_HIDDEN_UNITS) {
    throw fieldError(
      fields.label("A"),
      `has ${vA.length} hidden units, more than the ${MAX_HIDDEN_UNITS} mlp-grads takes (its gradient check costs ` +
        `O(k²))`,
    );
  }
  const perUnit = (f: "b" | "C") => {
    const v = fields.requireVector(f);
    if (v.length !== vA.length) {
      throw fieldError(
        fields.label(f),
        `has ${v.length} values, ${fields.label("A")} has ${vA.length} (A, b and C need one value per hidden unit)`,
      );
    }
    return v;
  };
  const params = { A: vA, b: perUnit("b"), C: perUnit("C"), d: fields.requireNumber("d") };
  return { x: fields.requireNumber("x"), y: fields.requireNumber("y"), params };
}

export function validate(fields: Fields): MlpInput {
  const name = (fields.choice("activation") ?? "sigmoid") as ActivationName;
  const slope = fields.number("slope");
  if (slope !== undefined && name !== "leaky-relu") {
    throw fieldError(fields.label("slope"), "is the slope of leaky-relu; give --activation leaky-relu too");
  }
  const act = activation(name, slope ?? sc.frac(1, 100));
  const loss = (fields.choice("loss") ?? "squared") as LossKind;
  const lr = fields.number("lr");
  const steps = fields.count("steps");
  if (steps !== undefined && lr === undefined) {
    throw fieldError(fields.label("steps"), "needs --lr, the learning rate α of each step");
  }
  if (lr !== undefined && sc.sign(lr) <= 0) throw fieldError(fields.label("lr"), "must be > 0");
  if (!NUMERIC_FIELDS.some((f) => fields.has(f))) {
    if (lr !== undefined) throw new InputError("--lr needs the network's numbers: --x --y --A --b --C --d");
    return { symbolic: true, x: 0, y: 0, params: { A: [], b: [], C: [], d: 0 }, act, loss, exact: false, notes: [] };
  }
  const { x, y, params } = networkOf(fields);
  if (steps !== undefined && steps * params.A.length > MAX_UNIT_STEPS) {
    throw fieldError(
      fields.label("steps"),
      `${steps} steps of ${params.A.length} hidden units is more than the ${MAX_UNIT_STEPS} unit-steps mlp-grads ` +
        "takes (each step costs a forward and a backward pass)",
    );
  }
  const all = [x, y, ...mlp.values(params), ...(lr === undefined ? [] : [lr]), ...(slope === undefined ? [] : [slope])];
  const exact = sc.allExact(all) && act.rational;
  const notes = [
    !act.rational
      ? `float64: ${name} maps rationals to irrationals`
      : !exact
        ? "float64: not every input is rational"
        : `exact arithmetic: every input is rational and ${name} keeps it so`,
  ];
  const toFloat = (v: Scalar) => (exact ? v : sc.toNumber(v));
  return {
    symbolic: false,
    x: toFloat(x),
    y: toFloat(y),
    params: exact ? params : mlp.toFloatParams(params),
    act,
    loss,
    ...(lr === undefined ? {} : { lr: toFloat(lr) }),
    ...(steps === undefined ? {} : { steps }),
    exact,
    notes,
  };
}
