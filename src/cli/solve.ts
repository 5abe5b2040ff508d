// `dlsolve solve [FILE...]`: problems as JSON from files or standard input,
// each solved, checked and written in input order as soon as it is ready.
// A bad problem is reported at its position and the others are still solved.
import { answerPaths, type CheckResult, checkAnswers, type Mistakes } from "../check.js";
import { InputError, jsonKind, oneLine, printable } from "../errors.js";
import { type Grade, GradeBook, gradeOf, pointsFromJson, ungraded } from "../grades.js";
import { fieldsFromJson } from "../input/fields.js";
import { assertStructure } from "../input/json.js";
import { didYouMean } from "../input/suggest.js";
import { findProblem, problems } from "../problems/index.js";
import { mistakesOf, solveProblem } from "../problems/problem.js";
import { latexUserText } from "../render/formula-latex.js";
import {
  CSV_HEADER,
  gradeCsv,
  gradeJson,
  gradesMarkdown,
  gradesText,
  studentJson,
  studentsCsv,
  summaryLine,
} from "../render/grades.js";
import { render } from "../render/index.js";
import { PREAMBLE } from "../render/latex.js";
import { escapeMd } from "../render/markdown.js";
import type { RenderOptions } from "../render/options.js";
import type { Solution } from "../solution/solution.js";
import { type Tolerance, toleranceFromJson } from "../tolerance.js";
import type { Io } from "./io.js";
import type { GlobalOptions } from "./program.js";
import { readRecords, type SourceRecord } from "./records.js";

/** A problem object's keys; "source" and "id" are carried along for people and scripts. */
const PROBLEM_KEYS = ["problem", "input", "expect", "tolerance", "points", "source", "id", "student", "question"];

export interface Solved {
  solution: Solution;
  check?: CheckResult;
  id?: unknown;
  /** "points" per answer field (the record's, else its question's), for --grades */
  points?: Map<string, number>;
  student?: string;
  question?: string;
}

/**
 * Validates and solves one problem object; InputError for anything wrong with it. `printSteps` false
 * (`--quiet`): the steps are built only when a check needs them, to name the step of a wrong answer.
 */
export function solveRecord(value: unknown, classTolerance?: Tolerance, printSteps = true, key?: AnswerKey): Solved {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`expected a problem object {"problem": …, "input": {…}}, got ${jsonKind(value)}`);
  }
  const own = value as Record<string, unknown>;
  for (const k in own) {
    if (!PROBLEM_KEYS.includes(k))
      throw new InputError(
        `${k}: unknown key${didYouMean(k, PROBLEM_KEYS)}; a problem object has ${PROBLEM_KEYS.join(", ")}`,
      );
  }
  const obj = own.question === undefined ? own : withQuestion(own, key);
  const graded = obj.expect !== undefined || obj.points !== undefined;
  // a question of the key is solved once, however many students answer it
  const cached = typeof own.question === "string" ? key?.solved.get(own.question) : undefined;
  const { solution, mistakes } = cached ?? solveBase(obj, printSteps || graded);
  const solved: Solved = { solution };
  // a question's fields are its points': one it asks for that "expect" lacks is wrong, "not answered"
  if (obj.points !== undefined) solved.points = pointsFromJson(obj.points, [...answerPaths(solution.answer).keys()]);
  // an expected field that cannot be read is wrong, with the reason; the record's other answers are still checked
  // the class's flags decide over the record's own "tolerance"
  const tolerance = classTolerance ?? (obj.tolerance === undefined ? undefined : toleranceFromJson(obj.tolerance));
  if (graded) {
    const required = solved.points ? [...solved.points.keys()] : [];
    solved.check = checkAnswers(
      solution,
      obj.expect === undefined ? {} : obj.expect,
      "expect",
      true,
      tolerance,
      mistakes,
      required,
    );
  }
  if (obj.id !== undefined) solved.id = obj.id;
  if (typeof own.student === "string") solved.student = own.student;
  if (typeof own.question === "string") solved.question = own.question;
  return solved;
}

/** A problem object's solution, and the answers under its mistakes (computed when first asked). */
interface Base {
  solution: Solution;
  mistakes: Mistakes;
}

