// The LaTeX renderer: each step an align* (formula = substituted = value),
// tables as arrays, matrices as bmatrix, fractions as -\frac{5}{3}.
// --standalone wraps it in a document with the packages it needs.
import type { CheckResult } from "../check.js";
import type { Formula } from "../solution/formula.js";
import type { Cell, Solution, Step, Table } from "../solution/solution.js";
import { type Column, isScalarValue } from "../solution/solution.js";
import {
  answerEntries,
  answerSign,
  cellAt,
  columnsShown,
  isMatrix,
  isMoreEntries,
  maxOf,
  rowCount,
  shownRows,
  whyText,
} from "./cells.js";
import {
  formulaTex,
  inFormTex,
  latexText,
  listItemsTex,
  textInMath,
  valueItemsTex,
  valueMath,
  valueTex,
} from "./formula-latex.js";
import { type ChainPart, chainRows, mathToParagraph, TABLE_CHARS, texChars } from "./latex-layout.js";
import { printsRounded, vectorForm } from "./number.js";
import type { RenderOptions } from "./options.js";
import { TABLE_HEAD_ROWS, TABLE_TAIL_ROWS } from "./options.js";
import { columnGroups } from "./wrap.js";

/**
 * Before a heading: a page break here, rather than after the heading, when fewer than eight lines are
 * left on the page (the conditional break of needspace.sty, in primitives any LaTeX document takes).
 */
const KEEP_WITH_NEXT = "\\par\\vskip 0pt plus 8\\baselineskip\\penalty-200\\vskip 0pt plus -8\\baselineskip";

export const PREAMBLE = [
  "\\documentclass{article}",
  "\\usepackage[utf8]{inputenc}",
  "\\usepackage{amsmath,amssymb}",
  // the page the layout is sized for (latex-layout.ts): A4 with 2 cm margins
  "\\usepackage[a4paper,margin=2cm]{geometry}",
  // rows of a table a little apart, so that a stacked fraction does not touch its neighbours
  "\\renewcommand{\\arraystretch}{1.3}",
  "\\begin{document}",
  "",
].join("\n");

export function renderLatex(
  sol: Solution,
  opts: RenderOptions,
  check?: CheckResult,
  standalone = false,
  nested = false,
): string {
  // A solution alone: \section* and \subsection*; a section of a larger document: one level down.
  const [top, sub] = nested ? ["subsection", "subsubsection"] : ["section", "subsection"];
  const out: string[] = [];
  if (standalone) out.push(PREAMBLE);
  if (!opts.quiet) {
    out.push(KEEP_WITH_NEXT, `\\${top}*{${latexText(`${sol.problem}: ${sol.title}`)}}`);
    if (sol.summary) out.push(`\\textit{${latexText(sol.summary)}}`, "");
    for (const w of sol.warnings) out.push(`\\textbf{Note:} ${latexText(w)}`, "");
    sol.steps.forEach((step, k) => {
      out.push(...stepLines(step, k + 1, opts, sub));
    });
  }
  const entries = answerEntries(sol.answer, sol.unlisted);
  if (entries.length > 0) {
    out.push(KEEP_WITH_NEXT, `\\${sub}*{Answer}`, "\\begin{align*}");
    const line = ([name, v]: (typeof entries)[number]) => {
      if (isMoreEntries(v)) return [`&${textInMath(`… ${v.more} more of ${v.of} …`)}`];
      if (typeof v === "string") return [`\\mathrm{${latexText(name)}} &= ${textInMath(v)}`];
      // a rounded answer is ≈, not =
      const approx = answerSign(v, opts.precision) === "≈";
      return chainRows(
        [{ tex: valueMath(v, opts), items: valueItemsTex(v, opts), approx }],
        `\\mathrm{${latexText(name)}} &`,
      );
    };
    out.push(entries.flatMap(line).join(" \\\\\n"));
    out.push("\\end{align*}", "");
  }
  if (check) out.push(...checkLines(check, opts, sub));
  if (standalone) out.push("\\end{document}");
  return `${out.join("\n")}\n`;
}

