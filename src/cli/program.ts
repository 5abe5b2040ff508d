// The commander program: one subcommand per problem, built from the
// problem's fields, plus the global options (README: "Use"). Parsing yields an
// Invocation; running it is separate, so argv parsing is testable alone.
import { Command, CommanderError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { ACTIVATION_FUNCTIONS } from "../core/activation-functions.js";
import { fieldError, InputError } from "../errors.js";
import { Fields, flagOf, type RawField, rawFromJson } from "../input/fields.js";
import { didYouMean } from "../input/suggest.js";
import { parseNumber } from "../input/values.js";
import { MAX_PRACTICE, MAX_SEED } from "../practice.js";
import { findProblem, problems } from "../problems/index.js";
import type { Problem } from "../problems/problem.js";
import type { Format } from "../render/options.js";
import { type Tolerance, toleranceOf } from "../tolerance.js";
import { completionScript, SHELLS, type Shell } from "./completion.js";
import type { Io } from "./io.js";
import { parseJson, readSource } from "./read.js";

/** The version users see is the package's own: one place to change it. */
export const VERSION: string = packageJson.version;

export interface GlobalOptions {
  format: Format;
  precision: number;
  quiet: boolean;
  /** --standalone: LaTeX as a whole document */
  standalone: boolean;
  /** --no-color given */
  noColor: boolean;
  expect?: string;
  /** --rtol/--atol or --sigfigs: the class's tolerance, over the digits rule and any "tolerance" of a problem */
  tolerance?: Tolerance;
  /** solve --grades: a grade per record instead of solutions, in this format */
  grades?: GradesFormat;
  /** solve --key FILE: an answer key whose questions records name by "question" */
  key?: string;
  /** --plot: charts after the steps (true), or into this SVG file */
  plot?: true | string;
}

export type GradesFormat = "text" | "csv" | "markdown" | "json";
const GRADES_FORMATS: readonly GradesFormat[] = ["text", "csv", "markdown", "json"];

export interface ProblemInvocation {
  kind: "problem";
  problem: Problem;
  options: GlobalOptions;
  /** Positional values, for the problem's positional field. */
  positional: string[];
  /** Option values as commander parsed them (fields and global options). */
  flags: Record<string, unknown>;
}

export type Invocation =
  | ProblemInvocation
  | { kind: "solve"; files: string[]; options: GlobalOptions }
  | PracticeInvocation
  /** help or version was printed; nothing else to do */
  | { kind: "done"; code: number };

export interface PracticeInvocation {
  kind: "practice";
  /** The problem named, or undefined for a mix of all of them. */
  problem?: Problem;
  /** --seed; undefined: draw one and print it. */
  seed?: number;
  count: number;
  answers: boolean;
  options: GlobalOptions;
}

/** Where commander writes help and version text. */
type Output = Pick<Io, "out" | "err">;

const FORMATS: readonly Format[] = ["text", "json", "markdown", "latex"];

/** The global options; solve keeps --input and --expect only to refuse them clearly, out of its help. */
function addGlobalOptions(cmd: Command, forSolve = false): Command {
  const only = (option: Option) => (forSolve ? option.hideHelp() : option);
  return cmd
    .addOption(new Option("--format <format>", "output format: text, json, markdown or latex (default text)"))
    .option("--json", "same as --format json")
    .option("--precision <digits>", "significant digits for decimals in text (default 6)")
    .addOption(
      only(
        new Option(
          "--input <file>",
          "read the inputs from a JSON object in FILE (- for standard input); flags override it",
        ),
      ),
    )
    .addOption(only(new Option("--expect <json>", "check these answers (the answer fields are listed below)")))
    .option("--rtol <r>", "checking: right when |given − correct| ≤ atol + rtol·|correct| (numpy.isclose)")
    .option("--atol <a>", "checking: the absolute part of that tolerance (either alone: the other is 0)")
    .option("--sigfigs <n>", "checking: right when it is the correct value to N significant figures")
    .option("--quiet", "only the answer, no steps")
    .addOption(
      only(new Option("--plot [file.svg]", "charts after the steps, or into an SVG file for notes and slides")),
    )
    .addOption(
      new Option(
        "--standalone",
        forSolve
          ? "with --format latex: one document, a section per problem, ready for pdflatex"
          : "with --format latex: a complete document, ready for pdflatex",
      ),
    )
    .option("--no-color", "no ANSI colours (also off when NO_COLOR is set or stdout is not a terminal)");
}

/** --grades with its format (csv is for grades only); undefined without --grades. */
function gradesFormat(o: Record<string, unknown>): GradesFormat | undefined {
  if (o.grades !== true) {
    if (o.format === "csv") throw fieldError("--format", '"csv" is for solve --grades, a table of grades');
    return undefined;
  }
  const format = o.json ? "json" : ((o.format ?? "text") as string);
  if (!GRADES_FORMATS.includes(format as GradesFormat))
    throw fieldError("--grades", `prints ${GRADES_FORMATS.join(", ")}; not ${format}`);
  if (o.standalone) throw fieldError("--standalone", "goes with --format latex, not --grades");
  return format as GradesFormat;
}

function globalOptions(o: Record<string, unknown>): GlobalOptions {
  const grades = gradesFormat(o);
  let format: Format = "text";
  if (o.format !== undefined && grades === undefined) {
    if (!FORMATS.includes(o.format as Format)) {
      throw fieldError(
        "--format",
        `"${String(o.format)}" is not one of ${FORMATS.join(", ")}${didYouMean(String(o.format), FORMATS)}`,
      );
    }
    format = o.format as Format;
  }
  if (o.json && grades === undefined) {
    if (o.format !== undefined && o.format !== "json")
      throw fieldError("--json", `conflicts with --format ${String(o.format)}`);
    format = "json";
  }
  if (o.standalone && format !== "latex") throw fieldError("--standalone", "goes with --format latex");
  let precision = 6;
  if (o.precision !== undefined) {
    precision = Number(o.precision);
    if (!Number.isInteger(precision) || precision < 1 || precision > 17) {
      throw fieldError("--precision", `expected a whole number from 1 to 17, got "${String(o.precision)}"`);
    }
  }
  const tolerance = toleranceOf(o, (k) => `--${k}`);
  return {
    format,
    precision,
    ...(tolerance ? { tolerance } : {}),
    quiet: o.quiet === true,
    standalone: o.standalone === true,
    noColor: o.color === false,
    ...(typeof o.expect === "string" ? { expect: o.expect } : {}),
    ...(grades ? { grades } : {}),
    ...(typeof o.key === "string" ? { key: o.key } : {}),
    ...plotOption(o.plot, format),
  };
}

/** --plot alone (text output) or --plot FILE.svg (any format). */
function plotOption(value: unknown, format: Format): { plot?: true | string } {
  if (value === undefined) return {};
  if (value === true) {
    if (format !== "text")
      throw fieldError("--plot", `draws in text output; with --format ${format}, give --plot FILE.svg`);
    return { plot: true };
  }
  const file = String(value);
  if (!file.toLowerCase().endsWith(".svg"))
    throw fieldError(
      "--plot",
      `"${file}" is not an .svg file: give --plot FILE.svg, or --plot alone after the values to draw in the terminal`,
    );
  return { plot: file };
}

/** The fields of an invocation: --input's object (read here), then positional values, then flags. */
export async function readFields(inv: ProblemInvocation, stdin?: NodeJS.ReadableStream): Promise<Fields> {
  const path = inv.flags.input;
  if (typeof path !== "string") return collectFields(inv);
  const text = await readSource(path, "--input", stdin);
  return collectFields(inv, parseJson(text, "--input", path === "-" ? "standard input" : JSON.stringify(path)));
}

/** The raw fields of one problem: a JSON input object, then positional values, then flags (which win). */
export function collectFields(inv: ProblemInvocation, inputObject?: unknown): Fields {
  const { problem, positional, flags: o } = inv;
  const raw = new Map<string, RawField>();
  if (inputObject !== undefined) {
    for (const [k, v] of rawFromJson(inputObject, problem.fields, "input", problem.name)) raw.set(k, v);
  }
  let rest = positional;
  const lead = problem.leadingPositional;
  if (lead && rest.length > 0 && o[lead] === undefined) {
    raw.set(lead, { value: rest[0] as string, label: lead, json: false });
    rest = rest.slice(1);
  }
  if (problem.positional && rest.length > 0) {
    const name = problem.positional;
    // a field read as text (name=value pairs) keeps its words apart; a vector's values join by commas
    const joiner = problem.fields[name]?.kind === "raw" ? " " : ",";
    const value = rest.length === 1 ? (rest[0] as string) : rest.join(joiner);
    raw.set(name, { value, label: name, json: false });
  }
  for (const name of Object.keys(problem.fields)) {
    if (o[name] !== undefined)
      raw.set(name, { value: o[name], label: flagOf(name, problem.fields[name]), json: false });
  }
  return new Fields(problem.fields, raw);
}

/**
 * Commander reads "-2" as a value but "-5/3" as an unknown option. A token
 * that starts like a negative number is passed on with a Unicode minus, which
 * the number parser reads as a minus too.
 */
export function protectNegatives(argv: readonly string[]): string[] {
  return argv.map((a) =>
    (/^-(\d|\.\d)/.test(a) && !/^-\d*\.?\d+(e[+-]?\d+)?$/i.test(a)) || EXPRESSION_LIKE.test(a) || namedNegative(a)
      ? `−${a.slice(1)}`
      : a,
  );
}

/** -pi, -e, -ln3: a minus before a constant or a function the number parser knows, not one of our -h, -V. */
function namedNegative(a: string): boolean {
  if (!/^-[a-z]/i.test(a) || a === "-h" || a === "-V") return false;
  try {
    parseNumber(a, "value");
    return true;
  } catch {
    return false;
  }
}

/** A token that starts with a minus and holds an operator or a parenthesis is a value (-(x + y), -log(4)). */
const EXPRESSION_LIKE = /^-[^-][^=]*[()*/^@+ ]/;

/** Below a problem's options: its examples, its answer fields, and a check of answers. */
export function problemHelpAfter(problem: Problem): string {
  const width = Math.max(...Object.keys(problem.answers).map((k) => k.length));
  return [
    "",
    "Examples:",
    ...problem.examples.map((e) => `  $ dlsolve ${e}`),
    "",
    "Answer fields (the names --expect and JSON use):",
    ...Object.entries(problem.answers).map(([k, help]) => `  ${k.padEnd(width)}  ${help}`),
    "",
    "Check your answers:",
    shellLine(`dlsolve ${problem.expectExample}`),
    "",
    `--plot draws ${problem.plotHelp ?? "nothing for this problem"}.`,
  ].join("\n");
}

/** A command as help shows it: `  $ command`, continued with \\ before --expect past 80 columns. */
function shellLine(command: string): string {
  const line = `  $ ${command}`;
  const at = command.indexOf(" --expect ");
  if (line.length <= 80 || at < 0) return line;
  return `  $ ${command.slice(0, at)} \\\n      ${command.slice(at + 1)}`;
}

/** One problem's subcommand: its fields as flags, the global options, help with examples and answer fields. */
function addProblemCommand(
  program: Command,
  problem: Problem,
  output: Output,
  onInvoke: (inv: Invocation) => void,
): void {
  const cmd = program.command(problem.name).description(problem.summary);
  if (problem.leadingPositional) {
    cmd.argument(`[${problem.leadingPositional}]`, problem.fields[problem.leadingPositional]?.help ?? "");
  }
  if (problem.positional) {
    cmd.argument(`[${problem.positional}...]`, problem.fields[problem.positional]?.help ?? "");
  }
  for (const [name, spec] of Object.entries(problem.fields)) {
    // commander names --weight-decay's value weightDecay: the field's own name
    cmd.option(`${flagOf(name, spec)} <value>`, spec.help);
  }
  addGlobalOptions(cmd);
  cmd.addHelpText("after", problemHelpAfter(problem));
  cmd
    .exitOverride()
    .configureOutput({ writeOut: (s) => void output.out(s), writeErr: (s) => output.err(s), outputError: () => {} });
  cmd.action((...args: unknown[]) => {
    const c = args[args.length - 1] as Command;
    const o = c.opts();
    const lead = problem.leadingPositional ? [args[0] as string | undefined] : [];
    const rest = problem.positional ? ((args[lead.length] as string[] | undefined) ?? []) : [];
    const positional = [...lead.filter((a): a is string => a !== undefined), ...rest];
    // the tokens the positional field gets: all of them once the leading field is a flag
    const taken = problem.leadingPositional && o[problem.leadingPositional] === undefined ? 1 : 0;
    const forField = positional.slice(taken);
    if (problem.positional && forField.length > 0 && o[problem.positional] !== undefined) {
      const flag = `--${problem.positional}`;
      const values = [String(o[problem.positional]), ...forField].map((v) => v.replace(/^−/, "-"));
      throw fieldError(
        flag,
        `takes one token, and values outside it were given too: write ${flag} ${values.join(",")} ` +
          `(or the values alone: dlsolve ${problem.name} ${values.join(" ")})`,
      );
    }
    onInvoke({ kind: "problem", problem, options: globalOptions(o), positional, flags: o });
  });
}

/**
 * The program commander parses. Given the command asked for (a problem, solve, practice or completion), it has
 * that command alone: building every problem's options was ~8 ms of each start, and a command, its help and its
 * errors need no other. Without one (help, --help, an unknown name) it has them all.
 */
export function buildProgram(output: Output, onInvoke: (inv: Invocation) => void, asked?: string): Command {
  const program = new Command()
    .name("dlsolve")
    .description("Worked solutions to deep-learning exam problems, exact where the arithmetic is exact.")
    .version(VERSION, "-V, --version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void output.out(s),
      writeErr: (s) => output.err(s),
      // Errors are reported once, by main's catch, as "dlsolve: error: …".
      outputError: () => {},
    });

  const wanted = (name: string) => asked === undefined || asked === name;
  for (const problem of problems) if (wanted(problem.name)) addProblemCommand(program, problem, output, onInvoke);
  if (wanted("solve")) addSolveCommand(program, output, onInvoke);
  if (wanted("practice")) addPracticeCommand(program, output, onInvoke);
  if (wanted("completion")) addCompletionCommand(program, output, onInvoke);
  if (asked === undefined) groupCommands(program);
  return program;
}

