// Runs one invocation: validate → solve → render → write. Owns the exit code.
import { checkAnswers, parseExpectOption, type CheckResult } from "../check.js";
import { renderJson } from "../render/json.js";
import type { RenderOptions } from "../render/options.js";
import { renderLatex } from "../render/latex.js";
import { renderMarkdown } from "../render/markdown.js";
import { renderText } from "../render/text.js";
import { solveProblem } from "../problems/problem.js";
import type { Solution } from "../solution.js";
import { readFields, type GlobalOptions, type Invocation, type Output } from "./program.js";
import { runSolve } from "./solve.js";

export interface Environment {
  /** stdout is a terminal */
  isTTY: boolean;
  /** NO_COLOR is set (to anything non-empty) */
  noColorEnv: boolean;
}

export function renderOptions(g: GlobalOptions, env: Environment): RenderOptions {
  return { precision: g.precision, quiet: g.quiet, color: !g.noColor && !env.noColorEnv && env.isTTY };
}

/** The rendered solution, in parts to write one after another (JSON keeps big arrays apart). */
export function render(sol: Solution, g: GlobalOptions, env: Environment, check?: CheckResult): string[] {
  const opts = renderOptions(g, env);
  switch (g.format) {
    case "json":
      return renderJson(sol, opts, check);
    case "text":
      return [renderText(sol, opts, check)];
    case "markdown":
      return [renderMarkdown(sol, opts, check)];
    case "latex":
      return [renderLatex(sol, opts, check, g.standalone)];
  }
}

/** Solve and print; returns the exit code. InputError propagates to main's catch. */
export async function runInvocation(inv: Invocation, output: Output, env: Environment): Promise<number> {
  if (inv.kind === "done") return inv.code;
  if (inv.kind === "solve") return runSolve(inv.files, inv.options, output, env);
  const fields = await readFields(inv);
  const expected = inv.options.expect === undefined ? undefined : parseExpectOption(inv.options.expect);
  const solution = solveProblem(inv.problem, fields);
  const check = expected === undefined ? undefined : checkAnswers(solution, expected, "expect");
  for (const part of render(solution, inv.options, env, check)) await output.out(part);
  return check && !check.passed ? 1 : 0;
}
