// Printing a class's grades (SPEC 6.3): a text table sized to the terminal,
// CSV, Markdown and NDJSON rows, and the summary. Rows arrive one at a time;
// CSV and JSON are written as they come, text and Markdown at the end (their
// columns are as wide as the widest entry).
import type { Grade, GradeSummary, StudentTotal } from "../grades.js";
import { MISTAKE_MEANINGS } from "../grades.js";
import { displayWidth, visible } from "../text-width.js";
import { escapeMd } from "./markdown.js";
import { DEFAULT_WIDTH } from "./options.js";
import { wrapWords } from "./wrap.js";

export const CSV_HEADER = "id,problem,checked,right,score,mistakes\n";
/** The per-student table's header in CSV, after the records and a blank line. */
export const STUDENT_CSV_HEADER = "student,points,possible,percent,missed\n";

/** A score as a percentage for people: 75%, 66.7%. */
export function percent(score: number | null): string {
  if (score === null) return "—";
  return `${Number((score * 100).toFixed(1))}%`;
}

/** A score for programs: a number from 0 to 1, to 4 decimals. */
const fraction = (score: number | null) => (score === null ? null : Number(score.toFixed(4)));

/** The mistakes column, in every format: each wrong field with its mistake id or reason, or why there is no grade. */
function mistakesText(g: Grade): string {
  if (g.error !== undefined) return `not graded: ${g.error}`;
  if (g.checked === 0) return "nothing to check (no expect)";
  return g.notes.join("; ");
}

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) starts with ' instead. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradeCsv(g: Grade): string {
  const score = fraction(g.score);
  const cells = [
    g.id,
    g.problem ?? "",
    String(g.checked),
    String(g.right),
    score === null ? "" : String(score),
    mistakesText(g),
  ];
  return `${cells.map(csvCell).join(",")}\n`;
}

/** One NDJSON row; "id" is the record's own (null without one), "position" where it was read. */
export function gradeJson(g: Grade): string {
  const o = {
    schema: 1,
    id: g.rawId ?? null,
    position: g.position,
    ...(g.student === undefined ? {} : { student: g.student }),
    ...(g.question === undefined ? {} : { question: g.question }),
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
    mistakes: g.notes,
    ...(g.error !== undefined ? { error: g.error } : {}),
  };
  return `${JSON.stringify(o)}\n`;
}

const HEADS = ["id", "problem", "checked", "right", "score"];

/**
 * An aligned table: columns from `rightFrom` on right-aligned, then a last column wrapped into what is left of
 * the width (the mistakes, the questions missed).
 */
function textTable(
  heads: readonly string[],
  rows: readonly string[][],
  last: { head: string; cells: readonly string[] },
  width: number,
  rightFrom: number,
): string[] {
  const widths = heads.map((h, j) => rows.reduce((w, r) => Math.max(w, displayWidth(r[j] ?? "")), displayWidth(h)));
  const gap = "  ";
  const lead = widths.reduce((t, w) => t + w + gap.length, 0);
  const lastWidth = Math.max(16, width - lead);
  const pad = (s: string, w: number, right: boolean) => {
    const fill = " ".repeat(Math.max(0, w - displayWidth(s)));
    return right ? fill + s : s + fill;
  };
  const line = (cells: readonly string[], end: string) =>
    (cells.map((c, j) => pad(c, widths[j] as number, j >= rightFrom)).join(gap) + gap + end).trimEnd();
  const out = [
    line(heads, last.head),
    line(
      widths.map((w) => "─".repeat(w)),
      "─".repeat(displayWidth(last.head)),
    ),
  ];
  rows.forEach((r, i) => {
    const wrapped = wrapWords(last.cells[i] ?? "", lastWidth, "", "");
    out.push(line(r, wrapped[0] ?? ""));
    for (const more of wrapped.slice(1)) out.push(" ".repeat(lead) + more);
  });
  return out;
}

/** Points as people read them: 7, 2.5 (float sums rounded to 4 decimals). */
const pointsText = (n: number) => String(Number(n.toFixed(4)));

/** The records' table, the per-student table when records name students, then the summary. */
export function gradesText(grades: readonly Grade[], summary: GradeSummary, width = DEFAULT_WIDTH): string {
  const rows = grades.map((g) => [
    visible(g.id),
    g.problem ?? "—",
    String(g.checked),
    String(g.right),
    percent(g.score),
  ]);
  // "xhat: unbiased-variance" stays on one line (a no-break space; wrapWords splits at spaces)
  const cells = grades.map((g) =>
    visible(mistakesText(g)).replace(/(^|; )([^;:\s]+): (?=[^;\s]+(?:;|$))/g, "$1$2:\u00a0"),
  );
  const out = textTable(HEADS, rows, { head: "mistakes", cells }, width, 2);
  if (summary.students.length > 0) out.push("", "per student:", ...studentsText(summary.students, width));
  return [...out, "", ...summaryLines(summary, width)].join("\n").concat("\n");
}

const STUDENT_HEADS = ["student", "points", "possible", "percent"];

function studentCells(t: StudentTotal): string[] {
  return [t.student, pointsText(t.pointsRight), pointsText(t.pointsPossible), percent(t.score)];
}

const missedText = (t: StudentTotal) => (t.missed.length === 0 ? "none" : t.missed.join(", "));

