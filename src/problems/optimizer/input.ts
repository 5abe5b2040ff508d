import { defaults, type Hyper, type InitialState, type Method, STATE } from "../../core/optimizer.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { MAX_OPTIMIZER_WORK } from "../../limits.js";

export interface OptimizerInput {
  symbolic: boolean;
  method: Method;
  theta: Scalar[];
  hyper: Hyper;
  /** Given gradients, one row per step. */
  grads?: Scalar[][];
  /** The quadratic f(θ) = ½θᵀHθ − cᵀθ. */
  quadratic?: { H: Scalar[][]; c: Scalar[] };
  steps: number;
  /** Which hyper-parameters were given (the rest are PyTorch's defaults). */
  given: string[];
  /** The state it starts from (SPEC: additions to earlier problems). */
  initial: InitialState;
}

export const MAX_OPTIMIZER_STEPS = 10_000;

const inUnit = (v: Scalar) => sc.sign(v) >= 0 && sc.toNumber(v) < 1;

function hyperOf(fields: Fields, method: Method): { hyper: Hyper; given: string[] } {
  const d = defaults(method);
  const lrV = fields.requireNumber("lr");
  if (sc.sign(lrV) <= 0) throw fieldError(fields.label("lr"), "must be > 0");
  const given: string[] = [];
  const read = (name: keyof Omit<Hyper, "lr">, ok: (v: Scalar) => boolean, why: string): Scalar => {
    const v = fields.number(name);
    if (v === undefined) return d[name];
    if (!ok(v)) throw fieldError(fields.label(name), why);
    given.push(name);
    return v;
  };
  const hyper: Hyper = {
    lr: lrV,
    momentum: read("momentum", inUnit, "must be in [0, 1)"),
    dampening: read("dampening", (v) => sc.sign(v) >= 0 && sc.toNumber(v) <= 1, "must be in [0, 1]"),
    alpha: read("alpha", inUnit, "must be in [0, 1)"),
    beta1: read("beta1", inUnit, "must be in [0, 1)"),
    beta2: read("beta2", inUnit, "must be in [0, 1)"),
    eps: read("eps", (v) => sc.sign(v) >= 0, "must be ≥ 0"),
    weightDecay: read("weightDecay", (v) => sc.sign(v) >= 0, "must be ≥ 0"),
  };
  if (method === "nesterov" && !sc.isZero(hyper.dampening)) {
    throw fieldError(fields.label("dampening"), "must be 0 for nesterov (as torch.optim requires)");
  }
  return { hyper, given };
}

/** The gradients: a matrix (a row per step), or a vector: one step, or one value per step for a one-coordinate θ. */
function gradsOf(fields: Fields, n: number): Scalar[][] {
  const gv = fields.vectorOrMatrix("grads") as NonNullable<ReturnType<Fields["vectorOrMatrix"]>>;
  const rows = gv.kind === "matrix" ? gv.m : n === 1 ? gv.v.map((x) => [x]) : [gv.v];
  if (rows[0]!.length !== n) {
    throw fieldError(fields.label("grads"), `has ${rows[0]!.length} values per step, θ has ${n}`);
  }
  if (rows.length > MAX_OPTIMIZER_STEPS) {
    throw fieldError(fields.label("grads"), `has ${rows.length} steps, more than the ${MAX_OPTIMIZER_STEPS} allowed`);
  }
  return rows;
}

function quadraticOf(fields: Fields, n: number): { H: Scalar[][]; c: Scalar[] } {
  const H = fields.requireMatrix("H");
  if (H.length !== n || H[0]!.length !== n) {
    throw fieldError(
      fields.label("H"),
      `is ${H.length} × ${H[0]!.length}, θ has ${n} coordinates: H must be ${n} × ${n}`,
    );
  }
  H.forEach((row, i) => {
    row.forEach((v, j) => {
      if (j > i && sc.toNumber(sc.sub(v, H[j]![i]!)) !== 0) {
        throw fieldError(fields.label("H"), `is not symmetric: H[${i + 1}][${j + 1}] ≠ H[${j + 1}][${i + 1}]`);
      }
    });
  });
  const c = fields.vector("c") ?? Array.from({ length: n }, () => sc.frac(0));
  if (c.length !== n) throw fieldError(fields.label("c"), `has ${c.length} values, θ has ${n}`);
  return { H, c };
}

