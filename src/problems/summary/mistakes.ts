import { InputError } from "../../errors.js";
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
      answer: { params: int(rows.reduce((s, r) => s + r.count.withoutBias, 0n)) },
      says: (field, v) => `your ${field} ${v} counts the weights without the biases`,
    },
  ];
  if (rows.some((r) => r.count.other)) {
    const otherTotal = rows.reduce((s, r) => s + (r.count.other?.params ?? r.count.params), 0n);
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
  const minusOne = withoutPlusOne(input);
  if (minusOne) out.push(minusOne);
  return out;
}

const SPATIAL = ["conv", "convtranspose", "maxpool", "avgpool", "pool"];

/** The output shape and the parameters (a linear layer after a flatten counts the sizes) without the + 1. */
function withoutPlusOne(input: SummaryInput): Mistake | undefined {
  if (!input.layers.some((l) => SPATIAL.includes(l.type))) return undefined;
  let rows: ReturnType<typeof rowsOf>;
  try {
    rows = rowsOf(input, 0);
  } catch (e) {
    // a size of 0 or less: the mistake cannot be what the student computed
    if (e instanceof InputError) return undefined;
    throw e;
  }
  return {
    id: "no-plus-one",
    answer: {
      output: (rows[rows.length - 1]?.shape ?? []).map(int),
      params: int(rows.reduce((s, r) => s + r.count.params, 0n)),
    },
    says: (field, v) =>
      `your ${field} ${v} leaves the + 1 out of the output sizes: out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1` +
      (field === "params" ? "; the layer after the flatten counts its inputs from them" : ""),
  };
}
