// The JSON renderer (README: "Many problems at once"): `answer` in float64, `exact` as strings where
// the values are exact, steps as a stable readable record. Versioned.

import type { CheckResult } from "../check.js";
import { decimalToFraction, printedDecimal } from "../core/digits.js";
import { allExact, type Scalar, same, smallParts, toNumber } from "../core/scalar.js";
import type { Formula } from "../solution/formula.js";
import type { AnswerValue, Cell, Column, Solution, Step, Table, Value } from "../solution/solution.js";
import { isScalarValue, numbersReadAs } from "../solution/solution.js";
import { cellAt, rowCount, shownRows } from "./cells.js";
import { formulaText } from "./formula-text.js";
import { JSON_STEP_VALUES, type RenderOptions } from "./options.js";

export const SCHEMA_VERSION = 1;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const float = toNumber;

/** True for an array of plain numbers: it is its own JSON, and a million of them need no copy. */
function allNumbers(v: readonly unknown[]): v is number[] {
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "number") return false;
  return true;
}

function floats(v: AnswerValue): Json {
  if (typeof v === "string") return v;
  if (isScalarValue(v)) return float(v);
  if (Array.isArray(v)) return allNumbers(v) ? v : (v as AnswerValue[]).map(floats);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, floats(x)]));
}

/** The exact strings of a value, or undefined if any part of it is a float. */
function exacts(v: AnswerValue): Json | undefined {
  if (typeof v === "string") return undefined;
  if (isScalarValue(v)) return typeof v === "number" ? undefined : v.toFraction();
  if (Array.isArray(v)) {
    // a float anywhere makes the whole array inexact: no strings made for the rest
    if (v.length > 0 && !Array.isArray(v[0]) && !allExact(v as Scalar[])) return undefined;
    const parts = (v as AnswerValue[]).map(exacts);
    return parts.every((p) => p !== undefined) ? (parts as Json[]) : undefined;
  }
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) {
    const e = exacts(x);
    if (e !== undefined) out[k] = e;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** An input echoed so it can be fed back: a number when the float spells it exactly, else "1/3". */
function echo(v: Value | string | boolean): Json {
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isScalarValue(v)) {
    if (typeof v === "number") return v;
    const small = smallParts(v);
    if (small?.dn === 1) return small.sn;
    const f = toNumber(v);
    // The float is echoed when it prints as v exactly; a short decimal's printed value is found without printing.
    const back = (small && printedDecimal(f)) ?? decimalToFraction(String(f));
    return back !== undefined && same(back, v) ? f : v.toFraction();
  }
  if (allNumbers(v as readonly unknown[])) return v as number[];
  return (numbersReadAs(v as Scalar[]) as number[] | undefined) ?? (v as Value[]).map(echo);
}

/** A solution's JSON object: the schema, then `extra`'s fields (a record's position and id), then the solution's. */
export function solutionJson(sol: Solution, opts: RenderOptions, extra?: Record<string, Json>): Record<string, Json> {
  // built key by key, without spreads or entry arrays: this runs once per record of a stream
  const input: Record<string, Json> = {};
  for (const k in sol.input) input[k] = echo(sol.input[k] as Value | string | boolean);
  const out: Record<string, Json> = { schema: SCHEMA_VERSION };
  if (extra) for (const k in extra) out[k] = extra[k] as Json;
  out.problem = sol.problem;
  out.input = input;
  // --quiet: only the answer, no steps (what an autograder reads).
  if (!opts.quiet) {
    const steps: Json[] = [];
    for (let i = 0; i < sol.steps.length; i++) steps.push(stepJson(sol.steps[i] as Step, opts));
    out.steps = steps;
  }
  const answer: Record<string, Json> = {};
  const exact: Record<string, Json> = {};
  for (const k in sol.answer) {
    const v = sol.answer[k] as AnswerValue;
    answer[k] = floats(v);
    const e = exacts(v);
    if (e !== undefined) exact[k] = e;
  }
  out.answer = answer;
  out.exact = exact;
  out.warnings = sol.warnings;
  return out;
}

function cellJson(cell: Cell | undefined, opts: RenderOptions): Json {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string") return cell;
  if (isScalarValue(cell)) return float(cell);
  return formulaText(cell as Formula, opts.precision);
}

