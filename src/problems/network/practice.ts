// Practice (SPEC 4.12): a 2-2-1 network with whole-number weights, a ReLU
// hidden layer and a linear output, so that every value is exact.
import type { Rng } from "../../core/random.js";
import { lettered, listText, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee:
    "whole-number inputs and weights, a ReLU hidden layer with no unit at 0 and a linear output: every value exact",
  generate(rng: Rng) {
    for (;;) {
      const x = rng.ints(2, -2, 2);
      const W1 = [rng.ints(2, -2, 2), rng.ints(2, -2, 2)];
      const b1 = rng.ints(2, -1, 1);
      const W2 = rng.ints(2, -2, 2);
      const b2 = rng.int(-1, 1);
      const y = rng.int(-3, 3);
      const z = W1.map(
        (w, i) => (w[0] as number) * (x[0] as number) + (w[1] as number) * (x[1] as number) + (b1[i] as number),
      );
      if (z.includes(0) || z.every((v) => v < 0)) continue; // a kink, or no gradient reaches W1
      const h = z.map((v) => Math.max(0, v));
      const out = h.reduce((s, v, i) => s + v * (W2[i] as number), b2);
      if (out === y) continue; // a zero loss teaches nothing
      const lr = rng.pick(["1/10", "1/4", "1/2"]);
      return {
        input: { x, W1, b1, W2, b2, y, activation: "relu", loss: "half-squared", lr },
        statement: [
          "A network has two inputs, two ReLU hidden units and one linear output: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾, " +
            "a⁽¹⁾ = max(0, z⁽¹⁾), ŷ = W⁽²⁾a⁽¹⁾ + b⁽²⁾, and the loss is L = ½(ŷ − y)². " +
            `Take x = ${listText(x)}, W⁽¹⁾ = ${matrixText(W1)}, b⁽¹⁾ = ${listText(b1)}, W⁽²⁾ = ${listText(W2)}, ` +
            `b⁽²⁾ = ${b2} and y = ${y}.`,
          ...lettered([
            "Forward pass: compute z⁽¹⁾, a⁽¹⁾, ŷ and L.",
            "Backward pass: compute δ⁽²⁾ = ∂L/∂ŷ, ∂L/∂W⁽²⁾, ∂L/∂b⁽²⁾, δ⁽¹⁾, ∂L/∂W⁽¹⁾ and ∂L/∂b⁽¹⁾.",
            `Take one gradient-descent step with learning rate α = ${lr}: give the new weights and biases.`,
          ]),
        ],
      };
    }
  },
};
