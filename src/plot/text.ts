// Charts in a terminal: line charts through asciichart (one panel per series,
// so that they read without colour), bars, shade heat maps and strips drawn
// here. Everything fits `width` columns.
import asciichart from "asciichart";
import type { BarChart, Chart, HeatChart, LineChart, StripChart } from "../solution/chart.js";
import { spaced } from "../solution/chart.js";
import { displayWidth } from "../text-width.js";
import { circuitText } from "./circuit.js";
import { tick } from "./tick.js";

/** Rows of a line chart's plot area. */
const HEIGHT = 8;
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

/** The x axis under a plot area: its ends and middle labelled, each mark's place with ▲ and its label. */
function xAxis(c: LineChart, columns: number): string[] {
  const lo = c.x[0] as number;
  const hi = c.x[c.x.length - 1] as number;
  const pad = " ".repeat(LABEL);
  const labels = `${tick(lo)}`;
  const mid = c.logX ? 10 ** ((Math.log10(lo) + Math.log10(hi)) / 2) : (lo + hi) / 2;
  const midText = tick(mid);
  const end = tick(hi);
  let axis = labels.padEnd(Math.floor(columns / 2 - displayWidth(midText) / 2));
  axis = (axis + midText).padEnd(columns - displayWidth(end)) + end;
  const out = [pad + axis, `${pad}${c.xLabel}`];
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

function lineText(c: LineChart, width: number): string[] {
  const columns = Math.max(20, width - LABEL);
  const lo = c.x[0] as number;
  const hi = c.x[c.x.length - 1] as number;
  // one point per column: asciichart draws a column per value
  const xs = spaced(lo, hi, columns, c.logX);
  const out: string[] = [c.title];
  for (const s of c.series) {
    const ys = xs.map((x) => at(c.x, s.y, x));
    const levels = (c.levels ?? []).map((l) => xs.map(() => l.y));
    const drawn = asciichart
      .plot([ys, ...levels], { height: HEIGHT, format: (v: number) => axisLabel(v).padStart(LABEL - 2) })
      .split("\n")
      .map((l: string) => l.trimEnd())
      .join("\n");
    const flat = (c.levels ?? []).map((l) => `${l.label} = ${tick(l.y)}`).join(", ");
    out.push(`  ${s.name}${flat ? `  (flat: ${flat})` : ""}`, drawn);
  }
  out.push(...xAxis({ ...c, x: xs }, xs.length));
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

/** Shades from 0 to 1, by fifths. */
const SHADES = [" ", "░", "▒", "▓", "█"];

function heatText(c: HeatChart, width: number): string[] {
  const labelWidth = Math.max(...c.rowLabels.map(displayWidth));
  const cell = 3;
  const shown = Math.max(1, Math.min(c.colLabels.length, Math.floor((width - labelWidth - 4) / cell)));
  const more = c.colLabels.length > shown ? " …" : "";
  const head = c.colLabels
    .slice(0, shown)
    .map((l) => l.padEnd(cell))
    .join("");
  const out = [c.title, `  ${" ".repeat(labelWidth)} ${head}${more}`.trimEnd()];
  c.values.forEach((row, i) => {
    const cells = row
      .slice(0, shown)
      .map((v) =>
        v === null ? "×".padEnd(cell) : `${(SHADES[Math.min(4, Math.floor(v * 5))] as string).repeat(cell - 1)} `,
      )
      .join("");
    out.push(`  ${(c.rowLabels[i] as string).padEnd(labelWidth)} ${cells}${more}`.trimEnd());
  });
  out.push(
    `  ${SHADES.slice(1)
      .map((s, k) => `${s} ≥ ${(k + 1) / 5}`)
      .join("  ")}  × masked`,
  );
  return out;
}

function stripText(c: StripChart, width: number): string[] {
  const all = c.rows.flatMap((r) => r.values);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const labelWidth = Math.max(...c.rows.map((r) => displayWidth(r.name)));
  const columns = Math.max(20, width - labelWidth - 4);
  const out = [c.title];
  for (const r of c.rows) {
    const line = Array.from({ length: columns }, () => "─");
    for (const v of r.values) line[columnOf(v, lo, hi, columns)] = "●";
    out.push(`  ${r.name.padEnd(labelWidth)} ${line.join("")}`);
  }
  const ends = `${tick(lo)}`;
  const end = tick(hi);
  out.push(`  ${" ".repeat(labelWidth)} ${ends.padEnd(columns - displayWidth(end))}${end}`);
  return out;
}

/** Every chart, a blank line between, each fitting `width` columns. */
export function chartsText(charts: readonly Chart[], width: number): string {
  const draw = { line: lineText, bar: barText, heat: heatText, strip: stripText, circuit: circuitText } as const;
  const blocks = charts.map((c) => (draw[c.kind] as (c: Chart, width: number) => string[])(c, width));
  return `${blocks.map((b) => b.join("\n")).join("\n\n")}\n`;
}
