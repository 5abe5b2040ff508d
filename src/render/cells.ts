// Shared by renderers: which rows of a table and which values of a vector are shown.

import type { CheckItem } from "../check.js";
import type { Scalar } from "../core/scalar.js";
import { shownIndices } from "../solution/formula.js";
import type { AnswerValue, Column, Table, Value } from "../solution/solution.js";
import { isScalarValue } from "../solution/solution.js";
import { printsRounded, scalarText } from "./number.js";
import { INLINE_VALUES, TABLE_HEAD_COLUMNS, TABLE_HEAD_ROWS, TABLE_TAIL_COLUMNS, TABLE_TAIL_ROWS } from "./options.js";

export { cellAt } from "../solution/solution.js";

export function rowCount(table: Table): number {
  return table.columns.reduce((n, c) => Math.max(n, c.cells.length), 0);
}

/** Row indices to show, with null where the "… N more rows …" line goes; all of them up to `whole` rows. */
export function shownRows(count: number, whole = 0): Array<number | null> {
  return count <= whole ? shownIndices(count, count, 0) : shownIndices(count, TABLE_HEAD_ROWS, TABLE_TAIL_ROWS);
}

/** Column indices to show, with null where the … column goes. */
export function shownColumns(count: number): Array<number | null> {
  return shownIndices(count, TABLE_HEAD_COLUMNS, TABLE_TAIL_COLUMNS);
}

/** Elided entries of an answer: "… `more` more of `of` …". */
export interface MoreEntries {
  more: number;
  of: string;
}

/**
 * The answer as (name, value) pairs: groups flatten as grad.x, lists of
 * groups as path[1].x — a long list shows its first and last groups around
 * a MoreEntries (a 50,000-λ path is not 150,000 lines); a list of matrices (the
 * channels of a convolution) as path[1], path[2].
 */
export function answerEntries(
  answer: Record<string, AnswerValue>,
  leaveOut: readonly string[] = [],
): Array<[string, Value | string | MoreEntries]> {
  const entries: Array<[string, Value | string | MoreEntries]> = [];
  const isGroup = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && !isScalarValue(v);
  const walk = (prefix: string, v: AnswerValue) => {
    // a list of groups, or of matrices (conv's channels), lists each item by its 1-based index
    const ofMatrices = Array.isArray(v) && Array.isArray(v[0]) && Array.isArray((v[0] as unknown[])[0]);
    if (Array.isArray(v) && v.length > 0 && (isGroup(v[0]) || ofMatrices)) {
      for (const i of shownRows(v.length)) {
        if (i === null) entries.push([prefix, { more: v.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS, of: prefix }]);
        else walk(`${prefix}[${i + 1}]`, v[i] as AnswerValue);
      }
    } else if (typeof v === "string" || isScalarValue(v) || Array.isArray(v)) entries.push([prefix, v as Value]);
    else for (const [k, sub] of Object.entries(v)) walk(`${prefix}.${k}`, sub);
  };
  for (const [k, v] of Object.entries(answer)) if (!leaveOut.includes(k)) walk(k, v);
  return entries;
}

export function isMoreEntries(v: Value | string | MoreEntries): v is MoreEntries {
  return typeof v === "object" && v !== null && "more" in v;
}

export { maxOf } from "../core/stats.js";

export function isMatrix(v: Value): v is readonly (readonly import("../core/scalar.js").Scalar[])[] {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);
}

/** The columns to show, with null where the … column goes. */
export function columnsShown(t: Table): Array<Column | null> {
  return shownColumns(t.columns.length).map((j) => (j === null ? null : (t.columns[j] as Column)));
}

/** The printed entries of a vector or matrix: the first and last of a long one. */
export function printedEntries(v: Value): Scalar[] {
  if (isScalarValue(v)) return [v];
  const rows = isMatrix(v) ? (v as readonly (readonly Scalar[])[]) : [v as readonly Scalar[]];
  // the first INLINE_VALUES entries in reading order and the last two, picked without flattening the whole
  // (answerLines asks for a 998 × 998 weight's several times)
  const head: Scalar[] = [];
  for (const row of rows) {
    for (const x of row) {
      if (head.length === INLINE_VALUES) break;
      head.push(x);
    }
    if (head.length === INLINE_VALUES) break;
  }
  const total = rows.reduce((n, row) => n + row.length, 0);
  const tail: Scalar[] = [];
  for (let r = rows.length - 1; r >= 0 && tail.length < Math.min(2, total - head.length); r--) {
    const row = rows[r] as readonly Scalar[];
    for (let j = row.length - 1; j >= 0 && tail.length < Math.min(2, total - head.length); j--) tail.unshift(row[j]!);
  }
  return [...head, ...tail];
}

/** A vector that shows both exact fractions and rounded decimals: each rounded entry then carries its own ≈. */
export function isMixed(v: Value, precision: number): boolean {
  const shown = printedEntries(v);
  return (
    shown.some((s) => typeof s !== "number" && scalarText(s, precision).includes("/")) &&
    shown.some((s) => printsRounded(s, precision))
  );
}

/** "≈" when the value prints rounded and does not mark its rounded entries one by one (isMixed); else "=". */
export function answerSign(v: Value, precision: number): "=" | "≈" {
  return !isMixed(v, precision) && printedEntries(v).some((s) => printsRounded(s, precision)) ? "≈" : "=";
}

/**
 * What went wrong with check item k, for a table: why it could not be read, the
 * mistake it shows, or — when the entry before it in the same answer shows the
 * same mistake — a pointer up instead of the message again.
 */
export function whyText(items: readonly CheckItem[], k: number): string | undefined {
  const item = items[k];
  if (item?.reason !== undefined) return item.reason;
  const mistake = item?.diagnosis?.mistake;
  if (mistake === undefined) return undefined;
  const before = items[k - 1];
  if (before?.group === item?.group && before?.diagnosis?.mistake === mistake) return "the same mistake";
  return item?.diagnosis?.message;
}
