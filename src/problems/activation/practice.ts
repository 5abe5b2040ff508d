import type { Rng } from "../../core/random.js";
import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee: "relu, leaky-relu or identity at whole-number z from −3 to 3 (one of them 0, the kink): every value exact",
  generate(rng: Rng) {
    const fn = rng.pick(["relu", "leaky-relu", "identity"]);
    const z = [...rng.ints(3, -3, 3), 0];
    return {
      input: { fn, z },
      statement: [
        `Take the activation ${fn} at z = ${listText(z)}.`,
        ...lettered([
          `Compute ${fn}(z) for each z.`,
          `Compute its derivative at each z; what does PyTorch take at z = 0?`,
        ]),
      ],
    };
  },
};