function solveBase(obj: Record<string, unknown>, steps: boolean): Base {
  const names = () => problems.map((p) => p.name);
  if (typeof obj.problem !== "string") throw new InputError(`problem: missing; one of ${names().join(", ")}`);
  const problem = findProblem(obj.problem);
  if (!problem)
    throw new InputError(
      `problem: unknown problem "${obj.problem}"${didYouMean(obj.problem, names())}; one of ${names().join(", ")}`,
    );
  const fields = fieldsFromJson(obj.input ?? {}, problem.fields, problem.name);
  const solution = solveProblem(problem, fields, { steps });
  return { solution, mistakes: mistakesOf(problem, fields, solution) };
}

/** An answer key (`--key FILE`): its questions by id, each a problem object without "expect", and solved. */
export interface AnswerKey {
  file: string;
  questions: Map<string, Record<string, unknown>>;
  solved: Map<string, Base>;
}

/** The keys a question of an answer key may have. */
const QUESTION_KEYS = ["id", "problem", "input", "points", "tolerance", "source"];

/** A record that names a "question": the key's problem, input, points and tolerance, under the record's own. */
function withQuestion(record: Record<string, unknown>, key: AnswerKey | undefined): Record<string, unknown> {
  const { question } = record;
  if (typeof question !== "string")
    throw new InputError(`question: expected a question's id (a string), got ${jsonKind(question)}`);
  if (!key) throw new InputError(`question: "${question}" names a question of an answer key; give the key: --key FILE`);
  for (const k of ["problem", "input"])
    if (record[k] !== undefined)
      throw new InputError(
        `${k}: the question "${question}" gives it (from ${key.file}); a record gives one or the other`,
      );
  const q = key.questions.get(question);
  if (!q) {
    const ids = [...key.questions.keys()];
    const listed = ids.length > 12 ? `${ids.slice(0, 12).join(", ")}, …` : ids.join(", ");
    throw new InputError(`question: "${question}" is not in ${key.file}${didYouMean(question, ids)}; it has ${listed}`);
  }
  const merged: Record<string, unknown> = { problem: q.problem, input: q.input };
  for (const k of ["points", "tolerance"]) if (q[k] !== undefined) merged[k] = q[k];
  for (const k of ["expect", "points", "tolerance", "id"]) if (record[k] !== undefined) merged[k] = record[k];
  return merged;
}

/**
 * Reads an answer key: questions `{"id", "problem", "input", "points"}` in any layout solve reads. A question
 * that cannot be solved, or an id given twice, is the key's error: nothing can be graded against it.
 */
export async function readKey(file: string, stdin?: NodeJS.ReadableStream): Promise<AnswerKey> {
  const questions = new Map<string, Record<string, unknown>>();
  const solved = new Map<string, Base>();
  const label = "--key";
  for await (const batch of readRecords(file, stdin))
    for (const record of batch) {
      const fail = (why: string) => new InputError(`${label}: ${record.position}: ${why}`);
      if (record.error !== undefined) throw fail(record.error);
      let q: unknown;
      try {
        q = parseRecord(record);
      } catch (e) {
        if (e instanceof InputError) throw fail(e.message);
        throw e;
      }
      if (typeof q !== "object" || q === null || Array.isArray(q))
        throw fail(`expected a question {"id", "problem", "input", "points"}, got ${jsonKind(q)}`);
      const obj = q as Record<string, unknown>;
      for (const k in obj) {
        if (QUESTION_KEYS.includes(k)) continue;
        const why = k === "expect" ? "a key's answers are computed" : `unknown key${didYouMean(k, QUESTION_KEYS)}`;
        throw fail(`${k}: ${why}; a question has ${QUESTION_KEYS.join(", ")}`);
      }
      if (typeof obj.id !== "string" || obj.id === "") throw fail('id: each question needs an "id" (a string)');
      if (questions.has(obj.id)) throw fail(`id: "${obj.id}" is given twice`);
      try {
        solveRecord(obj, undefined, false); // its points too
        solved.set(obj.id, solveBase(obj, true));
      } catch (e) {
        if (e instanceof InputError) throw fail(e.message);
        throw e;
      }
      questions.set(obj.id, obj);
    }
  if (questions.size === 0) throw new InputError(`${label}: ${file} has no questions`);
  return { file, questions, solved };
}

