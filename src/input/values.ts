import type { Fraction } from "fraction.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { fieldError } from "../errors.js";
import { MAX_VALUES } from "../limits.js";

/** Longest number or expression accepted in one place. */
const MAX_EXPRESSION_LENGTH = 1000;

import { DECIMAL, decimalToFraction, printedDecimal } from "../core/digits.js";
import { MAX_EXACT_BITS } from "../core/scalar.js";
import { markTypedDecimal, rememberNumbers } from "../solution/solution.js";

type Token = { k: "num"; text: string } | { k: "name"; text: string } | { k: "op"; text: string };

function tokenize(src: string, label: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const numMatch = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i, i + MAX_EXPRESSION_LENGTH));
    if (numMatch) {
      out.push({ k: "num", text: numMatch[0] });
      i += numMatch[0].length;
      continue;
    }
    const nameMatch = /^[A-Za-z_π][A-Za-z0-9_]*/.exec(src.slice(i, i + 64));
    if (nameMatch) {
      out.push({ k: "name", text: nameMatch[0] });
      i += nameMatch[0].length;
      continue;
    }
    const opMap: Record<string, string> = {
      "+": "+",
      "-": "-",
      "−": "-",
      "*": "*",
      "×": "*",
      "·": "*",
      "/": "/",
      "÷": "/",
      "^": "^",
      "(": "(",
      ")": ")",
    };
    const o = opMap[c];
    if (o === undefined) throw fieldError(label, `unexpected character '${c}' in ${quote(src)}`);
    out.push({ k: "op", text: o });
    i++;
  }
  return out;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

const FUNCTIONS = new Set(["sqrt", "exp", "log", "ln"]);

class ExpressionParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
    private readonly label: string,
  ) {}

  parse(): Scalar {
    if (this.tokens.length === 0) throw this.error("is empty, expected a number");
    const v = this.expr();
    if (this.pos < this.tokens.length) throw this.error(`is not a number: ${quote(this.src)}`);
    return v;
  }

  private error(msg: string) {
    return fieldError(this.label, msg);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.k === "op" && t.text === text;
  }

  private expr(): Scalar {
    let v = this.term();
    for (;;) {
      if (this.isOp("+")) {
        this.pos++;
        v = sc.add(v, this.term());
      } else if (this.isOp("-")) {
        this.pos++;
        v = sc.sub(v, this.term());
      } else return v;
    }
  }

  private term(): Scalar {
    let v = this.unary();
    for (;;) {
      if (this.isOp("*")) {
        this.pos++;
        v = sc.mul(v, this.unary());
      } else if (this.isOp("/")) {
        this.pos++;
        const d = this.unary();
        if (sc.isZero(d)) throw this.error(`division by zero in ${quote(this.src)}`);
        v = sc.div(v, d);
      } else return v;
    }
  }

  private unary(): Scalar {
    if (this.isOp("-")) {
      this.pos++;
      const v = this.unary();
      const e = typeof v === "number" ? expOfLog(v) : undefined;
      if (e !== undefined) rememberLog(-v as number, sc.div(sc.frac(1), e) as Fraction);
      return sc.neg(v);
    }
    if (this.isOp("+")) {
      this.pos++;
      return this.unary();
    }
    return this.power();
  }

  private power(): Scalar {
    const base = this.atom();
    if (!this.isOp("^")) return base;
    this.pos++;
    const exponent = this.unary(); // right-associative, and 2^-3 works
    return this.raise(base, exponent);
  }

  private raise(base: Scalar, exponent: Scalar): Scalar {
    if (sc.isExact(base) && sc.isExact(exponent) && exponent.d === 1n) {
      const k = sc.toNumber(exponent);
      if (sc.isZero(base) && k < 0) throw this.error(`division by zero in ${quote(this.src)}`);
      const bits = sc.exactBits(base);
      if (Math.abs(k) * bits <= MAX_EXACT_BITS) return sc.powInt(base, k);
    }
    const b = sc.toNumber(base);
    const e = sc.toNumber(exponent);
    if (b < 0 && !Number.isInteger(e))
      throw this.error(`a negative number to a fractional power in ${quote(this.src)}`);
    if (b === 0 && e < 0) throw this.error(`division by zero in ${quote(this.src)}`);
    return b ** e;
  }

  private atom(): Scalar {
    const t = this.peek();
    if (t === undefined) throw this.error(`ends too early: ${quote(this.src)}`);
    this.pos++;
    if (t.k === "num") {
      const f = decimalToFraction(t.text);
      if (f === undefined) throw this.error(`${t.text} is out of range`);
      return f;
    }
    if (t.k === "op") {
      if (t.text !== "(") throw this.error(`unexpected '${t.text}' in ${quote(this.src)}`);
      const v = this.expr();
      if (!this.isOp(")")) throw this.error(`missing ')' in ${quote(this.src)}`);
      this.pos++;
      return v;
    }
    const name = t.text;
    if (name === "pi" || name === "π") return Math.PI;
    if (name === "e") return Math.E;
    if (FUNCTIONS.has(name)) {
      if (!this.isOp("(")) throw this.error(`${name} needs parentheses: ${name}(...)`);
      this.pos++;
      const arg = this.expr();
      if (!this.isOp(")")) throw this.error(`missing ')' in ${quote(this.src)}`);
      this.pos++;
      return this.apply(name, arg);
    }
    throw this.error(
      `${quote(this.src)} is not a number (only numbers, fractions, + - * / ^, ( ), sqrt, exp, log, pi and e are ` +
        `allowed)`,
    );
  }

  private apply(name: string, arg: Scalar): Scalar {
    switch (name) {
      case "sqrt":
        if (sc.sign(arg) < 0) throw this.error(`square root of a negative number in ${quote(this.src)}`);
        return sc.sqrt(arg);
      case "exp":
        return Math.exp(sc.toNumber(arg));
      default: {
        // log and ln are the natural logarithm
        if (sc.sign(arg) <= 0) throw this.error(`logarithm of a number ≤ 0 in ${quote(this.src)}`);
        const r = Math.log(sc.toNumber(arg));
        if (sc.isExact(arg) && r !== 0) rememberLog(r, arg);
        return r;
      }
    }
  }
}

