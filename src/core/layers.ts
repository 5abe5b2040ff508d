// A model's layers as torchinfo or Keras's model.summary() count them (SPEC
// 4.17): per layer its output shape and its parameters as a formula with the
// numbers, side by side; conv-shape counts its convolutions with convParams.
import { outSize } from "./convolution.js";

/** A parameter count as the terms an answer key writes: 4·(H·F + H·H + 2H) = 4·(100·25 + …) = 50,800. */
export interface Count {
  /** The formula in symbols. */
  formula: string;
  /** The same with the numbers. */
  numbers: string;
  params: bigint;
  /** Buffers that are not trained (batchnorm's running mean and variance). */
  nonTrainable?: bigint;
  /** What the other bias convention of a recurrent layer counts, and its name. */
  other?: { params: bigint; convention: string };
  /** The count without any bias (the no-bias-params mistake). */
  withoutBias: bigint;
}

// Counts are BigInts, exact however large: a product of widths passes 2^53 long before an input limit.
const B = BigInt;

/** (k_h·k_w·C_in/g + bias)·C_out: a 2-D convolution's weights and biases; C_in is a multiple of g. */
export function convParams(k: [number, number], cin: number, cout: number, groups: number, bias: boolean): bigint {
  return (B(k[0]) * B(k[1]) * (B(cin) / B(groups)) + (bias ? 1n : 0n)) * B(cout);
}

export interface LayerSpec {
  type: string;
  /** The keys as given (numbers), and the positional size of linear/dense. */
  keys: Map<string, number>;
  /** p=same. */
  same?: boolean;
}

export class LayerError extends Error {}

const n = (v: number | bigint) => v.toLocaleString("en-US");
const get = (l: LayerSpec, key: string, fallback?: number): number => {
  const v = l.keys.get(key);
  if (v !== undefined) return v;
  if (fallback === undefined) throw new LayerError(`${l.type} needs ${key}=…`);
  return fallback;
};
const last = (shape: readonly number[]) => shape[shape.length - 1] as number;
const zeroCount = (): Count => ({ formula: "0", numbers: "0", params: 0n, withoutBias: 0n });

/** The recurrent layers' gates: an RNN one, a GRU three, an LSTM four. */
const GATE_COUNT: Record<string, number> = { rnn: 1, gru: 3, lstm: 4 };

/** The bias term of a recurrent layer's count with its numbers: "", " + 100" or " + 2·100". */
const biasNumbers = (biases: number, h: number): string =>
  biases === 0 ? "" : biases === 1 ? ` + ${h}` : ` + ${biases}·${h}`;

function recurrent(l: LayerSpec, shape: readonly number[]): { out: number[]; count: Count } {
  if (shape.length !== 2)
    throw new LayerError(`${l.type} takes a sequence T × F; it got ${shape.join("×")} (flatten or reshape first)`);
  const g = GATE_COUNT[l.type] as number;
  const h = get(l, "h");
  const layers = get(l, "layers", 1);
  const dirs = get(l, "bidirectional", 0) ? 2 : 1;
  const hasBias = get(l, "bias", 1) !== 0;
  const biases = hasBias ? get(l, "biases", 2) : 0;
  const other = hasBias ? (biases === 2 ? 1 : 2) : 0;
  let total = 0n;
  let otherTotal = 0n;
  let noBias = 0n;
  const parts: string[] = [];
  let F = last(shape);
  const [H, gates2] = [B(h), B(dirs * g)];
  for (let k = 0; k < layers; k++) {
    const w = H * B(F) + H * H;
    total += gates2 * (w + B(biases) * H);
    otherTotal += gates2 * (w + B(other) * H);
    noBias += gates2 * w;
    parts.push(`${dirs > 1 ? "2·" : ""}${g > 1 ? `${g}·` : ""}(${h}·${F} + ${h}·${h}${biasNumbers(biases, h)})`);
    F = dirs * h;
  }
  const gates = g > 1 ? `${g}·` : "";
  const bTerm = biases === 0 ? "" : biases === 1 ? " + H" : " + 2H";
  const convention = (b: number) => (b === 2 ? "PyTorch's b_ih and b_hh per gate" : "one bias per gate, as Keras");
  return {
    out: [shape[0] as number, dirs * h],
    count: {
      formula: `${layers > 1 ? "Σ over layers " : ""}${dirs > 1 ? "2·" : ""}${gates}(H·F + H·H${bTerm})`,
      numbers: parts.join(" + "),
      params: total,
      ...(hasBias ? { other: { params: otherTotal, convention: convention(other) } } : {}),
      withoutBias: noBias,
    },
  };
}

