import type { Rng } from "../../core/random.js";
import { lettered, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee: "a 4×4 image and a 2×2 kernel of whole numbers from −2 to 3, so every output is a small whole number",
  generate(rng: Rng) {
    const x = Array.from({ length: 4 }, () => rng.ints(4, 0, 3));
    const kernel = [rng.ints(2, -2, 2), rng.ints(2, -2, 2)];
    const dLdy = Array.from({ length: 3 }, () => rng.ints(3, -1, 1));
    return {
      input: { x, kernel, dLdy },
      statement: [
        "A convolution layer (cross-correlation, stride 1, no padding) applies the kernel " +
          `k = ${matrixText(kernel)} to the image x = ${matrixText(x)}.`,
        ...lettered([
          "Give the output's size and compute every output entry.",
          `Given ∂L/∂y = ${matrixText(dLdy)}, compute ∂L/∂k and ∂L/∂bias.`,
          "Compute ∂L/∂x.",
        ]),
      ],
    };
  },
};
