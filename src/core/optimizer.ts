// First-order optimisers as torch.optim computes them (SGD with momentum,
// dampening and Nesterov, Adagrad, RMSprop, Adam, AdamW), step by step with
// every intermediate value kept for the worked solution. Exact on rational
// inputs for sgd, momentum and nesterov; the others take a square root.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export const METHODS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const;
export type Method = (typeof METHODS)[number];

export interface Hyper {
  lr: Scalar;
  momentum: Scalar;
  dampening: Scalar;
  alpha: Scalar;
  beta1: Scalar;
  beta2: Scalar;
  eps: Scalar;
  weightDecay: Scalar;
}

/** PyTorch's defaults, per method. */
export function defaults(method: Method): Omit<Hyper, "lr"> {
  return {
    momentum: method === "momentum" || method === "nesterov" ? sc.frac(9, 10) : sc.frac(0),
    dampening: sc.frac(0),
    alpha: sc.frac(99, 100),
    beta1: sc.frac(9, 10),
    beta2: sc.frac(999, 1000),
    eps: method === "adagrad" ? 1e-10 : 1e-8,
    weightDecay: method === "adamw" ? sc.frac(1, 100) : sc.frac(0),
  };
}

/** The state one method keeps per coordinate, by its answer name. */
export const STATE: Record<Method, readonly string[]> = {
  sgd: [],
  momentum: ["velocity"],
  nesterov: ["velocity"],
  adagrad: ["sumSquares"],
  rmsprop: ["squareAvg"],
  adam: ["m", "v"],
  adamw: ["m", "v"],
};

/** The optimiser's state before the first step: torch.optim's buffers as given, and Adam's steps already taken. */
export interface InitialState {
  state?: Record<string, Scalar[]>;
  step?: number;
}

/** One step t (from 1): the values before, the gradient, the state after, the update and the new θ. */
export interface StepRecord {
  t: number;
  theta: Scalar[];
  /** The gradient as given or as Hθ − c. */
  grad: Scalar[];
  /** The gradient the rule uses: g + wd·θ (all but adamw, whose decay is decoupled). */
  effective: Scalar[];
  /** The state after this step, by name. */
  state: Record<string, Scalar[]>;
  /** For adam/adamw: the bias-corrected m̂ and v̂. */
  corrected?: { m: Scalar[]; v: Scalar[] };
  /** θ_new − θ */
  update: Scalar[];
  next: Scalar[];
}

const zeros = (n: number): Scalar[] => Array.from({ length: n }, () => sc.frac(0));
const one = sc.frac(1);

/**
 * The rule as students get it wrong (SPEC 6.2), for diagnosing their answers:
 * `ascend` steps along +direction (θ + α·g), `noBiasCorrection` is Adam
 * without m̂ and v̂. The default is torch.optim's rule.
 */
export interface Variant {
  ascend?: boolean;
  noBiasCorrection?: boolean;
}

/**
 * `steps` optimiser steps from θ₀, the gradient at each step from
 * `gradient(θ, t)`. torch.optim's rules (see SPEC 4.9 and the README).
 * Requires lr > 0 and the hyper-parameters in range (checked by the caller).
 */
export function optimize(
  method: Method,
  theta0: readonly Scalar[],
  h: Hyper,
  gradient: (theta: readonly Scalar[], t: number) => Scalar[],
  steps: number,
  variant: Variant = {},
  initial: InitialState = {},
): { records: StepRecord[]; state: Record<string, Scalar[]> } {
  const n = theta0.length;
  const state: Record<string, Scalar[]> = Object.fromEntries(
    STATE[method].map((k) => [k, initial.state?.[k] ? [...initial.state[k]!] : zeros(n)]),
  );
  const first = { buffer: initial.state?.velocity !== undefined, before: initial.step ?? 0 };
  const records: StepRecord[] = [];
  let theta = [...theta0];
  for (let t = 1; t <= steps; t++) {
    const grad = gradient(theta, t);
    const decayed = method === "adamw" ? theta.map((v) => sc.mul(v, sc.sub(one, sc.mul(h.lr, h.weightDecay)))) : theta;
    const effective =
      method === "adamw" || sc.isZero(h.weightDecay)
        ? grad
        : grad.map((g, i) => sc.add(g, sc.mul(h.weightDecay, theta[i]!)));
    const { direction, corrected } = stepDirection(method, effective, state, h, t, !variant.noBiasCorrection, first);
    const next = decayed.map((v, i) => (variant.ascend ? sc.add : sc.sub)(v, direction[i]!));
    records.push({
      t,
      theta,
      grad,
      effective,
      state: Object.fromEntries(Object.entries(state).map(([k, v]) => [k, [...v]])),
      ...(corrected ? { corrected } : {}),
      update: next.map((v, i) => sc.sub(v, theta[i]!)),
      next,
    });
    theta = next;
  }
  return { records, state };
}

