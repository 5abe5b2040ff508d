// A problem's input fields as the user gave them — from flags, positional
// arguments or a JSON object — parsed by the kind each problem declares, as
// soon as they are collected: `validate()` only relates fields to each other.
// Each value remembers where it came from, so an error names `--x` or
// `input.x` as the user wrote it, and a missing field is named the way the
// user would give it (a flag on the command line, `input.x` in JSON).
import type { Scalar } from "../core/scalar.js";
import { fieldError, InputError, jsonKind } from "../errors.js";
import { didYouMean } from "./suggest.js";
import { matrixFromJson, numberFromJson, parseMatrix, parseNumber, parseVector, vectorFromJson } from "./values.js";

export type VectorOrMatrix = { kind: "vector"; v: Scalar[] } | { kind: "matrix"; m: Scalar[][] };
export type NumberVectorOrMatrix = { kind: "number"; n: Scalar } | VectorOrMatrix;

/** What a field of each kind holds once parsed. */
export interface KindValues {
  number: Scalar;
  vector: Scalar[];
  matrix: Scalar[][];
  /** a vector, or a matrix with one row per sample */
  vectorOrMatrix: VectorOrMatrix;
  /** one number or a list of them (a regularisation path) */
  numberOrList: Scalar | Scalar[];
  /** a number, a vector or a matrix (a class number, or probabilities, per sample) */
  numberVectorOrMatrix: NumberVectorOrMatrix;
  /** a positive whole number, at most the spec's `max` */
  count: number;
  /** one of the spec's `choices` */
  choice: string;
  /** the value as given, for a problem that reads its own structure (a list of layers): text or JSON */
  raw: { json: boolean; value: unknown; label: string };
}

export type FieldKind = keyof KindValues;

export interface FieldSpec {
  kind: FieldKind;
  /** Shown in --help; says the default when there is one. */
  help: string;
  /** For "choice": the values allowed. */
  choices?: readonly string[];
  /** For "count": the largest value allowed. */
  max?: number;
  /** The command-line flag when it is not the field's name (`weight-decay` for weightDecay). */
  flag?: string;
}

/** The command-line flag of a field: --name, or the spec's own. */
export function flagOf(name: string, spec: FieldSpec | undefined): string {
  return `--${spec?.flag ?? name}`;
}

export interface RawField {
  value: unknown;
  /** How the user named it: "--x", "input.x", "x". */
  label: string;
  /** True when the value is a JSON value; false for argv text. */
  json: boolean;
}

/** Where the fields came from, which decides how a missing field is named. */
export type FieldSource = "argv" | "json";