/** A record's value: parsed (unless the reader did), and refused when a key is given twice or nesting is too deep. */
function parseRecord(record: SourceRecord): unknown {
  const text = record.text ?? "";
  let value = record.value;
  if (value === undefined) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InputError(`invalid JSON (${(e as Error).message})`);
    }
  }
  assertStructure(text, value, "the record", "");
  return value;
}

/** What one record comes to: the text for stdout, an error line for stderr, and the tallies. */
export interface Outcome {
  /** What goes to stdout, in parts whose concatenation is the text (a JSON line and its newline apart). */
  out: string[];
  err?: string;
  error: boolean;
  checked: boolean;
  checkFailed: boolean;
  /** The record's id, or its position: how the summary names a failed check. */
  name: string;
}

/** One record read and solved, or why not; its id and problem name as far as they could be read. */
interface Attempt {
  solved?: Solved;
  message?: string;
  /** How the record is named: its "id", else "student/question" (either alone) when it has those. */
  id: unknown;
  /** The record's own "id". */
  ownId: unknown;
  student?: string;
  question?: string;
  problem?: string;
}

/** What goes before a solved record's output in each format. */
function recordHeading(options: GlobalOptions, index: number, record: SourceRecord, solved: Solved, id: unknown) {
  if (options.format === "json") return "";
  const heading = (text: string) => `${index > 1 ? "\n" : ""}${text}\n`;
  const where = whereOf(record, id);
  if (options.format === "markdown") return `${heading(`# ${index}. ${escapeMd(where)}`)}\n`;
  // A comment line: printable() escapes line breaks, so a file name cannot end it (and start an \input).
  // In one document, each record is a numbered section headed by its id (or its position).
  if (options.format === "latex") {
    return options.standalone
      ? recordSection(printable(record.position), solved.id, solved.solution.problem)
      : heading(`% ${index}. ${where}`);
  }
  return heading(`══ ${index}. ${where} ══`);
}

/** How a message names a record: "hw.ndjson:3 (id s17)". */
function whereOf(record: SourceRecord, id: unknown): string {
  return printable(record.position) + (id === undefined ? "" : ` (id ${printable(idText(id))})`);
}

function attempt(record: SourceRecord, options: GlobalOptions, key?: AnswerKey): Attempt {
  let message = record.error;
  let solved: Solved | undefined;
  let id: unknown;
  let problem: string | undefined;
  let student: string | undefined;
  let question: string | undefined;
  if (message === undefined) {
    try {
      const value = parseRecord(record);
      // the id names the record in every heading and error line, even when the problem cannot be solved
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        const o = value as { id?: unknown; problem?: unknown; student?: unknown; question?: unknown };
        id = o.id;
        if (typeof o.student === "string") student = o.student;
        if (typeof o.question === "string") question = o.question;
        const name = typeof o.problem === "string" ? o.problem : question && key?.questions.get(question)?.problem;
        if (typeof name === "string" && findProblem(name)) problem = name;
      }
      solved = solveRecord(value, options.tolerance, !options.quiet, key);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      message = e.message;
    }
  }
  const derived = student !== undefined && question !== undefined ? `${student}/${question}` : (student ?? question);
  const a: Attempt = { id: id ?? derived, ownId: id };
  if (student !== undefined) a.student = student;
  if (question !== undefined) a.question = question;
  if (solved) a.solved = solved;
  else a.message = message ?? "could not be solved";
  if (problem) a.problem = problem;
  return a;
}

