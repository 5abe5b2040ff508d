// Seed part 3: batch normalisation, forward pass, per feature (column).

import type { Chart } from "../chart.js";
import type { BatchnormBackward } from "../core/backprop.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import { normalized, scaleShift } from "../core/normalize.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { VarianceKind } from "../core/stats.js";
import * as stats from "../core/stats.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_GROUPS } from "../limits.js";
import {
  type AnswerGroup,
  type AnswerValue,
  type Column,
  RowNumbers,
  type Solution,
  type Step,
  type Value,
} from "../solution.js";
import { backwardSteps } from "./batchnorm-backward.js";
import { cleanDeviations, exactnessNote, ix, lettered, listText, withinExactLimit } from "./common.js";
import {
  COLUMN_AXIS,
  type GroupSettings,
  groupResult,
  groupSymbols,
  MAX_GROUP_STEPS,
  type NormalizedGroup,
  normalisationPlots,
  normalizedGroup,
  sharedMistakes,
  statisticsSteps,
  statisticsTable,
} from "./normalization.js";
import { defineProblem, type Mistake, type PracticeGenerator, type SolveOptions } from "./problem.js";

export interface BatchnormInput {
  /** No batch: the derivation in symbols. */
  symbolic?: boolean;
  /** One array per feature: the feature's values over the batch. */
  columns: Scalar[][];
  /** Whether x was a matrix (answers are then per feature). */
  matrix: boolean;
  gamma: Scalar[];
  beta: Scalar[];
  /** Whether gamma / beta were given per feature (for echoing the input). */
  gammaPerFeature: boolean;
  betaPerFeature: boolean;
  eps: Scalar;
  variance: VarianceKind;
  label: string;
  /** ∂L/∂y per feature, same shape as columns: asks for the backward pass. */
  dLdy?: Scalar[][];
}

/** Per-feature parameter: one number for all features, or a vector with one per feature. */
function perFeature(
  fields: Fields,
  name: string,
  fallback: Scalar,
  features: number,
  matrix: boolean,
): [Scalar[], boolean] {
  if (!fields.has(name)) return [Array(features).fill(fallback), false];
  const v = fields.numberOrList(name) as Scalar | Scalar[];
  if (!Array.isArray(v)) return [Array(features).fill(v), false];
  if (!matrix) throw fieldError(fields.label(name), `expected one number for a vector x, got ${v.length}`);
  if (v.length !== features) {
    throw fieldError(fields.label(name), `has ${v.length} values, x has ${features} features (columns)`);
  }
  return [v, true];
}

