// `dlsolve solve [FILE...]`: problems as JSON — one object, an array of them,
// or NDJSON — from files or standard input. NDJSON is processed as a stream:
// each line is solved and written before the next is read, so output starts
// at once and memory stays flat however long the stream.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { checkAnswers, type CheckResult } from "../check.js";
import { InputError, oneLine } from "../errors.js";
import { findProblem, problems } from "../problems/index.js";
import { renderJson } from "../render/json.js";
import { renderText } from "../render/text.js";
import { assertFinite, type Solution } from "../solution.js";
import { Fields, rawFromJson } from "./fields.js";
import type { GlobalOptions, Output } from "./program.js";
import { renderOptions, type Environment } from "./run.js";
import { didYouMean } from "./suggest.js";

/** A problem object's keys; "source" and "id" are carried along for people and scripts. */
const PROBLEM_KEYS = ["problem", "input", "expect", "source", "id"];

export interface SourceRecord {
  position: string;
  value?: unknown;
  /** Set when the record could not even be parsed. */
  error?: string;
}


function openStream(file: string): Readable {
  return file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
}

/** Tracks bracket depth across lines, ignoring brackets inside strings. */
class DepthScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  /** Feeds one line; false when a closing bracket has no opening one. */
  feed(line: string): boolean {
    for (const ch of line) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === "\\") this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if (ch === "}" || ch === "]") {
        this.depth--;
        if (this.depth < 0) return false;
      }
    }
    return true;
  }
}

/**
 * The problem records of one source, in order, parsed as they arrive: NDJSON
 * (a value per line), pretty-printed objects one after another (what
 * `cat *.json` gives), a single object, or an array (its elements). A broken
 * value is reported at its first line and reading goes on with the next.
 */
export async function* readRecords(file: string): AsyncGenerator<SourceRecord> {
  const name = file === "-" ? "stdin" : file;
  const lines = createInterface({ input: openStream(file), crlfDelay: Infinity });
  let pending: string[] = [];
  let start = 0;
  let scanner = new DepthScanner();
  let lineNo = 0;
  let values = 0;
  const emit = function* (value: unknown, line: number): Generator<SourceRecord> {
    values++;
    if (Array.isArray(value)) yield* arrayRecords(value, line === 1 ? name : `${name}:${line}`);
    else yield { position: `${name}:${line}`, value };
  };
  const broken = (line: number, text: string): SourceRecord => {
    values++;
    let message = "unexpected end of JSON";
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    return { position: `${name}:${line}`, error: `invalid JSON (${message})` };
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (pending.length === 0) {
        if (line.trim() === "") continue;
        try {
          yield* emit(JSON.parse(line), lineNo);
          continue;
        } catch {
          // not a whole value on one line: accumulate below
        }
      } else if (line.startsWith("{")) {
        // A new object at column 0 while a value is still open: the open one was broken.
        try {
          const value = JSON.parse(line) as unknown;
          yield broken(start, pending.join("\n"));
          pending = [];
          scanner = new DepthScanner();
          yield* emit(value, lineNo);
          continue;
        } catch {
          // part of the open value after all
        }
      }
      if (pending.length === 0) start = lineNo;
      pending.push(line);
      const balanced = scanner.feed(line);
      if (!balanced || scanner.depth === 0) {
        const text = pending.join("\n");
        pending = [];
        scanner = new DepthScanner();
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          yield broken(start, text);
          continue;
        }
        yield* emit(value, start);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    yield { position: name, error: code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message };
    return;
  }
  if (pending.length > 0) yield broken(start, pending.join("\n"));
  else if (values === 0) yield { position: name, error: "is empty, expected JSON problems" };
}

function* arrayRecords(values: unknown[], name: string): Generator<SourceRecord> {
  if (values.length === 0) yield { position: name, error: "is an empty array, expected problems" };
  for (let i = 0; i < values.length; i++) yield { position: `${name}[${i + 1}]`, value: values[i] };
}

