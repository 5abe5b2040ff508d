import type { Matrix } from "../../core/linalg.js";
import * as la from "../../core/linalg.js";
import {
  numericalRank,
  type RidgeSolve,
  ridgeSolve,
  shrinkFactor,
  svdResidual,
  svdSolver,
  withObjective,
} from "../../core/ridge.js";

const SVD_METHOD = "each λ through the SVD of A made once for the path: x = Σᵢ vᵢ σᵢ/(σᵢ² + λ) uᵢᵀb, in float64";

import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { maxOf } from "../../core/stats.js";
import { fieldError } from "../../errors.js";
import * as F from "../../solution/formula.js";
import type { AnswerValue, Solution, Step } from "../../solution/solution.js";
import type { RidgeInput } from "./input.js";
import {
  A,
  arithmeticNote,
  b,
  conditioningWarnings,
  derivationStep,
  matrixTable,
  oneLambdaSteps,
  pathSteps,
  tr,
  vectorTable,
} from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solveOne(input: RidgeInput, G: Matrix, Atb: Scalar[], lambda: Scalar, rank: number): RidgeSolve {
  // In float64 a rank-deficient AᵀA may still pass Cholesky by rounding: refuse it by its numerical rank.
  const deficient = !input.exact && sc.isZero(lambda) && rank < G.length;
  const r = deficient ? null : ridgeSolve(input.A, input.b, G, Atb, lambda, input.exact);
  if (r === null && sc.isZero(lambda) && rank === G.length) {
    // A has full rank, but AᵀA went past exact arithmetic's size into float64 and underflowed or overflowed.
    throw fieldError(
      input.labels.A,
      `AᵀA leaves float64's range (A has full rank ${rank}, but its entries squared underflow or overflow): ` +
        "scale A (and b) so that its entries are nearer 1",
    );
  }
  if (r === null && sc.isZero(lambda)) {
    throw fieldError(
      input.labels.lambda,
      `λ = 0 leaves AᵀA singular (rank ${rank} < ${G.length} unknowns): least squares has no unique solution; ` +
        "give λ > 0",
    );
  }
  if (r === null) {
    // λ > 0 makes AᵀA + λI invertible in exact arithmetic, but a λ below AᵀA's rounding is lost in float64.
    const rounding = Number.EPSILON * maxOf(G.map((row, i) => Math.abs(sc.toNumber(row[i]!))));
    throw fieldError(
      input.labels.lambda,
      `AᵀA + λI is singular in float64 for λ = ${sc.toNumber(lambda)}: AᵀA has rank ${rank} < ${G.length}, and λ is ` +
        `below float64's rounding of AᵀA (about ${rounding.toPrecision(2)}); give a larger λ, or exact inputs`,
    );
  }
  return r;
}

export function solve(input: RidgeInput): Solution {
  if (input.symbolic) return symbolicSolution();
  const n = input.A.length;
  const p = input.A[0]!.length;
  const G = la.gram(input.A);
  const Atb = la.transposeTimes(input.A, input.b);
  const dec = la.svd(input.A.map((r) => r.map(sc.toNumber)));
  const sigma = dec.sigma;
  const rank = numericalRank(sigma, n, p);
  // a path of float λ > 0 on a full-rank A: each x from the SVD already made, p·s work a λ instead of a Cholesky
  // factorisation of p³/6 (the refusals of a singular AᵀA + λI stay with solveOne)
  const viaSvd = !input.exact && input.path && rank === G.length;
  const [xOf, residualOf] = viaSvd ? [svdSolver(dec, input.b, p), svdResidual(dec, input.b)] : [];
  const solves = input.lambdas.map((l) =>
    xOf && residualOf && sc.toNumber(l) > 0
      ? withObjective(input.A, input.b, l, xOf(sc.toNumber(l)), SVD_METHOD, residualOf(sc.toNumber(l)))
      : solveOne(input, G, Atb, l, rank),
  );
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
    input: { A: input.A, b: input.b, lambda: input.path ? input.lambdas : input.lambdas[0]! },
    summary:
      `A is ${n} × ${p}; ${arithmeticNote(input, n, p)}; ` +
      "singular values always in float64 (one-sided Jacobi SVD of A)",
    steps,
    answer,
    warnings: conditioningWarnings(input, sigma),
  };
}
