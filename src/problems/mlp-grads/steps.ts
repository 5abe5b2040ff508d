import { type Activation, SATURATION } from "../../core/activations.js";
import {
  checkedCoordinates,
  type GradcheckRow,
  gradcheckRow,
  partialDifference,
  relativeStep,
} from "../../core/gradcheck.js";
import type { Forward, Gradients, LossKind, MlpParams } from "../../core/mlp.js";
import * as mlp from "../../core/mlp.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { activationFormulas, dsigmaOf, sigmaOf } from "../../solution/activation-formulas.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { type Column, RowNumbers, type Step } from "../../solution/solution.js";
import { gradcheckStep, ix } from "../common.js";
import type { MlpInput } from "./input.js";

// Symbols of the seed.
export const A = F.sym("A");

export const b = F.sym("b", "\\mathbf{b}");

export const C = F.sym("C");

export const d = F.sym("d");

const yPred = F.subscript(S.y, F.sym("pred", "\\text{pred}"));

const yTrue = F.subscript(S.y, F.sym("true", "\\text{true}"));

export const sigma = sigmaOf;

const dsigma = dsigmaOf;

const zi = ix(S.z, S.i);

const dL = (wrt: Formula) => F.partial(S.L, wrt);

export const t = F.sym("t");

const at = (base: Formula, time: Formula) => F.superscript(base, F.paren(time));

function lossFormula(loss: LossKind, a: Formula, p: Formula): Formula {
  const sq = F.pow(F.minus(a, p), F.num(2));
  return loss === "squared" ? sq : F.juxt(F.fracF(F.num(1), F.num(2)), sq);
}

/** 2(y_pred − y_true), or (y_pred − y_true) for the half-squared loss. */
function dLossFormula(loss: LossKind, p: Formula, a: Formula): Formula {
  return loss === "squared" ? F.juxt(F.num(2), F.minus(p, a)) : F.minus(p, a);
}

/** The general formulas of parts 1b–1e, shared by the symbolic and the numeric solutions. */
export function generalFormulas(loss: LossKind) {
  const two = loss === "squared" ? [F.num(2)] : [];
  const err = F.minus(yPred, yTrue);
  return {
    network: F.eq(
      yPred,
      F.plus(F.juxt(C, sigma(F.plus(F.juxt(A, S.x), b))), d),
      F.plus(F.sumOver(S.i, F.juxt(ix(C, S.i), sigma(zi))), d),
    ),
    z: F.eq(zi, F.plus(F.juxt(ix(A, S.i), S.x), ix(b, S.i))),
    loss: F.eq(S.L, lossFormula(loss, yTrue, yPred)),
    dd: F.eq(dL(d), dL(yPred), dLossFormula(loss, yPred, yTrue)),
    dC: F.eq(dL(ix(C, S.i)), F.times(dL(yPred), sigma(zi)), F.juxt(...two, sigma(zi), err)),
    db: F.eq(
      dL(ix(b, S.i)),
      F.times(dL(yPred), ix(C, S.i), dsigma(zi), F.num(1)),
      F.juxt(...two, ix(C, S.i), dsigma(zi), err),
    ),
    dA: F.eq(
      dL(ix(A, S.i)),
      F.times(dL(yPred), ix(C, S.i), dsigma(zi), S.x),
      F.juxt(...two, ix(C, S.i), dsigma(zi), S.x, err),
    ),
    update: F.eq(at(b, F.plus(t, F.num(1))), F.minus(at(b, t), F.juxt(S.alpha, dL(at(b, t))))),
  };
}

export function activationStep(act: Activation): Step {
  const { formula, derivative } = activationFormulas(act.name, act.slope);
  return {
    title: `The activation: ${act.name}`,
    derivation: [{ formula }, { formula: derivative }],
  };
}

/** Finite-difference check of every parameter's gradient on the float64 loss. */
function gradcheck(input: MlpInput, g: Gradients): Array<GradcheckRow<Formula>> {
  const k = input.params.A.length;
  const theta = mlp.flatten(input.params);
  const x = sc.toNumber(input.x);
  const y = sc.toNumber(input.y);
  const lossAt = (v: number[]) => sc.toNumber(mlp.forward(mlp.unflatten(v, k), x, y, input.act, input.loss).loss);
  const analytic = [...g.A, ...g.b, ...g.C, g.d].map(sc.toNumber);
  const names: Formula[] = [
    ...[A, b, C].flatMap((base) => Array.from({ length: k }, (_, i) => ix(base, F.num(i + 1)))),
    d,
  ];
  const loss = lossAt(theta);
  return checkedCoordinates(theta.length, CHECKED_PARAMETERS).map((j) =>
    gradcheckRow(names[j] as Formula, analytic[j] as number, partialDifference(lossAt, theta, j), {
      loss,
      h: relativeStep(theta[j] as number),
    }),
  );
}

