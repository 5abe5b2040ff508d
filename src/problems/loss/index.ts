// loss (SPEC 4.21): the losses besides softmax cross-entropy, each sample's
// loss with its numbers, the reduction, ∂L/∂pred and a finite-difference check.

import { type Chart, spaced } from "../../chart.js";
import type { Formula } from "../../core/formula.js";
import * as F from "../../core/formula.js";
import { centralDifference, gradcheckRow } from "../../core/gradcheck.js";
import { LOSS_KINDS, type LossKind, type LossOptions, ROW_KINDS, sampleLoss } from "../../core/losses.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields, NumberVectorOrMatrix } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";
import type { AnswerValue, Cell, DerivationLine, Solution, Step, Value } from "../../solution.js";
import { gradcheckStep, lettered, listText } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

interface LossInput {
  kind: LossKind;
  /** Samples: one entry each for the element-wise kinds, one row each for ce, svm and kl. */
  pred: Scalar[][];
  target: Scalar[][];
  /** How pred was given, to give the gradient back in its shape. */
  shape: "number" | "vector" | "matrix";
  /** The rows per sample when pred was a matrix of an element-wise kind. */
  cols: number;
  reduction: "mean" | "sum";
  options: LossOptions;
  baseText: string;
}

const FORMULAS: Record<LossKind, string> = {
  mse: "(p − t)²",
  mae: "|p − t|",
  huber: "½(p − t)² if |p − t| ≤ δ, else δ(|p − t| − δ/2)",
  bce: "−(t log p + (1 − t) log(1 − p))",
  "bce-logits": "log(1 + e^s) − t·s, on the score s",
  ce: "−Σᵢ tᵢ log pᵢ (−log p_y for a class)",
  hinge: "max(0, margin − t·s), t = ±1",
  svm: "Σ_{j≠y} max(0, s_j − s_y + Δ)",
  kl: "Σᵢ tᵢ (log tᵢ − log pᵢ)",
};

const fields: Record<string, FieldSpec> = {
  kind: { kind: "raw", help: `the loss: ${LOSS_KINDS.join(", ")}` },
  pred: {
    kind: "numberVectorOrMatrix",
    help: "predictions, scores or probabilities: a vector, or N × K (rows = samples)",
  },
  target: {
    kind: "numberVectorOrMatrix",
    help: "targets: values, ±1 (hinge), a class 1…K per sample (ce, svm), or probabilities",
  },
  margin: { kind: "number", help: "svm's Δ and hinge's margin (default 1)" },
  delta: { kind: "number", help: "huber's δ (default 1)" },
  reduction: { kind: "choice", choices: ["mean", "sum"], help: "mean (default) or sum" },
  base: { kind: "raw", help: "the logarithm's base: e (default), 2 or 10" },
};

const rowsOf = (v: NumberVectorOrMatrix): Scalar[][] =>
  v.kind === "matrix" ? v.m : v.kind === "vector" ? [v.v] : [[v.n]];

/** ce's, svm's and kl's targets: a class per sample (ce's as one-hot rows), or probabilities as given. */
function rowTargets(
  f: Fields,
  kind: LossKind,
  pv: NumberVectorOrMatrix,
  tv: NumberVectorOrMatrix,
  pred: Scalar[][],
  given: Scalar[][],
  cols: number,
): Scalar[][] {
  let target = given;
  const classGiven = kind !== "kl" && (tv.kind === "number" || (tv.kind === "vector" && pv.kind === "matrix"));
  if (classGiven) {
    // classes: one per sample (a vector of them for a batch)
    const classes = tv.kind === "vector" ? tv.v.map((c) => [c]) : [[(tv as { n: Scalar }).n]];
    if (classes.length !== pred.length)
      throw fieldError(f.label("target"), `gives ${classes.length} classes for ${pred.length} samples`);
    for (const [c] of classes) {
      const k = sc.toNumber(c as Scalar);
      if (!Number.isInteger(k) || k < 1 || k > cols)
        throw fieldError(f.label("target"), `a class is a whole number from 1 to ${cols}, got ${k}`);
    }
    target =
      kind === "ce"
        ? classes.map(([c]) =>
            Array.from({ length: cols }, (_, i) => sc.frac(i + 1 === sc.toNumber(c as Scalar) ? 1 : 0)),
          )
        : classes;
  } else if (kind === "svm") throw fieldError(f.label("target"), "svm takes a class 1…K per sample");
  return target;
}

