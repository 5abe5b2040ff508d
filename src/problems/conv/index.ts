// conv (SPEC 4.15): a convolution layer entry by entry, forward and backward
// (∂L/∂x as the transposed convolution, ∂L/∂kernel, ∂L/∂bias), from core's
// direct form; the tests check it against the autodiff engine and PyTorch.
import type { Chart } from "../../chart.js";
import {
  type ConvSpec,
  conv2d,
  conv2dBackward,
  flipped,
  type Grid,
  type Kernel,
  kernelDims,
  outShape,
  padded,
  taps,
} from "../../core/convolution.js";
import type { Formula } from "../../core/formula.js";
import * as F from "../../core/formula.js";
import { gradcheckRow } from "../../core/gradcheck.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError, InputError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import { MAX_CONV_WORK } from "../../limits.js";
import type { AnswerValue, Cell, DerivationLine, Solution, Step, Value } from "../../solution.js";
import { booleanField, gradcheckStep, lettered, matrixText } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator, type SolveOptions } from "../problem.js";
import { gridOf, kernelOf, pairOf, readArray } from "./grids.js";
import { answerShape, gridTables, heatCharts, shownEntries, sizeStep, upstreamOf, WINDOWS_SHOWN } from "./present.js";

export interface ConvInput {
  x: Grid;
  depth: number;
  kernel: Kernel;
  /** The kernel as given: 1 vector … 4 C_out × C_in × k × k (the output keeps C_out only for 4). */
  kernelDepth: number;
  bias: Scalar[];
  spec: ConvSpec;
  dLdy?: Grid;
}

const fields: Record<string, FieldSpec> = {
  x: { kind: "raw", help: "the input: a vector (1-D), a matrix (one channel), or in JSON a C × H × W array" },
  kernel: {
    kind: "raw",
    help: "a vector or matrix (one filter, one channel); JSON C_in × k × k (one filter) or C_out × C_in × k × k",
  },
  bias: { kind: "numberOrList", help: "a number, or one per filter (default 0)" },
  stride: { kind: "raw", help: "a number or [h, w] (default 1)" },
  padding: { kind: "raw", help: "zeros on each side: a number or [h, w] (default 0)" },
  dilation: { kind: "raw", help: "a number or [h, w] (default 1)" },
  flip: {
    kind: "raw",
    help: "true: convolution as signal processing defines it, the kernel flipped (default false: cross-correlation)",
  },
  dLdy: { kind: "raw", help: "the upstream gradient, shape of the output: adds the backward pass" },
};

const outDepthOf = (input: { depth: number; kernelDepth: number }) =>
  input.kernelDepth === 4 ? 3 : Math.min(input.depth, 2);

/** Past this many values in x and the kernel, float64 (exact fractions of a 3×64×64 layer take seconds). */
const CONV_EXACT_LIMIT = 20_000;

const floats = <T>(t: T): T => (Array.isArray(t) ? (t.map(floats) as T) : (sc.toNumber(t as Scalar) as T));

