// summary (SPEC 4.17): a model's shapes and parameter counts layer by layer,
// as torchinfo or Keras's model.summary() print them, with the formula behind
// every count and the other framework's bias convention beside it.

import { thousands } from "../../core/layers.js";
import type { AnswerGroup, Cell, Solution, Step, Value } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { fields, rowsOf, type SummaryInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { practice } from "./practice.js";
import { int, layerLine, STEPS_SHOWN, shapeText } from "./steps.js";
import { symbolicSolution } from "./symbolic.js";

function solve(input: SummaryInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const rows = rowsOf(input);
  const params = rows.reduce((s, r) => s + r.count.params, 0n);
  const nonTrainable = rows.reduce((s, r) => s + (r.count.nonTrainable ?? 0n), 0n);
  const steps: Step[] = [];
  const prevs = [input.shape, ...rows.map((r) => r.shape)];
  steps.push({
    title: "Each layer: its output shape and its parameters",
    derivation: rows.slice(0, STEPS_SHOWN).map((r, i) => layerLine(r, prevs[i] as number[])),
    answerFields: ["layers"],
    notes:
      rows.length > STEPS_SHOWN
        ? [`the first ${STEPS_SHOWN} of ${rows.length} layers written out; the table holds them all`]
        : [],
  });
  steps.push({
    title: "The summary",
    tables: [
      {
        columns: [
          { header: "#", cells: rows.map((_, i) => int(i + 1)) as Cell[] },
          { header: "layer", cells: rows.map((r) => r.spec.type) },
          { header: "output", cells: rows.map((r) => shapeText(r.shape)) },
          { header: "params", cells: rows.map((r) => int(r.count.params)) as Cell[] },
        ],
      },
    ],
    answerFields: ["output", "params", "nonTrainable"],
    notes: [
      `trainable ${thousands(params)}, not trained ${thousands(nonTrainable)}; ` +
        `in float32 the parameters take ${((Number(params + nonTrainable) * 4) / 1e6).toFixed(2)} MB (4 bytes each)`,
    ],
  });
  const layers: AnswerGroup[] = rows.map((r) => ({
    type: r.spec.type,
    shape: r.shape.map(int) as Value,
    params: int(r.count.params),
  }));
  return {
    problem: "summary",
    title: `A model of ${rows.length} layer${rows.length === 1 ? "" : "s"} on ${shapeText(input.shape)}`,
    input: { shape: shapeText(input.shape), layers: input.text },
    summary: `${thousands(params)} trainable parameters, ${thousands(nonTrainable)} not trained`,
    steps,
    answer: {
      output: rows[rows.length - 1]?.shape.map(int) as Value,
      params: int(params),
      nonTrainable: int(nonTrainable),
      layers,
    },
    unlisted: ["layers"],
    warnings: [],
  };
}

export const summary = defineProblem<SummaryInput | undefined>({
  name: "summary",
  summary:
    "a model's shapes and parameter counts layer by layer (dense, conv, recurrent, attention, transformer, " +
    "embedding, " +
    "norms), each count as a formula with its numbers and the other framework's bias convention beside it",
  fields,
  answers: {
    output: "the shape after the last layer",
    params: "the trainable parameters in all",
    nonTrainable: "the buffers that are not trained (batchnorm's running statistics)",
    layers: "per layer: type, shape, params",
  },
  expectExample: `summary --shape 10,25 --layers "lstm h=100" --expect '{"params": 50800, "output": [10, 100]}'`,
  examples: [
    'summary --shape 10,25 --layers "lstm h=100"',
    'summary --shape 1,28,28 --layers "conv k=5 c=6; relu; maxpool k=2; conv k=5 c=16; relu; maxpool k=2; ' +
      'flatten; linear 120; linear 84; linear 10"',
    'summary --shape 10 --layers "embedding n=5000 d=64; transformer d=64 heads=2 ff=128 repeat=2; linear 5000" --json',
    "summary",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
