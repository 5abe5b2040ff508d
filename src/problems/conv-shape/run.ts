import { convStack, type Layer, type LayerResult } from "../../core/conv.js";
import * as sc from "../../core/scalar.js";
import type { AnswerGroup, AnswerValue } from "../../solution/solution.js";
import type { ConvInput } from "./input.js";

/** The answer fields of a computed stack. */
export function answerOf(results: readonly LayerResult[]): Record<string, AnswerValue> {
  const frac = (v: number | bigint) => sc.frac(v);
  const last = results[results.length - 1] as LayerResult;
  const layers: AnswerGroup[] = results.map((r) => ({
    shape: [r.channels, r.dims[0].output, r.dims[1].output].map(frac),
    params: frac(r.params),
    macs: frac(r.macs),
    receptiveField: [r.dims[0].receptiveField, r.dims[1].receptiveField].map(frac),
    jump: [r.dims[0].jump, r.dims[1].jump].map(frac),
  }));
  return {
    output: [last.channels, last.dims[0].output, last.dims[1].output].map(frac),
    params: frac(results.reduce((t, r) => t + r.params, 0n)),
    macs: frac(results.reduce((t, r) => t + r.macs, 0n)),
    layers,
  };
}

/** The answer with the layers changed as a mistake changes them; undefined when that stack cannot be computed. */
export function answerWith(
  input: ConvInput,
  change: (l: Layer) => Layer,
  variant: { noPlusOne?: boolean } = {},
): Record<string, AnswerValue> | undefined {
  const results = convStack(input.size, input.channels, input.layers.map(change), variant);
  // the mistaken sizes leave no output (below 1): nothing to compare
  if (results.some((r) => r.dims.some((d) => d.output < 1))) return undefined;
  return answerOf(results);
}
