// The text renderer: worked steps, tables (cli-table3) and the answer, for a
// terminal. The only renderer that knows about colour (chalk).
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { CheckResult } from "../check.js";
import type { Scalar } from "../core/scalar.js";
import { toNumber } from "../core/scalar.js";
import type { Formula } from "../solution/formula.js";
import type { AnswerValue, Cell, Solution, Step, Table as TableData, Value } from "../solution/solution.js";
import { isScalarValue } from "../solution/solution.js";
import { displayWidth, visible } from "../text-width.js";
import {
  answerEntries,
  answerSign,
  cellAt,
  columnsShown,
  isMatrix,
  isMixed,
  isMoreEntries,
  maxOf,
  printedEntries,
  rowCount,
  shownRows,
  whyText,
} from "./cells.js";
import { formulaText } from "./formula-text.js";
import { asDecimal, inForm, printsRounded, scalarText, valueText, vectorForm } from "./number.js";
import type { RenderOptions } from "./options.js";
import { DEFAULT_WIDTH, INLINE_VALUES, TABLE_HEAD_ROWS, TABLE_TAIL_ROWS } from "./options.js";
import { blockWidth, breakFormula, columnGroups, wrapWords } from "./wrap.js";

type Paint = InstanceType<typeof Chalk>;

export function renderText(sol: Solution, opts: RenderOptions, check?: CheckResult): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = opts.width ?? DEFAULT_WIDTH;
  const out: string[] = [];
  if (opts.quiet) {
    out.push(...answerLines(sol.answer, opts, "", sol.unlisted));
    if (check) out.push("", ...checkLines(sol, check, opts, c));
    return `${out.join("\n")}\n`;
  }
  out.push(...wrapWords(`${sol.problem} — ${sol.title}`, width, "", "  ").map((l) => c.bold(l)));
  if (sol.summary) out.push(...wrapWords(sol.summary, width, "", "").map((l) => c.dim(l)));
  for (const w of sol.warnings) out.push(...wrapWords(`note: ${w}`, width, "", "      ").map((l) => c.yellow(l)));
  sol.steps.forEach((step, k) => {
    out.push("", ...wrapWords(`Step ${k + 1}. ${step.title}`, width, "", "   ").map((l) => c.bold.cyan(l)));
    out.push(...stepLines(step, opts, c));
  });
  if (Object.keys(sol.answer).length > 0) {
    out.push("", c.bold.green("Answer"));
    out.push(...answerLines(sol.answer, opts, "  ", sol.unlisted));
  }
  if (check)
    out.push(
      "",
      c.bold(check.passed ? c.green("Check") : c.red("Check")),
      ...checkLines(sol, check, opts, c).map((l) => `  ${l}`),
    );
  return `${out.join("\n")}\n`;
}

const f = (x: Formula, opts: RenderOptions) => formulaText(x, opts.precision);

