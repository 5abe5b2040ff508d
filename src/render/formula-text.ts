// Prints a Formula as Unicode text: subscripts (xᵢ), superscripts (σ²),
// hats (x̂), √, Σ, ∂. Parentheses are added from operator precedence, so
// problems build trees and never think about them.

import type { Scalar } from "../core/scalar.js";
import { dotAfter, type Formula, isShared } from "../solution/formula.js";
import { scalarText } from "./number.js";

const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "−": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
};

const SUP: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  a: "ᵃ",
  b: "ᵇ",
  c: "ᶜ",
  d: "ᵈ",
  e: "ᵉ",
  f: "ᶠ",
  g: "ᵍ",
  h: "ʰ",
  i: "ⁱ",
  j: "ʲ",
  k: "ᵏ",
  l: "ˡ",
  m: "ᵐ",
  n: "ⁿ",
  o: "ᵒ",
  p: "ᵖ",
  r: "ʳ",
  s: "ˢ",
  t: "ᵗ",
  u: "ᵘ",
  v: "ᵛ",
  w: "ʷ",
  x: "ˣ",
  y: "ʸ",
  z: "ᶻ",
  T: "ᵀ",
  "'": "′",
};

/** Map every character through `table`, or give up (undefined) if one has no form there. */
function mapAll(s: string, table: Record<string, string>): string | undefined {
  // by index: every character the tables know is one UTF-16 unit (half of a surrogate pair maps to nothing),
  // and a string iterator makes an object per character until V8 optimises the loop
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === " ") continue;
    const m = table[ch];
    if (m === undefined) return undefined;
    out += m;
  }
  return out;
}

// Precedence: higher binds tighter.
const P = { rel: 0, list: 0, add: 1, mul: 2, neg: 3, pow: 4, atom: 5 } as const;

/** Whether s has a digit (or a decimal point) at index i. */
const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return (c >= 48 && c <= 57) || c === 46;
};

/**
 * A function written by a name of letters after a factor takes a dot: 0.7·log(0.9), α·exp(z), not 0.7log(0.9).
 * (LaTeX needs none: its \\log spaces itself.)
 */
const dotBefore = (next: Formula): boolean =>
  next.t === "call" && next.fn.length > 1 && /^[a-z]+$/.test(next.fn) && next.fn !== "sqrt";

/** Text ending in a subscript written out after an underscore (k_ab, x_pq): no Unicode subscript for it. */
const ASCII_SCRIPT_END = /_[A-Za-z0-9]+$/;

/** Whether printed text starts with a minus sign (ASCII or Unicode). */
const signed = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return c === 45 || c === 0x2212;
};

/**
 * Printed shared formulas (F.shared), per node and precision: a stream of
 * 10,000 batchnorm problems prints "μ = (1/m) Σᵢ₌₁ᵐ xᵢ" once. Formulas with a
 * problem's numbers are printed once each and not kept: a WeakMap entry per
 * fresh node cost more in garbage collection than it saved.
 */
const sharedTexts = new WeakMap<Formula, Map<number, string>>();

export function formulaText(f: Formula, precision: number): string {
  if (!isShared(f)) return new TextPrinter(precision).print(f);
  let byPrecision = sharedTexts.get(f);
  const hit = byPrecision?.get(precision);
  if (hit !== undefined) return hit;
  const s = new TextPrinter(precision).print(f);
  if (!byPrecision) {
    byPrecision = new Map();
    sharedTexts.set(f, byPrecision);
  }
  byPrecision.set(precision, s);
  return s;
}

/**
 * print() returns a node's text and leaves how it binds in `prec` and
 * `slash`, to be read before the next print(): no object per printed node
 * (a 10,000-problem stream prints over a million of them).
 */
class TextPrinter {
  /** The precedence of the text print() returned last. */
  private prec = 0;
  /** Its outermost operation is a division (a/b, -5/3): another / next to it needs parentheses. */
  private slash = false;
  // The three numbers printed last (most recent first), their texts and precedences, compared by ===: an
  // exact value is one object wherever it appears, a float one value, and a substitution repeats a few: μ
  // and σ in every (xᵢ − μ)/σ. Fields, not an array or a Map: a printer is made per formula, and a Map
  // would give each fraction an identity hash.
  private v0: unknown = undefined;
  private s0 = "";
  private p0 = 0;
  private v1: unknown = undefined;
  private s1 = "";
  private p1 = 0;
  private v2: unknown = undefined;
  private s2 = "";
  private p2 = 0;

  constructor(private readonly precision: number) {}

  /** Sets how the text just printed binds, and returns it. */
  private node(s: string, prec: number, slash = false): string {
    this.prec = prec;
    this.slash = slash;
    return s;
  }