/** Parses (if needed), solves and renders one record; `index` is its 1-based place in the whole input. */
export function outcomeOf(
  record: SourceRecord,
  index: number,
  options: GlobalOptions,
  opts: RenderOptions,
  key?: AnswerKey,
): Outcome {
  const { solved, message, id, ownId } = attempt(record, options, key);
  const name = id === undefined ? record.position : idText(id);
  if (!solved) {
    const line = oneLine(message ?? "could not be solved");
    const named = ownId === undefined ? {} : { id: ownId };
    return {
      out: [
        options.format === "json"
          ? `${JSON.stringify({ schema: 1, position: record.position, ...named, error: line })}\n`
          : options.standalone
            ? `${recordSection(printable(record.position), id, "not solved")}` +
              `\\textbf{Not solved:} ${latexUserText(line)}\n`
            : "",
      ],
      err: `dlsolve: error: ${whereOf(record, id)}: ${line}\n`,
      error: true,
      checked: false,
      checkFailed: false,
      name,
    };
  }
  const parts = render(solved.solution, {
    format: options.format,
    options: opts,
    check: solved.check,
    nested: options.standalone,
    extra:
      solved.id === undefined ? { position: record.position } : { position: record.position, id: solved.id as string },
  });
  // the parts go out as they are: joining them would copy a solution's JSON line
  const heading = recordHeading(options, index, record, solved, id);
  if (heading !== "") parts.unshift(heading);
  return {
    out: parts,
    error: false,
    checked: solved.check !== undefined,
    checkFailed: solved.check !== undefined && !solved.check.passed,
    name,
  };
}

/** An id as a reader sees it: a string as itself, anything else as JSON. */
function idText(id: unknown): string {
  return typeof id === "string" ? id : (JSON.stringify(id) ?? String(id));
}

/**
 * A record's section in one LaTeX document: headed by its id (or, without one, its problem), its position
 * under it. A path may break
 * at "/", and is set ragged right: a justified line with no spaces to stretch could not end at a "/", and
 * a long absolute path would run into the margin.
 */
