// Derivatives in symbols (SPEC 4.13 with no values): each operation's local
// rule, the chain rule over a program's graph, and a simplifier that brings
// the product of local rules to the form an answer key writes.
//
// The simplifier works on sums of terms c·∏ bᵢ^kᵢ with exact coefficients
// and exponents: equal bases add their exponents (σ(z)·σ(z)⁻¹ cancels, and so
// does (1 − σ(z))·(1 − σ(z))⁻¹), like terms add. It writes each result twice,
// factored (sums kept whole as factors) and expanded (products of sums
// multiplied out), and keeps the shorter: 2(w·x + b − y)·x stays factored,
// −(y(1 − σ(z)) − (1 − y)σ(z)) expands to σ(z) − y.
import type { GraphShape, OpName, ShapeNode } from "./autodiff.js";
import type { Expr, FnName } from "./expression.js";
import { treeSize } from "./expression.js";
import type { Exact } from "./scalar.js";
import * as sc from "./scalar.js";

// ---------------------------------------------------------------- building expressions

export const numE = (v: number | Exact): Expr => ({ k: "num", v: typeof v === "number" ? sc.frac(v) : v });
export const varE = (name: string): Expr => ({ k: "var", name });
const bin = (op: "+" | "-" | "*" | "/" | "^", a: Expr, b: Expr): Expr => ({ k: "bin", op, a, b });
const callE = (fn: FnName, ...args: Expr[]): Expr => ({ k: "call", fn, args });
const ONE = numE(1);

/** Vector and matrix operations have no symbolic rule here (their derivatives are products of matrices). */
export const VECTOR_OPS: readonly OpName[] = ["@", "T", "sum", "mean", "dot"];

/**
 * ∂op(args)/∂args[slot] in terms of the arguments, the rule of each
 * operation (SPEC 4.13): a product's is the other factor, σ′ = σ(1 − σ)…
 * Kinks take PyTorch's side: relu′ = step (0 at 0), abs′ = sign.
 */
export function localRule(op: OpName, args: readonly Expr[], slot: number): Expr {
  const [a, b] = args as [Expr, Expr];
  switch (op) {
    case "id":
      return ONE;
    case "neg":
      return numE(-1);
    case "+":
      return ONE;
    case "-":
      return slot === 0 ? ONE : numE(-1);
    case "*":
      return slot === 0 ? b : a;
    case "/":
      return slot === 0 ? bin("/", ONE, b) : { k: "neg", arg: bin("/", a, bin("^", b, numE(2))) };
    case "^":
      if (slot === 1) return bin("*", bin("^", a, b), callE("log", a));
      if (b.k === "num") {
        // the power rule with the exponent worked out: 2·a, 3·a², −a⁻²
        const k = sc.sub(b.v, sc.frac(1));
        return bin("*", b, sc.isExact(k) && k.equals(1) ? a : bin("^", a, { k: "num", v: k }));
      }
      return bin("*", b, bin("^", a, bin("-", b, ONE)));
    case "exp":
      return callE("exp", a);
    case "log":
      return bin("/", ONE, a);
    case "sqrt":
      return bin("/", ONE, bin("*", numE(2), callE("sqrt", a)));
    case "abs":
      return callE("sign", a);
    case "sigmoid":
      return bin("*", callE("sigmoid", a), bin("-", ONE, callE("sigmoid", a)));
    case "tanh":
      return bin("-", ONE, bin("^", callE("tanh", a), numE(2)));
    case "relu":
      return callE("step", a);
    case "softplus":
      return callE("sigmoid", a);
    case "step":
    case "sign":
      return numE(0);
    case "sum":
      return ONE;
    case "mean":
      return bin("/", ONE, varE("n"));
    case "dot":
      return slot === 0 ? b : a;
    case "max":
      return slot === 0 ? callE("step", bin("-", a, b)) : callE("step", bin("-", b, a));
    case "min":
      return slot === 0 ? callE("step", bin("-", b, a)) : callE("step", bin("-", a, b));
    default:
      throw new Error(`no symbolic rule for ${op}`);
  }
}