function studentsText(students: readonly StudentTotal[], width: number): string[] {
  // a user's text (an id, a field name) with its control characters shown, before the columns are measured
  const cells = students.map((t) => visible(missedText(t)));
  const rows = students.map((t) => studentCells(t).map((c) => visible(c)));
  return textTable(STUDENT_HEADS, rows, { head: "missed", cells }, width, 1);
}

function countsLine(s: GradeSummary): string {
  const parts = [`${s.graded} graded`];
  if (s.errors > 0) parts.push(`${s.errors} with ${s.errors === 1 ? "an error" : "errors"}`);
  if (s.unchecked > 0) parts.push(`${s.unchecked} with nothing to check`);
  const counts = `${s.records} record${s.records === 1 ? "" : "s"}: ${parts.join(", ")}`;
  // as solve says it: a source that could not be read is not among the records
  return s.inputErrors > 0 ? `${counts}; ${s.inputErrors} input error${s.inputErrors === 1 ? "" : "s"}` : counts;
}

const meanLine = (s: GradeSummary) =>
  `mean score ${percent(s.meanScore)} over the graded records; ${s.fullMarks} with full marks`;

const records = (n: number) => `${n} record${n === 1 ? "" : "s"}`;
const fieldCount = (n: number) => `${n} field${n === 1 ? "" : "s"}`;

/** The wrong answers no mistake id names, for the summary: blanks, and values no known mistake gives. */
function otherWrong(s: GradeSummary): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (s.notAnswered > 0) out.push([fieldCount(s.notAnswered), "not answered (left out of expect)"]);
  if (s.unexplained > 0)
    out.push([fieldCount(s.unexplained), "wrong with no known mistake behind them (or not readable as a number)"]);
  return out;
}

/** The summary for people: counts, the mean score, every mistake seen with its count and meaning. */
export function summaryLines(s: GradeSummary, width = DEFAULT_WIDTH): string[] {
  const out = [countsLine(s)];
  if (s.meanScore !== null) out.push(meanLine(s));
  if (s.mistakes.length > 0) {
    out.push("mistakes, most common first:");
    const idWidth = Math.max(...s.mistakes.map(([id]) => displayWidth(id)));
    for (const [id, n] of s.mistakes) {
      const head = `  ${id.padEnd(idWidth)}  ${String(n).padStart(3)} record${n === 1 ? " " : "s"}  `;
      out.push(...wrapWords(MISTAKE_MEANINGS[id] ?? "", width, head, " ".repeat(displayWidth(head))));
    }
  }
  for (const [count, what] of otherWrong(s)) {
    const head = `${count} `;
    out.push(...wrapWords(what, width, head, "  "));
  }
  return out;
}

/** The summary in one line, for stderr beside CSV or JSON. */
export function summaryLine(s: GradeSummary): string {
  const all = s.mistakes.map(([id, n]) => `${id} (${n})`).join(", ");
  const other = otherWrong(s)
    .map(([count, what]) => `${count} ${what.replace(/ \(.*\)$/, "")}`)
    .join("; ");
  return (
    `dlsolve solve --grades: ${countsLine(s)}` +
    (s.meanScore !== null ? `; mean score ${percent(s.meanScore)}` : "") +
    (all ? `; mistakes: ${all}` : "") +
    (other ? `; ${other}` : "") +
    "\n"
  );
}

/** The per-student table in CSV: percent as a number from 0 to 100, the questions missed separated by "; ". */
export function studentsCsv(students: readonly StudentTotal[]): string {
  const rows = students.map((t) =>
    [
      t.student,
      pointsText(t.pointsRight),
      pointsText(t.pointsPossible),
      t.score === null ? "" : String(Number((t.score * 100).toFixed(1))),
      t.missed.join("; "),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${STUDENT_CSV_HEADER}${rows.map((r) => `${r}\n`).join("")}`;
}

/** One NDJSON record per student, after the records' rows. */
export function studentJson(t: StudentTotal): string {
  const total = {
    points: t.pointsRight,
    possible: t.pointsPossible,
    score: fraction(t.score),
    missed: t.missed,
  };
  return `${JSON.stringify({ schema: 1, student: t.student, total })}\n`;
}

export function gradesMarkdown(grades: readonly Grade[], summary: GradeSummary): string {
  const cell = (s: string) => escapeMd(s).replace(/\n/g, " ");
  const out = ["| id | problem | checked | right | score | mistakes |", "|---|---|--:|--:|--:|---|"];
  for (const g of grades) {
    const cells = [g.id, g.problem ?? "—", String(g.checked), String(g.right), percent(g.score), mistakesText(g)];
    out.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  if (summary.students.length > 0) {
    out.push("", "Per student:", "", "| student | points | possible | percent | missed |", "|---|--:|--:|--:|---|");
    for (const t of summary.students) out.push(`| ${[...studentCells(t), missedText(t)].map(cell).join(" | ")} |`);
  }
  out.push("", `**${cell(countsLine(summary))}**`, "");
  if (summary.meanScore !== null) out.push(cell(meanLine(summary)), "");
  if (summary.mistakes.length > 0) {
    out.push("Mistakes, most common first:", "");
    for (const [id, n] of summary.mistakes)
      out.push(`- \`${id}\` (${records(n)}): ${cell(MISTAKE_MEANINGS[id] ?? "")}`);
    out.push("");
  }
  const other = otherWrong(summary);
  if (other.length > 0) {
    for (const [count, what] of other) out.push(`- ${count} ${cell(what)}`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
