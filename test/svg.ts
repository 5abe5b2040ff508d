// Reading an SVG chart in a test: its elements by selector (linkedom's DOM), and
// each axis' tick labels with their places.
import { DOMParser } from "linkedom";

/** What a test reads of an element. */
export interface SvgNode {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  querySelectorAll(selector: string): Iterable<SvgNode>;
}

export const parseSvg = (text: string): SvgNode =>
  new DOMParser().parseFromString(text, "image/svg+xml") as unknown as SvgNode;

export const all = (root: SvgNode | undefined, selector: string): SvgNode[] => [
  ...(root?.querySelectorAll(selector) ?? []),
];

/** The panels of a page of charts. */
export const panels = (doc: SvgNode): SvgNode[] => all(doc, "g.chart");

/** A panel's chart: the last plot in it (a heat map's key comes first). */
export const plotOf = (panel: SvgNode | undefined): SvgNode => all(panel, "svg").at(-1) as SvgNode;

/** A number as an axis prints it (with a minus sign). */
export const axisValue = (s: string | null) => Number((s ?? "").replace(/\u2212/g, "-"));

export interface Tick {
  text: string;
  value: number;
  /** Where the tick is, in pixels along its axis. */
  at: number;
}

/** An axis' tick labels: the text, its value as a number, and its place in pixels. */
export function axisTicks(plot: SvgNode | undefined, axis: "x" | "y"): Tick[] {
  return all(plot, `[aria-label="${axis}-axis tick label"] text`).map((t) => {
    const [, a, b] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute("transform") ?? "") ?? [];
    const text = t.textContent ?? "";
    return { text, value: axisValue(text), at: Number(axis === "x" ? a : b) };
  });
}
