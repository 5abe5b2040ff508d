// Seed part 2: ridge regression, argmin ‖Ax − b‖² + λ‖x‖², in closed form,
// with the singular-value reading of what λ does.
import { type Chart, spaced } from "../chart.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import type { Matrix } from "../core/linalg.js";
import * as la from "../core/linalg.js";
import {
  conditionNumbers,
  numericalRank,
  type RidgeSolve,
  ridgeGradient,
  ridgeSolve,
  shrinkFactor,
  svdSolve,
} from "../core/ridge.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { maxOf } from "../core/stats.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_RIDGE_UNKNOWNS, MAX_RIDGE_WORK, ridgeWork } from "../limits.js";
import type { AnswerValue, Column, Solution, Step, Table } from "../solution.js";
import { EXACT_LIMIT, ix, lettered, listText, matrixText, subscriptDigits } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

export interface RidgeInput {
  /** No numbers: the derivation in symbols. */
  symbolic?: boolean;
  A: Matrix;
  b: Scalar[];
  lambdas: Scalar[];
  /** λ given as a list: a regularisation path. */
  path: boolean;
  exact: boolean;
  labels: { A: string; lambda: string };
}

/** Exact elimination on fractions serves small systems; larger ones go to float64 Cholesky. */
const EXACT_MAX_UNKNOWNS = 16;

const A = F.sym("A");
const b = F.sym("b", "\\mathbf{b}");
const x = F.sym("x", "\\mathbf{x}");
const I = F.sym("I");
const T = F.sym("T");
const tr = (m: Formula) => F.superscript(m, T);
const AtA = F.juxt(tr(A), A);
const norm = (v: Formula) => F.pow(F.normF(v), F.num(2));
const lam = S.lambda;
const sig = (i: Formula | number) => ix(S.sigma, i);

function validate(fields: Fields): RidgeInput {
  if (!["A", "b", "lambda"].some((f) => fields.has(f))) {
    return {
      symbolic: true,
      A: [],
      b: [],
      lambdas: [],
      path: false,
      exact: false,
      labels: { A: "--A", lambda: "--lambda" },
    };
  }
  const Am = fields.requireMatrix("A");
  const bv = fields.requireVector("b");
  if (bv.length !== Am.length) {
    throw fieldError(
      fields.label("b"),
      `has ${bv.length} values, ${fields.label("A")} has ${Am.length} rows (b needs one value per row of A)`,
    );
  }
  if (!fields.has("lambda"))
    throw fields.missing("lambda", "λ ≥ 0; a list such as 0.1,1,10 gives a regularisation path");
  const l = fields.numberOrList("lambda") as Scalar | Scalar[];
  const lambdas = Array.isArray(l) ? l : [l];
  lambdas.forEach((v, i) => {
    if (sc.sign(v) < 0) {
      throw fieldError(
        lambdas.length > 1 ? `${fields.label("lambda")}[${i + 1}]` : fields.label("lambda"),
        "must be ≥ 0 (λ < 0 rewards large x and has no minimum)",
      );
    }
  });
  const p = (Am[0] as Scalar[]).length;
  if (p > MAX_RIDGE_UNKNOWNS) {
    throw fieldError(
      fields.label("A"),
      `has ${p} columns, more than the ${MAX_RIDGE_UNKNOWNS} unknowns ridge solves (AᵀA is p × p and the SVD costs ` +
        `O(n·p²))`,
    );
  }
  const work = ridgeWork(Am.length, p, lambdas.length);
  if (work > MAX_RIDGE_WORK) {
    throw fieldError(
      lambdas.length > 1 && work > 2 * ridgeWork(Am.length, p, 1) ? fields.label("lambda") : fields.label("A"),
      `A is ${Am.length} × ${p} with ${lambdas.length} λ: ${(work / 1e6).toFixed(0)} million units of work, more ` +
        `than the ${MAX_RIDGE_WORK / 1e6} million ridge solves in about 5 s (README: limits)`,
    );
  }
  const exact =
    sc.allExact([...Am.flat(), ...bv, ...lambdas]) && Am.length * p <= EXACT_LIMIT && p <= EXACT_MAX_UNKNOWNS;
  const float = (v: Scalar) => (exact ? v : sc.toNumber(v));
  return {
    A: Am.map((r) => r.map(float)),
    b: bv.map(float),
    lambdas: lambdas.map(float),
    path: Array.isArray(l),
    exact,
    labels: { A: fields.label("A"), lambda: fields.label("lambda") },
  };
}

