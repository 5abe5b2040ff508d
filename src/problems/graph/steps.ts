// graph's worked steps with numbers, written from the engine's record: the
// forward table, one line per edge of the backward pass (upstream × local =
// contribution), the sum where branches meet, each input's gradient and a
// finite-difference check.
import {
  type BackwardRecord,
  type Edge,
  type FiniteDifference,
  type GraphNode,
  type GraphRecord,
  isMatrix,
  isScalar,
  kinkAt,
  type Tensor,
} from "../../core/autodiff.js";
import { gradcheckRow } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import { localRule, refOf } from "../../core/symbolic.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { shownIndices } from "../../solution/formula.js";
import type { Cell, DerivationLine, Step } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import { definitionF, exprF, nameF, partialF } from "./formulas.js";

/** A value as a formula: a number, [a, b, …], or a matrix as a list of rows (long ones elided). */
export function tensorF(t: Tensor): Formula {
  if (isScalar(t)) return F.num(t);
  if (isMatrix(t)) return F.listOf(t.length, (i) => F.listOf(t[i]!.length, (j) => F.num(t[i]![j]!)));
  const v = t as readonly Scalar[];
  return F.listOf(v.length, (i) => F.num(v[i]!));
}

/** The backward pass writes out this many edges from the output, and the last few, in a larger graph. */
const EDGES_HEAD = 40;
const EDGES_TAIL = 8;

/** A graph's node table is shown whole up to this many nodes: a reader follows it node by node. */
export const WHOLE_TABLE = 60;

const tensorCell = (t: Tensor): Cell => (isScalar(t) ? t : tensorF(t));

/** The forward pass: every node but the constants, in evaluation order. */
export function forwardStep(g: GraphRecord): Step {
  const all = g.nodes.filter((n) => n.op !== "const");
  // a large graph's table: its first and last nodes around a row that counts the rest (no cell built for those)
  const head = all.length > WHOLE_TABLE ? all.slice(0, WHOLE_TABLE - 10) : all;
  const tail = all.length > WHOLE_TABLE ? all.slice(-10) : [];
  const gap = all.length - head.length - tail.length;
  const cells = <T>(f: (n: GraphNode) => T, mark: T): T[] =>
    gap > 0 ? [...head.map(f), mark, ...tail.map(f)] : head.map(f);
  return {
    title: "Forward pass: each node's value, in evaluation order",
    answerFields: ["value"],
    tables: [
      {
        columns: [
          { header: "node", cells: cells<Cell>((n) => nameF(n.name), "…") },
          {
            header: "operation",
            cells: cells<Cell>((n) => (n.op === "input" ? "input" : definitionF(n)), `${gap} more nodes`),
          },
          { header: "value", cells: cells<Cell>((n) => tensorCell(n.value), "…") },
        ],
        wholeUpTo: WHOLE_TABLE + 1,
      },
    ],
    notes: [F.juxt(F.text("output: "), F.eq(nameF(g.output.name), tensorF(g.output.value)))],
  };
}

/** ∂from/∂to as a rule in the inputs' names: ∂(q·z)/∂q = z; for @ and T the matrix form. */
function ruleF(e: Edge, out: string): Formula {
  if (e.from.op === "@") {
    const [a, b] = e.from.inputs as [GraphNode, GraphNode];
    return e.slot === 0
      ? F.juxt(partialF(out, e.from.name), F.superscript(nameF(b.name || "B"), "T"))
      : F.juxt(F.superscript(nameF(a.name || "A"), "T"), partialF(out, e.from.name));
  }
  if (e.from.op === "T") return F.superscript(partialF(out, e.from.name), "T");
  return exprF(localRule(e.from.op, e.from.inputs.map(refOf), e.slot));
}

