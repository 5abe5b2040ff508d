// The registry: every problem, sorted by name; each name equals its file or folder name.
import { activationProblem } from "./activation/index.js";
import { attention } from "./attention/index.js";
import { batchnorm } from "./batchnorm/index.js";
import { conv } from "./conv/index.js";
import { convShape } from "./conv-shape/index.js";
import { demeanBackprop } from "./demean-backprop/index.js";
import { dropout } from "./dropout/index.js";
import { graph } from "./graph/index.js";
import { init } from "./init/index.js";
import { layernorm } from "./layernorm/index.js";
import { loss } from "./loss/index.js";
import { mlpGrads } from "./mlp-grads/index.js";
import { network } from "./network/index.js";
import { optimizer } from "./optimizer/index.js";
import { pool } from "./pool/index.js";
import type { Problem } from "./problem.js";
import { ridge } from "./ridge/index.js";
import { rnn } from "./rnn/index.js";
import { sigmoidGrad } from "./sigmoid-grad/index.js";
import { softmaxCe } from "./softmax-ce/index.js";
import { summary } from "./summary/index.js";

export const problems: readonly Problem[] = [
  activationProblem,
  attention,
  batchnorm,
  conv,
  convShape,
  demeanBackprop,
  dropout,
  graph,
  init,
  layernorm,
  loss,
  mlpGrads,
  network,
  optimizer,
  pool,
  ridge,
  rnn,
  sigmoidGrad,
  softmaxCe,
  summary,
];

export function findProblem(name: string): Problem | undefined {
  return problems.find((p) => p.name === name);
}