/** `dlsolve solve [files...]`: problems as JSON, with --grades and --key. */
function addSolveCommand(program: Command, output: Output, onInvoke: (inv: Invocation) => void): void {
  const solve = program
    .command("solve")
    .description(
      "solve problems given as JSON (an object, an array, or NDJSON) from files or standard input; " +
        'checks their "expect" answers',
    )
    .argument("[files...]", "JSON files (default: standard input)");
  addGlobalOptions(solve, true);
  solve.option(
    "--grades",
    'a grade per record instead of solutions: fields checked, right, score, mistakes ("points" per field in a ' +
      "record; --format csv, markdown or json too)",
  );
  solve.option(
    "--key <file>",
    'an answer key: questions {"id", "problem", "input", "points"} that records name by "question"',
  );
  solve.addHelpText(
    "after",
    [
      "",
      "A problem, one per line or pretty-printed:",
      '  {"problem": "batchnorm", "input": {"x": [1, 7, 7, 9]}, "expect": {"mean": 6}}',
      'For --grades, give each an "id" (or "student"), and "points": {"mean": 2}',
      "where fields weigh differently (one point each by default; with points, a",
      "field left out scores 0). With --key, a record is",
      '  {"student": "s01", "question": "q1", "expect": {"mean": 6}}',
      "",
      "Examples:",
      "  $ dlsolve solve fixtures/review/*.json",
      "  $ cat fixtures/review/*.json | dlsolve solve --json",
      "  $ dlsolve solve fixtures/class/hw3.ndjson --grades --format csv > grades.csv",
      "  $ dlsolve solve fixtures/class/hw4.ndjson --key fixtures/class/hw4-key.json --grades",
    ].join("\n"),
  );
  solve
    .exitOverride()
    .configureOutput({ writeOut: (s) => void output.out(s), writeErr: (s) => output.err(s), outputError: () => {} });
  solve.action((files: string[], o: Record<string, unknown>) => {
    if (o.input !== undefined)
      throw fieldError("--input", "solve reads problems from its FILE arguments or standard input");
    if (o.plot !== undefined)
      throw fieldError("--plot", "draws one problem's charts: give it to the problem's command");
    onInvoke({ kind: "solve", files, options: globalOptions(o) });
  });
}

