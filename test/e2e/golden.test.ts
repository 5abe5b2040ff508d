// Golden files: the text output of the seed problems, reviewed by eye.
// Regenerate with UPDATE_GOLDEN=1 npm test, then read the diff before committing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

const GOLDEN: Array<[string, string[]]> = [
  ["batchnorm-seed", ["batchnorm", "1", "7", "7", "9"]],
  ["layernorm-sample", ["layernorm", "1", "7", "7", "9", "--dLdy", "1,0,0,0"]],
  ["layernorm-batch", ["layernorm", "--x", "1 2 3; 2 4 9", "--gamma", "1,2,1", "--beta", "0,0,1"]],
  ["optimizer-adam", ["optimizer", "--method", "adam", "--theta", "0.5,-1", "--lr", "0.1", "--grads", "1 -2; 0.5 0.5"]],
  [
    "optimizer-quadratic",
    ["optimizer", "--theta", "0,-2", "--lr", "1/10", "--H", "4 -4; -4 10", "--c", "1,-2", "--steps", "3"],
  ],
  ["conv-shape-lenet", ["conv-shape", "--size", "28", "--layers", "conv k=5 c=6; pool k=2; conv k=5 c=16; pool k=2"]],
  [
    "attention-causal",
    [
      "attention",
      "--Q",
      "1 0 1 0; 0 1 0 1; 1 1 0 0",
      "--K",
      "1 0 1 0; 0 1 0 1; 1 1 0 0",
      "--V",
      "1; 2; 3",
      "--mask",
      "causal",
    ],
  ],
  ["softmax-ce-class", ["softmax-ce", "2", "1", "0", "--target", "1"]],
  ["graph-cs231n", ["graph", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4"]],
  [
    "graph-neuron",
    ["graph", "s = w0*x0 + w1*x1 + w2; f = 1 / (1 + exp(-s))", "w0=2", "x0=-1", "w1=-3", "x1=-2", "w2=-3"],
  ],
  ["graph-bce-symbolic", ["graph", "L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", "--wrt", "z"]],
  [
    "init-xavier-tanh",
    ["init", "--scheme", "xavier-uniform", "--fan-in", "64", "--fan-out", "100", "--nonlinearity", "tanh"],
  ],
  ["loss-svm", ["loss", "svm", "--pred", "3.2 5.1 -1.7; 1.3 4.9 2.0", "--target", "1,2"]],
  ["dropout-mask", ["dropout", "--x", "1,2,3,4", "--p", "1/2", "--mask", "1,0,1,1"]],
  ["activation-gelu", ["activation", "gelu", "-1", "0", "1.45"]],
  ["summary-lstm", ["summary", "--shape", "10,25", "--layers", "lstm h=100"]],
  [
    "summary-cnn",
    [
      "summary",
      "--shape",
      "3,32,32",
      "--layers",
      "conv k=5 s=2 p=2 c=32 bias=0; batchnorm; relu; avgpool k=2; conv k=3 p=1 c=64 g=2; flatten; linear 10",
    ],
  ],
  ["conv-average", ["conv", "--x", "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15", "--kernel", "1/4 1/4; 1/4 1/4"]],
  ["conv-backward", ["conv", "--x", "2,0,1,-3,1,0,2", "--kernel", "1,1,0", "--bias", "0.5", "--dLdy", "-2,-1,-2,-2,1"]],
  ["pool-max-backward", ["pool", "--x", "3 2 1 1; 4 3 3 5; 0 3 0 4; 2 2 1 1", "--kernel", "2", "--dLdy", "1 1; 1 0"]],
  ["rnn-tanh", ["rnn", "--x", "0.5,0.2,-1.6", "--Wx", "-1.3", "--Wh", "-1.5", "--b", "0.2", "--y", "-1.6"]],
  [
    "rnn-lstm",
    ["rnn", "--cell", "lstm", "--x", "1,0", "--Wx", "0.5,0.5,0.5,0.5", "--Wh", "0.1,0.2,0.3,0.4", "--y", "0.5"],
  ],
  [
    "network-tutorial",
    [
      "network",
      "--x",
      "0.05,0.10",
      "--W1",
      "[[0.15,0.20],[0.25,0.30]]",
      "--b1",
      "0.35",
      "--W2",
      "[[0.40,0.45],[0.50,0.55]]",
      "--b2",
      "0.60",
      "--y",
      "0.01,0.99",
      "--output",
      "sigmoid",
      "--loss",
      "half-squared",
      "--lr",
      "0.5",
    ],
  ],
  [
    "network-softmax-batch",
    [
      "network",
      "--x",
      "[[1,0],[0,1]]",
      "--W1",
      "[[1,2],[-1,1]]",
      "--W2",
      "[[1,0],[0,1],[1,1]]",
      "--activation",
      "relu",
      "--output",
      "softmax",
      "--y",
      "1,3",
    ],
  ],
  ["softmax-ce-batch", ["softmax-ce", "--z", "1 2 3; 1 0 0", "--target", "3,1"]],
  ["batchnorm-matrix", ["batchnorm", "--x", "1 2; 3 4; 5 9", "--gamma", "2", "--beta", "1/2"]],
  ["sigmoid-grad-derivation", ["sigmoid-grad"]],
  ["sigmoid-grad-values", ["sigmoid-grad", "-2", "0", "2", "40"]],
  ["mlp-grads-symbolic", ["mlp-grads"]],
  ["demean-backprop-seed", ["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2", "--x", "1,7,7,9"]],
  ["batchnorm-backward", ["batchnorm", "1", "7", "7", "9", "--dLdy", "1,0,0,0"]],
  ["batchnorm-matrix-backward", ["batchnorm", "--x", "2 4; 4 0; 6 8; 0 4", "--dLdy", "1 0; 0 1; 1 1; 0 -1"]],
  ["ridge-exact", ["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "1/2"]],
  ["ridge-path", ["ridge", "--A", "1 2; 3 4; 5 6", "--b", "1,0,1", "--lambda", "0.1,1,10"]],
  [
    "mlp-grads-seed",
    ["mlp-grads", "--x", "1", "--y", "0", "--A", "1,-1", "--b", "0,0", "--C", "1,1", "--d", "0", "--lr", "0.5"],
  ],
  [
    "mlp-grads-relu-exact",
    [
      "mlp-grads",
      "--x",
      "2",
      "--y",
      "3",
      "--A",
      "1/2,-1",
      "--b",
      "0,1",
      "--C",
      "1,2",
      "--d",
      "0",
      "--activation",
      "relu",
      "--lr",
      "1/10",
      "--steps",
      "5",
    ],
  ],
];

/** The seed problems also in Markdown and LaTeX. */
const SEED_FORMATS = [
  "batchnorm-seed",
  "sigmoid-grad-values",
  "mlp-grads-symbolic",
  "mlp-grads-seed",
  "ridge-exact",
  "demean-backprop-seed",
  "batchnorm-backward",
];
const CASES: Array<[string, string[]]> = [
  ...GOLDEN.map(([name, args]) => [`${name}.txt`, args] as [string, string[]]),
  ...GOLDEN.filter(([name]) => SEED_FORMATS.includes(name)).flatMap(([name, args]) => [
    [`${name}.md`, [...args, "--format", "markdown"]] as [string, string[]],
    [`${name}.tex`, [...args, "--format", "latex"]] as [string, string[]],
  ]),
];

describe("golden output", () => {
  it.each(CASES)("%s", async (name, args) => {
    const file = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
    const r = await cli(args);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, r.stdout);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test and review it`).toBe(true);
    expect(r.stdout).toBe(readFileSync(file, "utf8"));
  });
});
