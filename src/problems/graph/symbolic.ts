// graph with no values: each node's local rule, the chain rule for each input,
// and the simplification to the form an answer key writes (SPEC 4.13).
import { type GraphShape, graphShape, type OpName, type ShapeNode } from "../../core/autodiff.js";
import { type Expr, type FnName, UNARY_FUNCTIONS } from "../../core/expression.js";
import {
  exprText,
  inlined,
  localRule,
  type Path,
  pathsTo,
  refOf,
  simplify,
  substitute,
  symbolicGradient,
  VECTOR_OPS,
  varE,
  withoutUnitFactors,
} from "../../core/symbolic.js";
import { fieldError } from "../../errors.js";
import { MAX_GRAPH_NODES } from "../../limits.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import type { DerivationLine, Solution, Step } from "../../solution/solution.js";
import { definitionF, exprF, nameF, partialF } from "./formulas.js";
import type { GraphInput } from "./input.js";
import { WHOLE_TABLE } from "./steps.js";

/** Paths written out in the chain rule; past this, the sum is written by the nodes' gradients. */
const MAX_PATHS = 6;

/** Symbolic derivations build trees of this many nodes at most (a product per path, then its expansion). */
const MAX_SYMBOLIC_NODES = 400;

const isOperation = (n: ShapeNode) => n.op !== "input" && n.op !== "const";

function graphTable(shape: GraphShape): Step {
  const shown = shape.nodes.filter((n) => n.op !== "const");
  return {
    title: "The graph: each node and its operation, in evaluation order",
    tables: [
      {
        columns: [
          { header: "node", cells: shown.map((n) => nameF(n.name)) },
          { header: "operation", cells: shown.map((n) => (n.op === "input" ? "input" : definitionF(n))) },
        ],
        wholeUpTo: WHOLE_TABLE,
      },
    ],
  };
}

/** Each edge's local derivative, in the names of the node's inputs. */
function localStep(shape: GraphShape): Step {
  const lines: DerivationLine[] = [];
  for (const n of shape.nodes) {
    if (!isOperation(n)) continue;
    n.inputs.forEach((to, slot) => {
      if (to.op === "const") return;
      lines.push({
        formula: F.eq(
          partialF(n.name, to.name),
          F.partial(definitionF(n), nameF(to.name)),
          exprF(localRule(n.op, n.inputs.map(refOf), slot)),
        ),
        reason: ruleName(n.op, slot),
      });
    });
  }
  return { title: "Local derivatives: each node with respect to each of its inputs", derivation: lines };
}

function ruleName(op: string, slot: number): string {
  switch (op) {
    case "+":
      return "sum";
    case "-":
      return "difference";
    case "neg":
      return "minus";
    case "*":
      return "product: the other factor";
    case "/":
      return slot === 0 ? "(a/b)′ = 1/b" : "(a/b)′ = −a/b²";
    case "^":
      return slot === 0 ? "power rule" : "(a^b)′ = a^b·log a";
    case "sigmoid":
      return "σ′ = σ(1 − σ)";
    case "tanh":
      return "tanh′ = 1 − tanh²";
    case "log":
      return "log′(u) = 1/u";
    case "exp":
      return "exp′ = exp";
    case "relu":
      return "1 for u > 0, else 0; PyTorch takes 0 at 0";
    case "abs":
      return "PyTorch takes 0 at 0";
    case "max":
    case "min":
      return "to the argument chosen; a tie splits it";
    case "softplus":
      return "softplus′ = σ";
    case "sqrt":
      return "√u′ = 1/(2√u)";
    default:
      return "";
  }
}

/** ∂out/∂x as a sum over paths of products of local derivatives, in ∂ symbols. */
function chainF(paths: readonly Path[], input: string): Formula {
  const product = (p: Path) => {
    const factors = p.map((e, k) => partialF(e.from.name, (p[k + 1]?.from.name ?? input) as string));
    return factors.length === 1 ? (factors[0] as Formula) : F.times(...factors);
  };
  const terms = paths.map(product);
  return terms.length === 1 ? (terms[0] as Formula) : F.plus(...terms);
}

