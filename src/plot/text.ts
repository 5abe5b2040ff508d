// Charts in a terminal: line charts through asciichart (one panel per series,
// so that they read without colour), bars, shade heat maps and strips drawn
// here. Everything fits `width` columns.
import asciichart from "asciichart";
import { wrapWords } from "../render/wrap.js";
import {
  type BarChart,
  type Chart,
  type HeatChart,
  heatRange,
  type LineChart,
  type StripChart,
  spaced,
} from "../solution/chart.js";
import { displayWidth } from "../text-width.js";
import { circuitText } from "./circuit.js";
import { niceRange, niceTicks, tick, wholeNumbers } from "./tick.js";

/** Width of asciichart's y labels: "  -0.123 " then its axis glyph and a space. */
const LABEL = 9;

/** A y-axis label of at most LABEL − 2 characters: 3 significant digits. */
function axisLabel(v: number): string {
  const short = String(Number(v.toPrecision(3)));
  return short.length <= LABEL - 2 ? short : v.toExponential(1);
}

/** y of a series at x, interpolated linearly between the chart's points (x ascending). */
function at(xs: readonly number[], ys: readonly number[], x: number): number {
  let k = 1;
  while (k < xs.length - 1 && (xs[k] as number) < x) k++;
  const [x0, x1, y0, y1] = [xs[k - 1] as number, xs[k] as number, ys[k - 1] as number, ys[k] as number];
  if (xs.length < 2 || x1 === x0) return ys[0] as number;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/** The column (0-based) of x on an axis of `columns` from lo to hi (log scale with `log`). */
function columnOf(x: number, lo: number, hi: number, columns: number, log = false): number {
  const [a, b, v] = log ? [Math.log10(lo), Math.log10(hi), Math.log10(x)] : [lo, hi, x];
  if (b === a) return 0;
  return Math.max(0, Math.min(columns - 1, Math.round(((v - a) / (b - a)) * (columns - 1))));
}

/**
 * Labels under an axis of `columns` from lo to hi (log scale with `log`): each
 * tick's label centred on its column, a tick left out where its label would
 * touch the one before.
 */
function tickLine(ticks: readonly number[], lo: number, hi: number, columns: number, log = false): string {
  let line = "";
  for (const t of ticks) {
    const text = tick(t);
    const w = displayWidth(text);
    const col = columnOf(t, lo, hi, columns, log);
    const start = Math.max(0, Math.min(columns - w, col - Math.floor(w / 2)));
    if (start < displayWidth(line) + (line ? 1 : 0)) continue;
    line += " ".repeat(start - displayWidth(line)) + text;
  }
  return line;
}

/** An axis' ticks: nice numbers (whole on an axis of whole numbers), or each power of ten on a log axis. */
function axisTicks(lo: number, hi: number, columns: number, whole: boolean, log = false): number[] {
  if (!log) return niceTicks(lo, hi, Math.max(2, Math.floor(columns / 10)), whole);
  const out: number[] = [];
  for (let k = Math.ceil(Math.log10(lo)); k <= Math.floor(Math.log10(hi)); k++) out.push(10 ** k);
  return out.length >= 2 ? out : [lo, hi];
}

/** The x axis under a plot area: nice ticks labelled, each mark's place with ▲ and its label. */
function xAxis(c: LineChart, columns: number, whole: boolean): string[] {
  const lo = c.x[0] as number;
  const hi = c.x[c.x.length - 1] as number;
  const pad = " ".repeat(LABEL);
  const out = [pad + tickLine(axisTicks(lo, hi, columns, whole, c.logX), lo, hi, columns, c.logX), `${pad}${c.xLabel}`];
  // each mark "▲ label" under its column (or "label ▲" near the right end), sharing a line where they fit
  const lines: string[] = [];
  for (const m of c.marks ?? []) {
    const col = columnOf(m.x, lo, hi, columns, c.logX);
    const right = col + displayWidth(`▲ ${m.label}`) <= columns;
    const text = right ? `▲ ${m.label}` : `${m.label} ▲`;
    const start = right ? col : Math.max(0, col - displayWidth(text) + 1);
    const k = lines.findIndex((l) => displayWidth(l) + 1 < start);
    const line = k < 0 ? "" : (lines[k] as string);
    const next = line + " ".repeat(start - displayWidth(line)) + text;
    if (k < 0) lines.push(next);
    else lines[k] = next;
  }
  return [...out, ...lines.map((l) => pad + l)];
}

/** The most rows a line chart's y axis takes: its range in at most this many nice steps. */
const MOST_STEPS = 10;

/**
 * One series drawn by asciichart on a y axis of nice steps (a row per step),
 * each level dashed across the row nearest it where the series leaves the row
 * blank: the data is drawn over the reference line, never hidden by it.
 */
function drawSeries(ys: readonly number[], levels: readonly number[]): string {
  const finite = [...ys, ...levels].filter(Number.isFinite);
  const [min, max, steps] = niceRange(Math.min(...finite), Math.max(...finite), MOST_STEPS);
  const format = (v: number) => axisLabel(v).padStart(LABEL - 2);
  const lines = asciichart.plot([ys as number[]], { min, max, height: steps, format }).split("\n");
  for (const level of levels) {
    const row = steps - Math.round(((level - min) / (max - min)) * steps);
    const line = lines[row];
    if (line === undefined) continue;
    lines[row] = line.slice(0, LABEL) + line.slice(LABEL).replace(/ /g, "┄");
  }
  return lines.map((l) => l.trimEnd()).join("\n");
}

function lineText(c: LineChart, width: number): string[] {
  const columns = Math.max(20, width - LABEL);
  const lo = c.x[0] as number;
  const hi = c.x[c.x.length - 1] as number;
  // one point per column: asciichart draws a column per value
  const xs = spaced(lo, hi, columns, c.logX);
  const out: string[] = [c.title];
  for (const s of c.series) {
    const ys = xs.map((x) => at(c.x, s.y, x));
    const drawn = drawSeries(
      ys,
      (c.levels ?? []).map((l) => l.y),
    );
    const flat = (c.levels ?? []).map((l) => `${l.label} = ${tick(l.y)}`).join(", ");
    out.push(`  ${s.name}${flat ? `  (┄ ${flat})` : ""}`, drawn);
  }
  out.push(...xAxis({ ...c, x: xs }, xs.length, wholeNumbers(c.x)));
  return out;
}

function barText(c: BarChart, width: number): string[] {
  const labelWidth = Math.max(...c.labels.map(displayWidth));
  const noteWidth = Math.max(0, ...(c.notes ?? []).map((n) => (n === undefined ? 0 : displayWidth(n) + 3)));
  const valueWidth = 9;
  const room = Math.max(10, width - labelWidth - 4 - valueWidth - noteWidth);
  const max = Math.max(...c.values, 1e-300);
  const out = [c.title];
  c.values.forEach((v, i) => {
    const eighths = Math.round((Math.max(0, v) / max) * room * 8);
    const bar = "█".repeat(Math.floor(eighths / 8)) + (eighths % 8 ? (" ▏▎▍▌▋▊▉"[eighths % 8] as string) : "");
    const label = (c.labels[i] as string).padEnd(labelWidth);
    const note = c.notes?.[i];
    const marked = note === undefined ? "" : ` ◀ ${note}`;
    out.push(`  ${label} │${bar.padEnd(room)} ${tick(v).padStart(valueWidth - 1)}${marked}`.trimEnd());
  });
  return out;
}

/** Shades from blank (the low end) to full, a quarter of the range each; any value above the low end is shaded. */
const SHADES = [" ", "░", "▒", "▓", "█"];

/** The shade of v on [lo, hi]: blank only at lo, then by quarters. */
function shade(v: number, lo: number, hi: number): string {
  const t = hi === lo ? 0.5 : (v - lo) / (hi - lo);
  return SHADES[t <= 0 ? 0 : Math.min(4, Math.max(1, Math.ceil(t * 4)))] as string;
}

function heatText(c: HeatChart, width: number): string[] {
  const labelWidth = Math.max(...c.rowLabels.map(displayWidth));
  const cell = 3;
  const shown = Math.max(1, Math.min(c.colLabels.length, Math.floor((width - labelWidth - 4) / cell)));
  const more = c.colLabels.length > shown ? " …" : "";
  const head = c.colLabels
    .slice(0, shown)
    .map((l) => l.padEnd(cell))
    .join("");
  const range = heatRange(c);
  const [lo, hi] = range ?? [0, 0];
  const out = [c.title, `  ${" ".repeat(labelWidth)} ${head}${more}`.trimEnd()];
  c.values.forEach((row, i) => {
    const cells = row
      .slice(0, shown)
      .map((v) => (v === null ? "×".padEnd(cell) : `${shade(v, lo, hi).repeat(cell - 1)} `))
      .join("");
    out.push(`  ${(c.rowLabels[i] as string).padEnd(labelWidth)} ${cells}${more}`.trimEnd());
  });
  const masked = c.values.some((row) => row.includes(null)) ? "  × masked" : "";
  const key = !range
    ? ""
    : lo === hi
      ? `  ▒ every value ${tick(lo)}`
      : `  blank = ${tick(lo)}  ${SHADES.slice(1)
          .map((s, k) => `${s} ≤ ${tick(lo + ((k + 1) / 4) * (hi - lo))}`)
          .join("  ")}`;
  out.push(...wrapKey(`${key}${masked}`, width));
  return out;
}

/** A key line, broken between its entries (two spaces apart) to fit the width. */
function wrapKey(key: string, width: number): string[] {
  const parts = key.trim().split("  ");
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    if (last !== undefined && displayWidth(`${last}  ${p}`) <= width) lines[lines.length - 1] = `${last}  ${p}`;
    else lines.push(`  ${p}`);
  }
  return lines;
}

