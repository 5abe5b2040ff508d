// The backward pass of full batchnorm (batchnorm --dLdy), staged as courses
// teach it: ∂L/∂β, ∂L/∂γ, ∂L/∂x̂, ∂L/∂σ², ∂L/∂μ, ∂L/∂x, then the compact form
// and a finite-difference check. Per column for matrix input.

import { type BatchnormBackward, batchnormBackward } from "../../core/backprop.js";
import {
  centralDifference,
  checkedCoordinates,
  FD_COORDINATES,
  type GradcheckRow,
  gradcheckRow,
  partialDifference,
  relativeStep,
} from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { VarianceKind } from "../../core/stats.js";
import * as stats from "../../core/stats.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { type Cell, RowNumbers, type Step, type Table } from "../../solution/solution.js";
import { gradcheckStep, ix } from "../common.js";

export interface FeatureForward {
  mean: Scalar;
  variance: Scalar;
  std: Scalar;
  xhat: Scalar[];
}

export interface BackwardInput {
  columns: Scalar[][];
  dLdy: Scalar[][];
  gamma: Scalar[];
  beta: Scalar[];
  eps: Scalar;
  variance: VarianceKind;
  matrix: boolean;
}

/** Coordinates of x checked by finite differences (each check costs O(m)). */

const dL = (wrt: Formula) => F.partial(S.L, wrt);

const sigma2 = F.superscript(S.sigma, 2);

const xi = ix(S.x, S.i);

const yi = ix(S.y, S.i);

const xhi = ix(S.xhat, S.i);

const sumI = (body: Formula) => F.sumOver(S.i, body);

const shifted = F.plus(sigma2, S.eps);

export function backwardSteps(
  input: BackwardInput,
  forward: FeatureForward[],
): { steps: Step[]; grads: BatchnormBackward[] } {
  const grads = input.columns.map((xs, j) => {
    const fw = forward[j] as FeatureForward;
    return batchnormBackward(
      xs,
      input.dLdy[j] as Scalar[],
      input.gamma[j]!,
      fw.mean,
      sc.add(fw.variance, input.eps),
      fw.std,
      input.variance,
    );
  });
  const general = generalFormulas(input.variance);
  const worked = (j: number) =>
    columnSteps(input, j, forward[j] as FeatureForward, grads[j] as BatchnormBackward, general);
  const steps: Step[] = !input.matrix
    ? worked(0)
    : [
        // each column worked out as the vector form is, then the answers per column
        ...(input.columns.length <= WORKED_COLUMNS
          ? [...input.columns.flatMap((_, j) => worked(j)), gradientTable(grads)]
          : matrixSteps(grads, general)),
        xStep(input, grads, general),
      ];
  steps.push(compactStep(input, grads, general));
  steps.push(finiteDifferenceStep(input, grads));
  return { steps, grads };
}

/** A matrix x's backward pass is worked out column by column up to this many columns; past it, only per column. */
const WORKED_COLUMNS = 4;

type General = Record<"beta" | "gamma" | "xhat" | "variance" | "mean" | "x" | "compact", Formula>;

