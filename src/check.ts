// Checking someone's answers against the computed ones (README, "Check homework numbers").
//
// A decimal matches when it agrees to the digits it was written with: within
// half a unit in its last place (0.333, 0.33 and 0.3 all match 1/3; 0.34 does
// not). An integer or a fraction must be exact — to float64 precision when the
// computed value is not rational. Scientific notation counts its mantissa's
// digits (1.2e-3 is ±5e-5).
import type { Fraction } from "fraction.js";
import { decimalToFraction, formatFloat } from "./core/digits.js";
import type { Scalar } from "./core/scalar.js";
import * as sc from "./core/scalar.js";
import { fieldError, InputError, jsonKind } from "./errors.js";
import { parseUserJson } from "./input/json.js";
import { didYouMean } from "./input/suggest.js";
import { parseNumber } from "./input/values.js";
import { MAX_CHECK_VALUES } from "./limits.js";
import type { AnswerValue, Solution } from "./solution/solution.js";
import { isScalarValue } from "./solution/solution.js";
import { DIGITS, type Tolerance, toleranceName, withinTolerance } from "./tolerance.js";

/** Relative agreement that counts as "exact" for a computed value that is not rational. */
export const FLOAT_MATCH = 1e-12;

export interface ExpectedNumber {
  /** As the user wrote it. */
  text: string;
  value: Scalar;
  /** Half a unit in the last written place, for a decimal; undefined means exact. */
  halfUnit?: Fraction;
}

export interface CheckItem {
  /** The answer field, with a 1-based index for vector elements: "y[3]", "grad.x[2]". */
  field: string;
  /** The top-level answer path the item belongs to ("y", "grad.x"), for ordering and verdicts. */
  group: string;
  expected: string;
  computed: Scalar | null;
  passed: boolean;
  /** Why it failed when it is not a plain mismatch (wrong length). */
  reason?: string;
  /** The rule that decided it: "digits" (±half a unit of the digits written), "rtol 0.01, atol 0", "3 sig. figs". */
  rule?: string;
  /** A wrong value that is what a known mistake gives (SPEC 6.2). */
  diagnosis?: { mistake: string; message: string };
  /** The given value as read (not rendered): for diagnosing. */
  given?: ExpectedNumber;
}

/** What a check needs to name a mistake: the answers under each (see Problem.mistakes). */
export type Mistakes = () => ReadonlyArray<{
  id: string;
  answer: Record<string, AnswerValue>;
  says(field: string, given: string): string;
}>;

export interface CheckResult {
  passed: boolean;
  items: CheckItem[];
  /** Groups that failed, in the order of the solution's steps. */
  wrong: string[];
  right: string[];
  /** The earliest wrong group: where to look first. */
  firstWrong?: string;
  /** The step (1-based) that computes firstWrong, when the solution names one. */
  firstWrongStep?: number;
}

/** A value an overflow gives, as a student writes it: NaN, inf, -Infinity, ∞. */
const NOT_FINITE = /^[+\-−]?(nan|inf|infinity|∞)$/i;
const notFinite = (t: string) =>
  /nan/i.test(t) ? Number.NaN : /^[-−]/.test(t) ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** An expected value from JSON: a number (its shortest spelling) or a string. */
export function expectedNumber(v: unknown, label: string): ExpectedNumber {
  let text: string;
  // "NaN" or "inf" is never right, but it is what an overflow gives: kept as the value, to name that mistake
  if (typeof v === "string" && NOT_FINITE.test(v.trim())) return { text: v.trim(), value: notFinite(v.trim()) };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw fieldError(label, `${v} is not a finite number`);
    text = String(v);
  } else if (typeof v === "string") {
    text = v.trim().replace(/^−/, "-");
  } else {
    throw fieldError(label, `expected a number or a string such as "-5/3", got ${jsonKind(v)}`);
  }
  const m = DECIMAL.exec(text);
  if (m && (m[2] !== "" || (m[3] ?? "") !== "")) {
    const value = decimalToFraction(text);
    if (value === undefined) throw fieldError(label, `${JSON.stringify(text)} is out of range`);
    const decimals = (m[3] ?? "").length;
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    const isInteger = m[3] === undefined && m[4] === undefined;
    if (isInteger) return { text, value };
    // half a unit in the last place: 5 · 10^(exponent − decimals − 1)
    const e = exponent - decimals - 1;
    const halfUnit = e >= 0 ? sc.frac(5n * 10n ** BigInt(e)) : sc.frac(5n, 10n ** BigInt(-e));
    return { text, value, halfUnit };
  }
  // fractions and constant expressions: exact when rational, else float64
  return { text, value: parseNumber(text, label) };
}

