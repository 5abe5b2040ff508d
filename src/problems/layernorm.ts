// layernorm: each sample normalised over its own D features — batchnorm's
// statistics along the other axis (problems/normalization.ts serves both).
import type { Chart } from "../chart.js";
import type { BatchnormBackward } from "../core/backprop.js";
import { batchnormBackward } from "../core/backprop.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import { checkedCoordinates, FD_COORDINATES, gradcheckRow, partialDifference } from "../core/gradcheck.js";
import { normalized } from "../core/normalize.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import * as stats from "../core/stats.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_GROUPS } from "../limits.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step, type Value } from "../solution.js";
import { cleanDeviations, exactnessNote, gradcheckStep, ix, lettered, matrixText, withinExactLimit } from "./common.js";
import {
  affine,
  eachEntry,
  type GroupSettings,
  groupResult,
  groupSymbols,
  MAX_GROUP_STEPS,
  type NormalizedGroup,
  normalisationPlots,
  normalizedGroup,
  ofGroup,
  SAMPLE_AXIS,
  sharedMistakes,
  statisticsSteps,
  statisticsTable,
} from "./normalization.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

export interface LayernormInput {
  /** No x: the derivation in symbols. */
  symbolic: boolean;
  /** One row per sample (a vector x is one sample). */
  rows: Scalar[][];
  matrix: boolean;
  /** γ and β per feature (D values each). */
  gamma: Scalar[];
  beta: Scalar[];
  gammaPerFeature: boolean;
  betaPerFeature: boolean;
  eps: Scalar;
  /** ÷ D (layer norm's own, default) or ÷ (D − 1). */
  variance: stats.VarianceKind;
  label: string;
  dLdy?: Scalar[][];
}

type SampleResult = NormalizedGroup;

const D = F.sym("D");
const xij = (base: Formula) => ix(base, F.juxt(S.i, S.j));
const gj = ix(S.gamma, S.j);
const bj = ix(S.beta, S.j);
const dL = (wrt: Formula) => F.partial(S.L, wrt);
const normaliseFormula = F.eq(xij(S.xhat), F.fracF(F.minus(xij(S.x), ix(S.mu, S.i)), ix(S.sigma, S.i)));
const scaleFormula = F.eq(xij(S.y), F.plus(F.juxt(gj, xij(S.xhat)), bj));

/** γ or β: one number for every feature, or one per feature (D values). */
function perFeature(fields: Fields, name: string, fallback: Scalar, features: number): [Scalar[], boolean] {
  const v = fields.numberOrList(name);
  if (v === undefined) return [Array(features).fill(fallback), false];
  if (!Array.isArray(v)) return [Array(features).fill(v), false];
  if (v.length !== features) throw fieldError(fields.label(name), `has ${v.length} values, x has ${features} features`);
  return [v, true];
}

function validate(fields: Fields): LayernormInput {
  const x = fields.vectorOrMatrix("x");
  const eps = fields.number("eps") ?? sc.frac(0);
  const variance = (fields.choice("variance") ?? "biased") as stats.VarianceKind;
  if (sc.sign(eps) < 0) throw fieldError(fields.label("eps"), "must be ≥ 0");
  const empty = { gamma: [], beta: [], gammaPerFeature: false, betaPerFeature: false, eps, variance, label: "x" };
  if (!x) {
    if (fields.has("dLdy")) throw fields.missing("x", "one sample's features, or an N × D matrix");
    return { symbolic: true, rows: [], matrix: false, ...empty };
  }
  let rows = x.kind === "matrix" ? x.m : [x.v];
  if (variance === "unbiased" && (rows[0] as Scalar[]).length < 2)
    throw fieldError(fields.label("variance"), "unbiased variance divides by D − 1 and needs at least 2 features");
  if (rows.length > MAX_GROUPS) {
    throw fieldError(
      fields.label("x"),
      `has ${rows.length} samples, more than the ${MAX_GROUPS} layernorm normalises separately`,
    );
  }
  const features = (rows[0] as Scalar[]).length;
  const [gamma, gammaPerFeature] = perFeature(fields, "gamma", sc.frac(1), features);
  const [beta, betaPerFeature] = perFeature(fields, "beta", sc.frac(0), features);
  let dLdy: Scalar[][] | undefined;
  const g = fields.vectorOrMatrix("dLdy");
  if (g) {
    const gRows = g.kind === "matrix" ? g.m : [g.v];
    if (g.kind !== x.kind || gRows.length !== rows.length || (gRows[0] as Scalar[]).length !== features) {
      throw fieldError(fields.label("dLdy"), `needs the shape of x (${rows.length} × ${features})`);
    }
    dLdy = withinExactLimit(gRows, 2 * rows.length * features);
  }
  rows = withinExactLimit(rows, rows.length * features * (dLdy ? 2 : 1));
  return {
    symbolic: false,
    rows,
    matrix: x.kind === "matrix",
    gamma,
    beta,
    gammaPerFeature,
    betaPerFeature,
    eps,
    variance,
    label: fields.label("x"),
    ...(dLdy ? { dLdy } : {}),
  };
}

