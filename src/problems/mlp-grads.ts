// Seed parts 1b–1f: the gradients of y_pred = C·σ(Ax + b) + d under the L2
// loss, checked by finite differences, and gradient-descent steps.

import type { Chart } from "../chart.js";
import {
  ACTIVATIONS,
  type Activation,
  type ActivationName,
  activation,
  dsigmaOf,
  SATURATION,
  sigmaOf,
} from "../core/activations.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import {
  checkedCoordinates,
  type GradcheckRow,
  gradcheckRow,
  partialDifference,
  relativeStep,
} from "../core/gradcheck.js";
import type { Forward, Gradients, LossKind, MlpParams } from "../core/mlp.js";
import * as mlp from "../core/mlp.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { MAX_EXACT_BITS } from "../core/scalar.js";
import { fieldError, InputError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_HIDDEN_UNITS, MAX_STEPS, MAX_UNIT_STEPS } from "../limits.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step } from "../solution.js";
import { gradcheckStep, ix, lettered, listText } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

export interface MlpInput {
  /** No numbers given: the derivation in symbols only. */
  symbolic: boolean;
  x: Scalar;
  y: Scalar;
  params: MlpParams;
  act: Activation;
  loss: LossKind;
  lr?: Scalar;
  steps?: number;
  exact: boolean;
  notes: string[];
}

const NUMERIC_FIELDS = ["x", "y", "A", "b", "C", "d"] as const;

