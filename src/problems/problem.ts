// What a problem is: its input fields (which the CLI turns into flags and the
// JSON reader checks), how it validates them into a typed input, and solve().
// A problem computes and returns data; it never prints.

import * as sc from "../core/scalar.js";
import type { FieldSpec, Fields } from "../input/fields.js";
import { assertFinite, type Solution } from "../solution.js";

export interface Problem<I = unknown> {
  name: string;
  /** One line: what it solves, and which problem of the midterm review it comes from. */
  summary: string;
  /** The field that positional arguments fill (`batchnorm 1 7 7 9` fills x). */
  positional?: string;
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
  solve(input: I): Solution;
}

/** Erase the input type so problems of different inputs share one registry. */
export function defineProblem<I>(p: Problem<I>): Problem<unknown> {
  return p as unknown as Problem<unknown>;
}

/**
 * Validate, solve, and refuse an answer that left float64's range: the one
 * way every caller (a subcommand, each problem of `solve`) gets a solution.
 */
export function solveProblem(problem: Problem, fields: Fields): Solution {
  sc.resetExactOverflows();
  const solution = problem.solve(problem.validate(fields));
  assertFinite(solution);
  if (sc.exactOverflows() > 0) {
    solution.warnings.push(
      `exact fractions grew past ${sc.MAX_EXACT_BITS} bits, so the values from there on are float64 (shown with ≈)`,
    );
  }
  return solution;
}
