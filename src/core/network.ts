// Whole networks as programs for the autodiff engine: a fully connected
// network layer by layer (SPEC 4.14) and a recurrent network unrolled in time
// (SPEC 4.18: a vanilla cell, LSTM and GRU in PyTorch's gate order). Core
// writes the program and the engine computes; the problems present its record.
import type { ActivationName } from "./activations.js";
import type { Assignment, Expr, FnName, Program } from "./expression.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

const v = (name: string): Expr => ({ k: "var", name });
const n = (x: Scalar): Expr => ({ k: "num", v: x });
const bin = (op: "+" | "-" | "*" | "/" | "^" | "@", a: Expr, b: Expr): Expr => ({ k: "bin", op, a, b });
const call = (fn: FnName, ...args: Expr[]): Expr => ({ k: "call", fn, args });
const sumOfAll = (terms: Expr[]): Expr => terms.reduce((acc, t) => bin("+", acc, t));

/**
 * act(z) in the engine's operations. Leaky ReLU is z·step(z) + s·z·(1 − step(z)):
 * its slope at 0 is s, as PyTorch defines it.
 */
export function activationExpr(name: ActivationName | "softmax", z: Expr, slope: Scalar): Expr {
  switch (name) {
    case "identity":
      return z;
    case "leaky-relu": {
      const step = call("step", z);
      return bin("+", bin("*", z, step), bin("*", bin("*", n(slope), z), bin("-", n(sc.frac(1)), step)));
    }
    case "softmax": {
      const e = call("exp", z);
      return bin("/", e, call("sum", e));
    }
    default:
      return call(name, z);
  }
}

// ---------------------------------------------------------------- a fully connected network

export type NetworkLoss = "squared" | "half-squared" | "mse" | "bce" | "ce";
export type OutputActivation = "identity" | "sigmoid" | "softmax";

export interface NetworkShape {
  /** Layers 1…L. */
  layers: number;
  hidden: ActivationName;
  slope: Scalar;
  output: OutputActivation;
  loss: NetworkLoss;
  /** Samples in the batch; 0 for one sample given as a vector. */
  batch: number;
}

/** Node names: x, z1, a1, …, L for one sample; x:s, z1:s, L:s per sample s of a batch and L their mean. */
export const sampleName = (name: string, s: number, batch: number): string => (batch === 0 ? name : `${name}:${s}`);

/** The loss of one sample from the output layer's z and a, against the target y. */
function sampleLoss(loss: NetworkLoss, z: Expr, a: Expr, y: Expr): Expr {
  const sq = () => bin("^", bin("-", a, y), n(sc.frac(2)));
  switch (loss) {
    case "squared":
      return call("sum", sq());
    case "half-squared":
      return bin("*", n(sc.frac(1, 2)), call("sum", sq()));
    case "mse":
      return call("mean", sq());
    case "bce":
      // −(y log σ(z) + (1 − y) log(1 − σ(z))) = softplus(z) − y·z, as binary_cross_entropy_with_logits
      return call("mean", bin("-", call("softplus", z), bin("*", y, z)));
    case "ce":
      // −Σ y log softmax(z) = −Σ y (z − log Σ exp z)
      return { k: "neg", arg: call("sum", bin("*", y, bin("-", z, call("log", call("sum", call("exp", z)))))) };
  }
}

/**
 * The program of a network: inputs W1, b1, …, WL, bL, then x and y (or x:s,
 * y:s per sample); per layer z = W a + b and a = act(z); the loss L.
 */
export function networkProgram(net: NetworkShape): Program {
  const inputs: string[] = [];
  for (let l = 1; l <= net.layers; l++) inputs.push(`W${l}`, `b${l}`);
  const samples = net.batch === 0 ? [0] : Array.from({ length: net.batch }, (_, i) => i + 1);
  const assignments: Assignment[] = [];
  const losses: Expr[] = [];
  for (const s of samples) {
    const name = (base: string) => sampleName(base, s, net.batch);
    inputs.push(name("x"), name("y"));
    let a = name("x");
    for (let l = 1; l <= net.layers; l++) {
      const z = name(`z${l}`);
      assignments.push({ name: z, expr: bin("+", bin("@", v(`W${l}`), v(a)), v(`b${l}`)) });
      const act = l === net.layers ? net.output : net.hidden;
      a = name(`a${l}`);
      assignments.push({ name: a, expr: activationExpr(act, v(z), net.slope) });
    }
    const z = v(name(`z${net.layers}`));
    const loss = sampleLoss(net.loss, z, v(a), v(name("y")));
    if (net.batch === 0) assignments.push({ name: "L", expr: loss });
    else {
      assignments.push({ name: name("L"), expr: loss });
      losses.push(v(name("L")));
    }
  }
  if (net.batch > 0) assignments.push({ name: "L", expr: bin("*", n(sc.frac(1, net.batch)), sumOfAll(losses)) });
  return { assignments, inputs, output: "L" };
}

// ---------------------------------------------------------------- a recurrent network

