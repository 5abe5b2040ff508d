import { activationFormulas } from "../../solution/activation-formulas.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";

const l = F.sym("l");
// the output layer's δ and z, written as one symbol each
const DELTA_OUT = F.sym("δ⁽ᵒᵘᵗ⁾", "\\delta^{(\\text{out})}");
const Z_OUT = F.sym("z⁽ᵒᵘᵗ⁾", "z^{(\\text{out})}");
const lm1 = F.minus(l, F.num(1));
const sup = (base: F.Formula, idx: F.Formula) => F.superscript(base, F.paren(idx));
const z = sup(S.z, l);
const a = sup(F.sym("a"), l);
const aPrev = sup(F.sym("a"), lm1);
const W = sup(F.sym("W"), l);
const b = sup(F.sym("b", "\\mathbf{b}"), l);
const delta = sup(F.sym("δ", "\\delta"), l);
const deltaPrev = sup(F.sym("δ", "\\delta"), lm1);
const zPrev = sup(S.z, lm1);
const Lsym = F.sym("L", "L");
const yhat = F.sym("ŷ", "\\hat{y}");
const T = (f: F.Formula) => F.superscript(f, "T");
const had = (x: F.Formula, y: F.Formula) => F.op("juxt", x, F.text(" ⊙ "), y);

export function symbolicSolution(): Solution {
  const s = activationFormulas("sigmoid");
  return {
    problem: "network",
    title: "Backpropagation through a fully connected network, in symbols",
    input: {},
    steps: [
      {
        title: "Forward, layer by layer (a⁽⁰⁾ = x)",
        derivation: [
          { formula: F.eq(z, F.plus(F.juxt(W, aPrev), b)), reason: "each unit's weighted sum: zᵢ = Σⱼ Wᵢⱼaⱼ + bᵢ" },
          { formula: F.eq(a, F.call("σ", z)), reason: "the activation, unit by unit" },
          { formula: s.formula, reason: "the sigmoid, for one" },
        ],
      },
      {
        title: "The output layer's δ⁽ᵒᵘᵗ⁾ = ∂L/∂z⁽ᵒᵘᵗ⁾",
        derivation: [
          {
            formula: F.eq(DELTA_OUT, had(F.partial(Lsym, yhat), F.call("σ′", Z_OUT))),
            reason: "the chain rule through the output activation",
          },
          {
            formula: F.eq(F.partial(Lsym, yhat), F.minus(yhat, S.y)),
            reason: "for L = ½Σ(ŷ − y)²; Σ(ŷ − y)² gives 2(ŷ − y)",
          },
          {
            formula: F.eq(DELTA_OUT, F.minus(yhat, S.y)),
            reason: "softmax with cross-entropy, or a sigmoid with binary cross-entropy: the derivatives cancel",
          },
        ],
      },
      {
        title: "Each layer's gradients, from its δ",
        derivation: [
          { formula: F.eq(F.partial(Lsym, W), F.juxt(delta, T(aPrev))), reason: "∂zᵢ/∂Wᵢⱼ = aⱼ: an outer product" },
          { formula: F.eq(F.partial(Lsym, b), delta), reason: "∂zᵢ/∂bᵢ = 1" },
          {
            formula: F.eq(F.partial(Lsym, aPrev), F.juxt(T(W), delta)),
            reason: "every unit aⱼ feeds every zᵢ: sum over i",
          },
          {
            formula: F.eq(deltaPrev, had(F.paren(F.juxt(T(W), delta)), F.call("σ′", zPrev))),
            reason: "one layer down",
          },
        ],
      },
      {
        title: "A batch, and one gradient-descent step",
        derivation: [
          {
            formula: F.eq(
              Lsym,
              F.juxt(F.fracF(F.num(1), F.sym("N")), F.sumOver(F.sym("s"), F.subscript(Lsym, F.sym("s")))),
            ),
            reason: "the mean over samples: each δ carries 1/N, ∂L/∂W sums over s",
          },
          {
            formula: F.eq(sup(F.sym("W′", "W'"), l), F.minus(W, F.juxt(S.alpha, F.partial(Lsym, W)))),
            reason: "θ ← θ − α·∂L/∂θ",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
