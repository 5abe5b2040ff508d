import { cleanDeviations, lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): a clean batch of 4, as the review's 1 7 7 9. */
export const practice: PracticeGenerator = {
  guarantee:
    "a batch of 4 whole numbers with a whole-number mean and a perfect-square variance (÷ m): σ is a whole " +
    "number and x̂ = (x − μ)/σ are fractions; γ and β small; half the time a whole-number ∂L/∂y",
  generate(rng) {
    const mean = rng.int(-3, 10);
    const x = cleanDeviations(rng, 4, 6).map((d) => mean + d);
    const gamma = rng.pick([1, 2, 3, "1/2"]);
    const beta = rng.pick([0, 1, -1, 2]);
    const dLdy = rng.chance(0.5) ? rng.ints(4, -3, 3) : undefined;
    const parts = [
      "Compute the batch mean μ and the variance σ² (divide by m).",
      "Compute the normalised values x̂ᵢ = (xᵢ − μ)/σ.",
      "Compute the outputs yᵢ = γx̂ᵢ + β.",
      ...(dLdy ? [`Given the upstream gradient ∂L/∂y = ${listText(dLdy)}, compute ∂L/∂x, ∂L/∂γ and ∂L/∂β.`] : []),
    ];
    return {
      input: { x, gamma, beta, ...(dLdy ? { dLdy } : {}) },
      statement: [
        `A batch normalisation layer receives a mini-batch of m = 4 values of one feature, x = ${listText(x)}, ` +
          `with γ = ${gamma}, β = ${beta} and ε = 0.`,
        ...lettered(parts),
      ],
    };
  },
};