export type Cell = "rnn" | "lstm" | "gru";
/** The gates of each cell, in PyTorch's order (the row blocks of W_x, W_h and b). */
export const GATES: Record<Cell, readonly string[]> = { rnn: [], lstm: ["i", "f", "g", "o"], gru: ["r", "z", "n"] };

export interface RecurrentShape {
  cell: Cell;
  steps: number;
  activation: ActivationName;
  /** True when every value is a number (H = F = 1 given as numbers): the vanilla cell with *, not @. */
  scalar: boolean;
  /** An output layer ŷₜ = W_y hₜ + b_y. */
  output: boolean;
  loss: "half-squared" | "squared";
  /** The loss at the last step, at every step (summed), or L = dLdh · h_T. */
  lossAt: "last" | "every" | "upstream";
}

/**
 * The program of a recurrent network unrolled over T steps. Inputs: Wx, Wh,
 * b (for LSTM and GRU one block per gate: Wx_i, Wh_i, b_i, …), h0 (and c0),
 * Wy, by, then x1…xT and the targets y (yT, or y1…yT) or dLdh. Nodes h1…hT,
 * with LSTM c1…cT, and the gates i1, f1, … per step.
 */
export function recurrentProgram(r: RecurrentShape): Program {
  const gates = GATES[r.cell];
  const inputs: string[] =
    gates.length === 0 ? ["Wx", "Wh", "b"] : gates.flatMap((g) => [`Wx_${g}`, `Wh_${g}`, `b_${g}`]);
  inputs.push("h0");
  if (r.cell === "lstm") inputs.push("c0");
  if (r.output) inputs.push("Wy", "by");
  const mul = r.scalar ? "*" : "@";
  const affine = (w: string, x: string) => bin(mul, v(w), v(x));
  const assignments: Assignment[] = [];
  for (let t = 1; t <= r.steps; t++) {
    inputs.push(`x${t}`);
    const h = `h${t - 1}`;
    const x = `x${t}`;
    const pre = (g: string) => bin("+", bin("+", affine(`Wx_${g}`, x), affine(`Wh_${g}`, h)), v(`b_${g}`));
    if (r.cell === "rnn") {
      const z = bin("+", bin("+", affine("Wh", h), affine("Wx", x)), v("b"));
      assignments.push(
        { name: `z${t}`, expr: z },
        { name: `h${t}`, expr: activationExpr(r.activation, v(`z${t}`), sc.frac(1, 100)) },
      );
    } else if (r.cell === "lstm") {
      for (const g of gates) assignments.push({ name: `${g}${t}`, expr: call(g === "g" ? "tanh" : "sigmoid", pre(g)) });
      const c = bin("+", bin("*", v(`f${t}`), v(`c${t - 1}`)), bin("*", v(`i${t}`), v(`g${t}`)));
      assignments.push(
        { name: `c${t}`, expr: c },
        { name: `h${t}`, expr: bin("*", v(`o${t}`), call("tanh", v(`c${t}`))) },
      );
    } else {
      for (const g of ["r", "z"]) assignments.push({ name: `${g}${t}`, expr: call("sigmoid", pre(g)) });
      // n = tanh(W_in x + b_n + r ∘ (W_hn h)): the bias is PyTorch's b_ih, b_hh taken as 0
      const nPre = bin("+", bin("+", affine("Wx_n", x), v("b_n")), bin("*", v(`r${t}`), affine("Wh_n", h)));
      assignments.push({ name: `n${t}`, expr: call("tanh", nPre) });
      const z = v(`z${t}`);
      const hNew = bin("+", bin("*", bin("-", n(sc.frac(1)), z), v(`n${t}`)), bin("*", z, v(h)));
      assignments.push({ name: `h${t}`, expr: hNew });
    }
    if (r.output) assignments.push({ name: `yhat${t}`, expr: bin("+", affine("Wy", `h${t}`), v("by")) });
  }
  const out = (t: number) => v(r.output ? `yhat${t}` : `h${t}`);
  const stepLoss = (t: number, y: string) => {
    const sq = call("sum", bin("^", bin("-", out(t), v(y)), n(sc.frac(2))));
    return r.loss === "squared" ? sq : bin("*", n(sc.frac(1, 2)), sq);
  };
  if (r.lossAt === "upstream") {
    inputs.push("dLdh");
    assignments.push({ name: "L", expr: call("sum", bin("*", v("dLdh"), v(`h${r.steps}`))) });
  } else if (r.lossAt === "last") {
    inputs.push("y");
    assignments.push({ name: "L", expr: stepLoss(r.steps, "y") });
  } else {
    const terms: Expr[] = [];
    for (let t = 1; t <= r.steps; t++) {
      inputs.push(`y${t}`);
      assignments.push({ name: `L${t}`, expr: stepLoss(t, `y${t}`) });
      terms.push(v(`L${t}`));
    }
    assignments.push({ name: "L", expr: sumOfAll(terms) });
  }
  return { assignments, inputs, output: "L" };
}
