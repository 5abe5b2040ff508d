import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import type { Value } from "../../solution/solution.js";

export interface SoftmaxInput {
  /** No logits given: the derivation in symbols. */
  symbolic: boolean;
  /** Logits per sample (one row for a vector z). */
  rows: number[][];
  /** Target probabilities per sample, one-hot for class targets; none when only the softmax is asked. */
  targets: number[][];
  /** The class numbers (counted from 1) when the target was given as classes. */
  classes?: number[];
  matrix: boolean;
  reduction: "mean" | "sum";
  /** The inputs as given, for the echo. */
  echo: { z: Value; target: Value };
}

/** One class number, counted from 1, as an index; a clear error for anything else. */
function classIndex(c: Scalar, classes: number, label: string): number {
  const v = sc.toNumber(c);
  if (!Number.isInteger(v) || v < 1 || v > classes) {
    throw fieldError(label, `class ${sc.exactString(c) ?? v} is not one of 1…${classes} (classes are counted from 1)`);
  }
  return v - 1;
}

/** Probabilities: non-negative and summing to 1, per row. */
function probabilities(row: readonly Scalar[], label: string): number[] {
  const ps = row.map(sc.toNumber);
  const negative = ps.findIndex((v) => v < 0);
  if (negative >= 0) throw fieldError(`${label}[${negative + 1}]`, "is negative; probabilities are ≥ 0");
  const total = ps.reduce((s, v) => s + v, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw fieldError(label, `sums to ${total}, not 1: the target probabilities of a sample must sum to 1`);
  }
  return ps;
}

const oneHot = (index: number, classes: number) => Array.from({ length: classes }, (_, j) => (j === index ? 1 : 0));

function vectorTargets(fields: Fields, zs: Scalar[]): Pick<SoftmaxInput, "targets" | "classes"> {
  const t = fields.numberVectorOrMatrix("target");
  const label = fields.label("target");
  if (!t) throw fields.missing("target", "a class number 1…K, or K probabilities that sum to 1");
  if (t.kind === "number") {
    const c = classIndex(t.n, zs.length, label);
    return { targets: [oneHot(c, zs.length)], classes: [c + 1] };
  }
  if (t.kind === "matrix")
    throw fieldError(label, "is a matrix, but z is one sample: give a class number or K probabilities");
  if (t.v.length !== zs.length) {
    throw fieldError(label, `has ${t.v.length} probabilities, z has ${zs.length} classes`);
  }
  return { targets: [probabilities(t.v, label)] };
}

function matrixTargets(fields: Fields, zs: Scalar[][]): Pick<SoftmaxInput, "targets" | "classes"> {
  const t = fields.numberVectorOrMatrix("target");
  const label = fields.label("target");
  const n = zs.length;
  const classes = zs[0]!.length;
  if (!t) throw fields.missing("target", `${n} class numbers, or an ${n} × ${classes} matrix of probabilities`);
  if (t.kind === "number") {
    throw fieldError(label, `is one number, but z has ${n} samples: give a class number for each (e.g. 1,3,2)`);
  }
  if (t.kind === "vector") {
    if (t.v.length !== n) throw fieldError(label, `has ${t.v.length} class numbers, z has ${n} samples (rows)`);
    const cs = t.v.map((c, i) => classIndex(c, classes, `${label}[${i + 1}]`));
    return { targets: cs.map((c) => oneHot(c, classes)), classes: cs.map((c) => c + 1) };
  }
  if (t.m.length !== n || t.m[0]!.length !== classes) {
    throw fieldError(label, `is ${t.m.length} × ${t.m[0]!.length}, z is ${n} × ${classes}`);
  }
  return { targets: t.m.map((row, i) => probabilities(row, `${label}[${i + 1}]`)) };
}

export function validate(fields: Fields): SoftmaxInput {
  const zf = fields.vectorOrMatrix("z");
  const reduction = (fields.choice("reduction") ?? "mean") as "mean" | "sum";
  if (!zf) {
    if (fields.has("target")) throw fields.missing("z", "the logits: a vector of K, or an N × K matrix");
    return { symbolic: true, rows: [], targets: [], matrix: false, reduction, echo: { z: [], target: [] } };
  }
  if (!fields.has("target") && fields.has("reduction")) {
    throw fieldError(fields.label("reduction"), "applies to the loss: give --target for one");
  }
  if (zf.kind === "vector" && fields.has("reduction")) {
    throw fieldError(fields.label("reduction"), "applies to a batch: give z as an N × K matrix, rows = samples");
  }
  // without a target, the softmax alone (targets stay empty)
  const t = !fields.has("target")
    ? { targets: [] }
    : zf.kind === "vector"
      ? vectorTargets(fields, zf.v)
      : matrixTargets(fields, zf.m);
  const rows = zf.kind === "vector" ? [zf.v.map(sc.toNumber)] : zf.m.map((r) => r.map(sc.toNumber));
  const given = fields.numberVectorOrMatrix("target");
  const target: Value =
    given?.kind === "number" ? given.n : given?.kind === "vector" ? given.v : given?.kind === "matrix" ? given.m : [];
  return {
    symbolic: false,
    rows,
    ...t,
    matrix: zf.kind === "matrix",
    reduction,
    echo: { z: zf.kind === "vector" ? zf.v : zf.m, target },
  };
}

/** Probabilities must sum to 1 within this. */
export const SUM_TOLERANCE = 1e-9;
