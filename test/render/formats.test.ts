// Markdown and LaTeX output of every example and seed fixture: every math
// fragment must render with KaTeX (throwOnError), and the Markdown must parse
// with tables and math intact.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import { dollarmathPlugin } from "markdown-it-dollarmath";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { cli, ROOT } from "../helpers.js";

const split = (example: string) => example.match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, "")) ?? [];
const seeds = readdirSync(join(ROOT, "fixtures/review")).map(
  (f) =>
    JSON.parse(readFileSync(join(ROOT, "fixtures/review", f), "utf8")) as {
      problem: string;
      input: Record<string, unknown>;
    },
);

/** Command lines covering every problem: the help examples, and each seed fixture through --input. */
const cases: Array<[string, string[]]> = [
  ...problems.flatMap((p) => p.examples.map((e) => [e, split(e).filter((a) => a !== "--json")] as [string, string[]])),
  ...seeds.map(
    (s) =>
      [
        `seed ${s.problem} ${JSON.stringify(s.input)}`,
        [
          s.problem,
          ...Object.entries(s.input).flatMap(([k, v]) => [
            `--${k}`,
            Array.isArray(v) && Array.isArray(v[0]) ? JSON.stringify(v) : Array.isArray(v) ? v.join(",") : String(v),
          ]),
        ],
      ] as [string, string[]],
  ),
];

/**
 * KaTeX has no \parbox (the wrapping reasons beside a derivation, which
 * pdflatex checks in latex-pdf.test.ts): its text is checked as \text.
 */
function withoutParbox(tex: string): string {
  const open = "\\raggedright\\small ";
  let out = tex;
  for (let at = out.indexOf("\\parbox[t]"); at >= 0; at = out.indexOf("\\parbox[t]")) {
    const start = out.indexOf(open, at) + open.length;
    let depth = 1;
    let j = start;
    for (; depth > 0; j++) depth += out[j] === "{" ? 1 : out[j] === "}" ? -1 : 0;
    out = `${out.slice(0, at)}\\text{${out.slice(start, j - 1)}}${out.slice(j)}`;
  }
  return out;
}

function katexOk(tex: string, displayMode: boolean): void {
  try {
    katex.renderToString(withoutParbox(tex), { throwOnError: true, displayMode, strict: "ignore" });
  } catch (e) {
    throw new Error(`KaTeX rejects ${JSON.stringify(tex.slice(0, 200))}: ${(e as Error).message}`);
  }
}

/** Every math fragment of a LaTeX document: align* blocks, \[…\] blocks and $…$ (also inside \text). */
function latexFragments(doc: string): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  let rest = doc.replace(/\\begin\{align\*\}[\s\S]*?\\end\{align\*\}/g, (m) => {
    out.push([m, true]);
    return "";
  });
  rest = rest.replace(/\\\[([\s\S]*?)\\\]/g, (_m, body: string) => {
    out.push([body, true]);
    return "";
  });
  for (const m of rest.matchAll(/\$([^$]+)\$/g)) out.push([m[1] as string, false]);
  return out;
}

describe("LaTeX output", () => {
  it.each(cases)("%s: every math fragment renders with KaTeX", async (_name, argv) => {
    const r = await cli([...argv, "--format", "latex"]);
    expect(r.code, r.stderr).toBe(0);
    const fragments = latexFragments(r.stdout);
    expect(fragments.length).toBeGreaterThan(0);
    for (const [tex, display] of fragments) katexOk(tex, display);
    // KaTeX also checks the pieces that must stand alone in math: formulas inside align* lines
    expect(r.stdout).not.toMatch(/[∂σμ√Σ]/u);
  });

  it("writes fractions as -\\frac{5}{3} (the sign outside) and matrices as bmatrix", async () => {
    expect((await cli(["batchnorm", "1", "7", "7", "9", "--format", "latex"])).stdout).toContain(
      "\\left[-\\frac{5}{3}, \\frac{1}{3}",
    );
    const ridge = (await cli(["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "1/2", "--format", "latex"]))
      .stdout;
    expect(ridge).toContain("\\begin{bmatrix} 2 & 1 \\\\ 1 & 2 \\end{bmatrix}");
    expect(ridge).toContain("\\mathrm{x} &= \\left[\\frac{20}{21}, \\frac{34}{21}\\right]");
  });

  it("--standalone makes a complete document", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--format", "latex", "--standalone"]);
    expect(r.stdout.startsWith("\\documentclass{article}")).toBe(true);
    expect(r.stdout).toContain("\\usepackage{amsmath,amssymb}");
    expect(r.stdout.trimEnd().endsWith("\\end{document}")).toBe(true);
  });

  it("refuses --standalone without --format latex", async () => {
    const r = await cli(["batchnorm", "1", "7", "--standalone"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: --standalone: goes with --format latex/);
  });
});

describe("Markdown output", () => {
  const md = new MarkdownIt().use(dollarmathPlugin);

  it.each(cases)("%s: parses with tables and math intact", async (_name, argv) => {
    const r = await cli([...argv, "--format", "markdown"]);
    expect(r.code, r.stderr).toBe(0);
    const tokens = md.parse(r.stdout, {});
    const inline = tokens.flatMap((t) => t.children ?? []);
    const maths = inline.filter((t) => t.type === "math_inline").map((t) => t.content);
    // every $…$ we wrote came through as math, untouched by Markdown escapes
    const written = [...r.stdout.matchAll(/\$([^$\n]+)\$/g)].map((m) => m[1]);
    expect(maths).toEqual(written);
    for (const tex of maths) katexOk(tex, false);
    expect(tokens.some((t) => t.type === "heading_open")).toBe(true);
    const tables = r.stdout.split("\n").filter((l) => /^\s*\|---/.test(l)).length;
    expect(tokens.filter((t) => t.type === "table_open").length).toBe(tables);
  });

  it("puts the answer in bold with the steps as a numbered list", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--format", "markdown"]);
    const tokens = md.parse(r.stdout, {});
    expect(tokens.filter((t) => t.type === "ordered_list_open")).toHaveLength(1);
    expect(r.stdout).toContain("**Answer**");
    expect(r.stdout).toContain("- **xhat** = $\\left[-\\frac{5}{3}, \\frac{1}{3}, \\frac{1}{3}, 1\\right]$");
  });

  it("says ≈ before a rounded result and drops a repeated one, as the text and LaTeX do", async () => {
    const argv = ["init", "--scheme", "he-uniform", "--fan-in", "50"];
    const text = (await cli(argv)).stdout;
    const markdown = (await cli([...argv, "--format", "markdown"])).stdout;
    const latex = (await cli([...argv, "--format", "latex"])).stdout;
    expect(text).toContain("= √3·(1/5) ≈ 0.34641");
    expect(markdown).toContain("$= \\sqrt{3} \\cdot \\frac{1}{5} \\approx 0.34641$");
    expect(latex).toContain("&= \\sqrt{3} \\cdot \\frac{1}{5} \\approx 0.34641");
    // 2/50 = 1/25 prints as 0.04, exactly: "=" in all three
    expect(text).toContain("= 2/50 = 0.04");
    expect(markdown).toContain("$= \\frac{2}{50} = 0.04$");
  });

  it("renders a check report", async () => {
    const r = await cli([
      "batchnorm",
      "1",
      "7",
      "7",
      "9",
      "--format",
      "markdown",
      "--expect",
      '{"mean": 6, "variance": 10}',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("| variance | 10 | 9 | exact | ✗ | |");
  });
});
