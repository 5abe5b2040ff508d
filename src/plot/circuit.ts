// A computational graph as a circuit: in the terminal a tree from the output
// down (a node used twice is drawn once and named again), in SVG a layered
// drawing, inputs on the left, each node with its forward value above and its
// gradient below, each edge with the gradient it carries back.

import { wrapWords } from "../render/wrap.js";
import type { CircuitChart } from "../solution/chart.js";
import { tick } from "./tick.js";

type Node = CircuitChart["nodes"][number];

const valueText = (n: Node): string => (n.value === null ? (n.shape ?? "") : tick(n.value));
const gradText = (g: number | null): string => (g === null ? "" : tick(g));

/** A node as its tree line says it: "q = x + y = 3" (an input: "x = -2"). */
function nodeText(c: CircuitChart, i: number): string {
  const n = c.nodes[i] as Node;
  if (n.op === "input") return `${n.name} = ${valueText(n)}`;
  const args = c.edges.filter((e) => e.to === i).map((e) => (c.nodes[e.from] as Node).name);
  const def =
    args.length === 2 && !/^[a-z]/i.test(n.op) ? `${args[0]} ${n.op} ${args[1]}` : `${n.op}(${args.join(", ")})`;
  return `${n.name} = ${def} = ${valueText(n)}`;
}

/** The tree from the output: each line a node, with the gradient its edge carries back (← g). */
export function circuitText(c: CircuitChart, width: number): string[] {
  const lines: Array<[string, string]> = [];
  const drawn = new Set<number>();
  const walk = (i: number, prefix: string, branch: string, grad: string) => {
    const again = drawn.has(i);
    const n = c.nodes[i] as Node;
    lines.push([`${prefix}${branch}${again ? `${n.name} (above)` : nodeText(c, i)}`, grad]);
    if (again) return;
    drawn.add(i);
    const into = c.edges.filter((e) => e.to === i);
    const childPrefix = prefix + (branch === "" ? "" : branch === "└─ " ? "   " : "│  ");
    into.forEach((e, k) => {
      walk(e.from, childPrefix, k === into.length - 1 ? "└─ " : "├─ ", `← ${gradText(e.grad)}`);
    });
  };
  walk(c.output, "", "", `∂ = ${gradText((c.nodes[c.output] as Node).grad)}`);
  const left = Math.min(Math.max(...lines.map(([l]) => [...l].length)) + 3, Math.max(20, width - 16));
  const out = [c.title];
  for (const [l, g] of lines) {
    const room = left - [...l].length;
    out.push(room >= 1 ? `  ${l}${" ".repeat(room)}${g}` : `  ${l}  ${g}`);
  }
  out.push(...wrapWords("(← the gradient each edge carries back: ∂out/∂input along it)", width, "  ", "   "));
  return out;
}

/** Each node's layer: 0 for inputs, else one past its deepest input. */
export function layers(c: CircuitChart): number[] {
  const layer = c.nodes.map(() => 0);
  for (const e of [...c.edges].sort((a, b) => a.to - b.to))
    layer[e.to] = Math.max(layer[e.to] as number, (layer[e.from] as number) + 1);
  return layer;
}

export interface SvgParts {
  el(tag: string, attrs: Record<string, string | number | boolean>, text?: string): string;
  width: number;
  top: number;
}

/** Vertical room per node of the fullest layer. */
const ROW = 72;

/** The height a circuit's panel needs: a row per node of its fullest layer. */
export function circuitHeight(c: CircuitChart, top: number): number {
  const layer = layers(c);
  const most = Math.max(
    ...Array.from({ length: Math.max(...layer) + 1 }, (_, l) => layer.filter((x) => x === l).length),
  );
  return top + most * ROW + 24;
}

/**
 * The layered drawing as lecture slides draw it: columns by layer, inputs on
 * the left; on each wire the value it carries above (green) and the gradient
 * it carries back below (red); the output's value and gradient beside it.
 */
export function circuitSvg(c: CircuitChart, { el, width, top }: SvgParts): string[] {
  const layer = layers(c);
  const columns = Math.max(...layer) + 1;
  const perLayer: number[][] = Array.from({ length: columns }, () => []);
  layer.forEach((l, i) => {
    perLayer[l]?.push(i);
  });
  const height = circuitHeight(c, top);
  const colW = (width - 110) / columns;
  const pos = c.nodes.map((_, i) => {
    const l = layer[i] as number;
    const row = (perLayer[l] as number[]).indexOf(i);
    const rows = (perLayer[l] as number[]).length;
    return { x: 30 + (l + 0.5) * colW, y: top + ((row + 0.5) / rows) * (height - top - 24) };
  });
  const r = Math.min(17, colW / 4);
  const small = (cls: string, x: number, y: number, fill: string, text: string) =>
    el(
      "text",
      { class: cls, x: Number(x.toFixed(1)), y: Number(y.toFixed(1)), "font-size": 10, fill, "text-anchor": "middle" },
      text,
    );
  const out: string[] = [];
  for (const e of c.edges) {
    const a = pos[e.from] as { x: number; y: number };
    const b = pos[e.to] as { x: number; y: number };
    const [x1, x2] = [a.x + r, b.x - r];
    out.push(el("line", { class: "edge", x1, y1: a.y, x2, y2: b.y, stroke: "#555", "stroke-width": 1.2 }));
    // the labels sit a third of the way along, where wires that meet at a node are still apart
    const lx = x1 + (x2 - x1) / 3;
    const ly = a.y + (b.y - a.y) / 3;
    out.push(small("edge-value", lx, ly - 5, "#1e8449", valueText(c.nodes[e.from] as Node)));
    out.push(small("edge-grad", lx, ly + 13, "#c0392b", gradText(e.grad)));
  }
  c.nodes.forEach((n, i) => {
    const p = pos[i] as { x: number; y: number };
    const input = n.op === "input";
    out.push(
      el("circle", {
        class: "node",
        "data-name": n.name,
        cx: p.x,
        cy: p.y,
        r,
        fill: input ? "#eef5fb" : "#fff",
        stroke: "#1f77b4",
      }),
      el("text", { x: p.x, y: p.y + 4, "font-size": 11, "text-anchor": "middle" }, input ? n.name : n.op),
    );
    if (!input) out.push(small("name", p.x, p.y - r - 4, "#555", n.name));
  });
  const o = pos[c.output] as { x: number; y: number };
  const outNode = c.nodes[c.output] as Node;
  out.push(
    el("line", { x1: o.x + r, y1: o.y, x2: o.x + r + 50, y2: o.y, stroke: "#555", "stroke-width": 1.2 }),
    small("edge-value", o.x + r + 25, o.y - 5, "#1e8449", valueText(outNode)),
    small("edge-grad", o.x + r + 25, o.y + 13, "#c0392b", gradText(outNode.grad)),
    el(
      "text",
      { x: 20, y: height - 6, "font-size": 10, fill: "#555" },
      "on each wire: green, the value it carries; red, the gradient it carries back",
    ),
  );
  return out;
}