function stripText(c: StripChart, width: number): string[] {
  const all = c.rows.flatMap((r) => r.values).filter(Number.isFinite);
  const [lo, hi] = niceRange(Math.min(...all), Math.max(...all), 10);
  const labelWidth = Math.max(...c.rows.map((r) => displayWidth(r.name)));
  const columns = Math.max(20, width - labelWidth - 4);
  const out = [c.title];
  for (const r of c.rows) {
    const line = Array.from({ length: columns }, () => "─");
    for (const v of r.values) if (Number.isFinite(v)) line[columnOf(v, lo, hi, columns)] = "●";
    out.push(`  ${r.name.padEnd(labelWidth)} ${line.join("")}`);
  }
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor(columns / 10)));
  out.push(`  ${" ".repeat(labelWidth)} ${tickLine(ticks, lo, hi, columns)}`);
  if (c.xLabel) out.push(`  ${" ".repeat(labelWidth)} ${c.xLabel}`);
  return out;
}

/** Every chart, a blank line between, each fitting `width` columns. */
export function chartsText(charts: readonly Chart[], width: number): string {
  const draw = { line: lineText, bar: barText, heat: heatText, strip: stripText, circuit: circuitText } as const;
  const blocks = charts.map((c) => {
    // the title (a block's first line) broken between words where it is wider than the terminal
    const [title, ...rest] = (draw[c.kind] as (c: Chart, width: number) => string[])(c, width);
    return [...wrapWords(title as string, width, "", ""), ...rest];
  });
  return `${blocks.map((b) => b.join("\n")).join("\n\n")}\n`;
}
