// rnn's fields (SPEC 4.18) and what validate() makes of them: the sequence,
// the cell's weights (gate blocks for LSTM and GRU), the output layer and the loss.
import type { ActivationName } from "../../core/activations.js";
import type { Tensor } from "../../core/autodiff.js";
import { type Cell, GATES, type RecurrentShape } from "../../core/network.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields, NumberVectorOrMatrix } from "../../input/fields.js";
import { MAX_RNN_ANSWER_WORK, MAX_RNN_WORK } from "../../limits.js";
import { refuseWork, type WorkLimits } from "../common.js";

export interface RnnInput {
  shape: RecurrentShape;
  /** H, F, O (O = 0 without an output layer). */
  sizes: { H: number; F: number; O: number };
  /** The engine's inputs by name: the weights (per gate block), h0, c0, x1…xT, the targets or dLdh. */
  values: Map<string, Tensor>;
  /** The weights as given, for the echo and to put gate blocks back together. */
  echo: Record<string, Tensor | string>;
  /** Multiply-adds of one forward pass: solve refuses a worked solution past MAX_RNN_WORK. */
  work: number;
}

export const RNN_WORK: WorkLimits = {
  what: "multiply-adds per forward pass (T × gates·H·(F + H))",
  worked: MAX_RNN_WORK,
  answers: MAX_RNN_ANSWER_WORK,
};

export const fields: Record<string, FieldSpec> = {
  x: { kind: "vectorOrMatrix", help: "the sequence: a vector of T numbers, or a T × F matrix (rows = time steps)" },
  Wx: {
    kind: "numberVectorOrMatrix",
    help: "input weights, H × F (a number when H = F = 1; 4H rows for lstm, 3H for gru)",
  },
  Wh: { kind: "numberVectorOrMatrix", help: "recurrent weights, H × H (4H × H for lstm, 3H × H for gru)" },
  b: { kind: "numberVectorOrMatrix", help: "the bias, H (4H, 3H for lstm, gru; default 0)" },
  h0: { kind: "numberVectorOrMatrix", help: "the initial hidden state (default 0)" },
  c0: { kind: "numberVectorOrMatrix", help: "lstm's initial cell state (default 0)" },
  Wy: { kind: "numberVectorOrMatrix", help: "output weights, O × H (optional: without them the output is h)" },
  by: { kind: "numberVectorOrMatrix", help: "the output bias (default 0)" },
  activation: {
    kind: "choice",
    choices: ["tanh", "relu", "sigmoid", "identity"],
    help: "the vanilla cell's activation (default tanh)",
  },
  y: { kind: "numberVectorOrMatrix", help: "the target at the last step; a T × O matrix with --loss-at every" },
  loss: { kind: "choice", choices: ["half-squared", "squared"], help: "½Σ(ŷ − y)² (default) or Σ(ŷ − y)²" },
  lossAt: {
    kind: "choice",
    choices: ["last", "every"],
    flag: "loss-at",
    help: "the loss at the last step (default) or summed over every step",
  },
  dLdh: { kind: "numberVectorOrMatrix", help: "instead of y: the upstream gradient ∂L/∂h_T at the last hidden state" },
  cell: {
    kind: "choice",
    choices: ["rnn", "lstm", "gru"],
    help: "rnn (default); lstm (gates i, f, g, o as PyTorch); gru (r, z, n as PyTorch; b is b_ih, b_hh taken as 0)",
  },
};

type Nvm = NumberVectorOrMatrix;
const rowsOf = (v: Nvm): Scalar[][] =>
  v.kind === "matrix" ? v.m : v.kind === "vector" ? v.v.map((e) => [e]) : [[v.n]];
const vecOf = (v: Nvm | undefined, n: number, label: string, what: string): Scalar[] => {
  if (!v) return Array.from({ length: n }, () => sc.frac(0));
  if (v.kind === "number") return Array.from({ length: n }, () => v.n);
  if (v.kind === "matrix") throw fieldError(label, `expected ${what}: a vector of ${n}`);
  if (v.v.length !== n) throw fieldError(label, `has ${v.v.length} values; ${what} has ${n}`);
  return v.v;
};

