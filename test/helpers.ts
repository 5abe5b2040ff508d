// Shared by the tests: the one tolerance, reference loading, running problems and the built command.
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { fieldsFromJson } from "../src/input/fields.js";
import { findProblem } from "../src/problems/index.js";
import { solveProblem } from "../src/problems/problem.js";
import { solutionJson } from "../src/render/json.js";
import { renderText } from "../src/render/text.js";
import type { Solution } from "../src/solution/solution.js";

/** Relative tolerance for float64 results against independent references. */
export const REL_TOL = 1e-9;
/** Absolute floor for values that should be zero. */
export const ABS_TOL = 1e-12;

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = fileURLToPath(new URL("../bin/dlsolve.js", import.meta.url));

export function close(actual: number, expected: number, rel = REL_TOL, abs = ABS_TOL): boolean {
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

/** Deep comparison of numbers (and arrays/objects of them) within the tolerance, naming the path on failure. */
export function expectClose(actual: unknown, expected: unknown, path = "answer", rel = REL_TOL, abs = ABS_TOL): void {
  if (typeof expected === "number") {
    expect(typeof actual, `${path} type`).toBe("number");
    if (!close(actual as number, expected, rel, abs)) {
      expect.fail(`${path}: ${String(actual)} differs from reference ${expected} (rel tol ${rel})`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose((actual as unknown[])[i], e, `${path}[${i}]`, rel, abs);
    });
    return;
  }
  if (typeof expected === "object" && expected !== null) {
    for (const [k, e] of Object.entries(expected)) {
      expect(actual, path).toHaveProperty(k);
      expectClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`, rel, abs);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

export interface ReferenceCase {
  input: Record<string, unknown>;
  answer: Record<string, unknown>;
}

export function reference(problem: string): ReferenceCase[] {
  const file = fileURLToPath(new URL(`./reference/${problem}.json`, import.meta.url));
  const cases = (JSON.parse(readFileSync(file, "utf8")) as { cases?: ReferenceCase[] }).cases;
  // A loop over no cases would pass whatever the solver computes.
  if (!Array.isArray(cases) || cases.length === 0) throw new Error(`${file} holds no reference cases`);
  return cases;
}

/** Solve a problem from a JSON input object, as --input would. */
export function solveJson(problem: string, input: Record<string, unknown>): Solution {
  const p = findProblem(problem);
  if (!p) throw new Error(`no problem ${problem}`);
  const fields = fieldsFromJson(input, p.fields, p.name);
  return solveProblem(p, fields);
}

/** The solution as a user reads it: the text output, without colour. */
export function textOf(sol: Solution): string {
  return renderText(sol, { precision: 6, quiet: false, color: false });
}

/** The JSON answer (floats) and exact strings of a solution. */
export function answerOf(sol: Solution): { answer: Record<string, unknown>; exact: Record<string, unknown> } {
  const j = solutionJson(sol, { precision: 6, quiet: false, color: false });
  return { answer: j.answer as Record<string, unknown>, exact: j.exact as Record<string, unknown> };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * How long any command a test starts may run before it is killed. A spawnSync
 * blocks its test worker, which no test timeout can interrupt: without this a
 * hung child would stall the suite until CI gives up.
 */
export const SPAWN_TIMEOUT_MS = 120_000;

/** Run the built command as a user would. */
export function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? "",
    encoding: "utf8",
    // COLUMNS from the developer's shell must not change the output: 80 unless a test says otherwise.
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", COLUMNS: "80", ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    // a command that never ends fails its test instead of stalling the whole run
    timeout: SPAWN_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (r.error) throw new Error(`dlsolve ${args.join(" ")}: ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A program run without blocking the test worker (tests that mostly wait on another process, a slow reader or
 * pdflatex, run side by side with `it.concurrent`); its exit status, or a rejection when it could not run at all.
 */
export function runAsync(
  file: string,
  args: string[],
  cwd?: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const options = {
      cwd,
      encoding: "utf8",
      timeout: SPAWN_TIMEOUT_MS,
      killSignal: "SIGKILL",
      maxBuffer: 1 << 28,
    } as const;
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(new Error(`${file} ${args.join(" ")}: ${error.message}`));
      else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** A bash command line (pipes, redirections, PIPESTATUS), run as runAsync runs a program. */
export const shell = (command: string) => runAsync("bash", ["-c", command]);

/**
 * Run the whole command in-process (same code as the binary but for process wiring): fast enough to fuzz.
 * `input` is its standard input; `columns` the terminal width it sees (80 unless a test says otherwise).
 */
export async function cli(argv: string[], options: { input?: string; columns?: number } = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const { runCli } = await import("../src/cli/entry.js");
  const { Readable } = await import("node:stream");
  const code = await runCli(argv, {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    isTTY: false,
    noColorEnv: true,
    debug: false,
    columns: options.columns ?? 80,
    stdin: Readable.from([Buffer.from(options.input ?? "")], { objectMode: false }),
  });
  return { code, stdout, stderr };
}

/** The ✓/✗ marks of the gradient-check table in the step whose title starts with `title`. */
export function checkMarks(sol: Solution, title: string): unknown[] {
  const step = sol.steps.find((s) => s.title.startsWith(title));
  const column = step?.tables?.[0]?.columns.find((c) => c.header === "check");
  if (!column || !Array.isArray(column.cells)) throw new Error(`no check column in a step titled ${title}…`);
  return [...column.cells];
}

/** Split a command line as a shell would, for the quoting that help examples use. */
export function shellWords(line: string): string[] {
  return (line.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^(['"])(.*)\1$/, "$2"));
}