function validate(f: Fields): ConvInput | undefined {
  const xr = readArray(f, "x", 3);
  if (!xr) {
    if (f.has("kernel") || f.has("dLdy")) throw f.missing("x", "the input");
    return undefined;
  }
  const kr = readArray(f, "kernel", 4);
  if (!kr) throw f.missing("kernel", "the filter");
  const x = gridOf(xr);
  if (xr.depth === 1 && kr.depth !== 1) throw fieldError(f.label("kernel"), "a 1-D input takes a vector kernel");
  const kernel = kernelOf(kr, x.length, f.label("kernel"));
  const [cout] = kernelDims(kernel);
  const oneD = xr.depth === 1;
  const stride = pairOf(f, "stride", [1, 1], 1, oneD, 1);
  const padding = pairOf(f, "padding", [0, 0], 0, oneD, 0);
  const dilation = pairOf(f, "dilation", [1, 1], 1, oneD, 1);
  const b = f.numberOrList("bias");
  const bias =
    b === undefined
      ? Array.from({ length: cout }, () => sc.frac(0))
      : Array.isArray(b)
        ? b
        : Array.from({ length: cout }, () => b);
  if (bias.length !== cout)
    throw fieldError(f.label("bias"), `has ${bias.length} values for ${cout} filter${cout === 1 ? "" : "s"}`);
  const spec: ConvSpec = { stride, padding, dilation, flip: booleanField(f, "flip", false) };
  const [ho, wo] = outShape(x, kernel, spec);
  if (ho < 1 || wo < 1) throw fieldError(f.label("kernel"), "does not fit in the padded input with this dilation");
  const [, cin, kh, kw] = kernelDims(kernel);
  const work = cout * ho * wo * cin * kh * kw;
  if (work > MAX_CONV_WORK) throw new InputError(`conv: ${work} multiply-adds, more than the ${MAX_CONV_WORK} allowed`);
  const big = work > CONV_EXACT_LIMIT;
  const input = {
    x: big ? floats(x) : x,
    depth: xr.depth,
    kernel: big ? floats(kernel) : kernel,
    kernelDepth: kr.depth,
    bias,
    spec,
  };
  const dLdy = upstreamOf(f, cout, ho, wo, outDepthOf(input));
  return { ...input, ...(dLdy ? { dLdy: big ? floats(dLdy) : dLdy } : {}) };
}

const sym = (base: string, idx: string) => F.subscript(F.sym(base), idx);
const idxText = (oneD: boolean, i: number, j: number) => (oneD ? `${j + 1}` : `${i + 1}${j + 1}`);

/** Each output entry as its sum of products with the numbers (a sample past 16 per channel). */
function outputStep(input: ConvInput, y: Grid): Step {
  const oneD = input.depth === 1;
  const k = input.spec.flip ? flipped(input.kernel) : input.kernel;
  const [, cin, kh, kw] = kernelDims(k);
  const xp = padded(input.x, input.spec.padding);
  const derivation: DerivationLine[] = [];
  const notes: string[] = [];
  y.forEach((plane, o) => {
    const all = plane.flatMap((row, i) => row.map((_, j) => ({ i, j })));
    const shown = shownEntries(all.length);
    if (shown.length < all.length)
      notes.push(
        `${shown.length} of the ${all.length} entries${y.length > 1 ? ` of filter ${o + 1}` : ""} written out`,
      );
    for (const s of shown) {
      const { i, j } = all[s] as { i: number; j: number };
      const terms: Formula[] = taps(cin, kh, kw, input.spec, i, j).map((t) =>
        F.times(
          F.num((((k[o] as Kernel[number])[t.c] as Scalar[][])[t.ki] as Scalar[])[t.kj] as Scalar),
          F.num(((xp[t.c] as Scalar[][])[t.r] as Scalar[])[t.s] as Scalar),
        ),
      );
      const bias = input.bias[o] as Scalar;
      if (!sc.isZero(bias)) terms.push(F.num(bias));
      const lhs = sym("y", `${y.length > 1 ? `${o + 1},` : ""}${idxText(oneD, i, j)}`);
      derivation.push({ formula: F.eq(lhs, F.plus(...terms), F.num((plane[i] as Scalar[])[j] as Scalar)) });
    }
  });
  return {
    title: `Each output entry: the kernel${input.spec.flip ? " (flipped)" : ""} times the window under it, summed`,
    derivation,
    answerFields: ["output"],
    tables: gridTables(y, "y"),
    notes: [
      ...notes,
      input.spec.flip
        ? "flip: the kernel is turned 180° first — convolution as signal processing defines it"
        : "cross-correlation, as deep-learning layers compute it (torch.nn.Conv2d); " +
          "--flip true turns the kernel 180° (convolution proper)",
    ],
  };
}

/**
 * For one filter on one channel with at most 16 entries each: every ∂L/∂k_ab and ∂L/∂x_pq as its sum over the
 * outputs, with the numbers (the engine-free form of the same sums the tables hold).
 */