/** The general formulas of the backward pass; D divides the variance (m, or m − 1 when unbiased). */
function generalFormulas(variance: VarianceKind): General {
  const D = variance === "biased" ? S.m : F.minus(S.m, F.num(1));
  return {
    beta: F.eq(dL(S.beta), sumI(dL(yi))),
    gamma: F.eq(dL(S.gamma), sumI(F.times(dL(yi), xhi))),
    xhat: F.eq(dL(xhi), F.juxt(S.gamma, dL(yi))),
    variance: F.eq(
      dL(sigma2),
      F.juxt(
        F.negF(F.fracF(F.num(1), F.num(2))),
        F.pow(shifted, F.negF(F.fracF(F.num(3), F.num(2)))),
        sumI(F.juxt(dL(xhi), F.minus(xi, S.mu))),
      ),
    ),
    mean: F.eq(dL(S.mu), F.juxt(F.negF(F.fracF(F.num(1), F.sqrtF(shifted))), sumI(dL(xhi)))),
    x: F.eq(
      dL(xi),
      F.plus(
        F.fracF(dL(xhi), F.sqrtF(shifted)),
        F.times(dL(sigma2), F.fracF(F.juxt(F.num(2), F.minus(xi, S.mu)), D)),
        F.fracF(dL(S.mu), S.m),
      ),
    ),
    compact: F.eq(
      dL(xi),
      F.juxt(
        F.fracF(S.gamma, F.juxt(S.m, F.sqrtF(shifted))),
        F.minus(
          F.minus(F.juxt(S.m, dL(yi)), F.sumOver(S.j, dL(ix(S.y, S.j)))),
          F.juxt(
            ...(variance === "biased" ? [] : [F.fracF(S.m, D)]),
            xhi,
            F.sumOver(S.j, F.times(dL(ix(S.y, S.j)), ix(S.xhat, S.j))),
          ),
        ),
      ),
    ),
  };
}

/** The compact form of ∂L/∂x, shown to agree with the staged result, and Σ ∂L/∂x = 0. */
function compactStep(input: BackwardInput, grads: BatchnormBackward[], general: General): Step {
  // a loop, not Math.max(...): a million arguments would overflow the stack
  let agreement = 0;
  for (const g of grads) {
    for (let i = 0; i < g.x.length; i++) {
      const gap = Math.abs(sc.toNumber(g.x[i]!) - sc.toNumber(g.xCompact[i]!));
      agreement = Math.max(agreement, gap);
    }
  }
  const exactAgreement = grads.every((g) =>
    g.x.every((v, i) => sc.isExact(v) && sc.isExact(g.xCompact[i]!) && v.equals(g.xCompact[i]!)),
  );
  return {
    title: "The compact form agrees",
    formula: general.compact,
    ...(input.matrix ? {} : { value: (grads[0] as BatchnormBackward).xCompact }),
    notes: [
      exactAgreement
        ? "identical to the staged result, exactly"
        : F.juxt(F.text("largest difference from the staged result: "), F.num(agreement)),
      F.juxt(
        F.text("Σᵢ ∂L/∂xᵢ = "),
        F.num(stats.total(grads.flatMap((g) => g.x))),
        F.text(": shifting a whole column leaves its x̂ unchanged, so the gradient sums to 0"),
      ),
    ],
  };
}

/** Why ∂L/∂μ has no σ² term: the deviations sum to 0. */
const meanPathNote = (variance: VarianceKind) =>
  `the path through σ² adds ∂L/∂σ²·(−2/${variance === "biased" ? "m" : "(m − 1)"})Σᵢ(xᵢ − μ), ` +
  "which is 0 because the deviations sum to 0";

/** A column's backward pass in one table: ∂L/∂y, x̂, ∂L/∂x̂ and ∂L/∂x by row. */
function columnTable(dy: readonly Scalar[], fw: FeatureForward, g: BatchnormBackward): Table {
  return {
    columns: [
      { header: "i", cells: new RowNumbers(dy.length) },
      { header: dL(yi), cells: dy },
      { header: xhi, cells: fw.xhat },
      { header: dL(xhi), cells: g.xhat },
      { header: dL(xi), cells: g.x },
    ],
  };
}

/**
 * Every step of column j's backward pass, numbers substituted: the whole of a vector x, and each column of a
 * matrix (titled "column j", its answers then given per column by matrixSteps).
 */
