import { convStack, type Layer, type LayerResult, type LayerType } from "../../core/conv.js";
import * as sc from "../../core/scalar.js";
import { fieldError, jsonKind } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import { splitList } from "../common.js";

export interface ConvInput {
  symbolic: boolean;
  size: [number, number];
  channels: number;
  layers: Layer[];
  /** The layers as given, for the echo. */
  text: string;
}

const TYPES = ["conv", "maxpool", "avgpool", "pool"];

const KEYS = ["k", "s", "p", "d", "c", "g", "bias"];

const JSON_KEYS = ["type", "kernel", "stride", "padding", "dilation", "out", "groups", "bias"];

const MAX_LAYERS = 1000;

export type Pair = [number, number];

/** A whole number ≥ min, or H×W of them. */
function pair(value: unknown, label: string, min: number): Pair {
  const one = (v: unknown): number => {
    const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min)
      throw fieldError(label, `expected a whole number ≥ ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  if (Array.isArray(value)) {
    if (value.length !== 2) throw fieldError(label, "expected one number or [h, w]");
    return [one(value[0]), one(value[1])];
  }
  if (typeof value === "string" && /x/i.test(value)) {
    const [h, w, ...rest] = value.split(/x/i);
    if (rest.length > 0) throw fieldError(label, `expected one number or HxW (3x1), got ${JSON.stringify(value)}`);
    return [one(h), one(w)];
  }
  const n = one(value);
  return [n, n];
}

interface RawLayer {
  type: string;
  values: Map<string, unknown>;
  label: string;
}

/** `conv k=3 p=1 c=16; pool k=2`: one RawLayer per `;`, keys checked with a suggestion. */
function layersFromText(text: string, label: string): RawLayer[] {
  return splitList(text, label, MAX_LAYERS, "layers").map((part, i) => {
    const [type = "", ...pairs] = part.split(/\s+/);
    const at = `${label}[${i + 1}]`;
    const values = new Map<string, unknown>();
    for (const kv of pairs) {
      const [key = "", value, ...extra] = kv.split("=");
      if (value === undefined || extra.length > 0)
        throw fieldError(at, `"${kv}" is not key=value (k=3, s=2, p=1, c=16)`);
      if (!KEYS.includes(key)) {
        throw fieldError(at, `unknown key "${key}"${didYouMean(key, KEYS)}; a layer takes ${KEYS.join(", ")}`);
      }
      if (values.has(key)) throw fieldError(at, `${key} given twice`);
      values.set(key, value);
    }
    return { type, values, label: at };
  });
}

/** JSON layers: objects with type, kernel, stride, padding, dilation, out, groups, bias. */
function layersFromJson(value: unknown, label: string): RawLayer[] {
  if (!Array.isArray(value)) throw fieldError(label, `expected an array of layers, got ${jsonKind(value)}`);
  if (value.length > MAX_LAYERS) throw fieldError(label, `has more than the ${MAX_LAYERS} layers allowed`);
  const short: Record<string, string> = {
    kernel: "k",
    stride: "s",
    padding: "p",
    dilation: "d",
    out: "c",
    groups: "g",
    bias: "bias",
  };
  return value.map((v, i) => {
    const at = `${label}[${i + 1}]`;
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw fieldError(at, `expected a layer object, got ${jsonKind(v)}`);
    const values = new Map<string, unknown>();
    for (const [key, x] of Object.entries(v)) {
      if (!JSON_KEYS.includes(key)) {
        throw fieldError(
          `${at}.${key}`,
          `unknown key${didYouMean(key, JSON_KEYS)}; a layer takes ${JSON_KEYS.join(", ")}`,
        );
      }
      if (key !== "type") values.set(short[key] as string, x);
    }
    return { type: String((v as { type?: unknown }).type ?? ""), values, label: at };
  });
}

/**
 * p=same: the padding that keeps the size at stride 1, d(k − 1)/2 per side. An even span would need one more
 * zero on one side (PyTorch's padding="same" puts it at the bottom and right), which a symmetric p cannot say.
 */
function samePadding(k: Pair, s: Pair, d: Pair, label: string): Pair {
  if (s[0] !== 1 || s[1] !== 1) throw fieldError(`${label}.p`, "same keeps the size only with stride 1");
  const span = (a: 0 | 1) => d[a] * (k[a] - 1);
  if (span(0) % 2 !== 0 || span(1) % 2 !== 0)
    throw fieldError(
      `${label}.p`,
      "same with an even kernel pads one zero more at the bottom and right (as PyTorch does); conv-shape pads " +
        "both sides alike, so give p explicitly",
    );
  return [span(0) / 2, span(1) / 2];
}

function layerOf(raw: RawLayer): Layer {
  const type = raw.type === "pool" ? "maxpool" : raw.type;
  if (!TYPES.includes(type)) {
    throw fieldError(
      raw.label,
      `unknown layer type "${raw.type}"${didYouMean(raw.type, TYPES)}; one of conv, maxpool, avgpool, pool`,
    );
  }
  const get = (key: string, min: number, fallback: Pair) => {
    const v = raw.values.get(key);
    return v === undefined ? fallback : pair(v, `${raw.label}.${key}`, min);
  };
  const kernel = get("k", 1, [0, 0]);
  if (kernel[0] === 0) throw fieldError(raw.label, "needs a kernel size k (k=3, or k=3x1)");
  const conv = type === "conv";
  if (!conv && (raw.values.has("c") || raw.values.has("g") || raw.values.has("bias"))) {
    throw fieldError(raw.label, `a ${type} layer keeps its channels: c, g and bias are for conv layers`);
  }
  if (type === "avgpool" && raw.values.has("d")) throw fieldError(`${raw.label}.d`, "avgpool has no dilation");
  const biasValue = raw.values.get("bias");
  const bias = biasValue === undefined || biasValue === true || biasValue === "1" || biasValue === 1;
  if (biasValue !== undefined && !bias && !(biasValue === false || biasValue === "0" || biasValue === 0)) {
    throw fieldError(`${raw.label}.bias`, "expected 1 or 0 (true or false in JSON)");
  }
  // without c a conv keeps its input's channels (shapes and receptive fields need none)
  const out = conv && raw.values.has("c") ? get("c", 1, [0, 0])[0] : undefined;
  const stride = get("s", 1, conv ? [1, 1] : kernel);
  const dilation = get("d", 1, [1, 1]);
  return {
    type: type as LayerType,
    kernel,
    stride,
    padding: raw.values.get("p") === "same" ? samePadding(kernel, stride, dilation, raw.label) : get("p", 0, [0, 0]),
    dilation,
    ...(out === undefined ? {} : { out }),
    groups: conv ? get("g", 1, [1, 1])[0] : 1,
    bias: conv && bias,
  };
}

/** Channels divisible by groups, pooling padding at most half the kernel, every output at least 1. */
function checkStack(results: LayerResult[], labels: string[]): void {
  results.forEach((r, i) => {
    const l = r.layer;
    const at = labels[i] as string;
    if (l.type === "conv" && (r.inChannels % l.groups !== 0 || r.channels % l.groups !== 0)) {
      throw fieldError(
        at,
        `C_in = ${r.inChannels} and C_out = ${r.channels} must both be divisible by g = ${l.groups}`,
      );
    }
    if (l.type !== "conv" && (l.padding[0] * 2 > l.kernel[0] || l.padding[1] * 2 > l.kernel[1])) {
      throw fieldError(at, "pooling padding must be at most half the kernel (as PyTorch requires)");
    }
    r.dims.forEach((d, a) => {
      const span = (l.dilation[a] as number) * ((l.kernel[a] as number) - 1) + 1;
      if (span > d.input + 2 * (l.padding[a] as number)) {
        throw fieldError(
          at,
          `the kernel spans ${span} ${a === 0 ? "rows" : "columns"}, more than the padded input's ` +
            `${d.input + 2 * (l.padding[a] as number)}`,
        );
      }
      if (d.output < 1)
        throw fieldError(at, `the output ${a === 0 ? "height" : "width"} would be ${d.output}, below 1`);
    });
  });
}

