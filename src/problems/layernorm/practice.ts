import { cleanDeviations, lettered, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): two clean samples, each normalised over its own features. */
export const practice: PracticeGenerator = {
  guarantee:
    "2 samples of 4 whole-number features, each sample with a whole-number mean and a perfect-square variance " +
    "(÷ D): every σ whole and x̂ fractions; γ and β one small number each",
  generate(rng) {
    const x = [0, 1].map(() => {
      const mean = rng.int(-2, 8);
      return cleanDeviations(rng, 4, 5).map((d) => mean + d);
    });
    const gamma = rng.pick([1, 2, 3]);
    const beta = rng.pick([0, 1, -1]);
    return {
      input: { x, gamma, beta },
      statement: [
        "A layer normalisation layer receives N = 2 samples of D = 4 features (rows = samples): " +
          `x = ${matrixText(x)}, with γ = ${gamma} and β = ${beta} for every feature, and ε = 0.`,
        ...lettered([
          "For each sample, compute the mean μ and the variance σ² over its features (divide by D).",
          "Compute x̂ = (x − μ)/σ for every entry.",
          "Compute y = γx̂ + β.",
        ]),
      ],
    };
  },
};