function solveOne(input: RidgeInput, G: Matrix, Atb: Scalar[], lambda: Scalar, rank: number): RidgeSolve {
  // In float64 a rank-deficient AᵀA may still pass Cholesky by rounding: refuse it by its numerical rank.
  const deficient = !input.exact && sc.isZero(lambda) && rank < G.length;
  const r = deficient ? null : ridgeSolve(input.A, input.b, G, Atb, lambda, input.exact);
  if (r === null && sc.isZero(lambda)) {
    throw fieldError(
      input.labels.lambda,
      `λ = 0 leaves AᵀA singular (rank ${rank} < ${G.length} unknowns): least squares has no unique solution; ` +
        "give λ > 0",
    );
  }
  if (r === null) {
    // λ > 0 makes AᵀA + λI invertible in exact arithmetic, but a λ below AᵀA's rounding is lost in float64.
    const rounding = Number.EPSILON * maxOf(G.map((row, i) => Math.abs(sc.toNumber(row[i] as Scalar))));
    throw fieldError(
      input.labels.lambda,
      `AᵀA + λI is singular in float64 for λ = ${sc.toNumber(lambda)}: AᵀA has rank ${rank} < ${G.length}, and λ is ` +
        `below float64's rounding of AᵀA (about ${rounding.toPrecision(2)}); give a larger λ, or exact inputs`,
    );
  }
  return r;
}

/** Past this condition number of AᵀA + λI, float64 keeps fewer than 6 of its 16 digits in x. */
const ILL_CONDITIONED = 1e10;

