// A neutral formula tree. Problems build formulas from these nodes; each
// renderer prints them its own way (Unicode text now, LaTeX and Markdown
// later) from the same tree, so no renderer ever computes a number.
//
// Why not mathjs's expression trees: creating a mathjs instance with its node
// classes costs ~50–100 ms per call (measured: 0.14 s for a bundled command
// against 0.06 s for `node -e 0`), most of the start-up budget, and their
// printers would still need overriding for Unicode subscripts and hats.
import { isExact, type Scalar, toNumber } from "../core/scalar.js";

/** A symbol as it is written in text and in LaTeX: μ / \mu, x̂ / \hat{x}. */
export interface Sym {
  t: "sym";
  text: string;
  tex: string;
}

export type Formula =
  | Sym
  | { t: "num"; v: Scalar }
  /** base with a subscript and/or superscript: xᵢ, σ², b⁽ᵗ⁺¹⁾ */
  | { t: "script"; base: Formula; sub?: Formula; sup?: Formula }
  /** n-ary operator: a + b + c, a − b, a·b, a = b; "juxt" is implicit multiplication (γx̂ᵢ) */
  | { t: "op"; op: Op; args: Formula[] }
  /** a/b: printed inline in text, as \frac in LaTeX */
  | { t: "frac"; num: Formula; den: Formula }
  | { t: "pow"; base: Formula; exp: Formula }
  | { t: "neg"; arg: Formula }
  /** f(x): sqrt prints as √, exp as e^…, others by name */
  | { t: "call"; fn: string; args: Formula[] }
  /** Σ over an index: Σᵢ₌₁ᵐ body */
  | { t: "sum"; index: Formula; from?: Formula; to?: Formula; body: Formula }
  /** ∂f/∂x */
  | { t: "partial"; of: Formula; wrt: Formula }
  /** {a, b, c} or [a, b, c] */
  | { t: "list"; items: Formula[]; brackets: "set" | "vector" }
  /** the elision mark … in a long sum or list */
  | { t: "dots" }
  /** a few words inside a formula ("if i = j") */
  | { t: "text"; s: string }
  /** cases: { a if c₁; b if c₂ } */
  | { t: "cases"; rows: Array<[Formula, Formula]> }
  | { t: "paren"; arg: Formula }
  /** ‖v‖ */
  | { t: "norm"; arg: Formula }
  /** |x| */
  | { t: "abs"; arg: Formula }
  /** ⌊x⌋ */
  | { t: "floor"; arg: Formula };

/**
 * Marks a formula that many solutions share (a problem's general formulas,
 * built once per process): it is frozen, and printers may keep its printed
 * form. A formula with a problem's numbers in it is printed once and never
 * marked, so nothing is kept for it.
 */
export function shared<T extends Formula>(f: T): T {
  return Object.freeze(f);
}

export function isShared(f: Formula): boolean {
  return Object.isFrozen(f);
}

export type Op = "+" | "-" | "*" | "juxt" | "=" | "≈" | "≠" | "<" | "≤" | "→" | "," | "±";

export const sym = (text: string, tex: string = text): Sym => ({ t: "sym", text, tex });
export const num = (v: Scalar): Formula => ({ t: "num", v });
// The operators keep their rest array as the node's args: passing it on as ...args would copy it twice.
export const op = (o: Op, ...args: Formula[]): Formula => ({ t: "op", op: o, args });
export const plus = (...args: Formula[]): Formula => ({ t: "op", op: "+", args });
export const minus = (a: Formula, b: Formula): Formula => ({ t: "op", op: "-", args: [a, b] });
export const times = (...args: Formula[]): Formula => ({ t: "op", op: "*", args });
/** Factors side by side; nested juxtapositions flatten (2·AᵀA·x prints 2AᵀAx). */
export const juxt = (...args: Formula[]): Formula => ({
  t: "op",
  op: "juxt",
  args: args.some((a) => a.t === "op" && a.op === "juxt")
    ? args.flatMap((a) => (a.t === "op" && a.op === "juxt" ? a.args : [a]))
    : args,
});
/** c·term as it is written: the term itself for 1, −term for −1, 0 for 0, else side by side (2xᵢ, (1/3)xᵢ²). */
export function scaledBy(c: Scalar, term: Formula): Formula {
  const v = toNumber(c);
  if (v === 1) return term;
  if (v === -1) return negF(term);
  if (v === 0) return num(c);
  return juxt(num(c), term);
}
/** A chain a = … ending in its value: = when the value is exact, ≈ when it is a float (std = √(25/738) ≈ 0.184). */
export function endingIn(chain: Formula, v: Scalar): Formula {
  if (!isExact(v)) return op("≈", chain, num(v));
  return chain.t === "op" && chain.op === "=" ? eq(...chain.args, num(v)) : eq(chain, num(v));
}
/** Side by side, a factor after a root reads as under it (√3x, √3 0.18): such a pair takes a dot (√3·x). */
export function dotAfter(prev: Formula): boolean {
  return prev.t === "call" && prev.fn === "sqrt";
}