/** `dlsolve completion bash|zsh|fish`: the script on standard output. */
function addCompletionCommand(program: Command, output: Output, onInvoke: (inv: Invocation) => void): void {
  program
    .command("completion")
    .argument("<shell>", `the shell: ${SHELLS.join(", ")}`)
    .description("print a shell completion script (commands, options, answer fields for --expect)")
    .addHelpText(
      "after",
      "\nExample:\n  $ dlsolve completion bash > ~/.local/share/bash-completion/completions/dlsolve",
    )
    .exitOverride()
    .configureOutput({ writeOut: (t) => void output.out(t), writeErr: (t) => output.err(t), outputError: () => {} })
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw fieldError("completion", `"${shell}" is not one of ${SHELLS.join(", ")}${didYouMean(shell, SHELLS)}`);
      }
      void output.out(completionScript(shell as Shell));
      onInvoke({ kind: "done", code: 0 });
    });
}

/** The midterm review's problems (its parts 1–4), listed first in --help. */
const REVIEW = ["sigmoid-grad", "mlp-grads", "ridge", "batchnorm", "demean-backprop"];

/** --help in three groups (the review's problems, the others, the tools), then the global options. */
function groupCommands(program: Command): void {
  for (const c of program.commands) {
    const name = c.name();
    c.helpGroup(
      REVIEW.includes(name) ? "The midterm review's problems:" : findProblem(name) ? "Other problems:" : "Tools:",
    );
  }
  // the review's first, then the others, then the tools; the implicit help command joins the tools
  const rank = (c: Command) => (REVIEW.includes(c.name()) ? 0 : findProblem(c.name()) ? 1 : 2);
  (program.commands as Command[]).sort((a, b) => rank(a) - rank(b));
  // help as a command of the tools group (commander's own would stand apart under "Commands:")
  program.helpCommand(false);
  program
    .command("help")
    .argument("[command]", "the command whose help to show")
    .description("show a command's help")
    .helpGroup("Tools:")
    .action((name?: string) => {
      const target = name === undefined ? undefined : program.commands.find((c) => c.name() === name);
      (target ?? program).help();
    });
  program.addHelpText(
    "after",
    [
      "",
      "Global options (with any problem, before or after its name):",
      "  --format text|json|markdown|latex, --json, --precision N, --quiet,",
      "  --no-color, --standalone (LaTeX), --input FILE, --plot [FILE.svg],",
      "  --expect JSON (with --rtol, --atol or --sigfigs)",
      "",
      "Start with: dlsolve batchnorm 1 7 7 9   (dlsolve COMMAND --help: its options)",
    ].join("\n"),
  );
}

