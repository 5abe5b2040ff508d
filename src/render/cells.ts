// Shared by renderers: which rows of a table and which values of a vector are shown.
import type { Table } from "../solution.js";
import { TABLE_HEAD_COLUMNS, TABLE_HEAD_ROWS, TABLE_TAIL_COLUMNS, TABLE_TAIL_ROWS } from "./options.js";

export { cellAt } from "../solution.js";

export function rowCount(table: Table): number {
  return table.columns.reduce((n, c) => Math.max(n, c.cells.length), 0);
}

/** Row indices to show, with null where the "… N more rows …" line goes. */
export function shownRows(count: number): Array<number | null> {
  if (count <= TABLE_HEAD_ROWS + TABLE_TAIL_ROWS + 1) return Array.from({ length: count }, (_, i) => i);
  return [
    ...Array.from({ length: TABLE_HEAD_ROWS }, (_, i) => i),
    null,
    ...Array.from({ length: TABLE_TAIL_ROWS }, (_, i) => count - TABLE_TAIL_ROWS + i),
  ];
}

/** Column indices to show, with null where the … column goes. */
export function shownColumns(count: number): Array<number | null> {
  if (count <= TABLE_HEAD_COLUMNS + TABLE_TAIL_COLUMNS + 1) return Array.from({ length: count }, (_, i) => i);
  return [
    ...Array.from({ length: TABLE_HEAD_COLUMNS }, (_, i) => i),
    null,
    ...Array.from({ length: TABLE_TAIL_COLUMNS }, (_, i) => count - TABLE_TAIL_COLUMNS + i),
  ];
}
