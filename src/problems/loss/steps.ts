import { centralDifference, gradcheckRow } from "../../core/gradcheck.js";
import { type LossKind, ROW_KINDS, sampleLoss } from "../../core/losses.js";
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

/** Sample i's loss with its numbers. */
export function sampleLines(input: LossInput, i: number, value: Scalar): DerivationLine[] {
  const p = input.pred[i] as Scalar[];
  const t = input.target[i] as Scalar[];
  const n = (v: Scalar) => F.num(v);
  const lhs = F.subscript(F.sym("ℓ", "\\ell"), F.num(sc.frac(i + 1)));
  let rhs: Formula;
  switch (input.kind) {
    case "svm": {
      const y = sc.toNumber(t[0]!) - 1;
      rhs = F.plus(
        ...p.flatMap((s, j) =>
          j === y ? [] : [F.call("max", F.num(0), F.plus(F.minus(n(s), n(p[y]!)), n(input.options.margin)))],
        ),
      );
      break;
    }
    case "ce":
    case "kl":
      rhs = F.negF(
        F.paren(F.plus(...p.flatMap((pj, j) => (sc.isZero(t[j]!) ? [] : [F.juxt(n(t[j]!), F.call("log", n(pj)))])))),
      );
      if (input.kind === "kl")
        rhs = F.plus(
          ...p.flatMap((pj, j) =>
            sc.isZero(t[j]!) ? [] : [F.juxt(n(t[j]!), F.paren(F.minus(F.call("log", n(t[j]!)), F.call("log", n(pj)))))],
          ),
        );
      break;
    case "mse":
      rhs = F.pow(F.paren(F.minus(n(p[0]!), n(t[0]!))), F.num(2));
      break;
    case "hinge":
      rhs = F.call("max", F.num(0), F.minus(n(input.options.margin), F.times(n(t[0]!), n(p[0]!))));
      break;
    default:
      rhs = F.call(input.kind, n(p[0]!), n(t[0]!));
  }
  if (input.kind === "svm") {
    // the margins written out, then each margin's value: one line each fits a narrow terminal
    const y = sc.toNumber(t[0]!) - 1;
    const sy = p[y]!;
    const margins = p.flatMap((s, j) =>
      j === y ? [] : [F.call("max", F.num(0), F.num(sc.add(sc.sub(s, sy), input.options.margin)))],
    );
    return [{ formula: F.eq(lhs, rhs) }, { formula: F.eq(lhs, F.plus(...margins), F.num(value)) }];
  }
  return [{ formula: F.eq(lhs, rhs, F.num(value)) }];
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
