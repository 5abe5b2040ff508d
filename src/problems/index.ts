// The registry: every problem, sorted by name; each name equals its file name.
import { batchnorm } from "./batchnorm.js";
import type { Problem } from "./problem.js";

export const problems: readonly Problem[] = [batchnorm];

export function findProblem(name: string): Problem | undefined {
  return problems.find((p) => p.name === name);
}