function validate(fields: Fields): BatchnormInput {
  const x = fields.vectorOrMatrix("x");
  if (!x) {
    if (["gamma", "beta", "eps", "dLdy"].some((f) => fields.has(f))) {
      throw fields.missing("x", "the batch, e.g. dlsolve batchnorm 1 7 7 9");
    }
    const empty = { gamma: [], beta: [], gammaPerFeature: false, betaPerFeature: false };
    return { symbolic: true, columns: [], matrix: false, ...empty, eps: sc.frac(0), variance: "biased", label: "x" };
  }
  const matrix = x.kind === "matrix";
  if (x.kind === "matrix" && (x.m[0] as Scalar[]).length > MAX_GROUPS) {
    throw fieldError(
      fields.label("x"),
      `has ${(x.m[0] as Scalar[]).length} columns (features), more than the ${MAX_GROUPS} batchnorm normalises ` +
        "separately (each keeps its own statistics)",
    );
  }
  // Stored by feature: a vector is its own single column (no million one-value rows).
  let columns =
    x.kind === "matrix" ? Array.from({ length: (x.m[0] as Scalar[]).length }, (_, j) => stats.column(x.m, j)) : [x.v];
  const features = columns.length;
  const m = (columns[0] as Scalar[]).length;
  const [gamma, gammaPerFeature] = perFeature(fields, "gamma", sc.frac(1), features, matrix);
  const [beta, betaPerFeature] = perFeature(fields, "beta", sc.frac(0), features, matrix);
  const eps = fields.number("eps") ?? sc.frac(0);
  if (sc.sign(eps) < 0) throw fieldError(fields.label("eps"), "must be ≥ 0");
  const variance = (fields.choice("variance") ?? "biased") as VarianceKind;
  if (variance === "unbiased" && m < 2) {
    throw fieldError(fields.label("variance"), "unbiased variance divides by m − 1 and needs at least 2 values");
  }
  let dLdy: Scalar[][] | undefined;
  const g = fields.vectorOrMatrix("dLdy");
  if (g) {
    const gColumns =
      g.kind === "matrix" ? Array.from({ length: (g.m[0] as Scalar[]).length }, (_, j) => stats.column(g.m, j)) : [g.v];
    const shape = (rows: number, cols: number, isMatrix: boolean) =>
      isMatrix ? `${rows} × ${cols}` : `${rows} values`;
    const gm = (gColumns[0] as Scalar[]).length;
    if (g.kind !== x.kind || gm !== m || gColumns.length !== features) {
      throw fieldError(
        fields.label("dLdy"),
        `has ${shape(gm, gColumns.length, g.kind === "matrix")}, x has ${shape(m, features, matrix)}: ∂L/∂y needs ` +
          `the shape of x`,
      );
    }
    dLdy = withinExactLimit(gColumns, 2 * m * features);
  }
  columns = withinExactLimit(columns, m * features * (dLdy ? 2 : 1));
  const input: BatchnormInput = {
    columns,
    matrix,
    gamma,
    beta,
    gammaPerFeature,
    betaPerFeature,
    eps,
    variance,
    label: fields.label("x"),
  };
  if (dLdy) input.dLdy = dLdy;
  return input;
}

type FeatureResult = NormalizedGroup;

/** Up to this many features, x̂ and y are tables with a column per feature (the renderers elide the middle ones). */
const MAX_TABLE_FEATURES = 64;

/** The group settings of feature j. */
function columnSettings(input: BatchnormInput, j: number): GroupSettings {
  return {
    axis: COLUMN_AXIS,
    group: input.matrix ? j : undefined,
    eps: input.eps,
    variance: input.variance,
    label: input.label,
    answers: j === 0,
    varianceNote:
      input.variance === "biased"
        ? "biased variance: divide by m, as batchnorm does in training"
        : "unbiased variance: divide by m − 1 (what PyTorch keeps as the running variance)",
  };
}

/** Each feature's statistics steps (into `steps`, when given), then x̂ and y = γx̂ + β. */
function featureResults(input: BatchnormInput, steps: Step[] | undefined): FeatureResult[] {
  const wide = input.columns.length > MAX_GROUP_STEPS;
  // a loop, not map: map's array changes kind once V8 optimises this function, and solve reads it
  const results: FeatureResult[] = [];
  for (let j = 0; j < input.columns.length; j++) {
    const xs = input.columns[j] as Scalar[];
    const settings = columnSettings(input, j);
    const r = wide || !steps ? groupResult(xs, settings) : statisticsSteps(xs, settings, steps);
    const xhat = normalized(r.deviations, r.std);
    const y = scaleShift(
      xhat,
      () => input.gamma[j] as Scalar,
      () => input.beta[j] as Scalar,
    );
    results.push(normalizedGroup(r, xhat, y));
  }
  if (wide && steps) steps.push(statisticsTable(results, columnSettings(input, 0)));
  return results;
}