function columnSteps(
  input: BackwardInput,
  j: number,
  fw: FeatureForward,
  g: BatchnormBackward,
  general: General,
): Step[] {
  const xs = input.columns[j] as Scalar[];
  const dy = input.dLdy[j] as Scalar[];
  const gamma = input.gamma[j]!;
  const of = input.matrix ? `, column ${j + 1}` : "";
  const answers = (fields: string[]) => (input.matrix ? {} : { answerFields: fields });
  const m = xs.length;
  const n = F.num;
  const D = input.variance === "biased" ? m : m - 1;
  const dev = xs.map((x) => sc.sub(x, fw.mean));
  const shiftedValue = sc.isZero(input.eps) ? n(fw.variance) : F.plus(n(fw.variance), n(input.eps));
  const steps: Step[] = [
    {
      title: `∂L/∂β${of}`,
      ...answers(["grad.beta"]),
      formula: general.beta,
      substitution: [F.sumOf(m, (i) => n(dy[i]!))],
      value: g.beta,
    },
    {
      title: `∂L/∂γ${of}`,
      ...answers(["grad.gamma"]),
      formula: general.gamma,
      substitution: [F.sumOf(m, (i) => F.times(n(dy[i]!), n(fw.xhat[i]!)))],
      value: g.gamma,
    },
    {
      title: `∂L/∂x̂ᵢ${of}`,
      formula: general.xhat,
      substitution: [F.listOf(m, (i) => F.times(n(gamma), n(dy[i]!)))],
      value: g.xhat,
    },
    {
      title: `∂L/∂σ²${of}`,
      formula: general.variance,
      substitution: [
        F.juxt(
          F.negF(F.fracF(n(1), n(2))),
          F.pow(shiftedValue, F.negF(F.fracF(n(3), n(2)))),
          F.paren(F.sumOf(m, (i) => F.times(n(g.xhat[i]!), n(dev[i]!)))),
        ),
      ],
      value: g.variance,
      ...answers(["grad.variance"]),
    },
    {
      title: `∂L/∂μ${of}`,
      formula: general.mean,
      substitution: [F.juxt(F.negF(F.fracF(n(1), F.sqrtF(shiftedValue))), F.paren(F.sumOf(m, (i) => n(g.xhat[i]!))))],
      value: g.mean,
      ...answers(["grad.mean"]),
      notes: [meanPathNote(input.variance)],
    },
    {
      title: `∂L/∂xᵢ${of}`,
      ...answers(["grad.x"]),
      formula: general.x,
      substitution: [
        F.listOf(m, (i) =>
          F.plus(
            F.fracF(n(g.xhat[i]!), n(fw.std)),
            F.times(n(g.variance), F.fracF(F.times(n(2), n(dev[i]!)), n(D))),
            F.fracF(n(g.mean), n(m)),
          ),
        ),
      ],
      value: g.x,
      tables: [columnTable(dy, fw, g)],
    },
  ];
  return steps;
}

function matrixSteps(grads: BatchnormBackward[], general: General): Step[] {
  const perFeature = (pick: (g: BatchnormBackward) => Scalar) => grads.map(pick);
  const note = "one value per column j";
  return [
    {
      title: "∂L/∂β per column",
      answerFields: ["grad.beta"],
      formula: general.beta,
      value: perFeature((g) => g.beta),
      notes: [note],
    },
    {
      title: "∂L/∂γ per column",
      answerFields: ["grad.gamma"],
      formula: general.gamma,
      value: perFeature((g) => g.gamma),
      notes: [note],
    },
    {
      title: "∂L/∂σ² per column",
      formula: general.variance,
      value: perFeature((g) => g.variance),
      answerFields: ["grad.variance"],
      notes: [note],
    },
    {
      title: "∂L/∂μ per column",
      formula: general.mean,
      value: perFeature((g) => g.mean),
      answerFields: ["grad.mean"],
      notes: [note],
    },
  ];
}

