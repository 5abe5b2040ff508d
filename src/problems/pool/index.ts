// pool (SPEC 4.16): max and average pooling window by window, forward and
// backward (max routes each gradient to its window's first maximum, avg spreads it).
import type { Chart } from "../../chart.js";
import {
  type Grid,
  outSize,
  type PoolSpec,
  type PoolWindow,
  poolBackward,
  poolWindows,
} from "../../core/convolution.js";
import * as F from "../../core/formula.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { MAX_CONV_WORK } from "../../limits.js";
import type { AnswerValue, DerivationLine, Solution, Step, Value } from "../../solution.js";
import { lettered, matrixText } from "../common.js";
import { gridOf, pairOf, readArray } from "../conv/grids.js";
import { answerShape, gridTables, heatCharts, shownEntries, sizeStep, upstreamOf } from "../conv/present.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

export interface PoolInput {
  x: Grid;
  depth: number;
  spec: PoolSpec;
  dLdy?: Grid;
}

const fields: Record<string, FieldSpec> = {
  x: { kind: "raw", help: "the input: a vector (1-D), a matrix, or in JSON a C × H × W array" },
  kernel: { kind: "raw", help: "the window: a number or [h, w]" },
  stride: { kind: "raw", help: "a number or [h, w] (default the kernel)" },
  padding: { kind: "raw", help: "a number or [h, w] (default 0; −∞ for max, zeros counted for avg, as PyTorch)" },
  mode: { kind: "choice", choices: ["max", "avg"], help: "max (default) or avg" },
  dLdy: { kind: "raw", help: "the upstream gradient, shape of the output: adds the backward pass" },
};

function validate(f: Fields): PoolInput | undefined {
  const xr = readArray(f, "x", 3);
  if (!xr) {
    if (f.has("kernel") || f.has("dLdy")) throw f.missing("x", "the input to pool");
    return undefined;
  }
  if (!f.has("kernel")) throw f.missing("kernel", "the window size, such as 2");
  const x = gridOf(xr);
  const oneD = xr.depth === 1;
  const kernel = pairOf(f, "kernel", [1, 1], 1, oneD, 1);
  const stride = pairOf(f, "stride", kernel, 1, oneD, 1);
  const padding = pairOf(f, "padding", [0, 0], 0, oneD, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1])
    throw fieldError(f.label("padding"), `is more than half the kernel (${kernel.join("×")}), which PyTorch refuses`);
  const h = (x[0] as Scalar[][]).length;
  const w = ((x[0] as Scalar[][])[0] as Scalar[]).length;
  const ho = outSize(h, kernel[0], stride[0], padding[0]);
  const wo = outSize(w, kernel[1], stride[1], padding[1]);
  if (ho < 1 || wo < 1) throw fieldError(f.label("kernel"), `${kernel.join("×")} does not fit in the ${h}×${w} input`);
  const work = x.length * ho * wo * kernel[0] * kernel[1];
  if (work > MAX_CONV_WORK)
    throw new InputError(`pool: ${work} window entries, more than the ${MAX_CONV_WORK} allowed`);
  const spec: PoolSpec = { kernel, stride, padding, mode: (f.choice("mode") ?? "max") as "max" | "avg" };
  const dLdy = upstreamOf(f, x.length, ho, wo, xr.depth);
  return { x, depth: xr.depth, spec, ...(dLdy ? { dLdy } : {}) };
}

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