/** Normalise and scale one vector, substituted entry by entry, with the table of every value. */
function vectorSteps(input: BatchnormInput, r: FeatureResult): Step[] {
  const xs = input.columns[0] as Scalar[];
  const s = groupSymbols(COLUMN_AXIS, undefined);
  const m = xs.length;
  const g = input.gamma[0] as Scalar;
  const b = input.beta[0] as Scalar;
  return [
    {
      title: "Normalise",
      answerFields: ["xhat"],
      formula: s.normaliseFormula,
      substitution: [F.listOf(m, (i) => F.fracF(F.minus(F.num(xs[i] as Scalar), F.num(r.mean)), F.num(r.std)))],
      value: r.xhat,
    },
    {
      title: "Scale and shift",
      answerFields: ["y"],
      formula: s.scaleFormula,
      substitution: [F.listOf(m, (i) => F.plus(F.times(F.num(g), F.num(r.xhat[i] as Scalar)), F.num(b)))],
      value: r.y,
      tables: [
        {
          columns: [
            { header: "i", cells: new RowNumbers(xs.length) },
            { header: s.xi, cells: xs },
            { header: s.deviation, cells: r.deviations },
            { header: s.normaliseFormula, cells: r.xhat },
            { header: s.scaleFormula, cells: r.y },
          ],
        },
      ],
    },
  ];
}

/** Normalise and scale a matrix: a table per step, one column per feature. */
function matrixSteps(input: BatchnormInput, results: FeatureResult[]): Step[] {
  const m = (input.columns[0] as Scalar[]).length;
  const xij = (base: Formula) => ix(base, F.juxt(S.i, S.j));
  const normalise = F.eq(xij(S.xhat), F.fracF(F.minus(xij(S.x), ix(S.mu, S.j)), ix(S.sigma, S.j)));
  const scale = F.eq(xij(S.y), F.plus(F.juxt(ix(S.gamma, S.j), xij(S.xhat)), ix(S.beta, S.j)));
  if (results.length > MAX_TABLE_FEATURES) {
    const note = `${m} × ${results.length} values: the answer lists them (--format json has every one)`;
    return [
      { title: "Normalise each column", answerFields: ["xhat"], formula: normalise, notes: [note] },
      { title: "Scale and shift", answerFields: ["y"], formula: scale, notes: [note] },
    ];
  }
  const perColumn = (pick: (r: FeatureResult) => Scalar[], head: (j: number) => Formula): Column[] => [
    { header: "i", cells: new RowNumbers(m) },
    ...results.map((r, j) => ({ header: head(j), cells: pick(r) })),
  ];
  return [
    {
      title: "Normalise each column",
      answerFields: ["xhat"],
      formula: normalise,
      tables: [
        {
          columns: perColumn(
            (r) => r.xhat,
            (j) => groupSymbols(COLUMN_AXIS, j).xhati,
          ),
        },
      ],
    },
    {
      title: "Scale and shift",
      answerFields: ["y"],
      formula: scale,
      tables: [
        {
          columns: perColumn(
            (r) => r.y,
            (j) => groupSymbols(COLUMN_AXIS, j).yi,
          ),
        },
      ],
    },
  ];
}

/** Columns back to rows: [feature][sample] → [sample][feature]. */
function byRows(columns: readonly (readonly Scalar[])[]): Scalar[][] {
  const m = (columns[0] as readonly Scalar[]).length;
  return Array.from({ length: m }, (_, i) => columns.map((c) => c[i] as Scalar));
}

function forwardAnswer(input: BatchnormInput, results: FeatureResult[]): Record<string, AnswerValue> {
  const one = results[0] as FeatureResult;
  const perFeature = (f: (r: FeatureResult) => Scalar): Value => (input.matrix ? results.map(f) : f(one));
  const shaped = (f: (r: FeatureResult) => Scalar[]): Value => (input.matrix ? byRows(results.map(f)) : f(one));
  return {
    mean: perFeature((r) => r.mean),
    variance: perFeature((r) => r.variance),
    std: perFeature((r) => r.std),
    xhat: shaped((r) => r.xhat),
    y: shaped((r) => r.y),
  };
}

/** The backward pass's steps, and grad = {x, gamma, beta, mean, variance} (∂L/∂μ and ∂L/∂σ², as the steps show). */
function backward(input: BatchnormInput, dLdy: Scalar[][], results: FeatureResult[]) {
  const back = backwardSteps({ ...input, dLdy }, results);
  const one = back.grads[0] as BatchnormBackward;
  const perFeature = (pick: (g: BatchnormBackward) => Scalar): Value =>
    input.matrix ? back.grads.map(pick) : pick(one);
  const grad: AnswerGroup = {
    x: input.matrix ? byRows(back.grads.map((g) => g.x)) : one.x,
    gamma: perFeature((g) => g.gamma),
    beta: perFeature((g) => g.beta),
    mean: perFeature((g) => g.mean),
    variance: perFeature((g) => g.variance),
  };
  return { steps: back.steps, grad };
}