function sampleSettings(input: LayernormInput, i: number): GroupSettings {
  return {
    axis: SAMPLE_AXIS,
    group: input.matrix ? i : undefined,
    eps: input.eps,
    variance: input.variance,
    label: input.label,
    answers: i === 0,
    varianceNote:
      input.variance === "biased"
        ? "biased variance: divide by D, the number of features, as layer norm does"
        : "unbiased variance: divide by D − 1, as asked (layer norm itself divides by D)",
  };
}

function sampleResults(input: LayernormInput, steps: Step[]): SampleResult[] {
  const many = input.rows.length > MAX_GROUP_STEPS;
  const results = input.rows.map((xs, i) => {
    const r = many ? groupResult(xs, sampleSettings(input, i)) : statisticsSteps(xs, sampleSettings(input, i), steps);
    const xhat = normalized(r.deviations, r.std);
    const y = xhat.map((h, j) => sc.add(sc.mul(input.gamma[j] as Scalar, h), input.beta[j] as Scalar));
    return normalizedGroup(r, xhat, y);
  });
  if (many) steps.push(statisticsTable(results, sampleSettings(input, 0)));
  return results;
}

/** One sample: x̂ and y substituted feature by feature, and their table. */
function vectorSteps(input: LayernormInput, r: SampleResult): Step[] {
  const xs = input.rows[0] as Scalar[];
  const s = groupSymbols(SAMPLE_AXIS, undefined);
  const n = F.num;
  const scale = F.eq(ix(S.y, S.j), F.plus(F.juxt(gj, ix(S.xhat, S.j)), bj));
  return [
    {
      title: "Normalise",
      answerFields: ["xhat"],
      formula: s.normaliseFormula,
      substitution: [F.listOf(xs.length, (j) => F.fracF(F.minus(n(xs[j] as Scalar), n(r.mean)), n(r.std)))],
      value: r.xhat,
    },
    {
      title: "Scale and shift, per feature",
      answerFields: ["y"],
      formula: scale,
      substitution: [
        F.listOf(xs.length, (j) =>
          F.plus(F.times(n(input.gamma[j] as Scalar), n(r.xhat[j] as Scalar)), n(input.beta[j] as Scalar)),
        ),
      ],
      value: r.y,
      tables: [
        {
          columns: [
            { header: "j", cells: new RowNumbers(xs.length) },
            { header: s.xi, cells: xs },
            { header: s.deviation, cells: r.deviations },
            { header: ix(S.xhat, S.j), cells: r.xhat },
            { header: gj, cells: input.gamma },
            { header: bj, cells: input.beta },
            { header: ix(S.y, S.j), cells: r.y },
          ],
        },
      ],
    },
  ];
}

/** Up to this many features, x̂ and y are tables with a column per feature. */
const MAX_TABLE_FEATURES = 64;

/** A batch: x̂ and y as tables, a row per sample and a column per feature. */
function matrixSteps(input: LayernormInput, results: SampleResult[]): Step[] {
  const D_ = (input.rows[0] as Scalar[]).length;
  const note = `${input.rows.length} × ${D_} values: the answer lists them (--format json has every one)`;
  const table = (pick: (r: SampleResult) => Scalar[], base: Formula): Column[] => [
    { header: "i", cells: new RowNumbers(results.length) },
    ...Array.from({ length: D_ }, (_, j) => ({
      header: ix(base, F.num(j + 1)),
      cells: results.map((r) => pick(r)[j] as Scalar),
    })),
  ];
  const wide = D_ > MAX_TABLE_FEATURES;
  return [
    {
      title: "Normalise each sample",
      answerFields: ["xhat"],
      formula: normaliseFormula,
      ...(wide ? { notes: [note] } : { tables: [{ columns: table((r) => r.xhat, S.xhat) }] }),
    },
    {
      title: "Scale and shift, per feature",
      answerFields: ["y"],
      formula: scaleFormula,
      ...(wide ? { notes: [note] } : { tables: [{ columns: table((r) => r.y, S.y) }] }),
    },
  ];
}

const axisNote =
  "layer norm normalises each sample over its own features (batchnorm normalises each feature over the batch): " +
  "it needs no batch statistics, so it computes the same in training and inference, and works for a batch of one";

