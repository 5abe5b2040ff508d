// rnn's worked steps from the engine's record: the forward table per step,
// backpropagation through time from the last step (∂L/∂hₜ, the factor
// diag(act′)·W_h and the running product's norm), the gradients summed over
// the steps and a finite-difference check.
import { activation } from "../../core/activations.js";
import {
  entries,
  type FiniteDifference,
  isMatrix,
  isScalar,
  kinkAt,
  matmul,
  type Tensor,
} from "../../core/autodiff.js";
import { gradcheckRow } from "../../core/gradcheck.js";
import * as la from "../../core/linalg.js";
import { GATES } from "../../core/network.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Cell, DerivationLine, Step } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import type { RnnInput } from "./input.js";
import type { RnnRun } from "./run.js";

const t = F.sym("t");
const at = (base: Formula, k: number | string | Formula) =>
  F.subscript(base, typeof k === "number" ? F.num(sc.frac(k)) : k);
const h = F.sym("h");
const Wh = F.subscript(F.sym("W"), "h");
const Wx = F.subscript(F.sym("W"), "x");
const bSym = F.sym("b", "\\mathbf{b}");

/** A value as a cell: a number, or a vector or matrix as a list. */
function cellOf(v: Tensor): Cell {
  if (isScalar(v)) return v;
  if (isMatrix(v)) return F.listOf(v.length, (i) => F.listOf(v[i]!.length, (j) => F.num(v[i]![j]!)));
  return F.listOf((v as Scalar[]).length, (i) => F.num((v as Scalar[])[i] as Scalar));
}

/** A value as a formula: a number, or a vector or matrix in brackets. */
const formulaOf = (v: Tensor): Formula => (isScalar(v) ? F.num(v) : (cellOf(v) as Formula));

const norm = (v: Tensor): number => Math.sqrt(entries(v).reduce((acc: number, x) => acc + sc.toNumber(x) ** 2, 0));

/** The cell's rule in symbols, and for a one-unit vanilla cell each step's sum with its numbers. */
function cellRule(input: RnnInput, run: RnnRun): { rule: Formula; derivation: DerivationLine[] } {
  const ts = Array.from({ length: input.shape.steps }, (_, k) => k + 1);
  const cell = input.shape.cell;
  const derivation: DerivationLine[] = [];
  let rule: Formula;
  if (cell === "rnn") {
    rule = F.eq(
      at(h, t),
      F.call(input.shape.activation, F.plus(F.juxt(Wh, at(h, F.minus(t, F.num(1)))), F.juxt(Wx, at(S.x, t)), bSym)),
    );
    if (input.shape.scalar)
      for (const k of ts.slice(0, 12)) {
        const v = (name: string) => F.num(run.value(name) as Scalar);
        derivation.push({
          formula: F.eq(
            at(S.z, k),
            F.plus(F.times(v("Wh"), v(`h${k - 1}`)), F.times(v("Wx"), v(`x${k}`)), v("b")),
            v(`z${k}`),
          ),
        });
      }
    else
      for (const k of ts.slice(0, 6)) {
        const hx = matmul(run.value("Wh"), run.value(`h${k - 1}`));
        const wx = matmul(run.value("Wx"), run.value(`x${k}`));
        const terms = [hx, wx, run.value("b")].map((v) => cellOf(v) as Formula);
        derivation.push({ formula: F.eq(at(S.z, k), F.plus(...terms), cellOf(run.value(`z${k}`)) as Formula) });
      }
  } else if (cell === "lstm") {
    rule = F.eq(at(h, t), F.juxt(at(F.sym("o"), t), F.call("tanh", at(F.sym("c"), t))));
    derivation.push({
      formula: F.eq(
        at(F.sym("c"), t),
        F.plus(
          F.juxt(at(F.sym("f"), t), at(F.sym("c"), F.minus(t, F.num(1)))),
          F.juxt(at(F.sym("i"), t), at(F.sym("g"), t)),
        ),
      ),
      reason: "i, f, o = σ(W_x x + W_h h + b), g = tanh(…), each gate its block of rows",
    });
  } else {
    rule = F.eq(
      at(h, t),
      F.plus(
        F.juxt(F.paren(F.minus(F.num(1), at(S.z, t))), at(F.sym("n"), t)),
        F.juxt(at(S.z, t), at(h, F.minus(t, F.num(1)))),
      ),
    );
    derivation.push({
      formula: F.eq(
        at(F.sym("n"), t),
        F.call(
          "tanh",
          F.plus(
            F.juxt(F.subscript(Wx, "n"), at(S.x, t)),
            F.subscript(bSym, "n"),
            F.juxt(at(F.sym("r"), t), F.paren(F.juxt(F.subscript(Wh, "n"), at(h, F.minus(t, F.num(1)))))),
          ),
        ),
      ),
      reason: "r, z = σ(W_x x + W_h h + b), their blocks of rows",
    });
  }
  return { rule, derivation };
}

