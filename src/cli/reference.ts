// A problem's reference page (docs/problems/NAME.md), built from its
// registry entry: the same fields, answer fields and examples that --help
// shows, so the page cannot drift from the command. test/docs.test.ts
// compares the committed pages with this and rewrites them under UPDATE_DOCS=1.
import { type FieldSpec, flagOf } from "../input/fields.js";
import { problems } from "../problems/index.js";
import type { Problem } from "../problems/problem.js";

const KIND_TEXT: Record<FieldSpec["kind"], string> = {
  number: "a number",
  vector: "a vector",
  matrix: "a matrix",
  vectorOrMatrix: "a vector, or a matrix (rows = samples)",
  numberOrList: "a number, or a list of them",
  numberVectorOrMatrix: "a number, a vector or a matrix",
  count: "a positive whole number",
  choice: "one of the choices",
  raw: "see its meaning",
};

const cell = (s: string) => s.replace(/\|/g, "\\|");

function fieldRows(problem: Problem): string[] {
  return Object.entries(problem.fields).map(([name, spec]) => {
    const flag = problem.positional === name ? `\`--${name}\` or positional values` : `\`${flagOf(name, spec)}\``;
    const kind = spec.kind === "choice" ? (spec.choices ?? []).map((c) => `\`${c}\``).join(", ") : KIND_TEXT[spec.kind];
    const max = spec.max === undefined ? "" : ` (at most ${spec.max})`;
    return `| \`${name}\` | ${flag} | ${kind}${max} | ${cell(spec.help)} |`;
  });
}

export function referencePage(problem: Problem): string {
  return [
    `# \`dlsolve ${problem.name}\``,
    "",
    `${problem.summary.charAt(0).toUpperCase()}${problem.summary.slice(1)}.`,
    "",
    "## Inputs",
    "",
    "Give each as a flag, or as a field of a JSON object (`--input FILE`, or `input` of a problem for `dlsolve " +
      "solve`).",
    "",
    "| field | flag | kind | meaning |",
    "|---|---|---|---|",
    ...fieldRows(problem),
    "",
    "## Answer fields",
    "",
    "The names of `answer` and `exact` in JSON output, and the names `--expect` takes.",
    "",
    "| field | holds |",
    "|---|---|",
    ...Object.entries(problem.answers).map(([k, v]) => `| \`${k}\` | ${cell(v)} |`),
    "",
    "## Examples",
    "",
    "```",
    ...problem.examples.map((e) => `dlsolve ${e}`),
    `dlsolve ${problem.expectExample}`,
    "```",
    "",
    "## Practice",
    "",
    `\`dlsolve practice ${problem.name} --seed N --count K\` makes fresh problems of this kind. Their numbers: ` +
      `${problem.practice.guarantee}.`,
    "",
    "The global options (`--format`, `--json`, `--precision`, `--input`, `--expect`, `--quiet`, `--standalone`,",
    "`--no-color`) are in the [README](../../README.md#use).",
    "",
  ].join("\n");
}

/** docs/problems/README.md: one line per problem. */
export function referenceIndex(): string {
  return [
    "# Problems",
    "",
    "One page per subcommand, generated from the registry (`src/problems/index.ts`).",
    "",
    "| subcommand | what it works out |",
    "|---|---|",
    ...problems.map((p) => `| [\`${p.name}\`](${p.name}.md) | ${cell(p.summary)} |`),
    "",
  ].join("\n");
}
