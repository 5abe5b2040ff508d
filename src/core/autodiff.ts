// The autodiff engine: micrograd's shape over dlsolve's exact Scalars, vectors
// and matrices. A node holds its value, its inputs and its operation; each
// operation's forward value and local derivative are written side by side in
// OPS. backward() walks the nodes in reverse evaluation order, adds each
// edge's contribution into its input (so a node used twice gets both), and
// records every edge: upstream gradient, local derivative, contribution — the
// lines an answer key writes. It knows nothing of rendering.
import { logistic, softplus } from "./activations.js";
import { type BinaryOp, type Expr, type Program, postOrder, type UnaryFn } from "./expression.js";
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export type Tensor = Scalar | readonly Scalar[] | readonly (readonly Scalar[])[];

export type OpName =
  | "input"
  | "const"
  | "id"
  | "neg"
  | BinaryOp
  | UnaryFn
  | "sum"
  | "mean"
  | "T"
  | "max"
  | "min"
  | "dot";

export interface GraphNode {
  readonly id: number;
  readonly name: string;
  readonly named: boolean;
  readonly op: OpName;
  readonly inputs: readonly GraphNode[];
  readonly value: Tensor;
  /** True when some input flows into it (constants and their combinations have no gradient). */
  readonly needsGrad: boolean;
}

export interface Edge {
  /** The node whose gradient flows back. */
  readonly from: GraphNode;
  /** The input it flows into, as argument `slot` of `from`. */
  readonly to: GraphNode;
  readonly slot: number;
  readonly upstream: Tensor;
  /**
   * ∂from/∂to where it is a number per entry: the element-wise operations
   * (shape of `from`), sum, mean and dot (shape of `to`). Null for @ and T,
   * whose contribution is a product of matrices.
   */
  readonly local: Tensor | null;
  readonly contribution: Tensor;
}

export interface GraphRecord {
  /** Every node in evaluation order (an operation after its inputs). */
  readonly nodes: readonly GraphNode[];
  readonly inputs: ReadonlyMap<string, GraphNode>;
  readonly output: GraphNode;
}

export interface BackwardRecord {
  /** ∂out/∂node for every node the output depends on, by node id. */
  readonly grads: ReadonlyMap<number, Tensor>;
  /** Every edge, in the order the backward pass takes them (from the output down). */
  readonly edges: readonly Edge[];
}

/** A domain or shape error at a node, for the caller to name its field. */
export class GraphError extends Error {}

// ---------------------------------------------------------------- tensors

type Vec = readonly Scalar[];
type Mat = readonly (readonly Scalar[])[];

export const isScalar = (t: Tensor): t is Scalar => !Array.isArray(t);
export const isMatrix = (t: Tensor): t is Mat => Array.isArray(t) && Array.isArray(t[0]);

/** [] for a number, [n] for a vector, [rows, columns] for a matrix. */
export function shapeOf(t: Tensor): number[] {
  if (isScalar(t)) return [];
  if (isMatrix(t)) return [t.length, (t[0] as Vec).length];
  return [(t as Vec).length];
}

export function shapeText(t: Tensor): string {
  const s = shapeOf(t);
  return s.length === 0 ? "a number" : s.length === 1 ? `a vector of ${s[0]}` : `a ${s[0]}×${s[1]} matrix`;
}

/** The number of entries. */
export const sizeOf = (t: Tensor): number => shapeOf(t).reduce((a, b) => a * b, 1);

export function mapTensor(t: Tensor, f: (x: Scalar) => Scalar): Tensor {
  if (isScalar(t)) return f(t);
  if (isMatrix(t)) return t.map((row) => row.map((x) => f(x)));
  return (t as Vec).map((x) => f(x));
}

/** f entry by entry; a number broadcasts, other shapes must agree. */
export function zipTensor(a: Tensor, b: Tensor, f: (x: Scalar, y: Scalar) => Scalar): Tensor {
  if (isScalar(a) && isScalar(b)) return f(a, b);
  if (isScalar(a)) return mapTensor(b, (y) => f(a, y));
  if (isScalar(b)) return mapTensor(a, (x) => f(x, b));
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa.length !== sb.length || sa.some((n, i) => n !== sb[i]))
    throw new GraphError(`${shapeText(a)} and ${shapeText(b)} do not match (only a number broadcasts)`);
  if (isMatrix(a)) return a.map((row, i) => row.map((x, j) => f(x, ((b as Mat)[i] as Vec)[j] as Scalar)));
  return (a as Vec).map((x, i) => f(x, (b as Vec)[i] as Scalar));
}