export interface Solved {
  solution: Solution;
  check?: CheckResult;
  id?: unknown;
}

/** Validates and solves one problem object; InputError for anything wrong with it. */
export function solveRecord(value: unknown): Solved {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`expected a problem object {"problem": …, "input": {…}}, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`);
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!PROBLEM_KEYS.includes(key)) throw new InputError(`${key}: unknown key${didYouMean(key, PROBLEM_KEYS)}; a problem object has ${PROBLEM_KEYS.join(", ")}`);
  }
  const names = problems.map((p) => p.name);
  if (typeof obj.problem !== "string") throw new InputError(`problem: missing; one of ${names.join(", ")}`);
  const problem = findProblem(obj.problem);
  if (!problem) throw new InputError(`problem: unknown problem "${obj.problem}"${didYouMean(obj.problem, names)}; one of ${names.join(", ")}`);
  const fields = new Fields(problem.fields, rawFromJson(obj.input ?? {}, problem.fields, "input", problem.name));
  const solution = problem.solve(problem.validate(fields));
  assertFinite(solution);
  const solved: Solved = { solution };
  if (obj.expect !== undefined) solved.check = checkAnswers(solution, obj.expect, "expect");
  if (obj.id !== undefined) solved.id = obj.id;
  return solved;
}

export interface SolveSummary {
  problems: number;
  errors: number;
  checked: number;
  checksFailed: number;
}

/** Solves every record of every source in order, writing each result as soon as it is ready. */
export async function runSolve(files: string[], options: GlobalOptions, sink: Output, env: Environment): Promise<number> {
  if (options.expect !== undefined) {
    throw new InputError('--expect: with solve, put "expect" in each problem object');
  }
  if (options.format !== "text" && options.format !== "json") {
    throw new InputError(`--format ${options.format}: not available yet (text and json are)`);
  }
  const opts = renderOptions(options, env);
  const summary: SolveSummary = { problems: 0, errors: 0, checked: 0, checksFailed: 0 };
  const sources = files.length === 0 ? ["-"] : files;
  for (const file of sources) {
    for await (const record of readRecords(file)) {
      summary.problems++;
      let solved: Solved | undefined;
      let error = record.error;
      if (error === undefined) {
        try {
          solved = solveRecord(record.value);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          error = e.message;
        }
      }
      if (error !== undefined || !solved) {
        summary.errors++;
        const message = oneLine(error ?? "could not be solved");
        sink.err(`dlsolve: error: ${record.position}: ${message}\n`);
        if (options.format === "json") await sink.out(JSON.stringify({ schema: 1, position: record.position, error: message }) + "\n");
        continue;
      }
      if (solved.check) {
        summary.checked++;
        if (!solved.check.passed) summary.checksFailed++;
      }
      if (options.format === "json") {
        const extra = { position: record.position, ...(solved.id !== undefined ? { id: solved.id as string } : {}) };
        await sink.out(renderJson(solved.solution, opts, solved.check, extra).join(""));
      } else {
        const heading = `══ ${summary.problems}. ${record.position} ══`;
        await sink.out(`${summary.problems > 1 ? "\n" : ""}${heading}\n${renderText(solved.solution, opts, solved.check)}`);
      }
    }
  }
  if (options.format === "text" || summary.errors > 0 || summary.checksFailed > 0) {
    const parts = [`${summary.problems} problem${summary.problems === 1 ? "" : "s"}: ${summary.problems - summary.errors} solved`];
    if (summary.errors > 0) parts.push(`${summary.errors} with errors`);
    if (summary.checked > 0) parts.push(`checks: ${summary.checked - summary.checksFailed} passed, ${summary.checksFailed} failed`);
    sink.err(`dlsolve solve: ${parts.join("; ")}\n`);
  }
  return summary.errors > 0 ? 2 : summary.checksFailed > 0 ? 1 : 0;
}