/** A chain's piece: its LaTeX, and its entries when it is a vector (to continue on the next row). */
const part = (f: Formula, opts: RenderOptions): ChainPart => ({
  tex: formulaTex(f, opts.precision),
  items: listItemsTex(f, opts.precision),
});

/** lhs &= rest of an equation chain (over several rows when long), or the whole formula when it is not one. */
function aligned(f: Formula, opts: RenderOptions): string[] {
  if (f.t === "op" && f.op === "=" && f.args.length >= 2) {
    const [lhs, ...rest] = f.args;
    return chainRows(
      rest.map((a) => part(a, opts)),
      `${formulaTex(lhs as Formula, opts.precision)} &`,
    );
  }
  return [`${formulaTex(f, opts.precision)} &`];
}

/** Formulas up to this many characters leave room for their reasons beside them. */
const REASONS_BESIDE = 40;

/** The derivation's rows: each reason a small paragraph that wraps, beside its formula or under it. */
function derivationRows(step: Step, opts: RenderOptions): string[] {
  const lines = (step.derivation ?? []).map((d) => ({ rows: aligned(d.formula, opts), reason: d.reason }));
  const beside = lines.every((l) => l.rows.every((r) => texChars(r) <= REASONS_BESIDE));
  return lines.flatMap(({ rows, reason }) => {
    if (!reason) return rows;
    const box = (w: string) => `\\parbox[t]{${w}\\linewidth}{\\raggedright\\small (${latexText(reason)})}`;
    if (beside) return [...rows.slice(0, -1), `${rows[rows.length - 1]} && ${box("0.4")}`];
    return [...rows, `&\\quad ${box("0.75")}`];
  });
}

function stepLines(step: Step, n: number, opts: RenderOptions, sub: string): string[] {
  const lines = [KEEP_WITH_NEXT, `\\${sub}*{${latexText(`Step ${n}. ${step.title}`)}}`];
  const rows = derivationRows(step, opts);
  const chain = (step.substitution ?? []).map((f) => part(f, opts));
  if (step.value !== undefined && !isMatrix(step.value)) {
    const value = valueMath(step.value, opts);
    // 7/3 = 7/3 ≈ 2.33333 says nothing twice: drop a substitution equal to the result (as the text does)
    const last = chain[chain.length - 1];
    if (last && (value === last.tex || value.startsWith(`${last.tex} `))) chain.pop();
    chain.push({
      tex: value,
      items: valueItemsTex(step.value, opts),
      approx: isScalarValue(step.value) && printsRounded(step.value, opts.precision),
    });
  }
  if (step.formula) rows.push(...aligned(step.formula, opts));
  // after a derivation with reasons, the numbers get an align of their own: in the same one, a long chain
  // would widen the formula column and push the reasons into the margin
  const apart = step.derivation !== undefined && !step.formula && chain.length > 0;
  if (chain.length > 0 && !apart) rows.push(...chainRows(chain, "&"));
  if (rows.length > 0) lines.push("\\begin{align*}", rows.join(" \\\\\n"), "\\end{align*}");
  if (apart) lines.push("\\begin{align*}", chainRows(chain, "&").join(" \\\\\n"), "\\end{align*}");
  for (const t of step.tables ?? []) lines.push(...tableLines(t, opts));
  for (const note of step.notes ?? [])
    lines.push(
      "",
      typeof note === "string"
        ? `\\textit{${latexText(note)}}`
        : `\\textit{${mathToParagraph(formulaTex(note, opts.precision))}}`,
    );
  lines.push("");
  return lines;
}

function cellTex(cell: Cell | undefined, opts: RenderOptions): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return textInMath(cell);
  if (isScalarValue(cell)) return valueTex(cell, opts.precision);
  return formulaTex(cell as Formula, opts.precision);
}

/**
 * A table as an array in display math, long tables elided like the text
 * output; a table too wide for the page is several arrays, each repeating the
 * row labels (the key columns).
 */