function windowsStep(input: PoolInput, windows: PoolWindow[][][]): Step {
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

function backwardStep(input: PoolInput, windows: PoolWindow[][][], dx: Grid): Step {
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

function solve(input: PoolInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const windows = poolWindows(input.x, input.spec);
  const out = windows.map((p) => p.map((r) => r.map((w) => w.value)));
  const answer: Record<string, AnswerValue> = { output: answerShape(out, input.depth) };
  if (input.spec.mode === "max" && input.depth > 1) {
    const arg = windows.map((p) =>
      p.map((r) =>
        r.map((w) => [
          sc.frac((w.cells[w.arg as number] as { r: number }).r + 1),
          sc.frac((w.cells[w.arg as number] as { s: number }).s + 1),
        ]),
      ),
    );
    answer.argmax = (input.depth === 2 ? arg[0] : arg) as unknown as Value;
  }
  const steps: Step[] = [
    sizeStep(input.x, input.depth, input.spec.kernel, input.spec.stride, input.spec.padding, [1, 1]),
    windowsStep(input, windows),
  ];
  if (input.dLdy) {
    const dx = poolBackward(input.x, windows, input.dLdy, input.spec);
    answer.grad = { x: answerShape(dx, input.depth) };
    steps.push(backwardStep(input, windows, dx));
  }
  const { kernel, stride, padding, mode } = input.spec;
  return {
    problem: "pool",
    title: `${mode === "max" ? "Max" : "Average"} pooling, window by window`,
    input: { mode, kernel: kernel.join("×"), stride: stride.join("×"), padding: padding.join("×") },
    summary: `${mode} pooling, kernel ${kernel.join("×")}, stride ${stride.join("×")}, padding ${padding.join("×")}`,
    steps,
    answer,
    unlisted: ["argmax"],
    warnings: [],
  };
}

function symbolicSolution(): Solution {
  const y = F.subscript(F.sym("y"), "ij");
  const x = (r: string) => F.subscript(F.sym("x"), r);
  return {
    problem: "pool",
    title: "Pooling, in symbols",
    input: {},
    steps: [
      {
        title: "Forward",
        derivation: [
          {
            formula: F.eq(y, F.call("max", x("pq"))),
            reason: "max: over the window (p, q) ∈ W(i, j) = rows s·i … s·i + k − 1",
          },
          {
            formula: F.eq(
              y,
              F.juxt(F.fracF(F.num(1), F.pow(F.sym("k"), F.num(2))), F.sumOver(F.sym("(p,q)"), x("pq"))),
            ),
            reason: "avg",
          },
          {
            formula: F.eq(
              F.subscript(F.sym("H"), "out"),
              F.plus(
                F.call(
                  "floor",
                  F.fracF(F.minus(F.plus(F.sym("H"), F.juxt(F.num(2), F.sym("p"))), F.sym("k")), F.sym("s")),
                ),
                F.num(1),
              ),
            ),
            reason: "the output size",
          },
        ],
      },
      {
        title: "Backward",
        derivation: [
          {
            formula: F.eq(F.partial(F.sym("L"), x("pq")), F.sumOver(F.sym("(i,j)"), F.partial(F.sym("L"), y))),
            reason: "max: over the windows whose maximum is x_pq",
          },
          {
            formula: F.eq(
              F.partial(F.sym("L"), x("pq")),
              F.sumOver(
                F.sym("(i,j)"),
                F.juxt(F.fracF(F.num(1), F.pow(F.sym("k"), F.num(2))), F.partial(F.sym("L"), y)),
              ),
            ),
            reason: "avg: over the windows that hold x_pq",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: PoolInput | undefined, _sol: Solution): Mistake[] {
  if (input?.spec.mode !== "max") return [];
  const avgSpec: PoolSpec = { ...input.spec, mode: "avg" };
  const avg = poolWindows(input.x, avgSpec);
  const out: Mistake[] = [
    {
      id: "avg-for-max",
      answer: {
        output: answerShape(
          avg.map((p) => p.map((r) => r.map((w) => w.value))),
          input.depth,
        ),
      },
      says: (field, v) => `your ${field} ${v} is the window's mean; max pooling takes its largest entry`,
    },
  ];
  if (input.dLdy) {
    const windows = poolWindows(input.x, input.spec);
    out.push({
      id: "gradient-to-all",
      answer: { grad: { x: answerShape(poolBackward(input.x, windows, input.dLdy, input.spec, true), input.depth) } },
      says: (field, v) =>
        `your ${field} ${v} sends each gradient to every entry of its window; max sends it to the maximum only`,
    });
  }
  return out;
}

const practice: PracticeGenerator = {
  guarantee:
    "a 4×4 input of whole numbers 0–9 with distinct maxima in every 2×2 window, and a whole-number upstream gradient",
  generate(rng: Rng) {
    for (;;) {
      const x = Array.from({ length: 4 }, () => rng.ints(4, 0, 9));
      const ok = [0, 2].every((i) =>
        [0, 2].every((j) => {
          const v = [x[i]?.[j], x[i]?.[j + 1], x[i + 1]?.[j], x[i + 1]?.[j + 1]] as number[];
          const m = Math.max(...v);
          return v.filter((e) => e === m).length === 1;
        }),
      );
      if (!ok) continue;
      const dLdy = [rng.ints(2, -3, 3), rng.ints(2, -3, 3)];
      return {
        input: { x, kernel: 2, mode: "max", dLdy },
        statement: [
          `A 2×2 max-pooling layer with stride 2 takes the input x = ${matrixText(x)}.`,
          ...lettered([
            "Compute the output, and say where each window's maximum is.",
            `Given ∂L/∂y = ${matrixText(dLdy)}, compute ∂L/∂x.`,
            "What would average pooling give instead?",
          ]),
        ],
      };
    }
  },
};

function plots(input: PoolInput | undefined, sol: Solution): Chart[] {
  if (!input) return [];
  const out = poolWindows(input.x, input.spec).map((p) => p.map((r) => r.map((w) => w.value)));
  void sol;
  return heatCharts([
    ["input x", input.x],
    ["output y", out],
  ]);
}

export const pool = defineProblem<PoolInput | undefined>({
  name: "pool",
  summary:
    "max and average pooling window by window: each window's entries and result, argmax, and the backward routing",
  fields,
  answers: {
    output: "the pooled output (C × H_out × W_out; a matrix for a matrix input, a vector for a vector)",
    argmax: "max mode: each window's maximum as a 1-based [row, column] of the input",
    grad: "with dLdy: ∂L/∂x (grad.x), shaped like x",
  },
  expectExample: `pool --x "3 2 1 1; 4 3 3 5; 0 3 0 4; 2 2 1 1" --kernel 2 --expect '{"output": [[4, 5], [3, 4]]}'`,
  examples: [
    'pool --x "3 2 1 1; 4 3 3 5; 0 3 0 4; 2 2 1 1" --kernel 2 --dLdy "1 1; 1 0"',
    'pool --x "4 3 3 5 5; 0 5 0 3 0; 1 2 1 4 0; 4 4 2 5 5; 4 2 2 4 3" --kernel 3 --stride 2',
    'pool --x "1 2 3 4; 5 6 7 8" --kernel 2 --mode avg --json',
    "pool",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "heat maps of the input and the output",
  plots,
});
