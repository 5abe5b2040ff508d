// Prints a Formula as LaTeX math: \frac, \sqrt, \sum_{i=1}^{m}, \hat{x}_i,
// \frac{\partial L}{\partial y_i}, \begin{cases}. The same tree as the text
// printer; only the spelling differs. Exact fractions print as -\frac{5}{3}.

import type { Scalar } from "../core/scalar.js";
import { toNumber } from "../core/scalar.js";
import { dotAfter, type Formula } from "../solution/formula.js";
import type { Value } from "../solution/solution.js";
import { isScalarValue } from "../solution/solution.js";
import { isMatrix, isMixed, printedEntries } from "./cells.js";
import { formatFloat, inForm, printsRounded, scalarText, type VectorForm, valueText, vectorForm } from "./number.js";
import type { RenderOptions } from "./options.js";
import { INLINE_VALUES } from "./options.js";

const P = { rel: 0, list: 0, add: 1, mul: 2, neg: 3, pow: 4, atom: 5 } as const;

interface Printed {
  s: string;
  prec: number;
}

/** Function names in LaTeX. */
const FUNCTIONS: Record<string, string> = {
  σ: "\\sigma",
  "σ′": "\\sigma'",
  tanh: "\\tanh",
  exp: "\\exp",
  log: "\\log",
  max: "\\max",
  f: "f",
};

/** Unicode that prose may carry (notes, titles), as math commands. */
const UNICODE_MATH: Record<string, string> = {
  "∂": "\\partial",
  σ: "\\sigma",
  μ: "\\mu",
  γ: "\\gamma",
  β: "\\beta",
  ε: "\\varepsilon",
  α: "\\alpha",
  λ: "\\lambda",
  θ: "\\theta",
  Φ: "\\Phi",
  ℓ: "\\ell",
  Δ: "\\Delta",
  φ: "\\phi",
  "≪": "\\ll",
  τ: "\\tau",
  η: "\\eta",
  δ: "\\delta",
  π: "\\pi",
  "∇": "\\nabla",
  Σ: "\\Sigma",
  "√": "\\surd",
  "′": "'",
  "·": "\\cdot",
  "≈": "\\approx",
  "≠": "\\neq",
  "≤": "\\leq",
  "≥": "\\geq",
  "→": "\\to",
  "‖": "\\|",
  "⌊": "\\lfloor",
  "⌋": "\\rfloor",
  "⌈": "\\lceil",
  "⌉": "\\rceil",
  "½": "\\tfrac{1}{2}",
  "✓": "\\checkmark",
  "✗": "\\times",
  "÷": "\\div",
  "×": "\\times",
  "∞": "\\infty",
  "…": "\\dots",
  "∘": "\\circ",
  "⊙": "\\odot",
  "∈": "\\in",
  "←": "\\leftarrow",
};
/** Superscript and subscript characters, as what they raise or lower. */
const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁺": "+",
  "⁻": "-",
  "⁽": "(",
  "⁾": ")",
  ᵀ: "T",
  ᵗ: "t",
  ˡ: "l",
  ᵒ: "o",
  ᵘ: "u",
  ᵐ: "m",
  ⁿ: "n",
};
const SUBSCRIPTS: Record<string, string> = {
  "₀": "0",
  "₁": "1",
  "₂": "2",
  "₃": "3",
  "₄": "4",
  "₅": "5",
  "₆": "6",
  "₇": "7",
  "₈": "8",
  "₉": "9",
  ᵢ: "i",
  ⱼ: "j",
  ₖ: "k",
  ₘ: "m",
  ₙ: "n",
  ₜ: "t",
  ₕ: "h",
  ₓ: "x",
  ₛ: "s",
  "₊": "+",
  "₋": "-",
};
const SUPER = Object.keys(SUPERSCRIPTS).join("");
const SUB = Object.keys(SUBSCRIPTS).join("");
// a Latin letter with a combining circumflex (x̂, m̂, v̂) is \hat of the letter
const UNICODE_PATTERN = new RegExp(
  `[A-Za-z]\u0302|[${SUPER}]+|[${SUB}]+|[${Object.keys(UNICODE_MATH).join("")}]`,
  "gu",
);

