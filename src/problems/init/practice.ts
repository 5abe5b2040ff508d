import type { Rng } from "../../core/random.js";
import { lettered } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee: "whole-number fans, so the variance is an exact fraction (and the std exact where it is a perfect square)",
  generate(rng: Rng) {
    const fanIn = rng.pick([8, 18, 32, 50, 128]);
    const fanOut = rng.pick([16, 64, 100]);
    const scheme = rng.pick(["he-normal", "xavier-uniform"]);
    return {
      input: { scheme, fanIn, fanOut },
      statement: [
        `A layer with ${fanIn} inputs and ${fanOut} outputs per unit is initialised with ${scheme}.`,
        ...lettered([
          "Give the variance and the standard deviation of its weights.",
          "Why this variance? What would the other fan give?",
        ]),
      ],
    };
  },
};