function validate(f: Fields): LossInput | undefined {
  const raw = f.rawValue("kind");
  if (!raw) {
    if (f.has("pred")) throw f.missing("kind", LOSS_KINDS.join(", "));
    return undefined;
  }
  const kind = String(raw.value) as LossKind;
  if (!LOSS_KINDS.includes(kind))
    throw fieldError(
      raw.label,
      `unknown loss "${kind}"${didYouMean(kind, LOSS_KINDS)}; one of ${LOSS_KINDS.join(", ")}`,
    );
  const pv = f.numberVectorOrMatrix("pred");
  if (!pv) throw f.missing("pred", "the predictions");
  const tv = f.numberVectorOrMatrix("target");
  if (!tv) throw f.missing("target", "the targets");
  const rowKind = ROW_KINDS.includes(kind);
  let pred = rowsOf(pv);
  let target = rowsOf(tv);
  const cols = (pred[0] as Scalar[]).length;
  if (rowKind) target = rowTargets(f, kind, pv, tv, pred, target, cols);
  else {
    pred = pred.flat().map((v) => [v]);
    target = target.flat().map((v) => [v]);
  }
  if (!rowKind || kind !== "svm")
    if (target.length !== pred.length || target.some((r, i) => r.length !== (pred[i] as Scalar[]).length))
      throw fieldError(f.label("target"), "must have the shape of pred");
  if (kind === "hinge" && target.some(([t]) => Math.abs(sc.toNumber(t as Scalar)) !== 1))
    throw fieldError(f.label("target"), "hinge's targets are −1 or 1");
  if (
    (kind === "bce" || kind === "ce" || kind === "kl") &&
    pred.flat().some((p) => !(sc.toNumber(p) > 0 && (kind !== "bce" || sc.toNumber(p) < 1)))
  )
    throw fieldError(
      f.label("pred"),
      `${kind} takes probabilities${kind === "bce" ? " strictly between 0 and 1" : " above 0"}`,
    );
  const baseRaw = f.rawValue("base");
  const base = baseRaw ? String(baseRaw.value) : "e";
  if (!["e", "2", "10"].includes(base)) throw fieldError(f.label("base"), "expected e, 2 or 10");
  return {
    kind,
    pred,
    target,
    shape: pv.kind,
    cols,
    reduction: (f.choice("reduction") ?? "mean") as "mean" | "sum",
    options: {
      margin: f.number("margin") ?? sc.frac(1),
      delta: f.number("delta") ?? sc.frac(1),
      lnBase: base === "e" ? 1 : Math.log(Number(base)),
    },
    baseText: base,
  };
}

/** The samples' losses and the gradient of the reduced loss. */
function evaluate(input: LossInput, pred = input.pred) {
  const samples = pred.map((p, i) => sampleLoss(input.kind, p, input.target[i] as Scalar[], input.options));
  const n = sc.frac(input.reduction === "mean" ? samples.length : 1);
  const loss = sc.div(sc.sum(samples.map((s) => s.loss)), n);
  const grad = samples.map((s) => s.grad.map((g) => sc.div(g, n)));
  return { samples, loss, grad };
}

function shaped(input: LossInput, rows: Scalar[][]): Value {
  const flat = rows.flat();
  if (input.shape === "number") return flat[0] as Scalar;
  if (input.shape === "vector") return flat;
  if (ROW_KINDS.includes(input.kind)) return rows;
  return Array.from({ length: flat.length / input.cols }, (_, i) => flat.slice(i * input.cols, (i + 1) * input.cols));
}