function stepLines(step: Step, opts: RenderOptions, c: Paint): string[] {
  const lines: string[] = [];
  const indent = "  ";
  const width = opts.width ?? DEFAULT_WIDTH;
  lines.push(...derivationLines(step, opts, c, width));
  // Continuation lines start with "=" under the formula's first "=".
  let pad = indent;
  if (step.formula) {
    lines.push(...breakFormula(f(step.formula, opts), width, indent, `${indent}    `));
    if (step.formula.t === "op" && step.formula.op === "=") {
      pad = indent + " ".repeat(displayWidth(f(step.formula.args[0] as Formula, opts)) + 1);
      // A long left side would push every continuation off the line: fall back to a plain indent.
      if (pad.length > width / 3) pad = `${indent}  `;
    }
  }
  const chain = (step.substitution ?? []).map((x) => f(x, opts));
  let last = " = ";
  if (step.value !== undefined && !isMatrix(step.value)) {
    const shown = inlineValue(step.value, opts);
    // 8/3 = 8/3 ≈ 2.66667 says nothing twice: drop a substitution equal to the result.
    if (chain.length > 0 && shown.split(" ")[0] === chain[chain.length - 1]) chain.pop();
    // A float shown rounded is approximately equal to the exact chain before it.
    if (isScalarValue(step.value) && printsRounded(step.value, opts.precision)) last = " ≈ ";
    chain.push(shown);
  }
  if (chain.length > 0) {
    const head = chain.slice(0, -1).join(" = ");
    lines.push(...breakFormula(`= ${head}${head ? last : ""}${chain[chain.length - 1]}`, width, pad, pad));
  }
  for (const t of step.tables ?? []) {
    lines.push(...tableLines(t, opts, c, width - indent.length).map((l) => (l ? indent + l : "")));
  }
  for (const n of step.notes ?? []) {
    // Notes are prose, even those with a formula in them: they wrap at spaces.
    // The continuation is indented further, so that one note reads apart from the next.
    const text = typeof n === "string" ? n : f(n, opts);
    lines.push(...wrapWords(text, width, indent, `${indent}  `).map((l) => c.dim(l)));
  }
  return lines;
}

/** Narrower than this, a column of reasons wraps too often to read: they go under their formulas. */
const MIN_REASON_COLUMN = 32;

/**
 * The derivation's lines, reasons in a column to the right of the formulas
 * (wrapping inside it); when that column would be too narrow, each reason goes
 * on its own line under its formula.
 */
function derivationLines(step: Step, opts: RenderOptions, c: Paint, width: number): string[] {
  const indent = "  ";
  const derivation = (step.derivation ?? []).map((d) => [f(d.formula, opts), d.reason] as const);
  const column = maxOf(derivation.map(([t]) => displayWidth(t)));
  const start = indent.length + column + 3;
  const fits = width - start >= MIN_REASON_COLUMN || derivation.every(([, r]) => !r || start + r.length + 2 <= width);
  const lines: string[] = [];
  for (const [t, reason] of derivation) {
    if (fits) {
      if (!reason) {
        lines.push(indent + t);
        continue;
      }
      const wrapped = wrapWords(`(${reason})`, width, " ".repeat(start), " ".repeat(start + 1));
      lines.push(indent + t + " ".repeat(column - displayWidth(t) + 3) + c.dim((wrapped[0] as string).slice(start)));
      lines.push(...wrapped.slice(1).map((l) => c.dim(l)));
      continue;
    }
    lines.push(...breakFormula(t, width, indent, `${indent}    `));
    if (reason) lines.push(...wrapWords(`(${reason})`, width, `${indent}    `, `${indent}     `).map((l) => c.dim(l)));
  }
  return lines;
}

/** A value at the end of a chain: "-5/3 ≈ -1.66667", or a vector of exact forms. */
function inlineValue(v: Value, opts: RenderOptions): string {
  if (isScalarValue(v)) return valueText(v, opts.precision);
  return vectorText(v as readonly Scalar[], entryText(v, opts.precision));
}

/** How an entry of `v` prints: "1/2", "0.25", or "≈0.119203" among fractions. */
function entryText(v: Value, precision: number): (s: Scalar) => string {
  const mixed = isMixed(v, precision);
  // one form per vector: [0.7, -1.3, 0.2], not [0.7, -1.3, 1/5]
  const form = vectorForm(printedEntries(v), precision);
  return (s) => (mixed && printsRounded(s, precision) ? "≈" : "") + (inForm(s, form) ?? scalarText(s, precision));
}

function vectorText(v: readonly Scalar[], show: (s: Scalar) => string): string {
  const parts =
    v.length <= INLINE_VALUES
      ? v.map(show)
      : [
          ...v.slice(0, INLINE_VALUES - 2).map(show),
          `… (${v.length - INLINE_VALUES + 1} more) …`,
          show(v[v.length - 1]!),
        ];
  return `[${parts.join(", ")}]`;
}

