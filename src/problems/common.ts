// Helpers shared by problems: exactness policy and symbols with subscripts.

import {
  type BackwardRecord,
  backward,
  buildGraph,
  type GraphNode,
  type GraphRecord,
  NodeError,
  type Tensor,
} from "../core/autodiff.js";
import type { Program } from "../core/expression.js";
import type { GradcheckRow } from "../core/gradcheck.js";
import type { Rng } from "../core/random.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { fieldError, InputError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import { MAX_GRAPH_ENTRIES, MAX_GRAPH_NODES } from "../limits.js";
import type { Formula } from "../solution/formula.js";
import * as F from "../solution/formula.js";
import { subscript, superscript } from "../solution/formula.js";
import type { Cell, Step } from "../solution/solution.js";

export { EXACT_LIMIT } from "../core/scalar.js";

import { EXACT_LIMIT } from "../core/scalar.js";

/** The values themselves when the problem is small enough for exact arithmetic, else float64 copies. */
export function withinExactLimit<T extends Scalar[] | Scalar[][]>(values: T, count: number): T {
  if (count <= EXACT_LIMIT) return values;
  return values.map((v) => (Array.isArray(v) ? v.map(sc.toNumber) : sc.toNumber(v as Scalar))) as T;
}

export function exactnessNote(exact: boolean, count: number): string {
  if (exact) return "exact arithmetic: every input is rational";
  if (count > EXACT_LIMIT) return `float64: ${count} values is past the ${EXACT_LIMIT} solved with exact fractions`;
  return "float64: not every input is rational";
}

/** xᵢ, μⱼ: a symbol with an index. */
export const ix = (base: Formula, index: Formula | string | number): Formula => subscript(base, index);

/** σ², σ₂²: a symbol squared, with an optional index. */
export function squared(base: Formula, index?: number): Formula {
  return index === undefined
    ? superscript(base, 2)
    : { t: "script", base, sub: { t: "num", v: index }, sup: { t: "num", v: 2 } };
}

export const idx = (i: number): Formula => ({ t: "num", v: i });

/** A finite-difference check as a step: the table of rows and the verdict with the largest relative error. */
export function gradcheckStep(
  title: string,
  rows: ReadonlyArray<GradcheckRow<Cell>>,
  header: Cell = "parameter",
  notes: string[] = [],
  /** Why the rows marked n/a cannot be checked, when it is not the loss's rounding. */
  uncheckedWhy?: string,
): Step {
  const checked = rows.filter((r) => r.checkable);
  const worst = checked.reduce((w, r) => Math.max(w, r.relError), 0);
  const passed = checked.every((r) => r.passed);
  const unchecked = rows.length - checked.length;
  return {
    title,
    tables: [
      {
        columns: [
          { header: typeof header === "string" ? header : (header as Formula), cells: rows.map((r) => r.name) },
          { header: "analytic", cells: rows.map((r) => r.analytic) },
          { header: "finite difference", cells: rows.map((r) => r.numeric) },
          { header: "rel. error", cells: rows.map((r) => r.relError) },
          { header: "check", cells: rows.map((r) => (!r.checkable ? "n/a" : r.passed ? "✓" : "✗")) },
        ],
      },
    ],
    notes: [
      F.juxt(
        F.text("largest relative error "),
        F.num(worst),
        F.text(
          passed
            ? `: ✓ every ${unchecked > 0 ? "checkable " : ""}gradient within gradcheck's tolerances ` +
                "(atol 1e-5, rtol 1e-3)"
            : ": ✗ not every gradient within gradcheck's tolerances (atol 1e-5, rtol 1e-3)",
        ),
      ),
      ...(unchecked > 0 && uncheckedWhy
        ? [`n/a: ${uncheckedWhy}`]
        : unchecked > 0
          ? [
              `n/a: ${unchecked} gradient${unchecked > 1 ? "s move" : " moves"} the loss by less than its float64 ` +
                "rounding over the step (|∂L/∂θ|·h ≪ ε|L|), so no finite difference can check " +
                (unchecked > 1 ? "them" : "it"),
            ]
          : []),
      ...notes,
    ],
  };
}

// Writing practice statements (SPEC 4.12): numbers as dlsolve reads them.

/** "[1, 7, 7, 9]" */
export const listText = (xs: readonly (number | string)[]): string => `[${xs.join(", ")}]`;

/** "[1 0; 0 1; 1 1]": rows separated by semicolons, as --A takes it. */
export const matrixText = (M: readonly (readonly (number | string)[])[]): string =>
  `[${M.map((r) => r.join(" ")).join("; ")}]`;

/** Parts of a question: "(a) …", "(b) …". */
export const lettered = (parts: readonly string[]): string[] =>
  parts.map((p, i) => `(${String.fromCharCode(97 + i)}) ${p}`);

/**
 * m whole numbers in [−maxDev, maxDev], at least three of them different,
 * summing to 0, whose mean square is a perfect square k² ≥ 1: added to a whole-number mean, a batch with a
 * whole-number mean and σ = k (as 1 7 7 9: deviations −5 1 1 3, σ² = 9).
 */