/**
 * The gradient check evaluates every parameter of a network of up to 8
 * hidden units (3k + 1 = 25), and 25 spread evenly beyond: each costs a
 * forward pass, O(k), so checking all of 10,000 units would be O(k²).
 */
const CHECKED_PARAMETERS = 25;

/** A note on the forward pass for every saturated unit (vanishing gradients). */
function saturationNotes(fw: Forward): Step[] {
  const saturated = fw.dh
    .map((d, i) => [i, sc.toNumber(d)] as const)
    .filter(([, d]) => Math.abs(d) < SATURATION && d !== 0);
  if (saturated.length === 0) return [];
  return [
    {
      title: "Saturated units",
      notes: [
        ...saturated
          .slice(0, SATURATION_NOTES)
          .map(([i, d]) =>
            F.juxt(
              F.eq(dsigma(ix(S.z, F.num(i + 1))), F.num(d)),
              F.text(`: unit ${i + 1} is saturated, so almost no gradient reaches `),
              ix(A, F.num(i + 1)),
              F.text(" and "),
              ix(b, F.num(i + 1)),
              F.text(" (vanishing gradient)"),
            ),
          ),
        ...(saturated.length > SATURATION_NOTES
          ? [`… and ${saturated.length - SATURATION_NOTES} more saturated units`]
          : []),
      ],
    },
  ];
}

/** Saturated units get a note each, up to this many; the rest are counted. */
const SATURATION_NOTES = 8;

/** The forward pass: zᵢ and σ(zᵢ) per unit, saturated units, y_pred and the loss. */
export function forwardSteps(input: MlpInput, fw: Forward): Step[] {
  const { x, y, params, loss } = input;
  const k = params.A.length;
  const gen = generalFormulas(loss);
  const n = F.num;
  return [
    {
      title: "Forward pass",
      answerFields: ["z", "h"],
      formula: gen.z,
      substitution: [F.listOf(k, (i) => F.plus(F.times(n(params.A[i]!), n(x)), n(params.b[i]!)))],
      value: fw.z,
      tables: [
        {
          columns: [
            { header: "i", cells: new RowNumbers(k) },
            { header: ix(A, S.i), cells: params.A },
            { header: ix(b, S.i), cells: params.b },
            { header: gen.z, cells: fw.z },
            { header: sigma(zi), cells: fw.h },
            { header: dsigma(zi), cells: fw.dh },
            { header: ix(C, S.i), cells: params.C },
          ],
        },
      ],
    },
    ...saturationNotes(fw),
    {
      title: "Prediction",
      answerFields: ["yPred"],
      formula: F.eq(yPred, F.plus(F.sumOver(S.i, F.juxt(ix(C, S.i), sigma(zi))), d)),
      substitution: [
        F.plus(
          F.sumOf(k, (i) => F.times(n(params.C[i]!), n(fw.h[i]!))),
          n(params.d),
        ),
      ],
      value: fw.yPred,
    },
    {
      answerFields: ["loss"],
      title: `Loss (${loss === "squared" ? "squared error, as in the review" : "half-squared error"})`,
      formula: gen.loss,
      substitution: [lossFormula(loss, n(y), n(fw.yPred))],
      value: fw.loss,
    },
  ];
}