/** A warning when float64 loses most of its digits solving AᵀA + λI (exact arithmetic loses none). */
function conditioningWarnings(input: RidgeInput, sigma: readonly number[]): string[] {
  if (input.exact) return [];
  const p = (input.A[0] as Scalar[]).length;
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
function matrixTable(M: readonly (readonly Scalar[])[], title?: string): Table {
  const cols = (M[0] ?? []).length;
  const columns: Column[] = [
    { header: "", cells: M.map((_, i) => i + 1) },
    ...Array.from({ length: cols }, (_, j) => ({ header: String(j + 1), cells: M.map((r) => r[j] as Scalar) })),
  ];
  return title === undefined ? { columns } : { title, columns };
}

function vectorTable(name: Formula, v: readonly Scalar[]): Table {
  return {
    columns: [
      { header: "i", cells: v.map((_, i) => i + 1) },
      { header: name, cells: v },
    ],
  };
}

function derivationStep(): Step {
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

/** One λ: AᵀA + λI, the solve, the zero-gradient check, the objective, the singular values. */
function oneLambdaSteps(input: RidgeInput, G: Matrix, Atb: Scalar[], dec: la.Svd, first: RidgeSolve): Step[] {
  const lambda = first.lambda;
  const grad = ridgeGradient(G, Atb, lambda, first.x);
  const gradNorm = Math.sqrt(sc.toNumber(la.norm2Squared(grad)));
  return [
    { title: "AᵀA + λI", answerFields: ["AtAPlusLambdaI"], tables: [matrixTable(la.addDiagonal(G, lambda))] },
    {
      title: "Solve (AᵀA + λI)x = Aᵀb",
      answerFields: ["x"],
      formula: F.eq(x, F.juxt(F.superscript(F.plus(AtA, F.juxt(lam, I)), F.negF(F.num(1))), tr(A), b)),
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
function pathSteps(input: RidgeInput, dec: la.Svd, solves: RidgeSolve[]): Step[] {
  const p = (input.A[0] as Scalar[]).length;
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
            { header: x, cells: solves.map((s) => F.listOf(p, (i) => F.num(s.x[i] as Scalar))) },
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

function symbolicSolution(): Solution {
  const s = F.sym("σᵢ", "\\sigma_i");
  const u = F.sym("uᵢ", "u_i");
  const v = F.sym("vᵢ", "v_i");
  return {
    problem: "ridge",
    title: "Ridge regression, in symbols",
    input: {},
    summary: "the derivation; give --A, --b and --lambda for numbers",
    steps: [
      derivationStep(),
      {
        title: "What λ does to the singular values",
        derivation: [
          {
            formula: F.eq(
              x,
              F.sumOver(S.i, F.juxt(v, F.fracF(s, F.plus(F.pow(s, F.num(2)), lam)), F.superscript(u, F.sym("T")), b)),
            ),
            reason: "with A = Σᵢ σᵢuᵢvᵢᵀ (the SVD)",
          },
          {
            formula: F.eq(
              F.sym("shrinkᵢ", "\\text{shrink}_i"),
              F.fracF(F.pow(s, F.num(2)), F.plus(F.pow(s, F.num(2)), lam)),
            ),
            reason: "least squares has gain 1/σᵢ; ridge σᵢ/(σᵢ² + λ), which stays finite as σᵢ → 0",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function solve(input: RidgeInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const n = input.A.length;
  const p = (input.A[0] as Scalar[]).length;
  const G = la.gram(input.A);
  const Atb = la.transposeTimes(input.A, input.b);
  const dec = la.svd(input.A.map((r) => r.map(sc.toNumber)));
  const sigma = dec.sigma;
  const rank = numericalRank(sigma, n, p);
  const solves = input.lambdas.map((l) => solveOne(input, G, Atb, l, rank));
  const first = solves[0] as RidgeSolve;
  const steps: Step[] = [
    derivationStep(),
    {
      title: "Shapes",
      notes: [`A is ${n} × ${p} and b has ${n} entries, so x has ${p} entries and AᵀA is ${p} × ${p}`],
    },
    { title: "AᵀA", answerFields: ["AtA"], tables: [matrixTable(G)] },
    { title: "Aᵀb", answerFields: ["Atb"], tables: [vectorTable(F.juxt(tr(A), b), Atb)] },
    ...(input.path ? pathSteps(input, dec, solves) : oneLambdaSteps(input, G, Atb, dec, first)),
  ];
  const answer: Record<string, AnswerValue> = input.path
    ? {
        singularValues: sigma,
        AtA: G,
        Atb,
        path: solves.map((s) => ({ lambda: s.lambda, x: s.x, objective: s.objective })),
      }
    : {
        x: first.x,
        AtA: G,
        AtAPlusLambdaI: la.addDiagonal(G, first.lambda),
        Atb,
        singularValues: sigma,
        shrink: sigma.map((s) => shrinkFactor(s, first.lambda)),
        objective: first.objective,
      };
  return {
    problem: "ridge",
    title: "Ridge regression, argmin ‖Ax − b‖² + λ‖x‖²",
    input: { A: input.A, b: input.b, lambda: input.path ? input.lambdas : (input.lambdas[0] as Scalar) },
    summary:
      `A is ${n} × ${p}; ${arithmeticNote(input, n, p)}; ` +
      "singular values always in float64 (one-sided Jacobi SVD of A)",
    steps,
    answer,
    warnings: conditioningWarnings(input, sigma),
  };
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
  const p = (input.A[0] as Scalar[]).length;
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
      const diff = xSvd.reduce((w, v, j) => Math.max(w, Math.abs(v - sc.toNumber(xClosed[j] as Scalar))), 0);
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
function arithmeticNote(input: RidgeInput, n: number, p: number): string {
  if (input.exact) return "exact arithmetic: every input is rational";
  if (n * p > EXACT_LIMIT || p > EXACT_MAX_UNKNOWNS) {
    const limits = `${EXACT_LIMIT} entries, ${EXACT_MAX_UNKNOWNS} unknowns`;
    return `float64: past the size solved with exact fractions (${limits})`;
  }
  return "float64: not every input is rational";
}

/** SPEC 6.2: the least-squares solution, λ left out (when AᵀA can be solved alone). */
function mistakes(input: RidgeInput, _sol: Solution): Mistake[] {
  if (input.symbolic || input.path) return [];
  try {
    const plain = solve({ ...input, lambdas: [sc.frac(0)] });
    return [
      {
        id: "no-regularisation",
        answer: { x: plain.answer.x as AnswerValue },
        says: (field, given) => `your ${field} ${given} is the least-squares solution (λ = 0); ridge adds λI to AᵀA`,
      },
    ];
  } catch {
    return []; // AᵀA alone is singular: no least-squares solution to mistake it for
  }
}

/** Practice (SPEC 4.12): a 3 × 2 ridge problem whose solution has small denominators. */
const practice: PracticeGenerator = {
  guarantee:
    "A is 3 × 2 with entries from −2 to 2 and full column rank, b whole numbers, λ ∈ {1/2, 1, 2}: the solution x " +
    "is nonzero and each entry a fraction with denominator at most 30",
  generate(rng) {
    for (;;) {
      const A = [0, 1, 2].map(() => rng.ints(2, -2, 2));
      const b = rng.ints(3, -3, 3);
      const [p, q] = rng.pick([
        [1, 2],
        [1, 1],
        [2, 1],
      ] as const);
      // q(AᵀA + λI) x = q Aᵀb in whole numbers, solved by Cramer's rule
      const dot = (i: number, j: number) => A.reduce((s, r) => s + (r[i] as number) * (r[j] as number), 0);
      const atb = [0, 1].map((j) => A.reduce((s, r, i) => s + (r[j] as number) * (b[i] as number), 0));
      const [a, c, e] = [dot(0, 0), dot(0, 1), dot(1, 1)];
      if (a * e - c * c === 0) continue; // AᵀA singular: no least-squares solution to compare with
      const det = (q * a + p) * (q * e + p) - q * c * (q * c);
      const num = [
        q * (atb[0] as number) * (q * e + p) - q * c * q * (atb[1] as number),
        (q * a + p) * q * (atb[1] as number) - q * c * q * (atb[0] as number),
      ];
      if (num.every((v) => v === 0)) continue;
      if (num.some((v) => Math.abs(det) / sc.gcd(Math.abs(v), Math.abs(det)) > 30)) continue;
      const lambda = q === 1 ? p : `${p}/${q}`;
      return {
        input: { A, b, lambda },
        statement: [
          `Ridge regression: find x = argmin ‖Ax − b‖² + λ‖x‖² for A = ${matrixText(A)}, b = ${listText(b)} and ` +
            `λ = ${lambda}.`,
          ...lettered([
            "Compute AᵀA + λI and Aᵀb.",
            "Solve for x, as exact fractions.",
            "Compute the singular values σᵢ of A and the shrink factors σᵢ²/(σᵢ² + λ): which direction does λ " +
              "shrink most?",
          ]),
        ],
      };
    }
  },
};

/** --plot, for a list of λ: x and the shrink factors against λ on a log scale, each λ given marked. */
function plots(input: RidgeInput): Chart[] {
  if (input.symbolic || !input.path) return [];
  const lambdas = input.lambdas.map(sc.toNumber);
  const positive = lambdas.filter((l) => l > 0);
  if (positive.length === 0) return [];
  const hi = Math.max(...positive);
  const lo = Math.min(...positive) < hi ? Math.min(...positive) : hi / 100;
  const grid = spaced(lo, hi, 81, true);
  const p = (input.A[0] as Scalar[]).length;
  const dec = la.svd(input.A.map((r) => r.map(sc.toNumber)));
  const xs = grid.map((l) => svdSolve(dec, input.b, l, p));
  const marks = lambdas.filter((l) => l > 0).map((l) => ({ x: l, label: `λ = ${l}` }));
  const shown = Math.min(p, 6);
  return [
    {
      kind: "line",
      title: "x against λ",
      xLabel: "λ (log scale)",
      x: grid,
      logX: true,
      series: Array.from({ length: shown }, (_, j) => ({
        name: `x${subscriptDigits(j + 1)}`,
        y: xs.map((x) => x[j] as number),
      })),
      marks,
    },
    {
      kind: "line",
      title: "shrink factors σᵢ²/(σᵢ² + λ) against λ",
      xLabel: "λ (log scale)",
      x: grid,
      logX: true,
      series: dec.sigma.slice(0, 6).map((s, k) => ({
        name: `σ${subscriptDigits(k + 1)} = ${Number(s.toPrecision(4))}`,
        y: grid.map((l) => shrinkFactor(s, l)),
      })),
      marks,
    },
  ];
}

export const ridge = defineProblem<RidgeInput>({
  name: "ridge",
  summary:
    "ridge regression (review problem 2): x = (AᵀA + λI)⁻¹Aᵀb, exact when it can be, and what λ does to the " +
    "singular values",
  fields: {
    A: { kind: "matrix", help: 'the n × p matrix A, e.g. "1 0; 0 1; 1 1"' },
    b: { kind: "vector", help: "the vector b, one value per row of A" },
    lambda: { kind: "numberOrList", help: "λ ≥ 0, or a list such as 0.1,1,10 for a regularisation path" },
  },
  answers: {
    x: "the solution x = (AᵀA + λI)⁻¹Aᵀb (one λ)",
    AtA: "AᵀA",
    AtAPlusLambdaI: "AᵀA + λI (one λ)",
    Atb: "Aᵀb",
    singularValues: "the singular values of A, largest first",
    shrink: "the shrink factors σᵢ²/(σᵢ² + λ) (one λ)",
    objective: "‖Ax − b‖² + λ‖x‖² at the solution (one λ)",
    path: "for a list of λ: one {lambda, x, objective} per λ",
  },
  expectExample: `ridge --A "1 0; 0 1; 1 1" --b 1,2,3 --lambda 1/2 --expect '{"x": ["20/21", "34/21"]}'`,
  examples: [
    'ridge --A "1 0; 0 1; 1 1" --b 1,2,3 --lambda 1/2',
    'ridge --A "1 2; 3 4; 5 6" --b 1,0,1 --lambda 0.1,1,10',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "with a list of λ: x and the shrink factors against λ (log scale)",
  plots,
});