function tableLines(t: Table, opts: RenderOptions): string[] {
  const cols = columnsShown(t);
  const header = cols.map((c) =>
    c === null ? "\\cdots" : typeof c.header === "string" ? textInMath(c.header) : formulaTex(c.header, opts.precision),
  );
  const count = rowCount(t);
  const rows = shownRows(count, t.wholeUpTo);
  // an elided stretch is a row of \vdots (KaTeX has no \multicolumn), its size said below the table
  // one form per column (text's rule): 0.4 beside -0.1, not 2/5 = 0.4
  const forms = cols.map((c) =>
    c === null
      ? undefined
      : vectorForm(
          rows.map((i) => (i === null ? null : cellAt(c, i))),
          opts.precision,
        ),
  );
  const cellOf = (c: Column, i: number, j: number) => {
    const cell = cellAt(c, i);
    const decimal = isScalarValue(cell) ? inFormTex(cell, forms[j]) : undefined;
    // a number's fraction in a table inline, 5/2, at text size and one line high (stacked ones touch the
    // rows around them); any other fraction at text size (\\dfrac), not the array's script size
    return (
      decimal ??
      cellTex(cell, opts)
        .replace(/\\frac\{(\d+)\}\{(\d+)\}/g, "$1/$2")
        .replaceAll("\\frac{", "\\dfrac{")
    );
  };
  const cells = rows.map((i) =>
    cols.map((c, j) => (i === null ? "\\vdots" : c === null ? "\\cdots" : cellOf(c, i, j))),
  );
  const columnChars = cols.map(
    (_, j) => maxOf([header[j] as string, ...cells.map((r) => r[j] as string)].map(texChars)) + 2,
  );
  const estimate = (picked: number[]) => picked.reduce((a, j) => a + columnChars[j]!, 0);
  const groups = columnGroups(cols.length, TABLE_CHARS, estimate, t.keyColumns ?? 1);
  const array = (picked: number[]) => [
    "\\[",
    `\\begin{array}{${picked.map(() => "r").join("")}}`,
    `${picked.map((j) => header[j]).join(" & ")} \\\\ \\hline`,
    cells.map((r) => picked.map((j) => r[j]).join(" & ")).join(" \\\\\n"),
    "\\end{array}",
    "\\]",
  ];
  return [
    ...(t.title ? ["", `\\textit{${latexText(t.title)}}`] : []),
    ...groups.flatMap(array),
    ...(rows.length < count
      ? [`\\textit{${count - rows.length + 1} more rows are not shown; --format json has every value.}`]
      : []),
  ];
}

function checkLines(check: CheckResult, opts: RenderOptions, sub: string): string[] {
  const rows = shownRows(check.items.length).map((k) => {
    const i = k === null ? undefined : check.items[k];
    const hidden = check.items.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS;
    if (!i) return `\\multicolumn{5}{c}{${textInMath(`… ${hidden} more rows …`)}}`;
    const correct = i.computed === null ? "" : valueTex(i.computed, opts.precision);
    const mark = i.passed ? "\\checkmark" : "\\times";
    return `${textInMath(i.field)} & ${textInMath(i.expected)} & ${correct} & ${textInMath(i.rule ?? "")} & ${mark}`;
  });
  // what went wrong, as paragraphs under the table: prose wraps there
  const why = check.items.flatMap((i, k) => {
    const text = whyText(check.items, k);
    return text === undefined ? [] : ["", `\\textit{${latexText(`${i.field}: ${text}`)}}`];
  });
  return [
    KEEP_WITH_NEXT,
    `\\${sub}*{Check}`,
    "\\[",
    "\\begin{array}{llrlc}",
    "\\text{field} & \\text{your answer} & \\text{correct} & \\text{rule} & \\\\ \\hline",
    rows.join(" \\\\\n"),
    "\\end{array}",
    "\\]",
    ...why,
    check.passed
      ? `\\textit{All ${check.items.length} checked values are right.}`
      : `\\textit{${latexText(`${check.wrong.length} wrong; look first at ${check.firstWrong ?? ""}.`)}}`,
    "",
  ];
}