export const addTensor = (a: Tensor, b: Tensor): Tensor => zipTensor(a, b, sc.add);
export const mulTensor = (a: Tensor, b: Tensor): Tensor => zipTensor(a, b, sc.mul);

/** The sum of every entry. */
export function sumAll(t: Tensor): Scalar {
  if (isScalar(t)) return t;
  if (isMatrix(t)) return sc.sum(t.map((row) => sc.sum(row)));
  return sc.sum(t as Vec);
}

/** A gradient of the output's shape brought back to an input's shape: a broadcast number sums its entries. */
function reduceTo(g: Tensor, like: Tensor): Tensor {
  return isScalar(like) && !isScalar(g) ? sumAll(g) : g;
}

/** The entries in reading order. */
export function entries(t: Tensor): Scalar[] {
  if (isScalar(t)) return [t];
  if (!isMatrix(t)) return (t as Vec).slice();
  // copied row by row: Array.prototype.flat took about 250 ms for a 998 × 998 weight
  const out: Scalar[] = [];
  for (const row of t) for (const v of row) out.push(v);
  return out;
}

/** Entries in reading order put back in the shape of `like`. */
export function shaped(like: Tensor, values: readonly Scalar[]): Tensor {
  if (isScalar(like)) return values[0]!;
  if (isMatrix(like)) {
    const cols = (like[0] as Vec).length;
    return like.map((_, i) => values.slice(i * cols, (i + 1) * cols));
  }
  return values.slice();
}

export const zerosLike = (t: Tensor): Tensor => mapTensor(t, () => sc.frac(0));

function transposeT(t: Tensor): Tensor {
  if (!isMatrix(t)) return t;
  const cols = (t[0] as Vec).length;
  return Array.from({ length: cols }, (_, j) => t.map((row) => row[j]!));
}

const isFloat = (x: Scalar): x is number => typeof x === "number";
/** Whether every entry of a vector is a float64 number. */
const floatVec = (v: Vec): v is readonly number[] => v.every(isFloat);
const floatMatrices = new WeakMap<Mat, boolean>();
/** Whether every entry of a matrix is a float64 number; remembered per matrix (a weight meets every sample). */
function floatMat(m: Mat): boolean {
  let known = floatMatrices.get(m);
  if (known === undefined) {
    known = m.every(floatVec);
    floatMatrices.set(m, known);
  }
  return known;
}

/**
 * A @ x and xᵀ @ A on float64 entries, without a column array per entry of x: the same products summed in
 * the same order as dotColumn (k = 0, 1, …), so the same bits. Undefined where the general loop is needed.
 */
function matmulFloat(a: Tensor, b: Tensor): Vec | undefined {
  if (isScalar(a) || isScalar(b) || isMatrix(a) === isMatrix(b)) return undefined;
  if (isMatrix(a)) {
    const x = b as Vec;
    if (x.length === 0 || (a[0] as Vec).length !== x.length || !floatVec(x) || !floatMat(a)) return undefined;
    return a.map((row) => {
      let sum = 0;
      for (let k = 0; k < x.length; k++) sum += (row[k] as number) * (x[k] as number);
      return sum;
    });
  }
  const B = b as Mat;
  const x = a as Vec;
  if (x.length === 0 || B.length !== x.length || !floatVec(x) || !floatMat(B)) return undefined;
  const out = new Array<number>((B[0] as Vec).length).fill(0);
  B.forEach((row, k) => {
    const xk = x[k] as number;
    for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + xk * (row[j] as number);
  });
  return out;
}