/** A whole number from lo to hi given to an option, or an error naming it. */
function wholeOption(value: unknown, flag: string, lo: number, hi: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi)
    throw fieldError(flag, `expected a whole number from ${lo} to ${hi}, got "${text}"`);
  return n;
}

/** `dlsolve practice [problem]` (SPEC 4.12). */
function addPracticeCommand(program: Command, output: Output, onInvoke: (inv: Invocation) => void): void {
  const names = problems.map((p) => p.name);
  const practice = program
    .command("practice")
    .description("fresh exam-style problems with clean numbers, for study and for exam variants")
    .argument("[problem]", `one of ${names.join(", ")} (default: a mix of all)`)
    .option("--seed <n>", `the same seed gives the same problems on every machine (0 to ${MAX_SEED}; default: drawn)`)
    .option(
      "--count <k>",
      `how many problems (default 1 of a named problem; one of each for a mix; at most ${MAX_PRACTICE})`,
    )
    .option("--answers", 'the worked solution after each problem (with --json: an "expect" of its answers)')
    .addOption(new Option("--format <format>", "output format: text, json, markdown or latex (default text)"))
    .option("--json", "NDJSON problem objects that dlsolve solve reads back")
    .option("--precision <digits>", "significant digits for decimals in the answers (default 6)")
    .option("--quiet", "with --answers: only the answers, no steps")
    .option("--standalone", "with --format latex: an exam sheet (the problems, then an answer key with --answers)")
    .option("--no-color", "no ANSI colours");
  practice.addHelpText(
    "after",
    [
      "",
      "Examples:",
      "  $ dlsolve practice batchnorm --seed 7 --count 3",
      "  $ dlsolve practice batchnorm --seed 7 --count 3 --answers",
      "  $ dlsolve practice --seed 1 --format latex --standalone --answers > sheet.tex",
      "  $ dlsolve practice --seed 1 --json --answers | dlsolve solve --quiet",
    ].join("\n"),
  );
  practice
    .exitOverride()
    .configureOutput({ writeOut: (s) => void output.out(s), writeErr: (s) => output.err(s), outputError: () => {} });
  practice.action((name: string | undefined, o: Record<string, unknown>) => {
    const problem = name === undefined ? undefined : findProblem(name);
    if (name !== undefined && !problem)
      throw fieldError("practice", `unknown problem "${name}"${didYouMean(name, names)}; one of ${names.join(", ")}`);
    const seed = wholeOption(o.seed, "--seed", 0, MAX_SEED);
    const count = wholeOption(o.count, "--count", 1, MAX_PRACTICE) ?? (problem ? 1 : problems.length);
    onInvoke({
      kind: "practice",
      ...(problem ? { problem } : {}),
      ...(seed === undefined ? {} : { seed }),
      count,
      answers: o.answers === true,
      options: globalOptions(o),
    });
  });
}

