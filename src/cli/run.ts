// Runs one invocation: validate → solve → render → write. Owns the exit code.
// fs.promises, read when a chart is written: loading node:fs/promises was ~4 ms of every start
import { promises as fs } from "node:fs";
import { checkAnswers, parseExpectOption } from "../check.js";
import { fieldError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { mistakesOf, solveProblem } from "../problems/problem.js";
import { render } from "../render/index.js";
import { escapeMd } from "../render/markdown.js";
import { DEFAULT_WIDTH, MIN_WIDTH, type RenderOptions } from "../render/options.js";
import type { Solution } from "../solution/solution.js";
import type { Io } from "./io.js";
import { runPractice } from "./practice.js";
import { type GlobalOptions, type Invocation, type ProblemInvocation, readFields } from "./program.js";
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
  const fields = await readFields(inv, io.stdin);
  const expected = inv.options.expect === undefined ? undefined : parseExpectOption(inv.options.expect);
  // steps are built when printed, or when a check names the step of a wrong answer
  const solution = solveProblem(inv.problem, fields, { steps: !inv.options.quiet || expected !== undefined });
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
  const options = renderOptions(inv.options, io);
  const parts = render(solution, { format: inv.options.format, options, check, standalone: inv.options.standalone });
  if (inv.options.plot !== undefined) parts.push(...(await plotParts(inv, fields, solution, options, io)));
  const code = check && !check.passed ? 1 : 0;
  io.status?.(code);
  for (const part of parts) await io.out(part);
  return code;
}

/**
 * --plot: the problem's charts, drawn by the plotting code loaded only now.
 * In the terminal they follow the steps; into an SVG file, Markdown links it.
 */
async function plotParts(
  inv: ProblemInvocation,
  fields: Fields,
  solution: Solution,
  options: RenderOptions,
  io: Io,
): Promise<string[]> {
  const { problem } = inv;
  const charts = problem.plots?.(problem.validate(fields), solution) ?? [];
  if (charts.length === 0) {
    const what = problem.plotHelp ? `plots ${problem.plotHelp}` : "has no charts";
    throw fieldError("--plot", `nothing to draw for these inputs; ${problem.name} ${what}`);
  }
  const target = inv.options.plot;
  if (target === true) {
    const plot = await import("../plot/plot.js");
    return [`\n${plot.chartsText(charts, options.width ?? DEFAULT_WIDTH)}`];
  }
  const title = `${solution.problem}: ${solution.title}`;
  // drawn first: a fault in the drawing is dlsolve's, not the file's
  const svg = (await import("../plot/svg.js")).chartsSvg(charts, title);
  try {
    await fs.writeFile(target as string, svg);
  } catch (e) {
    throw fieldError("--plot", `cannot write "${target}": ${(e as Error).message}`);
  }
  io.err(`dlsolve: ${charts.length} chart${charts.length > 1 ? "s" : ""} written to ${target}\n`);
  // encodeURI leaves ( and ): a ) in the file name would end the link
  const url = encodeURI(target as string).replace(/[()]/g, (c) => (c === "(" ? "%28" : "%29"));
  return inv.options.format === "markdown" ? [`\n![${escapeMd(title)}](${url})\n`] : [];
}
