// Seed part 2: ridge regression, argmin ‖Ax − b‖² + λ‖x‖², in closed form,
// with the singular-value reading of what λ does.
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import type { Matrix } from "../core/linalg.js";
import * as la from "../core/linalg.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_RIDGE_ENTRIES, MAX_RIDGE_UNKNOWNS } from "../limits.js";
import type { AnswerValue, Column, Solution, Step, Table } from "../solution.js";
import { EXACT_LIMIT, ix } from "./common.js";
import { defineProblem } from "./problem.js";

export interface RidgeInput {
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
  if (Am.length * p > MAX_RIDGE_ENTRIES) {
    throw fieldError(fields.label("A"), `has ${Am.length * p} entries, more than the ${MAX_RIDGE_ENTRIES} ridge takes`);
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

interface RidgeSolve {
  lambda: Scalar;
  x: Scalar[];
  residual: Scalar;
  penalty: Scalar;
  objective: Scalar;
  method: string;
}

/** Float64 ridge: Cholesky of AᵀA + λI, or of AAᵀ + λI (x = Aᵀ(AAᵀ + λI)⁻¹b) when p > n and λ > 0. */
function solveFloat(
  input: RidgeInput,
  G: Matrix,
  Atb: Scalar[],
  lambda: number,
): { x: number[]; method: string } | null {
  const n = input.A.length;
  const p = (input.A[0] as Scalar[]).length;
  if (p > n && lambda > 0) {
    const K = la.addDiagonal(la.gram(la.transpose(input.A)), lambda) as number[][];
    const L = la.cholesky(K);
    if (!L) return null;
    const w = la.choleskySolve(L, input.b as number[]);
    return {
      x: la.transposeTimes(input.A, w) as number[],
      method: `p = ${p} > n = ${n}: solved the n × n system x = Aᵀ(AAᵀ + λI)⁻¹b by Cholesky (the same x, cheaper)`,
    };
  }
  const L = la.cholesky(la.addDiagonal(G, lambda) as number[][]);
  if (!L) return null;
  return { x: la.choleskySolve(L, Atb as number[]), method: "AᵀA + λI solved by Cholesky in float64" };
}

function solveOne(input: RidgeInput, G: Matrix, Atb: Scalar[], lambda: Scalar, rank: number): RidgeSolve {
  const p = G.length;
  const singular = () =>
    fieldError(
      input.labels.lambda,
      `λ = 0 leaves AᵀA singular (rank ${rank} < ${p} unknowns): least squares has no unique solution; give λ > 0`,
    );
  let xs: Scalar[];
  let method: string;
  if (input.exact) {
    const r = la.solveExact(la.addDiagonal(G, lambda), Atb);
    if (!r) throw singular();
    xs = r;
    method = "Gaussian elimination on exact fractions";
  } else {
    if (sc.isZero(lambda) && rank < p) throw singular();
    const r = solveFloat(input, G, Atb, sc.toNumber(lambda));
    if (!r) throw singular();
    xs = r.x;
    method = r.method;
  }
  const Ax = la.matVec(input.A, xs);
  const residual = la.norm2Squared(Ax.map((v, i) => sc.sub(v, input.b[i] as Scalar)));
  const penalty = sc.mul(lambda, la.norm2Squared(xs));
  return { lambda, x: xs, residual, penalty, objective: sc.add(residual, penalty), method };
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
    title: "Closed form (seed part 2)",
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

function solve(input: RidgeInput): Solution {
  const n = input.A.length;
  const p = (input.A[0] as Scalar[]).length;
  const G = la.gram(input.A);
  const Atb = la.transposeTimes(input.A, input.b);
  const decomposition = la.svd(input.A.map((r) => r.map(sc.toNumber)));
  const sigma = decomposition.sigma;
  const smax = sigma[0] ?? 0;
  const tol = Math.max(n, p) * Number.EPSILON * smax;
  const rank = sigma.filter((s) => s > tol).length;

  const steps: Step[] = [
    derivationStep(),
    {
      title: "Shapes",
      notes: [`A is ${n} × ${p} and b has ${n} entries, so x has ${p} entries and AᵀA is ${p} × ${p}`],
    },
    { title: "AᵀA", answerFields: ["AtA"], tables: [matrixTable(G)] },
    { title: "Aᵀb", answerFields: ["Atb"], tables: [vectorTable(F.juxt(tr(A), b), Atb)] },
  ];
  const solves = input.lambdas.map((l) => solveOne(input, G, Atb, l, rank));
  const answer: Record<string, AnswerValue> = {};
  const warnings: string[] = [];
  const first = solves[0] as RidgeSolve;

  if (!input.path) {
    const lambda = first.lambda;
    const shifted = la.addDiagonal(G, lambda);
    steps.push({ title: "AᵀA + λI", answerFields: ["AtAPlusLambdaI"], tables: [matrixTable(shifted)] });
    steps.push({
      title: "Solve (AᵀA + λI)x = Aᵀb",
      answerFields: ["x"],
      formula: F.eq(x, F.juxt(F.superscript(F.plus(AtA, F.juxt(lam, I)), F.negF(F.num(1))), tr(A), b)),
      value: first.x,
      tables: [vectorTable(ix(x, S.i), first.x)],
      notes: [first.method],
    });
    const grad = la
      .matVec(G, first.x)
      .map((v, i) => sc.mul(sc.frac(2), sc.add(sc.sub(v, Atb[i] as Scalar), sc.mul(lambda, first.x[i] as Scalar))));
    const gradNorm = Math.sqrt(sc.toNumber(la.norm2Squared(grad)));
    steps.push({
      title: "Check: the gradient is zero at x",
      formula: F.eq(
        F.juxt(F.subscript(F.sym("∇", "\\nabla"), x), F.call("f", x)),
        F.plus(F.minus(F.juxt(F.num(2), AtA, x), F.juxt(F.num(2), tr(A), b)), F.juxt(F.num(2), lam, x)),
      ),
      value: grad,
      notes: [
        input.exact
          ? grad.every(sc.isZero)
            ? "exactly 0: x is the minimiser"
            : "not zero: this is a bug, please report it"
          : F.juxt(F.text("‖∇f‖ = "), F.num(gradNorm), F.text(" (zero up to float64 rounding)")),
      ],
    });
    steps.push({
      title: "Objective at x",
      answerFields: ["objective"],
      formula: F.eq(F.call("f", x), F.plus(norm(F.minus(F.juxt(A, x), b)), F.juxt(lam, norm(x)))),
      substitution: [F.plus(F.num(first.residual), F.num(first.penalty))],
      value: first.objective,
      notes: ["the fit term ‖Ax − b‖² plus the penalty λ‖x‖²"],
    });
    steps.push(singularValueStep(input, decomposition, lambda, first.x));
    answer.x = first.x;
    answer.AtA = G;
    answer.AtAPlusLambdaI = shifted;
    answer.Atb = Atb;
    answer.singularValues = sigma;
    answer.shrink = sigma.map((s) => shrink(s, lambda));
    answer.objective = first.objective;
  } else {
    steps.push(singularValueStep(input, decomposition, undefined, undefined));
    const normX = solves.map((s) => Math.sqrt(sc.toNumber(la.norm2Squared(s.x))));
    steps.push({
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
      notes: ["as λ grows, ‖x‖ shrinks toward 0 and the fit ‖Ax − b‖² gets worse", first.method],
    });
    answer.singularValues = sigma;
    answer.AtA = G;
    answer.Atb = Atb;
    answer.path = solves.map((s) => ({ lambda: s.lambda, x: s.x, objective: s.objective }));
  }

  return {
    problem: "ridge",
    title: "Ridge regression, argmin ‖Ax − b‖² + λ‖x‖²",
    input: { A: input.A, b: input.b, lambda: input.path ? input.lambdas : (input.lambdas[0] as Scalar) },
    summary:
      `A is ${n} × ${p}; ${arithmeticNote(input, n, p)}; ` +
      "singular values always in float64 (one-sided Jacobi SVD of A)",
    steps,
    answer,
    warnings,
  };
}

/** σᵢ²/(σᵢ² + λ), exact-free (σᵢ is a float): 1 when σ = λ = 0. */
function shrink(s: number, lambda: Scalar): number {
  const l = sc.toNumber(lambda);
  const s2 = s * s;
  return s2 + l === 0 ? 1 : s2 / (s2 + l);
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
        cells: sigma.map((s) => shrink(s, lambda)),
      },
    );
    const kappa = smin === 0 ? Infinity : (smax * smax) / (smin * smin);
    const kappaShifted = smin * smin + l === 0 ? Infinity : (smax * smax + l) / (smin * smin + l);
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
      const l0 = l;
      const Utb = dec.U.map((u) => u.reduce((acc, v, k) => acc + v * sc.toNumber(input.b[k] as Scalar), 0));
      const xSvd = Array.from({ length: p }, (_, j) =>
        sigma.reduce(
          (acc, s, k) =>
            s * s + l0 === 0
              ? acc
              : acc + ((dec.V[k] as number[])[j] as number) * (s / (s * s + l0)) * (Utb[k] as number),
          0,
        ),
      );
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
});