/** lr times the direction of one step, updating the state in place; Adam's m̂ and v̂ unless `correct` is false. */
function stepDirection(
  method: Method,
  g: readonly Scalar[],
  state: Record<string, Scalar[]>,
  h: Hyper,
  t: number,
  correct: boolean,
  first: { buffer: boolean; before: number },
): { direction: Scalar[]; corrected?: { m: Scalar[]; v: Scalar[] } } {
  const lr = (x: Scalar) => sc.mul(h.lr, x);
  switch (method) {
    case "sgd":
      return { direction: g.map(lr) };
    case "momentum":
    case "nesterov": {
      const b = state.velocity as Scalar[];
      g.forEach((gi, i) => {
        // b = g on the first step, then μb + (1 − dampening)g
        b[i] = t === 1 && !first.buffer ? gi : sc.add(sc.mul(h.momentum, b[i]!), sc.mul(sc.sub(one, h.dampening), gi));
      });
      const along = method === "nesterov" ? g.map((gi, i) => sc.add(gi, sc.mul(h.momentum, b[i]!))) : b;
      return { direction: along.map(lr) };
    }
    case "adagrad": {
      const s = state.sumSquares as Scalar[];
      g.forEach((gi, i) => {
        s[i] = sc.add(s[i]!, sc.square(gi));
      });
      return { direction: g.map((gi, i) => lr(sc.div(gi, sc.add(sc.sqrt(s[i]!), h.eps)))) };
    }
    case "rmsprop": {
      const v = state.squareAvg as Scalar[];
      g.forEach((gi, i) => {
        v[i] = sc.add(sc.mul(h.alpha, v[i]!), sc.mul(sc.sub(one, h.alpha), sc.square(gi)));
      });
      return { direction: g.map((gi, i) => lr(sc.div(gi, sc.add(sc.sqrt(v[i]!), h.eps)))) };
    }
    case "adam":
    case "adamw": {
      const m = state.m as Scalar[];
      const v = state.v as Scalar[];
      g.forEach((gi, i) => {
        m[i] = sc.add(sc.mul(h.beta1, m[i]!), sc.mul(sc.sub(one, h.beta1), gi));
        v[i] = sc.add(sc.mul(h.beta2, v[i]!), sc.mul(sc.sub(one, h.beta2), sc.square(gi)));
      });
      // the bias correction counts the steps taken before this run too (PyTorch's state["step"])
      const c1 = !correct ? one : sc.sub(one, sc.powInt(h.beta1, t + first.before));
      const c2 = !correct ? one : sc.sub(one, sc.powInt(h.beta2, t + first.before));
      const mHat = m.map((x) => sc.div(x, c1));
      const vHat = v.map((x) => sc.div(x, c2));
      return {
        direction: mHat.map((mi, i) => lr(sc.div(mi, sc.add(sc.sqrt(vHat[i]!), h.eps)))),
        corrected: { m: mHat, v: vHat },
      };
    }
  }
}

/** f(θ) = ½θᵀHθ − cᵀθ */
export function quadraticLoss(
  H: readonly (readonly Scalar[])[],
  c: readonly Scalar[],
  theta: readonly Scalar[],
): Scalar {
  let quad: Scalar = sc.frac(0);
  H.forEach((row, i) => {
    row.forEach((hij, j) => {
      quad = sc.add(quad, sc.mul(sc.mul(theta[i]!, hij), theta[j]!));
    });
  });
  let lin: Scalar = sc.frac(0);
  c.forEach((ci, i) => {
    lin = sc.add(lin, sc.mul(ci, theta[i]!));
  });
  return sc.sub(sc.div(quad, sc.frac(2)), lin);
}

/** ∇f(θ) = Hθ − c */
export function quadraticGradient(
  H: readonly (readonly Scalar[])[],
  c: readonly Scalar[],
  theta: readonly Scalar[],
): Scalar[] {
  return H.map((row, i) => {
    let s: Scalar = sc.frac(0);
    row.forEach((hij, j) => {
      s = sc.add(s, sc.mul(hij, theta[j]!));
    });
    return sc.sub(s, c[i]!);
  });
}