/** ∂L/∂x of each sample through μ and σ², with γ per feature: batchnorm's backward on ∂L/∂x̂ = γ ∘ ∂L/∂y. */
function backwardGrads(input: LayernormInput, dLdy: Scalar[][], results: SampleResult[]): BatchnormBackward[] {
  return input.rows.map((xs, i) => {
    const r = results[i] as SampleResult;
    const dxhat = (dLdy[i] as Scalar[]).map((g, j) => sc.mul(input.gamma[j] as Scalar, g));
    return batchnormBackward(xs, dxhat, sc.frac(1), r.mean, r.shifted, r.std, input.variance);
  });
}

function backwardSteps(input: LayernormInput, dLdy: Scalar[][], results: SampleResult[], grads: BatchnormBackward[]) {
  const D_ = (input.rows[0] as Scalar[]).length;
  const gGamma = Array.from({ length: D_ }, (_, j) =>
    stats.total(dLdy.map((row, i) => sc.mul(row[j] as Scalar, (results[i] as SampleResult).xhat[j] as Scalar))),
  );
  const gBeta = Array.from({ length: D_ }, (_, j) => stats.total(dLdy.map((row) => row[j] as Scalar)));
  const sumOverSamples = (body: Formula) => F.sumOver(S.i, body);
  const mean = (body: Formula) => F.juxt(F.fracF(F.num(1), D), F.sumOver(F.sym("k"), body));
  const dxhat = (idx: Formula) => dL(ix(S.xhat, F.juxt(S.i, idx)));
  const xhatK = ix(S.xhat, F.juxt(S.i, F.sym("k")));
  const steps: Step[] = [
    {
      title: "∂L/∂β and ∂L/∂γ, per feature",
      answerFields: ["grad.beta", "grad.gamma"],
      derivation: [
        { formula: F.eq(dL(bj), sumOverSamples(dL(xij(S.y)))), reason: "β is shared by every sample" },
        { formula: F.eq(dL(gj), sumOverSamples(F.juxt(dL(xij(S.y)), xij(S.xhat)))), reason: "yᵢⱼ = γⱼx̂ᵢⱼ + βⱼ" },
      ],
      tables: [
        {
          columns: [
            { header: "j", cells: new RowNumbers(D_) },
            { header: dL(bj), cells: gBeta },
            { header: dL(gj), cells: gGamma },
          ],
        },
      ],
    },
    {
      title: "∂L/∂x, per sample, through μᵢ and σᵢ²",
      answerFields: ["grad.x"],
      derivation: [
        { formula: F.eq(dxhat(S.j), F.juxt(gj, dL(xij(S.y)))), reason: "γ per feature" },
        {
          formula: F.eq(
            dL(xij(S.x)),
            F.juxt(
              F.fracF(F.num(1), ix(S.sigma, S.i)),
              F.minus(
                F.minus(dxhat(S.j), mean(dxhat(F.sym("k")))),
                F.juxt(xij(S.xhat), mean(F.juxt(dxhat(F.sym("k")), xhatK))),
              ),
            ),
          ),
          reason: "batchnorm's backward pass along the sample's features, with D in place of m",
        },
      ],
      ...(input.matrix ? {} : { value: (grads[0] as BatchnormBackward).x }),
      notes: [
        F.juxt(
          F.text("Σⱼ ∂L/∂xᵢⱼ = "),
          F.num(stats.total(grads.flatMap((g) => g.x))),
          F.text(": shifting a whole sample leaves its x̂ unchanged, so each sample's gradient sums to 0"),
        ),
      ],
    },
  ];
  return { steps, gGamma, gBeta };
}