/** One edge: ∂out/∂from · ∂from/∂to = upstream · local = contribution, the local rule between them. */
function edgeLine(e: Edge, out: string, shared: boolean): DerivationLine {
  const lhs = shared ? F.juxt(partialF(out, e.to.name), F.text(" via "), nameF(e.from.name)) : partialF(out, e.to.name);
  const rule = ruleF(e, out);
  const ruleIsNumber = rule.t === "num" || (rule.t === "neg" && rule.arg.t === "num");
  const chain: Formula[] = [lhs];
  if (e.local === null) {
    chain.push(rule, tensorF(e.contribution));
  } else if (e.from.name === out && isScalar(e.upstream) && Number(e.upstream) === 1) {
    chain.push(F.partial(definitionF(e.from), nameF(e.to.name)));
    if (!ruleIsNumber) chain.push(rule);
    chain.push(tensorF(e.contribution));
  } else {
    chain.push(F.times(partialF(out, e.from.name), partialF(e.from.name, e.to.name)));
    if (!ruleIsNumber) chain.push(F.times(partialF(out, e.from.name), rule));
    chain.push(F.times(tensorF(e.upstream), tensorF(e.local)), tensorF(e.contribution));
  }
  const notes = [`${shownName(e.from.name)} = ${describeNode(e.from)}`];
  if (!isScalar(e.from.value) && e.local !== null) notes.push("entry by entry");
  if (isScalar(e.to.value) && !isScalar(e.from.value))
    notes.push(`summed over the entries ${shownName(e.to.name)} was broadcast to`);
  return { formula: F.eq(...chain), reason: notes.join("; ") };
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
/** A node's name as the formulas print it (nameF): u6 is u₆. */
const shownName = (name: string): string =>
  name.replace(
    /^(.*?\D)(\d+)$/,
    (_, base: string, digits: string) => base + [...digits].map((d) => SUBSCRIPT_DIGITS[Number(d)]).join(""),
  );
/** A binary operator as the forward table prints it: q·z, 1/u₆, x + y, a − b. */
const OPERATOR_TEXT: Record<string, string> = { "*": "·", "/": "/", "^": "^", "+": " + ", "-": " − ", "@": " @ " };

/** A node's definition as plain text for a reason: "q·z", "u₅ = exp(u₄)". */
function describeNode(n: GraphNode): string {
  const names = n.inputs.map((a) => (a.op === "const" ? String(a.value) : shownName(a.name)));
  if (n.inputs.length === 2 && !/^[a-z]/i.test(n.op)) return `${names[0]}${OPERATOR_TEXT[n.op] ?? n.op}${names[1]}`;
  if (n.op === "neg") return `−${names[0]}`;
  if (n.op === "id") return names[0] as string;
  return `${n.op === "sigmoid" ? "σ" : n.op}(${names.join(", ")})`;
}

/** The sum of a node's branches: ∂f/∂x = c₁ + c₂ = total. */
function sumLine(node: GraphNode, into: readonly Edge[], total: Tensor, out: string): DerivationLine {
  return {
    formula: F.eq(
      partialF(out, node.name),
      F.sumOf(into.length, (i) => tensorF((into[i] as Edge).contribution), 6, 2),
      tensorF(total),
    ),
    reason:
      into.length <= 4
        ? `${shownName(node.name)} feeds ${into.map((e) => shownName(e.from.name)).join(" and ")}: the branches add`
        : `${shownName(node.name)} feeds ${into.length} nodes: the branches add`,
  };
}

/** The edges into each node (by id), in the order the backward pass takes them. */
export function edgesInto(b: BackwardRecord): Map<number, Edge[]> {
  const into = new Map<number, Edge[]>();
  for (const e of b.edges) {
    const list = into.get(e.to.id);
    if (list) list.push(e);
    else into.set(e.to.id, [e]);
  }
  return into;
}

/** The backward pass, node by node from the output: each edge, and the sum before a shared node passes it on. */
export function backwardStep(g: GraphRecord, b: BackwardRecord, seed: Tensor): Step {
  const out = g.output.name;
  const into = edgesInto(b);
  const lines: DerivationLine[] = [
    {
      formula: F.eq(partialF(out, out), tensorF(seed)),
      reason:
        isScalar(seed) && Number(seed) === 1 ? "the output's own gradient" : "the upstream gradient given (dLdout)",
    },
  ];
  const summed = new Set<number>();
  const shown = shownIndices(b.edges.length, EDGES_HEAD, EDGES_TAIL);
  for (const k of shown) {
    if (k === null) {
      const hidden = b.edges.length - EDGES_HEAD - EDGES_TAIL;
      lines.push({ formula: F.text(`… ${hidden.toLocaleString("en-US")} more edges, each in the same form …`) });
      continue;
    }
    const e = b.edges[k] as Edge;
    const sharedFrom = into.get(e.from.id) ?? [];
    if (sharedFrom.length > 1 && !summed.has(e.from.id)) {
      summed.add(e.from.id);
      lines.push(sumLine(e.from, sharedFrom, b.grads.get(e.from.id) as Tensor, out));
    }
    lines.push(edgeLine(e, out, (into.get(e.to.id) ?? []).length > 1));
  }
  return { title: `Backward pass from ${out}: upstream gradient × local derivative, edge by edge`, derivation: lines };
}

/** Each input's gradient: the sum of its branches where it feeds several nodes. */
export function gradientStep(
  g: GraphRecord,
  b: BackwardRecord,
  wrt: readonly string[],
  grads: ReadonlyMap<string, Tensor>,
): Step {
  const out = g.output.name;
  const into = edgesInto(b);
  const lines = wrt.map((name): DerivationLine => {
    const node = g.inputs.get(name) as GraphNode;
    const edges = into.get(node.id) ?? [];
    const total = grads.get(name) as Tensor;
    if (edges.length > 1) return sumLine(node, edges, total, out);
    return {
      formula: F.eq(partialF(out, name), tensorF(total)),
      reason: edges.length === 0 ? `${out} does not depend on ${name}` : "one path",
    };
  });
  return { title: "The inputs' gradients", answerFields: ["grad"], derivation: lines };
}

/** An input's entry as the check table names it: x, or wᵢ, or Wᵢⱼ (from 1, row-major). */
function entryName(name: string, v: Tensor, index: number): Cell {
  if (isScalar(v)) return nameF(name);
  if (!isMatrix(v)) return F.subscript(nameF(name), String(index + 1));
  const cols = (v[0] as readonly Scalar[]).length;
  const [r, c] = [Math.floor(index / cols) + 1, (index % cols) + 1];
  return F.subscript(nameF(name), r < 10 && c < 10 ? `${r}${c}` : `${r},${c}`);
}

/** The finite-difference check, with a note where the point sits on a kink or outside a domain. */
export function checkStep(g: GraphRecord, diffs: readonly FiniteDifference[]): Step {
  const kink = kinkAt(g);
  const rows = diffs.map((d) => {
    const name = entryName(d.input, g.inputs.get(d.input)?.value as Tensor, d.index);
    const row = gradcheckRow<Cell>(name, d.analytic, d.numeric, { loss: d.loss, h: d.h });
    return kink || !Number.isFinite(d.numeric) ? { ...row, checkable: false } : row;
  });
  const notes = [
    "central differences (f(θ + h) − f(θ − h))/2h of the output (Σ dLdout ∘ out for a vector or matrix), " +
      "h = 1e-6·max(1, |θ|)",
  ];
  const why = kink
    ? `${shownName(kink.name)} = ${describeNode(kink)} sits on a kink here (at 0, or a tie), ` +
      "where PyTorch's choice is taken (relu′(0) = 0, abs′(0) = 0, a tie splits the gradient in half): " +
      "a difference straddles both sides and checks nothing"
    : diffs.some((d) => !Number.isFinite(d.numeric))
      ? "a step of h leaves an operation's domain (log or sqrt near 0), so no difference is taken there"
      : undefined;
  return gradcheckStep("Finite-difference check", rows, "input", notes, why);
}
