// attention: scaled dot-product attention, softmax(QKᵀ·scale)V, entry by
// entry, with causal or explicit masks.

import type { AnswerValue, Solution, Step, Value } from "../../solution/solution.js";
import { defineProblem } from "../problem.js";
import { type AttentionInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import {
  costStep,
  derivation,
  headSteps,
  outputStep,
  projectionStep,
  scoreStep,
  scores,
  softmaxRows,
  sumWeightStep,
  times,
  weightedValues,
  weightStep,
  weightsOf,
} from "./steps.js";

function solve(input: AttentionInput): Solution {
  if (input.symbolic) {
    return {
      problem: "attention",
      title: "Scaled dot-product attention, in symbols",
      input: {},
      summary: "give --Q, --K and --V (matrices, rows = tokens) for numbers",
      steps: [derivation()],
      answer: {},
      warnings: [],
    };
  }
  const n = input.Q.length;
  const m = input.K.length;
  const d_ = input.Q[0]!.length;
  const steps: Step[] = [derivation()];
  const answer: Record<string, AnswerValue> = {};
  if (input.projections) {
    steps.push(projectionStep(input));
    Object.assign(answer, { Q: input.Q, K: input.K, V: input.V });
  }
  if (input.heads > 1) {
    const output = headSteps(input, steps);
    answer.output = output;
  } else {
    const S_ = scores(input);
    const rows = input.normalize === "softmax" ? softmaxRows(S_) : undefined;
    const weights = rows ? rows.map((r) => r.p) : weightsOf(input, S_);
    const out = weightedValues(weights, input.V);
    const output = input.WO ? times(out, input.WO) : out;
    steps.push(
      scoreStep(input, S_),
      rows ? weightStep(input, S_, rows) : sumWeightStep(weights),
      outputStep(out, weights, input.V),
    );
    if (input.WO) steps.push({ title: "The output projection: O·W_O", value: output, answerFields: ["output"] });
    Object.assign(answer, { scores: S_ as Value, weights, output });
  }
  steps.push(costStep(n, m, d_, input.V[0]!.length));
  return {
    problem: "attention",
    title: `Attention: ${n} quer${n > 1 ? "ies" : "y"}, ${m} key${m > 1 ? "s" : ""}, d = ${d_}`,
    input: {
      Q: input.Q,
      K: input.K,
      V: input.V,
      ...(input.mask === "causal" ? { mask: "causal" } : {}),
      scale: input.scale,
    },
    summary:
      `${input.mask === "none" ? "no mask" : `${input.mask} mask`}; ` +
      "scores exact where Q, K and the scale are; the softmax in float64",
    steps,
    answer,
    warnings: [],
    maskedAnswers: ["scores"],
  };
}

export const attention = defineProblem<AttentionInput>({
  name: "attention",
  summary: "scaled dot-product attention softmax(QKᵀ/√d)V: scores, masks, row softmax, weights and output",
  fields: {
    Q: { kind: "matrix", help: "queries, n × d (rows = tokens)" },
    K: { kind: "matrix", help: "keys, m × d" },
    V: { kind: "matrix", help: "values, m × d_v" },
    mask: { kind: "raw", help: "causal (key j ≤ query i), or an n × m matrix of 1 (may attend) and 0 (masked)" },
    scale: { kind: "number", help: "the factor on QKᵀ (default 1/√d, per head 1/√(d/h))" },
    X: { kind: "matrix", help: "instead of Q, K, V: the tokens, n × d_model, with WQ, WK, WV (Q = XW_Q, …)" },
    WQ: { kind: "matrix", help: "the query projection, d_model × d" },
    WK: { kind: "matrix", help: "the key projection, d_model × d" },
    WV: { kind: "matrix", help: "the value projection, d_model × d_v" },
    heads: { kind: "count", max: 1024, help: "split d into this many equal heads (default 1), outputs concatenated" },
    WO: { kind: "matrix", help: "the output projection after the heads are concatenated (optional)" },
    normalize: {
      kind: "choice",
      choices: ["softmax", "sum"],
      help: "softmax (default), or sum: weights = scores / row sum (the simplified attention some texts start from)",
    },
  },
  answers: {
    scores: "S = QKᵀ·scale, n × m (a masked entry is null in JSON)",
    weights: "A = softmax of each row of S, n × m (rows sum to 1)",
    output: "O = AV, n × d_v (the heads concatenated, times W_O when given)",
    Q: "with X: Q = XW_Q",
    K: "with X: K = XW_K",
    V: "with X: V = XW_V",
  },
  expectExample: `attention --Q "1 0" --K "1 0; 0 1" --V "1; 0" --scale 1 --expect '{"weights": [[0.731, 0.269]]}'`,
  examples: [
    "attention",
    'attention --Q "1 0; 0 1" --K "1 0; 0 1" --V "1 2; 3 4"',
    'attention --Q "1 0 1 0; 0 1 0 1; 1 1 0 0" --K "1 0 1 0; 0 1 0 1; 1 1 0 0" --V "1; 2; 3" --mask causal',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "the weights as a heat map, a row per query",
  plots,
});