/** Central differences of L = Σ ∂L/∂yᵢ·yᵢ in x (up to FD_COORDINATES entries), γ and β. */
function finiteDifferenceStep(input: BackwardInput, grads: BatchnormBackward[]): Step {
  const kind = input.variance;
  const eps = sc.toNumber(input.eps);
  const lossOfColumn = (xs: number[], dy: number[], gamma: number, beta: number) => {
    const mu = sc.toNumber(stats.mean(xs));
    const v = sc.toNumber(stats.variance(xs, mu, kind));
    const s = Math.sqrt(v + eps);
    return sc.toNumber(stats.total(xs.map((x, i) => (dy[i] as number) * (gamma * ((x - mu) / s) + beta))));
  };
  const rows: Array<GradcheckRow<Cell>> = [];
  const m = input.columns[0]!.length;
  const features = input.columns.length;
  const total = m * features;
  const picks = checkedCoordinates(total);
  // matrix entries are named as check mode names them: x[2][1]
  const label = (i: number, j: number): Cell => (input.matrix ? `x[${i + 1}][${j + 1}]` : ix(S.x, F.num(i + 1)));
  for (const k of picks) {
    const i = k % m;
    const j = Math.floor(k / m);
    const xs = input.columns[j]!.map(sc.toNumber);
    const dy = input.dLdy[j]!.map(sc.toNumber);
    const gamma = sc.toNumber(input.gamma[j]!);
    const beta = sc.toNumber(input.beta[j]!);
    const numeric = partialDifference((w) => lossOfColumn(w, dy, gamma, beta), xs, i);
    rows.push(gradcheckRow(label(i, j), sc.toNumber((grads[j] as BatchnormBackward).x[i]!), numeric));
  }
  input.columns.forEach((col, j) => {
    const xs = col.map(sc.toNumber);
    const dy = input.dLdy[j]!.map(sc.toNumber);
    const gamma = sc.toNumber(input.gamma[j]!);
    const beta = sc.toNumber(input.beta[j]!);
    const tag = (base: Formula): Formula => (input.matrix ? ix(base, F.num(j + 1)) : base);
    const g = grads[j] as BatchnormBackward;
    rows.push(
      gradcheckRow(
        tag(S.gamma),
        sc.toNumber(g.gamma),
        centralDifference((u) => lossOfColumn(xs, dy, u, beta), gamma, relativeStep(gamma)),
      ),
    );
    rows.push(
      gradcheckRow(
        tag(S.beta),
        sc.toNumber(g.beta),
        centralDifference((u) => lossOfColumn(xs, dy, gamma, u), beta, relativeStep(beta)),
      ),
    );
  });
  return gradcheckStep(
    "Finite-difference check, L = Σᵢ (∂L/∂yᵢ)·yᵢ",
    rows,
    "parameter",
    total > FD_COORDINATES
      ? [`${FD_COORDINATES} of the ${total} entries of x, spread evenly; each costs one O(m) evaluation of L`]
      : [],
  );
}

/** ∂L/∂x of a matrix x, a column per feature. */
function xStep(input: BackwardInput, grads: BatchnormBackward[], general: General): Step {
  const m = input.columns[0]!.length;
  const xij = ix(S.x, F.juxt(S.i, S.j));
  return {
    title: "∂L/∂x",
    answerFields: ["grad.x"],
    formula: general.x,
    tables: [
      {
        columns: [
          { header: "i", cells: new RowNumbers(m) },
          ...grads.map((g, j) => ({ header: dL(ix(S.x, F.juxt(S.i, F.num(j + 1)))), cells: g.x })),
        ],
      },
    ],
    notes: [F.juxt(F.text("each column on its own, with its own μ, σ² and x̂: "), dL(xij))],
  };
}

/** The gradients of every column, worked out above, side by side. */
function gradientTable(grads: BatchnormBackward[]): Step {
  return {
    title: "The gradients per column",
    answerFields: ["grad.beta", "grad.gamma", "grad.variance", "grad.mean"],
    tables: [
      {
        columns: [
          { header: "j", cells: new RowNumbers(grads.length) },
          { header: dL(S.beta), cells: grads.map((g) => g.beta) },
          { header: dL(S.gamma), cells: grads.map((g) => g.gamma) },
          { header: dL(sigma2), cells: grads.map((g) => g.variance) },
          { header: dL(S.mu), cells: grads.map((g) => g.mean) },
        ],
      },
    ],
  };
}
