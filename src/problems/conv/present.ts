import { strideQuotient } from "../common.js";
// What conv and pool show alike: the output size with its numbers, grids as
// tables, the upstream gradient read in the output's shape, heat maps.

import { type Grid, outSize, type Pair } from "../../core/convolution.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { Fields } from "../../input/fields.js";
import type { Chart, HeatChart } from "../../solution/chart.js";
import * as F from "../../solution/formula.js";
import type { Cell, DerivationLine, Step, Table, Value } from "../../solution/solution.js";
import { type ElementReader, gridOf, readArray } from "./grids.js";

/** Output entries per channel written out whole; past it the first three and the last two. */
export const WINDOWS_SHOWN = 16;

export function shownEntries(n: number): number[] {
  if (n <= WINDOWS_SHOWN) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, n - 2, n - 1];
}

/** A grid as the answer gives it: a vector for depth 1, a matrix for depth 2, else C × H × W. */
export function answerShape(g: Grid, depth: number): Value {
  if (depth === 1) return (g[0] as Scalar[][])[0] as Value;
  if (depth === 2) return g[0] as Value;
  return g as unknown as Value;
}

/** One table per channel: a row index, then one column per entry of the row. */
export function gridTables(g: Grid, name: string): Table[] {
  return g.map((plane, c) => {
    const cols = plane[0]!.length;
    return {
      ...(g.length > 1 ? { title: `${name}, channel ${c + 1}` } : {}),
      columns: [
        { header: name, cells: plane.map((_, i) => sc.frac(i + 1)) as Cell[] },
        ...Array.from({ length: cols }, (_, j) => ({
          header: String(j + 1),
          cells: plane.map((row) => row[j]!) as Cell[],
        })),
      ],
    };
  });
}

/** ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 along each spatial axis, with the numbers. */
export function sizeStep(x: Grid, depth: number, k: Pair, s: Pair, p: Pair, d: Pair): Step {
  const n: Pair = [(x[0] as Scalar[][]).length, ((x[0] as Scalar[][])[0] as Scalar[]).length];
  const axes = depth === 1 ? [1] : [0, 1];
  const num = (v: number) => F.num(sc.frac(v));
  const numerator = (a: number) =>
    (n[a] as number) + 2 * (p[a] as number) - (d[a] as number) * ((k[a] as number) - 1) - 1;
  const derivation: DerivationLine[] = axes.map((a) => {
    const inner = F.minus(
      F.minus(
        F.plus(num(n[a] as number), F.juxt(num(2), num(p[a] as number))),
        F.juxt(num(d[a] as number), F.paren(F.minus(num(k[a] as number), num(1)))),
      ),
      num(1),
    );
    return {
      formula: F.eq(
        F.subscript(F.sym(a === 0 ? "H" : "W"), "out"),
        F.plus(strideQuotient(inner, s[a] as number, numerator(a) % (s[a] as number) === 0), num(1)),
        num(outSize(n[a] as number, k[a] as number, s[a] as number, p[a] as number, d[a] as number)),
      ),
      reason: a === 0 ? "rows" : "columns",
    };
  });
  return {
    title: "The output size: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1",
    derivation,
  };
}

/** dLdy in the output's shape (C × H_out × W_out, given as the output is). */
export function upstreamOf(
  f: Fields,
  c: number,
  ho: number,
  wo: number,
  depth: number,
  read?: ElementReader,
): Grid | undefined {
  const r = readArray(f, "dLdy", 3, read);
  if (!r) return undefined;
  let g = gridOf(r);
  const flat = g.flat(2);
  // a shallower array with exactly the output's entries (1 for a 1×1 output, a row for 1×W) is reshaped
  if (r.depth < depth && flat.length === c * ho * wo)
    g = Array.from({ length: c }, (_, o) =>
      Array.from({ length: ho }, (_, i) => flat.slice((o * ho + i) * wo, (o * ho + i + 1) * wo)),
    );
  const shape = `${depth === 3 ? `${c}×` : ""}${depth === 1 ? wo : `${ho}×${wo}`}`;
  const got = [g.length, (g[0] as Scalar[][]).length, ((g[0] as Scalar[][])[0] as Scalar[]).length];
  if (got[0] !== c || got[1] !== ho || got[2] !== wo)
    throw fieldError(f.label("dLdy"), `must have the output's shape, ${shape}`);
  return g;
}

/** Heat maps of grids, each channel its own, shaded from its smallest entry to its largest. */
export function heatCharts(grids: ReadonlyArray<[string, Grid]>): Chart[] {
  const out: Chart[] = [];
  for (const [name, g] of grids)
    g.forEach((plane, c) => {
      const v = plane.map((row) => row.map(sc.toNumber));
      const chart: HeatChart = {
        kind: "heat",
        title: `${name}${g.length > 1 ? `, channel ${c + 1}` : ""}`,
        rowLabels: v.map((_, i) => String(i + 1)),
        colLabels: (v[0] as number[]).map((_, j) => String(j + 1)),
        values: v,
      };
      out.push(chart);
    });
  return out;
}