/** A @ B with numpy's rules for vectors: a vector is a row on the left, a column on the right. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (isScalar(a) || isScalar(b)) throw new GraphError("@ multiplies vectors and matrices; use * for a number");
  const fast = matmulFloat(a, b);
  if (fast !== undefined) return fast;
  const A: Mat = isMatrix(a) ? a : [a as Vec];
  const B: Mat = isMatrix(b) ? b : (b as Vec).map((x) => [x]);
  const k = (A[0] as Vec).length;
  if (B.length !== k)
    throw new GraphError(`${shapeText(a)} @ ${shapeText(b)}: the inner sizes ${k} and ${B.length} differ`);
  const cols = (B[0] as Vec).length;
  const C = A.map((row) => Array.from({ length: cols }, (_, j) => dotColumn(row, B, j)));
  if (!isMatrix(a) && !isMatrix(b)) return (C[0] as Vec)[0] as Scalar;
  if (!isMatrix(a)) return C[0] as Vec;
  if (!isMatrix(b)) return C.map((row) => row[0]!);
  return C;
}

/**
 * Σₖ row[k]·B[k][j], as sc.sum of sc.mul gives it: one float loop while both factors are floats (the
 * common case past the first rounding), then exact where they are not. (An RNN of 1,000 steps spends its
 * time here: an array and a call per product was two thirds of it.)
 */
function dotColumn(row: Vec, B: Mat, j: number): Scalar {
  let float = 0;
  let k = 0;
  for (; k < row.length; k++) {
    const x = row[k];
    const y = (B[k] as Vec)[j];
    if (typeof x !== "number" || typeof y !== "number") break;
    float += x * y;
  }
  if (k === row.length) return k === 0 ? sc.frac(0) : float;
  let acc: Scalar = k === 0 ? sc.frac(0) : float;
  for (; k < row.length; k++) acc = sc.add(acc, sc.mul(row[k]!, (B[k] as Vec)[j] as Scalar));
  return acc;
}

/** The outer product u vᵀ. */
const outer = (u: Vec, v: Vec): Tensor =>
  floatVec(u) && floatVec(v) ? u.map((x) => v.map((y) => x * y)) : u.map((x) => v.map((y) => sc.mul(x, y)));

/** acc + u vᵀ into acc itself, on float64 entries: each entry as acc + outer(u, v) gives it. */
function addOuterInto(acc: Mat, u: readonly number[], v: readonly number[]): void {
  acc.forEach((row, i) => {
    const into = row as number[];
    const ui = u[i] as number;
    for (let j = 0; j < into.length; j++) into[j] = (into[j] as number) + ui * (v[j] as number);
  });
}

/** acc + b into acc itself (same shapes): each entry as addTensor gives it. */
function addInto(acc: Tensor, b: Tensor): void {
  const rows = (isMatrix(acc) ? acc : [acc]) as Scalar[][];
  const other = (isMatrix(b) ? b : [b]) as Vec[];
  rows.forEach((row, i) => {
    const o = other[i] as Vec;
    for (let j = 0; j < row.length; j++) row[j] = sc.add(row[j]!, o[j]!);
  });
}

/** ∂(A @ B)/∂(argument slot) applied to the upstream gradient G: G Bᵀ for A, Aᵀ G for B (vectors as numpy). */
function matmulVjp(a: Tensor, b: Tensor, g: Tensor, slot: number): Tensor {
  const am = isMatrix(a);
  const bm = isMatrix(b);
  if (!am && !bm) return mapTensor(slot === 0 ? b : a, (x) => sc.mul(x, g as Scalar));
  if (am && bm) return slot === 0 ? matmul(g, transposeT(b)) : matmul(transposeT(a), g);
  if (am) return slot === 0 ? outer(g as Vec, b as Vec) : matmul(g as Vec, a);
  return slot === 0 ? matmul(b, g as Vec) : outer(a as Vec, g as Vec);
}

// ---------------------------------------------------------------- operations

const ZERO = sc.frac(0);
const ONE = sc.frac(1);
const HALF = sc.frac(1, 2);
const positive = (x: Scalar) => sc.sign(x) > 0;

