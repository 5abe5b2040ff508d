// The LaTeX renderer: each step an align* (formula = substituted = value),
// tables as arrays, matrices as bmatrix, fractions as \frac{-5}{3}.
// --standalone wraps it in a document with the packages it needs.
import type { CheckResult } from "../check.js";
import type { Formula } from "../core/formula.js";
import type { Cell, Solution, Step, Table } from "../solution.js";
import { isScalarValue } from "../solution.js";
import { answerEntries, cellAt, columnsShown, isMatrix, isMoreEntries, rowCount, shownRows } from "./cells.js";
import { formulaTex, latexText, textInMath, valueMath, valueTex } from "./formula-latex.js";
import type { RenderOptions } from "./options.js";
import { TABLE_HEAD_ROWS, TABLE_TAIL_ROWS } from "./options.js";

export const PREAMBLE = [
  "\\documentclass{article}",
  "\\usepackage[utf8]{inputenc}",
  "\\usepackage{amsmath,amssymb}",
  "\\begin{document}",
  "",
].join("\n");

export function renderLatex(sol: Solution, opts: RenderOptions, check?: CheckResult, standalone = false): string {
  const out: string[] = [];
  if (standalone) out.push(PREAMBLE);
  if (!opts.quiet) {
    out.push(`\\section*{${latexText(`${sol.problem}: ${sol.title}`)}}`);
    if (sol.summary) out.push(`\\textit{${latexText(sol.summary)}}`, "");
    for (const w of sol.warnings) out.push(`\\textbf{Note:} ${latexText(w)}`, "");
    sol.steps.forEach((step, k) => {
      out.push(...stepLines(step, k + 1, opts));
    });
  }
  const entries = answerEntries(sol.answer);
  if (entries.length > 0) {
    out.push("\\subsection*{Answer}", "\\begin{align*}");
    const line = ([name, v]: (typeof entries)[number]) =>
      isMoreEntries(v)
        ? `&${textInMath(`… ${v.more} more of ${v.of} …`)}`
        : `\\mathrm{${latexText(name)}} &= ${valueMath(v, opts)}`;
    out.push(entries.map(line).join(" \\\\\n"));
    out.push("\\end{align*}", "");
  }
  if (check) out.push(...checkLines(check, opts));
  if (standalone) out.push("\\end{document}");
  return `${out.join("\n")}\n`;
}

/** lhs &= rest of an equation chain, or the whole formula when it is not one. */
function aligned(f: Formula, opts: RenderOptions): string {
  if (f.t === "op" && f.op === "=" && f.args.length >= 2) {
    const [lhs, ...rest] = f.args.map((a) => formulaTex(a, opts.precision));
    return `${lhs} &= ${rest.join(" = ")}`;
  }
  return `${formulaTex(f, opts.precision)} &`;
}

function stepLines(step: Step, n: number, opts: RenderOptions): string[] {
  const lines = [`\\subsection*{${latexText(`Step ${n}. ${step.title}`)}}`];
  const rows: string[] = [];
  for (const d of step.derivation ?? [])
    rows.push(aligned(d.formula, opts) + (d.reason ? ` && ${textInMath(`(${d.reason})`)}` : ""));
  const chain = (step.substitution ?? []).map((f) => formulaTex(f, opts.precision));
  if (step.value !== undefined && !isMatrix(step.value)) chain.push(valueMath(step.value, opts));
  if (step.formula) {
    const head = aligned(step.formula, opts);
    if (chain.length > 0) rows.push(head, `&= ${chain.join(" = ")}`);
    else rows.push(head);
  } else if (chain.length > 0) rows.push(`&= ${chain.join(" = ")}`);
  if (rows.length > 0) lines.push("\\begin{align*}", rows.join(" \\\\\n"), "\\end{align*}");
  for (const t of step.tables ?? []) lines.push(...tableLines(t, opts));
  for (const note of step.notes ?? [])
    lines.push("", typeof note === "string" ? `\\textit{${latexText(note)}}` : `$${formulaTex(note, opts.precision)}$`);
  lines.push("");
  return lines;
}

function cellTex(cell: Cell | undefined, opts: RenderOptions): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return textInMath(cell);
  if (isScalarValue(cell)) return valueTex(cell, opts.precision);
  return formulaTex(cell as Formula, opts.precision);
}

/** A table as an array in display math, long tables elided like the text output. */
function tableLines(t: Table, opts: RenderOptions): string[] {
  const cols = columnsShown(t);
  const header = cols.map((c) =>
    c === null ? "\\cdots" : typeof c.header === "string" ? textInMath(c.header) : formulaTex(c.header, opts.precision),
  );
  const count = rowCount(t);
  const rows = shownRows(count);
  // an elided stretch is a row of \vdots (KaTeX has no \multicolumn), its size said below the table
  const body = rows.map((i) =>
    i === null
      ? cols.map(() => "\\vdots").join(" & ")
      : cols.map((c) => (c === null ? "\\cdots" : cellTex(cellAt(c, i), opts))).join(" & "),
  );
  return [
    ...(t.title ? ["", `\\textit{${latexText(t.title)}}`] : []),
    "\\[",
    `\\begin{array}{${cols.map(() => "r").join("")}}`,
    `${header.join(" & ")} \\\\ \\hline`,
    body.join(" \\\\\n"),
    "\\end{array}",
    "\\]",
    ...(rows.length < count
      ? [`\\textit{${count - rows.length + 1} more rows are not shown; --format json has every value.}`]
      : []),
  ];
}

function checkLines(check: CheckResult, opts: RenderOptions): string[] {
  const rows = shownRows(check.items.length).map((k) => {
    const i = k === null ? undefined : check.items[k];
    const hidden = check.items.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS;
    if (!i) return `\\multicolumn{4}{c}{${textInMath(`… ${hidden} more rows …`)}}`;
    const computed = i.reason ? textInMath(i.reason) : i.computed === null ? "" : valueTex(i.computed, opts.precision);
    const mark = i.passed ? "\\checkmark" : "\\times";
    return `${textInMath(i.field)} & ${textInMath(i.expected)} & ${computed} & ${mark}`;
  });
  return [
    "\\subsection*{Check}",
    "\\[",
    "\\begin{array}{llrc}",
    "\\text{field} & \\text{expected} & \\text{computed} & \\\\ \\hline",
    rows.join(" \\\\\n"),
    "\\end{array}",
    "\\]",
    check.passed
      ? `\\textit{All ${check.items.length} checked values are right.}`
      : `\\textit{${latexText(`${check.wrong.length} wrong; look first at ${check.firstWrong ?? ""}.`)}}`,
    "",
  ];
}
