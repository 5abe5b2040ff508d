// Reading conv's and pool's arrays: a vector (1-D), a matrix, or in JSON a
// C × H × W array (and C_out × C_in × k × k for kernels), as grids; and the
// pairs stride, padding, dilation, kernel size.
import type { Grid, Kernel, Pair } from "../../core/convolution.js";
import type { Scalar } from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import { checkRectangular, numberFromJson, parseMatrix, parseVector } from "../../input/values.js";

export interface Read {
  /** The array as given, with its depth: 1 a vector, 2 a matrix, 3 C × H × W, 4 C_out × C_in × k × k. */
  depth: number;
  value: unknown;
}

function depthOf(v: unknown): number {
  let d = 0;
  let at = v;
  while (Array.isArray(at)) {
    d++;
    at = at[0];
  }
  return d;
}

/** How a JSON element becomes a number: exactly (numberFromJson), or as float64 for a layer past the exact limit. */
export type ElementReader = (v: unknown, label: string) => Scalar;

function scalarsOf(v: unknown, depth: number, label: string, read: ElementReader): unknown {
  if (depth === 0) return read(v, label);
  if (!Array.isArray(v) || v.length === 0) throw fieldError(label, "expected a non-empty array");
  const out = v.map((e, i) => scalarsOf(e, depth - 1, `${label}[${i + 1}]`, read));
  if (depth >= 2) {
    const len = (out[0] as unknown[]).length;
    out.forEach((e, i) => {
      if ((e as unknown[]).length !== len)
        throw fieldError(`${label}[${i + 1}]`, `has ${(e as unknown[]).length} entries, the first has ${len}`);
    });
  }
  return out;
}

/** A vector, matrix or (JSON) deeper array of numbers, at most `most` deep. */
export function readArray(f: Fields, name: string, most: number, read = numberFromJson): Read | undefined {
  const raw = f.rawValue(name);
  if (!raw) return undefined;
  if (!raw.json) {
    if (typeof raw.value !== "string") throw fieldError(raw.label, "expected numbers");
    const s = raw.value.trim();
    if (s.startsWith("[") && depthOf(safeJson(s)) >= 3) return readJson(safeJson(s), raw.label, most, read);
    const isMatrix = s.includes(";") || /^\[\s*\[/.test(s);
    if (isMatrix) {
      const m = parseMatrix(s, raw.label);
      checkRectangular(m, raw.label);
      return { depth: 2, value: m };
    }
    return { depth: 1, value: parseVector(s, raw.label) };
  }
  return readJson(raw.value, raw.label, most, read);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function readJson(v: unknown, label: string, most: number, read: ElementReader): Read {
  const depth = depthOf(v);
  if (depth === 0) return { depth: 1, value: [read(v, label)] };
  if (depth > most) throw fieldError(label, `is ${depth} levels deep; at most ${most} are read here`);
  return { depth, value: scalarsOf(v, depth, label, read) };
}

/** A vector as a 1 × 1 × W grid, a matrix as 1 × H × W, a 3-D array as it is. */
export function gridOf(r: Read): Grid {
  if (r.depth === 1) return [[r.value as Scalar[]]];
  if (r.depth === 2) return [r.value as Scalar[][]];
  return r.value as Grid;
}

/** A number or [h, w] of whole numbers ≥ `min`; for a 1-D input the height is 1 (and its pair's first entry `oneD`). */
export function pairOf(f: Fields, name: string, fallback: Pair, min: number, oneD: boolean, oneDFirst: number): Pair {
  const raw = f.rawValue(name);
  if (!raw) return fallback;
  const label = raw.label;
  const nums = raw.json
    ? Array.isArray(raw.value)
      ? raw.value
      : [raw.value]
    : String(raw.value)
        .replace(/[[\]]/g, "")
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number);
  if (
    nums.length < 1 ||
    nums.length > 2 ||
    !nums.every((n) => typeof n === "number" && Number.isInteger(n) && n >= min)
  )
    throw fieldError(label, `expected a whole number ≥ ${min}, or [h, w] of them`);
  if (oneD) {
    if (nums.length === 2) throw fieldError(label, "is one number for a 1-D input");
    return [oneDFirst, nums[0] as number];
  }
  return nums.length === 1 ? [nums[0] as number, nums[0] as number] : [nums[0] as number, nums[1] as number];
}

/** The kernel as C_out × C_in × k_h × k_w, and how many axes its answer keeps. */
export function kernelOf(r: Read, cin: number, label: string): Kernel {
  const k: Kernel =
    r.depth === 1
      ? [[[r.value as Scalar[]]]]
      : r.depth === 2
        ? [[r.value as Scalar[][]]]
        : r.depth === 3
          ? [r.value as Scalar[][][]]
          : (r.value as Kernel);
  const kin = (k[0] as Kernel[number]).length;
  if (kin !== cin) throw fieldError(label, `has ${kin} input channel${kin === 1 ? "" : "s"}, but x has ${cin}`);
  return k;
}
