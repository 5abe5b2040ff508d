import type { Rng } from "../../core/random.js";
import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

export const practice: PracticeGenerator = {
  guarantee:
    "the multiclass SVM loss of CS231n on whole-number scores: every margin, loss and gradient a whole number or " +
    "a simple fraction",
  generate(rng: Rng) {
    const pred = [rng.ints(3, -3, 3), rng.ints(3, -3, 3)];
    const target = [rng.int(1, 3), rng.int(1, 3)];
    return {
      input: { kind: "svm", pred, target },
      statement: [
        `Two samples have class scores ${listText(pred[0] as number[])} and ${listText(pred[1] as number[])}; ` +
          `their classes are ${target[0]} and ${target[1]}.`,
        ...lettered([
          "Compute each sample's multiclass SVM loss with Δ = 1, writing out each margin.",
          "Give the mean loss and its gradient with respect to the scores.",
        ]),
      ],
    };
  },
};