function dense(l: LayerSpec, shape: readonly number[], bias: boolean): { out: number[]; count: Count } {
  const F = last(shape);
  const units = get(l, "n");
  if (get(l, "tied", 0))
    return {
      out: [...shape.slice(0, -1), units],
      count: { formula: "0 (tied to the embedding)", numbers: "0", params: 0n, withoutBias: 0n },
    };
  const weights = B(F) * B(units);
  const params = weights + (bias ? B(units) : 0n);
  return {
    out: [...shape.slice(0, -1), units],
    count: {
      formula: bias ? "F·n + n" : "F·n",
      numbers: bias ? `${F}·${units} + ${units}` : `${F}·${units}`,
      params,
      withoutBias: weights,
    },
  };
}

/** The layers whose parameters are a table per channel, feature, token or position. */
function lookups(l: LayerSpec, shape: readonly number[]): { out: number[]; count: Count } {
  switch (l.type) {
    case "batchnorm": {
      const C = shape[0] as number;
      return {
        out: [...shape],
        count: {
          formula: "2C (γ, β)",
          numbers: `2·${C}`,
          params: 2n * B(C),
          nonTrainable: 2n * B(C),
          withoutBias: B(C),
        },
      };
    }
    case "layernorm": {
      const D = last(shape);
      return {
        out: [...shape],
        count: { formula: "2D (γ, β over the last axis)", numbers: `2·${D}`, params: 2n * B(D), withoutBias: B(D) },
      };
    }
    case "embedding": {
      if (shape.length !== 1) throw new LayerError(`embedding takes T token ids; it got ${shape.join("×")}`);
      const V = get(l, "n");
      const D = get(l, "d");
      return {
        out: [shape[0] as number, D],
        count: { formula: "V·D", numbers: `${V}·${D}`, params: B(V) * B(D), withoutBias: B(V) * B(D) },
      };
    }
    default: {
      if (shape.length !== 2) throw new LayerError(`posembed adds to a sequence T × D; it got ${shape.join("×")}`);
      const L = get(l, "n");
      const D = last(shape);
      const params = B(L) * B(D);
      return { out: [...shape], count: { formula: "L·D", numbers: `${L}·${D}`, params, withoutBias: params } };
    }
  }
}

/**
 * One layer: its output shape and its count, from the input's shape. `plusOne` is 1 but for diagnosing the
 * mistake of leaving the + 1 out of a convolution's or pooling's output size (no-plus-one).
 */
export function applyLayer(l: LayerSpec, shape: readonly number[], plusOne = 1): { out: number[]; count: Count } {
  const bias = get(l, "bias", 1) !== 0;
  switch (l.type) {
    case "linear":
    case "dense":
      return dense(l, shape, bias);
    case "flatten":
      return { out: [shape.reduce((a, b) => a * b, 1)], count: zeroCount() };
    case "relu":
    case "sigmoid":
    case "tanh":
    case "gelu":
    case "softmax":
    case "dropout":
      return { out: [...shape], count: zeroCount() };
    case "batchnorm":
    case "layernorm":
    case "embedding":
    case "posembed":
      return lookups(l, shape);
    case "rnn":
    case "lstm":
    case "gru":
      return recurrent(l, shape);
    case "attention":
    case "transformer":
      return attention(l, shape, bias);
    case "conv":
    case "convtranspose":
    case "maxpool":
    case "avgpool":
    case "pool":
      return spatial(l, shape, bias, plusOne);
    default:
      throw new LayerError(`unknown layer "${l.type}"`);
  }
}

