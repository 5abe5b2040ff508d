// Convolution and pooling entry by entry (SPEC 4.15, 4.16), in exact
// arithmetic where the inputs are rational: forward, and backward as the
// transposed convolution and the pooling's routing. Values are C × H × W grids
// (a 1-D signal is 1 × 1 × W, a matrix 1 × H × W); kernels C_out × C_in × k_h × k_w.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export type Grid = Scalar[][][];
export type Kernel = Scalar[][][][];
export type Pair = [number, number];

export interface ConvSpec {
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  /** Convolution as signal processing defines it: the kernel flipped on both spatial axes. */
  flip: boolean;
}

/** ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1, PyTorch's output size; ≤ 0 when the kernel does not fit. */
export const outSize = (n: number, k: number, s: number, p: number, d = 1): number =>
  Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

const zero = () => sc.frac(0);
const dims = (g: Grid): [number, number, number] => [
  g.length,
  (g[0] as Scalar[][]).length,
  ((g[0] as Scalar[][])[0] as Scalar[]).length,
];
export const kernelDims = (w: Kernel): [number, number, number, number] => {
  const k = (w[0] as Kernel[number])[0] as Scalar[][];
  return [w.length, (w[0] as Kernel[number]).length, k.length, k[0]!.length];
};
export const zerosGrid = (c: number, h: number, w: number): Grid =>
  Array.from({ length: c }, () => Array.from({ length: h }, () => Array.from({ length: w }, zero)));

/** The kernel flipped on its spatial axes. */
export const flipped = (w: Kernel): Kernel =>
  w.map((o) =>
    o.map((k) =>
      k
        .slice()
        .reverse()
        .map((row) => row.slice().reverse()),
    ),
  );

/** The input with p zeros on each side of each spatial axis. */
export function padded(x: Grid, p: Pair): Grid {
  const [, h, w] = dims(x);
  return x.map((ch) =>
    Array.from({ length: h + 2 * p[0] }, (_, i) =>
      Array.from({ length: w + 2 * p[1] }, (_, j) => {
        const r = i - p[0];
        const c = j - p[1];
        return r >= 0 && r < h && c >= 0 && c < w ? ch[r]![c]! : zero();
      }),
    ),
  );
}

export interface Tap {
  c: number;
  /** Row and column in the padded input. */
  r: number;
  s: number;
  /** The kernel's row and column (of the effective kernel: flipped when flip). */
  ki: number;
  kj: number;
}

/** The products that make output entry (o, i, j): each tap of the kernel over the padded input. */
export function taps(cin: number, kh: number, kw: number, spec: ConvSpec, i: number, j: number): Tap[] {
  const out: Tap[] = [];
  for (let c = 0; c < cin; c++)
    for (let a = 0; a < kh; a++)
      for (let b = 0; b < kw; b++)
        out.push({
          c,
          r: i * spec.stride[0] + a * spec.dilation[0],
          s: j * spec.stride[1] + b * spec.dilation[1],
          ki: a,
          kj: b,
        });
  return out;
}

export function outShape(x: Grid, w: Kernel, spec: ConvSpec): Pair {
  const [, h, wd] = dims(x);
  const [, , kh, kw] = kernelDims(w);
  return [
    outSize(h, kh, spec.stride[0], spec.padding[0], spec.dilation[0]),
    outSize(wd, kw, spec.stride[1], spec.padding[1], spec.dilation[1]),
  ];
}

/**
 * y[o][i][j] = b[o] + Σ_c,a,b w[o][c][a][b]·x_pad[c][i·s + a·d][j·s + b·d]: cross-correlation (with
 * flip, the flipped kernel).
 */
export function conv2d(x: Grid, w: Kernel, bias: readonly Scalar[], spec: ConvSpec): Grid {
  const xp = padded(x, spec.padding);
  const k = spec.flip ? flipped(w) : w;
  const [cout, cin, kh, kw] = kernelDims(k);
  const [ho, wo] = outShape(x, w, spec);
  if (allFloats(x) && allFloats(k))
    return conv2dFloat(floatGrid(xp), floatGrid(k), bias.map(sc.toNumber), spec, [ho, wo]);
  const tapsAt = (i: number, j: number) => taps(cin, kh, kw, spec, i, j);
  return Array.from({ length: cout }, (_, o) =>
    Array.from({ length: ho }, (_, i) =>
      Array.from({ length: wo }, (_, j) => {
        let acc = bias[o]!;
        for (const t of tapsAt(i, j))
          acc = sc.add(
            acc,
            sc.mul(
              (((k[o] as Kernel[number])[t.c] as Scalar[][])[t.ki] as Scalar[])[t.kj] as Scalar,
              ((xp[t.c] as Scalar[][])[t.r] as Scalar[])[t.s] as Scalar,
            ),
          );
        return acc;
      }),
    ),
  );
}