/** L = Σ ∂L/∂y ∘ y as a function of one sample's x, γ and β: what the finite differences differentiate. */
function lossOfSample(
  xs: number[],
  dy: number[],
  gamma: number[],
  beta: number[],
  eps: number,
  divisor: number,
): number {
  const mu = xs.reduce((s, v) => s + v, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / divisor;
  const sd = Math.sqrt(v + eps);
  return xs.reduce(
    (s, x, j) => s + (dy[j] as number) * ((gamma[j] as number) * ((x - mu) / sd) + (beta[j] as number)),
    0,
  );
}

function finiteDifferenceStep(input: LayernormInput, dLdy: Scalar[][], grads: BatchnormBackward[]): Step {
  const D_ = (input.rows[0] as Scalar[]).length;
  const total = input.rows.length * D_;
  const gamma = input.gamma.map(sc.toNumber);
  const beta = input.beta.map(sc.toNumber);
  const eps = sc.toNumber(input.eps);
  const rows = checkedCoordinates(total).map((at) => {
    const i = Math.floor(at / D_);
    const j = at % D_;
    const xs = (input.rows[i] as Scalar[]).map(sc.toNumber);
    const dy = (dLdy[i] as Scalar[]).map(sc.toNumber);
    const divisor = input.variance === "biased" ? D_ : D_ - 1;
    const numeric = partialDifference((w) => lossOfSample(w, dy, gamma, beta, eps, divisor), xs, j);
    const name = input.matrix ? `x[${i + 1}][${j + 1}]` : ix(S.x, F.num(j + 1));
    return gradcheckRow<Formula | string>(name, sc.toNumber((grads[i] as BatchnormBackward).x[j] as Scalar), numeric);
  });
  return gradcheckStep(
    "Finite-difference check of ∂L/∂x, L = Σ (∂L/∂y)·y",
    rows,
    "entry",
    total > FD_COORDINATES ? [`${FD_COORDINATES} of the ${total} entries of x, spread evenly`] : [],
  );
}

function symbolicSolution(): Solution {
  const s = groupSymbols(SAMPLE_AXIS, undefined);
  return {
    problem: "layernorm",
    title: "Layer normalisation, in symbols",
    input: {},
    summary: "the derivation; give x (one sample's features, or an N × D matrix) for numbers",
    steps: [
      {
        title: "Per sample, over its D features",
        derivation: [
          { formula: s.meanFormula, reason: "the sample's mean" },
          { formula: s.biasedFormula, reason: "biased: divide by D" },
          { formula: s.stdEpsFormula, reason: "ε keeps σ > 0" },
          { formula: s.normaliseFormula, reason: "normalise" },
          { formula: F.eq(ix(S.y, S.j), F.plus(F.juxt(gj, ix(S.xhat, S.j)), bj)), reason: "γ and β per feature" },
        ],
        notes: [axisNote],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function solve(input: LayernormInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const steps: Step[] = [];
  const results = sampleResults(input, steps);
  steps.push(...(input.matrix ? matrixSteps(input, results) : vectorSteps(input, results[0] as SampleResult)));
  (steps[steps.length - 1] as Step).notes = [...((steps[steps.length - 1] as Step).notes ?? []), axisNote];
  const one = results[0] as SampleResult;
  const per = (f: (r: SampleResult) => Scalar): Value => (input.matrix ? results.map(f) : f(one));
  const shaped = (f: (r: SampleResult) => Scalar[]): Value => (input.matrix ? results.map(f) : f(one));
  const answer: Record<string, AnswerValue> = {
    mean: per((r) => r.mean),
    variance: per((r) => r.variance),
    std: per((r) => r.std),
    xhat: shaped((r) => r.xhat),
    y: shaped((r) => r.y),
  };
  if (input.dLdy) {
    const grads = backwardGrads(input, input.dLdy, results);
    const back = backwardSteps(input, input.dLdy, results, grads);
    steps.push(...back.steps, finiteDifferenceStep(input, input.dLdy, grads));
    answer.grad = {
      x: input.matrix ? grads.map((g) => g.x) : (grads[0] as BatchnormBackward).x,
      gamma: back.gGamma,
      beta: back.gBeta,
    };
  }
  const N = input.rows.length;
  const D_ = one.xhat.length;
  const exact = input.rows.every(sc.allExact) && sc.isExact(input.eps);
  return {
    problem: "layernorm",
    title: input.dLdy ? "Layer normalisation, forward and backward pass" : "Layer normalisation, forward pass",
    input: {
      x: input.matrix ? input.rows : (input.rows[0] as Scalar[]),
      gamma: input.gammaPerFeature ? input.gamma : (input.gamma[0] as Scalar),
      beta: input.betaPerFeature ? input.beta : (input.beta[0] as Scalar),
      eps: input.eps,
      ...(input.dLdy ? { dLdy: input.matrix ? input.dLdy : (input.dLdy[0] as Scalar[]) } : {}),
    },
    summary: [
      input.matrix
        ? `${N} samples × ${D_} features, each sample normalised on its own`
        : `one sample of ${D_} features`,
      input.variance === "biased" ? "biased variance (÷ D)" : "unbiased variance (÷ D − 1)",
      exactnessNote(exact, N * D_),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

/** SPEC 6.2 for layer norm: the batchnorm mistakes, along each sample's D features. */
function mistakes(input: LayernormInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const shared = sharedMistakes(SAMPLE_AXIS, sol, input.gamma, input.beta);
  const D = input.rows[0]?.length ?? 0;
  if (D < 2 || input.variance === "unbiased") return shared;
  // ÷ (D − 1): the variance grows by D/(D − 1), σ with it, and x̂ shrinks by the ratio of the two σ
  const a = sol.answer as Record<string, AnswerValue>;
  const scale = sc.frac(D, D - 1);
  const variance = Array.isArray(a.variance)
    ? (a.variance as Scalar[]).map((v) => sc.mul(v, scale))
    : sc.mul(a.variance as Scalar, scale);
  const stdOf = (v: Scalar) => Math.sqrt(sc.toNumber(sc.add(v, input.eps)));
  const std = Array.isArray(variance) ? variance.map(stdOf) : stdOf(variance);
  const xhat = eachEntry(SAMPLE_AXIS, a.xhat as AnswerValue, (x, i) =>
    sc.div(sc.mul(x, ofGroup(a.std as AnswerValue, i)), ofGroup(std, i)),
  );
  const unbiased: Mistake = {
    id: "unbiased-variance",
    answer: { variance, std, xhat, y: affine(SAMPLE_AXIS, xhat, input.gamma, input.beta) },
    says: (field, given) =>
      `your ${field} ${given} is what dividing by D − 1 = ${D - 1} gives; layer norm divides by D = ${D}`,
  };
  return [unbiased, ...shared];
}

/** Practice (SPEC 4.12): two clean samples, each normalised over its own features. */
const practice: PracticeGenerator = {
  guarantee:
    "2 samples of 4 whole-number features, each sample with a whole-number mean and a perfect-square variance " +
    "(÷ D): every σ whole and x̂ fractions; γ and β one small number each",
  generate(rng) {
    const x = [0, 1].map(() => {
      const mean = rng.int(-2, 8);
      return cleanDeviations(rng, 4, 5).map((d) => mean + d);
    });
    const gamma = rng.pick([1, 2, 3]);
    const beta = rng.pick([0, 1, -1]);
    return {
      input: { x, gamma, beta },
      statement: [
        "A layer normalisation layer receives N = 2 samples of D = 4 features (rows = samples): " +
          `x = ${matrixText(x)}, with γ = ${gamma} and β = ${beta} for every feature, and ε = 0.`,
        ...lettered([
          "For each sample, compute the mean μ and the variance σ² over its features (divide by D).",
          "Compute x̂ = (x − μ)/σ for every entry.",
          "Compute y = γx̂ + β.",
        ]),
      ],
    };
  },
};

/** --plot: each sample before and after normalising, on one axis (the first 4 samples). */
function plots(input: LayernormInput, sol: Solution): Chart[] {
  return input.symbolic ? [] : normalisationPlots(SAMPLE_AXIS, input.rows, sol);
}

export const layernorm = defineProblem<LayernormInput>({
  name: "layernorm",
  summary: "layer normalisation: each sample over its own features (batchnorm's other axis), forward and backward",
  positional: "x",
  fields: {
    x: { kind: "vectorOrMatrix", help: "one sample's D features, or an N × D matrix with rows = samples" },
    gamma: { kind: "numberOrList", help: "scale γ (default 1): one number, or one per feature" },
    beta: { kind: "numberOrList", help: "shift β (default 0): one number, or one per feature" },
    eps: { kind: "number", help: "ε added to the variance (default 0; PyTorch uses 1e-5)" },
    variance: {
      kind: "choice",
      choices: ["biased", "unbiased"],
      help: "biased (÷ D, default, as layer norm) or unbiased (÷ D − 1)",
    },
    dLdy: { kind: "vectorOrMatrix", help: "∂L/∂y, the shape of x: adds the backward pass" },
  },
  answers: {
    mean: "μ of each sample (a number for one sample)",
    variance: "σ² of each sample (÷ D, or ÷ D − 1 with --variance unbiased)",
    std: "σ = √(σ² + ε) of each sample",
    xhat: "x̂ = (x − μ)/σ, the shape of x",
    y: "y = γ∘x̂ + β, the shape of x",
    "grad.x": "with --dLdy: ∂L/∂x, the shape of x",
    "grad.gamma": "with --dLdy: ∂L/∂γ, one per feature",
    "grad.beta": "with --dLdy: ∂L/∂β, one per feature",
  },
  expectExample: `layernorm 1 7 7 9 --expect '{"mean": 6, "xhat": ["-5/3", 0.333, 0.333, 1]}'`,
  examples: [
    "layernorm",
    "layernorm 1 7 7 9",
    'layernorm --x "1 2 3; 2 4 9" --gamma 1,2,1 --beta 0,0,1',
    "layernorm 1 7 7 9 --dLdy 1,0,0,0",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "each sample's x, x̂ and y on one axis",
  plots,
});