/**
 * The floats typed as ln q (or −ln q) of a rational q, with e^z = q: a problem that needs e^z (the sigmoid)
 * can then stay exact, σ(ln 3) = 3/4. Kept for the last few thousand logarithms read.
 */
const LOGS = new Map<number, Fraction>();
const MAX_LOGS = 4096;

function rememberLog(z: number, expZ: Fraction): void {
  if (LOGS.size >= MAX_LOGS) LOGS.clear();
  LOGS.set(z, expZ);
}

/** e^z as an exact rational when z was typed as ln q or −ln q of a rational q; else undefined. */
export function expOfLog(z: number): Fraction | undefined {
  return LOGS.get(z);
}

/** Reject what a float cannot hold: NaN, ±Infinity, overflow. */
function finite(v: Scalar, src: string, label: string): Scalar {
  const f = sc.toNumber(v);
  if (!Number.isFinite(f)) throw fieldError(label, `${quote(src)} is too large (beyond float64's range)`);
  return v;
}

/** A number from text: "3", "-0.25", "1e-3", "-5/3", "1/sqrt(2)", "2^-3", "pi/4". */
export function parseNumber(text: string, label: string): Scalar {
  const src = text.trim();
  if (src.length > MAX_EXPRESSION_LENGTH) throw fieldError(label, `is too long (${src.length} characters)`);
  if (/^[+-−]?(nan|inf|infinity)$/i.test(src)) throw fieldError(label, `${quote(src)} is not a finite number`);
  const plain = decimalToFraction(src.replace(/^−/, "-"));
  // "0.5" stays a decimal where it is printed; "1/2" and "2" are not decimals
  if (plain) return finite(/[.eE]/.test(src) ? markTypedDecimal(plain) : plain, src, label);
  const parts = src
    .replace(/^\[|\]$/g, "")
    .split(/[,;\s]+/)
    .filter((p) => p !== "");
  if (/[,;[\]]/.test(src) || (parts.length > 1 && parts.every((p) => DECIMAL.test(p.replace(/^−/, "-"))))) {
    throw fieldError(label, `expected one number, got a vector ${quote(src)}`);
  }
  const value = new ExpressionParser(tokenize(src, label), src, label).parse();
  return finite(value, src, label);
}

/** Split a vector's text into element texts: "1,7,7,9", "1 7 7 9", "[1, 7, 7, 9]". */
function splitVector(text: string): string[] {
  let s = text.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1).trim();
  if (s === "") return [];
  // Commas separate when present, so expressions may hold spaces: "1/sqrt(2), 3".
  return s.includes(",") ? s.split(",").map((p) => p.trim()) : s.split(/\s+/);
}

/** Refuses more values than MAX_VALUES in one field. */
function checkCount(count: number, label: string): void {
  if (count > MAX_VALUES) {
    throw fieldError(
      label,
      `has ${count} values, more than the ${MAX_VALUES} dlsolve takes in one field (each is kept several times over ` +
        `for the steps and the answer)`,
    );
  }
}

