// The Solution every problem returns and every renderer reads. It holds data
// only: scalars stay exact (Fraction) where they are, and each renderer decides
// how to print them (text shows "-5/3 ≈ -1.66667", JSON a float plus the exact
// string).

import type { Scalar } from "../core/scalar.js";
import { frac, isFraction, smallParts, toNumber } from "../core/scalar.js";
import { InputError } from "../errors.js";
import type { Formula } from "./formula.js";

export type Value = Scalar | readonly Scalar[] | readonly (readonly Scalar[])[];

/** A table cell: a number, a formula, plain text, or nothing. */
export type Cell = Scalar | Formula | string | null;

/** The row numbers 1…length as a column, without an array of a million numbers. */
export class RowNumbers {
  constructor(readonly length: number) {}
}

/** A table stored by columns, so big vectors are referenced, not copied. */
export interface Column {
  header: Formula | string;
  cells: readonly Cell[] | RowNumbers;
}

/** The cell of a column in row i (0-based). */
export function cellAt(column: Column, i: number): Cell | undefined {
  // A row number is an exact integer, so row 1,000,000 prints as itself and not as 1e+6.
  return column.cells instanceof RowNumbers ? (i < column.cells.length ? frac(i + 1) : undefined) : column.cells[i];
}

export interface Table {
  title?: string;
  columns: Column[];
  /** How many leading columns name a row (t and i of an optimiser step); a split table repeats them. Default 1. */
  keyColumns?: number;
  /** Shown whole up to this many rows (a graph's nodes, which a reader follows one by one); longer ones elide. */
  wholeUpTo?: number;
}

export interface DerivationLine {
  formula: Formula;
  reason?: string;
}

export interface Step {
  title: string;
  /** The general formula, e.g. μ = (1/m) Σᵢ xᵢ. */
  formula?: Formula;
  /** The same with numbers in, as a chain of equal expressions: (1 + 7 + 7 + 9)/4 = 24/4. */
  substitution?: Formula[];
  /** The result of the chain. */
  value?: Value;
  /** Lines of a derivation, each with the rule that gives it. */
  derivation?: DerivationLine[];
  tables?: Table[];
  /** The answer fields this step computes ("mean", "grad.b"), so a check can point at the step. */
  answerFields?: string[];
  /** Remarks under the step; a formula note carries numbers for the renderer to format. */
  notes?: Array<string | Formula>;
}

/**
 * An answer field: a value, or a group of them (grad = {x, gamma, beta}); a
 * text names something (a graph node's name and operation, a derivative in
 * graph's grammar) and is never a number to check by digits.
 */
export type AnswerValue = Value | string | readonly AnswerGroup[] | AnswerGroup;
export interface AnswerGroup {
  readonly [key: string]: AnswerValue;
}

export interface Solution {
  problem: string;
  title: string;
  /** The inputs as solved, defaults filled in, in the problem's field names. */
  input: Record<string, Value | string | boolean>;
  /** One line saying what was solved, with the settings used. */
  summary?: string;
  steps: Step[];
  answer: Record<string, AnswerValue>;
  warnings: string[];
  /** Answer fields whose masked entries are −∞ (attention's scores): shown as −∞, null in JSON. */
  maskedAnswers?: string[];
  /** Answer fields text, Markdown and LaTeX leave out of their answer list (a step shows them; JSON keeps them). */
  unlisted?: string[];
}

export function isScalarValue(v: unknown): v is Scalar {
  return typeof v === "number" || isFraction(v);
}

/**
 * Where a value is not finite (−∞ allowed where masked): "" for the value itself, "[2].x" for a part,
 * undefined when every part is finite. The path is made only on the way out of a failure.
 */
function nonFinite(v: AnswerValue, masked: boolean): string | undefined {
  if (typeof v === "string") return undefined;
  if (isScalarValue(v)) {
    const f = typeof v === "number" ? v : toNumber(v);
    return Number.isFinite(f) || (masked && f === Number.NEGATIVE_INFINITY) ? undefined : "";
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const at = nonFinite(v[i] as AnswerValue, masked);
      if (at !== undefined) return `[${i + 1}]${at}`;
    }
    return undefined;
  }
  for (const k in v) {
    const at = nonFinite((v as AnswerGroup)[k] as AnswerValue, masked);
    if (at !== undefined) return `.${k}${at}`;
  }
  return undefined;
}

/**
 * Refuses a solution whose answer left float64's range (a batch near 1e154
 * has a variance past 1.8e308): an input error naming the field, never an
 * Infinity or NaN in the answer.
 */
export function assertFinite(sol: Solution): void {
  for (const k in sol.answer) {
    const at = nonFinite(sol.answer[k] as AnswerValue, sol.maskedAnswers?.includes(k) === true);
    if (at !== undefined) {
      throw new InputError(
        `${sol.problem}: ${k}${at}: the answer leaves float64's range (|value| > 1.8e308 or undefined); ` +
          "scale the inputs down",
      );
    }
  }
}

/**
 * The vectors read from JSON arrays of plain numbers, each with its array.
 * Every JSON number is read as the exact value its float prints as (or as
 * that float), so such a vector is echoed back as the array it was read from.
 */
const readFromNumbers = new WeakMap<readonly Scalar[], readonly number[]>();

/** The JSON numbers a vector was read from, when it was read from an array of plain numbers. */
/** Marks a vector as read from these JSON numbers (input/values.ts does, for a plain array). */
export function rememberNumbers(v: readonly Scalar[], numbers: readonly number[]): void {
  readFromNumbers.set(v, numbers);
}

export function numbersReadAs(v: readonly Scalar[]): readonly number[] | undefined {
  return readFromNumbers.get(v);
}

/**
 * The exact values a user typed as decimals ("0.5", 0.25 in JSON): printed as decimals wherever they appear
 * (γ = 0.5, not 1/2), although a computed 1/2 keeps its fraction form.
 */
const typedDecimals = new WeakSet<object>();

/**
 * Marks v (an exact value) as typed as a decimal; returns it. A small fraction, nearly every one, keeps the mark
 * in a field of its own: a WeakSet entry was ~4% of an answers-only stream (every JSON decimal is one).
 */
export function markTypedDecimal(v: Scalar): Scalar {
  if (typeof v !== "object") return v;
  const small = smallParts(v);
  if (small) small.typedDecimal = true;
  else typedDecimals.add(v);
  return v;
}

export function typedAsDecimal(v: Scalar): boolean {
  if (typeof v !== "object") return false;
  return smallParts(v)?.typedDecimal ?? typedDecimals.has(v);
}

/** A value in a title or a sentence as it was written: a decimal typed as one stays one (α = 0.5), else 1/2. */
export function writtenAs(v: Scalar): string {
  if (typeof v === "number") return String(v);
  // a typed decimal is a terminating one, which Fraction's toString writes out in full
  return typedAsDecimal(v) ? v.toString() : v.toFraction();
}
