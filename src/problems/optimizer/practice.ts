import { lettered, listText, matrixText, subscriptDigits } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** How a practice statement names each method it draws. */
const PRACTICE_METHODS: Record<"sgd" | "momentum" | "nesterov" | "adam", string> = {
  sgd: "gradient descent (SGD)",
  momentum: "SGD with momentum μ = 0.9 (PyTorch's rule: b ← μb + g, θ ← θ − αb)",
  nesterov: "SGD with Nesterov momentum μ = 0.9 (PyTorch's rule: b ← μb + g, θ ← θ − α(g + μb))",
  adam: "Adam with β₁ = 0.9, β₂ = 0.999 and ε = 1e-8",
};

/** Practice (SPEC 4.12): a few steps by hand, exact for the momentum family. */
export const practice: PracticeGenerator = {
  guarantee:
    "sgd, momentum or nesterov with lr ∈ {1/10, 1/4, 1/2} and whole-number θ₀ and gradients: every value an " +
    "exact fraction; or sgd with lr 1/4 on a diagonal quadratic with curvatures 1, 2 or 4: every θ a fraction " +
    "over a power of 2; adam with lr 0.1 and one-digit gradients",
  generate(rng) {
    const method = rng.pick(["sgd", "momentum", "nesterov", "adam"] as const);
    const theta = rng.ints(2, -3, 3);
    const named = PRACTICE_METHODS[method];
    if (method === "sgd" && rng.chance(0.5)) {
      const H = [
        [rng.pick([1, 2, 4]), 0],
        [0, rng.pick([1, 2, 4])],
      ];
      const c = rng.ints(2, -4, 4);
      const lr = "1/4";
      const steps = rng.pick([2, 3]);
      return {
        input: { method, theta, lr, H, c, steps },
        statement: [
          `Minimise f(θ) = ½θᵀHθ − cᵀθ with H = ${matrixText(H)} and c = ${listText(c)} by ${named}, from ` +
            `θ₀ = ${listText(theta)} with learning rate α = ${lr}.`,
          ...lettered([
            `Take ${steps} steps: give θ after each.`,
            "Compute f(θ) after each step, and the minimiser θ* = H⁻¹c.",
            "For which learning rates does gradient descent on f converge?",
          ]),
        ],
      };
    }
    const steps = method === "adam" ? rng.pick([1, 2]) : rng.pick([2, 3]);
    const grads = Array.from({ length: steps }, () => {
      let g: number[];
      do g = rng.ints(2, -4, 4);
      while (g.every((v) => v === 0));
      return g;
    });
    const lr = method === "adam" ? "0.1" : rng.pick(["1/10", "1/4", "1/2"]);
    const given = grads.map((g, t) => `g${subscriptDigits(t + 1)} = ${listText(g)}`).join(", ");
    const state =
      method === "adam"
        ? ["Give m, v, m̂ and v̂ after each step."]
        : method === "sgd"
          ? []
          : ["Give the velocity b after the last step."];
    return {
      input: { method, theta, lr, grads },
      statement: [
        `Starting from θ₀ = ${listText(theta)}, take ${steps} step${steps > 1 ? "s" : ""} of ${named} with ` +
          `learning rate α = ${lr}. The gradients are ${given}.`,
        ...lettered(["Give θ after each step.", ...state]),
      ],
    };
  },
};
