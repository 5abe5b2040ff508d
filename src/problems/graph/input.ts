// graph's fields (SPEC 4.13) and what validate() makes of them.
import { shapeOf, shapeText, type Tensor } from "../../core/autodiff.js";
import type { Program } from "../../core/expression.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import { parseProgram, parseValues } from "../../input/expression.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { didYouMean } from "../../input/suggest.js";

export interface GraphInput {
  /** The expression as given, for the echo. */
  text: string;
  program: Program;
  /** The inputs' values; undefined: the derivation in symbols. */
  values?: Map<string, Tensor>;
  /** ∂L/∂out when given (required for a vector or matrix output). */
  dLdout?: Tensor;
  /** The inputs whose gradients are reported, in order. */
  wrt: string[];
  /** How the user named the fields, for errors found while solving. */
  labels: { expr: string; at: string; dLdout: string };
}

export const fields: Record<string, FieldSpec> = {
  expr: {
    kind: "raw",
    help: 'the expression, or assignments split by ";" whose last is the output: "q = x + y; f = q * z"',
  },
  at: {
    kind: "raw",
    help:
      'the inputs\' values: "x=-2 y=5 z=-4" (also as name=value arguments after the expression; w=1,2,3 a ' +
      "vector, W=[[1,2],[3,4]] a matrix); without them, the derivation in symbols",
  },
  dLdout: {
    kind: "numberVectorOrMatrix",
    help: "the upstream gradient ∂L/∂out, shape of the output (default 1 for a number output)",
  },
  wrt: { kind: "raw", help: "the inputs whose gradients to report: x,y (default all, in order of first appearance)" },
};

/** A text of names (x,y or "x y") or a JSON array of them. */
function namesOf(raw: { json: boolean; value: unknown; label: string }): string[] {
  if (raw.json && Array.isArray(raw.value)) {
    return raw.value.map((v, i) => {
      if (typeof v !== "string") throw fieldError(`${raw.label}[${i + 1}]`, "expected an input's name");
      return v;
    });
  }
  if (typeof raw.value !== "string") throw fieldError(raw.label, "expected input names such as x,y");
  return raw.value.split(/[,\s]+/).filter((s) => s !== "");
}

function tensorOf(v: { kind: string; n?: Scalar; v?: Scalar[]; m?: Scalar[][] }): Tensor {
  return (v.kind === "number" ? v.n : v.kind === "vector" ? v.v : v.m) as Tensor;
}

/** The typed input; undefined when no expression is given (the local rules of every operation). */
export function validate(f: Fields): GraphInput | undefined {
  const expr = f.rawValue("expr");
  if (!expr) {
    for (const name of ["at", "dLdout", "wrt"])
      if (f.has(name)) throw f.missing("expr", 'an expression, such as "(x + y) * z"');
    return undefined;
  }
  if (typeof expr.value !== "string") throw fieldError(expr.label, "expected the expression as text");
  const program = parseProgram(expr.value, expr.label);
  const labels = { expr: f.label("expr"), at: f.label("at"), dLdout: f.label("dLdout") };
  const inputs = program.inputs.join(", ");
  const at = f.rawValue("at");
  let values: Map<string, Tensor> | undefined;
  if (at) {
    values = parseValues(at);
    for (const name of values.keys()) {
      if (!program.inputs.includes(name)) {
        const assigned = program.assignments.some((a) => a.name === name);
        throw fieldError(
          `${at.label}.${name}`,
          assigned
            ? `${name} is computed by the expression, not an input; its inputs are ${inputs}`
            : `the expression never reads ${name}${didYouMean(name, program.inputs)}; its inputs are ${inputs}`,
        );
      }
    }
    const missing = program.inputs.filter((n) => !values?.has(n));
    if (missing.length > 0)
      throw fieldError(
        at.label,
        `no value for ${missing.join(", ")} (every input needs one, or none for the derivation in symbols)`,
      );
  }
  const wrtRaw = f.rawValue("wrt");
  const wrt = wrtRaw ? namesOf(wrtRaw) : program.inputs;
  for (const name of wrt) {
    if (!program.inputs.includes(name))
      throw fieldError(
        f.label("wrt"),
        `${name} is not an input${didYouMean(name, program.inputs)}; the expression's inputs are ${inputs}`,
      );
  }
  if (wrt.length === 0) throw fieldError(f.label("wrt"), "names no input");
  const d = f.numberVectorOrMatrix("dLdout");
  if (d && !values) throw fieldError(labels.dLdout, "goes with values for the inputs (--at)");
  return {
    text: expr.value,
    program,
    ...(values ? { values } : {}),
    ...(d ? { dLdout: tensorOf(d as Parameters<typeof tensorOf>[0]) } : {}),
    wrt: [...new Set(wrt)],
    labels,
  };
}

/** ∂L/∂out: the given one, which must have the output's shape, or 1 for a number. */
export function seedFor(out: Tensor, input: GraphInput, outName: string): Tensor {
  if (input.dLdout === undefined) {
    if (shapeOf(out).length > 0)
      throw fieldError(
        input.labels.dLdout,
        `missing: the output ${outName} is ${shapeText(out)}; give ∂L/∂${outName} of that shape`,
      );
    return sc.frac(1);
  }
  const a = shapeOf(input.dLdout);
  const b = shapeOf(out);
  if (a.length !== b.length || a.some((n, i) => n !== b[i]))
    throw fieldError(
      input.labels.dLdout,
      `is ${shapeText(input.dLdout)}, but the output ${outName} is ${shapeText(out)}`,
    );
  return input.dLdout;
}
