import { type ConvSpec, type Grid, type Kernel, kernelDims, outShape } from "../../core/convolution.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { floatFromJson, numberFromJson } from "../../input/values.js";
import { MAX_CONV_WORK } from "../../limits.js";
import { booleanField } from "../common.js";
import { type ElementReader, gridOf, kernelOf, pairOf, readArray } from "./grids.js";
import { upstreamOf } from "./present.js";

export interface ConvInput {
  x: Grid;
  depth: number;
  kernel: Kernel;
  /** The kernel as given: 1 vector … 4 C_out × C_in × k × k (the output keeps C_out only for 4). */
  kernelDepth: number;
  bias: Scalar[];
  spec: ConvSpec;
  dLdy?: Grid;
}

export const fields: Record<string, FieldSpec> = {
  x: { kind: "raw", help: "the input: a vector (1-D), a matrix (one channel), or in JSON a C × H × W array" },
  kernel: {
    kind: "raw",
    help: "a vector or matrix (one filter, one channel); JSON C_in × k × k (one filter) or C_out × C_in × k × k",
  },
  bias: { kind: "numberOrList", help: "a number, or one per filter (default 0)" },
  stride: { kind: "raw", help: "a number or [h, w] (default 1)" },
  padding: { kind: "raw", help: "zeros on each side: a number or [h, w] (default 0)" },
  dilation: { kind: "raw", help: "a number or [h, w] (default 1)" },
  flip: {
    kind: "raw",
    help: "true: convolution as signal processing defines it, the kernel flipped (default false: cross-correlation)",
  },
  dLdy: { kind: "raw", help: "the upstream gradient, shape of the output: adds the backward pass" },
};

export const outDepthOf = (input: { depth: number; kernelDepth: number }) =>
  input.kernelDepth === 4 ? 3 : Math.min(input.depth, 2);

/** Past this many values in x and the kernel, float64 (exact fractions of a 3×64×64 layer take seconds). */
const CONV_EXACT_LIMIT = 20_000;

const floats = <T>(t: T): T => (Array.isArray(t) ? (t.map(floats) as T) : (sc.toNumber(t as Scalar) as T));

/** x and the kernel read by `read`, with the pairs, the bias and the work they make. */
function layerOf(f: Fields, read: ElementReader) {
  const xr = readArray(f, "x", 3, read);
  if (!xr) {
    if (f.has("kernel") || f.has("dLdy")) throw f.missing("x", "the input");
    return undefined;
  }
  const kr = readArray(f, "kernel", 4, read);
  if (!kr) throw f.missing("kernel", "the filter");
  const x = gridOf(xr);
  if (xr.depth === 1 && kr.depth !== 1) throw fieldError(f.label("kernel"), "a 1-D input takes a vector kernel");
  const kernel = kernelOf(kr, x.length, f.label("kernel"));
  const [cout] = kernelDims(kernel);
  const oneD = xr.depth === 1;
  const stride = pairOf(f, "stride", [1, 1], 1, oneD, 1);
  const padding = pairOf(f, "padding", [0, 0], 0, oneD, 0);
  const dilation = pairOf(f, "dilation", [1, 1], 1, oneD, 1);
  const b = f.numberOrList("bias");
  const bias =
    b === undefined
      ? Array.from({ length: cout }, () => sc.frac(0))
      : Array.isArray(b)
        ? b
        : Array.from({ length: cout }, () => b);
  if (bias.length !== cout)
    throw fieldError(f.label("bias"), `has ${bias.length} values for ${cout} filter${cout === 1 ? "" : "s"}`);
  const spec: ConvSpec = { stride, padding, dilation, flip: booleanField(f, "flip", false) };
  const [ho, wo] = outShape(x, kernel, spec);
  if (ho < 1 || wo < 1) throw fieldError(f.label("kernel"), "does not fit in the padded input with this dilation");
  const [, cin, kh, kw] = kernelDims(kernel);
  return { x, xr, kr, kernel, cout, bias, spec, ho, wo, work: cout * ho * wo * cin * kh * kw };
}

export function validate(f: Fields): ConvInput | undefined {
  // JSON numbers are read as float64 first (a 3 × 64 × 64 layer's 61k decimals as exact fractions took ~100 ms),
  // and again exactly when the work is small enough to be solved exactly
  const fast = layerOf(f, floatFromJson);
  if (!fast) return undefined;
  const big = fast.work > CONV_EXACT_LIMIT;
  const { x, xr, kr, kernel, cout, bias, spec, ho, wo, work } = big ? fast : (layerOf(f, numberFromJson) ?? fast);
  if (work > MAX_CONV_WORK) throw new InputError(`conv: ${work} multiply-adds, more than the ${MAX_CONV_WORK} allowed`);
  const input = {
    x: big ? floats(x) : x,
    depth: xr.depth,
    kernel: big ? floats(kernel) : kernel,
    kernelDepth: kr.depth,
    bias,
    spec,
  };
  const dLdy = upstreamOf(f, cout, ho, wo, outDepthOf(input), big ? floatFromJson : numberFromJson);
  return { ...input, ...(dLdy ? { dLdy: big ? floats(dLdy) : dLdy } : {}) };
}
