import type { Matrix } from "../../core/linalg.js";
import * as la from "../../core/linalg.js";
import { conditionNumbers, type RidgeSolve, ridgeGradient, shrinkFactor, svdSolve } from "../../core/ridge.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { maxOf } from "../../core/stats.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Column, Step, Table } from "../../solution/solution.js";
import { EXACT_LIMIT, ix } from "../common.js";
import { EXACT_MAX_UNKNOWNS, type RidgeInput } from "./input.js";

export const A = F.sym("A");

export const b = F.sym("b", "\\mathbf{b}");

export const x = F.sym("x", "\\mathbf{x}");

const I = F.sym("I");

const T = F.sym("T");

export const tr = (m: Formula) => F.superscript(m, T);

const AtA = F.juxt(tr(A), A);

const norm = (v: Formula) => F.pow(F.normF(v), F.num(2));

export const lam = S.lambda;

const sig = (i: Formula | number) => ix(S.sigma, i);

/** Past this condition number of AᵀA + λI, float64 keeps fewer than 6 of its 16 digits in x. */
const ILL_CONDITIONED = 1e10;

/** A warning when float64 loses most of its digits solving AᵀA + λI (exact arithmetic loses none). */
export function conditioningWarnings(input: RidgeInput, sigma: readonly number[]): string[] {
  if (input.exact) return [];
  const p = input.A[0]!.length;
  const smin = p > sigma.length ? 0 : (sigma[sigma.length - 1] ?? 0);
  const worst = maxOf(input.lambdas.map((l) => conditionNumbers(sigma[0] ?? 0, smin, sc.toNumber(l)).after));
  if (!(worst > ILL_CONDITIONED)) return [];
  const digits = Math.max(0, Math.floor(16 - Math.log10(worst)));
  return [
    `AᵀA + λI is ill-conditioned (condition number ${worst.toPrecision(3)}): in float64, x may keep only about ` +
      `${digits} of 16 digits; a larger λ or exact inputs (fractions) give a reliable x`,
  ];
}

/** A matrix as a table, rows and columns numbered from 1. */
export function matrixTable(M: readonly (readonly Scalar[])[], title?: string): Table {
  const cols = (M[0] ?? []).length;
  const columns: Column[] = [
    { header: "", cells: M.map((_, i) => i + 1) },
    ...Array.from({ length: cols }, (_, j) => ({ header: String(j + 1), cells: M.map((r) => r[j]!) })),
  ];
  return title === undefined ? { columns } : { title, columns };
}

export function vectorTable(name: Formula, v: readonly Scalar[]): Table {
  return {
    columns: [
      { header: "i", cells: v.map((_, i) => i + 1) },
      { header: name, cells: v },
    ],
  };
}

export function derivationStep(): Step {
  const fx = F.call("f", x);
  return {
    title: "Closed form (review problem 2)",
    derivation: [
      { formula: F.eq(fx, F.plus(norm(F.minus(F.juxt(A, x), b)), F.juxt(lam, norm(x)))), reason: "the objective" },
      {
        formula: F.eq(
          fx,
          F.plus(
            F.minus(F.juxt(tr(x), tr(A), A, x), F.juxt(F.num(2), tr(x), tr(A), b)),
            F.juxt(tr(b), b),
            F.juxt(lam, tr(x), x),
          ),
        ),
        reason: "expand",
      },
      {
        formula: F.eq(
          F.juxt(F.subscript(F.sym("∇", "\\nabla"), x), F.call("f", x)),
          F.plus(F.minus(F.juxt(F.num(2), AtA, x), F.juxt(F.num(2), tr(A), b)), F.juxt(F.num(2), lam, x)),
          F.num(0),
        ),
        reason: "gradient, set to zero",
      },
      { formula: F.eq(F.juxt(F.plus(AtA, F.juxt(lam, I)), x), F.juxt(tr(A), b)), reason: "collect x" },
      {
        formula: F.eq(x, F.juxt(F.superscript(F.plus(AtA, F.juxt(lam, I)), F.negF(F.num(1))), tr(A), b)),
        reason: "AᵀA + λI is invertible for λ > 0",
      },
    ],
  };
}