/** e^x, exact at 0. */
const expS = (x: Scalar): Scalar => (sc.isExact(x) && sc.isZero(x) ? ONE : Math.exp(sc.toNumber(x)));
function logS(x: Scalar): Scalar {
  if (!positive(x)) throw new GraphError(`log needs a positive value, got ${fmt(x)}`);
  return sc.isExact(x) && x.equals(1) ? ZERO : Math.log(sc.toNumber(x));
}
const sigmoidS = (x: Scalar): Scalar => (sc.isExact(x) && sc.isZero(x) ? HALF : logistic(sc.toNumber(x)));
const tanhS = (x: Scalar): Scalar => (sc.isExact(x) && sc.isZero(x) ? ZERO : Math.tanh(sc.toNumber(x)));

function powS(a: Scalar, b: Scalar): Scalar {
  if (sc.isExact(b) && b.d === 1n) {
    const k = Number(b.s * b.n);
    if (sc.isZero(a) && k < 0) throw new GraphError("0 to a negative power is undefined");
    return sc.powInt(a, k);
  }
  if (sc.sign(a) < 0) throw new GraphError(`a negative base (${fmt(a)}) to a fractional power is undefined`);
  if (sc.isZero(a)) {
    if (sc.sign(b) <= 0) throw new GraphError("0 to a power ≤ 0 is undefined");
    return ZERO;
  }
  if (sc.isExact(b) && b.d === 2n) {
    const root = sc.sqrt(a);
    if (sc.isExact(root)) return sc.powInt(root, Number(b.s * b.n));
  }
  return sc.toNumber(a) ** sc.toNumber(b);
}

function fmt(x: Scalar): string {
  return sc.isExact(x) ? x.toFraction() : String(x);
}

interface OpRule {
  forward(args: readonly Tensor[]): Tensor;
  /** The local derivative as numbers (see Edge.local), or undefined for a vector-Jacobian product. */
  local?(args: readonly Tensor[], out: Tensor, slot: number): Tensor;
  vjp?(args: readonly Tensor[], out: Tensor, upstream: Tensor, slot: number): Tensor;
}

/** An element-wise function of one argument: f and its derivative f′(x, f(x)) side by side. */
function unary(f: (x: Scalar) => Scalar, df: (x: Scalar, y: Scalar) => Scalar): OpRule {
  return {
    forward: ([a]) => mapTensor(a as Tensor, f),
    local: ([a], out) => zipTensor(a as Tensor, out, df),
  };
}

/** An element-wise function of two arguments (a number broadcasts): f and ∂f/∂a, ∂f/∂b. */
function binary(
  f: (a: Scalar, b: Scalar) => Scalar,
  da: (a: Scalar, b: Scalar, y: Scalar) => Scalar,
  db: (a: Scalar, b: Scalar, y: Scalar) => Scalar,
): OpRule {
  return {
    forward: ([a, b]) => zipTensor(a as Tensor, b as Tensor, f),
    local: ([a, b], out, slot) => {
      const d = slot === 0 ? da : db;
      const xs = entries(a as Tensor);
      const ys = entries(b as Tensor);
      const outs = entries(out);
      const at = (v: readonly Scalar[], i: number) => (v.length === 1 ? v[0] : v[i]) as Scalar;
      return shaped(
        out,
        outs.map((o, i) => d(at(xs, i), at(ys, i), o)),
      );
    },
  };
}

const tieShare = (a: Scalar, b: Scalar, wins: (c: number) => boolean): Scalar => {
  const c = sc.sign(sc.sub(a, b));
  return c === 0 ? HALF : wins(c) ? ONE : ZERO;
};