export function forwardStep(input: RnnInput, run: RnnRun): Step {
  const T = input.shape.steps;
  const ts = Array.from({ length: T }, (_, k) => k + 1);
  const cell = input.shape.cell;
  const { rule, derivation } = cellRule(input, run);
  const gates = GATES[cell];
  const columns = [
    { header: "t" as Formula | string, cells: ts.map((k) => sc.frac(k)) as Cell[] },
    { header: at(S.x, "t") as Formula, cells: ts.map((k) => cellOf(run.value(`x${k}`))) },
    ...(cell === "rnn" ? [{ header: at(S.z, "t") as Formula, cells: ts.map((k) => cellOf(run.value(`z${k}`))) }] : []),
    ...gates.map((g) => ({
      header: at(F.sym(g), "t") as Formula,
      cells: ts.map((k) => cellOf(run.value(`${g}${k}`))),
    })),
    ...(cell === "lstm"
      ? [{ header: at(F.sym("c"), "t") as Formula, cells: ts.map((k) => cellOf(run.value(`c${k}`))) }]
      : []),
    { header: at(h, "t") as Formula, cells: ts.map((k) => cellOf(run.value(`h${k}`))) },
    ...(input.shape.output
      ? [{ header: at(F.sym("ŷ", "\\hat{y}"), "t") as Formula, cells: ts.map((k) => cellOf(run.value(`yhat${k}`))) }]
      : []),
  ];
  return {
    title: "Forward through time: each step's state",
    derivation: [{ formula: rule, reason: "the rule" }, ...derivation],
    answerFields: [
      "h",
      ...(input.shape.output ? ["yPred"] : []),
      ...(cell === "lstm" ? ["c"] : []),
      ...(gates.length ? ["gates"] : []),
    ],
    tables: [{ columns }],
    notes: input.shape.output
      ? [
          F.eq(
            at(F.sym("ŷ", "\\hat{y}"), t),
            F.plus(F.juxt(F.subscript(F.sym("W"), "y"), at(h, t)), F.subscript(bSym, "y")),
          ),
        ]
      : [],
  };
}

/** The last step's loss with its numbers: (1/2)((ŷ₁ − y₁)² + …). */
function lastLoss(input: RnnInput, run: RnnRun, half: Formula[]): Formula {
  const out = entries(run.value(input.shape.output ? `yhat${input.shape.steps}` : `h${input.shape.steps}`));
  const y = entries(input.values.get("y") as Tensor);
  const terms = out.map((o, i) => F.pow(F.paren(F.minus(F.num(o), F.num(y[i]!))), F.num(2)));
  return F.juxt(...half, F.paren(F.plus(...terms)));
}

export function lossStep(input: RnnInput, run: RnnRun): Step {
  const out = input.shape.output ? F.sym("ŷ", "\\hat{y}") : h;
  const sq = (k: Formula) =>
    F.pow(F.normF(F.minus(at(out, k), input.shape.lossAt === "every" ? at(S.y, k) : S.y)), F.num(2));
  const half = input.shape.loss === "half-squared" ? [F.fracF(F.num(1), F.num(2))] : [];
  const T = F.sym("T");
  return {
    title: `The loss (${input.shape.loss}, ${input.shape.lossAt === "last" ? "at the last step" : "over the steps"})`,
    formula: F.eq(S.L, input.shape.lossAt === "last" ? F.juxt(...half, sq(T)) : F.sumOver(t, F.juxt(...half, sq(t)))),
    ...(input.shape.lossAt === "last" ? { substitution: [lastLoss(input, run, half)] } : {}),
    value: run.value("L") as Scalar,
    answerFields: ["loss"],
  };
}

/** ∂hₜ/∂hₜ₋₁ = diag(act′(zₜ))·W_h of the vanilla cell, at step t. */
function stepJacobian(input: RnnInput, run: RnnRun, k: number): Tensor {
  const f = activation(input.shape.activation);
  const z = run.value(`z${k}`);
  const Whv = run.value("Wh");
  if (isScalar(z)) return sc.mul(f.df(z), Whv as Scalar);
  return (Whv as Scalar[][]).map((row, i) => row.map((w) => sc.mul(f.df((z as Scalar[])[i] as Scalar), w)));
}