function cellText(cell: Cell | undefined, opts: RenderOptions): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (isScalarValue(cell)) return valueText(cell, opts.precision);
  return f(cell as Formula, opts);
}

/**
 * A table drawn by cli-table3; one too wide for `width` is drawn as several
 * tables, each repeating the first column, one under another.
 */
function tableLines(t: TableData, opts: RenderOptions, c: Paint, width: number): string[] {
  const all = columnsShown(t);
  const count = rowCount(t);
  const rows = shownRows(count, t.wholeUpTo);
  // Cell text once: a group's table is redrawn while the groups are found.
  const header = all.map((col) =>
    col === null ? "…" : typeof col.header === "string" ? col.header : f(col.header, opts),
  );
  // one form per column: 0.4 beside -0.1, not 2/5 = 0.4
  const forms = all.map((col) =>
    col === null
      ? undefined
      : vectorForm(
          rows.map((i) => (i === null ? null : cellAt(col, i))),
          opts.precision,
        ),
  );
  const cells = rows.map((i) =>
    all.map((col, j) => {
      if (i === null || col === null) return { content: "…", hAlign: "center" as const };
      const cell = cellAt(col, i);
      const inColumnForm = isScalarValue(cell) ? inForm(cell, forms[j]) : undefined;
      return {
        content: inColumnForm ?? cellText(cell, opts),
        hAlign: isScalarValue(cell) ? ("right" as const) : ("left" as const),
      };
    }),
  );
  const more = `… ${count - rows.length + 1} more rows …`;
  const draw = (picked: number[], paint: Paint, colWidths?: number[], spanRow = true) => {
    const table = new Table({
      head: picked.map((j) => paint.bold(header[j] as string)),
      style: { head: [], border: [], compact: true },
      ...(colWidths ? { colWidths, wordWrap: true } : {}),
    });
    rows.forEach((i, r) => {
      if (i !== null) table.push(picked.map((j) => cells[r]![j]!));
      else if (spanRow) table.push([{ colSpan: picked.length, content: paint.dim(more), hAlign: "center" }]);
    });
    return table.toString().split("\n");
  };
  // Groups are found by width, on uncoloured drawings. cli-table3 takes ~0.4 ms a drawing, so a group is not drawn
  // to be measured: each column's width is read off one drawing's top border (┌───┬────┐), the "… more rows …"
  // row left out, and a group's width is their sum. Only a group narrower than that row is drawn to be measured
  // (the row widens its columns).
  const plain = new Chalk({ level: 0 });
  const every = all.map((_, j) => j);
  const bare = draw(every, plain, undefined, false);
  const drawn = (bare[0] ?? "")
    .slice(1, -1)
    .split("┬")
    .map((segment) => segment.length);
  const spanned = rows.includes(null) ? displayWidth(more) + 2 : 0;
  const measure = (picked: number[]) => {
    const inner = picked.reduce((a, j) => a + drawn[j]!, picked.length - 1);
    return spanned > inner ? blockWidth(draw(picked, plain)) : inner + 2;
  };
  const groups = columnGroups(all.length, width, measure, t.keyColumns ?? 1);
  const natural = (j: number) =>
    maxOf([displayWidth(header[j] as string), ...cells.map((r) => displayWidth(r[j]?.content ?? ""))]) + 2;
  const lines = groups.flatMap((picked, k) => {
    // A group of one column after the label can still be too wide (a long layer name): wrap its widest column.
    let widths: number[] | undefined;
    if (measure(picked) > width) {
      widths = picked.map(natural);
      const widest = widths.indexOf(maxOf(widths));
      const excess = widths.reduce((a, b) => a + b, picked.length + 1) - width;
      widths[widest] = Math.max(12, widths[widest]! - excess);
    }
    const same = !widths && spanned === 0 && c.level === 0 && picked.length === every.length;
    return [...(k > 0 ? [""] : []), ...(same ? bare : draw(picked, c, widths))];
  });
  return t.title ? [...wrapWords(t.title, width, "", "").map((l) => c.dim(l)), ...lines] : lines;
}