const OPS: Record<Exclude<OpName, "input" | "const">, OpRule> = {
  id: unary(
    (x) => x,
    () => ONE,
  ),
  neg: unary(sc.neg, () => sc.frac(-1)),
  "+": binary(
    sc.add,
    () => ONE,
    () => ONE,
  ),
  "-": binary(
    sc.sub,
    () => ONE,
    () => sc.frac(-1),
  ),
  "*": binary(
    sc.mul,
    (_a, b) => b,
    (a) => a,
  ),
  "/": binary(
    (a, b) => {
      if (sc.isZero(b)) throw new GraphError("division by zero");
      return sc.div(a, b);
    },
    (_a, b) => sc.div(ONE, b),
    (a, b) => sc.neg(sc.div(a, sc.square(b))),
  ),
  "^": binary(
    powS,
    (a, b) => sc.mul(b, powS(a, sc.sub(b, ONE))),
    (a, _b, y) => sc.mul(y, logS(a)),
  ),
  exp: unary(expS, (_x, y) => y),
  log: unary(logS, (x) => sc.div(ONE, x)),
  sqrt: unary(
    (x) => {
      if (sc.sign(x) < 0) throw new GraphError(`sqrt needs a value ≥ 0, got ${fmt(x)}`);
      return sc.sqrt(x);
    },
    (_x, y) => {
      if (sc.isZero(y)) throw new GraphError("sqrt′(0) is infinite");
      return sc.div(HALF, y);
    },
  ),
  abs: unary(
    (x) => (sc.sign(x) < 0 ? sc.neg(x) : x),
    (x) => sc.frac(sc.sign(x)),
  ),
  sigmoid: unary(sigmoidS, (_x, s) => sc.mul(s, sc.sub(ONE, s))),
  tanh: unary(tanhS, (_x, t) => sc.sub(ONE, sc.square(t))),
  relu: unary(
    (x) => (positive(x) ? x : sc.isExact(x) ? ZERO : 0),
    (x) => (positive(x) ? ONE : ZERO),
  ),
  softplus: unary(
    (x) => softplus(sc.toNumber(x)),
    (x) => sigmoidS(x),
  ),
  step: unary(
    (x) => (positive(x) ? ONE : ZERO),
    () => ZERO,
  ),
  sign: unary(
    (x) => sc.frac(sc.sign(x)),
    () => ZERO,
  ),
  max: binary(
    (a, b) => (sc.sign(sc.sub(a, b)) >= 0 ? a : b),
    (a, b) => tieShare(a, b, (c) => c > 0),
    (a, b) => tieShare(a, b, (c) => c < 0),
  ),
  min: binary(
    (a, b) => (sc.sign(sc.sub(a, b)) <= 0 ? a : b),
    (a, b) => tieShare(a, b, (c) => c < 0),
    (a, b) => tieShare(a, b, (c) => c > 0),
  ),
  "@": {
    forward: ([a, b]) => matmul(a as Tensor, b as Tensor),
    vjp: ([a, b], _out, g, slot) => matmulVjp(a as Tensor, b as Tensor, g, slot),
  },
  dot: {
    forward: ([a, b]) => {
      if (isMatrix(a as Tensor) || isMatrix(b as Tensor) || isScalar(a as Tensor) || isScalar(b as Tensor))
        throw new GraphError(`dot takes two vectors, got ${shapeText(a as Tensor)} and ${shapeText(b as Tensor)}`);
      return sumAll(mulTensor(a as Tensor, b as Tensor));
    },
    local: ([a, b], _out, slot) => (slot === 0 ? (b as Tensor) : (a as Tensor)),
  },
  sum: {
    forward: ([a]) => sumAll(a as Tensor),
    local: ([a]) => mapTensor(a as Tensor, () => ONE),
  },
  mean: {
    forward: ([a]) => sc.div(sumAll(a as Tensor), sc.frac(sizeOf(a as Tensor))),
    local: ([a]) => mapTensor(a as Tensor, () => sc.frac(1, sizeOf(a as Tensor))),
  },
  T: {
    forward: ([a]) => transposeT(a as Tensor),
    vjp: (_args, _out, g) => transposeT(g),
  },
};

// ---------------------------------------------------------------- building and the backward pass

/** Where an error arose: the node's operation and its inputs' names, for the message. */
export class NodeError extends Error {
  constructor(
    readonly node: string,
    message: string,
  ) {
    super(message);
  }
}

/** A node of a program's graph before any value: its operation, inputs and name. */
export interface ShapeNode {
  readonly id: number;
  /** An input's or an assignment's name, or u1, u2, … for an unnamed operation; "" for a constant. */
  readonly name: string;
  /** True for the user's own names (inputs and assignments). */
  readonly named: boolean;
  readonly op: OpName;
  readonly inputs: readonly ShapeNode[];
  /** A constant's value. */
  readonly constant?: Scalar;
}

export interface GraphShape {
  readonly nodes: readonly ShapeNode[];
  readonly inputs: ReadonlyMap<string, ShapeNode>;
  readonly output: ShapeNode;
}