/** Global options that take a value (a repeat would silently keep the last). */
const GLOBAL_VALUE_OPTIONS = ["format", "precision", "input", "expect"];

/** An option that takes a value, given twice: an error, since commander would keep the last silently. */
function refuseRepeats(argv: readonly string[]): void {
  const problem = problems.find((p) => p.name === argv[0]);
  const names = [
    ...(problem ? Object.entries(problem.fields).map(([n, spec]) => spec.flag ?? n) : []),
    ...GLOBAL_VALUE_OPTIONS,
  ];
  const seen = new Set<string>();
  for (const token of argv) {
    if (token === "--") break;
    const m = /^--([^=]+)/.exec(token);
    if (!m || !names.includes(m[1] as string)) continue;
    if (seen.has(m[1] as string)) throw fieldError(`--${m[1]}`, "given twice; give it once");
    seen.add(m[1] as string);
  }
}

/** Words students type for an option, and what dlsolve calls it. */
const ALIASES: Record<string, string> = {
  "learning-rate": "lr",
  learning_rate: "lr",
  alpha: "lr",
  l: "lambda",
  lam: "lambda",
  weight_decay: "weight-decay",
  weightdecay: "weight-decay",
};

/** A suggestion for an unknown option of a problem: a close flag, a known alias, a prefix, or a choice's value. */
function suggestOption(name: string, problem: Problem | undefined): string {
  if (!problem) return "";
  const flags = Object.entries(problem.fields).map(([n, spec]) => spec.flag ?? n);
  const alias = ALIASES[name.toLowerCase()];
  if (alias && flags.includes(alias)) return ` (did you mean --${alias}?)`;
  for (const [n, spec] of Object.entries(problem.fields)) {
    if (spec.choices?.includes(name)) return ` (did you mean --${spec.flag ?? n} ${name}?)`;
  }
  const close = didYouMean(name, flags, (s) => `--${s}`);
  if (close) return close;
  const prefixed = flags.filter((f) => f.toLowerCase().startsWith(name.toLowerCase()));
  return prefixed.length === 1 ? ` (did you mean --${prefixed[0]}?)` : "";
}