/** Whether every entry is a float64 number (inputs past the exact limit): the loops below then need no Scalars. */
const allFloats = (t: readonly unknown[]): boolean =>
  t.every((e) => (Array.isArray(e) ? allFloats(e) : typeof e === "number"));

/** Every entry as a float64 number (exact zeros of the padding become 0). */
const floatGrid = <T>(t: T): T => (Array.isArray(t) ? (t.map(floatGrid) as T) : (sc.toNumber(t as Scalar) as T));

/**
 * conv2d on float64 entries: the same sums in the same order as the Scalar loop (bias, then each tap by
 * channel, kernel row, kernel column), so the same bits, without a Scalar call or a tap object per product.
 */
function conv2dFloat(xp: Grid, k: Kernel, bias: readonly number[], spec: ConvSpec, [ho, wo]: Pair): Grid {
  const [s0, s1] = spec.stride;
  const [d0, d1] = spec.dilation;
  return k.map((filter, o) =>
    Array.from({ length: ho }, (_, i) => {
      const row = new Array<number>(wo);
      for (let j = 0; j < wo; j++) {
        let acc = bias[o] as number;
        filter.forEach((plane, c) => {
          const xc = xp[c] as number[][];
          plane.forEach((kr, a) => {
            const xr = xc[i * s0 + a * d0] as number[];
            const krow = kr as number[];
            for (let b = 0; b < krow.length; b++) acc += (krow[b] as number) * (xr[j * s1 + b * d1] as number);
          });
        });
        row[j] = acc;
      }
      return row;
    }),
  );
}

/** conv2dBackward's sums on float64 entries, in its order (position by position, tap by tap): the same bits. */
function backwardFloat(xp: Grid, k: Kernel, dy: Grid, spec: ConvSpec, dxp: Grid, dk: Kernel): number[] {
  const [s0, s1] = spec.stride;
  const [d0, d1] = spec.dilation;
  const db = (dy as number[][][]).map((plane) => {
    let sum = 0;
    for (const row of plane) for (const g of row) sum += g;
    return sum;
  });
  (dy as number[][][]).forEach((plane, o) => {
    const filter = k[o] as number[][][];
    const dfilter = dk[o] as number[][][];
    plane.forEach((row, i) => {
      row.forEach((g, j) => {
        filter.forEach((kc, c) => {
          const xc = xp[c] as number[][];
          const dxc = dxp[c] as number[][];
          const dkc = dfilter[c] as number[][];
          kc.forEach((kr, a) => {
            const r = i * s0 + a * d0;
            const [xr, dxr, dkr] = [xc[r] as number[], dxc[r] as number[], dkc[a] as number[]];
            for (let b = 0; b < kr.length; b++) {
              const s = j * s1 + b * d1;
              dxr[s] = (dxr[s] as number) + g * (kr[b] as number);
              dkr[b] = (dkr[b] as number) + g * (xr[s] as number);
            }
          });
        });
      });
    });
  });
  return db;
}

export interface ConvGrads {
  x: Grid;
  /** With respect to the kernel as given (flipped back when flip). */
  kernel: Kernel;
  bias: Scalar[];
}

/** ∂L/∂x (the transposed convolution), ∂L/∂kernel (x correlated with ∂L/∂y) and ∂L/∂bias (Σ ∂L/∂y). */
export function conv2dBackward(x: Grid, w: Kernel, dy: Grid, spec: ConvSpec): ConvGrads {
  const k = spec.flip ? flipped(w) : w;
  const [cout, cin, kh, kw] = kernelDims(k);
  const [c, h, wd] = dims(x);
  const xp = padded(x, spec.padding);
  const dxp = zerosGrid(c, h + 2 * spec.padding[0], wd + 2 * spec.padding[1]);
  const dk: Kernel = Array.from({ length: cout }, () => zerosGrid(cin, kh, kw));
  if (allFloats(x) && allFloats(k) && allFloats(dy)) {
    const [fdx, fdk] = [floatGrid(dxp), floatGrid(dk)];
    const fdb = backwardFloat(floatGrid(xp), floatGrid(k), dy, spec, fdx, fdk);
    return gradsOf(fdx, fdk, fdb, spec, h, wd);
  }
  const db: Scalar[] = Array.from({ length: cout }, zero);
  dy.forEach((plane, o) => {
    plane.forEach((row, i) => {
      row.forEach((g, j) => {
        db[o] = sc.add(db[o]!, g);
        for (const t of taps(cin, kh, kw, spec, i, j)) {
          const dxr = dxp[t.c]?.[t.r] as Scalar[];
          dxr[t.s] = sc.add(
            dxr[t.s]!,
            sc.mul(g, (((k[o] as Kernel[number])[t.c] as Scalar[][])[t.ki] as Scalar[])[t.kj] as Scalar),
          );
          const dkr = (dk[o] as Kernel[number])[t.c]?.[t.ki] as Scalar[];
          dkr[t.kj] = sc.add(dkr[t.kj]!, sc.mul(g, ((xp[t.c] as Scalar[][])[t.r] as Scalar[])[t.s] as Scalar));
        }
      });
    });
  });
  return gradsOf(dxp, dk, db, spec, h, wd);
}