const gradientFormula = F.plus(F.minus(F.juxt(F.num(2), AtA, x), F.juxt(F.num(2), tr(A), b)), F.juxt(F.num(2), lam, x));

/**
 * The numbers of a one- or two-unknown solve, by Cramer's rule on M = AᵀA + λI and r = Aᵀb:
 * x₁ = (m₂₂r₁ − m₁₂r₂)/det M, x₂ = (m₁₁r₂ − m₂₁r₁)/det M. Larger systems are solved as the note says.
 */
function smallSolve(M: Matrix, r: readonly Scalar[]): { substitution?: Formula[] } {
  const n = F.num;
  const m = (i: number, j: number) => M[i]![j]!;
  if (r.length === 1) return { substitution: [F.fracF(n(r[0]!), n(m(0, 0)))] };
  if (r.length !== 2) return {};
  const det = F.minus(F.times(n(m(0, 0)), n(m(1, 1))), F.times(n(m(0, 1)), n(m(1, 0))));
  const [r1, r2] = [n(r[0]!), n(r[1]!)];
  return {
    substitution: [
      F.list([
        F.fracF(F.minus(F.times(n(m(1, 1)), r1), F.times(n(m(0, 1)), r2)), det),
        F.fracF(F.minus(F.times(n(m(0, 0)), r2), F.times(n(m(1, 0)), r1)), det),
      ]),
    ],
  };
}

/** One λ: AᵀA + λI, the solve, the zero-gradient check, the objective, the singular values. */
export function oneLambdaSteps(input: RidgeInput, G: Matrix, Atb: Scalar[], dec: la.Svd, first: RidgeSolve): Step[] {
  const lambda = first.lambda;
  const grad = ridgeGradient(G, Atb, lambda, first.x);
  const gradNorm = Math.sqrt(sc.toNumber(la.norm2Squared(grad)));
  return [
    { title: "AᵀA + λI", answerFields: ["AtAPlusLambdaI"], tables: [matrixTable(la.addDiagonal(G, lambda))] },
    {
      title: "Solve (AᵀA + λI)x = Aᵀb",
      answerFields: ["x"],
      formula: F.eq(x, F.juxt(F.superscript(F.plus(AtA, F.juxt(lam, I)), F.negF(F.num(1))), tr(A), b)),
      ...smallSolve(la.addDiagonal(G, lambda), Atb),
      value: first.x,
      tables: [vectorTable(ix(x, S.i), first.x)],
      notes: [first.method],
    },
    {
      title: "Check: the gradient is zero at x",
      formula: F.eq(F.juxt(F.subscript(F.sym("∇", "\\nabla"), x), F.call("f", x)), gradientFormula),
      value: grad,
      notes: [
        input.exact && grad.every(sc.isExact)
          ? grad.every(sc.isZero)
            ? "exactly 0: x is the minimiser"
            : "not zero: this is a bug, please report it"
          : F.juxt(F.text("‖∇f‖ = "), F.num(gradNorm), F.text(" (zero up to float64 rounding)")),
      ],
    },
    {
      title: "Objective at x",
      answerFields: ["objective"],
      formula: F.eq(F.call("f", x), F.plus(norm(F.minus(F.juxt(A, x), b)), F.juxt(lam, norm(x)))),
      substitution: [F.plus(F.num(first.residual), F.num(first.penalty))],
      value: first.objective,
      notes: ["the fit term ‖Ax − b‖² plus the penalty λ‖x‖²"],
    },
    singularValueStep(input, dec, lambda, first.x),
  ];
}

/** A list of λ: the singular values, then x, ‖x‖, the fit and the objective per λ. */
export function pathSteps(input: RidgeInput, dec: la.Svd, solves: RidgeSolve[]): Step[] {
  const p = input.A[0]!.length;
  const normX = solves.map((s) => Math.sqrt(sc.toNumber(la.norm2Squared(s.x))));
  return [
    singularValueStep(input, dec, undefined, undefined),
    {
      title: "Regularisation path",
      answerFields: ["path"],
      tables: [
        {
          columns: [
            { header: lam, cells: solves.map((s) => s.lambda) },
            { header: x, cells: solves.map((s) => F.listOf(p, (i) => F.num(s.x[i]!))) },
            { header: F.normF(x), cells: normX },
            { header: norm(F.minus(F.juxt(A, x), b)), cells: solves.map((s) => s.residual) },
            { header: "objective", cells: solves.map((s) => s.objective) },
          ],
        },
      ],
      notes: ["as λ grows, ‖x‖ shrinks toward 0 and the fit ‖Ax − b‖² gets worse", (solves[0] as RidgeSolve).method],
    },
  ];
}

