import { lettered, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): two queries with d = 4, so that the scale is 1/2. */
export const practice: PracticeGenerator = {
  guarantee:
    "d = 4, so the scale 1/√d = 1/2 is exact; Q and K entries in {−1, 0, 1} and V whole numbers from 0 to 4: " +
    "every score a multiple of 1/2; sometimes a causal mask",
  generate(rng) {
    const m = rng.pick([2, 3]);
    const row = () => {
      let r: number[];
      do r = rng.ints(4, -1, 1);
      while (r.every((v) => v === 0));
      return r;
    };
    const Q = [row(), row()];
    const K = Array.from({ length: m }, row);
    const dv = rng.pick([1, 2]);
    const V = Array.from({ length: m }, () => rng.ints(dv, 0, 4));
    const causal = m === 2 && rng.chance(0.4);
    return {
      input: { Q, K, V, ...(causal ? { mask: "causal" } : {}) },
      statement: [
        `Scaled dot-product attention with n = 2 queries and m = ${m} keys of dimension d = 4 (rows = tokens): ` +
          `Q = ${matrixText(Q)}, K = ${matrixText(K)}, V = ${matrixText(V)}` +
          `${causal ? ", with a causal mask (query i attends only to keys j ≤ i)" : ""}.`,
        ...lettered([
          "Compute the scores S = QKᵀ/√d.",
          "Compute the attention weights A, the softmax of each row of S.",
          "Compute the output O = AV.",
        ]),
      ],
    };
  },
};