/** Sample i's loss with its numbers. */
function sampleLines(input: LossInput, i: number, value: Scalar): DerivationLine[] {
  const p = input.pred[i] as Scalar[];
  const t = input.target[i] as Scalar[];
  const n = (v: Scalar) => F.num(v);
  const lhs = F.subscript(F.sym("ℓ", "\\ell"), F.num(sc.frac(i + 1)));
  let rhs: Formula;
  switch (input.kind) {
    case "svm": {
      const y = sc.toNumber(t[0] as Scalar) - 1;
      rhs = F.plus(
        ...p.flatMap((s, j) =>
          j === y ? [] : [F.call("max", F.num(0), F.plus(F.minus(n(s), n(p[y] as Scalar)), n(input.options.margin)))],
        ),
      );
      break;
    }
    case "ce":
    case "kl":
      rhs = F.negF(
        F.paren(
          F.plus(
            ...p.flatMap((pj, j) =>
              sc.isZero(t[j] as Scalar) ? [] : [F.juxt(n(t[j] as Scalar), F.call("log", n(pj)))],
            ),
          ),
        ),
      );
      if (input.kind === "kl")
        rhs = F.plus(
          ...p.flatMap((pj, j) =>
            sc.isZero(t[j] as Scalar)
              ? []
              : [F.juxt(n(t[j] as Scalar), F.paren(F.minus(F.call("log", n(t[j] as Scalar)), F.call("log", n(pj)))))],
          ),
        );
      break;
    case "mse":
      rhs = F.pow(F.paren(F.minus(n(p[0] as Scalar), n(t[0] as Scalar))), F.num(2));
      break;
    case "hinge":
      rhs = F.call("max", F.num(0), F.minus(n(input.options.margin), F.times(n(t[0] as Scalar), n(p[0] as Scalar))));
      break;
    default:
      rhs = F.call(input.kind, n(p[0] as Scalar), n(t[0] as Scalar));
  }
  if (input.kind === "svm") {
    // the margins written out, then each margin's value: one line each fits a narrow terminal
    const y = sc.toNumber(t[0] as Scalar) - 1;
    const sy = p[y] as Scalar;
    const margins = p.flatMap((s, j) =>
      j === y ? [] : [F.call("max", F.num(0), F.num(sc.add(sc.sub(s, sy), input.options.margin)))],
    );
    return [{ formula: F.eq(lhs, rhs) }, { formula: F.eq(lhs, F.plus(...margins), F.num(value)) }];
  }
  return [{ formula: F.eq(lhs, rhs, F.num(value)) }];
}

/** Central differences of the reduced loss along the first entries of pred. */
function checkStep(input: LossInput, grad: Scalar[][]): Step {
  const flat = input.pred.flat();
  const at = (k: number, v: number) => {
    const copy = input.pred.map((r) => r.map(sc.toNumber) as Scalar[]);
    const cols = (copy[0] as Scalar[]).length;
    (copy[Math.floor(k / cols)] as Scalar[])[k % cols] = v;
    return sc.toNumber(evaluate(input, copy).loss);
  };
  const g = grad.flat();
  const rows = flat.slice(0, 10).map((p, k) =>
    gradcheckRow<Cell>(
      `pred[${k + 1}]`,
      sc.toNumber(g[k] as Scalar),
      centralDifference((v) => at(k, v), sc.toNumber(p)),
    ),
  );
  return gradcheckStep("Finite-difference check", rows, "entry", ["central differences of L, h = 1e-6"]);
}

function solve(input: LossInput | undefined): Solution {
  if (!input) return listSolution();
  const { samples, loss, grad } = evaluate(input);
  const single = ROW_KINDS.includes(input.kind) && input.shape !== "matrix";
  const steps: Step[] = [
    {
      title: `Each sample's loss: ℓ = ${FORMULAS[input.kind]}`,
      derivation: samples.slice(0, 12).flatMap((s, i) => sampleLines(input, i, s.loss)),
      answerFields: single ? [] : ["losses"],
      notes: [
        ...(samples.length > 12 ? [`the first 12 of ${samples.length} written out`] : []),
        ...(input.baseText !== "e"
          ? [
              `logarithms in base ${input.baseText}: a natural-log answer is ` +
                `ln ${input.baseText} ≈ ${input.options.lnBase.toPrecision(6)} times this`,
            ]
          : []),
      ],
    },
    {
      title: `The ${input.reduction} over ${samples.length} sample${samples.length === 1 ? "" : "s"}`,
      formula: F.eq(
        F.sym("L"),
        input.reduction === "mean"
          ? F.fracF(F.sumOver(F.sym("i"), F.subscript(F.sym("ℓ", "\\ell"), "i")), F.num(sc.frac(samples.length)))
          : F.sumOver(F.sym("i"), F.subscript(F.sym("ℓ", "\\ell"), "i")),
      ),
      value: loss,
      answerFields: ["loss"],
    },
    {
      title: "∂L/∂pred",
      tables: [
        {
          columns: [
            { header: "sample", cells: grad.map((_, i) => sc.frac(i + 1)) as Cell[] },
            ...(grad[0] as Scalar[]).map((_, j) => ({
              header: (grad[0] as Scalar[]).length > 1 ? `∂L/∂p${j + 1}` : "∂L/∂p",
              cells: grad.map((r) => r[j] as Scalar) as Cell[],
            })),
          ],
        },
      ],
      answerFields: ["grad"],
      notes:
        input.kind === "hinge" || input.kind === "svm" || input.kind === "mae"
          ? ["at a kink the subgradient 0 is taken, as PyTorch's relu and sign do"]
          : [],
    },
  ];
  steps.push(checkStep(input, grad));
  const answer: Record<string, AnswerValue> = {
    loss,
    ...(single ? {} : { losses: samples.map((s) => s.loss) }),
    grad: shaped(input, grad),
  };
  return {
    problem: "loss",
    title: `The ${input.kind} loss`,
    input: { kind: input.kind, reduction: input.reduction },
    summary: `${input.kind}, ${input.reduction} over ${samples.length} sample${samples.length === 1 ? "" : "s"}`,
    steps,
    answer,
    warnings: [],
  };
}

