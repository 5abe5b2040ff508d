// network's fields (SPEC 4.14) and what validate() makes of them: the layers'
// weights chained shape by shape, the target per sample, the loss.
import { ACTIVATIONS, type ActivationName } from "../../core/activations.js";
import { isMatrix, type Tensor } from "../../core/autodiff.js";
import type { NetworkLoss, NetworkShape, OutputActivation } from "../../core/network.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { MAX_NETWORK_ANSWER_WORK, MAX_NETWORK_WORK } from "../../limits.js";
import { refuseWork, type WorkLimits } from "../common.js";

export const MAX_LAYERS = 9;
const OUTPUTS = ["identity", "sigmoid", "softmax"] as const;
const LOSSES = ["squared", "half-squared", "mse", "bce", "ce"] as const;

export interface Layer {
  /** nₗ × nₗ₋₁, or a vector for a single unit (then z is a number). */
  W: Tensor;
  /** One bias per unit (a number for a single unit given as a vector). */
  b: Tensor;
  units: number;
}

export interface NetworkInput {
  shape: NetworkShape;
  layers: Layer[];
  /** One input vector per sample (one entry when x is a vector). */
  x: Scalar[][];
  /** The target per sample, shaped as the output layer's a. */
  y: Tensor[];
  /** Softmax targets given as class numbers, 1-based, per sample. */
  classes?: number[];
  lr?: Scalar;
  /** The inputs as given, for the echo. */
  echo: Record<string, Tensor | string>;
  /** Multiply-adds of one forward pass: solve refuses a worked solution past MAX_NETWORK_WORK. */
  work: number;
}

export const NETWORK_WORK: WorkLimits = {
  what: "multiply-adds per forward pass (samples × Σ nₗnₗ₋₁)",
  worked: MAX_NETWORK_WORK,
  answers: MAX_NETWORK_ANSWER_WORK,
};

const layerFields: Record<string, FieldSpec> = {};
for (let l = 1; l <= MAX_LAYERS; l++) {
  layerFields[`W${l}`] = {
    kind: "vectorOrMatrix",
    help:
      l === 1
        ? "layer 1's weights, n₁ × n₀ (rows = units, as PyTorch's Linear); a vector for a single unit"
        : `layer ${l}'s weights, n${l} × n${l - 1}`,
  };
  layerFields[`b${l}`] = {
    kind: "numberVectorOrMatrix",
    help:
      l === 1
        ? "layer 1's biases, one per unit; one number is given to every unit (each still its own gradient); default 0"
        : `layer ${l}'s biases (default 0)`,
  };
}

export const fields: Record<string, FieldSpec> = {
  x: { kind: "vectorOrMatrix", help: "the input: a vector of n₀, or an N × n₀ matrix (a batch, rows = samples)" },
  ...layerFields,
  activation: {
    kind: "choice",
    choices: ACTIVATIONS,
    help: "the hidden layers' activation (default sigmoid)",
  },
  slope: { kind: "number", help: "leaky-relu's slope for z ≤ 0 (default 0.01, as PyTorch)" },
  output: { kind: "choice", choices: OUTPUTS, help: "the output layer's activation (default identity)" },
  y: {
    kind: "numberVectorOrMatrix",
    help:
      "the target: a vector of the output units; with softmax a class number 1…K or probabilities; " +
      "for a batch a matrix (rows = samples) or a vector of classes",
  },
  loss: {
    kind: "choice",
    choices: LOSSES,
    help: "squared Σ(y − ŷ)², half-squared ½Σ(y − ŷ)², mse the mean, bce, ce (default squared; ce with softmax)",
  },
  lr: { kind: "number", help: "the learning rate of one gradient-descent step (optional)" },
};

const NUMERIC = ["x", "y", ...Object.keys(layerFields)];

const dims = (t: Tensor): string =>
  Array.isArray(t) && Array.isArray(t[0]) ? `${t.length}×${t[0]!.length}` : `a vector of ${(t as Scalar[]).length}`;

function layersOf(f: Fields, inputs: number): Layer[] {
  let last = 0;
  for (let l = 1; l <= MAX_LAYERS; l++) if (f.has(`W${l}`)) last = l;
  if (last === 0) throw f.missing("W1", "layer 1's weights, n₁ × n₀");
  const layers: Layer[] = [];
  let prev = inputs;
  for (let l = 1; l <= MAX_LAYERS; l++) {
    const wm = f.vectorOrMatrix(`W${l}`);
    if (!wm) {
      if (l < last) throw f.missing(`W${l}`, `layer ${l} sits between layer ${l - 1} and layer ${last}`);
      if (f.has(`b${l}`))
        throw fieldError(f.label(`b${l}`), `there is no ${f.label(`W${l}`)}: layer ${l} has no weights`);
      continue;
    }
    const W: Tensor = wm.kind === "matrix" ? wm.m : wm.v;
    const cols = wm.kind === "matrix" ? wm.m[0]!.length : wm.v.length;
    if (cols !== prev) {
      const before =
        l === 1
          ? `x has ${prev} input${prev === 1 ? "" : "s"}`
          : `layer ${l - 1} has ${prev} unit${prev === 1 ? "" : "s"}`;
      throw fieldError(f.label(`W${l}`), `${wm.kind === "matrix" ? dims(W) : dims(W)} but ${before}`);
    }
    const units = wm.kind === "matrix" ? wm.m.length : 1;
    const bm = f.numberVectorOrMatrix(`b${l}`);
    let b: Tensor;
    if (!bm) b = wm.kind === "matrix" ? Array.from({ length: units }, () => sc.frac(0)) : sc.frac(0);
    else if (bm.kind === "matrix") throw fieldError(f.label(`b${l}`), "expected a number or a vector of biases");
    else if (bm.kind === "number") b = wm.kind === "matrix" ? Array.from({ length: units }, () => bm.n) : bm.n;
    else {
      if (bm.v.length !== units)
        throw fieldError(
          f.label(`b${l}`),
          `has ${bm.v.length} biases but ${f.label(`W${l}`)} has ${units} unit${units === 1 ? "" : "s"}`,
        );
      b = wm.kind === "matrix" ? bm.v : bm.v[0]!;
    }
    layers.push({ W, b, units });
    prev = units;
  }
  return layers;
}