function backwardSums(input: ConvInput, g: ReturnType<typeof conv2dBackward>): DerivationLine[] {
  const k = input.spec.flip ? flipped(input.kernel) : input.kernel;
  const [cout, cin, kh, kw] = kernelDims(k);
  const dy = input.dLdy as Grid;
  const ho = (dy[0] as Scalar[][]).length;
  const wo = ((dy[0] as Scalar[][])[0] as Scalar[]).length;
  const nx = input.x[0]?.flat().length ?? 0;
  if (cout !== 1 || cin !== 1 || kh * kw > WINDOWS_SHOWN || nx > WINDOWS_SHOWN) return [];
  const oneD = input.depth === 1;
  const xp = padded(input.x, input.spec.padding);
  const at = (t: Grid, i: number, j: number) => ((t[0] as Scalar[][])[i] as Scalar[])[j] as Scalar;
  const dk: Array<Formula[]> = Array.from({ length: kh * kw }, () => []);
  const dx = new Map<string, Formula[]>();
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (const t of taps(1, kh, kw, input.spec, i, j)) {
        const gy = F.num(at(dy, i, j));
        (dk[t.ki * kw + t.kj] as Formula[]).push(F.times(gy, F.num(at(xp, t.r, t.s))));
        const r = t.r - input.spec.padding[0];
        const c = t.s - input.spec.padding[1];
        if (
          r < 0 ||
          c < 0 ||
          r >= (input.x[0] as Scalar[][]).length ||
          c >= ((input.x[0] as Scalar[][])[0] as Scalar[]).length
        )
          continue;
        const key = `${r},${c}`;
        dx.set(key, [
          ...(dx.get(key) ?? []),
          F.times(gy, F.num(((k[0] as Kernel[number])[0] as Scalar[][])[t.ki]?.[t.kj] as Scalar)),
        ]);
      }
  const lines: DerivationLine[] = [];
  const gk = input.spec.flip ? flipped(g.kernel) : g.kernel;
  dk.forEach((terms, n) => {
    const a = Math.floor(n / kw);
    const b = n % kw;
    const value = ((gk[0] as Kernel[number])[0] as Scalar[][])[a]?.[b] as Scalar;
    lines.push({ formula: F.eq(F.partial(F.sym("L"), sym("k", idxText(oneD, a, b))), F.plus(...terms), F.num(value)) });
  });
  const rc = (key: string) => key.split(",").map(Number) as [number, number];
  const sorted = [...dx].sort((p, q) => rc(p[0])[0] - rc(q[0])[0] || rc(p[0])[1] - rc(q[0])[1]);
  for (const [key, terms] of sorted) {
    const [r, c] = rc(key);
    lines.push({
      formula: F.eq(F.partial(F.sym("L"), sym("x", idxText(oneD, r, c))), F.plus(...terms), F.num(at(g.x, r, c))),
    });
  }
  if (input.spec.flip)
    lines.push({ formula: F.text("(with flip: the sums are over the flipped kernel; ∂L/∂k is flipped back)") });
  return lines;
}

function backwardStep(input: ConvInput, g: ReturnType<typeof conv2dBackward>): Step {
  const dy = input.dLdy as Grid;
  const derivation: DerivationLine[] = [
    ...backwardSums(input, g),
    {
      formula: F.eq(
        F.partial(F.sym("L"), F.sym("b")),
        F.plus(
          ...dy
            .flat(2)
            .slice(0, 16)
            .map((v) => F.num(v)),
        ),
        F.num(sc.sum(g.bias)),
      ),
      reason: "∂L/∂bias = Σ ∂L/∂y",
    },
  ];
  return {
    title: "Backward: ∂L/∂x (the transposed convolution), ∂L/∂kernel (x correlated with ∂L/∂y), ∂L/∂bias",
    derivation,
    answerFields: ["grad.x", "grad.kernel", "grad.bias"],
    tables: [
      ...gridTables(g.x, "∂L/∂x"),
      ...g.kernel.flatMap((o, n) => gridTables(o, g.kernel.length > 1 ? `∂L/∂k, filter ${n + 1}` : "∂L/∂k")),
    ],
    notes: [
      "∂L/∂x_pq = Σ over the outputs whose window holds x_pq of ∂L/∂y·(the kernel entry over x_pq)",
      "∂L/∂k_ab = Σᵢⱼ ∂L/∂yᵢⱼ · x_pad(i·s + a·d, j·s + b·d)",
    ],
  };
}