/**
 * A program's nodes in evaluation order (inputs first, an operation after its
 * arguments), unnamed operations named u1, u2, … (skipping names the program
 * uses). The numeric graph and the symbolic derivation both walk this one.
 */
export function graphShape(program: Program, maxNodes: number): GraphShape {
  const nodes: Array<{ -readonly [K in keyof ShapeNode]: ShapeNode[K] }> = [];
  const inputs = new Map<string, ShapeNode>();
  const scope = new Map<string, ShapeNode>();
  const add = (op: OpName, args: ShapeNode[], name = "", constant?: Scalar): ShapeNode => {
    if (nodes.length >= maxNodes) throw new NodeError("", `has more than ${maxNodes} nodes`);
    const node = {
      id: nodes.length,
      name,
      named: name !== "",
      op,
      inputs: args,
      ...(constant === undefined ? {} : { constant }),
    };
    nodes.push(node);
    return node;
  };
  for (const name of program.inputs) {
    const node = add("input", [], name);
    inputs.set(name, node);
    scope.set(name, node);
  }
  const build = (root: Expr): ShapeNode =>
    postOrder<ShapeNode>(root, (e, args) => {
      switch (e.k) {
        case "num":
          return add("const", [], "", e.v);
        case "var":
          return scope.get(e.name) as ShapeNode;
        case "neg":
          return add("neg", args);
        case "bin":
          return add(e.op, args);
        case "call":
          return add(e.fn, args);
      }
    });
  for (const a of program.assignments) {
    let node = build(a.expr);
    if (node.named || node.op === "const") node = add("id", [node]);
    const own = nodes[node.id] as (typeof nodes)[number];
    own.name = a.name;
    own.named = true;
    scope.set(a.name, own);
  }
  const taken = new Set([...program.inputs, ...program.assignments.map((a) => a.name)]);
  let unnamed = 0;
  for (const node of nodes) {
    if (node.name !== "" || node.op === "const") continue;
    do unnamed++;
    while (taken.has(`u${unnamed}`));
    node.name = `u${unnamed}`;
  }
  return { nodes, inputs, output: scope.get(program.output) as ShapeNode };
}

export interface GraphLimits {
  nodes: number;
  entries: number;
}

/**
 * The graph of a program at given input values. Throws NodeError for a value
 * outside an operation's domain or shapes that do not fit, naming the node,
 * and for more nodes or values than the limits.
 */
export function buildGraph(program: Program, values: ReadonlyMap<string, Tensor>, limits: GraphLimits): GraphRecord {
  const shape = graphShape(program, limits.nodes);
  const vals = forwardValues(shape, values, limits.entries);
  const nodes: GraphNode[] = [];
  for (const s of shape.nodes) {
    const args = s.inputs.map((a) => nodes[a.id] as GraphNode);
    nodes.push({
      id: s.id,
      name: s.name,
      named: s.named,
      op: s.op,
      inputs: args,
      value: vals[s.id] as Tensor,
      needsGrad: s.op === "input" || args.some((a) => a.needsGrad),
    });
  }
  const inputs = new Map<string, GraphNode>();
  for (const [name, node] of shape.inputs) inputs.set(name, nodes[node.id] as GraphNode);
  return { nodes, inputs, output: nodes[shape.output.id] as GraphNode };
}

/** Every node's value, by id, at these input values: the forward pass alone (a finite difference runs it often). */
export function forwardValues(shape: GraphShape, values: ReadonlyMap<string, Tensor>, maxEntries: number): Tensor[] {
  const vals: Tensor[] = new Array(shape.nodes.length);
  let entries = 0;
  for (const s of shape.nodes) {
    let value: Tensor;
    if (s.op === "input") {
      const v = values.get(s.name);
      if (v === undefined) throw new NodeError(s.name, `${s.name} has no value`);
      value = v;
    } else if (s.op === "const") {
      value = s.constant as Scalar;
    } else {
      const args = s.inputs.map((a) => vals[a.id] as Tensor);
      try {
        value = OPS[s.op].forward(args);
      } catch (err) {
        if (err instanceof GraphError) throw new NodeError(describe(s.op, s.inputs), err.message);
        throw err;
      }
    }
    entries += isScalar(value) ? 1 : sizeOf(value);
    if (entries > maxEntries) throw new NodeError("", `holds more than ${maxEntries} values in all its nodes`);
    vals[s.id] = value;
  }
  return vals;
}

