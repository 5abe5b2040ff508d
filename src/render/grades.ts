// Printing a class's grades (SPEC 6.3): a text table sized to the terminal,
// CSV, Markdown and NDJSON rows, and the summary. Rows arrive one at a time;
// CSV and JSON are written as they come, text and Markdown at the end (their
// columns are as wide as the widest entry).
import type { Grade, GradeSummary } from "../grades.js";
import { MISTAKE_MEANINGS } from "../grades.js";
import { displayWidth } from "../text-width.js";
import { escapeMd } from "./markdown.js";
import { DEFAULT_WIDTH } from "./options.js";
import { wrapWords } from "./wrap.js";

export const CSV_HEADER = "id,problem,checked,right,score,mistakes\n";

/** A score as a percentage for people: 75%, 66.7%. */
export function percent(score: number | null): string {
  if (score === null) return "—";
  return `${Number((score * 100).toFixed(1))}%`;
}

/** A score for programs: a number from 0 to 1, to 4 decimals. */
const fraction = (score: number | null) => (score === null ? null : Number(score.toFixed(4)));

/** What the mistakes column says for people: the ids, any answer that could not be read, or why there is no grade. */
function mistakesText(g: Grade): string {
  if (g.error !== undefined) return `not graded: ${g.error}`;
  if (g.checked === 0) return "nothing to check (no expect)";
  return [...g.mistakes, ...g.fields.flatMap((f) => (f.reason ? [`${f.field}: ${f.reason}`] : []))].join("; ");
}

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) starts with ' instead. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradeCsv(g: Grade): string {
  const score = fraction(g.score);
  const mistakes = g.error !== undefined ? "error" : g.mistakes.join(" ");
  const cells = [
    g.id,
    g.problem ?? "",
    String(g.checked),
    String(g.right),
    score === null ? "" : String(score),
    mistakes,
  ];
  return `${cells.map(csvCell).join(",")}\n`;
}

/** One NDJSON row; "id" is the record's own (null without one), "position" where it was read. */
export function gradeJson(g: Grade): string {
  const o = {
    schema: 1,
    id: g.rawId ?? null,
    position: g.position,
    problem: g.problem ?? null,
    checked: g.checked,
    right: g.right,
    score: fraction(g.score),
    points: { right: g.pointsRight, checked: g.pointsChecked },
    fields: g.fields.map((f) => ({
      field: f.field,
      passed: f.passed,
      points: f.points,
      ...(f.diagnosis ? { diagnosis: f.diagnosis } : {}),
      ...(f.reason ? { reason: f.reason } : {}),
    })),
    ...(g.error !== undefined ? { error: g.error } : {}),
  };
  return `${JSON.stringify(o)}\n`;
}

const HEADS = ["id", "problem", "checked", "right", "score", "mistakes"] as const;

/** The grades as an aligned table: numbers right-aligned, the mistakes column wrapped to the width. */
export function gradesText(grades: readonly Grade[], summary: GradeSummary, width = DEFAULT_WIDTH): string {
  const rows = grades.map((g) => [g.id, g.problem ?? "—", String(g.checked), String(g.right), percent(g.score)]);
  const widths = HEADS.slice(0, 5).map((h, j) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[j] ?? ""))),
  );
  const gap = "  ";
  const lead = widths.reduce((t, w) => t + w + gap.length, 0);
  const mistakesWidth = Math.max(16, width - lead);
  const pad = (s: string, w: number, right: boolean) => {
    const fill = " ".repeat(Math.max(0, w - displayWidth(s)));
    return right ? fill + s : s + fill;
  };
  const line = (cells: string[], last: string) =>
    (cells.map((c, j) => pad(c, widths[j] as number, j >= 2)).join(gap) + gap + last).trimEnd();
  const out = [
    line([...HEADS.slice(0, 5)], "mistakes"),
    line(
      widths.map((w) => "─".repeat(w)),
      "─".repeat(8),
    ),
  ];
  grades.forEach((g, i) => {
    const wrapped = wrapWords(mistakesText(g), mistakesWidth, "", "");
    out.push(line(rows[i] as string[], wrapped[0] ?? ""));
    for (const more of wrapped.slice(1)) out.push(" ".repeat(lead) + more);
  });
  return [...out, "", ...summaryLines(summary, width)].join("\n").concat("\n");
}

/** The summary lists this many mistakes. */
const COMMON_MISTAKES = 5;

function countsLine(s: GradeSummary): string {
  const parts = [`${s.graded} graded`];
  if (s.errors > 0) parts.push(`${s.errors} with ${s.errors === 1 ? "an error" : "errors"}`);
  if (s.unchecked > 0) parts.push(`${s.unchecked} with nothing to check`);
  return `${s.records} record${s.records === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

const meanLine = (s: GradeSummary) =>
  `mean score ${percent(s.meanScore)} over the graded records; ${s.fullMarks} with full marks`;

/** The summary for people: counts, the mean score, the most common mistakes with what each means. */
export function summaryLines(s: GradeSummary, width = DEFAULT_WIDTH): string[] {
  const out = [countsLine(s)];
  if (s.meanScore !== null) out.push(meanLine(s));
  if (s.mistakes.length === 0) return out;
  out.push("most common mistakes:");
  const shown = s.mistakes.slice(0, COMMON_MISTAKES);
  const idWidth = Math.max(...shown.map(([id]) => displayWidth(id)));
  for (const [id, n] of shown) {
    const head = `  ${id.padEnd(idWidth)}  ${String(n).padStart(3)} record${n === 1 ? " " : "s"}  `;
    out.push(...wrapWords(MISTAKE_MEANINGS[id] ?? "", width, head, " ".repeat(displayWidth(head))));
  }
  if (s.mistakes.length > shown.length) out.push(`  and ${s.mistakes.length - shown.length} more`);
  return out;
}

/** The summary in one line, for stderr beside CSV or JSON. */
export function summaryLine(s: GradeSummary): string {
  const common = s.mistakes
    .slice(0, COMMON_MISTAKES)
    .map(([id, n]) => `${id} (${n})`)
    .join(", ");
  return (
    `dlsolve solve --grades: ${countsLine(s)}` +
    (s.meanScore !== null ? `; mean score ${percent(s.meanScore)}` : "") +
    (common ? `; most common mistakes: ${common}` : "") +
    "\n"
  );
}

export function gradesMarkdown(grades: readonly Grade[], summary: GradeSummary): string {
  const cell = (s: string) => escapeMd(s).replace(/\n/g, " ");
  const out = ["| id | problem | checked | right | score | mistakes |", "|---|---|--:|--:|--:|---|"];
  for (const g of grades) {
    const cells = [g.id, g.problem ?? "—", String(g.checked), String(g.right), percent(g.score), mistakesText(g)];
    out.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  out.push("", `**${cell(countsLine(summary))}**`, "");
  if (summary.meanScore !== null) out.push(cell(meanLine(summary)), "");
  const mistakes = summary.mistakes.slice(0, COMMON_MISTAKES);
  if (mistakes.length > 0) {
    out.push("Most common mistakes:", "");
    for (const [id, n] of mistakes)
      out.push(`- \`${id}\` (${n} record${n === 1 ? "" : "s"}): ${cell(MISTAKE_MEANINGS[id] ?? "")}`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
