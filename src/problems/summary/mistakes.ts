import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { SummaryInput } from "./input.js";
import { rowsOf } from "./input.js";
import { int } from "./steps.js";

export function mistakes(input: SummaryInput | undefined, _sol: Solution): Mistake[] {
  if (!input) return [];
  const rows = rowsOf(input);
  const out: Mistake[] = [
    {
      id: "no-bias-params",
      answer: { params: int(rows.reduce((s, r) => s + r.count.withoutBias, 0)) },
      says: (field, v) => `your ${field} ${v} counts the weights without the biases`,
    },
  ];
  if (rows.some((r) => r.count.other)) {
    const otherTotal = rows.reduce((s, r) => s + (r.count.other?.params ?? r.count.params), 0);
    const keras = rows.find((r) => r.count.other)?.count.other?.convention.startsWith("one") === true;
    out.push({
      id: keras ? "one-bias" : "two-biases",
      answer: { params: int(otherTotal) },
      says: (field, v) =>
        keras
          ? `your ${field} ${v} counts one bias per gate, as Keras; PyTorch's recurrent layers have two (b_ih and b_hh)`
          : `your ${field} ${v} counts two biases per gate, as PyTorch; with biases=1 there is one, as Keras counts`,
    });
  }
  return out;
}