/**
 * Where the steps back start: ∂L/∂h_T = h_T − y (2(h_T − y) for the squared loss) with its numbers, when the
 * loss is on the last state itself; with an output layer or a loss at every step the table shows it.
 */
function lastStateLine(input: RnnInput, run: RnnRun): DerivationLine | undefined {
  if (input.shape.output || input.shape.lossAt !== "last") return undefined;
  const T = input.shape.steps;
  const y = input.values.get("y") as Tensor;
  const diff = (a: Formula, b: Formula) =>
    input.shape.loss === "squared" ? F.juxt(F.num(sc.frac(2)), F.paren(F.minus(a, b))) : F.minus(a, b);
  return {
    formula: F.eq(
      F.partial(S.L, at(h, T)),
      diff(at(h, T), S.y),
      diff(formulaOf(run.value(`h${T}`)), formulaOf(y)),
      formulaOf(run.grad(`h${T}`)),
    ),
    reason: "where the steps back start",
  };
}

/** Each step back with its numbers: ∂L/∂hₜ₋₁ = (∂hₜ/∂hₜ₋₁)ᵀ∂L/∂hₜ, from the last step. */
function stepBackLines(input: RnnInput, run: RnnRun, ts: readonly number[]): DerivationLine[] {
  const lines: DerivationLine[] = [];
  if (input.shape.scalar)
    for (const k of ts.slice(0, -1).slice(0, 12)) {
      // ∂L/∂hₜ·σ′(zₜ)·Wₕ, each factor's number: the step's factor is the last two
      const slope = activation(input.shape.activation).df(run.value(`z${k}`) as Scalar);
      lines.push({
        formula: F.eq(
          F.partial(S.L, at(h, k - 1)),
          F.juxt(F.partial(S.L, at(h, k)), F.call("σ′", at(S.z, k)), Wh),
          F.times(F.num(run.grad(`h${k}`) as Scalar), F.num(slope), F.num(run.value("Wh") as Scalar)),
          F.num(run.grad(`h${k - 1}`) as Scalar),
        ),
        ...(input.shape.lossAt === "every" ? { reason: `and the loss at step ${k - 1}` } : {}),
      });
    }
  if (!input.shape.scalar)
    for (const k of ts.slice(0, -1).slice(0, 6)) {
      const J = stepJacobian(input, run, k) as Scalar[][];
      const JT = J[0]?.map((_, j) => J.map((row) => row[j]!)) as Scalar[][];
      lines.push({
        formula: F.eq(
          F.partial(S.L, at(h, k - 1)),
          F.juxt(cellOf(JT) as Formula, cellOf(run.grad(`h${k}`)) as Formula),
          cellOf(run.grad(`h${k - 1}`)) as Formula,
        ),
        ...(input.shape.lossAt === "every" ? { reason: `and the loss at step ${k - 1}` } : {}),
      });
    }
  return lines;
}

export function bpttStep(input: RnnInput, run: RnnRun): Step {
  const T = input.shape.steps;
  const ts = Array.from({ length: T }, (_, k) => T - k);
  const vanilla = input.shape.cell === "rnn";
  const factor: Cell[] = [];
  const running: Cell[] = [];
  // ‖∂h_T/∂hₜ‖: a one-unit network's product stays exact; a matrix product is float64 (only its norm is shown)
  let product: Tensor | number[][] | undefined;
  for (const k of ts) {
    if (!vanilla) break;
    const J = stepJacobian(input, run, k);
    factor.push(norm(J));
    running.push(product === undefined ? 1 : norm(product as Tensor));
    if (isScalar(J)) product = product === undefined ? J : sc.mul(product as Scalar, J);
    else {
      const Jf = (J as Scalar[][]).map((row) => row.map(sc.toNumber));
      product = product === undefined ? Jf : la.floatProduct(product as number[][], Jf);
    }
  }
  const derivation: DerivationLine[] = [
    {
      formula: F.eq(
        F.partial(S.L, at(h, F.minus(t, F.num(1)))),
        F.juxt(F.superscript(F.paren(F.partial(at(h, t), at(h, F.minus(t, F.num(1))))), "T"), F.partial(S.L, at(h, t))),
      ),
      reason: input.shape.lossAt === "every" ? "the rule, plus the loss at step t − 1" : "the rule",
    },
  ];
  if (vanilla)
    derivation.push({
      formula: F.eq(
        F.partial(at(h, t), at(h, F.minus(t, F.num(1)))),
        F.juxt(F.call("diag", F.call("σ′", at(S.z, t))), Wh),
      ),
      reason: `the factor of each step back, σ = ${input.shape.activation}`,
    });
  const start = lastStateLine(input, run);
  if (start) derivation.push(start);
  if (vanilla) derivation.push(...stepBackLines(input, run, ts));
  const columns = [
    { header: "t" as Formula | string, cells: ts.map((k) => sc.frac(k)) as Cell[] },
    { header: F.partial(S.L, at(h, "t")) as Formula, cells: ts.map((k) => cellOf(run.grad(`h${k}`))) },
    { header: F.normF(F.partial(S.L, at(h, "t"))) as Formula, cells: ts.map((k) => norm(run.grad(`h${k}`))) },
    ...(vanilla
      ? [
          { header: "‖∂hₜ/∂hₜ₋₁‖", cells: factor },
          { header: "‖∂h_T/∂hₜ‖", cells: running },
        ]
      : []),
  ];
  return {
    title: "Backpropagation through time, from the last step",
    derivation,
    answerFields: ["dLdh"],
    tables: [{ columns }],
    notes: vanilla
      ? [
          "‖·‖ the Frobenius norm; a running product that shrinks step by step is the vanishing gradient, " +
            "one that grows the exploding gradient",
        ]
      : ["the gates' local derivatives are the engine's, node by node; ∂L/∂hₜ gathers the paths through every gate"],
  };
}

