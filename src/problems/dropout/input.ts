import type { Tensor } from "../../core/autodiff.js";
import { mapTensor, shapeOf } from "../../core/autodiff.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { markTypedDecimal, typedAsDecimal } from "../../solution/solution.js";
import { booleanField } from "../common.js";

export interface DropoutInput {
  x: Tensor;
  /** The probability of dropping a unit. */
  p: Scalar;
  mask?: Tensor;
  mode: "train" | "eval";
  inverted: boolean;
  /** p was given as keepProb. */
  asKeep: boolean;
  /** 1 − p, as given when it was (keepProb 0.8 prints as 0.8). */
  keep: Scalar;
}

export const fields: Record<string, FieldSpec> = {
  x: { kind: "numberVectorOrMatrix", help: "the input: a number, a vector or a matrix" },
  p: { kind: "number", help: "the probability of dropping a unit (PyTorch's p, default 1/2)" },
  keepProb: { kind: "number", flag: "keep-prob", help: "instead of p: the keep probability 1 − p of older courses" },
  mask: { kind: "numberVectorOrMatrix", help: "which units are kept (1) or dropped (0), shape of x" },
  mode: { kind: "choice", choices: ["train", "eval"], help: "train (default) or eval" },
  inverted: {
    kind: "raw",
    help: "true (default, PyTorch): kept units scaled by 1/(1 − p) in training; false: test outputs scaled by 1 − p",
  },
};

const tensorOf = (v: { kind: string; n?: Scalar; v?: Scalar[]; m?: Scalar[][] }): Tensor =>
  (v.kind === "number" ? v.n : v.kind === "vector" ? v.v : v.m) as Tensor;

export function validate(f: Fields): DropoutInput | undefined {
  const xv = f.numberVectorOrMatrix("x");
  if (!xv) {
    for (const n of ["p", "keepProb", "mask"]) if (f.has(n)) throw f.missing("x", "the input");
    return undefined;
  }
  if (f.has("p") && f.has("keepProb")) throw fieldError(f.label("keepProb"), "is 1 − p: give p or keepProb, not both");
  const keep = f.number("keepProb");
  // p from a keep probability typed as a decimal is written as one too: keep-prob 0.8 is p = 0.2
  const p =
    keep === undefined
      ? (f.number("p") ?? sc.frac(1, 2))
      : typedAsDecimal(keep)
        ? markTypedDecimal(sc.sub(sc.frac(1), keep))
        : sc.sub(sc.frac(1), keep);
  if (sc.sign(p) < 0 || sc.sign(sc.sub(p, sc.frac(1))) >= 0)
    throw fieldError(
      f.label(keep === undefined ? "p" : "keepProb"),
      "must leave a probability from 0 to just below 1 of dropping",
    );
  const x = tensorOf(xv);
  const mv = f.numberVectorOrMatrix("mask");
  let mask: Tensor | undefined;
  if (mv) {
    mask = tensorOf(mv);
    const [a, b] = [shapeOf(mask), shapeOf(x)];
    if (a.length !== b.length || a.some((n, i) => n !== b[i]))
      throw fieldError(f.label("mask"), "must have the shape of x");
    mapTensor(mask, (m) => {
      if (!(sc.isZero(m) || sc.toNumber(m) === 1))
        throw fieldError(f.label("mask"), "holds 1 (kept) and 0 (dropped) only");
      return m;
    });
  }
  const mode = (f.choice("mode") ?? "train") as "train" | "eval";
  return {
    x,
    p,
    ...(mask ? { mask } : {}),
    mode,
    inverted: booleanField(f, "inverted", true),
    asKeep: keep !== undefined,
    keep: keep ?? sc.sub(sc.frac(1), p),
  };
}
