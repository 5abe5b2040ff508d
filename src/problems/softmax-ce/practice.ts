import { lettered, listText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): one sample, logits that give short decimals or small whole numbers. */
export const practice: PracticeGenerator = {
  guarantee:
    "K = 3 or 4 classes; half the time logits zₖ = ln nₖ with whole nₖ summing to 4, 5, 8 or 10, so p = n/Σn " +
    "and p − y are short decimals; else whole-number logits from −2 to 3",
  generate(rng) {
    const K = rng.pick([3, 4]);
    let z: Array<number | string>;
    let shown: Array<number | string>;
    if (rng.chance(0.5)) {
      let n: number[];
      do n = rng.ints(K, 1, 5);
      while (![4, 5, 8, 10].includes(n.reduce((s, v) => s + v, 0)));
      z = n.map((v) => (v === 1 ? "0" : `log(${v})`));
      shown = n.map((v) => (v === 1 ? "0" : `ln ${v}`));
    } else {
      z = rng.ints(K, -2, 3);
      shown = z;
    }
    const target = rng.int(1, K);
    return {
      input: { z, target },
      statement: [
        `A classifier outputs the logits z = ${listText(shown)} for K = ${K} classes; the correct class is ` +
          `${target} (classes counted from 1). The loss is the cross-entropy of softmax(z).`,
        ...lettered([
          "Compute the softmax probabilities p. Why may max(z) be subtracted from every logit first?",
          "Compute the loss L = −log p_y.",
          "Compute the gradient ∂L/∂z.",
        ]),
      ],
    };
  },
};
