// What a problem is: its input fields (which the CLI turns into flags and the
// JSON reader checks), how it validates them into a typed input, and solve().
// A problem computes and returns data; it never prints.

import type { Rng } from "../core/random.js";
import * as sc from "../core/scalar.js";
import type { FieldSpec, Fields } from "../input/fields.js";
import type { Chart } from "../solution/chart.js";
import { type AnswerValue, assertFinite, type Solution } from "../solution/solution.js";

export interface Problem<I = unknown> {
  name: string;
  /** One line: what it solves, and which problem of the midterm review it comes from. */
  summary: string;
  /** The field that positional arguments fill (`batchnorm 1 7 7 9` fills x). */
  positional?: string;
  /**
   * A field that the first positional argument fills, before `positional`
   * takes the rest (graph's expression, then its name=value pairs), unless it
   * is given as a flag.
   */
  leadingPositional?: string;
  fields: Record<string, FieldSpec>;
  /**
   * The answer fields, as `--expect` and JSON name them ("grad.x" for a
   * field of a group), each with what it holds. Help and the reference pages
   * list them; a test checks every solution's answer against them.
   */
  answers: Record<string, string>;
  /** A command line (after `dlsolve`) with `--expect`, every check right: help and the reference page show it. */
  expectExample: string;
  /** Command lines (after `dlsolve`) shown in --help; the tests run each one. */
  examples: string[];
  /** Check the fields together and build the typed input; throws InputError. */
  validate(fields: Fields): I;
  /** The answer, and the worked steps unless `options.steps` is false (nothing will print them). */
  solve(input: I, options?: SolveOptions): Solution;
  /**
   * The answer recomputed under the mistakes students make on this problem
   * (SPEC 6.2), for diagnosing a wrong answer; only the fields a mistake
   * changes. Called only when a check has failed.
   */
  mistakes?(input: I, solution: Solution): Mistake[];
  /** Fresh exam-style problems with clean numbers (SPEC 4.12, `dlsolve practice`). */
  practice: PracticeGenerator;
  /** What `--plot` draws for this problem, for help and for the error when there is nothing to draw. */
  plotHelp?: string;
  /** The charts of a solved problem (`--plot`); empty when these inputs have nothing to draw. */
  plots?(input: I, solution: Solution): Chart[];
}

export interface SolveOptions {
  /**
   * Build the worked steps (default true). False when nothing reads them — `--quiet` with no check —
   * so a problem may return the answer with no steps; one that builds them anyway is still right.
   */
  steps: boolean;
}

/** A generated problem: its input as `solve` reads it, and the question as an exam words it. */
export interface Practice {
  input: Record<string, unknown>;
  /**
   * The question, a paragraph per entry, parts as "(a) …". Plain text with
   * Unicode math (σ, x̂, ², ∂) that every format can print; numbers as the
   * input gives them.
   */
  statement: string[];
}

export interface PracticeGenerator {
  /** What the numbers guarantee ("a whole-number mean and a perfect-square variance"); tests check it. */
  guarantee: string;
  generate(rng: Rng): Practice;
}

/** A mistake a student makes: its id (SPEC 6.2), the answer it gives, and what to tell them. */
export interface Mistake {
  id: string;
  answer: Record<string, AnswerValue>;
  /** "your variance 12 is what dividing by m − 1 = 3 gives; batchnorm divides by m = 4" */
  says(field: string, given: string): string;
}

/** The mistakes of a solved problem, computed when first asked for (a check with a wrong field). */
export function mistakesOf(problem: Problem, fields: Fields, solution: Solution): () => Mistake[] {
  let cached: Mistake[] | undefined;
  return () => {
    if (cached === undefined) cached = problem.mistakes ? problem.mistakes(problem.validate(fields), solution) : [];
    return cached;
  };
}

/** Erase the input type so problems of different inputs share one registry. */
export function defineProblem<I>(p: Problem<I>): Problem<unknown> {
  return p as unknown as Problem<unknown>;
}

/**
 * Validate, solve, and refuse an answer that left float64's range: the one
 * way every caller (a subcommand, each problem of `solve`) gets a solution.
 */
export function solveProblem(problem: Problem, fields: Fields, options: SolveOptions = { steps: true }): Solution {
  sc.resetExactOverflows();
  const solution = problem.solve(problem.validate(fields), options);
  assertFinite(solution);
  if (sc.exactOverflows() > 0) {
    solution.warnings.push(
      `exact fractions grew past ${sc.MAX_EXACT_BITS} bits, so the values from there on are float64 (shown with ≈)`,
    );
  }
  return solution;
}
