import {
  conv2d,
  type conv2dBackward,
  flipped,
  type Grid,
  type Kernel,
  kernelDims,
  padded,
  taps,
} from "../../core/convolution.js";
import { gradcheckRow } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import type { Cell, DerivationLine, Step } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import type { ConvInput } from "./input.js";
import { gridTables, shownEntries, WINDOWS_SHOWN } from "./present.js";

const sym = (base: string, idx: string) => F.subscript(F.sym(base), idx);

const idxText = (oneD: boolean, i: number, j: number) => (oneD ? `${j + 1}` : `${i + 1}${j + 1}`);

/** Each output entry as its sum of products with the numbers (a sample past 16 per channel). */
export function outputStep(input: ConvInput, y: Grid): Step {
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
      const bias = input.bias[o]!;
      if (!sc.isZero(bias)) terms.push(F.num(bias));
      const lhs = sym("y", `${y.length > 1 ? `${o + 1},` : ""}${idxText(oneD, i, j)}`);
      derivation.push({ formula: F.eq(lhs, F.plus(...terms), F.num(plane[i]![j]!)) });
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

export function backwardStep(input: ConvInput, g: ReturnType<typeof conv2dBackward>): Step {
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
      for (let j = 0; j < row.length; j++) s += sc.toNumber(row[j]!) * sc.toNumber(g[j]!);
    }
  return s;
}

export function checkStep(input: ConvInput, g: ReturnType<typeof conv2dBackward>): Step {
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
    rows.push(gradcheckRow<Cell>(`kernel[${at + 1}]`, sc.toNumber(gk[at]!), numeric, { loss: L, h }));
  }
  for (const at of pick(flatX.length)) {
    const { numeric, h } = diff("x", at);
    rows.push(gradcheckRow<Cell>(`x[${at + 1}]`, sc.toNumber(gx[at]!), numeric, { loss: L, h }));
  }
  return gradcheckStep("Finite-difference check", rows, "entry (reading order)", [
    "central differences of L = Σ ∂L/∂y ∘ y, h = 1e-6·max(1, |θ|)",
  ]);
}
