// The expression tree of a computational graph (SPEC 4.13), as parsed from
// graph's grammar. Data only: input/expression.ts builds it from text, the
// autodiff engine evaluates it, core/symbolic.ts differentiates it.
import type { Scalar } from "./scalar.js";

/** Element-wise functions of one argument. */
export const UNARY_FUNCTIONS = [
  "exp",
  "log",
  "sqrt",
  "abs",
  "sigmoid",
  "tanh",
  "relu",
  "softplus",
  "step",
  "sign",
] as const;
/** Functions that reduce or reshape (vectors and matrices). */
export const SHAPE_FUNCTIONS = ["sum", "mean", "T"] as const;
/** Functions of two arguments. */
export const BINARY_FUNCTIONS = ["max", "min", "dot"] as const;
export const FUNCTIONS: readonly string[] = [...UNARY_FUNCTIONS, ...SHAPE_FUNCTIONS, ...BINARY_FUNCTIONS];

export type UnaryFn = (typeof UNARY_FUNCTIONS)[number];
export type FnName = UnaryFn | (typeof SHAPE_FUNCTIONS)[number] | (typeof BINARY_FUNCTIONS)[number];
export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "@";

export type Expr =
  | { k: "num"; v: Scalar }
  | { k: "var"; name: string }
  | { k: "neg"; arg: Expr }
  | { k: "bin"; op: BinaryOp; a: Expr; b: Expr }
  | { k: "call"; fn: FnName; args: Expr[] };

/** One line of the program: `q = x + y`. The last one is the output. */
export interface Assignment {
  name: string;
  expr: Expr;
}

export interface Program {
  assignments: Assignment[];
  /** The names the program reads and never assigns, in order of first appearance. */
  inputs: string[];
  /** The output's name: the last assignment's, or the one given to a bare expression. */
  output: string;
}

/** How many arguments a function takes. */
export const arityOf = (fn: FnName): number => ((BINARY_FUNCTIONS as readonly string[]).includes(fn) ? 2 : 1);

/** The subtrees of a node, in reading order. */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.k) {
    case "num":
    case "var":
      return [];
    case "neg":
      return [e.arg];
    case "bin":
      return [e.a, e.b];
    case "call":
      return e.args;
  }
}

/**
 * `visit` of every node after its subtrees, left to right, given their
 * results: without recursion, since a sum of 50,000 terms is a tree 50,000
 * deep (each + is the left operand of the next).
 */
export function postOrder<T>(root: Expr, visit: (e: Expr, children: T[]) => T): T {
  const stack: Array<{ e: Expr; kids: readonly Expr[]; done: T[] }> = [{ e: root, kids: childrenOf(root), done: [] }];
  let result: T | undefined;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.done.length < top.kids.length) {
      const next = top.kids[top.done.length] as Expr;
      stack.push({ e: next, kids: childrenOf(next), done: [] });
      continue;
    }
    stack.pop();
    const value = visit(top.e, top.done);
    const parent = stack[stack.length - 1];
    if (parent) parent.done.push(value);
    else result = value;
  }
  return result as T;
}

/** The names an expression reads, in order of first appearance, each once. */
export function namesRead(e: Expr, out: string[] = []): string[] {
  const seen = new Set(out);
  postOrder<null>(e, (x) => {
    if (x.k === "var" && !seen.has(x.name)) {
      seen.add(x.name);
      out.push(x.name);
    }
    return null;
  });
  return out;
}

/** The number of nodes of a tree (the size that limits and simplification compare). */
export function treeSize(e: Expr): number {
  return postOrder<number>(e, (_x, kids) => kids.reduce((n, k) => n + k, 1));
}