function stepJson(step: Step, opts: RenderOptions): Json {
  const text = (x: Formula) => formulaText(x, opts.precision);
  const out: Record<string, Json> = { title: step.title };
  if (step.derivation) {
    out.derivation = step.derivation.map((d) =>
      d.reason ? { formula: text(d.formula), reason: d.reason } : { formula: text(d.formula) },
    );
  }
  if (step.formula) out.formula = text(step.formula);
  if (step.substitution) out.substitution = step.substitution.map(text);
  if (Array.isArray(step.value) && step.value.length > JSON_STEP_VALUES) {
    out.valueOmitted = `${step.value.length} values; the answer holds them`;
  } else if (step.value !== undefined) {
    out.value = floats(step.value);
    const e = exacts(step.value);
    if (e !== undefined) out.exact = e;
  }
  if (step.tables) {
    const tables: Json[] = [];
    for (let i = 0; i < step.tables.length; i++) tables.push(tableJson(step.tables[i] as Table, opts));
    out.tables = tables;
  }
  if (step.notes && step.notes.length > 0) out.notes = step.notes.map((n) => (typeof n === "string" ? n : text(n)));
  return out;
}

/** A table: its column headings, then its rows (the first and last of a long one), each a list of cells. */
function tableJson(t: Table, opts: RenderOptions): Json {
  // indexed loops: an iterator makes an object per element until V8 optimises the loop
  const columns: Json[] = [];
  for (let c = 0; c < t.columns.length; c++) {
    const header = (t.columns[c] as Column).header;
    columns.push(typeof header === "string" ? header : formulaText(header, opts.precision));
  }
  const count = rowCount(t);
  const shown = shownRows(count, t.wholeUpTo);
  const rows: Json[] = [];
  for (let k = 0; k < shown.length; k++) {
    const i = shown[k] as number | null;
    if (i === null) continue;
    const row: Json[] = [];
    for (let c = 0; c < t.columns.length; c++) row.push(cellJson(cellAt(t.columns[c] as Column, i), opts));
    rows.push(row);
  }
  const table: Record<string, Json> = { columns, rows };
  if (t.title) table.title = t.title;
  // Long tables keep their first and last rows here; the answer holds every value.
  if (rows.length < count) table.omittedRows = count - rows.length;
  return table;
}

export function checkJson(check: CheckResult): Json {
  const out: Record<string, Json> = {
    passed: check.passed,
    items: check.items.map((i) => ({
      field: i.field,
      expected: i.expected,
      computed: i.computed === null ? null : float(i.computed),
      passed: i.passed,
      ...(i.reason ? { reason: i.reason } : {}),
      ...(i.rule ? { rule: i.rule } : {}),
      ...(i.diagnosis ? { diagnosis: i.diagnosis } : {}),
    })),
    wrong: check.wrong,
    right: check.right,
  };
  if (check.firstWrong !== undefined) out.firstWrong = check.firstWrong;
  if (check.firstWrongStep !== undefined) out.firstWrongStep = check.firstWrongStep;
  return out;
}

/** Past this many input and answer values, a solution's JSON line is written in parts. */
const LONG_JSON = 10_000;

/** How many numbers a value holds, counting no further than `limit`. */
function valueCount(v: unknown, limit: number): number {
  if (typeof v !== "object" || v === null || isScalarValue(v)) return 1;
  let n = 0;
  if (Array.isArray(v)) {
    // Rows of a matrix have one length: count one row and multiply.
    if (v.length > 0 && Array.isArray(v[0])) return v.length * valueCount(v[0], limit);
    return v.length;
  }
  for (const k in v) {
    n += valueCount((v as Record<string, unknown>)[k], limit - n);
    if (n >= limit) break;
  }
  return n;
}

/**
 * The JSON line of a solution, in parts whose concatenation is the line:
 * each input and answer field is its own string, so a million-value array
 * stays a one-byte ASCII string and is never copied into one with the
 * Unicode of the formulas (which would double its size).
 */
export function renderJson(
  sol: Solution,
  opts: RenderOptions,
  check?: CheckResult,
  extra?: Record<string, Json>,
): string[] {
  const whole = solutionJson(sol, opts, extra);
  if (check) whole.check = checkJson(check);
  // A human-sized solution is one string: a stringify call per field cost more than the fields. Its
  // newline is a part of its own: joined to the line, it would make a string that is copied again to
  // be written.
  if (valueCount(sol.input, LONG_JSON) + valueCount(sol.answer, LONG_JSON) < LONG_JSON)
    return [JSON.stringify(whole), "\n"];
  const parts: string[] = [];
  let sep = "{";
  for (const [key, value] of Object.entries(whole)) {
    if (
      (key === "input" || key === "answer" || key === "exact") &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value)
    ) {
      parts.push(`${sep}${JSON.stringify(key)}:`);
      let inner = "{";
      for (const [k, v] of Object.entries(value)) {
        parts.push(`${inner}${JSON.stringify(k)}:`, JSON.stringify(v));
        inner = ",";
      }
      parts.push(inner === "{" ? "{}" : "}");
    } else {
      parts.push(`${sep}${JSON.stringify(key)}:${JSON.stringify(value)}`);
    }
    sep = ",";
  }
  parts.push("}\n");
  return parts;
}
