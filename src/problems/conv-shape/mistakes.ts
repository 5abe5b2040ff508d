import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { ConvInput } from "./input.js";
import { answerWith } from "./run.js";

/** SPEC 6.2 for conv-shape: padding added once, the + 1 left out, biases not counted. */
export function mistakes(input: ConvInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [];
  const padded = input.layers.some((l) => l.padding[0] > 0 || l.padding[1] > 0);
  const once = padded
    ? answerWith(input, (l) => ({ ...l, padding: [l.padding[0] / 2, l.padding[1] / 2] as [number, number] }))
    : undefined;
  if (once) {
    out.push({
      id: "padding-once",
      answer: once,
      says: (field, given) => `your ${field} ${given} adds the padding once (n + p); it goes on both sides: n + 2p`,
    });
  }
  const minusOne = answerWith(input, (l) => l, { noPlusOne: true });
  if (minusOne) {
    out.push({
      id: "no-plus-one",
      // the MACs count every output position, so they carry the mistake too
      answer: {
        output: minusOne.output as AnswerValue,
        macs: minusOne.macs as AnswerValue,
        layers: minusOne.layers as AnswerValue,
      },
      says: (field, given) =>
        `your ${field} ${given} leaves out the + 1` +
        `${field.startsWith("macs") ? " in the output sizes it counts" : ""}: ` +
        "out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 counts the first window too",
    });
  }
  const biased = input.layers.some((l) => l.type === "conv" && l.bias);
  const noBias = biased ? answerWith(input, (l) => ({ ...l, bias: false })) : undefined;
  if (noBias) {
    out.push({
      id: "no-bias-params",
      answer: { params: noBias.params as AnswerValue, layers: noBias.layers as AnswerValue },
      says: (field, given) => `your ${field} ${given} leaves out the biases: one per output channel of each conv`,
    });
  }
  return out;
}
