import * as sc from "../../core/scalar.js";
import { lettered, listText, matrixText } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Practice (SPEC 4.12): a 3 × 2 ridge problem whose solution has small denominators. */
export const practice: PracticeGenerator = {
  guarantee:
    "A is 3 × 2 with entries from −2 to 2, no zero row and full column rank, b whole numbers, λ ∈ {1/2, 1, 2}: " +
    "the solution x is nonzero and each entry a fraction with denominator at most 30",
  generate(rng) {
    for (;;) {
      const A = [0, 1, 2].map(() => rng.ints(2, -2, 2));
      const b = rng.ints(3, -3, 3);
      if (A.some((r) => r.every((v) => v === 0))) continue; // a zero row is an equation 0 = bᵢ: no data
      const [p, q] = rng.pick([
        [1, 2],
        [1, 1],
        [2, 1],
      ] as const);
      // q(AᵀA + λI) x = q Aᵀb in whole numbers, solved by Cramer's rule
      const dot = (i: number, j: number) => A.reduce((s, r) => s + (r[i] as number) * (r[j] as number), 0);
      const atb = [0, 1].map((j) => A.reduce((s, r, i) => s + (r[j] as number) * (b[i] as number), 0));
      const [a, c, e] = [dot(0, 0), dot(0, 1), dot(1, 1)];
      if (a * e - c * c === 0) continue; // AᵀA singular: no least-squares solution to compare with
      const det = (q * a + p) * (q * e + p) - q * c * (q * c);
      const num = [
        q * (atb[0] as number) * (q * e + p) - q * c * q * (atb[1] as number),
        (q * a + p) * q * (atb[1] as number) - q * c * q * (atb[0] as number),
      ];
      if (num.every((v) => v === 0)) continue;
      if (num.some((v) => Math.abs(det) / sc.gcd(Math.abs(v), Math.abs(det)) > 30)) continue;
      const lambda = q === 1 ? p : `${p}/${q}`;
      return {
        input: { A, b, lambda },
        statement: [
          `Ridge regression: find x = argmin ‖Ax − b‖² + λ‖x‖² for A = ${matrixText(A)}, b = ${listText(b)} and ` +
            `λ = ${lambda}.`,
          ...lettered([
            "Compute AᵀA + λI and Aᵀb.",
            "Solve for x, as exact fractions.",
            "Compute the singular values σᵢ of A and the shrink factors σᵢ²/(σᵢ² + λ): which direction does λ " +
              "shrink most?",
          ]),
        ],
      };
    }
  },
};