/** A node as an argument of its consumers: its name, or a constant's value (a graph node holds it as its value). */
export const refOf = (n: ShapeNode | { op: OpName; name: string; value: unknown }): Expr =>
  n.op === "const" ? { k: "num", v: ("value" in n ? n.value : n.constant) as sc.Scalar } : varE(n.name);

/** A node's operation applied to its arguments' names: the right-hand side of u3 = u1 · u2. */
export function definitionOf(n: ShapeNode): Expr {
  const args = n.inputs.map(refOf);
  const [a, b] = args as [Expr, Expr];
  switch (n.op) {
    case "input":
      return varE(n.name);
    case "const":
      return refOf(n);
    case "id":
      return a;
    case "neg":
      return { k: "neg", arg: a };
    case "+":
    case "-":
    case "*":
    case "/":
    case "^":
    case "@":
      return { k: "bin", op: n.op, a, b };
    default:
      return { k: "call", fn: n.op as FnName, args };
  }
}

/** Each node's expression in the program's inputs alone, by node id. */
export function inlined(shape: GraphShape): Map<number, Expr> {
  const out = new Map<number, Expr>();
  for (const n of shape.nodes) out.set(n.id, substitute(definitionOf(n), shape, out));
  return out;
}

/** `e` with every node name replaced by that node's expression (inputs stay). */
export function substitute(e: Expr, shape: GraphShape, exprs: ReadonlyMap<number, Expr>): Expr {
  const byName = new Map(shape.nodes.filter((n) => n.op !== "input" && n.op !== "const").map((n) => [n.name, n.id]));
  const walk = (x: Expr): Expr => {
    switch (x.k) {
      case "num":
        return x;
      case "var": {
        const id = byName.get(x.name);
        return id === undefined ? x : (exprs.get(id) ?? x);
      }
      case "neg":
        return { k: "neg", arg: walk(x.arg) };
      case "bin":
        return { k: "bin", op: x.op, a: walk(x.a), b: walk(x.b) };
      case "call":
        return { k: "call", fn: x.fn, args: x.args.map(walk) };
    }
  };
  return walk(e);
}

/** One path from the output down to an input: the edges (consumer, argument slot) it takes, output first. */
export type Path = Array<{ from: ShapeNode; slot: number }>;

/** Every path from the output to `input`, or undefined past `most` (a graph with many shared nodes). */
export function pathsTo(shape: GraphShape, input: ShapeNode, most: number): Path[] | undefined {
  const out: Path[] = [];
  const walk = (node: ShapeNode, path: Path): boolean => {
    if (node.id === input.id) {
      out.push(path);
      return out.length <= most;
    }
    for (let slot = 0; slot < node.inputs.length; slot++) {
      const next = node.inputs[slot] as ShapeNode;
      if (!dependsOn(next, input)) continue;
      if (!walk(next, [...path, { from: node, slot }])) return false;
    }
    return true;
  };
  return walk(shape.output, []) ? out : undefined;
}

function dependsOn(node: ShapeNode, input: ShapeNode, seen = new Map<number, boolean>()): boolean {
  if (node.id === input.id) return true;
  const known = seen.get(node.id);
  if (known !== undefined) return known;
  const d = node.inputs.some((a) => dependsOn(a, input, seen));
  seen.set(node.id, d);
  return d;
}

/**
 * ∂out/∂input by reverse accumulation in symbols: each node's adjoint is the
 * sum over its consumers of their adjoint times the local rule, in node names.
 */
export function symbolicGradient(shape: GraphShape, input: ShapeNode): Expr {
  const adj = new Map<number, Expr>([[shape.output.id, ONE]]);
  for (let k = shape.nodes.length - 1; k >= 0; k--) {
    const node = shape.nodes[k] as ShapeNode;
    const up = adj.get(node.id);
    if (up === undefined || node.op === "input" || node.op === "const") continue;
    const args = node.inputs.map(refOf);
    node.inputs.forEach((to, slot) => {
      if (!dependsOn(to, input)) return;
      const term = bin("*", up, localRule(node.op, args, slot));
      const before = adj.get(to.id);
      adj.set(to.id, before === undefined ? term : bin("+", before, term));
    });
  }
  return adj.get(input.id) ?? numE(0);
}