export function gradStep(input: RnnInput, run: RnnRun): Step {
  const T = input.shape.steps;
  const derivation: DerivationLine[] = [];
  if (input.shape.cell === "rnn") {
    const delta = at(F.sym("δ", "\\delta"), t);
    derivation.push(
      { formula: F.eq(delta, F.partial(S.L, at(S.z, t))), reason: "∂L/∂hₜ ⊙ σ′(zₜ)" },
      {
        formula: F.eq(F.partial(S.L, Wh), F.sumOver(t, F.juxt(delta, F.superscript(at(h, F.minus(t, F.num(1))), "T")))),
        reason: "summed over every step",
      },
      { formula: F.eq(F.partial(S.L, Wx), F.sumOver(t, F.juxt(delta, F.superscript(at(S.x, t), "T")))) },
      { formula: F.eq(F.partial(S.L, bSym), F.sumOver(t, delta)) },
    );
    if (input.shape.scalar) {
      const d = (k: number) => F.num(run.grad(`z${k}`) as Scalar);
      const v = (n: string) => F.num(run.value(n) as Scalar);
      const ks = Array.from({ length: T }, (_, k) => k + 1);
      derivation.push(
        {
          formula: F.eq(
            F.partial(S.L, Wh),
            F.plus(...ks.map((k) => F.times(d(k), v(`h${k - 1}`)))),
            F.num(run.paramGrad("Wh") as Scalar),
          ),
        },
        {
          formula: F.eq(
            F.partial(S.L, Wx),
            F.plus(...ks.map((k) => F.times(d(k), v(`x${k}`)))),
            F.num(run.paramGrad("Wx") as Scalar),
          ),
        },
        { formula: F.eq(F.partial(S.L, bSym), F.plus(...ks.map(d)), F.num(run.paramGrad("b") as Scalar)) },
      );
    }
  }
  return {
    title: "The gradients, summed over the steps",
    derivation,
    answerFields: ["grad"],
    tables: [
      {
        columns: [
          { header: "parameter", cells: run.params },
          { header: "∂L/∂θ", cells: run.params.map((p) => cellOf(run.paramGrad(p))) },
        ],
      },
    ],
  };
}

export function checkStep(run: RnnRun, input: RnnInput, diffs: readonly FiniteDifference[]): Step {
  const kink = kinkAt(run.g);
  const rows = diffs.map((d) => {
    const v = input.values.get(d.input) as Tensor;
    const cols = isMatrix(v) ? v[0]!.length : 1;
    const name = isScalar(v)
      ? d.input
      : isMatrix(v)
        ? `${d.input}[${Math.floor(d.index / cols) + 1},${(d.index % cols) + 1}]`
        : `${d.input}[${d.index + 1}]`;
    const r = gradcheckRow<Cell>(name, d.analytic, d.numeric, { loss: d.loss, h: d.h });
    return kink ? { ...r, checkable: false } : r;
  });
  return gradcheckStep(
    "Finite-difference check",
    rows,
    "weight",
    ["central differences (L(θ + h) − L(θ − h))/2h, h = 1e-6·max(1, |θ|)"],
    kink ? "a unit sits exactly on relu's kink (z = 0), where PyTorch's choice relu′(0) = 0 is taken" : undefined,
  );
}