/** Parts 1b–1e: each gradient as formula, numbers and value, then a table per unit. */
export function gradientSteps(input: MlpInput, fw: Forward, g: Gradients): Step[] {
  const { x, y, params, loss } = input;
  const k = params.A.length;
  const gen = generalFormulas(loss);
  const n = F.num;
  const two = loss === "squared" ? [n(2)] : [];
  const err = F.minus(n(fw.yPred), n(y));
  const perUnit = (term: (i: number) => Formula) => F.listOf(k, term);
  const C_i = (i: number) => n(params.C[i]!);
  const dh_i = (i: number) => n(fw.dh[i]!);
  return [
    {
      title: "∂L/∂y_pred = ∂L/∂d (review 1b)",
      answerFields: ["grad.yPred", "grad.d"],
      formula: gen.dd,
      substitution: [dLossFormula(loss, n(fw.yPred), n(y))],
      value: g.d,
    },
    {
      title: "∂L/∂Cᵢ (review 1c)",
      answerFields: ["grad.C"],
      formula: gen.dC,
      substitution: [perUnit((i) => F.juxt(...two, n(fw.h[i]!), err))],
      value: g.C,
    },
    {
      title: "∂L/∂bᵢ (review 1d)",
      answerFields: ["grad.b"],
      formula: gen.db,
      substitution: [perUnit((i) => F.juxt(...two, C_i(i), dh_i(i), err))],
      value: g.b,
    },
    {
      title: "∂L/∂Aᵢ (review 1e)",
      answerFields: ["grad.A"],
      formula: gen.dA,
      substitution: [perUnit((i) => F.juxt(...two, C_i(i), dh_i(i), n(x), err))],
      value: g.A,
      tables: [
        {
          title: "all gradients per hidden unit",
          columns: [
            { header: "i", cells: new RowNumbers(k) },
            { header: dL(ix(C, S.i)), cells: g.C },
            { header: dL(ix(b, S.i)), cells: g.b },
            { header: dL(ix(A, S.i)), cells: g.A },
          ],
        },
      ],
    },
  ];
}

export function gradcheckSteps(input: MlpInput, fw: Forward, g: Gradients): Step {
  const atKink = (input.act.name === "relu" || input.act.name === "leaky-relu") && fw.z.some((z) => sc.isZero(z));
  const kinkNote =
    "a unit sits at zᵢ = 0, the kink: the finite difference sees the mean of the two slopes there, the " +
    "gradient uses σ′(0) as PyTorch does";
  const count = 3 * input.params.A.length + 1;
  const sampled = `${CHECKED_PARAMETERS} of the ${count} parameters, spread evenly; each costs a forward pass`;
  return gradcheckStep("Gradient check (central differences, h = 1e-6·max(1, |θ|))", gradcheck(input, g), "parameter", [
    ...(atKink ? [kinkNote] : []),
    ...(count > CHECKED_PARAMETERS ? [sampled] : []),
  ]);
}

const theta = F.sym("θ", "\\theta");

/** Part 1f: one update θ − α∂L/∂θ for every parameter, as a table. */
export function updateStep(input: MlpInput, fw: Forward, g: Gradients, lr: Scalar): { step: Step; next: MlpParams } {
  const { x, y, params, act, loss } = input;
  const n = F.num;
  const next = mlp.update(params, g, lr);
  const after = mlp.forward(next, x, y, act, loss);
  const paramRows = (name: Formula, old: readonly Scalar[], grad: readonly Scalar[], nw: readonly Scalar[]) =>
    old.map((_, i) => [ix(name, F.num(i + 1)), old[i], grad[i], nw[i]] as const);
  const table = [
    ...paramRows(A, params.A, g.A, next.A),
    ...paramRows(b, params.b, g.b, next.b),
    ...paramRows(C, params.C, g.C, next.C),
    [d, params.d, g.d, next.d] as const,
  ];
  const columns: Column[] = [
    { header: "parameter", cells: table.map((r) => r[0]) },
    { header: at(theta, t), cells: table.map((r) => r[1]!) },
    { header: dL(theta), cells: table.map((r) => r[2]!) },
    { header: at(theta, F.plus(t, F.num(1))), cells: table.map((r) => r[3]!) },
  ];
  const k = params.A.length;
  const step: Step = {
    title: "Gradient-descent update (review 1f)",
    answerFields: ["next"],
    formula: generalFormulas(loss).update,
    substitution: [F.listOf(k, (i) => F.minus(n(params.b[i]!), F.times(n(lr), n(g.b[i]!))))],
    value: next.b,
    tables: [{ columns }],
    notes: [
      F.juxt(F.text("the same rule for A, C and d, with "), F.eq(S.alpha, n(lr))),
      F.juxt(F.text("loss "), n(fw.loss), F.text(" → "), n(after.loss), F.text(" after the step")),
    ],
  };
  return { step, next };
}

/** --steps: the loss after each of the steps, as a table. */
export function descentStep(fw: Forward, losses: readonly Scalar[]): Step {
  return {
    title: `${losses.length} gradient-descent steps`,
    answerFields: ["losses"],
    tables: [
      {
        columns: [
          { header: "step", cells: losses.map((_, i) => i + 1) },
          { header: "loss after the step", cells: losses },
        ],
      },
    ],
    notes: [
      F.juxt(
        F.text("loss "),
        F.num(fw.loss),
        F.text(" → "),
        F.num(losses[losses.length - 1]!),
        F.text(` after ${losses.length} steps`),
      ),
    ],
  };
}