/** L = Σ dLdy ∘ y at floats, for the finite differences. */
function lossAt(input: ConvInput, x: Grid, k: Kernel, bias: Scalar[]): number {
  const y = conv2d(x, k, bias, input.spec);
  const dy = input.dLdy as Grid;
  let s = 0;
  for (let o = 0; o < y.length; o++)
    for (let i = 0; i < (y[o] as Scalar[][]).length; i++) {
      const row = (y[o] as Scalar[][])[i] as Scalar[];
      const g = (dy[o] as Scalar[][])[i] as Scalar[];
      for (let j = 0; j < row.length; j++) s += sc.toNumber(row[j] as Scalar) * sc.toNumber(g[j] as Scalar);
    }
  return s;
}

function checkStep(input: ConvInput, g: ReturnType<typeof conv2dBackward>): Step {
  const toF = <T>(t: T): T => JSON.parse(JSON.stringify(t, (_k, v) => (sc.isFraction(v) ? sc.toNumber(v) : v)));
  const x = toF(input.x);
  const k = toF(input.kernel);
  const bias = input.bias.map(sc.toNumber);
  const L = lossAt(input, x, k, bias);
  const rows = [];
  const flatK = k.flat(3) as number[];
  const flatX = x.flat(2) as number[];
  const gk = g.kernel.flat(3) as Scalar[];
  const gx = g.x.flat(2) as Scalar[];
  const pick = (n: number) => Array.from(new Set([0, Math.floor(n / 2), n - 1]));
  const diff = (which: "k" | "x", at: number) => {
    const arr = which === "k" ? flatK : flatX;
    const v = arr[at] as number;
    const h = 1e-6 * Math.max(1, Math.abs(v));
    const with_ = (d: number) => {
      const copy = arr.slice();
      copy[at] = v + d;
      let n = 0;
      const rebuild = (t: unknown): unknown => (Array.isArray(t) ? t.map(rebuild) : copy[n++]);
      return rebuild(which === "k" ? k : x);
    };
    const f = (d: number) =>
      which === "k" ? lossAt(input, x, with_(d) as Kernel, bias) : lossAt(input, with_(d) as Grid, k, bias);
    return { numeric: (f(h) - f(-h)) / (2 * h), h };
  };
  for (const at of pick(flatK.length)) {
    const { numeric, h } = diff("k", at);
    rows.push(gradcheckRow<Cell>(`kernel[${at + 1}]`, sc.toNumber(gk[at] as Scalar), numeric, { loss: L, h }));
  }
  for (const at of pick(flatX.length)) {
    const { numeric, h } = diff("x", at);
    rows.push(gradcheckRow<Cell>(`x[${at + 1}]`, sc.toNumber(gx[at] as Scalar), numeric, { loss: L, h }));
  }
  return gradcheckStep("Finite-difference check", rows, "entry (reading order)", [
    "central differences of L = Σ ∂L/∂y ∘ y, h = 1e-6·max(1, |θ|)",
  ]);
}