export function matches(expected: ExpectedNumber, computed: Scalar): boolean {
  if (!sc.isExact(expected.value) && !Number.isFinite(expected.value)) return sameNonFinite(expected.value, computed);
  if (expected.halfUnit !== undefined) {
    if (sc.isExact(computed) && sc.isExact(expected.value)) {
      return computed.sub(expected.value).abs().compare(expected.halfUnit) <= 0;
    }
    const diff = Math.abs(sc.toNumber(computed) - sc.toNumber(expected.value));
    // the half-unit bound itself, widened by float rounding of the two values
    return diff <= sc.toNumber(expected.halfUnit) * (1 + 1e-9) + FLOAT_MATCH * Math.abs(sc.toNumber(computed));
  }
  if (sc.isExact(computed) && sc.isExact(expected.value)) return computed.equals(expected.value);
  const c = sc.toNumber(computed);
  const e = sc.toNumber(expected.value);
  return Math.abs(c - e) <= FLOAT_MATCH * Math.max(Math.abs(c), Math.abs(e)) || c === e;
}

/** Flatten an answer into paths: {grad: {x: [...]}} → "grad.x". */
export function answerPaths(answer: Record<string, AnswerValue>): Map<string, AnswerValue> {
  const out = new Map<string, AnswerValue>();
  const walk = (prefix: string, v: AnswerValue) => {
    out.set(prefix, v);
    if (typeof v !== "string" && !isScalarValue(v) && !Array.isArray(v))
      for (const [k, sub] of Object.entries(v)) walk(`${prefix}.${k}`, sub);
  };
  for (const [k, v] of Object.entries(answer)) walk(k, v);
  return out;
}

/** The expected object flattened to answer paths; nested objects and dotted keys both work. */
function expectedPaths(expected: unknown, label: string): Array<[string, unknown, string]> {
  if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
    throw new InputError(`${label}: expected a JSON object of answer fields, such as {"mean": 6}`);
  }
  const out: Array<[string, unknown, string]> = [];
  const walk = (prefix: string, obj: Record<string, unknown>, lbl: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "object" && v !== null && !Array.isArray(v))
        walk(path, v as Record<string, unknown>, `${lbl}.${k}`);
      else out.push([path, v, `${lbl}.${k}`]);
    }
  };
  walk("", expected as Record<string, unknown>, label);
  return out;
}

/**
 * Compares expected answers with a solution; wrong values are failed items.
 * An unknown field or a value that cannot be read is an input error, or with
 * `lenient` (a record of `solve`: the student's other answers are still
 * graded) a failed item that says why. A `required` field the expected
 * answers lack is wrong, "not answered" (a question's points, SPEC 6.3).
 */
/** The numbers (and strings) in an expect value, counted up to `limit`. */
function valuesIn(v: unknown, limit: number): number {
  if (typeof v !== "object" || v === null) return 1;
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    n += valuesIn(x, limit - n);
    if (n >= limit) break;
  }
  return n;
}

