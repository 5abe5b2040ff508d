// Runs one invocation: validate → solve → render → write. Owns the exit code.
import { checkAnswers, parseExpectOption } from "../check.js";
import { mistakesOf, solveProblem } from "../problems/problem.js";
import { render } from "../render/index.js";
import { DEFAULT_WIDTH, MIN_WIDTH, type RenderOptions } from "../render/options.js";
import type { Io } from "./io.js";
import { runPractice } from "./practice.js";
import { type GlobalOptions, type Invocation, readFields } from "./program.js";
import { runSolve } from "./solve.js";

/** The renderer's options: colour only on a terminal, and not when NO_COLOR or --no-color says so. */
export function renderOptions(g: GlobalOptions, io: Pick<Io, "isTTY" | "noColorEnv" | "columns">): RenderOptions {
  const width = Math.max(MIN_WIDTH, io.columns ?? DEFAULT_WIDTH);
  return { precision: g.precision, quiet: g.quiet, color: !g.noColor && !io.noColorEnv && io.isTTY, width };
}

/** Solve and print; returns the exit code. InputError propagates to the top-level catch. */
export async function runInvocation(inv: Invocation, io: Io): Promise<number> {
  if (inv.kind === "done") return inv.code;
  if (inv.kind === "solve") return runSolve(inv.files, inv.options, io, renderOptions(inv.options, io));
  if (inv.kind === "practice") return runPractice(inv, io, renderOptions(inv.options, io));
  const fields = await readFields(inv);
  const expected = inv.options.expect === undefined ? undefined : parseExpectOption(inv.options.expect);
  const solution = solveProblem(inv.problem, fields);
  const check =
    expected === undefined
      ? undefined
      : checkAnswers(
          solution,
          expected,
          "expect",
          false,
          inv.options.tolerance,
          mistakesOf(inv.problem, fields, solution),
        );
  const parts = render(solution, {
    format: inv.options.format,
    options: renderOptions(inv.options, io),
    check,
    standalone: inv.options.standalone,
  });
  const code = check && !check.passed ? 1 : 0;
  io.status?.(code);
  for (const part of parts) await io.out(part);
  return code;
}