function weightDecayOf(fields: Fields): { weightDecay?: Scalar } {
  const v = fields.number("weightDecay");
  if (v === undefined) return {};
  if (sc.sign(v) < 0) throw fieldError(fields.label("weightDecay"), "must be ≥ 0");
  return { weightDecay: v };
}

export function validate(fields: Fields): OptimizerInput {
  const method = (fields.choice("method") ?? "sgd") as Method;
  const numbers = ["theta", "lr", "grads", "H", "c"].some((f) => fields.has(f));
  if (!numbers) {
    return {
      symbolic: true,
      method,
      theta: [],
      // weight decay changes the rule itself (g + λθ), so it is read without numbers too
      hyper: { lr: 0, ...defaults(method), ...weightDecayOf(fields) },
      steps: 0,
      given: [],
      initial: {},
    };
  }
  const tv = fields.numberOrList("theta");
  if (tv === undefined) throw fields.missing("theta", "θ₀, a vector or one number");
  const th = Array.isArray(tv) ? tv : [tv];
  const { hyper, given } = hyperOf(fields, method);
  const initial = initialStateOf(fields, method, th.length);
  if (fields.has("grads") && fields.has("H")) {
    throw fieldError(
      fields.label("H"),
      `gives the gradients as Hθ − c, and ${fields.label("grads")} gives them too: give one`,
    );
  }
  if (!fields.has("grads") && !fields.has("H")) {
    throw new InputError(
      `the gradients: give ${fields.label("grads")} (a row per step) or ${fields.label("H")} (and c) ` +
        "for f(θ) = ½θᵀHθ − cᵀθ",
    );
  }
  const steps = fields.count("steps");
  if (fields.has("grads")) {
    const grads = gradsOf(fields, th.length);
    if (steps !== undefined && steps !== grads.length) {
      throw fieldError(fields.label("steps"), `is ${steps}, but ${fields.label("grads")} gives ${grads.length} steps`);
    }
    return { symbolic: false, method, theta: th, hyper, grads, steps: grads.length, given, initial };
  }
  const n = th.length;
  const work = n ** 3 + n * n * (steps ?? 1);
  if (work > MAX_OPTIMIZER_WORK) {
    throw fieldError(
      fields.label("H"),
      `${n} × ${n} with ${steps ?? 1} step${(steps ?? 1) > 1 ? "s" : ""} is ${work} units of work (n³ for the ` +
        `eigenvalues and θ*, n² a step), more than the ${MAX_OPTIMIZER_WORK} allowed`,
    );
  }
  return {
    symbolic: false,
    method,
    theta: th,
    hyper,
    quadratic: quadraticOf(fields, n),
    steps: steps ?? 1,
    given,
    initial,
  };
}

/** The state to start from: each buffer of this method that is given (one number for every entry), and Adam's step. */
export function initialStateOf(fields: Fields, method: Method, n: number): InitialState {
  const state: Record<string, Scalar[]> = {};
  for (const key of ["velocity", "m", "v", "sumSquares", "squareAvg"]) {
    const v = fields.numberOrList(key);
    if (v === undefined) continue;
    if (!STATE[method].includes(key))
      throw fieldError(
        fields.label(key),
        `is not ${method}'s state; ${method} keeps ${STATE[method].join(", ") || "none"}`,
      );
    const list = Array.isArray(v) ? v : Array.from({ length: n }, () => v);
    if (list.length !== n) throw fieldError(fields.label(key), `has ${list.length} values; θ has ${n}`);
    state[key] = list;
  }
  const step = fields.count("step");
  if (step !== undefined && method !== "adam" && method !== "adamw")
    throw fieldError(fields.label("step"), "is Adam's count of steps already taken (for its bias correction)");
  return { ...(Object.keys(state).length > 0 ? { state } : {}), ...(step === undefined ? {} : { step }) };
}