function solve(input: ConvInput | undefined, options?: SolveOptions): Solution {
  if (!input) return symbolicSolution();
  const y = conv2d(input.x, input.kernel, input.bias, input.spec);
  const outDepth = outDepthOf(input);
  const answer: Record<string, AnswerValue> = { output: answerShape(y, outDepth) };
  const steps: Step[] = [
    sizeStep(
      input.x,
      input.depth,
      [kernelDims(input.kernel)[2], kernelDims(input.kernel)[3]],
      input.spec.stride,
      input.spec.padding,
      input.spec.dilation,
    ),
  ];
  if (input.spec.padding[0] + input.spec.padding[1] > 0)
    steps.push({
      title: "The input padded with zeros",
      tables: gridTables(padded(input.x, input.spec.padding), "x_pad"),
    });
  if (options?.steps !== false) steps.push(outputStep(input, y));
  if (input.dLdy) {
    const g = conv2dBackward(input.x, input.kernel, input.dLdy, input.spec);
    const kernelOut = (input.kernelDepth === 1
      ? g.kernel[0]?.[0]?.[0]
      : input.kernelDepth === 2
        ? g.kernel[0]?.[0]
        : input.kernelDepth === 3
          ? g.kernel[0]
          : g.kernel) as unknown as Value;
    answer.grad = {
      x: answerShape(g.x, input.depth),
      kernel: kernelOut,
      bias: (g.bias.length === 1 ? g.bias[0] : g.bias) as Value,
    };
    if (options?.steps !== false) steps.push(backwardStep(input, g), checkStep(input, g));
  }
  const [cout, cin, kh, kw] = kernelDims(input.kernel);
  const { stride, padding, dilation } = input.spec;
  return {
    problem: "conv",
    title: `A ${input.depth === 1 ? "1-D " : ""}convolution, entry by entry`,
    input: {
      stride: stride.join("×"),
      padding: padding.join("×"),
      dilation: dilation.join("×"),
      flip: input.spec.flip,
    },
    summary:
      `${cout} filter${cout === 1 ? "" : "s"} of ${cin}×${kh}×${kw}, stride ${stride.join("×")}, ` +
      `padding ${padding.join("×")}, dilation ${dilation.join("×")}, ` +
      (input.spec.flip ? "flipped (convolution)" : "cross-correlation"),
    steps,
    answer,
    warnings: [],
  };
}