/** An operation as a message names it: "log(u2)", "x * y". */
export function describe(op: OpName, args: readonly (ShapeNode | GraphNode)[]): string {
  const names = args.map((a) =>
    a.op === "const" ? fmt(("value" in a ? a.value : a.constant) as Scalar) : a.name || "…",
  );
  if (op === "neg") return `−${names[0]}`;
  if (args.length === 2 && !/^[a-z]/i.test(op)) return `${names[0]} ${op} ${names[1]}`;
  return `${op}(${names.join(", ")})`;
}

/** Which edges a backward pass takes: all by default; a mistake drops some. */
export type EdgeFilter = (from: GraphNode, slot: number) => boolean;

/**
 * The backward pass from `seed` = ∂L/∂out (1 for a number output): every
 * node's gradient and every edge with its upstream, local and contribution.
 */
/**
 * The backward pass from the output, seeded with seed. With `record` false (nothing will show the edges: a
 * network's or an RNN's answer alone) no edge is kept, and a gradient summed over many contributions (a
 * weight shared by every sample or time step) is summed in place: the sums are the same, entry by entry.
 */
export function backward(g: GraphRecord, seed: Tensor, keep: EdgeFilter = () => true, record = true): BackwardRecord {
  const grads = new Map<number, Tensor>();
  const edges: Edge[] = [];
  // the sums made here, which nothing else holds: only these are added into in place (every contribution to a
  // node comes from a later node, so a sum is complete before anything reads it)
  const owned = new Set<Tensor>();
  const accumulate = (to: GraphNode, contribution: Tensor) => {
    const before = grads.get(to.id);
    if (before === undefined) grads.set(to.id, contribution);
    else if (!record && owned.has(before) && sameShape(before, contribution)) addInto(before, contribution);
    else {
      const sum = addTensor(before, contribution);
      if (!record && !isScalar(sum)) owned.add(sum);
      grads.set(to.id, sum);
    }
  };
  grads.set(g.output.id, seed);
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const node = g.nodes[k] as GraphNode;
    const up = grads.get(node.id);
    if (up === undefined || node.op === "input" || node.op === "const") continue;
    const rule = OPS[node.op];
    const args = node.inputs.map((a) => a.value);
    node.inputs.forEach((to, slot) => {
      if (!to.needsGrad || !keep(node, slot)) return;
      const before = grads.get(to.id);
      // W @ x's ∂/∂W is the outer product δxᵀ: added straight into W's running sum, never made
      if (!record && node.op === "@" && slot === 0 && before !== undefined && owned.has(before)) {
        const x = args[1] as Tensor;
        if (isMatrix(before) && !isScalar(x) && !isMatrix(x) && !isScalar(up) && !isMatrix(up))
          if (floatVec(up) && floatVec(x) && floatMat(before)) {
            addOuterInto(before, up, x);
            return;
          }
      }
      let local: Tensor | null = null;
      let contribution: Tensor;
      try {
        if (rule.local) {
          local = rule.local(args, node.value, slot);
          contribution = reduceTo(mulTensor(up, local), to.value);
        } else {
          contribution = (rule.vjp as NonNullable<OpRule["vjp"]>)(args, node.value, up, slot);
        }
      } catch (err) {
        if (err instanceof GraphError) throw new NodeError(describe(node.op, node.inputs), err.message);
        throw err;
      }
      if (record) edges.push({ from: node, to, slot, upstream: up, local, contribution });
      accumulate(to, contribution);
    });
  }
  return { grads, edges };
}

function sameShape(a: Tensor, b: Tensor): boolean {
  if (isScalar(a) || isScalar(b) || isMatrix(a) !== isMatrix(b) || a.length !== b.length) return false;
  return !isMatrix(a) || (a[0] as Vec).length === ((b as Mat)[0] as Vec).length;
}

/** ∂out/∂input for each input, zeros where the output does not depend on it. */
export function inputGradient(g: GraphRecord, b: BackwardRecord, name: string): Tensor {
  const node = g.inputs.get(name) as GraphNode;
  return b.grads.get(node.id) ?? zerosLike(node.value);
}