  private number(x: unknown): string {
    let s: string;
    let prec: number;
    if (x === this.v0 && this.v0 !== undefined) {
      s = this.s0;
      prec = this.p0;
    } else {
      if (x === this.v1 && this.v1 !== undefined) {
        s = this.s1;
        prec = this.p1;
      } else if (x === this.v2 && this.v2 !== undefined) {
        s = this.s2;
        prec = this.p2;
        this.v2 = this.v1;
        this.s2 = this.s1;
        this.p2 = this.p1;
      } else {
        s = scalarText(x as Scalar, this.precision);
        // 4.2e-18 needs no parentheses in a product, but does as a base: (4.2e-18)².
        prec = s.includes("/") ? P.mul : s.startsWith("-") || s.includes("e") ? P.neg : P.atom;
        this.v2 = this.v1;
        this.s2 = this.s1;
        this.p2 = this.p1;
      }
      this.v1 = this.v0;
      this.s1 = this.s0;
      this.p1 = this.p0;
      this.v0 = x;
      this.s0 = s;
      this.p0 = prec;
    }
    // a number's text is a quotient exactly when it binds as a product (only a fraction does)
    return this.node(s, prec, prec === P.mul);
  }

  print(f: Formula): string {
    switch (f.t) {
      case "sym":
        return this.node(f.text, P.atom);
      case "num":
        return this.number(f.v);
      case "dots":
        return this.node("…", P.atom);
      case "text":
        return this.node(f.s, P.atom);
      case "norm":
        return this.node(`‖${this.print(f.arg)}‖`, P.atom);
      case "abs":
        return this.node(`|${this.print(f.arg)}|`, P.atom);
      case "floor":
        return this.node(`⌊${this.print(f.arg)}⌋`, P.atom);
      case "paren":
        return this.node(`(${this.print(f.arg)})`, P.atom);
      case "script":
        return this.script(f.base, f.sub, f.sup);
      case "op":
        return this.op(f.op, f.args);
      case "frac": {
        // Inline a/b: the numerator needs parentheses below ·, the denominator at or below it.
        const np = this.print(f.num);
        const n = this.slash ? `(${np})` : this.wrap(np, P.mul);
        const d = this.wrap(this.print(f.den), P.neg + 0.5);
        return this.node(`${n}/${d}`, P.mul, true);
      }
      case "pow": {
        const base = this.wrap(this.print(f.base), P.atom);
        const e = this.print(f.exp);
        const sup = mapAll(e, SUP);
        return this.node(sup !== undefined ? base + sup : `${base}^(${e})`, P.pow);
      }
      case "neg": {
        // −γ/m and −3/2 need no parentheses; the result still binds like a quotient.
        const a = this.print(f.arg);
        const { prec, slash } = this;
        const isSigned = signed(a);
        const s = `−${isSigned ? `(${a})` : this.wrap(a, P.mul)}`;
        return slash && !isSigned ? this.node(s, P.mul, true) : this.node(s, Math.min(P.neg, prec));
      }
      case "call":
        return this.call(f.fn, f.args);
      case "sum": {
        let s =
          "Σ" +
          this.scriptText(
            f.from ? this.print({ t: "op", op: "=", args: [f.index, f.from] }) : this.print(f.index),
            SUB,
          );
        if (f.to) s += this.scriptText(this.print(f.to), SUP);
        return this.node(`${s} ${this.wrap(this.print(f.body), P.mul)}`, P.mul);
      }
      case "partial": {
        const of = this.wrap(this.print(f.of), P.atom);
        const wrt = this.wrap(this.print(f.wrt), P.atom);
        return this.node(`∂${of}/∂${wrt}`, P.mul);
      }
      case "list": {
        const [open, close] = f.brackets === "set" ? ["{", "}"] : ["[", "]"];
        let s = open;
        for (let i = 0; i < f.items.length; i++) s += (i > 0 ? ", " : "") + this.print(f.items[i] as Formula);
        return this.node(s + close, P.atom);
      }
      case "cases":
        return this.node(`{ ${f.rows.map(([v, c]) => `${this.print(v)} if ${this.print(c)}`).join("; ")} }`, P.atom);
    }
  }

  /** The text just printed, in parentheses if it binds looser than `min`. */
  private wrap(s: string, min: number): string {
    return this.prec < min ? `(${s})` : s;
  }

  /** A subscript or superscript in Unicode when every character has a form, else _(…) / ^(…). */
  private scriptText(s: string, table: Record<string, string>): string {
    // A word (y_pred, y_true) stays a word: tiny letters ₜᵣᵤₑ are hard to read.
    const mapped = /[A-Za-z]{3,}/.test(s) ? undefined : mapAll(s, table);
    if (mapped !== undefined) return mapped;
    const mark = table === SUB ? "_" : "^";
    return /^[\w.]+$/.test(s) ? `${mark}${s}` : `${mark}(${s})`;
  }

