// The Markdown renderer: a heading, the steps as a numbered list with the
// math in $…$ (LaTeX, which GitHub, KaTeX and MathJax render), GFM tables,
// and the answer in bold. Reads the same Solution as every renderer.
import type { CheckResult } from "../check.js";
import type { Formula } from "../solution/formula.js";
import type { Cell, Solution, Step, Table } from "../solution/solution.js";
import { isScalarValue } from "../solution/solution.js";
import {
  answerEntries,
  answerSign,
  cellAt,
  columnsShown,
  isMatrix,
  isMoreEntries,
  rowCount,
  shownRows,
  whyText,
} from "./cells.js";
import { formulaTex, valueMath } from "./formula-latex.js";
import { printsRounded, valueText } from "./number.js";
import type { RenderOptions } from "./options.js";
import { TABLE_HEAD_ROWS, TABLE_TAIL_ROWS } from "./options.js";

/** Characters Markdown would read as markup in plain text. */
export function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

const math = (tex: string) => `$${tex}$`;

export function renderMarkdown(sol: Solution, opts: RenderOptions, check?: CheckResult): string {
  const out: string[] = [];
  if (!opts.quiet) {
    out.push(`## ${escapeMd(sol.problem)}: ${escapeMd(sol.title)}`, "");
    if (sol.summary) out.push(`*${escapeMd(sol.summary)}*`, "");
    for (const w of sol.warnings) out.push(`> **Note:** ${escapeMd(w)}`, "");
    sol.steps.forEach((step, k) => {
      out.push(...stepLines(step, k + 1, opts), "");
    });
  }
  const entries = answerEntries(sol.answer, sol.unlisted);
  if (entries.length > 0) {
    out.push("**Answer**", "");
    for (const [name, v] of entries) {
      out.push(
        isMoreEntries(v)
          ? `- … ${v.more} more of ${escapeMd(v.of)} …`
          : typeof v === "string"
            ? `- **${escapeMd(name)}** = \`${v.replace(/`/g, "'")}\``
            : `- **${escapeMd(name)}** ${answerSign(v, opts.precision)} ${math(valueMath(v, opts))}`,
      );
    }
    out.push("");
  }
  if (check) out.push(...checkLines(check, opts), "");
  return out.join("\n").replace(/\n+$/, "\n");
}

function stepLines(step: Step, n: number, opts: RenderOptions): string[] {
  const marker = `${n}. `;
  const pad = " ".repeat(marker.length);
  const lines = [`${marker}**${escapeMd(step.title)}**`];
  const block = (text: string) => lines.push("", pad + text);
  const tex = (f: Formula) => formulaTex(f, opts.precision);
  for (const d of step.derivation ?? []) block(math(tex(d.formula)) + (d.reason ? ` (${escapeMd(d.reason)})` : ""));
  if (step.formula) block(math(tex(step.formula)));
  const chain = (step.substitution ?? []).map(tex);
  let last = " = ";
  if (step.value !== undefined && !isMatrix(step.value)) {
    const value = valueMath(step.value, opts);
    // as the text and LaTeX say it: 7/3 = 7/3 ≈ 2.33333 drops its repeat, and a rounded result follows ≈
    const repeated = chain[chain.length - 1];
    if (repeated && (value === repeated || value.startsWith(`${repeated} `))) chain.pop();
    if (isScalarValue(step.value) && printsRounded(step.value, opts.precision)) last = " \\approx ";
    chain.push(value);
  }
  if (chain.length > 0)
    block(math(`= ${chain.slice(0, -1).join(" = ")}${chain.length > 1 ? last : ""}${chain[chain.length - 1]}`));
  for (const t of step.tables ?? []) {
    lines.push("");
    for (const l of tableLines(t, opts)) lines.push(pad + l);
  }
  for (const note of step.notes ?? []) block(`*${typeof note === "string" ? escapeMd(note) : math(tex(note))}*`);
  return lines;
}

function cellMd(cell: Cell | undefined, opts: RenderOptions): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return escapeMd(cell);
  if (isScalarValue(cell)) return escapeMd(valueText(cell, opts.precision));
  return math(formulaTex(cell as Formula, opts.precision));
}

/** A GFM table: numbers right-aligned, long tables elided like the text output. */
function tableLines(t: Table, opts: RenderOptions): string[] {
  const cols = columnsShown(t);
  const header = cols.map((c) =>
    c === null ? "…" : typeof c.header === "string" ? escapeMd(c.header) : math(formulaTex(c.header, opts.precision)),
  );
  const lines: string[] = [];
  if (t.title) lines.push(`*${escapeMd(t.title)}*`, "");
  lines.push(`| ${header.join(" | ")} |`, `|${cols.map((c) => (c === null ? ":---:" : "---:")).join("|")}|`);
  const count = rowCount(t);
  const rows = shownRows(count, t.wholeUpTo);
  for (const i of rows) {
    if (i === null) {
      lines.push(`| ${cols.map((_, k) => (k === 0 ? `… ${count - rows.length + 1} more rows …` : "")).join(" | ")} |`);
      continue;
    }
    lines.push(`| ${cols.map((c) => (c === null ? "…" : cellMd(cellAt(c, i), opts))).join(" | ")} |`);
  }
  return lines;
}

function checkLines(check: CheckResult, opts: RenderOptions): string[] {
  const failed = check.items.filter((i) => !i.passed);
  return [
    "**Check**",
    "",
    "| field | your answer | correct | rule | | what went wrong |",
    "|---|---:|---:|---|:---:|---|",
    ...shownRows(check.items.length).map((k) => {
      const i = k === null ? undefined : check.items[k];
      if (!i) return `| … ${check.items.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS} more rows … | | | | | |`;
      const correct = i.computed === null ? "" : valueText(i.computed, opts.precision);
      const why = whyText(check.items, k as number) ?? "";
      const cells = [i.field, i.expected, correct, i.rule ?? ""].map(escapeMd);
      return `| ${[...cells, i.passed ? "✓" : "✗"].join(" | ")} |${why ? ` ${escapeMd(why)} ` : " "}|`;
    }),
    "",
    check.passed
      ? `✓ all ${check.items.length} checked values are right`
      : `✗ ${failed.length} of ${check.items.length} checked values wrong; ` +
        `look first at **${escapeMd(check.firstWrong ?? "")}**`,
  ];
}
