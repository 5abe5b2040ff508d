import { type Grid, outSize, type PoolSpec } from "../../core/convolution.js";
import type { Scalar } from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { MAX_CONV_WORK } from "../../limits.js";
import { gridOf, pairOf, readArray } from "../conv/grids.js";
import { upstreamOf } from "../conv/present.js";

export interface PoolInput {
  x: Grid;
  depth: number;
  spec: PoolSpec;
  dLdy?: Grid;
}

export const fields: Record<string, FieldSpec> = {
  x: { kind: "raw", help: "the input: a vector (1-D), a matrix, or in JSON a C × H × W array" },
  kernel: { kind: "raw", help: "the window: a number or [h, w]" },
  stride: { kind: "raw", help: "a number or [h, w] (default the kernel)" },
  padding: { kind: "raw", help: "a number or [h, w] (default 0; −∞ for max, zeros counted for avg, as PyTorch)" },
  mode: { kind: "choice", choices: ["max", "avg"], help: "max (default) or avg" },
  dLdy: { kind: "raw", help: "the upstream gradient, shape of the output: adds the backward pass" },
};

export function validate(f: Fields): PoolInput | undefined {
  const xr = readArray(f, "x", 3);
  if (!xr) {
    if (f.has("kernel") || f.has("dLdy")) throw f.missing("x", "the input to pool");
    return undefined;
  }
  if (!f.has("kernel")) throw f.missing("kernel", "the window size, such as 2");
  const x = gridOf(xr);
  const oneD = xr.depth === 1;
  const kernel = pairOf(f, "kernel", [1, 1], 1, oneD, 1);
  const stride = pairOf(f, "stride", kernel, 1, oneD, 1);
  const padding = pairOf(f, "padding", [0, 0], 0, oneD, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1])
    throw fieldError(f.label("padding"), `is more than half the kernel (${kernel.join("×")}), which PyTorch refuses`);
  const h = (x[0] as Scalar[][]).length;
  const w = ((x[0] as Scalar[][])[0] as Scalar[]).length;
  const ho = outSize(h, kernel[0], stride[0], padding[0]);
  const wo = outSize(w, kernel[1], stride[1], padding[1]);
  if (ho < 1 || wo < 1) throw fieldError(f.label("kernel"), `${kernel.join("×")} does not fit in the ${h}×${w} input`);
  const work = x.length * ho * wo * kernel[0] * kernel[1];
  if (work > MAX_CONV_WORK)
    throw new InputError(`pool: ${work} window entries, more than the ${MAX_CONV_WORK} allowed`);
  const spec: PoolSpec = { kernel, stride, padding, mode: (f.choice("mode") ?? "max") as "max" | "avg" };
  const dLdy = upstreamOf(f, x.length, ho, wo, xr.depth);
  return { x, depth: xr.depth, spec, ...(dLdy ? { dLdy } : {}) };
}
