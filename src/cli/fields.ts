// A problem's input fields as the user gave them — from flags, positional
// arguments or a JSON object — parsed on demand by the kind the problem
// declares. Each value remembers where it came from, so an error names
// `--x` or `input.x` as the user wrote it.
import { fieldError, InputError } from "../errors.js";
import type { Scalar } from "../core/scalar.js";
import type { FieldSpec } from "../problems/problem.js";
import { didYouMean } from "./suggest.js";
import {
  matrixFromJson,
  numberFromJson,
  parseMatrix,
  parseNumber,
  parseVector,
  vectorFromJson,
} from "./values.js";

export interface RawField {
  value: unknown;
  /** How the user named it: "--x", "input.x", "x". */
  label: string;
  /** True when the value is a JSON value; false for argv text. */
  json: boolean;
}

export type VectorOrMatrix = { kind: "vector"; v: Scalar[] } | { kind: "matrix"; m: Scalar[][] };

export class Fields {
  constructor(
    readonly specs: Record<string, FieldSpec>,
    private readonly raw: ReadonlyMap<string, RawField>,
  ) {}

  has(name: string): boolean {
    return this.raw.has(name);
  }

  /** The name to use in a message about a field: its label, or its flag when absent. */
  label(name: string): string {
    return this.raw.get(name)?.label ?? `--${name}`;
  }

  private get(name: string): RawField | undefined {
    if (!(name in this.specs)) throw new Error(`field ${name} is not declared`);
    return this.raw.get(name);
  }

  private missing(name: string): InputError {
    return new InputError(`missing --${name} (${this.specs[name]?.help ?? name})`);
  }

  number(name: string): Scalar | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    if (f.json) return numberFromJson(f.value, f.label);
    return parseNumber(String(f.value), f.label);
  }

  requireNumber(name: string): Scalar {
    const v = this.number(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  vector(name: string): Scalar[] | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    return f.json ? vectorFromJson(f.value, f.label) : parseVector(String(f.value), f.label);
  }

  requireVector(name: string): Scalar[] {
    const v = this.vector(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  matrix(name: string): Scalar[][] | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    return f.json ? matrixFromJson(f.value, f.label) : parseMatrix(String(f.value), f.label);
  }

  requireMatrix(name: string): Scalar[][] {
    const v = this.matrix(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** A vector, or a matrix when the text has rows (`;`) or the JSON holds arrays. */
  vectorOrMatrix(name: string): VectorOrMatrix | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    const isMatrix = f.json
      ? Array.isArray(f.value) && f.value.length > 0 && f.value.every(Array.isArray)
        || (typeof f.value === "string" && f.value.includes(";"))
      : String(f.value).includes(";") || /^\s*\[\s*\[/.test(String(f.value));
    return isMatrix ? { kind: "matrix", m: this.requireMatrix(name) } : { kind: "vector", v: this.requireVector(name) };
  }

  /** One number, or a list of them. */
  numberOrList(name: string): Scalar | Scalar[] | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    const isList = f.json ? Array.isArray(f.value) || (typeof f.value === "string" && /[,\s]/.test(f.value.trim()))
      : /[,\s]/.test(String(f.value).trim()) || String(f.value).trim().startsWith("[");
    return isList ? this.requireVector(name) : this.requireNumber(name);
  }

  /** A positive whole number, at most `max`. */
  count(name: string, max: number): number | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    const v = f.json && typeof f.value === "number" ? f.value : Number(String(f.value).trim());
    if (!Number.isInteger(v) || v < 1 || String(f.value).trim() === "") {
      throw fieldError(f.label, `expected a positive whole number, got ${JSON.stringify(f.value)}`);
    }
    if (v > max) throw fieldError(f.label, `${v} is more than the ${max} allowed`);
    return v;
  }

  choice(name: string): string | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    const choices = this.specs[name]?.choices ?? [];
    if (typeof f.value !== "string" || !choices.includes(f.value)) {
      const got = typeof f.value === "string" ? `"${f.value}"` : JSON.stringify(f.value);
      const hint = typeof f.value === "string" ? didYouMean(f.value, choices) : "";
      throw fieldError(f.label, `${got} is not one of ${choices.join(", ")}${hint}`);
    }
    return f.value;
  }
}

/**
 * The fields of a JSON input object. Unknown fields are errors with the
 * nearest known name suggested; a non-object is an error.
 */
export function rawFromJson(
  obj: unknown,
  specs: Record<string, FieldSpec>,
  prefix: string,
  problemName: string,
): Map<string, RawField> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    const got = obj === null ? "null" : Array.isArray(obj) ? "an array" : typeof obj;
    throw new InputError(`${prefix}: expected a JSON object with the fields of ${problemName}, got ${got}`);
  }
  const known = Object.keys(specs);
  const out = new Map<string, RawField>();
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(specs, key)) {
      throw new InputError(`${prefix}.${key}: unknown field${didYouMean(key, known)}; ${problemName} takes ${known.join(", ")}`);
    }
    out.set(key, { value: (obj as Record<string, unknown>)[key], label: `${prefix}.${key}`, json: true });
  }
  return out;
}