export function cleanDeviations(rng: Rng, m: number, maxDev: number): number[] {
  for (;;) {
    const d = rng.ints(m - 1, -maxDev, maxDev);
    const last = -d.reduce((s, v) => s + v, 0);
    if (Math.abs(last) > maxDev) continue;
    d.push(last);
    const sumSquares = d.reduce((s, v) => s + v * v, 0);
    // at least three different values: ±σ pairs ([3, −7, 3, −7]) make x̂ = ±1, too easy to teach anything
    if (sumSquares % m !== 0 || new Set(d).size < Math.min(3, m)) continue;
    const k = Math.round(Math.sqrt(sumSquares / m));
    if (k * k === sumSquares / m) return d;
  }
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
/** 12 → "₁₂", for series names such as x₁. */
export const subscriptDigits = (n: number): string =>
  [...String(n)].map((d) => SUBSCRIPT_DIGITS[Number(d)] ?? d).join("");

// ---------------------------------------------------------------- a program on the autodiff engine

/** The engine's limits for a whole network (nodes and values over all nodes). */
export const ENGINE_LIMITS = { nodes: MAX_GRAPH_NODES, entries: MAX_GRAPH_ENTRIES };

export interface EngineRun {
  g: GraphRecord;
  b: BackwardRecord;
  /** A named node: an input or an assignment of the program. */
  node(name: string): GraphNode;
}

/** Forward and backward (∂L/∂L = 1) through a program; a domain error at a node is the problem's input error. */
export function runProgram(problem: string, program: Program, values: ReadonlyMap<string, Tensor>): EngineRun {
  try {
    const g = buildGraph(program, values, ENGINE_LIMITS);
    // network's and rnn's answers read the gradients, never the edges: none kept, shared weights summed in place
    const b = backward(g, sc.frac(1), () => true, false);
    const byName = new Map(g.nodes.filter((n) => n.named).map((n) => [n.name, n]));
    return { g, b, node: (name) => byName.get(name) as GraphNode };
  } catch (err) {
    if (err instanceof NodeError) throw new InputError(`${problem}: at ${err.node}: ${err.message}`);
    throw err;
  }
}

/** A work limit in two tiers: the answers alone, and the (much dearer) worked solution. */
export interface WorkLimits {
  /** What the work counts, after the number: "multiply-adds per forward pass (…)". */
  what: string;
  worked: number;
  answers: number;
}

/**
 * Refuses work past its limit before any is done: past the answers' limit always (validate calls this with no
 * steps flag), past the worked solution's when steps are to be built (solve calls this with its options').
 */
export function refuseWork(problem: string, work: number, limits: WorkLimits, steps?: boolean): void {
  if (work > limits.answers)
    throw new InputError(`${problem}: ${work} ${limits.what}, more than the ${limits.answers} allowed`);
  if (steps !== undefined && steps && work > limits.worked)
    throw new InputError(
      `${problem}: ${work} ${limits.what}, more than the ${limits.worked} a worked solution allows ` +
        `(the answers alone, with --quiet, up to ${limits.answers})`,
    );
}

/** A true/false field given as a raw value: JSON's true or false, or the words on the command line. */
export function booleanField(f: Fields, name: string, fallback: boolean): boolean {
  const raw = f.rawValue(name);
  if (!raw) return fallback;
  if (raw.value === true || raw.value === "true") return true;
  if (raw.value === false || raw.value === "false") return false;
  throw new InputError(`${raw.label}: expected true or false`);
}

/** Terms of a mean or a sum written out one by one up to this many; past it, their total. */
const TERMS_WRITTEN = 8;

/**
 * A reduction's numbers substituted: (ℓ₁ + ℓ₂ + ℓ₃)/3 for a mean (the terms themselves up to eight of
 * them, else their total over N), the bare sum for a sum.
 */
export function reductionSubstitution(terms: readonly Scalar[], mean: boolean): Formula[] {
  const n = terms.length;
  const total = terms.reduce<Scalar>((s, t) => sc.add(s, t), sc.frac(0));
  const top = n <= TERMS_WRITTEN ? F.sumOf(n, (i) => F.num(terms[i]!)) : F.num(total);
  return mean ? [F.fracF(n <= TERMS_WRITTEN ? top : F.num(total), F.num(sc.frac(n)))] : n <= TERMS_WRITTEN ? [top] : [];
}

/** ⌊x⌋, with LaTeX's \lfloor \rfloor. */
export const floorOf = (x: Formula): Formula => F.floorF(x);

/**
 * An output size's quotient by the stride as an answer key writes it with numbers: (x) for stride 1,
 * x/s where s divides, ⌊x/s⌋ only where something is dropped.
 */
export function strideQuotient(x: Formula, s: number, divides: boolean): Formula {
  if (s === 1) return F.paren(x);
  const q = F.fracF(x, F.num(sc.frac(s)));
  return divides ? q : floorOf(q);
}

/**
 * `conv k=3; pool k=2`: the non-blank parts between semicolons. More than `max` is refused as soon as the
 * part past it is seen, so a huge list costs a scan, not a split of all of it.
 */
export function splitList(text: string, label: string, max: number, what: string): string[] {
  const out: string[] = [];
  let from = 0;
  while (from <= text.length) {
    const semicolon = text.indexOf(";", from);
    const to = semicolon < 0 ? text.length : semicolon;
    const part = text.slice(from, to).trim();
    if (part !== "") {
      if (out.length === max) throw fieldError(label, `has more than the ${max} ${what} allowed`);
      out.push(part);
    }
    from = to + 1;
  }
  return out;
}
