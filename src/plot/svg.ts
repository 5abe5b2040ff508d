// Charts as one standalone SVG for notes and slides: a panel per chart,
// stacked. Written by hand (a few hundred bytes per series): every element a
// test or a reader needs carries its meaning in data- attributes (the series'
// name, a mark's x, a bar's value), and the plot area its axis range.
import type { BarChart, Chart, CircuitChart, HeatChart, LineChart, StripChart } from "../solution/chart.js";
import { circuitHeight, circuitSvg } from "./circuit.js";
import { tick } from "./tick.js";

const W = 640;
const PANEL = 300;
const M = { left: 64, right: 24, top: 48, bottom: 56 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f = (v: number) => Number(v.toFixed(2));

/** One element: its attributes escaped; text inside it, or none (self-closing). */
function el(tag: string, attrs: Record<string, string | number | boolean>, text?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join("");
  return text === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${esc(text)}</${tag}>`;
}

const label = (x: number, y: number, text: string, more: Record<string, string | number> = {}) =>
  el("text", { x: f(x), y: f(y), "font-size": 11, ...more }, text);

/** A linear (or log) map from [lo, hi] to [a, b]. */
function scale(lo: number, hi: number, a: number, b: number, log = false): (v: number) => number {
  const [l, h] = log ? [Math.log10(lo), Math.log10(hi)] : [lo, hi];
  return (v) => {
    const t = h === l ? 0.5 : ((log ? Math.log10(v) : v) - l) / (h - l);
    return a + t * (b - a);
  };
}

/** The plot area and its x/y axes with a few labelled ticks. */
function axes(xr: [number, number], yr: [number, number], xLabel: string, logX = false): string[] {
  const [x0, x1, y0, y1] = [M.left, W - M.right, PANEL - M.bottom, M.top];
  const sx = scale(xr[0], xr[1], x0, x1, logX);
  const sy = scale(yr[0], yr[1], y0, y1);
  const area = { x: x0, y: y1, width: x1 - x0, height: y0 - y1, fill: "none", stroke: "#999" };
  const range = { "data-xmin": xr[0], "data-xmax": xr[1], "data-ymin": yr[0], "data-ymax": yr[1], "data-logx": logX };
  const out = [el("rect", { class: "plot-area", ...area, ...range })];
  const [lx, hx] = logX ? [Math.log10(xr[0]), Math.log10(xr[1])] : xr;
  for (let k = 0; k <= 4; k++) {
    const t = lx + (k / 4) * (hx - lx);
    const xv = logX ? 10 ** t : t;
    const yv = yr[0] + (k / 4) * (yr[1] - yr[0]);
    out.push(
      label(sx(xv), y0 + 16, tick(xv), { "text-anchor": "middle" }),
      label(x0 - 6, sy(yv) + 4, tick(yv), { "text-anchor": "end" }),
    );
  }
  out.push(label((x0 + x1) / 2, y0 + 36, xLabel, { "text-anchor": "middle", "font-size": 12 }));
  return out;
}

function range(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function lineSvg(c: LineChart): string[] {
  const xr: [number, number] = [c.x[0] as number, c.x[c.x.length - 1] as number];
  const yr = range([...c.series.flatMap((s) => s.y), ...(c.levels ?? []).map((l) => l.y)]);
  const sx = scale(xr[0], xr[1], M.left, W - M.right, c.logX);
  const sy = scale(yr[0], yr[1], PANEL - M.bottom, M.top);
  const out = axes(xr, yr, c.xLabel, c.logX);
  c.series.forEach((s, k) => {
    // a value that overflowed float64 (±∞) or is undefined has no place on the chart: the line skips it
    const points = c.x
      .flatMap((x, i) => {
        const y = s.y[i] as number;
        return Number.isFinite(x) && Number.isFinite(y) ? [`${f(sx(x))},${f(sy(y))}`] : [];
      })
      .join(" ");
    const color = COLORS[k % COLORS.length] as string;
    const line = { points, fill: "none", stroke: color, "stroke-width": 2 };
    out.push(
      el("polyline", { class: "series", "data-series": s.name, ...line }),
      label(W - M.right - 4, M.top + 14 + 14 * k, s.name, { "text-anchor": "end", "font-size": 12, fill: color }),
    );
  });
  for (const l of c.levels ?? []) {
    const y = f(sy(l.y));
    const line = { x1: M.left, x2: W - M.right, y1: y, y2: y, stroke: "#555", "stroke-dasharray": "6 4" };
    out.push(
      el("line", { class: "level", "data-y": l.y, "data-label": l.label, ...line }),
      label(M.left + 4, y - 4, l.label),
    );
  }
  for (const m of c.marks ?? []) {
    const x = f(sx(m.x));
    const line = { x1: x, x2: x, y1: M.top, y2: PANEL - M.bottom, stroke: "#555", "stroke-dasharray": "2 3" };
    // near the right edge the label ends at its line instead of starting there
    const right = x > W - M.right - 80;
    out.push(
      el("line", { class: "mark", "data-x": m.x, ...line }),
      label(right ? x - 3 : x + 3, M.top - 4, m.label, right ? { "text-anchor": "end" } : {}),
    );
  }
  return out;
}

function barSvg(c: BarChart): string[] {
  const yr: [number, number] = [0, Math.max(...c.values, 1e-300)];
  const n = c.values.length;
  const band = (W - M.left - M.right) / n;
  const sy = scale(yr[0], yr[1], PANEL - M.bottom, M.top);
  const out = axes([0.5, n + 0.5], yr, "class");
  c.values.forEach((v, i) => {
    const note = c.notes?.[i];
    const x = M.left + i * band + band * 0.15;
    const box = { x: f(x), y: f(sy(v)), width: f(band * 0.7), height: f(sy(0) - sy(v)) };
    const data = { "data-label": c.labels[i] as string, "data-value": v, "data-marked": note !== undefined };
    out.push(el("rect", { class: "bar", ...data, ...box, fill: note === undefined ? "#1f77b4" : "#d62728" }));
    if (note !== undefined) out.push(label(x + band * 0.35, sy(v) - 4, note, { "text-anchor": "middle" }));
  });
  return out;
}

function heatSvg(c: HeatChart): string[] {
  const cw = (W - M.left - M.right) / Math.max(c.colLabels.length, 1);
  const ch = (PANEL - M.top - M.bottom) / Math.max(c.values.length, 1);
  const out: string[] = [];
  c.values.forEach((row, i) => {
    out.push(label(M.left - 6, M.top + (i + 0.5) * ch + 4, c.rowLabels[i] as string, { "text-anchor": "end" }));
    row.forEach((v, j) => {
      const box = { x: f(M.left + j * cw), y: f(M.top + i * ch), width: f(cw), height: f(ch), stroke: "#fff" };
      const shade = v === null ? { fill: "#eee" } : { fill: "#1f77b4", "fill-opacity": f(v) };
      out.push(
        el("rect", {
          class: "cell",
          "data-row": i + 1,
          "data-col": j + 1,
          "data-value": v ?? "masked",
          ...box,
          ...shade,
        }),
      );
    });
  });
  c.colLabels.forEach((l, j) => {
    out.push(label(M.left + (j + 0.5) * cw, PANEL - M.bottom + 16, l, { "text-anchor": "middle" }));
  });
  return out;
}

function stripSvg(c: StripChart): string[] {
  const xr = range(c.rows.flatMap((r) => r.values));
  const sx = scale(xr[0], xr[1], M.left, W - M.right);
  const out = axes(xr, [0, c.rows.length], "value");
  const rowY = (i: number) => f(M.top + ((i + 0.5) / c.rows.length) * (PANEL - M.top - M.bottom));
  c.rows.forEach((r, i) => {
    out.push(label(M.left - 6, rowY(i) + 4, r.name, { "text-anchor": "end", "font-size": 12 }));
    const dot = { r: 4, fill: COLORS[i % COLORS.length] as string, "fill-opacity": 0.6 };
    // at most 1000 points a row: enough to see the spread
    for (const v of r.values.slice(0, 1000))
      out.push(
        el("circle", { class: "point", "data-row": r.name, "data-value": v, cx: f(sx(v)), cy: rowY(i), ...dot }),
      );
  });
  return out;
}

/** Every chart in one SVG document, a panel each, titled. */
export function chartsSvg(charts: readonly Chart[], title: string): string {
  const circuit = (c: CircuitChart) => circuitSvg(c, { el, width: W, top: M.top });
  const draw = { line: lineSvg, bar: barSvg, heat: heatSvg, strip: stripSvg, circuit } as const;
  // a panel is PANEL high, a circuit as high as its fullest layer needs
  const heights = charts.map((c) => (c.kind === "circuit" ? Math.max(PANEL, circuitHeight(c, M.top)) : PANEL));
  const offsets = heights.map((_, k) => heights.slice(0, k).reduce((a, b) => a + b, 0));
  const panels = charts.map((c, k) =>
    [
      `<g class="chart" data-kind="${c.kind}" transform="translate(0 ${offsets[k]})">`,
      el("text", { x: M.left, y: 22, "font-size": 14, "font-weight": "bold" }, c.title),
      ...(draw[c.kind] as (c: Chart) => string[])(c),
      "</g>",
    ].join("\n"),
  );
  const height = heights.reduce((a, b) => a + b, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" ` +
      'font-family="sans-serif">',
    el("title", {}, title),
    el("rect", { width: "100%", height: "100%", fill: "#fff" }),
    ...panels,
    "</svg>",
    "",
  ].join("\n");
}
