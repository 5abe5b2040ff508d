import { applyLayer, type Count, LAYER_KEYS, LAYER_TYPES, LayerError, type LayerSpec } from "../../core/layers.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import { splitList } from "../common.js";

/** Layers after repeat=N is expanded, at most. */
const MAX_SUMMARY_LAYERS = 10_000;

export interface SummaryInput {
  shape: number[];
  layers: Array<LayerSpec & { label: string }>;
  text: string;
}

export const fields: Record<string, FieldSpec> = {
  shape: {
    kind: "raw",
    help: "the input's shape without the batch: 3,32,32 (an image), 10,25 (T steps of F), 20, or T token ids",
  },
  layers: {
    kind: "raw",
    help:
      'the layers split by ";": linear 128, conv k=3 p=1 c=16, lstm h=100 bidirectional=1, embedding n=5000 d=64, ' +
      "transformer d=64 heads=2 ff=256, repeat=N on any layer, bias=0 on any with weights",
  },
};

function shapeOf(f: Fields): number[] {
  const raw = f.rawValue("shape");
  if (!raw) throw f.missing("shape", "the input's shape, such as 3,32,32");
  const parts =
    raw.json && Array.isArray(raw.value)
      ? raw.value
      : String(raw.value)
          .replace(/[[\]]/g, "")
          .split(/[,\s×x]+/)
          .filter(Boolean)
          .map(Number);
  if (
    parts.length === 0 ||
    parts.length > 3 ||
    !parts.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 1)
  )
    throw fieldError(raw.label, "expected 1 to 3 whole numbers ≥ 1, such as 3,32,32");
  return parts as number[];
}

function layersOf(text: string, label: string): Array<LayerSpec & { label: string }> {
  const out: Array<LayerSpec & { label: string }> = [];
  splitList(text, label, MAX_SUMMARY_LAYERS, "layers").forEach((part, i) => {
    const at = `${label}[${i + 1}]`;
    const [type = "", ...rest] = part.split(/\s+/);
    if (!(LAYER_TYPES as readonly string[]).includes(type))
      throw fieldError(
        at,
        `unknown layer "${type}"${didYouMean(type, LAYER_TYPES)}; summary knows ${LAYER_TYPES.join(", ")}`,
      );
    const keys = new Map<string, number>();
    let same = false;
    for (const kv of rest) {
      if ((type === "linear" || type === "dense") && /^\d+$/.test(kv)) {
        keys.set("n", Number(kv));
        continue;
      }
      const [key = "", value] = kv.split("=");
      if (value === undefined) throw fieldError(at, `"${kv}" is not key=value`);
      if (!(LAYER_KEYS as readonly string[]).includes(key))
        throw fieldError(
          at,
          `unknown key "${key}"${didYouMean(key, LAYER_KEYS)}; a layer takes ${LAYER_KEYS.join(", ")}`,
        );
      if (key === "p" && value === "same") {
        same = true;
        continue;
      }
      const v = Number(value);
      if (!Number.isFinite(v) || v < 0) throw fieldError(at, `${key}=${value} is not a number ≥ 0`);
      if (key !== "p" || type !== "dropout") {
        if (!Number.isInteger(v)) throw fieldError(at, `${key}=${value} must be a whole number`);
      }
      keys.set(key, v);
    }
    const repeat = keys.get("repeat") ?? 1;
    if (repeat < 1) throw fieldError(at, "repeat must be at least 1");
    if (out.length + repeat > MAX_SUMMARY_LAYERS)
      throw fieldError(label, `has more than ${MAX_SUMMARY_LAYERS} layers once repeat is expanded`);
    for (let r = 0; r < repeat; r++) out.push({ type, keys, same, label: at });
  });
  if (out.length === 0) throw fieldError(label, "has no layers");
  return out;
}

export function validate(f: Fields): SummaryInput | undefined {
  const raw = f.rawValue("layers");
  if (!raw) {
    if (f.has("shape")) throw f.missing("layers", 'the layers, such as "linear 128; relu; linear 10"');
    return undefined;
  }
  const text = raw.json && Array.isArray(raw.value) ? raw.value.map(String).join("; ") : String(raw.value);
  const layers = layersOf(text, raw.label);
  const input = { shape: shapeOf(f), layers, text };
  rowsOf(input); // a shape a layer cannot take is the input's error
  return input;
}

export interface Row {
  spec: LayerSpec & { label: string };
  shape: number[];
  count: Count;
}

/** The layers' rows; `plusOne` 0 computes the sizes without their + 1, to diagnose that mistake. */
export function rowsOf(input: SummaryInput, plusOne = 1): Row[] {
  const rows: Row[] = [];
  let shape = input.shape;
  for (const spec of input.layers) {
    try {
      const { out, count } = applyLayer(spec, shape, plusOne);
      if (out.some((v) => !(v >= 1)))
        throw new LayerError(`leaves no output (${out.join("×")}) from ${shape.join("×")}`);
      rows.push({ spec, shape: out, count });
      shape = out;
    } catch (err) {
      if (err instanceof LayerError) throw fieldError(spec.label, err.message);
      throw err;
    }
  }
  return rows;
}