function attention(l: LayerSpec, shape: readonly number[], bias: boolean): { out: number[]; count: Count } {
  const d = get(l, "d");
  if (last(shape) !== d) throw new LayerError(`${l.type} d=${d} got a last axis of ${last(shape)}`);
  const heads = get(l, "heads", 1);
  if (d % heads !== 0) throw new LayerError(`${l.type}: d=${d} is not a multiple of heads=${heads}`);
  const [D, FF] = [B(d), B(l.type === "attention" ? 0 : get(l, "ff"))];
  const attn = 4n * D * D + (bias ? 4n * D : 0n);
  if (l.type === "attention")
    return {
      out: [...shape],
      count: {
        formula: bias ? "4(d·d + d) (W_Q, W_K, W_V, W_O and biases)" : "4·d·d",
        numbers: bias ? `4·(${d}·${d} + ${d})` : `4·${d}·${d}`,
        params: attn,
        withoutBias: 4n * D * D,
      },
    };
  const ff = get(l, "ff");
  const ffn = 2n * D * FF + (bias ? FF + D : 0n);
  const norms = bias ? 4n * D : 2n * D;
  return {
    out: [...shape],
    count: {
      formula: bias ? "4(d·d + d) + (d·ff + ff) + (ff·d + d) + 2·2d" : "4·d·d + 2·d·ff + 2d",
      numbers: bias
        ? `4·(${d}·${d} + ${d}) + (${d}·${ff} + ${ff}) + (${ff}·${d} + ${d}) + 2·2·${d}`
        : `4·${d}·${d} + 2·${d}·${ff} + 2·${d}`,
      params: attn + ffn + norms,
      withoutBias: 4n * D * D + 2n * D * FF + 2n * D,
    },
  };
}

function spatial(
  l: LayerSpec,
  shape: readonly number[],
  bias: boolean,
  plusOne: number,
): { out: number[]; count: Count } {
  if (shape.length !== 3) throw new LayerError(`${l.type} takes C × H × W; it got ${shape.join("×")}`);
  const [C, H, W] = shape as [number, number, number];
  const k = get(l, "k");
  const pool = l.type === "maxpool" || l.type === "avgpool" || l.type === "pool";
  const s = get(l, "s", pool ? k : 1);
  const d = get(l, "d", 1);
  if (l.same && s !== 1) throw new LayerError("p=same needs stride 1");
  const p = l.same ? Math.floor((d * (k - 1)) / 2) : get(l, "p", 0);
  const extra = l.same ? (d * (k - 1)) % 2 : 0;
  const outOf = (n0: number) => outSize(n0, k, s, p, d) - 1 + plusOne;
  if (pool) return { out: [C, outOf(H), outOf(W)], count: zeroCount() };
  const c = get(l, "c", C);
  const g = get(l, "g", 1);
  if (C % g !== 0 || c % g !== 0) throw new LayerError(`conv g=${g} must divide C_in = ${C} and c = ${c}`);
  if (l.type === "convtranspose") {
    const op = get(l, "op", 0);
    const o = (n0: number) => (n0 - 1) * s - 2 * p + d * (k - 1) + op + plusOne;
    const params = convParams([k, k], C, c, g, bias);
    return {
      out: [c, o(H), o(W)],
      count: {
        formula: "C_in·(c/g)·k·k + c",
        numbers: `${C}·(${c}/${g})·${k}·${k}${bias ? ` + ${c}` : ""}`,
        params,
        withoutBias: convParams([k, k], C, c, g, false),
      },
    };
  }
  const size = (n0: number) => outOf(n0 + extra);
  return {
    out: [c, size(H), size(W)],
    count: {
      formula: bias ? "(k·k·C_in/g + 1)·c" : "k·k·C_in/g·c",
      numbers: `(${k}·${k}·${C}/${g}${bias ? " + 1" : ""})·${c}`,
      params: convParams([k, k], C, c, g, bias),
      withoutBias: convParams([k, k], C, c, g, false),
    },
  };
}

export const LAYER_TYPES = [
  "linear",
  "dense",
  "flatten",
  "relu",
  "sigmoid",
  "tanh",
  "gelu",
  "softmax",
  "dropout",
  "batchnorm",
  "layernorm",
  "embedding",
  "posembed",
  "rnn",
  "lstm",
  "gru",
  "attention",
  "transformer",
  "conv",
  "convtranspose",
  "maxpool",
  "avgpool",
] as const;
export const LAYER_KEYS = [
  "n",
  "k",
  "s",
  "p",
  "d",
  "c",
  "g",
  "op",
  "h",
  "layers",
  "bidirectional",
  "bias",
  "biases",
  "heads",
  "ff",
  "repeat",
  "tied",
] as const;
export const thousands = n;
