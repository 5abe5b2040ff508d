// Seed parts 1b–1f: the gradients of y_pred = C·σ(Ax + b) + d under the L2
// loss, checked by finite differences, and gradient-descent steps.
import { ACTIVATIONS, type Activation, type ActivationName, activation, SATURATION } from "../core/activations.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import { centralDifference, type GradcheckRow, gradcheckRow } from "../core/gradcheck.js";
import type { Forward, Gradients, LossKind, MlpParams } from "../core/mlp.js";
import * as mlp from "../core/mlp.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { MAX_EXACT_BITS } from "../core/scalar.js";
import { fieldError, InputError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_HIDDEN_UNITS, MAX_STEPS } from "../limits.js";
import { type AnswerValue, type Column, RowNumbers, type Solution, type Step } from "../solution.js";
import { gradcheckStep, ix } from "./common.js";
import { defineProblem } from "./problem.js";

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
const sigma = (arg: Formula) => F.call("σ", arg);
const dsigma = (arg: Formula) => F.call("σ′", arg);
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

function validate(fields: Fields): MlpInput {
  const name = (fields.choice("activation") ?? "sigmoid") as ActivationName;
  const slope = fields.number("slope");
  if (slope !== undefined && name !== "leaky-relu") {
    throw fieldError(fields.label("slope"), "is the slope of leaky-relu; give --activation leaky-relu too");
  }
  const act = activation(name, slope ?? sc.frac(1, 100));
  const loss = (fields.choice("loss") ?? "squared") as LossKind;
  const given = NUMERIC_FIELDS.filter((f) => fields.has(f));
  const lr = fields.number("lr");
  const steps = fields.count("steps");
  if (steps !== undefined && lr === undefined) {
    throw fieldError(fields.label("steps"), "needs --lr, the learning rate α of each step");
  }
  if (lr !== undefined && sc.sign(lr) <= 0) throw fieldError(fields.label("lr"), "must be > 0");
  const symbolic = given.length === 0;
  if (symbolic) {
    if (lr !== undefined) throw new InputError("--lr needs the network's numbers: --x --y --A --b --C --d");
    return { symbolic, x: 0, y: 0, params: { A: [], b: [], C: [], d: 0 }, act, loss, exact: false, notes: [] };
  }
  const missing = NUMERIC_FIELDS.filter((f) => !fields.has(f));
  if (missing.length > 0) {
    throw new InputError(
      `missing ${missing.map((m) => fields.label(m)).join(", ")}: mlp-grads needs all of x, y, A, b, C, d (or none, ` +
        `for the derivation in symbols)`,
    );
  }
  const x = fields.requireNumber("x");
  const y = fields.requireNumber("y");
  const vA = fields.requireVector("A");
  const vb = fields.requireVector("b");
  const vC = fields.requireVector("C");
  const d0 = fields.requireNumber("d");
  if (vA.length > MAX_HIDDEN_UNITS) {
    throw fieldError(
      fields.label("A"),
      `has ${vA.length} hidden units, more than the ${MAX_HIDDEN_UNITS} mlp-grads takes (its gradient check costs ` +
        `O(k²))`,
    );
  }
  for (const [f, v] of [
    ["b", vb],
    ["C", vC],
  ] as const) {
    if (v.length !== vA.length) {
      throw fieldError(
        fields.label(f),
        `has ${v.length} values, ${fields.label("A")} has ${vA.length} (A, b and C need one value per hidden unit)`,
      );
    }
  }
  let params: MlpParams = { A: vA, b: vb, C: vC, d: d0 };
  const all = [
    x,
    y,
    ...vA,
    ...vb,
    ...vC,
    d0,
    ...(lr === undefined ? [] : [lr]),
    ...(slope === undefined ? [] : [slope]),
  ];
  const notes: string[] = [];
  const exact = sc.allExact(all) && act.rational;
  if (!act.rational) notes.push(`float64: ${name} maps rationals to irrationals`);
  else if (!exact) notes.push("float64: not every input is rational");
  else notes.push(`exact arithmetic: every input is rational and ${name} keeps it so`);
  if (!exact) params = mlp.toFloatParams(params);
  return {
    symbolic,
    x: exact ? x : sc.toNumber(x),
    y: exact ? y : sc.toNumber(y),
    params,
    act,
    loss,
    ...(lr === undefined ? {} : { lr: exact ? lr : sc.toNumber(lr) }),
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
    { title: "∂L/∂d (seed 1b)", derivation: [{ formula: g.dd, reason: "∂y_pred/∂d = 1" }] },
    { title: "∂L/∂Cᵢ (seed 1c)", derivation: [{ formula: g.dC, reason: "∂y_pred/∂Cᵢ = σ(zᵢ)" }] },
    { title: "∂L/∂bᵢ (seed 1d)", derivation: [{ formula: g.db, reason: `${chain}; ∂zᵢ/∂bᵢ = 1` }] },
    { title: "∂L/∂Aᵢ (seed 1e)", derivation: [{ formula: g.dA, reason: `${chain}; ∂zᵢ/∂Aᵢ = x` }] },
    {
      title: "Gradient-descent update (seed 1f)",
      derivation: [{ formula: g.update, reason: "learning rate α; the same for A, C and d" }],
    },
  ];
  return {
    problem: "mlp-grads",
    title: "Gradients of y_pred = C·σ(Ax + b) + d, in symbols",
    input: { activation: input.act.name, loss: input.loss },
    summary: "the derivation of seed parts 1b–1f; give --x --y --A --b --C --d for numbers",
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
  return theta.map((v, j) => {
    const numeric = centralDifference((u) => {
      const w = theta.slice();
      w[j] = u;
      return lossAt(w);
    }, v);
    return gradcheckRow(names[j] as Formula, analytic[j] as number, numeric);
  });
}

/** A note on the forward pass for every saturated unit (vanishing gradients). */
function saturationNotes(fw: Forward): Step[] {
  const saturated = fw.dh
    .map((d, i) => [i, sc.toNumber(d)] as const)
    .filter(([, d]) => Math.abs(d) < SATURATION && d !== 0);
  if (saturated.length === 0) return [];
  return [
    {
      title: "Saturated units",
      notes: saturated.map(([i, d]) =>
        F.juxt(
          F.eq(dsigma(ix(S.z, F.num(i + 1))), F.num(d)),
          F.text(`: unit ${i + 1} is saturated, so almost no gradient reaches `),
          ix(A, F.num(i + 1)),
          F.text(" and "),
          ix(b, F.num(i + 1)),
          F.text(" (vanishing gradient)"),
        ),
      ),
    },
  ];
}

function numericSolution(input: MlpInput): Solution {
  const { x, y, params, act, loss } = input;
  const k = params.A.length;
  const fw = mlp.forward(params, x, y, act, loss);
  const g = mlp.gradients(params, x, y, fw, loss);
  const gen = generalFormulas(loss);
  const n = F.num;
  const two = loss === "squared" ? [n(2)] : [];
  const err = F.minus(n(fw.yPred), n(y));
  const perUnit = (term: (i: number) => Formula) => F.listOf(k, term);

  const steps: Step[] = [
    activationStep(act),
    {
      title: "Forward pass",
      answerFields: ["z", "h"],
      formula: gen.z,
      substitution: [perUnit((i) => F.plus(F.times(n(params.A[i] as Scalar), n(x)), n(params.b[i] as Scalar)))],
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
      title: `Loss (${loss === "squared" ? "squared error, as in the seed" : "half-squared error"})`,
      formula: gen.loss,
      substitution: [lossFormula(loss, n(y), n(fw.yPred))],
      value: fw.loss,
    },
    {
      title: "∂L/∂y_pred = ∂L/∂d (seed 1b)",
      answerFields: ["grad.yPred", "grad.d"],
      formula: gen.dd,
      substitution: [dLossFormula(loss, n(fw.yPred), n(y))],
      value: g.d,
    },
    {
      title: "∂L/∂Cᵢ (seed 1c)",
      answerFields: ["grad.C"],
      formula: gen.dC,
      substitution: [perUnit((i) => F.juxt(...two, n(fw.h[i] as Scalar), err))],
      value: g.C,
    },
    {
      title: "∂L/∂bᵢ (seed 1d)",
      answerFields: ["grad.b"],
      formula: gen.db,
      substitution: [perUnit((i) => F.juxt(...two, n(params.C[i] as Scalar), n(fw.dh[i] as Scalar), err))],
      value: g.b,
    },
    {
      title: "∂L/∂Aᵢ (seed 1e)",
      answerFields: ["grad.A"],
      formula: gen.dA,
      substitution: [perUnit((i) => F.juxt(...two, n(params.C[i] as Scalar), n(fw.dh[i] as Scalar), n(x), err))],
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

  steps.push(
    gradcheckStep(
      "Gradient check (central differences, h = 1e-6)",
      gradcheck(input, g),
      "parameter",
      (act.name === "relu" || act.name === "leaky-relu") && fw.z.some((z) => sc.isZero(z))
        ? [
            "a unit sits at zᵢ = 0, the kink: the finite difference sees the mean of the two slopes there, the " +
              "gradient uses σ′(0) as PyTorch does",
          ]
        : [],
    ),
  );

  const answer: Record<string, AnswerValue> = {
    z: fw.z,
    h: fw.h,
    yPred: fw.yPred,
    loss: fw.loss,
    grad: { yPred: g.yPred, d: g.d, C: g.C, b: g.b, A: g.A },
  };
  const warnings: string[] = [];
  if (input.lr !== undefined) {
    const lr = input.lr;
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
      { header: at(F.sym("θ", "\\theta"), t), cells: table.map((r) => r[1] as Scalar) },
      { header: dL(F.sym("θ", "\\theta")), cells: table.map((r) => r[2] as Scalar) },
      { header: at(F.sym("θ", "\\theta"), F.plus(t, F.num(1))), cells: table.map((r) => r[3] as Scalar) },
    ];
    steps.push({
      title: "Gradient-descent update (seed 1f)",
      answerFields: ["next"],
      formula: gen.update,
      substitution: [perUnit((i) => F.minus(n(params.b[i] as Scalar), F.times(n(lr), n(g.b[i] as Scalar))))],
      value: next.b,
      tables: [{ columns }],
      notes: [
        F.juxt(F.text("the same rule for A, C and d, with "), F.eq(S.alpha, n(lr))),
        F.juxt(F.text("loss before the step "), n(fw.loss), F.text(", after "), n(after.loss)),
      ],
    });
    let current = next;
    if (input.steps !== undefined) {
      const losses: Scalar[] = [after.loss];
      for (let s = 1; s < input.steps; s++) {
        if (sc.isExact(current.d) && mlp.exactBits(current) > MAX_EXACT_BITS) {
          current = mlp.toFloatParams(current);
          warnings.push(`exact fractions passed ${MAX_EXACT_BITS} bits after step ${s}: the later steps are float64`);
        }
        const f = mlp.forward(current, x, y, act, loss);
        current = mlp.update(current, mlp.gradients(current, x, y, f, loss), lr);
        losses.push(mlp.forward(current, x, y, act, loss).loss);
      }
      steps.push({
        title: `${input.steps} gradient-descent steps`,
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
            F.text("loss before the first step "),
            n(fw.loss),
            F.text(", after the last "),
            n(losses[losses.length - 1] as Scalar),
          ),
        ],
      });
      answer.losses = losses;
    }
    answer.next = { A: current.A, b: current.b, C: current.C, d: current.d };
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
      help: "squared (y − y_pred)² (default, as in the seed) or half-squared ½(y − y_pred)²",
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
});
