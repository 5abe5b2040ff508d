import { centralDifference, gradcheckRow } from "../../core/gradcheck.js";
import { type LossKind, ROW_KINDS, type SampleLoss, sampleLoss } from "../../core/losses.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import type { Cell, DerivationLine, Step, Value } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import type { LossInput } from "./input.js";

export const FORMULAS: Record<LossKind, string> = {
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

/** The samples' losses and the gradient of the reduced loss. */
export function evaluate(input: LossInput, pred = input.pred) {
  const samples = pred.map((p, i) => sampleLoss(input.kind, p, input.target[i] as Scalar[], input.options));
  const n = sc.frac(input.reduction === "mean" ? samples.length : 1);
  const loss = sc.div(sc.sum(samples.map((s) => s.loss)), n);
  const grad = samples.map((s) => s.grad.map((g) => sc.div(g, n)));
  return { samples, loss, grad };
}

export function shaped(input: LossInput, rows: Scalar[][]): Value {
  const flat = rows.flat();
  if (input.shape === "number") return flat[0]!;
  if (input.shape === "vector") return flat;
  if (ROW_KINDS.includes(input.kind)) return rows;
  return Array.from({ length: flat.length / input.cols }, (_, i) => flat.slice(i * input.cols, (i + 1) * input.cols));
}

const e = F.sym("e");
const half = F.num(sc.frac(1, 2));

/** Sample i's loss with its numbers. */
export function sampleLines(input: LossInput, i: number, sample: SampleLoss): DerivationLine[] {
  const p = input.pred[i] as Scalar[];
  const t = input.target[i] as Scalar[];
  const n = (v: Scalar) => F.num(v);
  const lhs = F.subscript(F.sym("ℓ", "\\ell"), F.num(sc.frac(i + 1)));
  if (input.kind === "svm") {
    // the margins written out, then each margin's value: one line each fits a narrow terminal
    const y = sc.toNumber(t[0]!) - 1;
    const sy = p[y]!;
    const written = p.flatMap((s, j) =>
      j === y ? [] : [F.call("max", F.num(0), F.plus(F.minus(n(s), n(sy)), n(input.options.margin)))],
    );
    const margins = p.flatMap((s, j) =>
      j === y ? [] : [F.call("max", F.num(0), F.num(sc.add(sc.sub(s, sy), input.options.margin)))],
    );
    return [{ formula: F.eq(lhs, F.plus(...written)) }, { formula: F.eq(lhs, F.plus(...margins), F.num(sample.loss)) }];
  }
  const rhs = ROW_KINDS.includes(input.kind) ? rowLoss(input, p, t) : entryLoss(input, p[0]!, t[0]!, sample);
  return [{ formula: F.eq(lhs, rhs, F.num(sample.loss)) }];
}

/** ce and kl of one row with its numbers; a zero target's term is left out, as it adds 0. */
function rowLoss(input: LossInput, p: Scalar[], t: Scalar[]): Formula {
  const n = (v: Scalar) => F.num(v);
  const terms = (term: (pj: Scalar, tj: Scalar) => Formula) =>
    p.flatMap((pj, j) => (sc.isZero(t[j]!) ? [] : [term(pj, t[j]!)]));
  if (input.kind === "kl")
    return F.plus(...terms((pj, tj) => F.juxt(n(tj), F.paren(F.minus(F.call("log", n(tj)), F.call("log", n(pj)))))));
  return F.negF(F.paren(F.plus(...terms((pj, tj) => F.juxt(n(tj), F.call("log", n(pj)))))));
}

/** An element-wise kind's loss with its numbers: (1 − 0)², |p − t|, the huber piece it is on, −log(p). */
function entryLoss(input: LossInput, p: Scalar, t: Scalar, sample: SampleLoss): Formula {
  const n = (v: Scalar) => F.num(v);
  const diff = F.minus(n(p), n(t));
  const { delta, margin } = input.options;
  switch (input.kind) {
    case "mse":
      return F.pow(F.paren(diff), F.num(2));
    case "mae":
      return F.absF(diff);
    case "huber":
      if (sample.quadratic) return F.juxt(half, F.pow(F.paren(diff), F.num(2)));
      // δ = 1, PyTorch's default, writes |p − t| − 1/2
      return sc.toNumber(delta) === 1
        ? F.minus(F.absF(diff), F.fracF(n(delta), F.num(2)))
        : F.juxt(n(delta), F.paren(F.minus(F.absF(diff), F.fracF(n(delta), F.num(2)))));
    case "hinge":
      return F.call("max", F.num(0), F.minus(n(margin), F.times(n(t), n(p))));
    case "bce": {
      // a hard label leaves one term: −log(p) for t = 1, −log(1 − p) for t = 0
      const oneMinusP = F.minus(F.num(1), n(p));
      if (sc.toNumber(t) === 1) return F.negF(F.call("log", n(p)));
      if (sc.toNumber(t) === 0) return F.negF(F.call("log", oneMinusP));
      return F.negF(
        F.paren(
          F.plus(F.juxt(n(t), F.call("log", n(p))), F.juxt(F.paren(F.minus(F.num(1), n(t))), F.call("log", oneMinusP))),
        ),
      );
    }
    default:
      // bce-logits on the score s = p
      return F.minus(F.call("log", F.plus(F.num(1), F.pow(e, n(p)))), F.times(n(t), n(p)));
  }
}

const P = F.sym("p");
const S = F.sym("s");
const T = F.sym("t");
/** The kinds on a score s rather than a prediction p. */
const SCORED: readonly LossKind[] = ["hinge", "bce-logits"];
const pj = F.subscript(P, "j");
const tj = F.subscript(T, "j");

/** ∂ℓ/∂p of each kind as a formula (svm's rule is a sentence: SVM_RULE). */
export function gradientRule(kind: LossKind): Formula {
  const diff = F.minus(P, T);
  const sign = F.call("sign", diff);
  // on a score s (hinge, bce-logits), as the loss's formula names it
  const local = F.partial(F.sym("ℓ", "\\ell"), kind === "ce" || kind === "kl" ? pj : SCORED.includes(kind) ? S : P);
  const delta = F.sym("δ", "\\delta");
  const rules: Record<Exclude<LossKind, "svm">, () => Formula> = {
    mse: () => F.juxt(F.num(sc.frac(2)), F.paren(diff)),
    mae: () => sign,
    huber: () => F.cases([diff, F.op("≤", F.absF(diff), delta)], [F.juxt(delta, sign), F.op("<", delta, F.absF(diff))]),
    bce: () => F.fracF(diff, F.juxt(P, F.paren(F.minus(F.num(1), P)))),
    "bce-logits": () => F.minus(F.call("σ", S), T),
    ce: () => F.negF(F.fracF(tj, pj)),
    kl: () => F.negF(F.fracF(tj, pj)),
    hinge: () =>
      F.cases(
        [F.negF(T), F.op("<", F.times(T, S), F.sym("margin", "\\mathrm{margin}"))],
        [F.num(0), F.op("≤", F.sym("margin", "\\mathrm{margin}"), F.times(T, S))],
      ),
  };
  return F.eq(local, rules[kind as Exclude<LossKind, "svm">]());
}

/** svm's ∂ℓ/∂s, in words. */
export const SVM_RULE = "∂ℓ/∂s_j = 1 for each j ≠ y with s_j − s_y + Δ > 0, and ∂ℓ/∂s_y = −(how many there are)";

/** Sample i's ∂L/∂p with its numbers, for the element-wise kinds: ∂ℓ/∂p, over N for the mean. */
export function gradientLine(input: LossInput, i: number, sample: SampleLoss, value: Scalar): DerivationLine {
  const n = (v: Scalar) => F.num(v);
  const p = input.pred[i]![0]!;
  const t = input.target[i]![0]!;
  const diff = F.minus(n(p), n(t));
  const sign = F.call("sign", diff);
  const local: Record<string, () => Formula> = {
    mse: () => F.juxt(F.num(sc.frac(2)), F.paren(diff)),
    mae: () => sign,
    huber: () => (sample.quadratic ? diff : F.scaledBy(input.options.delta, sign)),
    hinge: () => F.negF(n(t)),
    "bce-logits": () => F.minus(F.call("σ", n(p)), n(t)),
  };
  const logs = input.kind === "bce" || input.kind === "bce-logits";
  const scale = [
    ...(input.reduction === "mean" ? [F.num(sc.frac(input.pred.length))] : []),
    ...(logs && input.baseText !== "e" ? [F.call("ln", F.sym(input.baseText))] : []),
  ];
  const lhs = F.partial(F.sym("L"), F.subscript(SCORED.includes(input.kind) ? S : P, F.num(sc.frac(i + 1))));
  if (input.kind === "hinge")
    return sc.isZero(sample.loss)
      ? { formula: F.eq(lhs, F.num(0)), reason: "past the margin" }
      : { formula: F.eq(lhs, F.num(value)), reason: "−t/N: inside the margin" };
  // bce's N (and ln b) join its denominator: (p − t)/(N·p(1 − p))
  if (input.kind === "bce")
    return {
      formula: F.eq(lhs, F.fracF(diff, F.juxt(...scale, n(p), F.paren(F.minus(F.num(1), n(p))))), F.num(value)),
    };
  const rhs = local[input.kind]!();
  const shown = scale.length === 0 ? rhs : F.fracF(rhs, scale.length === 1 ? scale[0]! : F.times(...scale));
  return { formula: F.eq(lhs, shown, F.num(value)) };
}

/** Samples written out line by line; past this, the tables alone. */
export const LINES = 12;

/** ∂L/∂pred: the rule, each sample's value with its numbers (element-wise kinds), the table. */
export function gradientStep(input: LossInput, samples: SampleLoss[], grad: Scalar[][]): Step {
  const mean = input.reduction === "mean";
  return {
    title: "∂L/∂pred",
    derivation: [
      ...(input.kind === "svm"
        ? []
        : [{ formula: gradientRule(input.kind), reason: mean ? "then ÷ N for the mean" : "" }]),
      ...(ROW_KINDS.includes(input.kind)
        ? []
        : samples.slice(0, LINES).map((s, i) => gradientLine(input, i, s, grad[i]![0]!))),
    ],
    tables: [
      {
        columns: [
          { header: "sample", cells: grad.map((_, i) => sc.frac(i + 1)) as Cell[] },
          ...grad[0]!.map((_, j) => ({
            header: grad[0]!.length > 1 ? `∂L/∂p${j + 1}` : "∂L/∂p",
            cells: grad.map((r) => r[j]!) as Cell[],
          })),
        ],
      },
    ],
    answerFields: ["grad"],
    notes: [
      ...(input.kind === "svm" ? [`${SVM_RULE}${mean ? "; then ÷ N for the mean" : ""}`] : []),
      ...(input.kind === "hinge" || input.kind === "svm" || input.kind === "mae"
        ? ["at a kink the subgradient 0 is taken, as PyTorch's relu and sign do"]
        : []),
    ],
  };
}

/** Central differences of the reduced loss along the first entries of pred. */
export function checkStep(input: LossInput, grad: Scalar[][]): Step {
  const flat = input.pred.flat();
  const at = (k: number, v: number) => {
    const copy = input.pred.map((r) => r.map(sc.toNumber) as Scalar[]);
    const cols = copy[0]!.length;
    (copy[Math.floor(k / cols)] as Scalar[])[k % cols] = v;
    return sc.toNumber(evaluate(input, copy).loss);
  };
  const g = grad.flat();
  const rows = flat.slice(0, 10).map((p, k) =>
    gradcheckRow<Cell>(
      `pred[${k + 1}]`,
      sc.toNumber(g[k]!),
      centralDifference((v) => at(k, v), sc.toNumber(p)),
    ),
  );
  return gradcheckStep("Finite-difference check", rows, "entry", ["central differences of L, h = 1e-6"]);
}