function echoInput(input: BatchnormInput): Solution["input"] {
  const shaped = (columns: Scalar[][]): Value => (input.matrix ? byRows(columns) : (columns[0] as Scalar[]));
  const echo: Solution["input"] = {
    x: shaped(input.columns),
    gamma: input.gammaPerFeature ? input.gamma : (input.gamma[0] as Scalar),
    beta: input.betaPerFeature ? input.beta : (input.beta[0] as Scalar),
    eps: input.eps,
    variance: input.variance,
  };
  if (input.dLdy) echo.dLdy = shaped(input.dLdy);
  return echo;
}

function symbolicSolution(): Solution {
  const s = groupSymbols(COLUMN_AXIS, undefined);
  return {
    problem: "batchnorm",
    title: "Batch normalisation, in symbols",
    input: {},
    summary: "review problem 3's formulas; give the batch (dlsolve batchnorm 1 7 7 9) for numbers",
    steps: [
      {
        title: "Per feature, over the batch of m",
        derivation: [
          { formula: s.meanFormula, reason: "the batch mean" },
          { formula: s.biasedFormula, reason: "biased: divide by m, as training-mode batchnorm does" },
          { formula: s.stdEpsFormula, reason: "ε keeps σ > 0 (0 in the review; PyTorch uses 1e-5)" },
          { formula: s.normaliseFormula, reason: "normalise" },
          { formula: s.scaleFormula, reason: "scale and shift, learned per feature" },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function solve(input: BatchnormInput, options: SolveOptions = { steps: true }): Solution {
  if (input.symbolic) return symbolicSolution();
  const steps: Step[] = [];
  const results = featureResults(input, options.steps ? steps : undefined);
  if (options.steps)
    steps.push(...(input.matrix ? matrixSteps(input, results) : vectorSteps(input, results[0] as FeatureResult)));
  const answer = forwardAnswer(input, results);
  if (input.dLdy) {
    const back = backward(input, input.dLdy, results);
    if (options.steps) steps.push(...back.steps);
    answer.grad = back.grad;
  }
  const features = input.columns.length;
  const count = features * (input.columns[0] as Scalar[]).length;
  const exact = input.columns.every(sc.allExact) && sc.isExact(input.eps);
  return {
    problem: "batchnorm",
    title: input.dLdy
      ? "Batch normalisation, forward and backward pass (training mode)"
      : "Batch normalisation, forward pass (training mode)",
    input: echoInput(input),
    summary: [
      input.matrix
        ? `${count / features} samples × ${features} features, normalised per column`
        : `a batch of ${count} values`,
      `${input.variance} variance (÷ ${input.variance === "biased" ? "m" : "m − 1"})`,
      exactnessNote(exact, count),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

/** The input without its backward pass (a mistake's forward answer only). */
function forward(input: BatchnormInput): BatchnormInput {
  const { dLdy: _, ...rest } = input;
  return rest;
}

/** The mistakes of SPEC 6.2 for batchnorm: the answer each gives. */
function mistakes(input: BatchnormInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const m = input.columns[0]?.length ?? 0;
  const unbiased: Mistake[] =
    input.variance === "biased" && m > 1
      ? [
          {
            id: "unbiased-variance",
            answer: solve(forward({ ...input, variance: "unbiased" }), { steps: false }).answer,
            says: (field, given) =>
              `your ${field} ${given} is what dividing by m − 1 = ${m - 1} gives; batchnorm divides by m = ${m}`,
          },
        ]
      : [];
  return [...unbiased, ...sharedMistakes(COLUMN_AXIS, sol, input.gamma, input.beta)];
}

/** Practice (SPEC 4.12): a clean batch of 4, as the review's 1 7 7 9. */
const practice: PracticeGenerator = {
  guarantee:
    "a batch of 4 whole numbers with a whole-number mean and a perfect-square variance (÷ m): σ is a whole " +
    "number and x̂ = (x − μ)/σ are fractions; γ and β small; half the time a whole-number ∂L/∂y",
  generate(rng) {
    const mean = rng.int(-3, 10);
    const x = cleanDeviations(rng, 4, 6).map((d) => mean + d);
    const gamma = rng.pick([1, 2, 3, "1/2"]);
    const beta = rng.pick([0, 1, -1, 2]);
    const dLdy = rng.chance(0.5) ? rng.ints(4, -3, 3) : undefined;
    const parts = [
      "Compute the batch mean μ and the variance σ² (divide by m).",
      "Compute the normalised values x̂ᵢ = (xᵢ − μ)/σ.",
      "Compute the outputs yᵢ = γx̂ᵢ + β.",
      ...(dLdy ? [`Given the upstream gradient ∂L/∂y = ${listText(dLdy)}, compute ∂L/∂x, ∂L/∂γ and ∂L/∂β.`] : []),
    ];
    return {
      input: { x, gamma, beta, ...(dLdy ? { dLdy } : {}) },
      statement: [
        `A batch normalisation layer receives a mini-batch of m = 4 values of one feature, x = ${listText(x)}, ` +
          `with γ = ${gamma}, β = ${beta} and ε = 0.`,
        ...lettered(parts),
      ],
    };
  },
};

/** --plot: the batch before and after normalising, on one axis (the first 4 features of a matrix). */
function plots(input: BatchnormInput, sol: Solution): Chart[] {
  return input.symbolic ? [] : normalisationPlots(COLUMN_AXIS, input.columns, sol);
}

export const batchnorm = defineProblem<BatchnormInput>({
  name: "batchnorm",
  summary: "batch normalisation of a batch (review problem 3): mean, variance, σ, x̂ and y = γx̂ + β",
  positional: "x",
  fields: {
    x: {
      kind: "vectorOrMatrix",
      help: "the batch: a vector (one feature), or a matrix with rows = samples, columns = features",
    },
    gamma: { kind: "numberOrList", help: "scale γ (default 1; one per feature for a matrix)" },
    beta: { kind: "numberOrList", help: "shift β (default 0; one per feature for a matrix)" },
    eps: { kind: "number", help: "ε added to the variance (default 0, as in the review; PyTorch uses 1e-5)" },
    variance: { kind: "choice", choices: ["biased", "unbiased"], help: "biased (÷ m, default) or unbiased (÷ m − 1)" },
    dLdy: { kind: "vectorOrMatrix", help: "∂L/∂y, the shape of x: adds the backward pass" },
  },
  answers: {
    mean: "μ (one per feature for a matrix)",
    variance: "σ² (one per feature for a matrix)",
    std: "σ = √(σ² + ε) (one per feature for a matrix)",
    xhat: "x̂ = (x − μ)/σ, the shape of x",
    y: "y = γx̂ + β, the shape of x",
    "grad.x": "with --dLdy: ∂L/∂x, the shape of x",
    "grad.gamma": "with --dLdy: ∂L/∂γ (one per feature for a matrix)",
    "grad.beta": "with --dLdy: ∂L/∂β (one per feature for a matrix)",
    "grad.mean": "with --dLdy: ∂L/∂μ (one per feature)",
    "grad.variance": "with --dLdy: ∂L/∂σ² (one per feature)",
  },
  expectExample: `batchnorm 1 7 7 9 --expect '{"mean": 6, "xhat": ["-5/3", 0.333, 0.333, 1]}'`,
  examples: [
    "batchnorm 1 7 7 9",
    'batchnorm --x "1 2; 3 4; 5 9" --gamma 2 --beta 1/2',
    "batchnorm 2.5 3 4 --eps 1e-5 --json",
    "batchnorm 1 7 7 9 --dLdy 1,0,0,0",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "x, x̂ and y on one axis",
  plots,
});