/** "name = value" lines of the answer; groups (grad) are flattened as grad.x. */
function answerLines(
  answer: Record<string, AnswerValue>,
  opts: RenderOptions,
  indent: string,
  leaveOut?: readonly string[],
): string[] {
  const entries = answerEntries(answer, leaveOut);
  const width = maxOf(entries.map(([k]) => k.length));
  const columns = opts.width ?? DEFAULT_WIDTH;
  const lines: string[] = [];
  for (const [name, v] of entries) {
    if (isMoreEntries(v)) {
      lines.push(`${indent}… ${v.more} more of ${v.of} …`);
      continue;
    }
    if (typeof v === "string") {
      lines.push(
        ...breakFormula(v, columns, `${indent}${name.padEnd(width)} = `, " ".repeat(indent.length + width + 3)),
      );
      continue;
    }
    // A value shown rounded is marked ≈; among exact fractions, each rounded entry is marked instead.
    const sign = answerSign(v, opts.precision);
    const show = entryText(v, opts.precision);
    const head = `${indent}${name.padEnd(width)} ${sign} `;
    const pad = " ".repeat(head.length - 2);
    // Vectors too wide for the line continue under their first value.
    const wrapLine = (first: string, text: string, rest = `${pad}   `) => breakFormula(text, columns, first, rest);
    if (isScalarValue(v)) {
      lines.push(head + valueText(v, opts.precision));
    } else if (isMatrix(v)) {
      const rows = v as readonly (readonly Scalar[])[];
      const shown =
        rows.length <= INLINE_VALUES ? rows : [...rows.slice(0, INLINE_VALUES - 1), rows[rows.length - 1] as Scalar[]];
      shown.forEach((row, i) => {
        const text = vectorText(row, show);
        lines.push(...wrapLine(i === 0 ? head : `${pad}  `, text));
        if (rows.length > INLINE_VALUES && i === INLINE_VALUES - 2)
          lines.push(`${pad}  … ${rows.length - INLINE_VALUES} more rows …`);
      });
    } else {
      const vec = v as readonly Scalar[];
      const exactForm = vectorText(vec, show);
      const decimals = vectorText(vec, (s) => scalarText(toNumber(s), opts.precision));
      lines.push(...wrapLine(head, exactForm));
      // the decimals line is "=" when every decimal is exact (1/4, 4/5 = 0.25, 0.8), else "≈"
      const rounded = printedEntries(vec).some((x) =>
        typeof x === "number"
          ? printsRounded(x, opts.precision)
          : asDecimal(x) !== scalarText(toNumber(x), opts.precision),
      );
      if (decimals !== exactForm) lines.push(...wrapLine(pad, `${rounded ? "≈" : "="} ${decimals}`, `${pad}   `));
    }
  }
  return lines;
}

type CheckRow = CheckResult["items"][number];

/**
 * The check table: field, your answer, correct, rule, ✓/✗, and what went
 * wrong when anything did (a mistake named, an answer that cannot be read).
 * Too wide for the terminal, that last column wraps; still too wide, the rule
 * goes under the given value in its cell.
 */
