export type Format = "text" | "json" | "markdown" | "latex";

export interface RenderOptions {
  /** Significant digits for decimals in text, markdown and latex. */
  precision: number;
  /** Only the answer, no steps. */
  quiet: boolean;
  /** ANSI colours (text only). */
  color: boolean;
  /** Text only: the terminal's columns; prose wraps, formulas break and wide tables split to fit. */
  width?: number;
}

/** Text output fits this many columns unless the terminal says otherwise. */
export const DEFAULT_WIDTH = 80;
/** Narrower than this, wrapping makes things worse: a 20-column pane still gets 40. */
export const MIN_WIDTH = 40;

/** Long tables show their first and last rows around a "… N more rows …" line. */
export const TABLE_HEAD_ROWS = 8;
export const TABLE_TAIL_ROWS = 2;
/** A step's vector value longer than this is left out of JSON steps: the answer holds every value. */
export const JSON_STEP_VALUES = 1000;
/** Vectors printed inline show at most this many values, elided in the middle beyond it. */
export const INLINE_VALUES = 8;
/** Wide tables (a 200 × 200 AᵀA) show their first and last columns around a … column. */
export const TABLE_HEAD_COLUMNS = 7;
export const TABLE_TAIL_COLUMNS = 2;