function symbolicSolution(): Solution {
  const y = F.subscript(F.sym("y"), "ij");
  return {
    problem: "conv",
    title: "A convolution layer, in symbols",
    input: {},
    steps: [
      {
        title: "Forward (cross-correlation)",
        derivation: [
          {
            formula: F.eq(
              y,
              F.plus(
                F.sumOver(
                  F.sym("a,b"),
                  F.juxt(F.subscript(F.sym("k"), "ab"), F.subscript(F.sym("x"), "(si+da)(sj+db)")),
                ),
                F.sym("b"),
              ),
            ),
            reason: "each output: the kernel times the window under it",
          },
          {
            formula: F.eq(
              F.subscript(F.sym("H"), "out"),
              F.plus(
                F.call(
                  "floor",
                  F.fracF(
                    F.minus(
                      F.minus(
                        F.plus(F.sym("H"), F.juxt(F.num(2), F.sym("p"))),
                        F.juxt(F.sym("d"), F.paren(F.minus(F.sym("k"), F.num(1)))),
                      ),
                      F.num(1),
                    ),
                    F.sym("s"),
                  ),
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
            formula: F.eq(
              F.partial(F.sym("L"), F.subscript(F.sym("k"), "ab")),
              F.sumOver(F.sym("i,j"), F.juxt(F.partial(F.sym("L"), y), F.subscript(F.sym("x"), "(si+da)(sj+db)"))),
            ),
            reason: "x correlated with ∂L/∂y",
          },
          {
            formula: F.eq(F.partial(F.sym("L"), F.sym("b")), F.sumOver(F.sym("i,j"), F.partial(F.sym("L"), y))),
            reason: "the bias",
          },
          {
            formula: F.eq(
              F.partial(F.sym("L"), F.subscript(F.sym("x"), "pq")),
              F.sumOver(F.sym("i,j"), F.juxt(F.partial(F.sym("L"), y), F.subscript(F.sym("k"), "(p-si)(q-sj)"))),
            ),
            reason: "the transposed convolution (stride 1, no dilation shown)",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: ConvInput | undefined, _sol: Solution): Mistake[] {
  if (!input) return [];
  const outDepth = outDepthOf(input);
  const other = { ...input.spec, flip: !input.spec.flip };
  const out: Mistake[] = [
    {
      id: "flipped-kernel",
      answer: { output: answerShape(conv2d(input.x, input.kernel, input.bias, other), outDepth) },
      says: (field, v) =>
        input.spec.flip
          ? `your ${field} ${v} is the cross-correlation; --flip asks for convolution, the kernel turned 180° first`
          : `your ${field} ${v} is the convolution with the kernel flipped; ` +
            "deep-learning layers cross-correlate, the kernel as given",
    },
  ];
  if (input.spec.padding[0] + input.spec.padding[1] > 0) {
    const spec = { ...input.spec, padding: [0, 0] as [number, number] };
    const [ho, wo] = outShape(input.x, input.kernel, spec);
    if (ho > 0 && wo > 0)
      out.push({
        id: "no-padding",
        answer: { output: answerShape(conv2d(input.x, input.kernel, input.bias, spec), outDepth) },
        says: (field, v) =>
          `your ${field} ${v} leaves out the padding; pad with ${input.spec.padding.join("×")} zeros first`,
      });
  }
  return out;
}

const practice: PracticeGenerator = {
  guarantee: "a 4×4 image and a 2×2 kernel of whole numbers from −2 to 3, so every output is a small whole number",
  generate(rng: Rng) {
    const x = Array.from({ length: 4 }, () => rng.ints(4, 0, 3));
    const kernel = [rng.ints(2, -2, 2), rng.ints(2, -2, 2)];
    const dLdy = Array.from({ length: 3 }, () => rng.ints(3, -1, 1));
    return {
      input: { x, kernel, dLdy },
      statement: [
        "A convolution layer (cross-correlation, stride 1, no padding) applies the kernel " +
          `k = ${matrixText(kernel)} to the image x = ${matrixText(x)}.`,
        ...lettered([
          "Give the output's size and compute every output entry.",
          `Given ∂L/∂y = ${matrixText(dLdy)}, compute ∂L/∂k and ∂L/∂bias.`,
          "Compute ∂L/∂x.",
        ]),
      ],
    };
  },
};

function plots(input: ConvInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const y = conv2d(input.x, input.kernel, input.bias, input.spec);
  return heatCharts([
    ["input x", input.x],
    ["kernel", input.kernel[0] as Grid],
    ["output y", y],
  ]);
}

export const conv = defineProblem<ConvInput | undefined>({
  name: "conv",
  summary:
    "a convolution layer entry by entry: the output size, each output as its sum of products, and backward " +
    "∂L/∂x (the transposed convolution), ∂L/∂kernel, ∂L/∂bias",
  fields,
  answers: {
    output: "the output ([C_out,] H_out, W_out; the channel axis dropped for one filter on a matrix)",
    grad: "with dLdy: ∂L/∂x, ∂L/∂kernel, ∂L/∂bias (grad.x, grad.kernel, grad.bias)",
  },
  expectExample:
    'conv --x "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15" --kernel "1/4 1/4; 1/4 1/4" ' +
    `--expect '{"output": [[2.5, 3.5, 4.5], [6.5, 7.5, 8.5], [10.5, 11.5, 12.5]]}'`,
  examples: [
    'conv --x "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15" --kernel "1/4 1/4; 1/4 1/4"',
    "conv --x 2,0,1,-3,1,0,2 --kernel 1,1,0 --bias 0.5 --dLdy -2,-1,-2,-2,1",
    'conv --x "4 8 6 4; 6 1 8 3; 5 6 1 7; 9 8 7 0" --kernel "-1 -2; -2 -2" --padding 1 --stride 2 --json',
    "conv",
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "heat maps of the input, the kernel and the output",
  plots,
});