/** A matrix of `rows` × `cols` from a field; a vector is a column when cols = 1, a row when rows = 1. */
function matrixOf(f: Fields, name: string, rows: number, cols: number, what: string): Scalar[][] {
  const v = f.numberVectorOrMatrix(name) as Nvm;
  let m: Scalar[][];
  if (v.kind === "vector" && rows === 1) m = [v.v];
  else m = rowsOf(v);
  const r = m.length;
  const c = m[0]!.length;
  if (r !== rows || c !== cols) throw fieldError(f.label(name), `is ${r}×${c}, but ${what} needs ${rows}×${cols}`);
  return m;
}

/** The output layer's Wy and by as the engine's inputs; O, or 0 without one. */
function outputInto(f: Fields, values: Map<string, Tensor>, H: number, scalar: boolean): number {
  let O = 0;
  const wy = f.numberVectorOrMatrix("Wy");
  if (f.has("by") && !wy) throw fieldError(f.label("by"), "goes with --Wy, the output layer");
  if (wy) {
    if (scalar) {
      if (wy.kind !== "number") throw fieldError(f.label("Wy"), "is not one number, but the hidden state is (H = 1)");
      O = 1;
      values
        .set("Wy", wy.n)
        .set("by", vecOf(f.numberVectorOrMatrix("by"), 1, f.label("by"), "the output bias")[0] as Scalar);
    } else {
      O = wy.kind === "matrix" ? wy.m.length : 1;
      values.set("Wy", matrixOf(f, "Wy", O, H, `a hidden state of ${H}`));
      values.set("by", vecOf(f.numberVectorOrMatrix("by"), O, f.label("by"), "the output bias"));
    }
  }
  return O;
}

/** The targets (y per step or at the last) or ∂L/∂h_T, as the engine's inputs. */
function targetsInto(
  f: Fields,
  values: Map<string, Tensor>,
  { T, H, outSize, scalar }: { T: number; H: number; outSize: number; scalar: boolean },
): void {
  const lossAt = f.has("dLdh") ? "upstream" : ((f.choice("lossAt") ?? "last") as "last" | "every");
  if (f.has("dLdh") && f.has("y"))
    throw fieldError(f.label("dLdh"), "replaces the target: give --y or --dLdh, not both");
  const asOut = (v: Scalar[], label: string): Tensor => {
    if (v.length !== outSize) throw fieldError(label, `has ${v.length} values; the output has ${outSize}`);
    return scalar ? v[0]! : v;
  };
  if (lossAt === "upstream") {
    const d = f.numberVectorOrMatrix("dLdh") as Nvm;
    if (d.kind === "matrix") throw fieldError(f.label("dLdh"), `expected ∂L/∂h_T: a vector of ${H}`);
    const v = d.kind === "number" ? [d.n] : d.v;
    if (v.length !== H) throw fieldError(f.label("dLdh"), `has ${v.length} values; h_T has ${H}`);
    values.set("dLdh", scalar ? v[0]! : v);
  } else {
    const y = f.numberVectorOrMatrix("y");
    if (!y) throw f.missing("y", "the target (or --dLdh, the upstream gradient)");
    if (lossAt === "last")
      values.set("y", asOut(y.kind === "number" ? [y.n] : y.kind === "vector" ? y.v : y.m[0]!, f.label("y")));
    else {
      const rows = y.kind === "matrix" ? y.m : y.kind === "vector" && outSize === 1 ? y.v.map((e) => [e]) : [];
      if (rows.length !== T)
        throw fieldError(f.label("y"), `with --loss-at every needs one target per step: ${T} rows of ${outSize}`);
      for (let t = 0; t < T; t++) values.set(`y${t + 1}`, asOut(rows[t] as Scalar[], `${f.label("y")}[${t + 1}]`));
    }
  }
}