/** The commands, as `dlsolve --help` lists them. */
const COMMANDS = [...problems.map((p) => p.name), "solve", "practice", "help", "completion"];
/** The commands buildProgram can build alone: all but help, which lists the others. */
const ALONE = COMMANDS.filter((c) => c !== "help");

/**
 * Commands a user may have meant by `name`: a close spelling, commands whose name holds it as a word
 * (sigmoid → sigmoid-grad), and `activation name` when it names an activation function.
 */
export function suggestCommand(name: string): string {
  const lower = name.toLowerCase();
  const out = new Set<string>();
  const close = didYouMean(lower, COMMANDS, (c) => c);
  if (close) out.add(close.replace(/^ \(did you mean (.*)\?\)$/, "$1"));
  for (const c of COMMANDS) if (lower.length >= 3 && c.split("-").includes(lower)) out.add(c);
  if ((ACTIVATION_FUNCTIONS as readonly string[]).includes(lower)) out.add(`activation ${lower}`);
  const list = [...out];
  return list.length === 0
    ? ""
    : ` (did you mean ${list.slice(0, -1).join(", ")}${list.length > 1 ? " or " : ""}${list.at(-1)}?)`;
}

/** Commander's usage error as one line, with dlsolve's own hints. */
function usageMessage(e: CommanderError, argv: readonly string[]): string {
  const problem = problems.find((p) => p.name === argv[0]);
  const message = e.message.replace(/^error: /, "");
  if (e.code === "commander.unknownCommand") {
    const name = /'([^']+)'/.exec(message)?.[1] ?? String(argv[0]);
    // commander's own suggestion (it knows transpositions: rigde → ridge), else dlsolve's
    const theirs = /\(Did you mean (.*)\?\)/.exec(message)?.[1];
    const hint = theirs === undefined ? suggestCommand(name) : ` (did you mean ${theirs}?)`;
    return `unknown command '${name}'${hint}; dlsolve --help lists the commands`;
  }
  if (e.code === "commander.unknownOption") {
    const name = /'--?([^']+)'/.exec(message)?.[1] ?? "";
    const own = suggestOption(name, problem);
    if (own) return message.replace(/\n.*$/s, "") + own;
  }
  if (e.code === "commander.excessArguments") {
    const command = /for '([^']+)'/.exec(message)?.[1] ?? argv[0];
    return (
      `too many arguments for '${command}': an option takes one token, so write a vector as 1,-1 or "1 -1" ` +
      '(and a matrix as "1 2; 3 4")'
    );
  }
  return message.replace(/\n\(Did you mean (.*)\?\)$/, " (did you mean $1?)");
}

