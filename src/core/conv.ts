// Shapes through a stack of 2-D convolutions and poolings, in integers:
// output sizes, parameters, multiply-accumulates, receptive field and jump.
// Sizes are numbers (the input's limits keep them far below 2^53); the
// counts, the receptive field and the jump are BigInts, exact however large
// (a product of channels passes 2^53, a jump of strides can pass 10^308).

import { convParams } from "./layers.js";

export type LayerType = "conv" | "maxpool" | "avgpool";

/** One layer, each of kernel/stride/padding/dilation as [h, w]. */
export interface Layer {
  type: LayerType;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  /** conv: output channels */
  out?: number;
  /** conv: groups */
  groups: number;
  /** conv: a bias per output channel */
  bias: boolean;
}

/** One dimension of one layer: out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1. */
export interface DimensionResult {
  input: number;
  /** n + 2p − d(k − 1) − 1 */
  numerator: number;
  output: number;
  /** rows or columns the last window leaves out: numerator mod s */
  dropped: number;
  /** receptive field and jump after this layer */
  receptiveField: bigint;
  jump: bigint;
}

export interface LayerResult {
  layer: Layer;
  inChannels: number;
  channels: number;
  dims: [DimensionResult, DimensionResult];
  params: bigint;
  macs: bigint;
}

/**
 * The output size along one dimension, and the receptive field r ← r + (k − 1)·d·j, jump j ← j·s.
 * `plusOne` is 1 but for diagnosing the mistake of leaving it out (SPEC 6.2 no-plus-one).
 */
export function dimension(
  n: number,
  k: number,
  s: number,
  p: number,
  d: number,
  r: bigint,
  j: bigint,
  plusOne = 1,
): DimensionResult {
  const numerator = n + 2 * p - d * (k - 1) - 1;
  return {
    input: n,
    numerator,
    output: Math.floor(numerator / s) + plusOne,
    dropped: numerator >= 0 ? numerator % s : 0,
    receptiveField: r + BigInt(k - 1) * BigInt(d) * j,
    jump: j * BigInt(s),
  };
}

/**
 * Every layer of the stack from an input of `channels` × h × w. Parameters
 * (k_h·k_w·C_in/g + bias)·C_out and MACs k_h·k_w·(C_in/g)·C_out·H_out·W_out
 * for a convolution; a pooling layer keeps the channels and counts 0 of both.
 * The caller checks the sizes (an output below 1, channels and groups).
 * `variant.noPlusOne` computes sizes without the + 1, to diagnose that mistake.
 */
export function convStack(
  size: [number, number],
  channels: number,
  layers: readonly Layer[],
  variant: { noPlusOne?: boolean } = {},
): LayerResult[] {
  let [h, w] = size;
  let c = channels;
  let rf: [bigint, bigint] = [1n, 1n];
  let jump: [bigint, bigint] = [1n, 1n];
  return layers.map((layer) => {
    const dims = [0, 1].map((a) =>
      dimension(
        a === 0 ? h : w,
        layer.kernel[a] as number,
        layer.stride[a] as number,
        layer.padding[a] as number,
        layer.dilation[a] as number,
        rf[a] as bigint,
        jump[a] as bigint,
        variant.noPlusOne ? 0 : 1,
      ),
    ) as [DimensionResult, DimensionResult];
    const out = layer.type === "conv" ? (layer.out ?? c) : c;
    const conv = layer.type === "conv";
    const B = BigInt;
    const perOutput = B(layer.kernel[0]) * B(layer.kernel[1]) * (B(c) / B(layer.groups));
    const params = conv ? convParams(layer.kernel, c, out, layer.groups, layer.bias) : 0n;
    const macs = conv ? perOutput * B(out) * B(Math.max(0, dims[0].output)) * B(Math.max(0, dims[1].output)) : 0n;
    const result: LayerResult = { layer, inChannels: c, channels: out, dims, params, macs };
    [h, w] = [dims[0].output, dims[1].output];
    c = out;
    rf = [dims[0].receptiveField, dims[1].receptiveField];
    jump = [dims[0].jump, dims[1].jump];
    return result;
  });
}
