import type { Rng } from "../../core/random.js";
import { lettered, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee:
    "a 4×4 input of whole numbers 0–9 with distinct maxima in every 2×2 window, and a whole-number upstream gradient",
  generate(rng: Rng) {
    for (;;) {
      const x = Array.from({ length: 4 }, () => rng.ints(4, 0, 9));
      const ok = [0, 2].every((i) =>
        [0, 2].every((j) => {
          const v = [x[i]?.[j], x[i]?.[j + 1], x[i + 1]?.[j], x[i + 1]?.[j + 1]] as number[];
          const m = Math.max(...v);
          return v.filter((e) => e === m).length === 1;
        }),
      );
      if (!ok) continue;
      const dLdy = [rng.ints(2, -3, 3), rng.ints(2, -3, 3)];
      return {
        input: { x, kernel: 2, mode: "max", dLdy },
        statement: [
          `A 2×2 max-pooling layer with stride 2 takes the input x = ${matrixText(x)}.`,
          ...lettered([
            "Compute the output, and say where each window's maximum is.",
            `Given ∂L/∂y = ${matrixText(dLdy)}, compute ∂L/∂x.`,
            "What would average pooling give instead?",
          ]),
        ],
      };
    }
  },
};
