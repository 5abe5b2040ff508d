// `dlsolve practice [problem]` (SPEC 4.12): a set of fresh problems from a
// seed, as statements (text, Markdown, LaTeX — an exam sheet with
// --standalone) or as NDJSON problem objects that `dlsolve solve` reads back;
// --answers adds each worked solution, solved exactly as `solve` would.
import { MAX_SEED, type PracticeItem, practiceSet } from "../practice.js";
import { render } from "../render/index.js";
import { type Json, solutionJson } from "../render/json.js";
import { PREAMBLE } from "../render/latex.js";
import type { RenderOptions } from "../render/options.js";
import { type Statement, statementLatex, statementMarkdown, statementText } from "../render/practice.js";
import type { Solution } from "../solution/solution.js";
import type { Io } from "./io.js";
import type { PracticeInvocation } from "./program.js";
import { solveRecord } from "./solve.js";

/** The item solved as `solve` would solve its JSON record. */
function answerOf(item: PracticeItem): Solution {
  return solveRecord({ problem: item.problem.name, input: item.practice.input }).solution;
}

/** An "expect" of every answer: exact strings where exact, else float64; fields holding null (masked) left out. */
function expectOf(sol: Solution, opts: RenderOptions): Record<string, Json> {
  const j = solutionJson(sol, { ...opts, quiet: true });
  const prefer = (floatValue: Json, exactValue: Json | undefined): Json => {
    if (exactValue === undefined || exactValue === null) return floatValue;
    if (Array.isArray(floatValue) && Array.isArray(exactValue))
      return floatValue.map((v, i) => prefer(v, (exactValue as Json[])[i]));
    if (
      typeof floatValue === "object" &&
      floatValue !== null &&
      typeof exactValue === "object" &&
      !Array.isArray(exactValue)
    )
      return Object.fromEntries(
        Object.entries(floatValue).map(([k, v]) => [k, prefer(v as Json, (exactValue as Record<string, Json>)[k])]),
      );
    return exactValue;
  };
  const answer = j.answer as Record<string, Json>;
  const exact = (j.exact ?? {}) as Record<string, Json>;
  return Object.fromEntries(
    Object.entries(answer)
      .map(([k, v]) => [k, prefer(v, exact[k])] as [string, Json])
      .filter(([, v]) => !JSON.stringify(v).includes("null")),
  );
}

export async function runPractice(
  inv: PracticeInvocation,
  sink: Pick<Io, "out" | "err">,
  opts: RenderOptions,
): Promise<number> {
  // node:crypto only when a seed is drawn: loading it costs every other run start-up time
  const seed = inv.seed ?? (await import("node:crypto")).randomInt(0, MAX_SEED + 1);
  if (inv.seed === undefined) sink.err(`dlsolve practice: seed ${seed} (--seed ${seed} gives these problems again)\n`);
  const items = practiceSet(seed, inv.count, inv.problem);
  const { format, standalone } = inv.options;
  const statement = (item: PracticeItem): Statement => ({
    index: item.index,
    problem: item.problem.name,
    id: item.id,
    paragraphs: item.practice.statement,
  });
  const answer = (item: PracticeItem, nested: boolean) =>
    render(answerOf(item), { format, options: opts, nested }).join("");
  if (format === "json") {
    for (const item of items) {
      const record = { problem: item.problem.name, input: item.practice.input, id: item.id };
      await sink.out(
        `${JSON.stringify(inv.answers ? { ...record, expect: expectOf(answerOf(item), opts) } : record)}\n`,
      );
    }
    return 0;
  }
  if (format === "latex") {
    // an exam sheet: the problems, then (with --answers) the answer key on a new page
    if (standalone) await sink.out(`${PREAMBLE}\\section*{Practice problems}\n\\noindent Seed ${seed}.\n\n`);
    for (const item of items) {
      await sink.out(`${statementLatex(statement(item))}\n`);
      if (inv.answers && !standalone) await sink.out(`${answer(item, true)}\n`);
    }
    if (inv.answers && standalone) {
      await sink.out("\\newpage\n\\section*{Answer key}\n");
      for (const item of items) await sink.out(`\\subsection*{Problem ${item.index}}\n${answer(item, true)}\n`);
    }
    if (standalone) await sink.out("\\end{document}\n");
    return 0;
  }
  for (const item of items) {
    const text =
      format === "markdown" ? statementMarkdown(statement(item)) : statementText(statement(item), opts.width);
    await sink.out(`${item.index > 1 ? "\n" : ""}${text}`);
    if (inv.answers) {
      const heading =
        format === "markdown" ? `\n## Answer to problem ${item.index}\n\n` : `\nAnswer to problem ${item.index}:\n\n`;
      await sink.out(heading + answer(item, false));
    }
  }
  return 0;
}
