// Charts a problem offers (`--plot`): data only. Drawing them — in a terminal
// or as SVG — is src/plot/, which is loaded only when a plot is asked for.

/** y against x for one or more named series, with given x marked (the z asked about) and reference levels. */
export interface LineChart {
  kind: "line";
  title: string;
  xLabel: string;
  /** The y axis' title; by default the one series' name (several series have a legend instead). */
  yLabel?: string;
  x: number[];
  /** A log-scale x axis (λ paths): every x > 0. */
  logX?: boolean;
  series: Array<{ name: string; y: number[] }>;
  /** Points of x to mark, each with its label. */
  marks?: Array<{ x: number; label: string }>;
  /** Levels of y to draw across, each with its label (a minimiser). */
  levels?: Array<{ y: number; label: string }>;
}

/** One bar per label (softmax p per class), one of them marked (the target). */
export interface BarChart {
  kind: "bar";
  title: string;
  /** The value axis' title (p). */
  yLabel?: string;
  labels: string[];
  values: number[];
  /** What to say beside a bar ("target"), by index; a bar with a note is marked. */
  notes?: Array<string | undefined>;
}

/**
 * A grid of values (attention weights, a feature map), rows and columns
 * labelled; null for a masked cell. Shaded from `domain`'s low end (blank) to
 * its high end, by default the grid's own least and greatest values.
 */
export interface HeatChart {
  kind: "heat";
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: Array<Array<number | null>>;
  domain?: [number, number];
}

/** The range a heat map is shaded over: its domain, else its least and greatest finite values; none without any. */
export function heatRange(c: HeatChart): [number, number] | undefined {
  if (c.domain) return c.domain;
  const all = c.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  return all.length ? [Math.min(...all), Math.max(...all)] : undefined;
}

/** Rows of values on one shared axis (a batch before and after normalising). */
export interface StripChart {
  kind: "strip";
  title: string;
  xLabel?: string;
  rows: Array<{ name: string; values: number[] }>;
}

/**
 * A computational graph drawn as a circuit, as lecture slides draw it: each
 * node with its operation and forward value, each edge with the gradient it
 * carries back. Nodes in evaluation order; an edge runs from an input to the
 * node that reads it.
 */
export interface CircuitChart {
  kind: "circuit";
  title: string;
  nodes: Array<{
    name: string;
    /** "input", or the operation as a slide writes it: +, ×, σ, exp. */
    op: string;
    /** The forward value, or null for a vector or matrix (then `shape` says which). */
    value: number | null;
    shape?: string;
    /** ∂out/∂node, or null for a vector or matrix or a node the output does not reach. */
    grad: number | null;
  }>;
  edges: Array<{ from: number; to: number; grad: number | null }>;
  /** The output node's index. */
  output: number;
}

export type Chart = LineChart | BarChart | HeatChart | StripChart | CircuitChart;

/** n numbers evenly spaced from lo to hi (on a log scale with `log`), both included. */
export function spaced(lo: number, hi: number, n: number, log = false): number[] {
  const [a, b] = log ? [Math.log10(lo), Math.log10(hi)] : [lo, hi];
  return Array.from({ length: n }, (_, i) => {
    // (b − a)·(i/(n − 1)), not (b − a)·i/(n − 1): the product alone can overflow
    const t = n === 1 ? a : a + (b - a) * (i / (n - 1));
    return log ? 10 ** t : t;
  });
}