/** The chain rule for one input, then its simplification. */
function inputStep(
  shape: GraphShape,
  exprs: ReadonlyMap<number, Expr>,
  input: ShapeNode,
): { step: Step; result: Expr } {
  const out = shape.output.name;
  const lines: DerivationLine[] = [];
  const paths = pathsTo(shape, input, MAX_PATHS);
  if (paths && paths.length > 0 && !(paths.length === 1 && (paths[0] as Path).length === 1))
    lines.push({
      formula: F.eq(partialF(out, input.name), chainF(paths, input.name)),
      reason: paths.length > 1 ? `chain rule: ${paths.length} paths from ${out} to ${input.name}, added` : "chain rule",
    });
  const raw = withoutUnitFactors(symbolicGradient(shape, input));
  const full = withoutUnitFactors(substitute(raw, shape, exprs));
  if (exprText(full) !== exprText(raw))
    lines.push({ formula: F.eq(partialF(out, input.name), exprF(raw)), reason: "the local derivatives put in" });
  lines.push({ formula: F.eq(partialF(out, input.name), exprF(full)), reason: "in the inputs" });
  const steps = simplify(full);
  for (const s of steps)
    if (exprText(s.expr) !== exprText(full))
      lines.push({ formula: F.eq(partialF(out, input.name), exprF(s.expr)), reason: s.reason });
  const result = (steps[steps.length - 1] as { expr: Expr }).expr;
  return {
    step: { title: `∂${out}/∂${input.name}`, answerFields: [`symbolic.${input.name}`], derivation: lines },
    result,
  };
}

/** Each operation of the grammar with its local rule, for `dlsolve graph` with no expression. */
export function rulesSolution(): Solution {
  const a = varE("a");
  const b = varE("b");
  const ops: Array<[OpName, Expr[]]> = [
    ["+", [a, b]],
    ["-", [a, b]],
    ["*", [a, b]],
    ["/", [a, b]],
    ["^", [a, varE("k")]],
    ["neg", [a]],
    ...UNARY_FUNCTIONS.map((fn): [OpName, Expr[]] => [fn, [a]]),
    ["max", [a, b]],
    ["min", [a, b]],
  ];
  const lines: DerivationLine[] = ops.flatMap(([op, args]) =>
    args
      .filter((x) => !(x.k === "var" && x.name === "k"))
      .map((x, slot) => {
        const def = exprF(definitionWith(op, args));
        return {
          formula: F.eq(F.partial(def, exprF(x)), exprF(localRule(op, args, slot))),
          reason: ruleName(op, slot),
        };
      }),
  );
  return {
    problem: "graph",
    title: "Backpropagation through a computational graph: the local rule of each operation",
    input: {},
    summary:
      'give an expression, such as dlsolve graph "q = x + y; f = q * z" x=-2 y=5 z=-4, or one alone for its ' +
      "derivative in symbols",
    steps: [
      {
        title: "The chain rule on a graph",
        derivation: [
          {
            formula: F.eq(partialF("L", "a"), F.sumOver(F.sym("u"), F.times(partialF("L", "u"), partialF("u", "a")))),
            reason: "a node's gradient is the sum, over the nodes u it feeds, of upstream × local",
          },
        ],
      },
      { title: "Local derivatives of each operation", derivation: lines },
    ],
    answer: {},
    warnings: [],
  };
}

/** op applied to these arguments, as an expression. */
function definitionWith(op: OpName, args: Expr[]): Expr {
  const [a, b] = args as [Expr, Expr];
  if (op === "neg") return { k: "neg", arg: a };
  if (op === "+" || op === "-" || op === "*" || op === "/" || op === "^") return { k: "bin", op, a, b };
  return { k: "call", fn: op as FnName, args };
}

/** The expression as the user wrote it, for a title (a long one by its output's name). */
export function titleText(text: string): string {
  const one = text.replace(/\s*[;\n]\s*/g, "; ").trim();
  return one.length <= 60 ? one : "the graph";
}

/** The derivation in symbols: the graph, the local rules, each input's gradient simplified. */
export function symbolicSolution(input: GraphInput): Solution {
  const shape = graphShape(input.program, MAX_GRAPH_NODES);
  const vectorOp = shape.nodes.find((n) => VECTOR_OPS.includes(n.op));
  if (vectorOp)
    throw fieldError(
      input.labels.at,
      `missing: the derivation in symbols covers expressions of numbers, and ${vectorOp.op} acts on vectors ` +
        "or matrices; give the inputs' values",
    );
  if (shape.nodes.length > MAX_SYMBOLIC_NODES / 4)
    throw fieldError(
      input.labels.at,
      `missing: the derivation in symbols takes up to ${MAX_SYMBOLIC_NODES / 4} nodes; give the inputs' values`,
    );
  const exprs = inlined(shape);
  const symbolic: Record<string, string> = {};
  const steps: Step[] = [graphTable(shape), localStep(shape)];
  for (const name of input.wrt) {
    const { step, result } = inputStep(shape, exprs, shape.inputs.get(name) as ShapeNode);
    steps.push(step);
    symbolic[name] = exprText(result);
  }
  return {
    problem: "graph",
    title: `Backpropagation through ${titleText(input.text)}, in symbols`,
    input: { expr: input.text },
    summary: `the derivative of ${shape.output.name} with respect to ${input.wrt.join(", ")} in symbols`,
    steps,
    answer: { symbolic },
    warnings: [],
  };
}
