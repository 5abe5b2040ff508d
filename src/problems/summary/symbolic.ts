import * as F from "../../solution/formula.js";
import type { DerivationLine, Solution } from "../../solution/solution.js";

export function symbolicSolution(): Solution {
  const line = (formula: string, reason: string): DerivationLine => ({ formula: F.text(formula), reason });
  return {
    problem: "summary",
    title: "Counting a model's parameters, in symbols",
    input: {},
    steps: [
      {
        title: "Per layer",
        derivation: [
          line("linear: F·n + n", "a weight per input and output, a bias per output"),
          line("conv: (k·k·C_in/g + 1)·c", "a k×k kernel over C_in/g channels per filter, a bias each"),
          line("lstm: 4·(H·F + H·H + 2H)", "four gates; PyTorch has b_ih and b_hh (2H), Keras one bias (H)"),
          line("gru: 3·(H·F + H·H + 2H)", "three gates; rnn: one"),
          line("embedding: V·D", "a D-vector per token"),
          line("attention: 4(d·d + d)", "W_Q, W_K, W_V, W_O and their biases"),
          line("transformer: 4(d·d + d) + 2·d·ff + ff + d + 4d", "attention, the feed-forward pair, two layer norms"),
          line("batchnorm: 2C (+ 2C not trained)", "γ, β; the running mean and variance are buffers"),
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