/** The gradients as the answer gives them: ∂L/∂x without its padding, ∂L/∂kernel for the kernel as given. */
function gradsOf(dxp: Grid, dk: Kernel, db: Scalar[], spec: ConvSpec, h: number, wd: number): ConvGrads {
  const dx = dxp.map((ch) =>
    ch.slice(spec.padding[0], spec.padding[0] + h).map((row) => row.slice(spec.padding[1], spec.padding[1] + wd)),
  );
  return { x: dx, kernel: spec.flip ? flipped(dk) : dk, bias: db };
}

// ---------------------------------------------------------------- pooling

export interface PoolSpec {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  mode: "max" | "avg";
}

export interface PoolWindow {
  /** Input positions (row, column, unpadded; outside the input for padding) in reading order. */
  cells: Array<{ r: number; s: number; v: Scalar | null }>;
  value: Scalar;
  /** max: the index in `cells` of the first maximum. */
  arg?: number;
}

/** Every window of channel c: max over the entries inside the input (padding is −∞), or their sum over k_h·k_w. */
export function poolWindows(x: Grid, spec: PoolSpec): PoolWindow[][][] {
  const [, h, w] = dims(x);
  const ho = outSize(h, spec.kernel[0], spec.stride[0], spec.padding[0]);
  const wo = outSize(w, spec.kernel[1], spec.stride[1], spec.padding[1]);
  const area = sc.frac(spec.kernel[0] * spec.kernel[1]);
  return x.map((ch) =>
    Array.from({ length: ho }, (_, i) =>
      Array.from({ length: wo }, (_, j) => {
        const cells: PoolWindow["cells"] = [];
        for (let a = 0; a < spec.kernel[0]; a++)
          for (let b = 0; b < spec.kernel[1]; b++) {
            const r = i * spec.stride[0] + a - spec.padding[0];
            const s = j * spec.stride[1] + b - spec.padding[1];
            const inside = r >= 0 && r < h && s >= 0 && s < w;
            cells.push({ r, s, v: inside ? ch[r]![s]! : null });
          }
        if (spec.mode === "avg") {
          const sum = sc.sum(cells.map((c) => c.v ?? sc.frac(0)));
          return { cells, value: sc.div(sum, area) };
        }
        let arg = -1;
        cells.forEach((c, k) => {
          if (c.v !== null && (arg < 0 || sc.sign(sc.sub(c.v, cells[arg]?.v as Scalar)) > 0)) arg = k;
        });
        return { cells, value: cells[arg]?.v as Scalar, arg };
      }),
    ),
  );
}

/** ∂L/∂x: max routes each upstream entry to its window's maximum, avg spreads it over k_h·k_w; overlaps add. */
export function poolBackward(x: Grid, windows: PoolWindow[][][], dy: Grid, spec: PoolSpec, toAll = false): Grid {
  const [c, h, w] = dims(x);
  const dx = zerosGrid(c, h, w);
  const area = sc.frac(spec.kernel[0] * spec.kernel[1]);
  for (let ch = 0; ch < windows.length; ch++) {
    const plane = windows[ch] as PoolWindow[][];
    for (let i = 0; i < plane.length; i++) {
      const row = plane[i] as PoolWindow[];
      for (let j = 0; j < row.length; j++) {
        const win = row[j] as PoolWindow;
        const g = ((dy[ch] as Scalar[][])[i] as Scalar[])[j] as Scalar;
        win.cells.forEach((cell, k) => {
          if (cell.v === null) return;
          const share = spec.mode === "avg" ? sc.div(g, area) : toAll || k === win.arg ? g : undefined;
          if (share === undefined) return;
          const r = (dx[ch] as Scalar[][])[cell.r] as Scalar[];
          r[cell.s] = sc.add(r[cell.s]!, share);
        });
      }
    }
  }
  return dx;
}
