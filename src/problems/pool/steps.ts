import type { Grid, PoolWindow } from "../../core/convolution.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import type { DerivationLine, Step } from "../../solution/solution.js";
import { gridTables, shownEntries } from "../conv/present.js";
import type { PoolInput } from "./input.js";

const sub = (base: string, i: number, j: number, oneD: boolean) =>
  F.subscript(F.sym(base), oneD ? `${j + 1}` : `${i + 1}${j + 1}`);

const where = (c: { r: number; s: number }, oneD: boolean) => (oneD ? `${c.s + 1}` : `${c.r + 1},${c.s + 1}`);

function windowLine(
  win: PoolWindow,
  mode: "max" | "avg",
  i: number,
  j: number,
  oneD: boolean,
  area: number,
): DerivationLine {
  const entries = win.cells.map((c) => (c.v === null ? F.text(mode === "max" ? "−∞" : "0") : F.num(c.v)));
  const rhs = mode === "max" ? F.call("max", ...entries) : F.fracF(F.plus(...entries), F.num(sc.frac(area)));
  const first = win.cells[0] as { r: number; s: number };
  const last = win.cells[win.cells.length - 1] as { r: number; s: number };
  const at =
    mode === "max" && win.arg !== undefined
      ? `; the maximum at x(${where(win.cells[win.arg] as { r: number; s: number }, oneD)})`
      : "";
  return {
    formula: F.eq(sub("y", i, j, oneD), rhs, F.num(win.value)),
    reason: `x(${where(first, oneD)}) to x(${where(last, oneD)})${at}`,
  };
}

export function windowsStep(input: PoolInput, windows: PoolWindow[][][]): Step {
  const oneD = input.depth === 1;
  const area = input.spec.kernel[0] * input.spec.kernel[1];
  const derivation: DerivationLine[] = [];
  const notes: string[] = [];
  windows.forEach((plane, c) => {
    const all = plane.flatMap((row, i) => row.map((win, j) => ({ win, i, j })));
    const shown = shownEntries(all.length);
    if (shown.length < all.length)
      notes.push(`channel ${c + 1}: ${shown.length} of its ${all.length} windows written out`);
    for (const k of shown) {
      const e = all[k] as (typeof all)[number];
      const line = windowLine(e.win, input.spec.mode, e.i, e.j, oneD, area);
      derivation.push(windows.length > 1 ? { ...line, reason: `channel ${c + 1}: ${line.reason}` } : line);
    }
  });
  const grid = windows.map((p) => p.map((r) => r.map((w) => w.value)));
  return {
    title: `Each window's ${input.spec.mode === "max" ? "maximum" : "mean"}`,
    derivation,
    answerFields: ["output", ...(input.spec.mode === "max" && !oneD ? ["argmax"] : [])],
    tables: gridTables(grid, "y"),
    notes: [
      ...notes,
      ...(input.spec.padding[0] + input.spec.padding[1] > 0
        ? [
            input.spec.mode === "max"
              ? "padding is −∞: it never wins a window"
              : "padding is 0 and counted in each mean (PyTorch's count_include_pad)",
          ]
        : []),
    ],
  };
}

export function backwardStep(input: PoolInput, windows: PoolWindow[][][], dx: Grid): Step {
  const oneD = input.depth === 1;
  const area = input.spec.kernel[0] * input.spec.kernel[1];
  const dy = input.dLdy as Grid;
  const derivation: DerivationLine[] = [];
  windows.forEach((plane, c) => {
    const all = plane.flatMap((row, i) => row.map((win, j) => ({ win, i, j })));
    for (const k of shownEntries(all.length)) {
      const { win, i, j } = all[k] as (typeof all)[number];
      const g = ((dy[c] as Scalar[][])[i] as Scalar[])[j] as Scalar;
      const lhs = F.partial(F.sym("L"), sub("y", i, j, oneD));
      const reason =
        input.spec.mode === "max"
          ? `to x(${where(win.cells[win.arg as number] as { r: number; s: number }, oneD)}), the window's maximum`
          : `÷ ${area} to each entry of the window`;
      derivation.push({
        formula: F.eq(lhs, F.num(g)),
        reason: windows.length > 1 ? `channel ${c + 1}: ${reason}` : reason,
      });
    }
  });
  return {
    title: "Backward: each upstream gradient back to its window",
    derivation,
    answerFields: ["grad.x"],
    tables: gridTables(dx, "∂L/∂x"),
    notes: [
      input.spec.mode === "max"
        ? "max: each gradient goes to its window's maximum only (the first in reading order on a tie, " +
          "as PyTorch); where windows overlap, the gradients add"
        : "avg: each gradient is spread evenly over its window; where windows overlap, the shares add",
    ],
  };
}
