import * as sc from "../../core/scalar.js";
import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { AttentionInput } from "./input.js";
import { answerOf, scaledText } from "./steps.js";

/** Mistakes with attention: the scale left out, the softmax down the columns, the mask ignored. */
export function mistakes(input: AttentionInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [];
  if (!sc.isZero(sc.sub(input.scale, sc.frac(1)))) {
    out.push({
      id: "no-scale",
      answer: answerOf({ ...input, scale: sc.frac(1) }),
      says: (field, given) => `your ${field} ${given} leaves out the scale: S = ${scaledText(input)}, not QKᵀ`,
    });
  }
  const masked = input.allowed.some((row) => row.some((a) => !a));
  if (!masked && input.Q.length > 1 && input.K.length > 1) {
    out.push({
      id: "softmax-over-columns",
      answer: answerOf(input, true),
      says: (field, given) =>
        `your ${field} ${given} takes the softmax down each column; each query's row of S is normalised: rows sum to 1`,
    });
  }
  if (masked) {
    const all = input.allowed.map((row) => row.map(() => true));
    out.push({
      id: "mask-ignored",
      answer: answerOf({ ...input, allowed: all }),
      says: (field, given) => `your ${field} ${given} ignores the mask; a masked score is −∞ and its weight 0`,
    });
  }
  return out;
}
