// rnn's mistakes, practice, plot and the derivation in symbols.

import { entries, isScalar, mapTensor, type Tensor } from "../../core/autodiff.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Chart } from "../../solution/chart.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Solution, Value } from "../../solution/solution.js";
import { lettered, listText } from "../common.js";
import type { Mistake, PracticeGenerator } from "../problem.js";
import type { RnnInput } from "./input.js";
import { runRnn } from "./run.js";

/** δ_T aᵀ for a = hₜ₋₁ or xₜ: one step's outer product (a number product when both are numbers). */
function outerOf(d: Tensor, a: Tensor): Tensor {
  if (isScalar(d)) return isScalar(a) ? sc.mul(d, a) : mapTensor(a, (x) => sc.mul(d, x));
  return (d as Scalar[]).map((di) => entries(a).map((aj) => sc.mul(di, aj)));
}

/** The vanilla cell's weight gradients from the last step alone: δ_T h_{T−1}ᵀ, δ_T x_Tᵀ, δ_T. */
export function mistakes(input: RnnInput | undefined, _sol: Solution): Mistake[] {
  if (input?.shape.cell !== "rnn" || input.shape.steps < 2) return [];
  const run = runRnn(input);
  const T = input.shape.steps;
  const d = run.grad(`z${T}`);
  const grad: Record<string, Value> = {
    Wh: outerOf(d, run.value(`h${T - 1}`)) as Value,
    Wx: outerOf(d, run.value(`x${T}`)) as Value,
    b: d as Value,
  };
  return [
    {
      id: "last-step-only",
      answer: { grad },
      says: (field, v) =>
        `your ${field} ${v} is the last step's term alone; the weights are shared by every step, so their ` +
        `gradient sums δₜ·(…)ᵀ over t = 1…${T}`,
    },
  ];
}

export const practice: PracticeGenerator = {
  guarantee:
    "a one-unit linear RNN over three steps with whole-number inputs and weights of ±1/2, ±1, 2: every value exact",
  generate(rng: Rng) {
    for (;;) {
      const x = rng.ints(3, -2, 2);
      const Wx = rng.pick([1, 2, -1]);
      const Wh = rng.pick(["1/2", "-1/2", "1", "2"]);
      const b = rng.pick([0, 1, -1]);
      const y = rng.int(-3, 3);
      const w = Number(eval_(Wh));
      let hv = 0;
      for (const xt of x) hv = w * hv + Wx * xt + b;
      if (hv === y) continue;
      return {
        input: { x, Wx, Wh, b, y, activation: "identity" },
        statement: [
          "A one-unit recurrent network with the identity activation computes hₜ = W_h hₜ₋₁ + W_x xₜ + b from " +
            `h₀ = 0, with the loss L = ½(h₃ − y)² at the last step. Take x = ${listText(x)}, W_x = ${Wx}, ` +
            `W_h = ${Wh}, b = ${b} and y = ${y}.`,
          ...lettered([
            "Forward: compute h₁, h₂, h₃ and L.",
            "Backward through time: compute ∂L/∂h₃, ∂L/∂h₂, ∂L/∂h₁.",
            "Compute ∂L/∂W_h, ∂L/∂W_x and ∂L/∂b, summed over the steps.",
          ]),
        ],
      };
    }
  },
};

function eval_(s: string): number {
  const [n, d] = s.split("/");
  return Number(n) / (d === undefined ? 1 : Number(d));
}

export const plotHelp = "the gradient's norm ‖∂L/∂hₜ‖ per time step (vanishing or exploding)";

export function plots(input: RnnInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const run = runRnn(input);
  const T = input.shape.steps;
  const norms = Array.from({ length: T }, (_, k) =>
    Math.sqrt(entries(run.grad(`h${k + 1}`)).reduce((acc: number, v) => acc + sc.toNumber(v) ** 2, 0)),
  );
  return [
    {
      kind: "line",
      title: "‖∂L/∂hₜ‖ per time step (vanishing or exploding)",
      xLabel: "time step t",
      x: norms.map((_, k) => k + 1),
      series: [{ name: "‖∂L/∂hₜ‖", y: norms }],
    },
  ];
}

export function symbolicSolution(): Solution {
  const t = F.sym("t");
  const h = (k: F.Formula) => F.subscript(F.sym("h"), k);
  const prev = F.minus(t, F.num(1));
  const Wh = F.subscript(F.sym("W"), "h");
  const Wx = F.subscript(F.sym("W"), "x");
  const z = F.subscript(S.z, t);
  const delta = F.subscript(F.sym("δ", "\\delta"), t);
  const T = F.sym("T");
  return {
    problem: "rnn",
    title: "Backpropagation through time, in symbols",
    input: {},
    steps: [
      {
        title: "Forward, one step at a time from h₀",
        derivation: [
          {
            formula: F.eq(z, F.plus(F.juxt(Wh, h(prev)), F.juxt(Wx, F.subscript(S.x, t)), F.sym("b"))),
            reason: "the same weights at every step",
          },
          { formula: F.eq(h(t), F.call("σ", z)), reason: "σ = tanh by default" },
        ],
      },
      {
        title: "Backward through time, from the last step",
        derivation: [
          { formula: F.eq(delta, F.juxt(F.partial(S.L, h(t)), F.text(" ⊙ "), F.call("σ′", z))), reason: "∂L/∂zₜ" },
          {
            formula: F.eq(F.partial(S.L, h(prev)), F.juxt(F.superscript(Wh, "T"), delta)),
            reason: "plus the loss at step t − 1, if it has one",
          },
          {
            formula: F.eq(
              F.partial(h(T), h(F.sym("k"))),
              F.juxt(
                F.subscript(F.sym("∏", "\\prod"), F.sym("j")),
                F.call("diag", F.call("σ′", F.subscript(S.z, F.sym("j")))),
                Wh,
              ),
            ),
            reason: "j = k + 1 … T: a product of T − k factors, which vanishes or explodes with ‖W_h‖",
          },
        ],
      },
      {
        title: "The shared weights: each gradient summed over the steps",
        derivation: [
          { formula: F.eq(F.partial(S.L, Wh), F.sumOver(t, F.juxt(delta, F.superscript(h(prev), "T")))) },
          { formula: F.eq(F.partial(S.L, Wx), F.sumOver(t, F.juxt(delta, F.superscript(F.subscript(S.x, t), "T")))) },
          { formula: F.eq(F.partial(S.L, F.sym("b")), F.sumOver(t, delta)) },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
