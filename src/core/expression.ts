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

export const isUnaryFn = (fn: string): fn is UnaryFn => (UNARY_FUNCTIONS as readonly string[]).includes(fn);

/** How many arguments a function takes. */
export const arityOf = (fn: FnName): number => ((BINARY_FUNCTIONS as readonly string[]).includes(fn) ? 2 : 1);

/** The names an expression reads, in order of first appearance, each once. */
export function namesRead(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case "num":
      return out;
    case "var":
      if (!out.includes(e.name)) out.push(e.name);
      return out;
    case "neg":
      return namesRead(e.arg, out);
    case "bin":
      namesRead(e.a, out);
      return namesRead(e.b, out);
    case "call":
      for (const a of e.args) namesRead(a, out);
      return out;
  }
}

/** The number of nodes of a tree (the size that limits and simplification compare). */
export function treeSize(e: Expr): number {
  switch (e.k) {
    case "num":
    case "var":
      return 1;
    case "neg":
      return 1 + treeSize(e.arg);
    case "bin":
      return 1 + treeSize(e.a) + treeSize(e.b);
    case "call":
      return e.args.reduce((n, a) => n + treeSize(a), 1);
  }
}