export function parseVector(text: string, label: string): Scalar[] {
  if (text.includes(";")) throw fieldError(label, `expected a vector, got a matrix ${quote(text)}`);
  const parts = splitVector(text);
  if (parts.length === 0) throw fieldError(label, "is empty, expected at least one number");
  checkCount(parts.length, label);
  return parts.map((p, i) => parseNumber(p, parts.length > 1 ? `${label}[${i + 1}]` : label));
}

/** A matrix: "1 2; 3 4", "1,2;3,4" or JSON "[[1,2],[3,4]]". Rows must have equal lengths. */
export function parseMatrix(text: string, label: string): Scalar[][] {
  const s = text.trim();
  if (s.startsWith("[[") || s.startsWith("[ [")) {
    let json: unknown;
    try {
      json = JSON.parse(s);
    } catch {
      throw fieldError(label, `is not a valid matrix: ${quote(s)}`);
    }
    return matrixFromJson(json, label);
  }
  const rows = s.split(";").map((r) => r.trim());
  checkCount(
    rows.reduce((n, r) => n + splitVector(r).length, 0),
    label,
  );
  if (rows.length > 1 && rows[rows.length - 1] === "") rows.pop();
  const matrix = rows.map((r, i) => {
    const parts = splitVector(r);
    if (parts.length === 0) throw fieldError(label, `row ${i + 1} is empty`);
    return parts.map((p, j) => parseNumber(p, `${label}[${i + 1}][${j + 1}]`));
  });
  checkRectangular(matrix, label);
  return matrix;
}

export function checkRectangular(matrix: readonly (readonly unknown[])[], label: string): void {
  if (matrix.length === 0) throw fieldError(label, "is empty, expected at least one row");
  const width = (matrix[0] as unknown[]).length;
  matrix.forEach((row, i) => {
    if (row.length !== width) {
      throw fieldError(label, `row ${i + 1} has ${row.length} values, row 1 has ${width}`);
    }
  });
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${quote(v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * A number from a JSON value: a JSON number (the exact rational of its
 * shortest spelling, so 0.1 is 1/10) or a string in the text grammar.
 */
export function numberFromJson(v: unknown, label: string): Scalar {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw fieldError(label, `${v} is not a finite number`);
    if (Number.isSafeInteger(v)) return sc.frac(v);
    const exact = printedDecimal(v) ?? decimalToFraction(String(v));
    return exact === undefined ? v : markTypedDecimal(exact);
  }
  if (typeof v === "string") return parseNumber(v, label);
  throw fieldError(label, `expected a number, got ${typeName(v)}`);
}

/** A JSON number taken as float64 as it is (for inputs past the exact limit). */
export function floatFromJson(v: unknown, label: string): number {
  // -0 reads as 0, as its exact reading does
  if (typeof v === "number" && Number.isFinite(v)) return v === 0 ? 0 : v;
  return sc.toNumber(numberFromJson(v, label));
}

/** Elements of a big input are read straight into float64: they will be solved in float64 anyway. */
function elementReader(count: number): (v: unknown, label: string) => Scalar {
  return count > sc.EXACT_LIMIT ? floatFromJson : numberFromJson;
}

export function vectorFromJson(v: unknown, label: string): Scalar[] {
  if (typeof v === "string") return parseVector(v, label);
  if (!Array.isArray(v)) throw fieldError(label, `expected a vector (an array of numbers), got ${typeName(v)}`);
  if (v.length === 0) throw fieldError(label, "is empty, expected at least one number");
  checkCount(v.length, label);
  const read = elementReader(v.length);
  let plain = true;
  // an element's label is made only for its error
  const out = sc.mapScalars(v as unknown[], (x, i) => {
    if (typeof x === "number" && Number.isFinite(x)) return read(x, label);
    plain = false;
    return read(x, `${label}[${i + 1}]`);
  });
  if (plain) rememberNumbers(out, v as number[]);
  return out;
}

export function matrixFromJson(v: unknown, label: string): Scalar[][] {
  if (typeof v === "string") return parseMatrix(v, label);
  if (!Array.isArray(v) || !v.every(Array.isArray)) {
    throw fieldError(label, `expected a matrix (an array of rows), got ${typeName(v)}`);
  }
  checkRectangular(v as unknown[][], label);
  checkCount(v.length * (v[0] as unknown[]).length, label);
  const read = elementReader(v.length * (v[0] as unknown[]).length);
  return (v as unknown[][]).map((row, i) =>
    row.map((x, j) =>
      typeof x === "number" && Number.isFinite(x) ? read(x, label) : read(x, `${label}[${i + 1}][${j + 1}]`),
    ),
  );
}