export function checkAnswers(
  sol: Solution,
  expected: unknown,
  label: string,
  lenient = false,
  tolerance: Tolerance = DIGITS,
  mistakes?: Mistakes,
  required: readonly string[] = [],
): CheckResult {
  const paths = answerPaths(sol.answer);
  const known = [...paths.keys()];
  const items: CheckItem[] = [];
  const unreadable = (path: string, value: unknown, lbl: string, e: unknown): CheckItem => {
    if (!lenient || !(e instanceof InputError)) throw e;
    const reason = e.message.startsWith(`${lbl}: `) ? e.message.slice(lbl.length + 2) : e.message;
    const shown = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
    const expectedText = shown.length > 24 ? `${shown.slice(0, 23)}…` : shown;
    // the correct value beside it, when the field names a single number
    const correct = paths.get(path);
    const computed = correct !== undefined && isScalarValue(correct) ? correct : null;
    return { field: path, group: path, expected: expectedText, computed, passed: false, reason };
  };
  let entries: Array<[string, unknown, string]>;
  try {
    if (valuesIn(expected, MAX_CHECK_VALUES + 1) > MAX_CHECK_VALUES)
      throw new InputError(`${label}: has more than the ${MAX_CHECK_VALUES} values a check takes`);
    entries = expectedPaths(expected, label);
    if (entries.length === 0 && required.length === 0)
      throw new InputError(`${label}: is empty; give the answers to check, such as {"mean": 6}`);
  } catch (e) {
    items.push(unreadable(label, expected, label, e));
    entries = [];
  }
  for (const [path, value, lbl] of entries) {
    try {
      const computed = paths.get(path);
      if (computed === undefined) {
        throw fieldError(lbl, `not an answer of ${sol.problem}${didYouMean(path, known)}; it has ${known.join(", ")}`);
      }
      for (const item of compareValue(path, value, computed, lbl, tolerance)) items.push(item);
    } catch (e) {
      items.push(unreadable(path.split("[")[0] as string, value, lbl, e));
    }
  }
  const order = (group: string) => {
    const step = stepOf(sol, group);
    return step === undefined ? known.indexOf(group) + 1000 : step;
  };
  for (const path of required) {
    if (items.some((i) => i.group === path || i.group.startsWith(`${path}.`))) continue;
    const correct = paths.get(path);
    const computed = correct !== undefined && isScalarValue(correct) ? correct : null;
    items.push({ field: path, group: path, expected: "—", computed, passed: false, reason: "not answered" });
  }
  if (mistakes) diagnose(items, mistakes, tolerance);
  notFiniteReasons(items);
  const groups = [...new Set(items.map((i) => i.group))].sort((a, b) => order(a) - order(b));
  const wrong = groups.filter((g) => items.some((i) => i.group === g && !i.passed));
  const right = groups.filter((g) => !wrong.includes(g));
  items.sort((a, b) => order(a.group) - order(b.group));
  const result: CheckResult = { passed: wrong.length === 0, items, wrong, right };
  const first = wrong[0];
  if (first !== undefined) {
    result.firstWrong = first;
    const step = stepOf(sol, first);
    if (step !== undefined) result.firstWrongStep = step + 1;
  }
  return result;
}

/** The index of the step that computes an answer path (or its parent group). */
function stepOf(sol: Solution, path: string): number | undefined {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf("."))) {
    const i = sol.steps.findIndex((s) => s.answerFields?.includes(p));
    if (i >= 0) return i;
    if (!p.includes(".")) return undefined;
  }
}

function compareValue(
  path: string,
  expected: unknown,
  computed: AnswerValue,
  label: string,
  tolerance: Tolerance,
): CheckItem[] {
  if (typeof computed === "string") {
    // a name or a formula in text: right when it is the same text, spaces aside
    if (typeof expected !== "string") throw fieldError(label, `${path} is a text; give it as a string`);
    const same = expected.replace(/\s+/g, "") === computed.replace(/\s+/g, "");
    return [
      {
        field: path,
        group: path,
        expected: expected,
        computed: null,
        passed: same,
        ...(same ? {} : { reason: `the answer is ${computed}` }),
      },
    ];
  }
  if (isScalarValue(computed)) {
    if (Array.isArray(expected)) throw fieldError(label, `expected one number for ${path}, got an array`);
    const e = expectedNumber(expected, label);
    const passed = agrees(e, computed, tolerance);
    return [{ field: path, group: path, expected: e.text, computed, passed, rule: ruleOf(e, tolerance), given: e }];
  }
  if (!Array.isArray(computed)) {
    if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
      throw fieldError(
        label,
        `${path} is a group; check its fields, such as ${path}.${Object.keys(computed)[0] ?? ""}`,
      );
    }
    return Object.entries(expected).flatMap(([k, e]) => {
      const sub = (computed as Record<string, AnswerValue>)[k];
      if (sub === undefined)
        throw fieldError(`${label}.${k}`, `not a field of ${path}; it has ${Object.keys(computed).join(", ")}`);
      return compareValue(`${path}.${k}`, e, sub, `${label}.${k}`, tolerance);
    });
  }
  // One number for an answer that holds one value (σ′ at a single z) is that value.
  if (!Array.isArray(expected) && computed.length === 1 && !Array.isArray(computed[0])) {
    return compareValue(`${path}[1]`, expected, computed[0] as AnswerValue, label, tolerance);
  }
  if (!Array.isArray(expected))
    throw fieldError(label, `${path} is a list of ${computed.length} values; write them as an array [a, b, …]`);
  if (expected.length !== computed.length) {
    return [
      {
        field: path,
        group: path,
        expected: count(expected.length),
        computed: null,
        passed: false,
        reason: `you gave ${count(expected.length)}; the answer has ${computed.length}`,
      },
    ];
  }
  const items: CheckItem[] = [];
  expected.forEach((e, i) => {
    for (const item of compareValue(
      `${path}[${i + 1}]`,
      e,
      computed[i] as AnswerValue,
      `${label}[${i + 1}]`,
      tolerance,
    ))
      items.push({ ...item, group: path });
  });
  return items;
}

