import type { Rng } from "../../core/random.js";
import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee: "p of 1/2, 1/4 or 1/5 and whole-number inputs with a given mask: every value an exact fraction",
  generate(rng: Rng) {
    const p = rng.pick(["1/2", "1/4", "1/5"]);
    const x = rng.ints(4, -4, 4);
    const mask = [1, 0, ...rng.ints(2, 0, 1)];
    return {
      input: { x, p, mask },
      statement: [
        `Inverted dropout with p = ${p} (the probability of dropping) is applied to x = ${listText(x)} ` +
          `with the mask ${listText(mask)}.`,
        ...lettered([
          "Compute the output in training.",
          "What is E[y] for each unit, and the output at test time?",
          "What variance does dropout add to each unit?",
        ]),
      ],
    };
  },
};
