// init (SPEC 4.19): the scale of a weight initialisation as torch.nn.init
// computes it — the gain, the fans, the variance (exact where it is rational),
// the standard deviation and the uniform bound — with the variance argument.
import * as F from "../../core/formula.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import type { AnswerValue, Solution, Step } from "../../solution.js";
import { lettered } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

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

interface InitInput {
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

const fields: Record<string, FieldSpec> = {
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

function validate(f: Fields): InitInput | undefined {
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

/** Var(w) = gain²·2/(fan_in + fan_out) (Xavier), gain²/fan (He, LeCun). */
function varianceOf(input: InitInput, mode = input.mode): Scalar {
  if (input.family === "xavier")
    return sc.div(sc.mul(input.gain2, sc.frac(2)), sc.frac(input.fanIn + (input.fanOut as number)));
  const fan = input.family === "lecun" || mode === "fan-in" ? input.fanIn : (input.fanOut as number);
  return sc.div(input.gain2, sc.frac(fan));
}

function solve(input: InitInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const variance = varianceOf(input);
  const std = sc.sqrt(variance);
  const gain = sc.sqrt(input.gain2);
  const bound = sc.mul(sc.sqrt(sc.frac(3)), std);
  const fan =
    input.family === "xavier"
      ? "(fan_in + fan_out)/2"
      : input.family === "he" && input.mode === "fan-out"
        ? "fan_out"
        : "fan_in";
  const fanValue =
    input.family === "xavier"
      ? sc.frac(input.fanIn + (input.fanOut as number), 2)
      : sc.frac(input.family === "he" && input.mode === "fan-out" ? (input.fanOut as number) : input.fanIn);
  const steps: Step[] = [
    {
      title: "The gain and the fan",
      derivation: [
        { formula: F.eq(F.sym("gain"), F.num(gain)), reason: input.gainText },
        {
          formula: F.eq(F.sym(fan, `\\mathrm{${fan.replace(/_/g, "\\_")}}`), F.num(fanValue)),
          reason: `fan_in = ${input.fanIn}${input.fanOut === undefined ? "" : `, fan_out = ${input.fanOut}`}`,
        },
      ],
    },
    {
      title: "The variance and the standard deviation",
      formula: F.eq(F.sym("Var(w)"), F.fracF(F.pow(F.sym("gain"), F.num(2)), F.sym("fan"))),
      substitution: [F.fracF(F.num(input.gain2), F.num(fanValue))],
      value: variance,
      answerFields: ["variance", "std", "gain", "fanIn", "fanOut"],
      notes: [
        F.juxt(F.text("std = √Var(w) = "), F.num(std)),
        "why: z = Σⱼ wⱼxⱼ over fan_in inputs has Var(z) = fan_in·Var(w)·Var(x); Var(w) = 1/fan_in keeps it " +
          "(gain² makes up what the nonlinearity removes: 2 for relu, which zeroes half)",
      ],
    },
  ];
  if (input.uniform)
    steps.push({
      title: "The uniform bound: U(−a, a) has variance a²/3",
      formula: F.eq(F.sym("a"), F.juxt(F.sqrtF(F.num(3)), F.sym("std"))),
      substitution: [F.juxt(F.sqrtF(F.num(3)), F.num(std))],
      value: bound,
      answerFields: ["bound"],
    });
  const answer: Record<string, AnswerValue> = {
    std,
    variance,
    ...(input.uniform ? { bound } : {}),
    gain,
    fanIn: sc.frac(input.fanIn),
    ...(input.fanOut === undefined ? {} : { fanOut: sc.frac(input.fanOut) }),
  };
  return {
    problem: "init",
    title: `${input.scheme} initialisation`,
    input: {
      scheme: input.scheme,
      fanIn: sc.frac(input.fanIn),
      ...(input.fanOut === undefined ? {} : { fanOut: sc.frac(input.fanOut) }),
    },
    summary: `${input.scheme}, ${input.gainText}`,
    steps,
    answer,
    warnings: [],
  };
}

function symbolicSolution(): Solution {
  const line = (formula: string, reason: string) => ({ formula: F.text(formula), reason });
  return {
    problem: "init",
    title: "Weight initialisations, in symbols",
    input: {},
    steps: [
      {
        title: "The schemes",
        derivation: [
          line("Xavier: Var(w) = gain²·2/(fan_in + fan_out)", "keeps the variance forward and backward, on average"),
          line("He: Var(w) = gain²/fan (gain² = 2 for relu)", "fan_in by default, fan_out with mode fan-out"),
          line("LeCun: Var(w) = 1/fan_in", "SELU's choice"),
          line("uniform: a = √3·std", "U(−a, a) has variance a²/3"),
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: InitInput | undefined, _sol: Solution): Mistake[] {
  if (!input || input.family === "lecun") return [];
  const other =
    input.family === "xavier"
      ? sc.div(input.gain2, sc.frac(input.fanIn))
      : input.fanOut === undefined
        ? undefined
        : varianceOf(input, input.mode === "fan-in" ? "fan-out" : "fan-in");
  if (other === undefined) return [];
  return [
    {
      id: "wrong-fan",
      answer: { variance: other, std: sc.sqrt(other) },
      says: (field, v) =>
        input.family === "xavier"
          ? `your ${field} ${v} divides by fan_in alone (LeCun's); Xavier averages the fans: 2/(fan_in + fan_out)`
          : `your ${field} ${v} uses the other fan; He uses ${input.mode === "fan-in" ? "fan_in" : "fan_out"} here`,
    },
  ];
}

const practice: PracticeGenerator = {
  guarantee: "whole-number fans, so the variance is an exact fraction (and the std exact where it is a perfect square)",
  generate(rng: Rng) {
    const fanIn = rng.pick([8, 18, 32, 50, 128]);
    const fanOut = rng.pick([16, 64, 100]);
    const scheme = rng.pick(["he-normal", "xavier-uniform"]);
    return {
      input: { scheme, fanIn, fanOut },
      statement: [
        `A layer with ${fanIn} inputs and ${fanOut} outputs per unit is initialised with ${scheme}.`,
        ...lettered([
          "Give the variance and the standard deviation of its weights.",
          "Why this variance? What would the other fan give?",
        ]),
      ],
    };
  },
};

export const init = defineProblem<InitInput | undefined>({
  name: "init",
  summary:
    "the scale of a weight initialisation (Xavier, He, LeCun) as torch.nn.init computes it, with the variance argument",
  fields,
  answers: {
    std: "the standard deviation",
    variance: "the variance (exact where rational)",
    bound: "uniform schemes: a = √3·std",
    gain: "the gain",
    fanIn: "the fan-in",
    fanOut: "the fan-out",
  },
  expectExample: `init --scheme he-normal --fan-in 50 --fan-out 10 --expect '{"std": 0.2, "variance": 0.04}'`,
  examples: [
    "init --scheme he-normal --fan-in 50 --fan-out 10",
    "init --scheme xavier-uniform --fan-in 64 --fan-out 100 --nonlinearity tanh",
    'init --scheme he-normal --layer "conv k=3 c=64" --channels 16 --json',
    "init",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