/**
 * A chain-rule product as a person writes it down: nested products as one,
 * factors of 1 dropped, factors of −1 gathered into one sign.
 */
export function withoutUnitFactors(e: Expr): Expr {
  switch (e.k) {
    case "num":
    case "var":
      return e;
    case "neg":
      return { k: "neg", arg: withoutUnitFactors(e.arg) };
    case "call":
      return { k: "call", fn: e.fn, args: e.args.map(withoutUnitFactors) };
    case "bin": {
      if (e.op === "+" || e.op === "-") {
        // a + (−b) is a − b, and a − (−b) is a + b
        const a = withoutUnitFactors(e.a);
        const b = withoutUnitFactors(e.b);
        if (b.k === "neg") return bin(e.op === "+" ? "-" : "+", a, b.arg);
        return bin(e.op, a, b);
      }
      if (e.op !== "*") return { k: "bin", op: e.op, a: withoutUnitFactors(e.a), b: withoutUnitFactors(e.b) };
      let negative = false;
      const factors: Expr[] = [];
      const gather = (x: Expr) => {
        if (x.k === "bin" && x.op === "*") {
          gather(x.a);
          gather(x.b);
        } else if (x.k === "neg") {
          negative = !negative;
          gather(x.arg);
        } else if (x.k === "num" && sc.isExact(x.v) && x.v.abs().equals(1)) {
          if (sc.sign(x.v) < 0) negative = !negative;
        } else factors.push(withoutUnitFactors(x));
      };
      gather(e);
      const product = factors.length === 0 ? ONE : factors.reduce((acc, x) => bin("*", acc, x));
      return negative ? { k: "neg", arg: product } : product;
    }
  }
}

// ---------------------------------------------------------------- simplifying

interface Factor {
  base: Expr;
  key: string;
  exp: Exact;
}
interface Term {
  coef: Exact;
  factors: Factor[];
}
type Poly = Term[];

const fr = (n: number, d = 1): Exact => sc.frac(n, d);
const exact = (s: sc.Scalar): Exact => (sc.isExact(s) ? s : fr(0));
const isInt = (x: Exact) => x.d === 1n;

const monomialKey = (t: Term): string =>
  t.factors
    .map((f) => `${f.key}^${f.exp.toFraction()}`)
    .sort()
    .join("*");

/** Equal bases multiply by adding exponents; a zero exponent leaves. */
function mergeFactors(factors: readonly Factor[]): Factor[] {
  const out: Factor[] = [];
  for (const f of factors) {
    const same = out.find((g) => g.key === f.key);
    if (same) same.exp = exact(sc.add(same.exp, f.exp));
    else out.push({ ...f });
  }
  return out.filter((f) => !sc.isZero(f.exp));
}

/** Like terms add; zero terms leave. */
function collect(terms: readonly Term[]): Poly {
  const out: Term[] = [];
  const keys: string[] = [];
  for (const t of terms) {
    const term = { coef: t.coef, factors: mergeFactors(t.factors) };
    const key = monomialKey(term);
    const at = keys.indexOf(key);
    if (at >= 0) (out[at] as Term).coef = exact(sc.add((out[at] as Term).coef, term.coef));
    else {
      keys.push(key);
      out.push(term);
    }
  }
  return out.filter((t) => !sc.isZero(t.coef));
}

const constant = (c: Exact): Poly => (sc.isZero(c) ? [] : [{ coef: c, factors: [] }]);
const atomOf = (base: Expr, exp: Exact = fr(1)): Poly => [{ coef: fr(1), factors: [{ base, key: keyOf(base), exp }] }];

