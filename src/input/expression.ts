// graph's grammar (SPEC 4.13), parsed into core/expression.ts's tree and never
// evaluated: names, numbers, + − * / ^ @, unary minus, parentheses and a fixed
// list of functions. A program is assignments split by ";" or newlines; the
// last is the output. Limits are checked while reading, before any work.

import type { Tensor } from "../core/autodiff.js";
import { decimalToFraction } from "../core/digits.js";
import {
  type Assignment,
  arityOf,
  type Expr,
  type FnName,
  FUNCTIONS,
  namesRead,
  type Program,
} from "../core/expression.js";
import { fieldError } from "../errors.js";
import { MAX_GRAPH_DEPTH, MAX_GRAPH_EXPONENT, MAX_GRAPH_TEXT } from "../limits.js";
import { didYouMean } from "./suggest.js";
import { matrixFromJson, numberFromJson, parseMatrix, parseNumber, parseVector, vectorFromJson } from "./values.js";

/** Spellings of a number that is not finite; a user writing one means that number, never a variable. */
const NOT_FINITE = /^(nan|inf|infinity)$/i;

type Token =
  | { k: "num"; text: string; at: number }
  | { k: "name"; text: string; at: number }
  | { k: "punct"; text: string; at: number }
  | { k: "end"; at: number };

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[\p{L}_][\p{L}\p{N}_′']*/u;
const PUNCT = "+-*/^@(),=;\n";

const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

function tokenize(src: string, label: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    const rest = src.slice(i, i + 200);
    const num = NUMBER.exec(rest);
    if (num) {
      out.push({ k: "num", text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      out.push({ k: "name", text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const p = ch === "−" ? "-" : ch === "·" || ch === "×" ? "*" : ch;
    if (PUNCT.includes(p)) {
      out.push({ k: "punct", text: p, at: i });
      i++;
      continue;
    }
    throw fieldError(
      label,
      `${quote(ch)} at character ${i + 1} is not part of graph's grammar ` +
        "(names, numbers, + − * / ^ @, parentheses, functions)",
    );
  }
  out.push({ k: "end", at: src.length });
  return out;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly label: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.k === "punct" && t.text === text;
  }
  private fail(t: Token, what: string): never {
    const seen = t.k === "end" ? "the end" : t.text === "\n" ? "a line break" : quote(t.text);
    throw fieldError(this.label, `${what}, found ${seen} at character ${t.at + 1}`);
  }
  private expect(text: string, what: string): void {
    if (!this.isPunct(text)) this.fail(this.peek(), what);
    this.i++;
  }

  /** Lines split by ";" or newlines, each `name = expr`; the last may be a bare expression. */
  program(): Array<{ name?: string; expr: Expr; line: number }> {
    const lines: Array<{ name?: string; expr: Expr; line: number }> = [];
    for (;;) {
      while (this.isPunct(";") || this.isPunct("\n")) this.i++;
      if (this.peek().k === "end") break;
      const t = this.peek();
      const after = this.tokens[this.i + 1];
      let name: string | undefined;
      if (t.k === "name" && after?.k === "punct" && after.text === "=") {
        name = t.text;
        this.i += 2;
      }
      lines.push({ ...(name === undefined ? {} : { name }), expr: this.expr(), line: lines.length + 1 });
      const end = this.peek();
      if (end.k !== "end" && !this.isPunct(";") && !this.isPunct("\n"))
        this.fail(end, "expected an operator or the end of the line");
    }
    return lines;
  }

  private enter(): void {
    if (++this.depth > MAX_GRAPH_DEPTH)
      throw fieldError(
        this.label,
        `nests deeper than ${MAX_GRAPH_DEPTH} levels; name the inner parts with assignments`,
      );
  }

  private expr(): Expr {
    this.enter();
    let left = this.term();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = (this.next() as { text: string }).text as "+" | "-";
      left = { k: "bin", op, a: left, b: this.term() };
    }
    this.depth--;
    return left;
  }

  private term(): Expr {
    let left = this.unary();
    while (this.isPunct("*") || this.isPunct("/") || this.isPunct("@")) {
      const op = (this.next() as { text: string }).text as "*" | "/" | "@";
      left = { k: "bin", op, a: left, b: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isPunct("-") || this.isPunct("+")) {
      const sign = (this.next() as { text: string }).text;
      this.enter();
      const arg = this.unary();
      this.depth--;
      if (sign === "+") return arg;
      // −3 is the number −3, not an operation on 3
      if (arg.k === "num") return { k: "num", v: decimalToFraction(`-${numText(arg)}`) ?? arg.v };
      return { k: "neg", arg };
    }
    return this.power();
  }

  /** `^` binds tightest and to the right; its exponent may carry a sign (2^-3). */
  private power(): Expr {
    const base = this.primary();
    if (!this.isPunct("^")) return base;
    this.i++;
    this.enter();
    const exp = this.unary();
    this.depth--;
    if (exp.k === "num" && Math.abs(Number(exp.v)) > MAX_GRAPH_EXPONENT)
      throw fieldError(
        this.label,
        `the exponent ${String(Number(exp.v))} is larger than the ${MAX_GRAPH_EXPONENT} allowed`,
      );
    return { k: "bin", op: "^", a: base, b: exp };
  }

  private primary(): Expr {
    const t = this.next();
    if (t.k === "num") {
      const v = decimalToFraction(t.text);
      if (v === undefined) this.fail(t, "expected a number");
      return { k: "num", v };
    }
    if (t.k === "name") {
      if (NOT_FINITE.test(t.text)) this.fail(t, `${t.text} is not a finite number, and cannot be a name`);
      if (this.isPunct("(")) return this.call(t);
      if (FUNCTIONS.includes(t.text)) this.fail(this.peek(), `${t.text} is a function: write ${t.text}(…)`);
      return { k: "var", name: t.text };
    }
    if (t.k === "punct" && t.text === "(") {
      const inner = this.expr();
      this.expect(")", `expected ")" to close the "(" at character ${t.at + 1}`);
      return inner;
    }
    return this.fail(t, 'expected a number, a name or "("');
  }

  private call(t: Token & { k: "name" }): Expr {
    if (!FUNCTIONS.includes(t.text)) {
      throw fieldError(
        this.label,
        `unknown function "${t.text}"${didYouMean(t.text, FUNCTIONS)}; graph knows ${FUNCTIONS.join(", ")}`,
      );
    }
    const fn = t.text as FnName;
    this.i++;
    this.enter();
    const args: Expr[] = [];
    if (!this.isPunct(")")) {
      args.push(this.expr());
      while (this.isPunct(",")) {
        this.i++;
        args.push(this.expr());
      }
    }
    this.expect(")", `expected ")" after the arguments of ${fn}`);
    this.depth--;
    const arity = arityOf(fn);
    if (args.length !== arity)
      throw fieldError(this.label, `${fn} takes ${arity === 1 ? "one argument" : "two arguments"}, got ${args.length}`);
    return { k: "call", fn, args };
  }
}

/** The number's own digits, for folding a sign into a literal. */
function numText(e: Expr & { k: "num" }): string {
  return typeof e.v === "number" ? String(e.v) : e.v.toFraction();
}

/** A name for the output of a bare expression that no input takes: f, else out, out2, … */
function outputName(taken: ReadonlySet<string>): string {
  if (!taken.has("f")) return "f";
  for (let k = 1; ; k++) {
    const name = k === 1 ? "out" : `out${k}`;
    if (!taken.has(name)) return name;
  }
}

/** graph's expression text as a program: its assignments, its inputs in order of first appearance, its output. */
export function parseProgram(text: string, label: string): Program {
  if (text.length > MAX_GRAPH_TEXT)
    throw fieldError(label, `is ${text.length} characters long, more than the ${MAX_GRAPH_TEXT} graph reads`);
  const lines = new Parser(tokenize(text, label), label).program();
  if (lines.length === 0) throw fieldError(label, "is empty: give an expression such as (x + y) * z");
  // sets and the line each name is first assigned on: a program of 100,000 lines is read in one pass, not n²
  const assigned = new Set<string>();
  const inputs: string[] = [];
  const isInput = new Set<string>();
  const firstAssigned = new Map<string, number>();
  lines.forEach((l, k) => {
    if (l.name !== undefined && !firstAssigned.has(l.name)) firstAssigned.set(l.name, k);
  });
  const assignments: Assignment[] = [];
  lines.forEach((line, k) => {
    const last = k === lines.length - 1;
    for (const name of namesRead(line.expr)) {
      if (assigned.has(name) || isInput.has(name)) continue;
      if ((firstAssigned.get(name) ?? -1) >= k)
        throw fieldError(label, `${name} is read on line ${line.line} before it is assigned`);
      inputs.push(name);
      isInput.add(name);
    }
    if (line.name === undefined && !last)
      throw fieldError(label, `line ${line.line} has no name: write name = … (only the last line may be bare)`);
    const name = line.name ?? outputName(new Set([...isInput, ...assigned]));
    if (assigned.has(name)) throw fieldError(label, `${name} is assigned twice`);
    if (FUNCTIONS.includes(name)) throw fieldError(label, `${name} is a function and cannot be assigned`);
    if (NOT_FINITE.test(name)) throw fieldError(label, `${name} is not a finite number, and cannot be assigned`);
    assigned.add(name);
    assignments.push({ name, expr: line.expr });
  });
  return { assignments, inputs, output: assignments[assignments.length - 1]?.name as string };
}

/** A value given to a name: a number, a vector or a matrix, read as its form shows. */
function valueFromText(text: string, label: string): Tensor {
  const s = text.trim();
  if (/^\[\s*\[/.test(s)) return parseMatrix(s, label);
  if (s.startsWith("[") || s.includes(",")) return parseVector(s, label);
  return parseNumber(s, label);
}

function valueFromJson(v: unknown, label: string): Tensor {
  if (Array.isArray(v))
    return v.length > 0 && v.every(Array.isArray) ? matrixFromJson(v, label) : vectorFromJson(v, label);
  if (typeof v === "string") return valueFromText(v, label);
  return numberFromJson(v, label);
}

/**
 * The inputs' values: `x=-2 y=5 z=-4` (pairs split by spaces or ";", so a
 * vector keeps its commas: w=1,2,3 or w=[1,2,3]; a matrix as [[1,2],[3,4]]),
 * or a JSON object {"x": -2, …}. Each value is labelled by its name (`at.x`).
 */
export function parseValues(raw: { json: boolean; value: unknown; label: string }): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const { label } = raw;
  if (raw.json && typeof raw.value === "object" && raw.value !== null && !Array.isArray(raw.value)) {
    for (const [name, v] of Object.entries(raw.value)) out.set(name, valueFromJson(v, `${label}.${name}`));
    return out;
  }
  if (typeof raw.value !== "string")
    throw fieldError(label, 'expected values as text (x=-2 y=5) or a JSON object {"x": -2, "y": 5}');
  const text = raw.value.replace(/\s*=\s*/g, "=");
  let depth = 0;
  let start = 0;
  const pairs: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === "[") depth++;
    else if (ch === "]") depth--;
    if (i === text.length || (depth === 0 && (ch === ";" || ch === " " || ch === "\t" || ch === "\n"))) {
      if (i > start) pairs.push(text.slice(start, i));
      start = i + 1;
    }
  }
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw fieldError(label, `${quote(pair)} is not name=value (such as x=-2 or w=1,2,3)`);
    const name = pair.slice(0, eq);
    if (out.has(name)) throw fieldError(label, `${name} is given twice`);
    out.set(name, valueFromText(pair.slice(eq + 1), `${label}.${name}`));
  }
  return out;
}
