// The text renderer: worked steps, tables (cli-table3) and the answer, for a
// terminal. The only renderer that knows about colour (chalk).
import { Chalk } from "chalk";
import Table from "cli-table3";
import type { CheckResult } from "../check.js";
import type { Formula } from "../core/formula.js";
import type { Scalar } from "../core/scalar.js";
import { toNumber } from "../core/scalar.js";
import type { AnswerValue, Cell, Solution, Step, Table as TableData, Value } from "../solution.js";
import { isScalarValue } from "../solution.js";
import { answerEntries, cellAt, columnsShown, isMatrix, isMoreEntries, maxOf, rowCount, shownRows } from "./cells.js";
import { displayWidth, formulaText } from "./formula-text.js";
import { scalarText, valueText } from "./number.js";
import type { RenderOptions } from "./options.js";
import { INLINE_VALUES, TABLE_HEAD_ROWS, TABLE_TAIL_ROWS } from "./options.js";

type Paint = InstanceType<typeof Chalk>;

export function renderText(sol: Solution, opts: RenderOptions, check?: CheckResult): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  if (opts.quiet) {
    out.push(...answerLines(sol.answer, opts, ""));
    if (check) out.push("", ...checkLines(sol, check, opts, c));
    return `${out.join("\n")}\n`;
  }
  out.push(c.bold(`${sol.problem} — ${sol.title}`));
  if (sol.summary) out.push(c.dim(sol.summary));
  for (const w of sol.warnings) out.push(c.yellow(`note: ${w}`));
  sol.steps.forEach((step, k) => {
    out.push("", c.bold.cyan(`Step ${k + 1}. ${step.title}`));
    out.push(...stepLines(step, opts, c));
  });
  if (Object.keys(sol.answer).length > 0) {
    out.push("", c.bold.green("Answer"));
    out.push(...answerLines(sol.answer, opts, "  "));
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
  const derivation = (step.derivation ?? []).map((d) => [f(d.formula, opts), d.reason] as const);
  const width = Math.max(0, ...derivation.map(([t]) => displayWidth(t)));
  for (const [t, reason] of derivation) {
    lines.push(indent + (reason ? t + " ".repeat(width - displayWidth(t) + 3) + c.dim(`(${reason})`) : t));
  }
  // Continuation lines start with "=" under the formula's first "=".
  let pad = indent;
  if (step.formula) {
    lines.push(indent + f(step.formula, opts));
    if (step.formula.t === "op" && step.formula.op === "=") {
      pad = indent + " ".repeat(displayWidth(f(step.formula.args[0] as Formula, opts)) + 1);
    }
  }
  const chain = (step.substitution ?? []).map((x) => f(x, opts));
  let last = " = ";
  if (step.value !== undefined && !isMatrix(step.value)) {
    const shown = inlineValue(step.value, opts);
    // 8/3 = 8/3 ≈ 2.66667 says nothing twice: drop a substitution equal to the result.
    if (chain.length > 0 && shown.split(" ")[0] === chain[chain.length - 1]) chain.pop();
    // A float shown rounded is approximately equal to the exact chain before it.
    if (typeof step.value === "number" && Number(shown) !== step.value) last = " ≈ ";
    chain.push(shown);
  }
  if (chain.length > 0) {
    const head = chain.slice(0, -1).join(" = ");
    lines.push(`${pad}= ${head}${head ? last : ""}${chain[chain.length - 1]}`);
  }
  for (const t of step.tables ?? []) lines.push(...tableLines(t, opts, c).map((l) => indent + l));
  for (const n of step.notes ?? []) lines.push(indent + c.dim(typeof n === "string" ? n : f(n, opts)));
  return lines;
}

/** A value at the end of a chain: "-5/3 ≈ -1.66667", or a vector of exact forms. */
function inlineValue(v: Value, opts: RenderOptions): string {
  if (isScalarValue(v)) return valueText(v, opts.precision);
  return vectorText(v as readonly Scalar[], (s) => scalarText(s, opts.precision));
}

function vectorText(v: readonly Scalar[], show: (s: Scalar) => string): string {
  const parts =
    v.length <= INLINE_VALUES
      ? v.map(show)
      : [
          ...v.slice(0, INLINE_VALUES - 2).map(show),
          `… (${v.length - INLINE_VALUES + 1} more) …`,
          show(v[v.length - 1] as Scalar),
        ];
  return `[${parts.join(", ")}]`;
}

function cellText(cell: Cell | undefined, opts: RenderOptions): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (isScalarValue(cell)) return valueText(cell, opts.precision);
  return f(cell as Formula, opts);
}

