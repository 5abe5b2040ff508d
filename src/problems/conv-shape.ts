// conv-shape: output sizes, parameters, multiply-accumulates and receptive
// fields through a stack of 2-D convolution and pooling layers, in integers.
import { convStack, type DimensionResult, type Layer, type LayerResult, type LayerType } from "../core/conv.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import * as sc from "../core/scalar.js";
import { fieldError, jsonKind } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { didYouMean } from "../input/suggest.js";
import type { AnswerGroup, AnswerValue, Solution, Step } from "../solution.js";
import { ix, lettered } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

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
/** Past this many layers, each gets a row of the table but no step of its own. */
const MAX_LAYER_STEPS = 12;

type Pair = [number, number];

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
  return text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part, i) => {
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

function validate(fields: Fields): ConvInput {
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
  if (rawLayers.length > MAX_LAYERS)
    throw fieldError(raw.label, `has ${rawLayers.length} layers, more than the ${MAX_LAYERS} allowed`);
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

const n = F.sym("n");
const k = F.sym("k");
const s = F.sym("s");
const p = F.sym("p");
const d = F.sym("d");
const r = F.sym("r");
const j = F.sym("j");
const floor = (x: Formula) => F.juxt(F.sym("⌊", "\\lfloor "), x, F.sym("⌋", "\\rfloor "));
const outFormula = F.eq(
  F.sym("out"),
  F.plus(
    floor(F.fracF(F.minus(F.minus(F.plus(n, F.juxt(F.num(2), p)), F.juxt(d, F.minus(k, F.num(1)))), F.num(1)), s)),
    F.num(1),
  ),
);

function formulaStep(): Step {
  const cin = ix(F.sym("C"), F.sym("in"));
  const cout = ix(F.sym("C"), F.sym("out"));
  const g = F.sym("g");
  return {
    title: "The formulas",
    derivation: [
      { formula: outFormula, reason: "per dimension: n in, kernel k, stride s, padding p (each side), dilation d" },
      {
        formula: F.eq(
          F.sym("params"),
          F.juxt(F.plus(F.fracF(F.juxt(ix(k, F.sym("h")), ix(k, F.sym("w")), cin), g), F.sym("bias")), cout),
        ),
        reason: "a convolution; pooling has none",
      },
      {
        formula: F.eq(
          F.sym("MACs"),
          F.juxt(
            ix(k, F.sym("h")),
            ix(k, F.sym("w")),
            F.fracF(cin, g),
            cout,
            ix(F.sym("H"), F.sym("out")),
            ix(F.sym("W"), F.sym("out")),
          ),
        ),
        reason: "multiply-accumulates of a convolution (pooling counts 0)",
      },
      {
        formula: F.eq(r, F.plus(r, F.juxt(F.minus(k, F.num(1)), d, j))),
        reason: "receptive field, from r = 1 at the input",
      },
      { formula: F.eq(j, F.juxt(j, s)), reason: "jump: input pixels between neighbouring outputs, from j = 1" },
    ],
  };
}

const dims = (pairv: Pair) => (pairv[0] === pairv[1] ? String(pairv[0]) : `${pairv[0]}×${pairv[1]}`);

function layerName(l: Layer): string {
  const parts = [`${l.type} ${dims(l.kernel)}`];
  if (l.stride[0] !== 1 || l.stride[1] !== 1) parts.push(`stride ${dims(l.stride)}`);
  if (l.padding[0] !== 0 || l.padding[1] !== 0) parts.push(`padding ${dims(l.padding)}`);
  if (l.dilation[0] !== 1 || l.dilation[1] !== 1) parts.push(`dilation ${dims(l.dilation)}`);
  if (l.type === "conv") {
    if (l.groups !== 1) parts.push(`${l.groups} groups`);
    parts.push(`${l.out ?? "its input's"} channels${l.bias ? "" : ", no bias"}`);
  }
  return parts.join(", ");
}

/** One dimension's output size with the numbers in, and a note when the last window drops rows or columns. */
function sizeSubstitution(l: Layer, dim: DimensionResult, a: 0 | 1): Formula[] {
  const num = (v: number) => F.num(sc.frac(v));
  const inner = F.minus(
    F.minus(
      F.plus(num(dim.input), F.juxt(F.num(2), num(l.padding[a]))),
      F.juxt(num(l.dilation[a]), F.minus(num(l.kernel[a]), F.num(1))),
    ),
    F.num(1),
  );
  return [
    F.plus(floor(F.fracF(inner, num(l.stride[a]))), F.num(1)),
    F.plus(floor(F.fracF(num(dim.numerator), num(l.stride[a]))), F.num(1)),
  ];
}

function layerStep(r: LayerResult, i: number): Step {
  const l = r.layer;
  const [hd, wd] = r.dims;
  const same =
    hd.input === wd.input &&
    l.kernel[0] === l.kernel[1] &&
    l.stride[0] === l.stride[1] &&
    l.padding[0] === l.padding[1] &&
    l.dilation[0] === l.dilation[1];
  const notes: Array<string | Formula> = [];
  const dropNote = (dim: DimensionResult, what: string) => {
    if (dim.dropped > 0)
      notes.push(
        `${dim.numerator} is not a multiple of the stride: the last ${dim.dropped} ${what}` +
          `${dim.dropped > 1 ? "s are" : " is"} not covered by any window`,
      );
  };
  dropNote(hd, "row");
  if (!same) dropNote(wd, "column");
  if (l.type === "conv") {
    const g = l.groups;
    notes.push(
      `params = (${l.kernel[0]}·${l.kernel[1]}·${r.inChannels}${g > 1 ? `/${g}` : ""}${l.bias ? " + 1" : ""})` +
        `·${r.channels} = ${r.params}`,
    );
    notes.push(
      `MACs = ${l.kernel[0]}·${l.kernel[1]}·${r.inChannels / g}·${r.channels}·${hd.output}·${wd.output} = ${r.macs}`,
    );
  } else {
    notes.push(`a ${l.type} layer has no parameters and keeps the ${r.channels} channels`);
  }
  notes.push(`receptive field ${dims([hd.receptiveField, wd.receptiveField])}, jump ${dims([hd.jump, wd.jump])}`);
  return {
    title: `Layer ${i + 1}: ${layerName(l)}`,
    formula: outFormula,
    substitution: sizeSubstitution(l, hd, 0),
    value: sc.frac(hd.output),
    notes: same
      ? [`the same for the width: ${r.channels} × ${hd.output} × ${wd.output}`, ...notes]
      : [
          `width: ⌊${wd.numerator}/${l.stride[1]}⌋ + 1 = ${wd.output}; ` +
            `the output is ${r.channels} × ${hd.output} × ${wd.output}`,
          ...notes,
        ],
  };
}

function tableStep(input: ConvInput, results: LayerResult[]): Step {
  const frac = (v: number) => sc.frac(v);
  return {
    title: "Every layer",
    answerFields: ["layers"],
    tables: [
      {
        columns: [
          { header: "layer", cells: ["input", ...results.map((r, i) => `${i + 1}. ${layerName(r.layer)}`)] },
          {
            header: "C × H × W",
            cells: [
              `${input.channels} × ${input.size[0]} × ${input.size[1]}`,
              ...results.map((r) => `${r.channels} × ${r.dims[0].output} × ${r.dims[1].output}`),
            ],
          },
          { header: "params", cells: [null, ...results.map((r) => frac(r.params))] },
          { header: "MACs", cells: [null, ...results.map((r) => frac(r.macs))] },
          {
            header: "receptive field",
            cells: ["1", ...results.map((r) => dims([r.dims[0].receptiveField, r.dims[1].receptiveField]))],
          },
          { header: "jump", cells: ["1", ...results.map((r) => dims([r.dims[0].jump, r.dims[1].jump]))] },
        ],
      },
    ],
  };
}

function symbolicSolution(): Solution {
  return {
    problem: "conv-shape",
    title: "Convolution shapes, in symbols",
    input: {},
    summary: 'give --size and --layers (e.g. "conv k=3 p=1 c=16; pool k=2") for numbers',
    steps: [formulaStep()],
    answer: {},
    warnings: [],
  };
}

function solve(input: ConvInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const results = convStack(input.size, input.channels, input.layers);
  const last = results[results.length - 1] as LayerResult;
  const params = results.reduce((t, r) => t + r.params, 0);
  const macs = results.reduce((t, r) => t + r.macs, 0);
  const steps: Step[] = [formulaStep()];
  if (results.length <= MAX_LAYER_STEPS) steps.push(...results.map(layerStep));
  steps.push(tableStep(input, results), {
    title: "Totals",
    answerFields: ["output", "params", "macs"],
    notes: [
      `output ${last.channels} × ${last.dims[0].output} × ${last.dims[1].output}`,
      `parameters ${params} (${results.filter((r) => r.layer.type === "conv").length} convolution layers)`,
      `multiply-accumulates ${macs}`,
    ],
  });
  const frac = (v: number) => sc.frac(v);
  return {
    problem: "conv-shape",
    title:
      `${results.length} layer${results.length > 1 ? "s" : ""} on a ` +
      `${input.channels} × ${input.size[0]} × ${input.size[1]} input`,
    input: { size: input.size.map(frac), channels: frac(input.channels), layers: input.text },
    summary: "integers throughout; PyTorch's floor mode for the output sizes",
    steps,
    answer: answerOf(results),
    warnings: [],
  };
}

/** The answer fields of a computed stack. */
function answerOf(results: readonly LayerResult[]): Record<string, AnswerValue> {
  const frac = (v: number) => sc.frac(v);
  const last = results[results.length - 1] as LayerResult;
  const layers: AnswerGroup[] = results.map((r) => ({
    shape: [r.channels, r.dims[0].output, r.dims[1].output].map(frac),
    params: frac(r.params),
    macs: frac(r.macs),
    receptiveField: [r.dims[0].receptiveField, r.dims[1].receptiveField].map(frac),
    jump: [r.dims[0].jump, r.dims[1].jump].map(frac),
  }));
  return {
    output: [last.channels, last.dims[0].output, last.dims[1].output].map(frac),
    params: frac(results.reduce((t, r) => t + r.params, 0)),
    macs: frac(results.reduce((t, r) => t + r.macs, 0)),
    layers,
  };
}

/** The answer with the layers changed as a mistake changes them; undefined when that stack cannot be computed. */
function answerWith(
  input: ConvInput,
  change: (l: Layer) => Layer,
  variant: { noPlusOne?: boolean } = {},
): Record<string, AnswerValue> | undefined {
  const results = convStack(input.size, input.channels, input.layers.map(change), variant);
  // the mistaken sizes leave no output (below 1): nothing to compare
  if (results.some((r) => r.dims.some((d) => d.output < 1))) return undefined;
  return answerOf(results);
}

/** SPEC 6.2 for conv-shape: padding added once, the + 1 left out, biases not counted. */
function mistakes(input: ConvInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [];
  const padded = input.layers.some((l) => l.padding[0] > 0 || l.padding[1] > 0);
  const once = padded
    ? answerWith(input, (l) => ({ ...l, padding: [l.padding[0] / 2, l.padding[1] / 2] as [number, number] }))
    : undefined;
  if (once) {
    out.push({
      id: "padding-once",
      answer: once,
      says: (field, given) => `your ${field} ${given} adds the padding once (n + p); it goes on both sides: n + 2p`,
    });
  }
  const minusOne = answerWith(input, (l) => l, { noPlusOne: true });
  if (minusOne) {
    out.push({
      id: "no-plus-one",
      answer: { output: minusOne.output as AnswerValue, layers: minusOne.layers as AnswerValue },
      says: (field, given) =>
        `your ${field} ${given} leaves out the + 1: out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 counts the first window too`,
    });
  }
  const biased = input.layers.some((l) => l.type === "conv" && l.bias);
  const noBias = biased ? answerWith(input, (l) => ({ ...l, bias: false })) : undefined;
  if (noBias) {
    out.push({
      id: "no-bias-params",
      answer: { params: noBias.params as AnswerValue, layers: noBias.layers as AnswerValue },
      says: (field, given) => `your ${field} ${given} leaves out the biases: one per output channel of each conv`,
    });
  }
  return out;
}

/** Layers a practice stack draws from: as --layers writes them, and as a statement words them (C: channels). */
const PRACTICE_LAYERS: ReadonlyArray<{ text: string; words: string; k: number; s: number; p: number }> = [
  { text: "conv k=3 p=1 c=C", words: "conv 3×3, C filters, stride 1, padding 1", k: 3, s: 1, p: 1 },
  { text: "conv k=5 p=2 c=C", words: "conv 5×5, C filters, stride 1, padding 2", k: 5, s: 1, p: 2 },
  { text: "conv k=3 c=C", words: "conv 3×3, C filters, stride 1, no padding", k: 3, s: 1, p: 0 },
  { text: "conv k=5 c=C", words: "conv 5×5, C filters, stride 1, no padding", k: 5, s: 1, p: 0 },
  { text: "conv k=3 s=2 p=1 c=C", words: "conv 3×3, C filters, stride 2, padding 1", k: 3, s: 2, p: 1 },
  { text: "conv k=1 c=C", words: "conv 1×1, C filters", k: 1, s: 1, p: 0 },
  { text: "pool k=2", words: "max-pool 2×2, stride 2", k: 2, s: 2, p: 0 },
];

/** Practice (SPEC 4.12): a short stack whose sizes divide exactly. */
const practice: PracticeGenerator = {
  guarantee:
    "2 or 3 layers on a 28, 32 or 64 square input, each with n + 2p − k divisible by its stride: no rows or " +
    "columns dropped, every size whole",
  generate(rng) {
    const size = rng.pick([28, 32, 64]);
    const channels = rng.pick([1, 3]);
    const chosen: Array<{ text: string; words: string }> = [];
    let n = size;
    const count = rng.int(2, 3);
    while (chosen.length < count) {
      const layer = rng.pick(PRACTICE_LAYERS);
      const numerator = n + 2 * layer.p - layer.k;
      if (numerator < 0 || numerator % layer.s !== 0) continue;
      const c = String(rng.pick([8, 16, 32, 64]));
      chosen.push({ text: layer.text.replace("C", c), words: layer.words.replace("C", c) });
      n = numerator / layer.s + 1;
    }
    return {
      input: { size, channels, layers: chosen.map((l) => l.text).join("; ") },
      statement: [
        `An input of ${channels} × ${size} × ${size} (channels × height × width) goes through, in order: ` +
          `${chosen.map((l) => l.words).join("; ")}. Every convolution has a bias.`,
        ...lettered([
          "Give the output shape after each layer.",
          "Count the parameters of each layer and in total.",
          "Give the receptive field of one unit of the last layer on the input.",
        ]),
      ],
    };
  },
};

export const convShape = defineProblem<ConvInput>({
  name: "conv-shape",
  summary: "shapes, parameters, multiply-accumulates and receptive fields through a stack of conv and pooling layers",
  fields: {
    size: { kind: "numberOrList", help: "the input height and width: one number, or H,W" },
    channels: { kind: "count", help: "input channels (default 1)" },
    layers: {
      kind: "raw",
      help: '"conv k=3 p=1 c=16; pool k=2" (keys k s p d c g bias; HxW allowed), or a JSON array of layer objects',
    },
  },
  answers: {
    output: "[C, H, W] after the last layer",
    params: "the total number of parameters",
    macs: "the total multiply-accumulates",
    layers: "per layer: shape [C, H, W], params, macs, receptiveField [h, w], jump [h, w]",
  },
  expectExample: `conv-shape --size 28 --layers "conv k=5 c=6; pool k=2" --expect '{"output": [6, 12, 12]}'`,
  examples: [
    "conv-shape",
    'conv-shape --size 28 --layers "conv k=5 c=6; pool k=2; conv k=5 c=16; pool k=2"',
    'conv-shape --size 32 --channels 3 --layers "conv k=3 p=1 c=16; conv k=3 s=2 c=32 d=2 g=2 bias=0"',
    'conv-shape --size 224,20 --layers "conv k=3x1 c=8; avgpool k=2"',
  ],
  validate,
  solve,
  mistakes,
  practice,
});