/** f read as a field of the given kind (a kind that may be one of several reads as each in turn). */
function parseAs(kind: FieldKind, spec: FieldSpec, f: RawField): KindValues[FieldKind] {
  switch (kind) {
    case "number":
      return f.json ? numberFromJson(f.value, f.label) : parseNumber(String(f.value), f.label);
    case "vector":
      return f.json ? vectorFromJson(f.value, f.label) : parseVector(String(f.value), f.label);
    case "matrix":
      return f.json ? matrixFromJson(f.value, f.label) : parseMatrix(String(f.value), f.label);
    case "vectorOrMatrix": {
      const isMatrix = f.json
        ? (Array.isArray(f.value) && f.value.length > 0 && f.value.every(Array.isArray)) ||
          (typeof f.value === "string" && f.value.includes(";"))
        : String(f.value).includes(";") || /^\s*\[\s*\[/.test(String(f.value));
      if (isMatrix) return { kind: "matrix", m: parseAs("matrix", spec, f) as Scalar[][] };
      return { kind: "vector", v: parseAs("vector", spec, f) as Scalar[] };
    }
    case "numberOrList": {
      const isList = f.json
        ? Array.isArray(f.value) || (typeof f.value === "string" && /[,\s]/.test(f.value.trim()))
        : /[,\s]/.test(String(f.value).trim()) || String(f.value).trim().startsWith("[");
      return parseAs(isList ? "vector" : "number", spec, f);
    }
    case "numberVectorOrMatrix": {
      const isNumber = f.json
        ? typeof f.value === "number" || (typeof f.value === "string" && !/[,;\s[]/.test(f.value.trim()))
        : !/[,;\s[]/.test(String(f.value).trim());
      if (isNumber) return { kind: "number", n: parseAs("number", spec, f) as Scalar };
      return parseAs("vectorOrMatrix", spec, f);
    }
    case "raw":
      return { json: f.json, value: f.value, label: f.label };
    case "count": {
      const v = f.json && typeof f.value === "number" ? f.value : Number(String(f.value).trim());
      if (!Number.isInteger(v) || v < 1 || String(f.value).trim() === "") {
        throw fieldError(f.label, `expected a positive whole number, got ${JSON.stringify(f.value)}`);
      }
      if (spec.max !== undefined && v > spec.max)
        throw fieldError(f.label, `${v} is more than the ${spec.max} allowed`);
      return v;
    }
    case "choice": {
      const choices = spec.choices ?? [];
      if (typeof f.value !== "string" || !choices.includes(f.value)) {
        const got = typeof f.value === "string" ? `"${f.value}"` : JSON.stringify(f.value);
        const hint = typeof f.value === "string" ? didYouMean(f.value, choices) : "";
        throw fieldError(f.label, `${got} is not one of ${choices.join(", ")}${hint}`);
      }
      return f.value;
    }
  }
}

export class Fields {
  private readonly values = new Map<string, KindValues[FieldKind]>();

  /** Parses every given field by its declared kind; the first bad one is an InputError naming it. */
  constructor(
    readonly specs: Readonly<Record<string, FieldSpec>>,
    private readonly raw: ReadonlyMap<string, RawField>,
    private readonly source: FieldSource = "argv",
  ) {
    raw.forEach((f, name) => {
      const spec = specs[name];
      if (!spec) throw new Error(`field ${name} is not declared`);
      this.values.set(name, parseAs(spec.kind, spec, f));
    });
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  /** The name to use in a message about a field: as the user gave it, or as they would give it. */
  label(name: string): string {
    return this.raw.get(name)?.label ?? (this.source === "json" ? `input.${name}` : flagOf(name, this.specs[name]));
  }

  /** The error for a field that is needed and was not given, with its help text or a hint. */
  missing(name: string, hint?: string): InputError {
    return fieldError(this.label(name), `missing (${hint ?? this.specs[name]?.help ?? name})`);
  }

  private get<K extends FieldKind>(name: string, kind: K): KindValues[K] | undefined {
    const spec = this.specs[name];
    if (!spec) throw new Error(`field ${name} is not declared`);
    if (spec.kind !== kind) throw new Error(`field ${name} is a ${spec.kind}, read as a ${kind}`);
    return this.values.get(name) as KindValues[K] | undefined;
  }

  private need<K extends FieldKind>(name: string, kind: K): KindValues[K] {
    const v = this.get(name, kind);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  number(name: string): Scalar | undefined {
    return this.get(name, "number");
  }
  requireNumber(name: string): Scalar {
    return this.need(name, "number");
  }
  vector(name: string): Scalar[] | undefined {
    return this.get(name, "vector");
  }
  requireVector(name: string): Scalar[] {
    return this.need(name, "vector");
  }
  matrix(name: string): Scalar[][] | undefined {
    return this.get(name, "matrix");
  }
  requireMatrix(name: string): Scalar[][] {
    return this.need(name, "matrix");
  }
  vectorOrMatrix(name: string): VectorOrMatrix | undefined {
    return this.get(name, "vectorOrMatrix");
  }
  numberOrList(name: string): Scalar | Scalar[] | undefined {
    return this.get(name, "numberOrList");
  }
  numberVectorOrMatrix(name: string): NumberVectorOrMatrix | undefined {
    return this.get(name, "numberVectorOrMatrix");
  }
  count(name: string): number | undefined {
    return this.get(name, "count");
  }
  choice(name: string): string | undefined {
    return this.get(name, "choice");
  }
  rawValue(name: string): KindValues["raw"] | undefined {
    return this.get(name, "raw");
  }
}

/**
 * The fields of a JSON input object. Unknown fields are errors with the
 * nearest known name suggested; a non-object is an error.
 */
export function rawFromJson(
  obj: unknown,
  specs: Readonly<Record<string, FieldSpec>>,
  prefix: string,
  problemName: string,
): Map<string, RawField> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    const got = jsonKind(obj);
    throw new InputError(`${prefix}: expected a JSON object with the fields of ${problemName}, got ${got}`);
  }
  const out = new Map<string, RawField>();
  for (const key in obj) {
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new InputError(
        `${prefix}.${key}: unknown field${didYouMean(key, known)}; ${problemName} takes ${known.join(", ")}`,
      );
    }
    out.set(key, { value: (obj as Record<string, unknown>)[key], label: `${prefix}.${key}`, json: true });
  }
  return out;
}

/** The fields of a JSON input object, parsed. */
export function fieldsFromJson(obj: unknown, specs: Readonly<Record<string, FieldSpec>>, problemName: string): Fields {
  return new Fields(specs, rawFromJson(obj, specs, "input", problemName), "json");
}