export function validate(fields: Fields): ConvInput {
  const raw = fields.rawValue("layers");
  const sizeV = fields.numberOrList("size");
  if (!raw && sizeV === undefined) {
    return { symbolic: true, size: [0, 0], channels: 1, layers: [], text: "" };
  }
  if (!raw) throw fields.missing("layers", 'the stack, e.g. "conv k=3 p=1 c=16; pool k=2"');
  if (sizeV === undefined) throw fields.missing("size", "the input height and width: one number, or H,W");
  const sizes = (Array.isArray(sizeV) ? sizeV : [sizeV, sizeV]).map(sc.toNumber);
  if (sizes.length !== 2 || !sizes.every((v) => Number.isSafeInteger(v) && v >= 1)) {
    throw fieldError(fields.label("size"), "expected a whole number ≥ 1, or H,W");
  }
  const channels = fields.count("channels") ?? 1;
  const rawLayers =
    raw.json && typeof raw.value !== "string"
      ? layersFromJson(raw.value, raw.label)
      : layersFromText(String(raw.value), raw.label);
  if (rawLayers.length === 0) throw fieldError(raw.label, "has no layers");
  const layers = rawLayers.map(layerOf);
  const input: ConvInput = {
    symbolic: false,
    size: [sizes[0] as number, sizes[1] as number],
    channels,
    layers,
    text: typeof raw.value === "string" ? raw.value : JSON.stringify(raw.value),
  };
  checkStack(
    convStack(input.size, channels, layers),
    rawLayers.map((l) => l.label),
  );
  return input;
}
