import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): review problem 4 with new numbers. */
export const practice: PracticeGenerator = {
  guarantee: "Σ ∂L/∂y divisible by m = 4 and γ whole: mean(∂L/∂y) and every ∂L/∂xᵢ are whole numbers",
  generate(rng) {
    let dLdy: number[];
    do dLdy = rng.ints(4, -6, 6);
    while (dLdy.reduce((s, v) => s + v, 0) % 4 !== 0 || dLdy.every((v) => v === dLdy[0]));
    const gamma = rng.pick([1, 2, 3, -1, -2]);
    return {
      input: { dLdy, gamma },
      statement: [
        `A layer computes yᵢ = γ(xᵢ − μ), where μ = (1/m)Σⱼ xⱼ is the mean of a batch of m = 4 and γ = ${gamma}. ` +
          `The upstream gradient is ∂L/∂y = ${listText(dLdy)}.`,
        ...lettered(["Derive ∂L/∂xᵢ in terms of ∂L/∂y, remembering that μ depends on every xⱼ.", "Compute ∂L/∂x."]),
      ],
    };
  },
};
