import { LOSS_KINDS, type LossKind, type LossOptions, ROW_KINDS } from "../../core/losses.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields, NumberVectorOrMatrix } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";

export interface LossInput {
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

export const fields: Record<string, FieldSpec> = {
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

export function validate(f: Fields): LossInput | undefined {
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
  const cols = pred[0]!.length;
  if (rowKind) target = rowTargets(f, kind, pv, tv, pred, target, cols);
  else {
    pred = pred.flat().map((v) => [v]);
    target = target.flat().map((v) => [v]);
  }
  if (!rowKind || kind !== "svm")
    if (target.length !== pred.length || target.some((r, i) => r.length !== pred[i]!.length))
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