  private script(base: Formula, sub?: Formula, sup?: Formula): string {
    let s = this.wrap(this.print(base), P.atom);
    if (sub) s += this.scriptText(this.print(sub), SUB);
    if (sup) s += this.scriptText(this.print(sup), SUP);
    return this.node(s, P.atom);
  }

  private op(o: string, args: Formula[]): string {
    const n = args.length;
    if (n === 0) return this.node("", P.atom);
    // each operand is printed where it is written, left to right
    switch (o) {
      case "=":
      case "≈":
      case "≠":
      case "<":
      case "≤":
      case "→":
      case "±":
      case ",": {
        const sep = o === "," ? ", " : ` ${o} `;
        let s = this.print(args[0] as Formula);
        for (let i = 1; i < n; i++) s += sep + this.print(args[i] as Formula);
        return this.node(s, o === "," ? P.list : P.rel);
      }
      case "+":
      case "-": {
        const sep = o === "+" ? " + " : " − ";
        let s = this.wrap(this.print(args[0] as Formula), P.add);
        for (let i = 1; i < n; i++) {
          const a = args[i] as Formula;
          const p = this.print(a);
          // Every operand after the first that starts with a minus gets parentheses: 1 + (-5/3); a product led by
          // a negative number puts them round the number, as a hand would: 2 + (-1)·3, not 2 + (-1·3).
          s += sep + (signed(p) ? this.negativeTerm(a, p) : this.wrap(p, o === "-" ? P.mul : P.add));
        }
        return this.node(s, P.add);
      }
      default: {
        // "*" prints ·, "juxt" writes factors side by side (γx̂ᵢ, 2(y − ŷ)).
        // Two numbers side by side would read as one (2 0.7 → 20.7): such a product takes ·.
        let numbers = 0;
        for (let i = 0; i < n; i++) if ((args[i] as Formula).t === "num") numbers++;
        const sep = o === "*" || numbers >= 2 ? "·" : "";
        const juxt = o === "juxt";
        let s = "";
        for (let i = 0; i < n; i++) {
          const p = this.print(args[i] as Formula);
          const kind = (args[i] as Formula).t;
          // Prose in a formula (a note) sits beside its numbers without parentheses.
          if (
            juxt &&
            (kind === "text" ||
              (i > 0 && (args[i - 1] as Formula).t === "text") ||
              (i + 1 < n && (args[i + 1] as Formula).t === "text"))
          ) {
            s += p;
            continue;
          }
          // A Σ after a factor reads as (1/m) Σᵢ xᵢ: a space, no parentheses.
          if (juxt && kind === "sum") {
            s += (i > 0 ? " " : "") + p;
            continue;
          }
          // Quotients and sums inside a product get parentheses: (1/2)·(1/3), 2(ŷ − y).
          const needs = this.prec <= P.mul || (i > 0 && signed(p));
          const piece = needs ? `(${p})` : p;
          // a digit beside a digit would join two numbers into one, and a factor after a root reads as under it
          const dot =
            i > 0 &&
            (dotAfter(args[i - 1] as Formula) ||
              dotBefore(args[i] as Formula) ||
              (isDigit(s, s.length - 1) && isDigit(piece, 0)) ||
              // a subscript written out after _ runs on into a letter beside it: k_ab·x, not k_abx
              (ASCII_SCRIPT_END.test(s) && /^[A-Za-z]/.test(piece)));
          s += (i > 0 ? (dot ? "·" : sep) : "") + piece;
        }
        return this.node(s, P.mul);
      }
    }
  }

  /** A term after the first of a sum whose text starts with a minus, in parentheses: (-5/3), or (-1)·3. */
  private negativeTerm(a: Formula, p: string): string {
    if (a.t === "op" && (a.op === "*" || a.op === "juxt") && a.args.length > 1 && a.args[0]!.t === "num") {
      const lead = this.print(a.args[0]!);
      if (p.startsWith(lead) && !isDigit(p, lead.length)) return `(${lead})${p.slice(lead.length)}`;
    }
    return `(${p})`;
  }

  private call(fn: string, args: Formula[]): string {
    if (fn === "sqrt" && args.length === 1) {
      const a = this.print(args[0] as Formula);
      return this.node(`√${this.prec >= P.atom && a.charCodeAt(0) !== 45 ? a : `(${a})`}`, P.atom);
    }
    let s = `${fn}(`;
    for (let i = 0; i < args.length; i++) s += (i > 0 ? ", " : "") + this.print(args[i] as Formula);
    return this.node(`${s})`, P.atom);
  }
}