export const normF = (arg: Formula): Formula => ({ t: "norm", arg });
export const absF = (arg: Formula): Formula => ({ t: "abs", arg });
export const floorF = (arg: Formula): Formula => ({ t: "floor", arg });
export const eq = (...args: Formula[]): Formula => ({ t: "op", op: "=", args });
export const fracF = (n: Formula, d: Formula): Formula => ({ t: "frac", num: n, den: d });
export const pow = (base: Formula, exp: Formula): Formula => ({ t: "pow", base, exp });
export const negF = (arg: Formula): Formula => ({ t: "neg", arg });
export const call = (fn: string, ...args: Formula[]): Formula => ({ t: "call", fn, args });
export const sqrtF = (arg: Formula): Formula => call("sqrt", arg);
export const paren = (arg: Formula): Formula => ({ t: "paren", arg });
export const dots: Formula = { t: "dots" };
export const text = (s: string): Formula => ({ t: "text", s });
export const subscript = (base: Formula, sub: Formula | string | number): Formula => ({
  t: "script",
  base,
  sub: toF(sub),
});
export const superscript = (base: Formula, sup: Formula | string | number): Formula => ({
  t: "script",
  base,
  sup: toF(sup),
});
export const sumOver = (index: Formula, body: Formula, from?: Formula, to?: Formula): Formula => ({
  t: "sum",
  index,
  body,
  ...(from ? { from } : {}),
  ...(to ? { to } : {}),
});
export const partial = (of: Formula, wrt: Formula): Formula => ({ t: "partial", of, wrt });
export const list = (items: Formula[], brackets: "set" | "vector" = "vector"): Formula => ({
  t: "list",
  items,
  brackets,
});
export const cases = (...rows: Array<[Formula, Formula]>): Formula => ({ t: "cases", rows });

function toF(x: Formula | string | number): Formula {
  if (typeof x === "string") return sym(x);
  if (typeof x === "number") return { t: "num", v: x };
  return x;
}

/** Symbols used across problems, each with its text and LaTeX spelling. */
export const S = {
  mu: sym("μ", "\\mu"),
  sigma: sym("σ", "\\sigma"),
  gamma: sym("γ", "\\gamma"),
  beta: sym("β", "\\beta"),
  eps: sym("ε", "\\varepsilon"),
  lambda: sym("λ", "\\lambda"),
  alpha: sym("α", "\\alpha"),
  x: sym("x"),
  y: sym("y"),
  z: sym("z"),
  m: sym("m"),
  i: sym("i"),
  j: sym("j"),
  k: sym("k"),
  L: sym("L"),
  xhat: sym("x̂", "\\hat{x}"),
};

/**
 * Indices 0..count−1 to show, with null where a … stands: the first `head`
 * and last `tail` when there are more than `head + tail + 1`. Index-based so
 * that a million-term sum never builds a million nodes. (A loop, not
 * Array.from: every sum, list and table of a stream's solutions asks.)
 */
export function shownIndices(count: number, head: number, tail: number): Array<number | null> {
  const out: Array<number | null> = [];
  if (count <= head + tail + 1) {
    for (let i = 0; i < count; i++) out.push(i);
    return out;
  }
  for (let i = 0; i < head; i++) out.push(i);
  out.push(null);
  for (let i = count - tail; i < count; i++) out.push(i);
  return out;
}

/** term(i) for the shown indices, with … for the ones left out. */
function shownTerms(count: number, term: (i: number) => Formula, head: number, tail: number): Formula[] {
  const shown = shownIndices(count, head, tail);
  const out: Formula[] = [];
  for (let k = 0; k < shown.length; k++) {
    const i = shown[k] as number | null;
    out.push(i === null ? dots : term(i));
  }
  return out;
}

/** term(0) + term(1) + … + term(count−1), elided when long. */
export function sumOf(count: number, term: (i: number) => Formula, head = 3, tail = 1): Formula {
  const parts = shownTerms(count, term, head, tail);
  return parts.length === 1 ? (parts[0] as Formula) : { t: "op", op: "+", args: parts };
}

/** [term(0), term(1), …], elided when long. */
export function listOf(
  count: number,
  item: (i: number) => Formula,
  brackets: "set" | "vector" = "vector",
  head = 3,
  tail = 1,
): Formula {
  return { t: "list", items: shownTerms(count, item, head, tail), brackets };
}
