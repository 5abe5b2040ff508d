// Seed part 3: batch normalisation, forward pass, per feature (column).

import type { BatchnormBackward } from "../core/backprop.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { VarianceKind } from "../core/stats.js";
import * as stats from "../core/stats.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step, type Value } from "../solution.js";
import { backwardSteps } from "./batchnorm-backward.js";
import { exactnessNote, idx, ix, squared, withinExactLimit } from "./common.js";
import { defineProblem } from "./problem.js";

export interface BatchnormInput {
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
  if (!x) throw fields.missing("x", "the batch, e.g. dlsolve batchnorm 1 7 7 9");
  const matrix = x.kind === "matrix";
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
  return {
    columns,
    matrix,
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

interface FeatureResult {
  mean: Scalar;
  variance: Scalar;
  std: Scalar;
  /** xᵢ − μ */
  deviations: Scalar[];
  xhat: Scalar[];
  y: Scalar[];
}

/**
 * Symbols and general formulas for feature j (undefined for a vector input):
 * μ or μ₂, σ² or σ₂², xᵢ or xᵢ₂. Built once per feature and shared by every
 * solution, so a stream of problems does not rebuild (or reprint) them.
 */
const symbolCache = new Map<number | undefined, ReturnType<typeof makeSymbols>>();
function symbols(j: number | undefined) {
  let s = symbolCache.get(j);
  if (!s) {
    s = makeSymbols(j);
    for (const v of Object.values(s)) if (typeof v === "object") F.shared(v);
    symbolCache.set(j, s);
  }
  return s;
}

function makeSymbols(j: number | undefined) {
  const tag = (base: Formula) => (j === undefined ? base : ix(base, idx(j + 1)));
  const xi = j === undefined ? ix(S.x, S.i) : ix(S.x, F.juxt(S.i, idx(j + 1)));
  const mu = tag(S.mu);
  const variance = squared(S.sigma, j === undefined ? undefined : j + 1);
  const sigma = j === undefined ? S.sigma : ix(S.sigma, idx(j + 1));
  const gamma = tag(S.gamma);
  const beta = tag(S.beta);
  const xhati = j === undefined ? ix(S.xhat, S.i) : ix(S.xhat, F.juxt(S.i, idx(j + 1)));
  const yi = j === undefined ? ix(S.y, S.i) : ix(S.y, F.juxt(S.i, idx(j + 1)));
  const deviationSquares = F.sumOver(S.i, F.pow(F.minus(xi, mu), F.num(2)), F.num(1), S.m);
  return {
    mu,
    variance,
    sigma,
    gamma,
    beta,
    xi,
    xhati,
    yi,
    where: j === undefined ? "" : ` of column ${j + 1}`,
    meanFormula: F.eq(mu, F.juxt(F.fracF(F.num(1), S.m), F.sumOver(S.i, xi, F.num(1), S.m))),
    biasedFormula: F.eq(variance, F.juxt(F.fracF(F.num(1), S.m), deviationSquares)),
    unbiasedFormula: F.eq(variance, F.juxt(F.fracF(F.num(1), F.minus(S.m, F.num(1))), deviationSquares)),
    stdFormula: F.eq(sigma, F.sqrtF(variance)),
    stdEpsFormula: F.eq(sigma, F.sqrtF(F.plus(variance, S.eps))),
    normaliseFormula: F.eq(xhati, F.fracF(F.minus(xi, mu), sigma)),
    scaleFormula: F.eq(yi, F.plus(F.juxt(gamma, xhati), beta)),
    deviation: F.minus(xi, mu),
  };
}

/** The mean, variance and σ steps of one feature. */
function statisticsSteps(xs: Scalar[], input: BatchnormInput, j: number | undefined, steps: Step[]) {
  const m = xs.length;
  const s = symbols(j);
  const mean = stats.mean(xs);
  const total = stats.total(xs);
  steps.push({
    title: `Mean${s.where}`,
    ...(j === undefined || j === 0 ? { answerFields: ["mean"] } : {}),
    formula: s.meanFormula,
    substitution: [
      F.fracF(
        F.sumOf(m, (i) => F.num(xs[i] as Scalar)),
        F.num(m),
      ),
      F.fracF(F.num(total), F.num(m)),
    ],
    value: mean,
  });

  const divisor = input.variance === "biased" ? m : m - 1;
  const deviations = xs.map((x) => sc.sub(x, mean));
  const squares = deviations.map(sc.square);
  const variance = sc.div(stats.total(squares), sc.frac(divisor));
  steps.push({
    title: `Variance${s.where}`,
    ...(j === undefined || j === 0 ? { answerFields: ["variance"] } : {}),
    formula: input.variance === "biased" ? s.biasedFormula : s.unbiasedFormula,
    substitution: [
      F.fracF(
        F.sumOf(m, (i) => F.pow(F.minus(F.num(xs[i] as Scalar), F.num(mean)), F.num(2))),
        F.num(divisor),
      ),
      F.fracF(
        F.sumOf(m, (i) => F.num(squares[i] as Scalar)),
        F.num(divisor),
      ),
      F.fracF(F.num(stats.total(squares)), F.num(divisor)),
    ],
    value: variance,
    notes: [
      input.variance === "biased"
        ? "biased variance: divide by m, as batchnorm does in training"
        : "unbiased variance: divide by m − 1 (what PyTorch keeps as the running variance)",
    ],
  });

  const shifted = sc.add(variance, input.eps);
  if (sc.isZero(shifted)) {
    throw fieldError(
      input.label,
      `${j === undefined ? "the batch" : `column ${j + 1}`} has variance 0 (all values equal), so x̂ = (x − μ)/σ ` +
        `divides by zero; give --eps (PyTorch uses 1e-5)`,
    );
  }
  const std = sc.sqrt(shifted);
  const notes: Formula[] = [];
  if (!sc.isExact(std) && sc.isExact(shifted)) {
    notes.push(F.juxt(F.sqrtF(F.num(shifted)), F.text(" is irrational: from here on the arithmetic is float64")));
  }
  const epsZero = sc.isZero(input.eps);
  steps.push({
    title: epsZero ? `Standard deviation${s.where}` : `Standard deviation with ε${s.where}`,
    ...(j === undefined || j === 0 ? { answerFields: ["std"] } : {}),
    formula: epsZero ? s.stdFormula : s.stdEpsFormula,
    substitution: epsZero
      ? [F.sqrtF(F.num(variance))]
      : [F.sqrtF(F.plus(F.num(variance), F.num(input.eps))), F.sqrtF(F.num(shifted))],
    value: std,
    notes,
  });
  return { mean, variance, std, deviations };
}

function solve(input: BatchnormInput): Solution {
  const steps: Step[] = [];
  const results: FeatureResult[] = [];
  const features = input.columns.length;
  const feature = (j: number) => (input.matrix ? j : undefined);

  input.columns.forEach((xs, j) => {
    const { mean, variance, std, deviations } = statisticsSteps(xs, input, feature(j), steps);
    const xhat = deviations.map((d) => sc.div(d, std));
    const g = input.gamma[j] as Scalar;
    const b = input.beta[j] as Scalar;
    const y = xhat.map((h) => sc.add(sc.mul(g, h), b));
    results.push({ mean, variance, std, deviations, xhat, y });
  });

  if (!input.matrix) {
    const r = results[0] as FeatureResult;
    const xs = input.columns[0] as Scalar[];
    const s = symbols(undefined);
    const m = xs.length;
    const g = input.gamma[0] as Scalar;
    const b = input.beta[0] as Scalar;
    steps.push({
      title: "Normalise",
      answerFields: ["xhat"],
      formula: s.normaliseFormula,
      substitution: [F.listOf(m, (i) => F.fracF(F.minus(F.num(xs[i] as Scalar), F.num(r.mean)), F.num(r.std)))],
      value: r.xhat,
    });
    steps.push({
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
    });
  } else {
    const m = (input.columns[0] as Scalar[]).length;
    const perColumn = (pick: (r: FeatureResult) => Scalar[], head: (j: number) => Formula): Column[] => [
      { header: "i", cells: new RowNumbers(m) },
      ...results.map((r, j) => ({ header: head(j), cells: pick(r) })),
    ];
    steps.push({
      title: "Normalise each column",
      answerFields: ["xhat"],
      formula: F.eq(
        ix(S.xhat, F.juxt(S.i, S.j)),
        F.fracF(F.minus(ix(S.x, F.juxt(S.i, S.j)), ix(S.mu, S.j)), ix(S.sigma, S.j)),
      ),
      tables: [
        {
          columns: perColumn(
            (r) => r.xhat,
            (j) => symbols(j).xhati,
          ),
        },
      ],
    });
    steps.push({
      title: "Scale and shift",
      answerFields: ["y"],
      formula: F.eq(
        ix(S.y, F.juxt(S.i, S.j)),
        F.plus(F.juxt(ix(S.gamma, S.j), ix(S.xhat, F.juxt(S.i, S.j))), ix(S.beta, S.j)),
      ),
      tables: [
        {
          columns: perColumn(
            (r) => r.y,
            (j) => symbols(j).yi,
          ),
        },
      ],
    });
  }

  const exact = sc.allExact(input.columns.flat()) && sc.isExact(input.eps);
  const pick = (f: (r: FeatureResult) => Scalar | Scalar[]): Value => {
    if (!input.matrix) return f(results[0] as FeatureResult);
    return results.map(f) as Scalar[];
  };
  const byRows = (f: (r: FeatureResult) => Scalar[]): Value => {
    if (!input.matrix) return f(results[0] as FeatureResult);
    const m = (input.columns[0] as Scalar[]).length;
    return Array.from({ length: m }, (_, i) => results.map((r) => f(r)[i] as Scalar));
  };
  const answer: Record<string, AnswerValue> = {
    mean: pick((r) => r.mean),
    variance: pick((r) => r.variance),
    std: pick((r) => r.std),
    xhat: byRows((r) => r.xhat),
    y: byRows((r) => r.y),
  };
  if (input.dLdy) {
    const back = backwardSteps(
      {
        columns: input.columns,
        dLdy: input.dLdy,
        gamma: input.gamma,
        beta: input.beta,
        eps: input.eps,
        variance: input.variance,
        matrix: input.matrix,
      },
      results,
    );
    steps.push(...back.steps);
    const perFeature = (pick: (g: BatchnormBackward) => Scalar): Value =>
      input.matrix ? back.grads.map(pick) : pick(back.grads[0] as BatchnormBackward);
    const m = (input.columns[0] as Scalar[]).length;
    answer.grad = {
      x: input.matrix
        ? Array.from({ length: m }, (_, i) => back.grads.map((g) => g.x[i] as Scalar))
        : (back.grads[0] as BatchnormBackward).x,
      gamma: perFeature((g) => g.gamma),
      beta: perFeature((g) => g.beta),
    };
  }
  const xValue: Value = input.matrix
    ? Array.from({ length: (input.columns[0] as Scalar[]).length }, (_, i) => input.columns.map((c) => c[i] as Scalar))
    : (input.columns[0] as Scalar[]);
  const count = input.columns.length * (input.columns[0] as Scalar[]).length;
  return {
    problem: "batchnorm",
    title: input.dLdy
      ? "Batch normalisation, forward and backward pass (training mode)"
      : "Batch normalisation, forward pass (training mode)",
    input: {
      x: xValue,
      gamma: input.gammaPerFeature ? input.gamma : (input.gamma[0] as Scalar),
      beta: input.betaPerFeature ? input.beta : (input.beta[0] as Scalar),
      eps: input.eps,
      variance: input.variance,
      ...(input.dLdy
        ? {
            dLdy: input.matrix
              ? Array.from({ length: (input.dLdy[0] as Scalar[]).length }, (_, i) =>
                  (input.dLdy as Scalar[][]).map((c) => c[i] as Scalar),
                )
              : (input.dLdy[0] as Scalar[]),
          }
        : {}),
    },
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
    eps: { kind: "number", help: "ε added to the variance (default 0, as in the seed; PyTorch uses 1e-5)" },
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
});