function singularValueStep(
  input: RidgeInput,
  dec: la.Svd,
  lambda: Scalar | undefined,
  xClosed: Scalar[] | undefined,
): Step {
  const sigma = dec.sigma;
  const i = S.i;
  const columns: Column[] = [
    { header: "i", cells: sigma.map((_, k) => k + 1) },
    { header: sig(i), cells: sigma },
    { header: F.pow(sig(i), F.num(2)), cells: sigma.map((s) => s * s) },
  ];
  const notes: Array<string | Formula> = [];
  const p = input.A[0]!.length;
  const smax = sigma[0] ?? 0;
  const smin = p > sigma.length ? 0 : (sigma[sigma.length - 1] ?? 0);
  if (lambda !== undefined) {
    const l = sc.toNumber(lambda);
    columns.push(
      { header: F.plus(F.pow(sig(i), F.num(2)), lam), cells: sigma.map((s) => s * s + l) },
      { header: F.fracF(F.num(1), sig(i)), cells: sigma.map((s) => (s === 0 ? "∞" : 1 / s)) },
      {
        header: F.fracF(sig(i), F.plus(F.pow(sig(i), F.num(2)), lam)),
        cells: sigma.map((s) => (s * s + l === 0 ? "∞" : s / (s * s + l))),
      },
      {
        header: F.fracF(F.pow(sig(i), F.num(2)), F.plus(F.pow(sig(i), F.num(2)), lam)),
        cells: sigma.map((s) => shrinkFactor(s, lambda)),
      },
    );
    const { before: kappa, after: kappaShifted } = conditionNumbers(smax, smin, l);
    notes.push(
      "1/σᵢ is the least-squares gain along the i-th singular direction; ridge replaces it by σᵢ/(σᵢ² + λ), which " +
        "stays finite as σᵢ → 0",
      F.juxt(F.text("condition number of AᵀA: "), F.num(kappa), F.text("; of AᵀA + λI: "), F.num(kappaShifted)),
      F.juxt(
        F.text("adding λ = "),
        F.num(lambda),
        F.text(" shifts every σᵢ² away from zero (the smallest, "),
        F.num(smin * smin),
        F.text(", to "),
        F.num(smin * smin + l),
        F.text(
          "), so nothing blows up when the matrix is inverted; each direction is kept by its shrink factor σᵢ²/(σᵢ² " +
            "+ λ), smallest for the smallest σᵢ",
        ),
      ),
    );
    if (xClosed) {
      const xSvd = svdSolve(dec, input.b, l, p);
      const diff = xSvd.reduce((w, v, j) => Math.max(w, Math.abs(v - sc.toNumber(xClosed[j]!))), 0);
      notes.push(
        F.juxt(
          F.text("the SVD form x = Σᵢ vᵢ σᵢ/(σᵢ² + λ) uᵢᵀb agrees with the closed form: largest difference "),
          F.num(diff),
        ),
      );
    }
  }
  return {
    title: "What λ does to the singular values",
    answerFields: ["singularValues", "shrink"],
    tables: [{ columns }],
    notes,
  };
}

/** Which arithmetic ridge used, and why. */
export function arithmeticNote(input: RidgeInput, n: number, p: number): string {
  if (input.exact) return "exact arithmetic: every input is rational";
  if (n * p > EXACT_LIMIT || p > EXACT_MAX_UNKNOWNS) {
    const limits = `${EXACT_LIMIT} entries, ${EXACT_MAX_UNKNOWNS} unknowns`;
    return `float64: past the size solved with exact fractions (${limits})`;
  }
  return "float64: not every input is rational";
}