/** The output as one number for a check: itself, or Σ dLdout ∘ out for a tensor output. */
export function weightedOutput(out: Tensor, seed: Tensor): number {
  return sc.toNumber(sumAll(mulTensor(out, seed)));
}

/** Every entry as a float (a finite-difference check perturbs floats). */
export const toFloats = (t: Tensor): Tensor => mapTensor(t, sc.toNumber);

/** The tensor with entry `index` (row-major) replaced. */
export function withEntry(t: Tensor, index: number, v: number): Tensor {
  if (isScalar(t)) return v;
  if (isMatrix(t)) {
    const cols = (t[0] as Vec).length;
    return t.map((row, i) => (i === Math.floor(index / cols) ? row.map((x, j) => (j === index % cols ? v : x)) : row));
  }
  return (t as Vec).map((x, i) => (i === index ? v : x));
}

/** Entry `index` (row-major) of a tensor. */
export function entryOf(t: Tensor, index: number): Scalar {
  if (isScalar(t)) return t;
  if (isMatrix(t)) {
    const cols = (t[0] as Vec).length;
    return (t[Math.floor(index / cols)] as Vec)[index % cols] as Scalar;
  }
  return (t as Vec)[index] as Scalar;
}

/** Operations with a kink, where a finite difference straddles two slopes. */
const KINKS: readonly OpName[] = ["relu", "abs", "step", "sign", "max", "min"];

/** The first node that sits on a kink at these values (relu or abs at 0, max or min at a tie), if any. */
export function kinkAt(g: GraphRecord): GraphNode | undefined {
  return g.nodes.find((n) => {
    if (!KINKS.includes(n.op) || !n.needsGrad) return false;
    const [a, b] = n.inputs.map((x) => x.value);
    const at = b === undefined ? (a as Tensor) : zipTensor(a as Tensor, b, sc.sub);
    return entries(at).some((v) => sc.isZero(v) || (typeof v === "number" && Math.abs(v) < 1e-9));
  });
}

export interface FiniteDifference {
  input: string;
  /** The entry (row-major, 0-based) of the input. */
  index: number;
  analytic: number;
  numeric: number;
  /** The step and the output's size, which decide whether a difference can see the gradient. */
  h: number;
  loss: number;
}

/**
 * Central differences of Σ dLdout ∘ out along `most` entries of the inputs
 * named, spread over them, in float64. An evaluation outside an operation's
 * domain (a step across log's 0) gives NaN.
 */
export function finiteDifferences(
  program: Program,
  values: ReadonlyMap<string, Tensor>,
  seed: Tensor,
  names: readonly string[],
  grads: ReadonlyMap<string, Tensor>,
  limits: GraphLimits,
  most: number,
): FiniteDifference[] {
  const floats = new Map([...values].map(([k, v]) => [k, toFloats(v)]));
  const seedF = toFloats(seed);
  const shape = graphShape(program, limits.nodes);
  const f = (at: ReadonlyMap<string, Tensor>): number => {
    try {
      return weightedOutput(forwardValues(shape, at, limits.entries)[shape.output.id] as Tensor, seedF);
    } catch (err) {
      if (err instanceof NodeError) return Number.NaN;
      throw err;
    }
  };
  const loss = f(floats);
  const all = names.flatMap((name) =>
    Array.from({ length: sizeOf(values.get(name) as Tensor) }, (_, index) => ({ name, index })),
  );
  const picked =
    all.length <= most
      ? all
      : Array.from(
          { length: most },
          (_, k) => all[Math.round((k * (all.length - 1)) / (most - 1))] as (typeof all)[number],
        );
  return picked.map(({ name, index }) => {
    const v = floats.get(name) as Tensor;
    const x = sc.toNumber(entryOf(v, index));
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const plus = new Map(floats).set(name, withEntry(v, index, x + h));
    const minus = new Map(floats).set(name, withEntry(v, index, x - h));
    const numeric = (f(plus) - f(minus)) / (2 * h);
    return { input: name, index, analytic: sc.toNumber(entryOf(grads.get(name) as Tensor, index)), numeric, h, loss };
  });
}
