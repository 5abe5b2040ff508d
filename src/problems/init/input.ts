import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";

const SCHEMES = [
  "xavier-normal",
  "xavier-uniform",
  "he-normal",
  "he-uniform",
  "kaiming-normal",
  "kaiming-uniform",
  "lecun-normal",
  "lecun-uniform",
] as const;

const NONLINEARITIES = ["linear", "sigmoid", "tanh", "relu", "leaky-relu"] as const;

export interface InitInput {
  family: "xavier" | "he" | "lecun";
  uniform: boolean;
  scheme: string;
  fanIn: number;
  fanOut?: number;
  /** gain² — rational for every nonlinearity calculate_gain knows, so the variance can stay exact. */
  gain2: Scalar;
  gainText: string;
  mode: "fan-in" | "fan-out";
}

export const fields: Record<string, FieldSpec> = {
  scheme: { kind: "choice", choices: SCHEMES, help: "the initialisation (kaiming-… is he-…)" },
  fanIn: { kind: "count", max: 1e9, flag: "fan-in", help: "inputs per unit" },
  fanOut: { kind: "count", max: 1e9, flag: "fan-out", help: "outputs per unit" },
  layer: { kind: "raw", help: 'one layer whose fans are computed: "linear 256" or "conv k=3 c=64" (with --channels)' },
  channels: { kind: "count", max: 1e9, help: "the layer's input channels (or features, for linear)" },
  nonlinearity: {
    kind: "choice",
    choices: NONLINEARITIES,
    help: "the gain as calculate_gain gives it (default relu for He, linear else)",
  },
  slope: { kind: "number", help: "leaky-relu's slope (default 0.01, as calculate_gain)" },
  gain: { kind: "number", help: "the gain itself, overriding the nonlinearity's" },
  mode: { kind: "choice", choices: ["fan-in", "fan-out"], help: "He's fan (default fan-in)" },
};

/** The fans of one layer in summary's grammar: a conv's fan-in is C_in·k_h·k_w. */
function fansOfLayer(text: string, channels: number, label: string): [number, number] {
  const [type = "", ...rest] = text.trim().split(/\s+/);
  const keys = new Map(rest.map((kv) => kv.split("=") as [string, string]));
  if (type === "linear" || type === "dense") {
    const n = Number(rest.find((r) => /^\d+$/.test(r)) ?? keys.get("n"));
    if (!Number.isInteger(n) || n < 1) throw fieldError(label, 'a linear layer needs its size: "linear 256"');
    return [channels, n];
  }
  if (type === "conv") {
    const [kh, kw = kh] = String(keys.get("k") ?? "")
      .split(/x/i)
      .map(Number) as [number, number?];
    const c = Number(keys.get("c"));
    if (!Number.isInteger(kh) || kh < 1 || !Number.isInteger(kw) || !Number.isInteger(c) || c < 1)
      throw fieldError(label, 'a conv layer needs k and c: "conv k=3 c=64"');
    return [channels * kh * (kw as number), c * kh * (kw as number)];
  }
  throw fieldError(label, `"${type}": init takes one linear or conv layer`);
}

export function validate(f: Fields): InitInput | undefined {
  const scheme = f.choice("scheme");
  if (!scheme) {
    for (const n of ["fanIn", "fanOut", "layer"]) if (f.has(n)) throw f.missing("scheme", SCHEMES.join(", "));
    return undefined;
  }
  const family = scheme.startsWith("xavier") ? "xavier" : scheme.startsWith("lecun") ? "lecun" : "he";
  let fanIn = f.count("fanIn");
  let fanOut = f.count("fanOut");
  const layer = f.rawValue("layer");
  if (layer) {
    if (fanIn !== undefined || fanOut !== undefined)
      throw fieldError(layer.label, "gives the fans itself: not with --fan-in or --fan-out");
    const channels = f.count("channels");
    if (channels === undefined) throw f.missing("channels", "the layer's input channels");
    [fanIn, fanOut] = fansOfLayer(String(layer.value), channels, layer.label);
  }
  const mode = (f.choice("mode") ?? "fan-in") as "fan-in" | "fan-out";
  if (f.has("mode") && family !== "he") throw fieldError(f.label("mode"), "is He's choice of fan");
  const needsOut = family === "xavier" || mode === "fan-out";
  if (fanIn === undefined && (family !== "he" || mode === "fan-in"))
    throw f.missing("fanIn", "the layer's inputs per unit");
  if (needsOut && fanOut === undefined) throw f.missing("fanOut", "the layer's outputs per unit");
  const nonlin = f.choice("nonlinearity") ?? (family === "he" ? "relu" : "linear");
  const slope = f.number("slope") ?? sc.frac(1, 100);
  if (f.has("slope") && nonlin !== "leaky-relu") throw fieldError(f.label("slope"), "is leaky-relu's slope");
  const given = f.number("gain");
  const gain2: Scalar =
    given !== undefined
      ? sc.square(given)
      : nonlin === "tanh"
        ? sc.frac(25, 9)
        : nonlin === "relu"
          ? sc.frac(2)
          : nonlin === "leaky-relu"
            ? sc.div(sc.frac(2), sc.add(sc.frac(1), sc.square(slope)))
            : sc.frac(1);
  const gainText =
    given !== undefined
      ? "the gain given"
      : ({
          linear: "linear: 1",
          sigmoid: "sigmoid: 1",
          tanh: "tanh: 5/3",
          relu: "relu: √2",
          "leaky-relu": "leaky-relu: √(2/(1 + slope²))",
        }[nonlin] ?? "");
  return {
    family,
    uniform: scheme.endsWith("uniform"),
    scheme,
    fanIn: fanIn as number,
    ...(fanOut === undefined ? {} : { fanOut }),
    gain2,
    gainText,
    mode,
  };
}