/** A class number 1…K. */
function classOf(v: Scalar, k: number, label: string): number {
  const c = sc.toNumber(v);
  if (!Number.isInteger(c) || c < 1 || c > k)
    throw fieldError(label, `a class is a whole number from 1 to ${k}, got ${c}`);
  return c;
}
const oneHot = (c: number, k: number): Scalar[] => Array.from({ length: k }, (_, i) => sc.frac(i + 1 === c ? 1 : 0));

/** The targets per sample, each shaped like the output layer's a. */
function targetsOf(
  f: Fields,
  out: Layer,
  samples: number,
  batch: boolean,
  softmax: boolean,
): { y: Tensor[]; classes?: number[] } {
  const label = f.label("y");
  const yv = f.numberVectorOrMatrix("y");
  if (!yv) throw f.missing("y", "the target");
  const scalarOut = !isMatrix(out.W);
  const k = out.units;
  const rows: Scalar[][] =
    yv.kind === "matrix"
      ? yv.m
      : yv.kind === "number"
        ? [[yv.n]]
        : batch && (k === 1 || softmax) && yv.v.length === samples
          ? yv.v.map((e) => [e])
          : [yv.v];
  if (rows.length !== samples)
    throw fieldError(
      label,
      `gives ${rows.length} target${rows.length === 1 ? "" : "s"} for ${samples} sample${samples === 1 ? "" : "s"}`,
    );
  if (softmax && rows.every((r) => r.length === 1) && k > 1) {
    const classes = rows.map((r, s) => classOf(r[0]!, k, batch ? `${label}[${s + 1}]` : label));
    return { y: classes.map((c) => oneHot(c, k)), classes };
  }
  const y = rows.map((r, s) => {
    if (r.length !== k)
      throw fieldError(
        batch ? `${label}[${s + 1}]` : label,
        `has ${r.length} value${r.length === 1 ? "" : "s"}, the output layer ${k} unit${k === 1 ? "" : "s"}`,
      );
    return scalarOut ? r[0]! : r;
  });
  return { y };
}

/** The typed input; undefined when no number is given (the derivation in symbols). */
export function validate(f: Fields): NetworkInput | undefined {
  const hidden = (f.choice("activation") ?? "sigmoid") as ActivationName;
  const output = (f.choice("output") ?? "identity") as OutputActivation;
  const loss = (f.choice("loss") ?? (output === "softmax" ? "ce" : "squared")) as NetworkLoss;
  const slope = f.number("slope");
  if (slope !== undefined && hidden !== "leaky-relu")
    throw fieldError(f.label("slope"), "is leaky-relu's slope; give --activation leaky-relu too");
  if (loss === "ce" && output !== "softmax") throw fieldError(f.label("loss"), "ce goes with --output softmax");
  if (loss === "bce" && output !== "sigmoid") throw fieldError(f.label("loss"), "bce goes with --output sigmoid");
  if (!NUMERIC.some((n) => f.has(n))) {
    if (f.has("lr")) throw f.missing("x", "the input, with the weights and the target");
    return undefined;
  }
  const xm = f.vectorOrMatrix("x");
  if (!xm) throw f.missing("x", "the input vector (or a matrix of samples)");
  const batch = xm.kind === "matrix";
  const x = batch ? xm.m : [xm.v];
  const layers = layersOf(f, x[0]!.length);
  let work = 0;
  let prev = x[0]!.length;
  for (const l of layers) {
    work += x.length * prev * l.units;
    prev = l.units;
  }
  refuseWork("network", work, NETWORK_WORK);
  const out = layers[layers.length - 1] as Layer;
  const { y, classes } = targetsOf(f, out, x.length, batch, output === "softmax");
  if (
    loss === "bce" &&
    y.some((t) => (Array.isArray(t) ? t : [t]).some((e) => sc.sign(e as Scalar) < 0 || sc.toNumber(e as Scalar) > 1))
  )
    throw fieldError(f.label("y"), "bce's targets are probabilities, from 0 to 1");
  const lr = f.number("lr");
  if (lr !== undefined && sc.sign(lr) <= 0) throw fieldError(f.label("lr"), "the learning rate must be positive");
  const echo: Record<string, Tensor | string> = { x: batch ? xm.m : xm.v };
  layers.forEach((l, i) => {
    echo[`W${i + 1}`] = l.W;
    echo[`b${i + 1}`] = l.b;
  });
  Object.assign(echo, { activation: hidden, output, loss });
  return {
    work,
    shape: {
      layers: layers.length,
      hidden,
      slope: slope ?? sc.frac(1, 100),
      output,
      loss,
      batch: batch ? x.length : 0,
    },
    layers,
    x,
    y,
    ...(classes ? { classes } : {}),
    ...(lr === undefined ? {} : { lr }),
    echo,
  };
}
