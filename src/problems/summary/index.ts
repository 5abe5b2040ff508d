// summary (SPEC 4.17): a model's shapes and parameter counts layer by layer,
// as torchinfo or Keras's model.summary() print them, with the formula behind
// every count and the other framework's bias convention beside it.

import * as F from "../../core/formula.js";
import {
  applyLayer,
  type Count,
  LAYER_KEYS,
  LAYER_TYPES,
  LayerError,
  type LayerSpec,
  thousands,
} from "../../core/layers.js";
import type { Rng } from "../../core/random.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import type { AnswerGroup, Cell, DerivationLine, Solution, Step, Value } from "../../solution.js";
import { lettered } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

/** Layers after repeat=N is expanded, at most. */
const MAX_SUMMARY_LAYERS = 10_000;
/** Layers written out as steps; past it the table holds them. */
const STEPS_SHOWN = 40;

interface SummaryInput {
  shape: number[];
  layers: Array<LayerSpec & { label: string }>;
  text: string;
}

interface Row {
  spec: LayerSpec & { label: string };
  shape: number[];
  count: Count;
}

const fields: Record<string, FieldSpec> = {
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
  text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)
    .forEach((part, i) => {
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

function validate(f: Fields): SummaryInput | undefined {
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

function rowsOf(input: SummaryInput): Row[] {
  const rows: Row[] = [];
  let shape = input.shape;
  for (const spec of input.layers) {
    try {
      const { out, count } = applyLayer(spec, shape);
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

const shapeText = (s: readonly number[]) => s.join("×");
const int = (v: number) => sc.frac(v);

function layerLine(r: Row, prev: readonly number[]): DerivationLine {
  const c = r.count;
  const other = c.other ? `; ${c.other.convention} counts ${thousands(c.other.params)}` : "";
  const rule =
    c.params === 0 && c.formula === "0" ? "no parameters" : `${c.formula} = ${c.numbers} = ${thousands(c.params)}`;
  const buffers = c.nonTrainable ? `; + ${thousands(c.nonTrainable)} running mean and variance, not trained` : "";
  const axis =
    (r.spec.type === "linear" || r.spec.type === "dense") && prev.length > 1
      ? "; on the last axis, as PyTorch's Linear"
      : "";
  return {
    formula: F.text(`${r.spec.type}: ${shapeText(prev)} → ${shapeText(r.shape)}`),
    reason: `${rule}${buffers}${other}${axis}`,
  };
}

function solve(input: SummaryInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const rows = rowsOf(input);
  const params = rows.reduce((s, r) => s + r.count.params, 0);
  const nonTrainable = rows.reduce((s, r) => s + (r.count.nonTrainable ?? 0), 0);
  const steps: Step[] = [];
  const prevs = [input.shape, ...rows.map((r) => r.shape)];
  steps.push({
    title: "Each layer: its output shape and its parameters",
    derivation: rows.slice(0, STEPS_SHOWN).map((r, i) => layerLine(r, prevs[i] as number[])),
    answerFields: ["layers"],
    notes:
      rows.length > STEPS_SHOWN
        ? [`the first ${STEPS_SHOWN} of ${rows.length} layers written out; the table holds them all`]
        : [],
  });
  steps.push({
    title: "The summary",
    tables: [
      {
        columns: [
          { header: "#", cells: rows.map((_, i) => int(i + 1)) as Cell[] },
          { header: "layer", cells: rows.map((r) => r.spec.type) },
          { header: "output", cells: rows.map((r) => shapeText(r.shape)) },
          { header: "params", cells: rows.map((r) => int(r.count.params)) as Cell[] },
        ],
      },
    ],
    answerFields: ["output", "params", "nonTrainable"],
    notes: [
      `trainable ${thousands(params)}, not trained ${thousands(nonTrainable)}; ` +
        `in float32 the parameters take ${(((params + nonTrainable) * 4) / 1e6).toFixed(2)} MB (4 bytes each)`,
    ],
  });
  const layers: AnswerGroup[] = rows.map((r) => ({
    type: r.spec.type,
    shape: r.shape.map(int) as Value,
    params: int(r.count.params),
  }));
  return {
    problem: "summary",
    title: `A model of ${rows.length} layer${rows.length === 1 ? "" : "s"} on ${shapeText(input.shape)}`,
    input: { shape: shapeText(input.shape), layers: input.text },
    summary: `${thousands(params)} trainable parameters, ${thousands(nonTrainable)} not trained`,
    steps,
    answer: {
      output: rows[rows.length - 1]?.shape.map(int) as Value,
      params: int(params),
      nonTrainable: int(nonTrainable),
      layers,
    },
    unlisted: ["layers"],
    warnings: [],
  };
}

function symbolicSolution(): Solution {
  const line = (formula: string, reason: string): DerivationLine => ({ formula: F.text(formula), reason });
  return {
    problem: "summary",
    title: "Counting a model's parameters, in symbols",
    input: {},
    steps: [
      {
        title: "Per layer",
        derivation: [
          line("linear: F·n + n", "a weight per input and output, a bias per output"),
          line("conv: (k·k·C_in/g + 1)·c", "a k×k kernel over C_in/g channels per filter, a bias each"),
          line("lstm: 4·(H·F + H·H + 2H)", "four gates; PyTorch has b_ih and b_hh (2H), Keras one bias (H)"),
          line("gru: 3·(H·F + H·H + 2H)", "three gates; rnn: one"),
          line("embedding: V·D", "a D-vector per token"),
          line("attention: 4(d·d + d)", "W_Q, W_K, W_V, W_O and their biases"),
          line("transformer: 4(d·d + d) + 2·d·ff + ff + d + 4d", "attention, the feed-forward pair, two layer norms"),
          line("batchnorm: 2C (+ 2C not trained)", "γ, β; the running mean and variance are buffers"),
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: SummaryInput | undefined, _sol: Solution): Mistake[] {
  if (!input) return [];
  const rows = rowsOf(input);
  const out: Mistake[] = [
    {
      id: "no-bias-params",
      answer: { params: int(rows.reduce((s, r) => s + r.count.withoutBias, 0)) },
      says: (field, v) => `your ${field} ${v} counts the weights without the biases`,
    },
  ];
  if (rows.some((r) => r.count.other)) {
    const otherTotal = rows.reduce((s, r) => s + (r.count.other?.params ?? r.count.params), 0);
    const keras = rows.find((r) => r.count.other)?.count.other?.convention.startsWith("one") === true;
    out.push({
      id: keras ? "one-bias" : "two-biases",
      answer: { params: int(otherTotal) },
      says: (field, v) =>
        keras
          ? `your ${field} ${v} counts one bias per gate, as Keras; PyTorch's recurrent layers have two (b_ih and b_hh)`
          : `your ${field} ${v} counts two biases per gate, as PyTorch; with biases=1 there is one, as Keras counts`,
    });
  }
  return out;
}

const practice: PracticeGenerator = {
  guarantee:
    "a small CNN on a square image or an LSTM over a sequence, whole-number sizes whose counts stay below a million",
  generate(rng: Rng) {
    if (rng.pick([true, false])) {
      const [c1, c2] = [rng.pick([8, 16, 32]), rng.pick([16, 32, 64])];
      const layers = [
        `conv k=3 p=1 c=${c1}`,
        "relu",
        "maxpool k=2",
        `conv k=3 p=1 c=${c2}`,
        "relu",
        "maxpool k=2",
        "flatten",
        "linear 10",
      ].join("; ");
      return {
        input: { shape: "1,28,28", layers },
        statement: [
          `A CNN takes 28×28 grey-scale images: ${layers.replace(/; /g, ", ")}.`,
          ...lettered(["Give each layer's output shape.", "Count each layer's parameters and the total."]),
        ],
      };
    }
    const [h, F] = [rng.pick([16, 32, 64, 100]), rng.pick([8, 10, 25])];
    return {
      input: { shape: `20,${F}`, layers: `lstm h=${h}; linear 1` },
      statement: [
        `An LSTM with ${h} units reads sequences of 20 steps of ${F} features; ` +
          "a linear layer maps each state to one output.",
        ...lettered([
          "How many parameters has the LSTM, as PyTorch counts them? As Keras counts them?",
          "And the whole model?",
        ]),
      ],
    };
  },
};

export const summary = defineProblem<SummaryInput | undefined>({
  name: "summary",
  summary:
    "a model's shapes and parameter counts layer by layer (dense, conv, recurrent, attention, transformer, " +
    "embedding, " +
    "norms), each count as a formula with its numbers and the other framework's bias convention beside it",
  fields,
  answers: {
    output: "the shape after the last layer",
    params: "the trainable parameters in all",
    nonTrainable: "the buffers that are not trained (batchnorm's running statistics)",
    layers: "per layer: type, shape, params",
  },
  expectExample: `summary --shape 10,25 --layers "lstm h=100" --expect '{"params": 50800, "output": [10, 100]}'`,
  examples: [
    'summary --shape 10,25 --layers "lstm h=100"',
    'summary --shape 1,28,28 --layers "conv k=5 c=6; relu; maxpool k=2; conv k=5 c=16; relu; maxpool k=2; ' +
      'flatten; linear 120; linear 84; linear 10"',
    'summary --shape 10 --layers "embedding n=5000 d=64; transformer d=64 heads=2 ff=128 repeat=2; linear 5000" --json',
    "summary",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