/** The typed input; undefined with no numbers (BPTT in symbols). */
export function validate(f: Fields): RnnInput | undefined {
  const cell = (f.choice("cell") ?? "rnn") as Cell;
  const activation = (f.choice("activation") ?? "tanh") as ActivationName;
  if (f.has("activation") && cell !== "rnn")
    throw fieldError(f.label("activation"), `is the vanilla cell's; ${cell} has its own gates`);
  if (f.has("c0") && cell !== "lstm") throw fieldError(f.label("c0"), "is lstm's cell state; give --cell lstm too");
  const numeric = ["x", "Wx", "Wh", "b", "h0", "c0", "Wy", "by", "y", "dLdh"];
  if (!numeric.some((n) => f.has(n))) return undefined;
  const xm = f.vectorOrMatrix("x");
  if (!xm) throw f.missing("x", "the sequence");
  const wx = f.numberVectorOrMatrix("Wx");
  if (!wx) throw f.missing("Wx", "the input weights");
  if (!f.has("Wh")) throw f.missing("Wh", "the recurrent weights");
  const gates = Math.max(1, GATES[cell].length);
  const scalar = cell === "rnn" && wx.kind === "number";
  const xs: Scalar[][] = xm.kind === "matrix" ? xm.m : xm.v.map((e) => [e]);
  const T = xs.length;
  const F = xs[0]!.length;
  const rowsWx = wx.kind === "number" ? 1 : rowsOf(wx).length;
  if (rowsWx % gates !== 0)
    throw fieldError(f.label("Wx"), `has ${rowsWx} rows; ${cell} needs ${gates} blocks of H rows`);
  const H = rowsWx / gates;
  const values = new Map<string, Tensor>();
  const echo: Record<string, Tensor | string> = { cell };
  if (scalar) {
    if (F !== 1) throw fieldError(f.label("Wx"), `is one number, but each xₜ has ${F} features`);
    const wh = f.numberVectorOrMatrix("Wh") as Nvm;
    if (wh.kind !== "number")
      throw fieldError(f.label("Wh"), "is not one number, but Wx is (H = 1: give both as numbers or both as matrices)");
    values.set("Wx", wx.n).set("Wh", wh.n);
    values.set("b", vecOf(f.numberVectorOrMatrix("b"), 1, f.label("b"), "the bias")[0] as Scalar);
    values.set("h0", vecOf(f.numberVectorOrMatrix("h0"), 1, f.label("h0"), "the hidden state")[0] as Scalar);
    for (let t = 0; t < T; t++) values.set(`x${t + 1}`, xs[t]![0]!);
  } else {
    const Wx = matrixOf(f, "Wx", gates * H, F, `x with ${F} feature${F === 1 ? "" : "s"}`);
    const Wh = matrixOf(f, "Wh", gates * H, H, `a hidden state of ${H}`);
    const b = vecOf(f.numberVectorOrMatrix("b"), gates * H, f.label("b"), "the bias");
    if (cell === "rnn") values.set("Wx", Wx).set("Wh", Wh).set("b", b);
    else
      GATES[cell].forEach((g, k) => {
        values.set(`Wx_${g}`, Wx.slice(k * H, (k + 1) * H));
        values.set(`Wh_${g}`, Wh.slice(k * H, (k + 1) * H));
        values.set(`b_${g}`, b.slice(k * H, (k + 1) * H));
      });
    values.set("h0", vecOf(f.numberVectorOrMatrix("h0"), H, f.label("h0"), "the hidden state"));
    if (cell === "lstm") values.set("c0", vecOf(f.numberVectorOrMatrix("c0"), H, f.label("c0"), "the cell state"));
    for (let t = 0; t < T; t++) values.set(`x${t + 1}`, xs[t] as Scalar[]);
  }
  const O = outputInto(f, values, H, scalar);
  targetsInto(f, values, { T, H, outSize: O === 0 ? H : O, scalar });
  const lossAt = f.has("dLdh") ? "upstream" : ((f.choice("lossAt") ?? "last") as "last" | "every");
  const work = T * gates * H * (F + H) + T * O * H;
  refuseWork("rnn", work, RNN_WORK);
  const loss = (f.choice("loss") ?? "half-squared") as "half-squared" | "squared";
  Object.assign(echo, { activation, loss, lossAt });
  return {
    work,
    shape: { cell, steps: T, activation, scalar, output: O > 0, loss, lossAt },
    sizes: { H, F, O },
    values,
    echo,
  };
}