/** A canonical key: a sum's terms in sorted order, so 1 − σ and −σ + 1 are one base. */
function keyOf(e: Expr): string {
  if (e.k === "bin" && (e.op === "+" || e.op === "-")) {
    const terms: string[] = [];
    const walk = (x: Expr, sign: string) => {
      if (x.k === "bin" && (x.op === "+" || x.op === "-")) {
        walk(x.a, sign);
        walk(x.b, x.op === "-" ? (sign === "+" ? "-" : "+") : sign);
      } else if (x.k === "neg") walk(x.arg, sign === "+" ? "-" : "+");
      else terms.push(`${sign}${exprText(x)}`);
    };
    walk(e, "+");
    return `(${terms.sort().join(" ")})`;
  }
  return exprText(e);
}

function scale(p: Poly, c: Exact): Poly {
  return collect(p.map((t) => ({ coef: exact(sc.mul(t.coef, c)), factors: t.factors })));
}

function mulTerms(a: Term, b: Term): Term {
  return { coef: exact(sc.mul(a.coef, b.coef)), factors: [...a.factors, ...b.factors] };
}

function mulPoly(p: Poly, q: Poly, expand: boolean): Poly {
  if (p.length === 0 || q.length === 0) return [];
  if (!expand) {
    const whole = (x: Poly): Term => (x.length === 1 ? (x[0] as Term) : (atomOf(toExpr(x))[0] as Term));
    return collect([mulTerms(whole(p), whole(q))]);
  }
  return collect(p.flatMap((a) => q.map((b) => mulTerms(a, b))));
}

function powPoly(p: Poly, k: Exact, expand: boolean): Poly {
  if (sc.isZero(k)) return constant(fr(1));
  if (p.length === 0) return sc.sign(k) > 0 ? [] : atomOf(numE(0), k);
  if (p.length === 1) {
    const t = p[0] as Term;
    if (!isInt(k) && !t.coef.equals(1)) return atomOf(toExpr(p), k);
    const coef = isInt(k) ? exact(sc.powInt(t.coef, Number(k.s * k.n))) : t.coef;
    return collect([{ coef, factors: t.factors.map((f) => ({ ...f, exp: exact(sc.mul(f.exp, k)) })) }]);
  }
  if (expand && isInt(k) && sc.sign(k) > 0 && k.n <= 4n) {
    let out = p;
    for (let i = 1n; i < k.n; i++) out = mulPoly(out, p, true);
    return out;
  }
  return atomOf(toExpr(p), k);
}

/** e as a sum of terms; with `expand`, products of sums multiplied out. */
function polyOf(e: Expr, expand: boolean): Poly {
  switch (e.k) {
    case "num":
      return constant(exact(e.v));
    case "var":
      return atomOf(e);
    case "neg":
      return scale(polyOf(e.arg, expand), fr(-1));
    case "call":
      return atomOf({ k: "call", fn: e.fn, args: e.args.map((a) => toExpr(polyOf(a, expand))) });
    case "bin": {
      const a = polyOf(e.a, expand);
      switch (e.op) {
        case "+":
          return collect([...a, ...polyOf(e.b, expand)]);
        case "-":
          return collect([...a, ...scale(polyOf(e.b, expand), fr(-1))]);
        case "*":
          return mulPoly(a, polyOf(e.b, expand), expand);
        case "/":
          return mulPoly(a, powPoly(polyOf(e.b, expand), fr(-1), expand), expand);
        case "^": {
          const b = polyOf(e.b, expand);
          if (b.length === 0) return constant(fr(1));
          if (b.length === 1 && (b[0] as Term).factors.length === 0) return powPoly(a, (b[0] as Term).coef, expand);
          return atomOf({ k: "bin", op: "^", a: toExpr(a), b: toExpr(b) });
        }
        case "@":
          return atomOf({ k: "bin", op: "@", a: toExpr(a), b: toExpr(polyOf(e.b, expand)) });
      }
    }
  }
}