/** The global options and whether each takes a value: they may come before the command too. */
const GLOBAL_OPTIONS: Record<string, boolean> = {
  "--format": true,
  "--json": false,
  "--precision": true,
  "--input": true,
  "--expect": true,
  "--rtol": true,
  "--atol": true,
  "--sigfigs": true,
  "--quiet": false,
  "--standalone": false,
  "--no-color": false,
};

/**
 * `dlsolve --json batchnorm 1 7 7 9` as `dlsolve batchnorm 1 7 7 9 --json`: global options before the
 * command are moved after it (commander reads them on the command only).
 */
export function globalOptionsAfterCommand(argv: readonly string[]): string[] {
  const before: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i] as string;
    const [flag, inline] = a.split(/=(.*)/s, 2) as [string, string | undefined];
    const takes = GLOBAL_OPTIONS[flag];
    if (takes === undefined) break;
    if (takes && inline === undefined) {
      before.push(a, argv[i + 1] ?? "");
      i += 2;
    } else {
      before.push(a);
      i += 1;
    }
  }
  if (before.length === 0 || i >= argv.length) return [...argv];
  return [argv[i] as string, ...before, ...argv.slice(i + 1)];
}

/** Parse argv (without node and script) into what to do. Throws InputError for usage errors. */
export function parseArgv(given: readonly string[], output: Output): Invocation {
  let argv = given;
  if (argv.length === 0) {
    throw new InputError("no problem given; try: dlsolve batchnorm 1 7 7 9 (dlsolve --help lists the problems)");
  }
  refuseRepeats(argv);
  // `dlsolve help batchnrom` would print the main help and succeed: an unknown name is an error
  if (argv[0] === "help" && argv[1] !== undefined && !COMMANDS.includes(argv[1])) {
    throw new InputError(`help: unknown command '${argv[1]}'${suggestCommand(argv[1])}`);
  }
  argv = globalOptionsAfterCommand(argv);
  let invocation: Invocation | undefined;
  const program = buildProgram(
    output,
    (inv) => {
      invocation = inv;
    },
    ALONE.includes(argv[0] as string) ? argv[0] : undefined,
  );
  try {
    program.parse(protectNegatives(argv), { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") {
        return { kind: "done", code: 0 };
      }
      throw new InputError(usageMessage(e, argv));
    }
    throw e;
  }
  if (!invocation) throw new InputError("no problem given (dlsolve --help lists the problems)");
  return invocation;
}