// Symbols of the seed.
const A = F.sym("A");
const b = F.sym("b", "\\mathbf{b}");
const C = F.sym("C");
const d = F.sym("d");
const yPred = F.subscript(S.y, F.sym("pred", "\\text{pred}"));
const yTrue = F.subscript(S.y, F.sym("true", "\\text{true}"));
const sigma = sigmaOf;
const dsigma = dsigmaOf;
const zi = ix(S.z, S.i);
const dL = (wrt: Formula) => F.partial(S.L, wrt);
const t = F.sym("t");
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
function generalFormulas(loss: LossKind) {
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

/** The network's numbers: all six of x, y, A, b, C, d, with A, b and C one value per hidden unit. */
function networkOf(fields: Fields): { x: Scalar; y: Scalar; params: MlpParams } {
  const missing = NUMERIC_FIELDS.filter((f) => !fields.has(f));
  if (missing.length > 0) {
    throw new InputError(
      `missing ${missing.map((m) => fields.label(m)).join(", ")}: mlp-grads needs all of x, y, A, b, C, d (or none, ` +
        `for the derivation in symbols)`,
    );
  }
  const vA = fields.requireVector("A");
  if (vA.length > MAX_HIDDEN_UNITS) {
    throw fieldError(
      fields.label("A"),
      `has ${vA.length} hidden units, more than the ${MAX_HIDDEN_UNITS} mlp-grads takes (its gradient check costs ` +
        `O(k²))`,
    );
  }
  const perUnit = (f: "b" | "C") => {
    const v = fields.requireVector(f);
    if (v.length !== vA.length) {
      throw fieldError(
        fields.label(f),
        `has ${v.length} values, ${fields.label("A")} has ${vA.length} (A, b and C need one value per hidden unit)`,
      );
    }
    return v;
  };
  const params = { A: vA, b: perUnit("b"), C: perUnit("C"), d: fields.requireNumber("d") };
  return { x: fields.requireNumber("x"), y: fields.requireNumber("y"), params };
}

function validate(fields: Fields): MlpInput {
  const name = (fields.choice("activation") ?? "sigmoid") as ActivationName;
  const slope = fields.number("slope");
  if (slope !== undefined && name !== "leaky-relu") {
    throw fieldError(fields.label("slope"), "is the slope of leaky-relu; give --activation leaky-relu too");
  }
  const act = activation(name, slope ?? sc.frac(1, 100));
  const loss = (fields.choice("loss") ?? "squared") as LossKind;
  const lr = fields.number("lr");
  const steps = fields.count("steps");
  if (steps !== undefined && lr === undefined) {
    throw fieldError(fields.label("steps"), "needs --lr, the learning rate α of each step");
  }
  if (lr !== undefined && sc.sign(lr) <= 0) throw fieldError(fields.label("lr"), "must be > 0");
  if (!NUMERIC_FIELDS.some((f) => fields.has(f))) {
    if (lr !== undefined) throw new InputError("--lr needs the network's numbers: --x --y --A --b --C --d");
    return { symbolic: true, x: 0, y: 0, params: { A: [], b: [], C: [], d: 0 }, act, loss, exact: false, notes: [] };
  }
  const { x, y, params } = networkOf(fields);
  if (steps !== undefined && steps * params.A.length > MAX_UNIT_STEPS) {
    throw fieldError(
      fields.label("steps"),
      `${steps} steps of ${params.A.length} hidden units is more than the ${MAX_UNIT_STEPS} unit-steps mlp-grads ` +
        "takes (each step costs a forward and a backward pass)",
    );
  }
  const all = [x, y, ...mlp.values(params), ...(lr === undefined ? [] : [lr]), ...(slope === undefined ? [] : [slope])];
  const exact = sc.allExact(all) && act.rational;
  const notes = [
    !act.rational
      ? `float64: ${name} maps rationals to irrationals`
      : !exact
        ? "float64: not every input is rational"
        : `exact arithmetic: every input is rational and ${name} keeps it so`,
  ];
  const toFloat = (v: Scalar) => (exact ? v : sc.toNumber(v));
  return {
    symbolic: false,
    x: toFloat(x),
    y: toFloat(y),
    params: exact ? params : mlp.toFloatParams(params),
    act,
    loss,
    ...(lr === undefined ? {} : { lr: toFloat(lr) }),
    ...(steps === undefined ? {} : { steps }),
    exact,
    notes,
  };
}

function activationStep(act: Activation): Step {
  return {
    title: `The activation: ${act.name}`,
    derivation: [{ formula: act.formula }, { formula: act.derivative }],
  };
}

function symbolicSolution(input: MlpInput): Solution {
  const g = generalFormulas(input.loss);
  const chain = "chain rule through y_pred, hᵢ = σ(zᵢ) and zᵢ = Aᵢx + bᵢ";
  const steps: Step[] = [
    {
      title: "The network and the loss",
      derivation: [
        { formula: g.network },
        { formula: g.z },
        { formula: g.loss, reason: input.loss === "squared" ? "L2 loss" : "half-squared L2 loss" },
      ],
    },
    activationStep(input.act),
    { title: "∂L/∂d (review 1b)", derivation: [{ formula: g.dd, reason: "∂y_pred/∂d = 1" }] },
    { title: "∂L/∂Cᵢ (review 1c)", derivation: [{ formula: g.dC, reason: "∂y_pred/∂Cᵢ = σ(zᵢ)" }] },
    { title: "∂L/∂bᵢ (review 1d)", derivation: [{ formula: g.db, reason: `${chain}; ∂zᵢ/∂bᵢ = 1` }] },
    { title: "∂L/∂Aᵢ (review 1e)", derivation: [{ formula: g.dA, reason: `${chain}; ∂zᵢ/∂Aᵢ = x` }] },
    {
      title: "Gradient-descent update (review 1f)",
      derivation: [{ formula: g.update, reason: "learning rate α; the same for A, C and d" }],
    },
  ];
  return {
    problem: "mlp-grads",
    title: "Gradients of y_pred = C·σ(Ax + b) + d, in symbols",
    input: { activation: input.act.name, loss: input.loss },
    summary: "the derivation of review problems 1b–1f; give --x --y --A --b --C --d for numbers",
    steps,
    answer: {},
    warnings: [],
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
function forwardSteps(input: MlpInput, fw: Forward): Step[] {
  const { x, y, params, loss } = input;
  const k = params.A.length;
  const gen = generalFormulas(loss);
  const n = F.num;
  return [
    {
      title: "Forward pass",
      answerFields: ["z", "h"],
      formula: gen.z,
      substitution: [F.listOf(k, (i) => F.plus(F.times(n(params.A[i] as Scalar), n(x)), n(params.b[i] as Scalar)))],
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
          F.sumOf(k, (i) => F.times(n(params.C[i] as Scalar), n(fw.h[i] as Scalar))),
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
function gradientSteps(input: MlpInput, fw: Forward, g: Gradients): Step[] {
  const { x, y, params, loss } = input;
  const k = params.A.length;
  const gen = generalFormulas(loss);
  const n = F.num;
  const two = loss === "squared" ? [n(2)] : [];
  const err = F.minus(n(fw.yPred), n(y));
  const perUnit = (term: (i: number) => Formula) => F.listOf(k, term);
  const C_i = (i: number) => n(params.C[i] as Scalar);
  const dh_i = (i: number) => n(fw.dh[i] as Scalar);
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
      substitution: [perUnit((i) => F.juxt(...two, n(fw.h[i] as Scalar), err))],
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

function gradcheckSteps(input: MlpInput, fw: Forward, g: Gradients): Step {
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
function updateStep(input: MlpInput, fw: Forward, g: Gradients, lr: Scalar): { step: Step; next: MlpParams } {
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
    { header: at(theta, t), cells: table.map((r) => r[1] as Scalar) },
    { header: dL(theta), cells: table.map((r) => r[2] as Scalar) },
    { header: at(theta, F.plus(t, F.num(1))), cells: table.map((r) => r[3] as Scalar) },
  ];
  const k = params.A.length;
  const step: Step = {
    title: "Gradient-descent update (review 1f)",
    answerFields: ["next"],
    formula: generalFormulas(loss).update,
    substitution: [F.listOf(k, (i) => F.minus(n(params.b[i] as Scalar), F.times(n(lr), n(g.b[i] as Scalar))))],
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
function descentStep(fw: Forward, losses: readonly Scalar[]): Step {
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
        F.num(losses[losses.length - 1] as Scalar),
        F.text(` after ${losses.length} steps`),
      ),
    ],
  };
}

function numericSolution(input: MlpInput): Solution {
  const { x, y, params, act, loss } = input;
  const k = params.A.length;
  const fw = mlp.forward(params, x, y, act, loss);
  const g = mlp.gradients(params, x, y, fw, loss);
  const steps: Step[] = [
    activationStep(act),
    ...forwardSteps(input, fw),
    ...gradientSteps(input, fw, g),
    gradcheckSteps(input, fw, g),
  ];
  const answer: Record<string, AnswerValue> = {
    z: fw.z,
    h: fw.h,
    yPred: fw.yPred,
    loss: fw.loss,
    grad: { yPred: g.yPred, d: g.d, C: g.C, b: g.b, A: g.A },
  };
  const warnings: string[] = [];
  if (input.lr !== undefined) {
    const { step, next } = updateStep(input, fw, g, input.lr);
    steps.push(step);
    let final = next;
    if (input.steps !== undefined) {
      const descent = mlp.descend(params, x, y, act, loss, input.lr, input.steps);
      if (descent.floatAfter !== undefined) {
        warnings.push(
          `exact fractions passed ${MAX_EXACT_BITS} bits after step ${descent.floatAfter}: the later steps are float64`,
        );
      }
      steps.push(descentStep(fw, descent.losses));
      answer.losses = descent.losses;
      final = descent.final;
    }
    answer.next = { A: final.A, b: final.b, C: final.C, d: final.d };
  }
  return {
    problem: "mlp-grads",
    title: "Gradients of y_pred = C·σ(Ax + b) + d",
    input: {
      x,
      y,
      A: params.A,
      b: params.b,
      C: params.C,
      d: params.d,
      activation: act.name,
      loss,
      ...(input.lr === undefined ? {} : { lr: input.lr }),
      ...(input.steps === undefined ? {} : { steps: input.steps }),
    },
    summary: [`${k} hidden unit${k > 1 ? "s" : ""}`, `${act.name} activation`, `${loss} loss`, ...input.notes].join(
      "; ",
    ),
    steps,
    answer,
    warnings,
  };
}

/** The parameters after the asked-for step(s) when each step is θ − lr·(gradient of `loss`). */
function nextWith(input: MlpInput, loss: LossKind, lr: Scalar): AnswerValue {
  const { x, y, params, act } = input;
  const final =
    input.steps === undefined
      ? mlp.update(params, mlp.gradients(params, x, y, mlp.forward(params, x, y, act, loss), loss), lr)
      : mlp.descend(params, x, y, act, loss, lr, input.steps).final;
  return { A: final.A, b: final.b, C: final.C, d: final.d };
}

/** SPEC 6.2 for mlp-grads: the factor 2 dropped, the sign flipped, σ for σ′, the step taken uphill. */
function mistakes(input: MlpInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const { x, y, params, act, loss } = input;
  const g = (sol.answer.grad ?? {}) as Record<string, AnswerValue>;
  const fw = mlp.forward(params, x, y, act, loss);
  const out: Mistake[] = [];
  if (loss === "squared") {
    const half = mlp.gradients(params, x, y, fw, "half-squared");
    out.push({
      id: "missing-factor-2",
      answer: {
        grad: { ...half },
        ...(input.lr === undefined ? {} : { next: nextWith(input, "half-squared", input.lr) }),
      },
      says: (field, given) =>
        `your ${field} ${given} is the gradient of ½(y − ŷ)²; the loss here is (y − ŷ)², so ∂L/∂ŷ = 2(ŷ − y)`,
    });
  }
  const negated = Object.fromEntries(
    Object.entries(g).map(([k, v]) => [k, Array.isArray(v) ? (v as Scalar[]).map(sc.neg) : sc.neg(v as Scalar)]),
  );
  out.push({
    id: "sign-flip",
    answer: { grad: negated },
    says: (field, given) =>
      `your ${field} ${given} is the gradient's negative: ∂L/∂ŷ = ${loss === "squared" ? "2(ŷ − y)" : "ŷ − y"}, ` +
      "not its opposite",
  });
  const gy = g.yPred as Scalar;
  const withSigma = params.C.map((c, i) => sc.mul(gy, sc.mul(c, fw.h[i] as Scalar)));
  out.push({
    id: "activation-for-derivative",
    answer: { grad: { b: withSigma, A: withSigma.map((v) => sc.mul(v, x)) } },
    says: (field, given) => `your ${field} ${given} uses σ(zᵢ) where the chain rule needs σ′(zᵢ)`,
  });
  if (input.lr !== undefined) {
    out.push({
      id: "update-sign",
      answer: { next: nextWith(input, loss, sc.neg(input.lr)) },
      says: (field, given) => `your ${field} ${given} steps along the gradient (θ + α·g); descent is θ − α·∂L/∂θ`,
    });
  }
  return out;
}

/** Practice (SPEC 4.12): review problems 1b–1f with new numbers that stay exact. */
const practice: PracticeGenerator = {
  guarantee:
    "two hidden units, ReLU or the identity, whole numbers from −2 to 3 and lr ∈ {1/10, 1/4, 1/2}: every answer " +
    "exact; no ReLU input exactly 0 (no kink) and at least one unit active",
  generate(rng) {
    for (;;) {
      const activation = rng.pick(["relu", "identity"] as const);
      const x = rng.pick([-2, -1, 1, 2]);
      const y = rng.int(-3, 3);
      const [A, b, C] = [rng.ints(2, -2, 2), rng.ints(2, -2, 2), rng.ints(2, -2, 2)];
      const d = rng.int(-1, 1);
      const z = A.map((a, i) => a * x + (b[i] as number));
      if (activation === "relu" && (z.includes(0) || z.every((v) => v < 0))) continue;
      const h = z.map((v) => (activation === "relu" ? Math.max(0, v) : v));
      if (h.reduce((s, v, i) => s + v * (C[i] as number), d) === y) continue; // a zero loss teaches nothing
      const lr = rng.pick(["1/10", "1/4", "1/2"]);
      const sigma = activation === "relu" ? "ReLU, σ(z) = max(0, z)" : "the identity, σ(z) = z";
      return {
        input: { x, y, A, b, C, d, activation, lr },
        statement: [
          "A network with one input x, two hidden units and one output computes y_pred = Σᵢ Cᵢσ(Aᵢx + bᵢ) + d " +
            `with σ = ${sigma}, and the loss L = (y − y_pred)². Take x = ${x}, y = ${y}, A = ${listText(A)}, ` +
            `b = ${listText(b)}, C = ${listText(C)} and d = ${d}.`,
          ...lettered([
            "Forward pass: compute z = Ax + b, h = σ(z), y_pred and L.",
            "Backward pass: compute ∂L/∂y_pred, ∂L/∂d, ∂L/∂C, ∂L/∂b and ∂L/∂A.",
            `Take one gradient-descent step with learning rate α = ${lr}: give the new A, b, C and d.`,
          ]),
        ],
      };
    }
  },
};

/** --plot, with --steps: the loss after each gradient-descent step (step 0: before any). */
function plots(input: MlpInput, sol: Solution): Chart[] {
  const losses = sol.answer.losses as Scalar[] | undefined;
  if (input.symbolic || losses === undefined) return [];
  const y = [sol.answer.loss as Scalar, ...losses].map(sc.toNumber);
  return [
    { kind: "line", title: "loss L per step", xLabel: "step", x: y.map((_, t) => t), series: [{ name: "L", y }] },
  ];
}

export const mlpGrads = defineProblem<MlpInput>({
  name: "mlp-grads",
  summary:
    "gradients of y_pred = C·σ(Ax + b) + d under the L2 loss (review problems 1b–1f), checked, with " +
    "gradient-descent steps",
  fields: {
    x: { kind: "number", help: "the input x (a number)" },
    y: { kind: "number", help: "the label y_true (a number)" },
    A: { kind: "vector", help: "A, one weight per hidden unit" },
    b: { kind: "vector", help: "b, one bias per hidden unit" },
    C: { kind: "vector", help: "C, one output weight per hidden unit" },
    d: { kind: "number", help: "the output bias d" },
    activation: { kind: "choice", choices: ACTIVATIONS, help: `σ: ${ACTIVATIONS.join(", ")} (default sigmoid)` },
    slope: { kind: "number", help: "leaky-relu's slope for z ≤ 0 (default 0.01)" },
    lr: { kind: "number", help: "learning rate α: also take a gradient-descent step" },
    steps: { kind: "count", max: MAX_STEPS, help: "take this many gradient-descent steps (needs --lr)" },
    loss: {
      kind: "choice",
      choices: ["squared", "half-squared"],
      help: "squared (y − y_pred)² (default, as in the review) or half-squared ½(y − y_pred)²",
    },
  },
  answers: {
    z: "pre-activations zᵢ = Aᵢx + bᵢ",
    h: "hidden activations σ(zᵢ)",
    yPred: "the prediction y_pred = Σᵢ Cᵢσ(zᵢ) + d",
    loss: "the loss L",
    "grad.yPred": "∂L/∂y_pred",
    "grad.d": "∂L/∂d",
    "grad.C": "∂L/∂Cᵢ, one per hidden unit",
    "grad.b": "∂L/∂bᵢ, one per hidden unit",
    "grad.A": "∂L/∂Aᵢ, one per hidden unit",
    losses: "with --steps: the loss after each step",
    "next.A": "with --lr: A after the last step",
    "next.b": "with --lr: b after the last step",
    "next.C": "with --lr: C after the last step",
    "next.d": "with --lr: d after the last step",
  },
  expectExample: `mlp-grads --x 0 --y 1 --A 1 --b 0 --C 1 --d 0 --expect '{"loss": 0.25, "grad.d": -1}'`,
  examples: [
    "mlp-grads",
    "mlp-grads --x 1 --y 0 --A 1,-1 --b 0,0 --C 1,1 --d 0 --lr 0.5",
    "mlp-grads --x 2 --y 3 --A 1/2,-1 --b 0,1 --C 1,2 --d 0 --activation relu --lr 1/10 --steps 5",
  ],
  validate: (fields) => validate(fields),
  solve: (input) => (input.symbolic ? symbolicSolution(input) : numericSolution(input)),
  mistakes,
  practice,
  plotHelp: "with --steps: the loss per step",
  plots,
});