function recordSection(position: string, id: unknown, problem: string): string {
  const where = latexUserText(position).replace(/\//g, "/\\allowbreak{}");
  const title = id === undefined ? problem : printable(idText(id));
  return `\n\\section{${latexUserText(title)}}\n{\\raggedright\\noindent\\textit{${where}}\\par}\n\n`;
}

export interface SolveSummary {
  problems: number;
  errors: number;
  /** Errors of a source, not of a problem in it: a file unreadable or empty, an array not closed. */
  inputErrors: number;
  checked: number;
  checksFailed: number;
}

/** A record's grade (SPEC 6.3), and the error line for stderr when it could not be graded. */
export function gradeRecord(
  record: SourceRecord,
  options: GlobalOptions,
  key?: AnswerKey,
): { grade: Grade; err?: string } {
  const a = attempt(record, options, key);
  const name = {
    id: a.id === undefined ? record.position : idText(a.id),
    ...(a.ownId === undefined ? {} : { rawId: a.ownId }),
    position: record.position,
    ...(a.student === undefined ? {} : { student: a.student }),
    ...(a.question === undefined ? {} : { question: a.question }),
  };
  if (!a.solved) {
    const line = oneLine(a.message ?? "could not be solved");
    return {
      grade: ungraded({ ...name, ...(a.problem ? { problem: a.problem } : {}) }, line),
      err: `dlsolve: error: ${whereOf(record, a.id)}: ${line}\n`,
    };
  }
  return { grade: gradeOf({ ...name, problem: a.solved.solution.problem }, a.solved.check, a.solved.points) };
}

/** solve --grades: a row per record (CSV and JSON as they come, a table at the end), then the summary. */
async function runGrades(
  files: string[],
  options: GlobalOptions,
  sink: Pick<Io, "out" | "err" | "status" | "stdin">,
  width: number | undefined,
  key: AnswerKey | undefined,
): Promise<number> {
  const format = options.grades ?? "text";
  const book = new GradeBook();
  const table: Grade[] = [];
  const summary: SolveSummary = { problems: 0, errors: 0, inputErrors: 0, checked: 0, checksFailed: 0 };
  if (format === "csv") await sink.out(CSV_HEADER);
  for (const file of files.length === 0 ? ["-"] : files) {
    for await (const batch of readRecords(file, sink.stdin))
      for (const record of batch) {
        const { grade, err } = gradeRecord(record, options, key);
        if (record.source) {
          // a file that cannot be read is no record: its line on stderr, counted as solve counts it
          summary.inputErrors++;
          book.addInputError();
          sink.status?.(exitCode(summary));
          if (err) sink.err(err);
          continue;
        }
        book.add(grade);
        summary.problems++;
        if (grade.error !== undefined) summary.errors++;
        else if (grade.checked > 0) {
          summary.checked++;
          if (grade.right < grade.checked) summary.checksFailed++;
        }
        sink.status?.(exitCode(summary));
        if (err) sink.err(err);
        if (format === "csv") await sink.out(gradeCsv(grade));
        else if (format === "json") await sink.out(gradeJson(grade));
        else table.push(grade);
      }
  }
  const totals = book.summary();
  if (format === "text") await sink.out(gradesText(table, totals, width));
  else if (format === "markdown") await sink.out(gradesMarkdown(table, totals));
  else {
    if (totals.students.length > 0)
      await sink.out(
        format === "csv" ? `\n${studentsCsv(totals.students)}` : totals.students.map(studentJson).join(""),
      );
    sink.err(summaryLine(totals));
  }
  return exitCode(summary);
}

/** The summary names this many records whose check failed (solve --grades lists them all). */
const FAILED_NAMED = 8;

/** Solves every record of every source in order, writing each outcome as soon as it is ready. */
export async function runSolve(
  files: string[],
  options: GlobalOptions,
  sink: Pick<Io, "out" | "err" | "status" | "stdinIsTTY" | "stdin">,
  opts: RenderOptions,
): Promise<number> {
  if (options.expect !== undefined) {
    throw new InputError('--expect: with solve, put "expect" in each problem object');
  }
  if (files.length === 0 && sink.stdinIsTTY) {
    sink.err("dlsolve solve: reading problems as JSON from standard input; press Ctrl-D to end (or give files)\n");
  }
  const key = options.key === undefined ? undefined : await readKey(options.key, sink.stdin);
  if (options.grades) return runGrades(files, options, sink, opts.width, key);
  const summary: SolveSummary = { problems: 0, errors: 0, inputErrors: 0, checked: 0, checksFailed: 0 };
  const failed: string[] = [];
  // --standalone (latex only): one document, a section per record
  if (options.standalone) await sink.out(PREAMBLE);
  for (const file of files.length === 0 ? ["-"] : files) {
    for await (const batch of readRecords(file, sink.stdin))
      for (const record of batch) {
        if (record.source) summary.inputErrors++;
        else summary.problems++;
        const o = outcomeOf(record, summary.problems, options, opts, key);
        if (o.error && !record.source) summary.errors++;
        if (o.checked) summary.checked++;
        if (o.checkFailed) {
          summary.checksFailed++;
          if (failed.length < FAILED_NAMED) failed.push(printable(o.name));
        }
        sink.status?.(exitCode(summary));
        if (o.err) sink.err(o.err);
        // a write the pipe took at once is not waited on: an await costs a turn of the microtask queue
        for (const part of o.out) {
          const written = part === "" ? undefined : sink.out(part);
          if (written) await written;
        }
      }
  }
  if (options.standalone) await sink.out("\\end{document}\n");
  const { inputErrors } = summary;
  if (options.format === "text" || summary.errors > 0 || inputErrors > 0 || summary.checksFailed > 0) {
    const parts = [
      `${summary.problems} problem${summary.problems === 1 ? "" : "s"}: ${summary.problems - summary.errors} solved`,
    ];
    if (summary.errors > 0) parts.push(`${summary.errors} with errors`);
    if (inputErrors > 0) parts.push(`${inputErrors} input error${inputErrors === 1 ? "" : "s"}`);
    if (summary.checked > 0) {
      const more = summary.checksFailed - failed.length;
      const which = failed.length === 0 ? "" : ` (${failed.join(", ")}${more > 0 ? `, and ${more} more` : ""})`;
      parts.push(`checks: ${summary.checked - summary.checksFailed} passed, ${summary.checksFailed} failed${which}`);
    }
    sink.err(`dlsolve solve: ${parts.join("; ")}\n`);
  }
  return exitCode(summary);
}

/** 2 when a record could not be solved or a source read, else 1 when a check failed, else 0. */
function exitCode(summary: SolveSummary): number {
  return summary.errors > 0 || summary.inputErrors > 0 ? 2 : summary.checksFailed > 0 ? 1 : 0;
}