const count = (n: number) => `${n} value${n === 1 ? "" : "s"}`;

/** NaN against NaN, ∞ against ∞ of the same sign: what a mistake's float64 arithmetic gives. */
function sameNonFinite(given: number, value: Scalar): boolean {
  if (sc.isExact(value)) return false;
  return Number.isNaN(given) ? Number.isNaN(value) : given === value;
}

/** Whether a given value is right against a value, under a tolerance. */
function agrees(e: ExpectedNumber, value: Scalar, tolerance: Tolerance): boolean {
  if (!sc.isExact(e.value) && !Number.isFinite(e.value)) return sameNonFinite(e.value, value);
  return tolerance.kind === "digits"
    ? matches(e, value)
    : withinTolerance(tolerance, sc.toNumber(e.value), sc.toNumber(value));
}

/** The value at a check field ("xhat[2]", "grad.A[1][2]") of an answer, if it has one. */
function valueAt(answer: Record<string, AnswerValue>, field: string): Scalar | undefined {
  let v: unknown = answer;
  // a path such as grad.b[2] or layers[1].shape[3]: names after dots, places (from 1) in brackets
  for (const [, key, index] of field.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (key !== undefined)
      v = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    else v = Array.isArray(v) ? v[Number(index) - 1] : undefined;
    if (v === undefined) return undefined;
  }
  return isScalarValue(v as AnswerValue) ? (v as Scalar) : undefined;
}

/** Names the mistake behind each wrong value that one of them gives, under the same tolerance. */
function diagnose(items: CheckItem[], mistakes: Mistakes, tolerance: Tolerance): void {
  const wrong = items.filter((i) => !i.passed && i.given !== undefined);
  if (wrong.length === 0) return;
  const all = mistakes();
  for (const item of wrong) {
    const given = item.given as ExpectedNumber;
    for (const mistake of all) {
      const value =
        valueAt(mistake.answer, item.field) ??
        (item.field === `${item.group}[1]` ? valueAt(mistake.answer, item.group) : undefined);
      if (value === undefined || !agrees(given, value, tolerance)) continue;
      item.diagnosis = { mistake: mistake.id, message: mistake.says(item.field, given.text) };
      break;
    }
  }
}

/** A NaN or an infinity no mistake explains is wrong for that reason. */
function notFiniteReasons(items: CheckItem[]): void {
  for (const item of items) {
    const v = item.given?.value;
    if (!item.passed && item.diagnosis === undefined && typeof v === "number" && !Number.isFinite(v))
      item.reason = `${item.given?.text} is not a finite number`;
  }
}

/** The rule that decided a field: a tolerance by name; under the digits rule, the bound of the digits written. */
function ruleOf(e: ExpectedNumber, tolerance: Tolerance): string {
  if (tolerance.kind !== "digits") return toleranceName(tolerance);
  return e.halfUnit === undefined ? "exact" : `±${formatFloat(e.halfUnit.valueOf(), 3)}`;
}

/** --expect's text as JSON, with an error that names the option. */
export function parseExpectOption(text: string): unknown {
  try {
    return parseUserJson(text, "--expect", "", "expect");
  } catch (e) {
    if (e instanceof InputError && /is not valid JSON|is empty/.test(e.message)) {
      throw new InputError(`${e.message}; write it as '{"mean": 6, "y": ["-5/3", 0.333]}'`);
    }
    throw e;
  }
}
