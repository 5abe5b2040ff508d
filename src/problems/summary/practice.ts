import type { Rng } from "../../core/random.js";
import { lettered } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee:
    "a small CNN on a square image or an LSTM over a sequence, whole-number sizes whose counts stay below a million",
  generate(rng: Rng) {
    if (rng.pick([true, false])) {
      const [c1, c2] = [rng.pick([8, 16, 32]), rng.pick([16, 32, 64])];
      const layers = [
        `conv k=3 p=1 c=${c1}`,
        "relu",
        "maxpool k=2",
        `conv k=3 p=1 c=${c2}`,
        "relu",
        "maxpool k=2",
        "flatten",
        "linear 10",
      ].join("; ");
      return {
        input: { shape: "1,28,28", layers },
        statement: [
          `A CNN takes 28×28 grey-scale images: ${layers.replace(/; /g, ", ")}.`,
          ...lettered(["Give each layer's output shape.", "Count each layer's parameters and the total."]),
        ],
      };
    }
    const [h, F] = [rng.pick([16, 32, 64, 100]), rng.pick([8, 10, 25])];
    return {
      input: { shape: `20,${F}`, layers: `lstm h=${h}; linear 1` },
      statement: [
        `An LSTM with ${h} units reads sequences of 20 steps of ${F} features; ` +
          "a linear layer maps each state to one output.",
        ...lettered([
          "How many parameters has the LSTM, as PyTorch counts them? As Keras counts them?",
          "And the whole model?",
        ]),
      ],
    };
  },
};
