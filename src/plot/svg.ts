// Charts as one standalone SVG for notes and slides: a panel per chart,
// stacked, each titled. Lines, bars, heat maps and strips are drawn by
// Observable Plot (its scales, nice ticks, axes and colour ramps) into a DOM
// that linkedom provides; this file chooses each chart's scales and marks,
// and writes the page around them. The circuit of a graph is laid out by
// circuit.ts. Everything here is loaded only with --plot.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import {
  type BarChart,
  type Chart,
  type CircuitChart,
  type HeatChart,
  heatRange,
  type LineChart,
  type StripChart,
} from "../solution/chart.js";
import { displayWidth } from "../text-width.js";
import { circuitHeight, circuitSvg } from "./circuit.js";
import { niceRange, niceTicks, tick, wholeNumbers } from "./tick.js";

const W = 640;
/** Room above a panel's plot for its title. */
const TITLE = 34;
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const MARGIN = { marginLeft: 64, marginRight: 24, marginBottom: 44 };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One element: its attributes escaped; text inside it, or none (self-closing). */
function el(tag: string, attrs: Record<string, string | number | boolean>, text?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join("");
  return text === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${esc(text)}</${tag}>`;
}

/** An axis' number as a book prints it: a minus sign, not a hyphen. */
const axisNumber = (v: number) => tick(v).replace(/-/g, "−");

/** A panel: its SVG (drawn from y = 0) and its height. */
interface Panel {
  parts: string[];
  height: number;
}

/** What this file does with an element Plot made. */
interface Drawn {
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  outerHTML: string;
}

let window: ReturnType<typeof parseHTML> | undefined;
/** The DOM Plot draws into: one, made the first time a chart is drawn. */
const plotDocument = () => {
  window ??= parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  return window.document as unknown as Plot.PlotOptions["document"];
};

/** Plot's drawing of one chart, placed `top` down its panel. */
function plotted(options: Plot.PlotOptions, top: number): string {
  const svg = Plot.plot({ ...options, document: plotDocument(), className: "dlsolve-plot" }) as unknown as Drawn;
  svg.setAttribute("y", String(top));
  svg.setAttribute("font-size", "11");
  svg.removeAttribute("xmlns");
  return svg.outerHTML;
}

/** A row of legend entries (a stroke of the series' colour, then its name), left to right from x. */
function legend(names: readonly string[], x: number, y: number): string[] {
  let at = x;
  return names.flatMap((name, k) => {
    const color = COLORS[k % COLORS.length] as string;
    const entry = [
      el("line", { x1: at, x2: at + 18, y1: y - 4, y2: y - 4, stroke: color, "stroke-width": 2.5 }),
      el("text", { class: "legend", x: at + 23, y, "font-size": 12, fill: "#222" }, name),
    ];
    at += 23 + 7.5 * displayWidth(name) + 20;
    return entry;
  });
}

/** The y range of a line chart: its finite values and levels, on nice steps, 0 kept when the values are near it. */
function yDomain(c: LineChart): [number, number] {
  const ys = [...c.series.flatMap((s) => s.y), ...(c.levels ?? []).map((l) => l.y)].filter(Number.isFinite);
  if (ys.length === 0) return [0, 1];
  const [min, max] = niceRange(Math.min(...ys), Math.max(...ys), 8);
  return [min, max];
}

type Anchor = "start" | "middle" | "end";

/**
 * Where labels along the top of a plot go (the marked x's, in pixels from
 * left to right of a plot area): a label at an edge of the area starts or ends
 * at its line, the rest are centred on it; each on the first row where it
 * does not touch the label before.
 */
function labelPlaces(xs: readonly number[], widths: readonly number[], left: number, right: number) {
  const ends: number[] = [];
  return xs.map((x, i) => {
    const w = widths[i] as number;
    const anchor: Anchor = x - w / 2 < left ? "start" : x + w / 2 > right ? "end" : "middle";
    const from = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
    let row = ends.findIndex((end) => end + 6 < from);
    if (row < 0) row = ends.length;
    ends[row] = from + w;
    return { row, anchor };
  });
}

function xScale(c: LineChart): Plot.ScaleOptions {
  const [first, last] = [c.x[0] as number, c.x[c.x.length - 1] as number];
  // one x (a single time step) gets room either side
  const [lo, hi] = first === last ? (c.logX ? [first / 10, last * 10] : [first - 1, last + 1]) : [first, last];
  const base = { domain: [lo, hi], label: c.xLabel, labelAnchor: "center", labelArrow: "none" } as const;
  if (c.logX) {
    const decades: number[] = [];
    for (let k = Math.ceil(Math.log10(lo)); k <= Math.floor(Math.log10(hi)); k++) decades.push(10 ** k);
    return { ...base, type: "log", ...(decades.length >= 2 ? { ticks: decades } : {}), tickFormat: axisNumber };
  }
  return { ...base, type: "linear", ticks: niceTicks(lo, hi, 8, wholeNumbers(c.x)), tickFormat: axisNumber };
}

/** A line chart's marked x's: each a dotted rule, its label along the top; and the room the labels take. */
function markedX(c: LineChart, lo: number, hi: number): { marks: Plot.Markish[]; marginTop: number } {
  const px = (v: number) => {
    const [a, b, t] = c.logX ? [Math.log10(lo), Math.log10(hi), Math.log10(v)] : [lo, hi, v];
    return MARGIN.marginLeft + ((t - a) / (b - a || 1)) * (W - MARGIN.marginLeft - MARGIN.marginRight);
  };
  // a mark beyond the axis (σ is drawn to ±60 at most) sits at its end
  const marks = (c.marks ?? []).map((m) => ({ ...m, x: Math.min(hi, Math.max(lo, m.x)) }));
  const places = labelPlaces(
    marks.map((m) => px(m.x)),
    marks.map((m) => 6.5 * displayWidth(m.label)),
    MARGIN.marginLeft - 20,
    W - 4,
  );
  // a text mark per row and anchor: Plot takes both as constants
  const labels = [...new Set(places.map((p) => `${p.row} ${p.anchor}`))].map((key) => {
    const [row, anchor] = key.split(" ") as [string, Anchor];
    const these = marks.filter((_, i) => `${places[i]?.row} ${places[i]?.anchor}` === key);
    const dx = anchor === "start" ? 3 : anchor === "end" ? -3 : 0;
    const at = { frameAnchor: "top", textAnchor: anchor, dx, dy: -6 - 14 * Number(row) } as const;
    return Plot.text(these, { x: "x", text: "label", ...at, ariaDescription: "mark label" });
  });
  const rule = Plot.ruleX(marks, { x: "x", stroke: "#555", strokeDasharray: "2 3", ariaDescription: "mark" });
  return {
    marks: [rule, ...labels],
    marginTop: 14 + 14 * (marks.length ? Math.max(...places.map((p) => p.row)) + 1 : 0),
  };
}

function yScale(c: LineChart): Plot.ScaleOptions {
  const domain = yDomain(c);
  const label = c.yLabel ?? (c.series.length > 1 ? null : (c.series[0]?.name ?? null));
  const ticks = niceTicks(domain[0], domain[1], 6);
  return { domain, ticks, tickFormat: axisNumber, grid: true, label, labelAnchor: "center", labelArrow: "none" };
}

function linePanel(c: LineChart): Panel {
  const x = xScale(c);
  const [lo, hi] = x.domain as [number, number];
  const marked = markedX(c, lo, hi);
  const points = c.series.flatMap((s) =>
    c.x.flatMap((xv, i) => {
      const yv = s.y[i] as number;
      return Number.isFinite(xv) && Number.isFinite(yv) ? [{ x: xv, y: yv, series: s.name }] : [];
    }),
  );
  const several = c.series.length > 1;
  const top = TITLE + (several ? 20 : 0);
  const dashed = { stroke: "#555", strokeDasharray: "6 4" };
  const series = { z: "series", stroke: "series", strokeWidth: 2, ariaLabel: "series", ariaDescription: "series" };
  const drawing = plotted(
    {
      width: W,
      height: 300,
      ...MARGIN,
      marginTop: marked.marginTop,
      x,
      y: yScale(c),
      color: { domain: c.series.map((s) => s.name), range: COLORS },
      marks: [
        // reference lines first: the data is drawn over them
        Plot.ruleY(c.levels ?? [], { y: "y", ...dashed, ariaDescription: "level" }),
        Plot.text(c.levels ?? [], {
          y: "y",
          text: (l: { y: number; label: string }) => `${l.label} = ${axisNumber(l.y)}`,
          frameAnchor: "left",
          textAnchor: "start",
          dx: 4,
          dy: -7,
        }),
        ...marked.marks,
        Plot.line(points, { x: "x", y: "y", ...series }),
        // the points themselves where they are few and apart (steps of a method)
        c.x.length <= 40 ? Plot.dot(points, { x: "x", y: "y", fill: "series", r: 2.5 }) : null,
        Plot.frame({ stroke: "#999" }),
      ],
    },
    top,
  );
  const names = c.series.map((s) => s.name);
  return { parts: [...(several ? legend(names, MARGIN.marginLeft, TITLE + 12) : []), drawing], height: top + 300 };
}

function barPanel(c: BarChart): Panel {
  const data = c.values.map((value, i) => ({ label: c.labels[i] as string, value, note: c.notes?.[i] }));
  const top = Math.max(1e-300, ...c.values.filter(Number.isFinite));
  const [, max] = niceRange(0, top, 8);
  // a label per bar while they fit, else every k-th
  const every = Math.ceil(c.labels.length / 12);
  const few = c.labels.length <= 12;
  const drawing = plotted(
    {
      width: W,
      height: 300,
      ...MARGIN,
      marginTop: 30,
      x: { domain: c.labels, label: null, padding: 0.3, ticks: c.labels.filter((_, i) => i % every === 0) },
      y: {
        domain: [0, max],
        ticks: niceTicks(0, max, 6),
        tickFormat: axisNumber,
        grid: true,
        label: c.yLabel ?? null,
        labelAnchor: "center",
        labelArrow: "none",
      },
      marks: [
        Plot.barY(data, {
          x: "label",
          y: "value",
          fill: (d: { note?: string }) => (d.note === undefined ? COLORS[0] : COLORS[1]),
          title: (d: { label: string; value: number }) => `${d.label}: ${d.value}`,
          ariaLabel: "label",
          ariaDescription: "bars",
        }),
        few ? Plot.text(data, { x: "label", y: "value", text: (d) => axisNumber(d.value), dy: -7 }) : null,
        Plot.text(
          data.filter((d) => d.note !== undefined),
          { x: "label", y: "value", text: "note", dy: few ? -21 : -7, fill: COLORS[1] as string, fontWeight: "bold" },
        ),
        Plot.ruleY([0]),
      ],
    },
    TITLE,
  );
  return { parts: [drawing], height: TITLE + 300 };
}

/** The colour scale's range: the chart's (heatRange), widened when every value is the same. */
function heatDomain(c: HeatChart): [number, number] {
  const [lo, hi] = heatRange(c) ?? [0, 1];
  return lo === hi ? [lo - (Math.abs(lo) || 1), hi + (Math.abs(hi) || 1)] : [lo, hi];
}

/** The key to a heat map's shades: a bar from the low end of the domain to the high, nice ticks under it. */
function rampKey(domain: [number, number], left: number): string {
  const [lo, hi] = domain;
  const steps = Array.from({ length: 48 }, (_, k) => ({
    x1: lo + (k / 48) * (hi - lo),
    x2: lo + ((k + 1) / 48) * (hi - lo),
  }));
  return plotted(
    {
      width: 300,
      height: 44,
      marginLeft: left,
      marginRight: 16,
      marginTop: 4,
      marginBottom: 26,
      x: { domain, ticks: niceTicks(lo, hi, 5), tickFormat: axisNumber, label: null },
      color: { type: "linear", domain, scheme: "blues" },
      marks: [
        Plot.rectX(steps, {
          x1: "x1",
          x2: "x2",
          fill: (d: { x1: number; x2: number }) => (d.x1 + d.x2) / 2,
          shapeRendering: "crispEdges",
        }),
      ],
    },
    TITLE - 4,
  );
}

function heatPanel(c: HeatChart): Panel {
  const rows = c.rowLabels.length;
  const cols = c.colLabels.length;
  const margin = { marginLeft: 48, marginRight: 24, marginTop: 28, marginBottom: 12 };
  const size = Math.max(3, Math.min(56, (W - margin.marginLeft - margin.marginRight) / cols, 420 / rows));
  const domain = heatDomain(c);
  const cells = c.values.flatMap((row, i) =>
    row.map((v, j) => ({ row: c.rowLabels[i] as string, col: c.colLabels[j] as string, v })),
  );
  const shown = cells.filter((d): d is { row: string; col: string; v: number } => d.v !== null);
  const masked = cells.filter((d) => d.v === null);
  // the numbers themselves while a cell has room for them
  const numbers = size >= 30 && rows * cols <= 400;
  const dark = (v: number) => (v - domain[0]) / (domain[1] - domain[0]) > 0.55;
  const color = { type: "linear", domain, scheme: "blues", label: "value" } as const;
  const top = TITLE + 52;
  const width = margin.marginLeft + margin.marginRight + size * cols;
  const height = margin.marginTop + margin.marginBottom + size * rows;
  const drawing = plotted(
    {
      width,
      height,
      ...margin,
      x: { domain: c.colLabels, axis: "top", label: null, padding: 0, ...(cols > 16 ? { axis: null } : {}) },
      y: { domain: c.rowLabels, label: null, padding: 0, ...(rows > 24 ? { axis: null } : {}) },
      color,
      marks: [
        Plot.cell(shown, {
          x: "col",
          y: "row",
          fill: "v",
          inset: 0.5,
          title: (d: { row: string; col: string; v: number }) => `${d.row}, ${d.col}: ${d.v}`,
          ariaDescription: "cells",
        }),
        Plot.cell(masked, {
          x: "col",
          y: "row",
          fill: "#eee",
          inset: 0.5,
          title: () => "masked",
          ariaDescription: "masked",
        }),
        Plot.text(masked, { x: "col", y: "row", text: () => "×", fill: "#888" }),
        numbers
          ? Plot.text(shown, {
              x: "col",
              y: "row",
              text: (d: { v: number }) => axisNumber(d.v),
              fill: (d: { v: number }) => (dark(d.v) ? "white" : "black"),
            })
          : null,
      ],
    },
    top,
  );
  return { parts: [rampKey(color.domain, margin.marginLeft), drawing], height: top + height };
}

function stripPanel(c: StripChart): Panel {
  const values = c.rows.flatMap((r) => r.values.slice(0, 1000).map((v) => ({ row: r.name, v })));
  const finite = values.filter((d) => Number.isFinite(d.v));
  const [lo, hi] = finite.length
    ? niceRange(Math.min(...finite.map((d) => d.v)), Math.max(...finite.map((d) => d.v)), 10)
    : [0, 1];
  const height = 60 + 40 * c.rows.length;
  const drawing = plotted(
    {
      width: W,
      height,
      ...MARGIN,
      marginTop: 10,
      x: {
        domain: [lo, hi],
        ticks: niceTicks(lo, hi, 10),
        tickFormat: axisNumber,
        grid: true,
        label: c.xLabel ?? "value",
        labelAnchor: "center",
        labelArrow: "none",
      },
      y: { domain: c.rows.map((r) => r.name), type: "point", padding: 0.6, label: null, tickSize: 0 },
      color: { domain: c.rows.map((r) => r.name), range: COLORS },
      marks: [
        Plot.dot(finite, {
          x: "v",
          y: "row",
          fill: "row",
          r: 4.5,
          fillOpacity: 0.7,
          title: (d: { row: string; v: number }) => `${d.row} = ${d.v}`,
          ariaLabel: "row",
          ariaDescription: "points",
        }),
      ],
    },
    TITLE,
  );
  return { parts: [drawing], height: TITLE + height };
}

function circuitPanel(c: CircuitChart): Panel {
  return { parts: circuitSvg(c, { el, width: W, top: TITLE + 14 }), height: circuitHeight(c, TITLE + 14) };
}

/** Every chart in one SVG document, a panel each, titled. */
export function chartsSvg(charts: readonly Chart[], title: string): string {
  const draw = { line: linePanel, bar: barPanel, heat: heatPanel, strip: stripPanel, circuit: circuitPanel } as const;
  let offset = 0;
  const panels = charts.map((c) => {
    const panel = (draw[c.kind] as (c: Chart) => Panel)(c);
    const g = [
      `<g class="chart" data-kind="${c.kind}" transform="translate(0 ${offset})">`,
      el("text", { x: 16, y: 22, "font-size": 14, "font-weight": "bold" }, c.title),
      ...panel.parts,
      "</g>",
    ].join("\n");
    offset += panel.height + 12;
    return g;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${offset}" viewBox="0 0 ${W} ${offset}" ` +
      'font-family="sans-serif">',
    el("title", {}, title),
    el("rect", { width: "100%", height: "100%", fill: "#fff" }),
    ...panels,
    "</svg>",
    "",
  ].join("\n");
}
