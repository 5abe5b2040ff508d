// graph's expressions and node names as formulas: the renderers print them
// in text (σ(z), w₀, Wx, e^x) and LaTeX from the same tree.
import type { ShapeNode } from "../../core/autodiff.js";
import type { Expr } from "../../core/expression.js";
import { definitionOf } from "../../core/symbolic.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";

const GREEK: Record<string, string> = {
  α: "\\alpha",
  β: "\\beta",
  γ: "\\gamma",
  δ: "\\delta",
  ε: "\\varepsilon",
  η: "\\eta",
  θ: "\\theta",
  λ: "\\lambda",
  μ: "\\mu",
  σ: "\\sigma",
  τ: "\\tau",
  φ: "\\phi",
  ω: "\\omega",
};

/** A name as a symbol: trailing digits as a subscript (w0 → w₀, u12 → u₁₂), Greek letters as themselves. */
export function nameF(name: string): Formula {
  const m = /^(.*?)(\d+)$/.exec(name);
  const base = m && m[1] !== "" ? (m[1] as string) : name;
  const tex = [...base].map((ch) => GREEK[ch] ?? (ch === "_" ? "\\_" : ch)).join("");
  const sym = F.sym(base, base.length > 1 && !GREEK[base] ? `\\mathit{${tex}}` : tex);
  return m && m[1] !== "" ? F.subscript(sym, F.sym(m[2] as string)) : sym;
}

const CALL_NAMES: Record<string, string> = { sigmoid: "σ" };

/** An expression of graph's grammar as a formula. */
export function exprF(e: Expr): Formula {
  switch (e.k) {
    case "num":
      return F.num(e.v);
    case "var":
      return nameF(e.name);
    case "neg":
      return F.negF(exprF(e.arg));
    case "call":
      if (e.fn === "T") return F.superscript(exprF(e.args[0] as Expr), "T");
      return F.call(CALL_NAMES[e.fn] ?? e.fn, ...e.args.map(exprF));
    case "bin": {
      // a chain of one operator prints as one n-ary operation, without parentheses around its left part
      if (e.op === "*" || e.op === "+") return (e.op === "*" ? F.times : F.plus)(...operands(e, e.op).map(exprF));
      const a = exprF(e.a);
      const b = exprF(e.b);
      switch (e.op) {
        case "-":
          return F.minus(a, b);
        case "/":
          return F.fracF(a, b);
        case "^":
          return F.pow(a, b);
        case "@":
          return F.juxt(a, b);
      }
    }
  }
}

/** The operands of a left-leaning chain a op b op c. */
function operands(e: Expr, op: "*" | "+"): Expr[] {
  return e.k === "bin" && e.op === op ? [...operands(e.a, op), e.b] : [e];
}

/** ∂out/∂node. */
export const partialF = (out: string, node: string): Formula => F.partial(nameF(out), nameF(node));

/** A node's definition in its inputs' names: x + y, σ(s), Wx. */
export const definitionF = (n: ShapeNode): Formula => exprF(definitionOf(n));
