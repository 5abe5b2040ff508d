import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): review problems 1b–1f with new numbers that stay exact. */
export const practice: PracticeGenerator = {
  guarantee:
    "two hidden units, ReLU or the identity, whole numbers from −2 to 3 and lr ∈ {1/10, 1/4, 1/2}: every answer " +
    "exact; no ReLU input exactly 0 (no kink), at least one unit active and no Cᵢ = 0",
  generate(rng) {
    for (;;) {
      const activation = rng.pick(["relu", "identity"] as const);
      const x = rng.pick([-2, -1, 1, 2]);
      const y = rng.int(-3, 3);
      const [A, b, C] = [rng.ints(2, -2, 2), rng.ints(2, -2, 2), rng.ints(2, -2, 2)];
      const d = rng.int(-1, 1);
      if (C.includes(0)) continue; // a zero Cᵢ cuts unit i off: ∂L/∂Aᵢ = ∂L/∂bᵢ = 0, nothing to practise
      const z = A.map((a, i) => a * x + (b[i] as number));
      if (activation === "relu" && (z.includes(0) || z.every((v) => v < 0))) continue;
      const h = z.map((v) => (activation === "relu" ? Math.max(0, v) : v));
      if (h.reduce((s, v, i) => s + v * (C[i] as number), d) === y) continue; // a zero loss teaches nothing
      const lr = rng.pick(["1/10", "1/4", "1/2"]);
      const sigma = activation === "relu" ? "ReLU, σ(z) = max(0, z)" : "the identity, σ(z) = z";
      return {
        input: { x, y, A, b, C, d, activation, lr },
        statement: [
          "A network with one input x, two hidden units and one output computes y_pred = Σᵢ Cᵢσ(Aᵢx + bᵢ) + d " +
            `with σ = ${sigma}, and the loss L = (y − y_pred)². Take x = ${x}, y = ${y}, A = ${listText(A)}, ` +
            `b = ${listText(b)}, C = ${listText(C)} and d = ${d}.`,
          ...lettered([
            "Forward pass: compute z = Ax + b, h = σ(z), y_pred and L.",
            "Backward pass: compute ∂L/∂y_pred, ∂L/∂d, ∂L/∂C, ∂L/∂b and ∂L/∂A.",
            `Take one gradient-descent step with learning rate α = ${lr}: give the new A, b, C and d.`,
          ]),
        ],
      };
    }
  },
};