function tableLines(t: TableData, opts: RenderOptions, c: Paint): string[] {
  const cols = columnsShown(t);
  const table = new Table({
    head: cols.map((col) =>
      c.bold(col === null ? "…" : typeof col.header === "string" ? col.header : f(col.header, opts)),
    ),
    style: { head: [], border: [], compact: true },
  });
  const count = rowCount(t);
  const rows = shownRows(count);
  for (const i of rows) {
    if (i === null) {
      table.push([
        { colSpan: cols.length, content: c.dim(`… ${count - rows.length + 1} more rows …`), hAlign: "center" },
      ]);
      continue;
    }
    table.push(
      cols.map((col) => {
        if (col === null) return { content: "…", hAlign: "center" };
        const cell = cellAt(col, i);
        return { content: cellText(cell, opts), hAlign: isScalarValue(cell) ? "right" : "left" };
      }),
    );
  }
  const lines = table.toString().split("\n");
  return t.title ? [c.dim(t.title), ...lines] : lines;
}

/** "name = value" lines of the answer; groups (grad) are flattened as grad.x. */
function answerLines(answer: Record<string, AnswerValue>, opts: RenderOptions, indent: string): string[] {
  const entries = answerEntries(answer);
  const width = maxOf(entries.map(([k]) => k.length));
  const lines: string[] = [];
  for (const [name, v] of entries) {
    if (isMoreEntries(v)) {
      lines.push(`${indent}… ${v.more} more of ${v.of} …`);
      continue;
    }
    // A value shown rounded is marked ≈ (a float whose printed digits are not the float itself).
    const sign = isRoundedValue(v, opts.precision) ? "≈" : "=";
    const head = `${indent}${name.padEnd(width)} ${sign} `;
    const pad = " ".repeat(head.length - 2);
    if (isScalarValue(v)) {
      lines.push(head + valueText(v, opts.precision));
    } else if (isMatrix(v)) {
      const rows = v as readonly (readonly Scalar[])[];
      const shown =
        rows.length <= INLINE_VALUES ? rows : [...rows.slice(0, INLINE_VALUES - 1), rows[rows.length - 1] as Scalar[]];
      shown.forEach((row, i) => {
        const text = vectorText(row, (s) => scalarText(s, opts.precision));
        lines.push((i === 0 ? head : `${pad}  `) + text);
        if (rows.length > INLINE_VALUES && i === INLINE_VALUES - 2)
          lines.push(`${pad}  … ${rows.length - INLINE_VALUES} more rows …`);
      });
    } else {
      const vec = v as readonly Scalar[];
      const exactForm = vectorText(vec, (s) => scalarText(s, opts.precision));
      const decimals = vectorText(vec, (s) => scalarText(toNumber(s), opts.precision));
      lines.push(head + exactForm);
      if (decimals !== exactForm) lines.push(`${pad}≈ ${decimals}`);
    }
  }
  return lines;
}

/** True when a float of the value (not an exact fraction, which prints its own ≈) prints rounded. */
function isRoundedValue(v: Value, precision: number): boolean {
  const rounded = (s: Scalar) => typeof s === "number" && Number.isFinite(s) && Number(scalarText(s, precision)) !== s;
  if (isScalarValue(v)) return rounded(v);
  const values = isMatrix(v) ? (v as readonly (readonly Scalar[])[]).flat() : (v as readonly Scalar[]);
  // only the values printed: the first and last of a long vector
  return values.some((s, i) => (i < INLINE_VALUES || i >= values.length - 2) && rounded(s));
}

/** The check table (field / expected / computed / ✓✗) and a verdict that says where to look first. */
function checkLines(sol: Solution, check: CheckResult, opts: RenderOptions, c: Paint): string[] {
  const table = new Table({
    head: ["field", "expected", "computed", ""].map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
  });
  // A long check (30,000 values) shows its first and last rows, as long tables do: cli-table3 is quadratic in rows.
  for (const k of shownRows(check.items.length)) {
    const item = k === null ? undefined : check.items[k];
    if (!item) {
      const hidden = check.items.length - TABLE_HEAD_ROWS - TABLE_TAIL_ROWS;
      table.push([{ colSpan: 4, content: c.dim(`… ${hidden} more rows …`), hAlign: "center" }]);
      continue;
    }
    table.push([
      item.field,
      item.expected,
      item.reason ?? (item.computed === null ? "" : valueText(item.computed, opts.precision)),
      item.passed ? c.green("✓") : c.red("✗"),
    ]);
  }
  const lines = table.toString().split("\n");
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
  lines.push(c.red(`✗ ${failed.length} of ${check.items.length} checked values wrong: ${names}`));
  const first = check.firstWrong as string;
  const where =
    check.firstWrongStep !== undefined
      ? ` (Step ${check.firstWrongStep}. ${sol.steps[check.firstWrongStep - 1]?.title ?? ""})`
      : "";
  const rightBefore = check.right.filter(
    (r) => check.items.findIndex((i) => i.group === r) < check.items.findIndex((i) => i.group === first),
  );
  lines.push(
    `look first at ${first}${where}` +
      (rightBefore.length > 0
        ? `: your ${list(rightBefore)} ${rightBefore.length > 1 ? "are" : "is"} right, your ${first} is wrong`
        : ""),
  );
  return lines;
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