/** A term without its sign, as a product over a quotient: 2·x/y. */
function termExpr(t: Term): Expr {
  const c = t.coef.abs();
  const up: Expr[] = [];
  const down: Expr[] = [];
  if (c.n !== 1n) up.push(numE(sc.frac(c.n)));
  if (c.d !== 1n) down.push(numE(sc.frac(c.d)));
  for (const f of t.factors) {
    const k = f.exp;
    const mag = k.abs();
    const power = (b: Expr) => (mag.equals(1) ? b : bin("^", b, numE(mag)));
    (sc.sign(k) > 0 ? up : down).push(power(f.base));
  }
  const product = (xs: Expr[]) => xs.reduce((acc, x) => bin("*", acc, x));
  const top = up.length === 0 ? ONE : product(up);
  return down.length === 0 ? top : bin("/", top, product(down));
}

/** The terms as one expression: positive terms first, constants after the rest of their sign. */
function toExpr(p: Poly): Expr {
  if (p.length === 0) return numE(0);
  const rank = (t: Term) => (sc.sign(t.coef) > 0 ? 0 : 2) + (t.factors.length === 0 ? 1 : 0);
  const sorted = p.map((t, i) => ({ t, i })).sort((x, y) => rank(x.t) - rank(y.t) || x.i - y.i);
  let out: Expr | undefined;
  for (const { t } of sorted) {
    const e = termExpr(t);
    const negative = sc.sign(t.coef) < 0;
    if (out === undefined) out = negative ? { k: "neg", arg: e } : e;
    else out = bin(negative ? "-" : "+", out, e);
  }
  return out as Expr;
}

export interface SimplificationStep {
  expr: Expr;
  reason: string;
}

/**
 * The simplification of e as an answer key shows it: constants multiplied
 * and common factors cancelled, then (where it is shorter) multiplied out
 * with like terms collected. The last step is the result.
 */
export function simplify(e: Expr): SimplificationStep[] {
  const steps: SimplificationStep[] = [];
  const factored = toExpr(polyOf(e, false));
  if (exprText(factored) !== exprText(e))
    steps.push({ expr: factored, reason: "multiply the constants, cancel common factors" });
  const expanded = toExpr(polyOf(factored, true));
  if (treeSize(expanded) < treeSize(factored))
    steps.push({ expr: expanded, reason: "multiply out and collect like terms" });
  if (steps.length === 0) steps.push({ expr: e, reason: "nothing to simplify" });
  return steps;
}

// ---------------------------------------------------------------- printing in graph's grammar

const PRECEDENCE: Record<string, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "@": 2, neg: 3, "^": 4 };

/** A literal as an operand: a fraction binds as a division, a negative number as a minus. */
function numPrecedence(v: sc.Scalar): number {
  if (sc.isExact(v) && v.d !== 1n) return 2;
  return sc.sign(v) < 0 ? 3 : 9;
}

/** e in graph's own grammar, with the parentheses it needs, so that graph reads it back as the same tree. */
export function exprText(e: Expr): string {
  const wrap = (x: Expr, min: number, strict = false): string => {
    const p = x.k === "bin" ? (PRECEDENCE[x.op] as number) : x.k === "neg" ? 3 : x.k === "num" ? numPrecedence(x.v) : 9;
    const t = exprText(x);
    return p < min || (strict && p === min) ? `(${t})` : t;
  };
  switch (e.k) {
    case "num":
      return sc.isExact(e.v) ? e.v.toFraction() : String(e.v);
    case "var":
      return e.name;
    case "neg":
      return `-${wrap(e.arg, 3)}`;
    case "call":
      return `${e.fn}(${e.args.map(exprText).join(", ")})`;
    case "bin": {
      const p = PRECEDENCE[e.op] as number;
      if (e.op === "^") return `${wrap(e.a, p, true)}^${wrap(e.b, p)}`;
      return `${wrap(e.a, p)} ${e.op} ${wrap(e.b, p, e.op === "-" || e.op === "/" || e.op === "@")}`;
    }
  }
}