/** One match of UNICODE_PATTERN in math: a run of superscripts is one ^{…}. */
function symbolMath(m: string): string {
  if (m.endsWith("\u0302")) return `\\hat{${m[0]}}`;
  const first = m[0] as string;
  if (first in SUPERSCRIPTS) return `^{${[...m].map((c) => SUPERSCRIPTS[c]).join("")}}`;
  if (first in SUBSCRIPTS) return `_{${[...m].map((c) => SUBSCRIPTS[c]).join("")}}`;
  return UNICODE_MATH[m] as string;
}

const TEXT_ESCAPES: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  // OT1, LaTeX's default text encoding, prints these three as ¡ ¿ —
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  // a minus, not a hyphen
  "−": "$-$",
  "#": "\\#",
  $: "\\$",
  "%": "\\%",
  "&": "\\&",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
};

/** LaTeX's special characters escaped in one pass (so an escape is never escaped again). */
function escapeText(s: string): string {
  return s.replace(/[\\~^<>|−#$%&_{}]/g, (ch) => TEXT_ESCAPES[ch] as string);
}

/** Prose without powers: escaped, the symbols in $…$, and a spaced ASCII " - " as the minus it is. */
function proseText(s: string): string {
  return escapeText(s.replace(/(?<=\S) - (?=\S)/g, " − ")).replace(UNICODE_PATTERN, (m) => `$${symbolMath(m)}$`);
}

/** A power written in prose, e^z or e^(zₖ − m): base and exponent in math. */
const PROSE_POWER = /([A-Za-z0-9)])\^(\(([^()]*)\)|[A-Za-z0-9]+)/g;

/** A short run of prose as math: the symbols as math, a minus as -, specials escaped. */
function inlineMath(s: string): string {
  return s
    .replace(/[#$%&_{}]/g, (ch) => `\\${ch}`)
    .replace(/[−-]/g, "-")
    .replace(UNICODE_PATTERN, (m) => (m === "−" ? "-" : symbolMath(m)));
}

/** What pdflatex sets in text with inputenc's utf8 and no more: ASCII and Latin-1's letters (é, ü). */
const TEXT_SAFE = /[\x20-\x7e\xc0-\xff]/;
const SYMBOL = new RegExp(UNICODE_PATTERN.source, "u");

/**
 * A user's text (an id, a file name) for LaTeX: control characters and line breaks shown as escapes (by
 * `printable`, before this), and any character pdflatex cannot set without more packages — CJK, emoji —
 * as its code point, [U+5B66], so a class file of any names compiles.
 */
export function latexUserText(s: string): string {
  const settable = [...s]
    .map((ch) => (TEXT_SAFE.test(ch) || SYMBOL.test(ch) ? ch : `[U+${ch.codePointAt(0)?.toString(16).toUpperCase()}]`))
    .join("");
  return latexText(settable);
}

/** Text for LaTeX's text mode (titles, notes): the symbols in $…$, a power e^(−m) as $e^{-m}$. */
export function latexText(s: string): string {
  if (!s.includes("^")) return proseText(s);
  let out = "";
  let last = 0;
  for (const m of s.matchAll(PROSE_POWER)) {
    const at = m.index ?? 0;
    // the base character is the match's first: the prose before it is plain
    out += proseText(s.slice(last, at));
    out += `$${inlineMath(m[1] as string)}^{${inlineMath(m[3] ?? (m[2] as string))}}$`;
    last = at + m[0].length;
  }
  return out + proseText(s.slice(last));
}

/** Text inside math: \\text{…} runs with the symbols between them in math, no $ anywhere (a − as math's -). */
export function textInMath(s: string): string {
  return s.includes("−") ? s.split("−").map(textRunInMath).join("-") : textRunInMath(s);
}

function textRunInMath(s: string): string {
  let out = "";
  let last = 0;
  for (const m of s.matchAll(UNICODE_PATTERN)) {
    const at = m.index ?? 0;
    if (at > last) out += `\\text{${escapeText(s.slice(last, at))}}`;
    out += `{${symbolMath(m[0])}}`;
    last = at + m[0].length;
  }
  if (last < s.length) out += `\\text{${escapeText(s.slice(last))}}`;
  return out;
}

/** A number in LaTeX: -\frac{5}{3}, 0.692, 4.25 \times 10^{-18}. */
export function scalarTex(v: Scalar, precision: number): string {
  const s = scalarText(v, precision);
  const fraction = /^(-?\d+)\/(\d+)$/.exec(s);
  // the sign before the fraction, as typeset mathematics writes it: −\frac{5}{3}, not \frac{-5}{3}
  if (fraction)
    return `${fraction[1]?.startsWith("-") ? "-" : ""}\\frac{${fraction[1]?.replace(/^-/, "")}}{${fraction[2]}}`;
  const sci = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  if (sci) return `${sci[1]} \\times 10^{${Number(sci[2])}}`;
  if (s === "∞") return "\\infty";
  if (s === "-∞") return "-\\infty";
  return s;
}

export function formulaTex(f: Formula, precision: number): string {
  return new TexPrinter(precision).print(f).s;
}

/** A printed number that reads as negative: -2, -\frac{5}{3}. */
const negative = (s: string) => s.startsWith("-");

/** The delimiters around a parenthesised formula, a norm, an absolute value and a floor. */
const DELIMITERS = {
  paren: ["\\left(", "\\right)"],
  norm: ["\\left\\lVert ", " \\right\\rVert"],
  abs: ["\\left\\lvert ", " \\right\\rvert"],
  floor: ["\\left\\lfloor ", " \\right\\rfloor"],
} as const;

class TexPrinter {
  constructor(private readonly precision: number) {}

  print(f: Formula): Printed {
    switch (f.t) {
      case "sym":
        return { s: f.tex, prec: P.atom };
      case "num": {
        const s = scalarTex(f.v, this.precision);
        // a fraction binds like a power: as the base of one it needs parentheses, (\frac{8}{3})^{-3/2}
        const prec = negative(s) ? P.neg : s.includes("\\times") ? P.mul : s.startsWith("\\frac") ? P.pow : P.atom;
        return { s, prec };
      }
      case "dots":
        return { s: "\\dots", prec: P.atom };
      case "text":
        return { s: textInMath(f.s), prec: P.atom };
      case "paren":
      case "norm":
      case "abs":
      case "floor":
        return { s: `${DELIMITERS[f.t][0]}${this.print(f.arg).s}${DELIMITERS[f.t][1]}`, prec: P.atom };
      case "script": {
        // a base with a script of the same kind is grouped: a^{(l)}^{T} is a double superscript
        const b = f.base;
        const twice = b.t === "script" && ((f.sup && b.sup) || (f.sub && b.sub));
        let s = twice ? `{${this.print(b).s}}` : this.wrap(this.print(b), P.atom);
        if (f.sub) s += `_{${this.print(f.sub).s}}`;
        if (f.sup) s += `^{${this.print(f.sup).s}}`;
        return { s, prec: P.atom };
      }
      case "op":
        return this.op(f.op, f.args);
      case "frac":
        return this.fraction(this.print(f.num), this.print(f.den));
      case "pow": {
        // A base that has a superscript of its own (g⁽ᵗ⁾) is grouped: x^{a}^{2} is a double superscript.
        const superscripted = f.base.t === "script" && f.base.sup !== undefined;
        const base = superscripted ? `{${this.print(f.base).s}}` : this.wrap(this.print(f.base), P.atom);
        return { s: `${base}^{${this.print(f.exp).s}}`, prec: P.pow };
      }
      case "neg": {
        const a = this.print(f.arg);
        return { s: `-${negative(a.s) ? `\\left(${a.s}\\right)` : this.wrap(a, P.neg)}`, prec: P.neg };
      }
      case "call":
        return this.call(f.fn, f.args);
      case "sum": {
        const lower = f.from ? `${this.print(f.index).s}=${this.print(f.from).s}` : this.print(f.index).s;
        const upper = f.to ? `^{${this.print(f.to).s}}` : "";
        return { s: `\\sum_{${lower}}${upper} ${this.wrap(this.print(f.body), P.mul)}`, prec: P.mul };
      }
      case "partial": {
        // ∂(1 − y)/∂y: a compound expression differentiated is bracketed, as in text
        const of = this.wrap(this.print(f.of), P.atom);
        const wrt = this.print(f.wrt).s;
        return { s: `\\frac{\\partial ${of}}{\\partial ${wrt}}`, prec: P.atom };
      }
      case "list": {
        const [open, close] = f.brackets === "set" ? ["\\left\\lbrace ", " \\right\\rbrace"] : ["\\left[", "\\right]"];
        return { s: open + f.items.map((x) => this.print(x).s).join(", ") + close, prec: P.atom };
      }
      case "cases":
        return {
          s: `\\begin{cases} ${f.rows
            .map(([v, c]) => `${this.print(v).s} & \\text{if } ${this.print(c).s}`)
            .join(" \\\\ ")} \\end{cases}`,
          prec: P.atom,
        };
    }
  }

  /** f(x) by the function's name: √ for sqrt, \\log, a Greek letter, or \\operatorname. */
  private call(fn: string, args: Formula[]): Printed {
    if (fn === "sqrt" && args.length === 1) return { s: `\\sqrt{${this.print(args[0] as Formula).s}}`, prec: P.atom };
    // a derivative's prime (gelu′) follows the name; a Greek name (Φ) is its letter
    const prime = fn.length > 1 && fn.endsWith("′");
    const base = prime ? fn.slice(0, -1) : fn;
    const named = FUNCTIONS[base] ?? UNICODE_MATH[base] ?? `\\operatorname{${latexText(base)}}`;
    const name = FUNCTIONS[fn] ?? `${named}${prime ? "'" : ""}`;
    return { s: `${name}\\left(${args.map((a) => this.print(a).s).join(", ")}\\right)`, prec: P.atom };
  }

  /** a/b as \\frac, or inline when either holds a fraction, so that neither shrinks to script size. */
  private fraction(num: Printed, den: Printed): Printed {
    if (num.s.includes("\\frac") || den.s.includes("\\frac"))
      return { s: `${this.wrap(num, P.pow)}/${this.wrap(den, P.pow)}`, prec: P.mul };
    return { s: `\\frac{${num.s}}{${den.s}}`, prec: P.atom };
  }

  private wrap(p: Printed, min: number): string {
    return p.prec < min ? `\\left(${p.s}\\right)` : p.s;
  }

  /** A term after the first of a sum that starts with a minus, in parentheses: (-5/3), or (-1)·3 as the text has it. */
  private negativeTerm(a: Formula, s: string): string {
    if (a.t === "op" && (a.op === "*" || a.op === "juxt") && a.args.length > 1 && a.args[0]!.t === "num") {
      const lead = this.print(a.args[0]!).s;
      if (s.startsWith(`${lead} `)) return `\\left(${lead}\\right)${s.slice(lead.length)}`;
    }
    return `\\left(${s}\\right)`;
  }

  private op(o: string, args: Formula[]): Printed {
    const printed = args.map((a) => this.print(a));
    const rel: Record<string, string> = {
      "=": "=",
      "≈": "\\approx",
      "≠": "\\neq",
      "<": "<",
      "≤": "\\leq",
      "→": "\\to",
      "±": "\\pm",
    };
    if (o in rel) return { s: printed.map((p) => p.s).join(` ${rel[o]} `), prec: P.rel };
    if (o === ",") return { s: printed.map((p) => p.s).join(", "), prec: P.list };
    if (o === "+" || o === "-") {
      const parts = printed.map((p, i) => {
        if (i > 0 && negative(p.s)) return this.negativeTerm(args[i] as Formula, p.s);
        return i > 0 && o === "-" ? this.wrap(p, P.mul) : this.wrap(p, P.add);
      });
      return { s: parts.join(o === "+" ? " + " : " - "), prec: P.add };
    }
    // products: \cdot between explicit factors or numbers, a thin space otherwise
    const numbers = args.filter((a) => a.t === "num").length;
    const sep = o === "*" || numbers >= 2 ? " \\cdot " : " ";
    let s = "";
    printed.forEach((p, i) => {
      const a = args[i] as Formula;
      const textual = o === "juxt" && (a.t === "text" || args[i - 1]?.t === "text" || args[i + 1]?.t === "text");
      const needs = !textual && a.t !== "sum" && (p.prec < P.mul || (i > 0 && negative(p.s)));
      const dot = !textual && i > 0 && dotAfter(args[i - 1] as Formula);
      s += (i > 0 ? (textual ? " " : dot ? " \\cdot " : sep) : "") + (needs ? `\\left(${p.s}\\right)` : p.s);
    });
    return { s, prec: P.mul };
  }
}

/** A result in math: an exact fraction with its decimal beside it, -\frac{5}{3} \approx -1.66667. */
export function valueTex(v: Scalar, precision: number): string {
  const exact = scalarTex(v, precision);
  if (typeof v === "number" || !scalarText(v, precision).includes("/")) return exact;
  const shown = valueText(v, precision);
  const approx = shown.includes(" ≈ ") ? "\\approx" : "=";
  return `${exact} ${approx} ${formatFloat(toNumber(v), precision)}`;
}

/** A value in math: exact with its decimal, vectors in brackets (elided when long), matrices as bmatrix. */
export function valueMath(v: Value, opts: RenderOptions): string {
  if (isScalarValue(v)) return valueTex(v, opts.precision);
  if (isMatrix(v)) {
    const rows =
      v.length <= INLINE_VALUES ? v : [...v.slice(0, INLINE_VALUES - 1), v[v.length - 1] as readonly Scalar[]];
    const elided = (i: number) => (v.length > INLINE_VALUES && i === INLINE_VALUES - 1 ? "\\vdots \\\\ " : "");
    const mixed = isMixed(v, opts.precision);
    const form = vectorForm(printedEntries(v), opts.precision);
    const lines = rows.map((r, i) => elided(i) + vectorItems(r, opts, mixed, form).join(" & "));
    // a matrix's entries are set small: a number's fraction inline (5/2) reads, a stacked one does not
    const inline = lines.map((l) => l.replace(/\\frac\{(\d+)\}\{(\d+)\}/g, "$1/$2"));
    return `\\begin{bmatrix} ${inline.join(" \\\\ ")} \\end{bmatrix}`;
  }
  const items = vectorItems(v as readonly Scalar[], opts, isMixed(v, opts.precision), uniform(v, opts));
  return `\\left[${items.join(", ")}\\right]`;
}

/** The entries of a list formula ([a, b, c]) in LaTeX, for a list too long for one line; else undefined. */
export function listItemsTex(f: Formula, precision: number): string[] | undefined {
  if (f.t !== "list" || f.brackets !== "vector") return undefined;
  return f.items.map((x) => formulaTex(x, precision));
}

/** The entries of a vector value in LaTeX (elided like valueMath); undefined for a number or a matrix. */
export function valueItemsTex(v: Value, opts: RenderOptions): string[] | undefined {
  if (isScalarValue(v) || isMatrix(v)) return undefined;
  return vectorItems(v as readonly Scalar[], opts, isMixed(v, opts.precision), uniform(v, opts));
}

/** One form per vector (text's rule): all decimals when short fractions sit beside exact decimals. */
const uniform = (v: Value, opts: RenderOptions) => vectorForm(printedEntries(v), opts.precision);

/** An exact entry in its vector's form, in LaTeX: 0.4, or -\\frac{1}{25}. */
export function inFormTex(s: Scalar, form: VectorForm): string | undefined {
  const text = inForm(s, form);
  if (text === undefined) return undefined;
  const fraction = /^(-?)(\d+)\/(\d+)$/.exec(text);
  return fraction ? `${fraction[1]}\\frac{${fraction[2]}}{${fraction[3]}}` : text;
}

function vectorItems(v: readonly Scalar[], opts: RenderOptions, mixed: boolean, form: VectorForm): string[] {
  // among exact fractions, a rounded decimal says so: \approx 0.119203
  const show = (s: Scalar) =>
    (mixed && printsRounded(s, opts.precision) ? "\\approx " : "") +
    (inFormTex(s, form) ?? scalarTex(s, opts.precision));
  return v.length <= INLINE_VALUES
    ? v.map(show)
    : [...v.slice(0, INLINE_VALUES - 2).map(show), "\\dots", show(v[v.length - 1]!)];
}