function checkTable(check: CheckResult, opts: RenderOptions, c: Paint): string[] {
  // A long check (30,000 values) shows its first and last rows, as long tables do: cli-table3 is quadratic in rows.
  const rows = shownRows(check.items.length).map((k) => (k === null ? undefined : check.items[k]));
  const prose = rows.some((r) => r?.reason !== undefined || r?.diagnosis !== undefined);
  // a user's field names and answers with their control characters shown, before the columns are measured
  const text = (item: CheckRow) => [
    visible(item.field),
    visible(item.expected),
    item.computed === null ? "" : valueText(item.computed, opts.precision),
    item.rule ?? "",
    visible(whyText(check.items, check.items.indexOf(item)) ?? ""),
  ];
  const draw = (colWidths?: number[], stacked = false) => {
    const heads = [
      "field",
      stacked ? "your answer\nrule" : "your answer",
      "correct",
      ...(stacked ? [] : ["rule"]),
      "",
      ...(prose ? ["what went wrong"] : []),
    ];
    const table = new Table({
      head: heads.map((h) => c.bold(h)),
      style: { head: [], border: [], compact: true },
      ...(colWidths ? { colWidths, wordWrap: true } : {}),
    });
    for (const item of rows) {
      if (!item) {
        const hidden = check.items.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS;
        table.push([{ colSpan: heads.length, content: c.dim(`… ${hidden} more rows …`), hAlign: "center" }]);
        continue;
      }
      const [field, given, correct, rule, why] = text(item) as [string, string, string, string, string];
      const cells = stacked ? [field, `${given}\n${rule}`, correct] : [field, given, correct, rule];
      table.push([...cells, item.passed ? c.green("✓") : c.red("✗"), ...(prose ? [why] : [])]);
    }
    return table.toString().split("\n");
  };
  const width = (opts.width ?? DEFAULT_WIDTH) - (opts.quiet ? 0 : 2);
  const whole = draw();
  if (blockWidth(whole) <= width) return whole;
  const col = (j: number) =>
    maxOf(
      [
        ["field", "your answer", "correct", "rule"][j] as string,
        ...rows.map((r) => (r ? (text(r)[j] as string) : "")),
      ].map(displayWidth),
    ) + 2;
  const [field, given, correct, rule] = [col(0), col(1), col(2), col(3)];
  // borders: one more than the columns; the ✓/✗ column is 3 wide; what went wrong takes the rest, at least 16
  const rest = (used: number, columns: number) => Math.max(16, width - used - (columns + 1));
  if (prose) {
    const wrapped = draw([field, given, correct, rule, 3, rest(field + given + correct + rule + 3, 6)]);
    if (blockWidth(wrapped) <= width) return wrapped;
  }
  const stackedGiven = Math.max(given, rule);
  const widths = [field, stackedGiven, correct, 3];
  return draw(prose ? [...widths, rest(field + stackedGiven + correct + 3, 5)] : widths, true);
}

/** The check table and a verdict that says where to look first. */
function checkLines(sol: Solution, check: CheckResult, opts: RenderOptions, c: Paint): string[] {
  const lines = checkTable(check, opts, c);
  const failed = check.items.filter((i) => !i.passed);
  if (check.passed) {
    lines.push(c.green(`✓ all ${check.items.length} checked value${check.items.length > 1 ? "s are" : " is"} right`));
    return lines;
  }
  const names =
    failed
      .slice(0, 6)
      .map((i) => i.field)
      .join(", ") + (failed.length > 6 ? ", …" : "");
  const wrong = `✗ ${failed.length} of ${check.items.length} checked values wrong: ${names}`;
  lines.push(...wrapWords(wrong, (opts.width ?? DEFAULT_WIDTH) - (opts.quiet ? 0 : 2), "", "  ").map((l) => c.red(l)));
  const first = check.firstWrong as string;
  const where =
    check.firstWrongStep !== undefined
      ? ` (Step ${check.firstWrongStep}. ${sol.steps[check.firstWrongStep - 1]?.title ?? ""})`
      : "";
  const rightBefore = check.right.filter(
    (r) => check.items.findIndex((i) => i.group === r) < check.items.findIndex((i) => i.group === first),
  );
  const verdict =
    `look first at ${first}${where}` +
    (rightBefore.length > 0
      ? `: your ${list(rightBefore)} ${rightBefore.length > 1 ? "are" : "is"} right, your ${first} is wrong`
      : "");
  // the check sits two columns in under its heading, except with --quiet
  lines.push(...wrapWords(verdict, (opts.width ?? DEFAULT_WIDTH) - (opts.quiet ? 0 : 2), "", "  "));
  return lines;
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