function listSolution(): Solution {
  return {
    problem: "loss",
    title: "The losses and their gradients",
    input: {},
    steps: [
      { title: "Each kind", derivation: LOSS_KINDS.map((k) => ({ formula: F.text(`${k}: ℓ = ${FORMULAS[k]}`) })) },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: LossInput | undefined, _sol: Solution): Mistake[] {
  if (input?.reduction !== "mean" || input.pred.length < 2) return [];
  const { loss, grad } = evaluate({ ...input, reduction: "sum" });
  return [
    {
      id: "no-batch-mean",
      answer: { loss, grad: shaped(input, grad) },
      says: (field, v) => `your ${field} ${v} is the sum over the samples; the mean divides by ${input.pred.length}`,
    },
  ];
}

/** The first sample's loss as its first prediction moves, the given value marked. */
function plots(input: LossInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const p0 = sc.toNumber((input.pred[0] as Scalar[])[0] as Scalar);
  const probability = input.kind === "bce" || input.kind === "ce" || input.kind === "kl";
  const x = probability ? spaced(0.01, 0.99, 99) : spaced(p0 - 3, p0 + 3, 121);
  const y = x.map((v) => {
    const row = (input.pred[0] as Scalar[]).map(sc.toNumber) as Scalar[];
    row[0] = v;
    return sc.toNumber(sampleLoss(input.kind, row, input.target[0] as Scalar[], input.options).loss);
  });
  return [
    {
      kind: "line",
      title: `the ${input.kind} loss of sample 1 against its first prediction`,
      xLabel: "prediction",
      x,
      series: [{ name: "ℓ", y }],
      marks: [{ x: p0, label: `given ${p0}` }],
    },
  ];
}

const practice: PracticeGenerator = {
  guarantee:
    "the multiclass SVM loss of CS231n on whole-number scores: every margin, loss and gradient a whole number or " +
    "a simple fraction",
  generate(rng: Rng) {
    const pred = [rng.ints(3, -3, 3), rng.ints(3, -3, 3)];
    const target = [rng.int(1, 3), rng.int(1, 3)];
    return {
      input: { kind: "svm", pred, target },
      statement: [
        `Two samples have class scores ${listText(pred[0] as number[])} and ${listText(pred[1] as number[])}; ` +
          `their classes are ${target[0]} and ${target[1]}.`,
        ...lettered([
          "Compute each sample's multiclass SVM loss with Δ = 1, writing out each margin.",
          "Give the mean loss and its gradient with respect to the scores.",
        ]),
      ],
    };
  },
};

export const loss = defineProblem<LossInput | undefined>({
  name: "loss",
  summary:
    "the losses besides softmax-ce (mse, mae, huber, bce, bce-logits, ce, hinge, svm, kl): each sample's loss, " +
    "the reduction, ∂L/∂pred",
  leadingPositional: "kind",
  fields,
  answers: { loss: "the reduced loss", losses: "each sample's loss", grad: "∂L/∂pred, the shape of pred" },
  expectExample: `loss mse --pred 1,2 --target 0,0 --expect '{"loss": 2.5, "grad": [1, 2]}'`,
  examples: [
    'loss svm --pred "3.2 5.1 -1.7; 1.3 4.9 2.0" --target 1,2',
    "loss huber --pred 0.5,3 --target 0,0",
    "loss bce --pred 0.9,0.2 --target 1,0 --json",
    "loss",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "the first sample's loss against its first prediction, the given one marked",
  plots,
});
