// How dlsolve reads to a user: the rows of the presentation review, each
// tried as a user would (in-process; the terminal hint on a real terminal).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { displayWidth } from "../../src/text-width.js";
import { BIN, cli, ROOT, run, SPAWN_TIMEOUT_MS } from "../helpers.js";

describe("what a student types wrong gets a way to type it right", () => {
  it.each([
    [["mlp-grads", "--learning-rate", "1"], "unknown option '--learning-rate' (did you mean --lr?)"],
    [["mlp-grads", "--a", "1,-1"], "unknown option '--a' (did you mean --A?)"],
    [["ridge", "--l", "1"], "unknown option '--l' (did you mean --lambda?)"],
    [["batchnorm", "1", "2", "--unbiased"], "unknown option '--unbiased' (did you mean --variance unbiased?)"],
    [["mlp-grads", "--A", "1", "-1"], 'write a vector as 1,-1 or "1 -1"'],
    [["sigmoid-grad", "--z", "1", "2"], "--z: takes one token, and values outside it were given too: write --z 1,2"],
  ])("%j", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("takes one number for an answer that holds one value", async () => {
    const r = await cli(["sigmoid-grad", "0", "--expect", '{"derivative": 0.25, "sigmoid": "1/2"}', "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ all 2 checked values are right");
  });
});

describe("help and hints", () => {
  it("solve --help lists only what solve takes", async () => {
    const r = await cli(["solve", "--help"]);
    for (const hidden of ["--input", "--expect"]) expect(r.stdout).not.toContain(hidden);
    expect(r.stdout).toContain("--format");
    expect(r.stdout).toMatch(/--standalone +with --format latex: one document, a section per/);
  });

  it("no help or output calls the midterm review 'the seed'", async () => {
    for (const p of problems) {
      expect((await cli([p.name, "--help"])).stdout).not.toMatch(/\bseed\b/);
      for (const example of p.examples.slice(0, 2)) {
        const words = example.match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, "")) ?? [];
        expect((await cli(words)).stdout, example).not.toMatch(/\bseed\b/);
      }
    }
  });

  it("dlsolve solve at a terminal says it is waiting for JSON", () => {
    const hasScript = spawnSync("script", ["--version"]).status === 0;
    if (!hasScript) {
      console.warn("skipping: script(1) from util-linux is not installed");
      return;
    }
    // --foreground: dlsolve stays in the terminal's foreground group, so reading it does not stop the process
    const r = spawnSync(
      "script",
      ["-qec", `timeout --foreground 2 '${process.execPath}' '${BIN}' solve`, "/dev/null"],
      {
        encoding: "utf8",
        timeout: SPAWN_TIMEOUT_MS,
        killSignal: "SIGKILL",
      },
    );
    expect(r.stdout).toContain("reading problems as JSON from standard input; press Ctrl-D to end");
  });
});

describe("rounded values are marked", () => {
  it("a float answer shown rounded gets ≈; an exact one =", async () => {
    const r = await cli(["softmax-ce", "2", "1", "0", "--target", "1", "--quiet"]);
    expect(r.stdout).toMatch(/^loss +≈ 0\.407606$/m);
    const b = await cli(["batchnorm", "1", "7", "7", "9", "--quiet"]);
    expect(b.stdout).toMatch(/^mean +=/m);
  });

  it("a vector of fractions and rounded decimals marks each rounded entry, in every format", async () => {
    const r = await cli(["sigmoid-grad", "-2", "0", "2", "--quiet"]);
    expect(r.stdout).toContain("sigmoid    = [≈0.119203, 1/2, ≈0.880797]\n           ≈ [0.119203, 0.5, 0.880797]\n");
    const md = await cli(["sigmoid-grad", "-2", "0", "2", "--format", "markdown"]);
    expect(md.stdout).toContain("**sigmoid** = $\\left[\\approx 0.119203, \\frac{1}{2}, \\approx 0.880797\\right]$");
    const tex = await cli(["sigmoid-grad", "-2", "0", "2", "--format", "latex"]);
    expect(tex.stdout).toContain(
      "\\mathrm{sigmoid} &= \\left[\\approx 0.119203, \\frac{1}{2}, \\approx 0.880797\\right]",
    );
    // all rounded: one ≈ for the whole answer, in LaTeX too
    const all = await cli(["softmax-ce", "2", "1", "0", "--target", "1", "--format", "latex"]);
    expect(all.stdout).toMatch(/\\mathrm\{loss\} &\\approx 0\.407606/);
  });

  it("an exact value too long to write, shown as a decimal, is marked ≈ (mlp-grads relu steps)", async () => {
    const argv = ["mlp-grads", "--x", "1.5", "--y", "0.5", "--A", "0.5,-1", "--b", "0,0", "--C", "1,-2", "--d", "0.1"];
    const r = await cli([...argv, "--lr", "0.1", "--steps", "3", "--activation", "relu", "--quiet"]);
    expect(r.stdout).toMatch(/^next\.A +≈ \[0\.386713, -1\]$/m);
    expect(r.stdout).toMatch(/^losses += \[16088121\/25600000000, ≈1\.67936e-5, ≈4\.76888e-7\]\n +≈ \[0\.000628442, /m);
  });

  it("LaTeX writes ≈ before a rounded result, once", async () => {
    const r = await cli(["batchnorm", "1", "2", "4", "--format", "latex"]);
    expect(r.stdout).toContain("&= \\sqrt{\\frac{14}{9}} \\approx 1.24722");
    expect(r.stdout).toContain("&= \\frac{1 + 2 + 4}{3} = \\frac{7}{3} \\approx 2.33333\n");
    expect(r.stdout).toContain("\\mathrm{std} &\\approx 1.24722");
  });

  it("an mlp step reads loss → loss", async () => {
    const r = await cli([
      "mlp-grads",
      "--x",
      "1",
      "--y",
      "0",
      "--A",
      "1,-1",
      "--b",
      "0,0",
      "--C",
      "1,1",
      "--d",
      "0",
      "--lr",
      "0.5",
    ]);
    expect(r.stdout).toMatch(/loss 1 → [0-9.]+ after the step/);
  });

  it("batchnorm's backward pass names m, not an undefined D", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--dLdy", "1,0,0,0"]);
    expect(r.stdout).toContain("∂L/∂σ²·(−2/m)");
    expect(r.stdout).not.toContain("/D)");
  });
});

describe("every problem, with no numbers", () => {
  it.each(problems.map((p) => [p.name]))("dlsolve %s prints its derivation in symbols and exits 0", async (name) => {
    const r = await cli([name, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { answer: unknown; steps: unknown[] };
    expect(out.answer).toEqual({});
    expect(out.steps.length).toBeGreaterThan(0);
  });
});

describe("text fits the terminal", () => {
  const classFiles = ["exam", "review"].flatMap((dir) =>
    readdirSync(join(ROOT, "fixtures", dir))
      .filter((f) => f.endsWith(".json"))
      .map((f) => join("fixtures", dir, f)),
  );
  const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));

  it.each([60, 80])("every exam and review file at COLUMNS=%i", async (columns) => {
    for (const file of classFiles) {
      const r = await cli(["solve", join(ROOT, file)], { columns: Number(String(columns)) });
      expect(r.code, file).toBe(0);
      // the "══ 1. <path>[1] ══" record headers hold this checkout's absolute path: they are not laid out
      const body = r.stdout.split("\n").filter((l) => !l.startsWith("══ "));
      expect(widest(body.join("\n")), file).toBeLessThanOrEqual(columns);
    }
  });

  it("the sigmoid of a saturated unit at 80 columns: the reasons under their formulas, the table whole", async () => {
    const r = await cli(["sigmoid-grad", "-2", "0", "2", "40"], { columns: 80 });
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain(
      "  σ′(z) = σ(z)(1 − σ(z))\n      (exp(−z)/(1 + exp(−z)) = 1 − 1/(1 + exp(−z)) = 1 − σ(z))\n",
    );
    expect(r.stdout).toMatch(/│ z +│ exp\(−z\) +│ σ\(z\) +│ 1 − σ\(z\) +│ σ′\(z\) +│/);
  });

  it("a wide terminal gets the long lines whole; a narrow one gets them broken at '='", async () => {
    const wide = (await cli(["batchnorm", "1", "7", "7", "9"], { columns: 200 })).stdout;
    expect(wide).toContain("= ((1 − 6)² + (7 − 6)² + (7 − 6)² + (9 − 6)²)/4 = (25 + 1 + 1 + 9)/4 = 36/4 = 9\n");
    const narrow = (await cli(["batchnorm", "1", "7", "7", "9"], { columns: 60 })).stdout;
    expect(narrow).toContain(
      "     = ((1 − 6)² + (7 − 6)² + (7 − 6)² + (9 − 6)²)/4\n     = (25 + 1 + 1 + 9)/4 = 36/4 = 9\n",
    );
  });

  it("a matrix too wide splits into column groups that repeat the row numbers", async () => {
    const A = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: 9 }, (_, j) => ((i * 7 + j * 3) % 11) - 5).join(" "),
    );
    const b = Array.from({ length: 12 }, (_, i) => (i % 5) - 2).join(",");
    const r = await cli(["ridge", "--A", A.join("; "), "--b", b, "--lambda", "1/3"], { columns: 80 });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const step5 = r.stdout.slice(r.stdout.indexOf("AᵀA + λI"));
    // columns 1–4, 5–8 and 9 of the 9 × 9 matrix, each group with its row labels 1–9
    expect(step5).toMatch(/│ +│ 1 +│ 2 +│ 3 +│ 4 +│\n/);
    expect(step5).toMatch(/│ +│ 5 +│ 6 +│ 7 +│ 8 +│\n/);
    expect(step5).toMatch(/│ +│ 9 +│\n[^\n]*\n│? *│ 1 │ +26 │/);
  });

  it("an optimiser's step table repeats both t and i when it splits", () => {
    const r = run(["optimizer", "--method", "adam", "--theta", "1/2,-1", "--grads", "1 -2; 1/2 1/2", "--lr", "1/10"], {
      env: { COLUMNS: "80" },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    // the step table is split in two, and the second part starts with t and i again
    const heads = r.stdout.split("\n").filter((l) => /^ {2}│ t │ i │/.test(l));
    expect(heads.length).toBe(2);
    expect(heads[1]).toMatch(/│ t │ i │ (m̂ᵢ|v̂ᵢ)/);
  });

  it("COLUMNS below 40 is taken as 40", async () => {
    const at = async (columns: string) =>
      (await cli(["batchnorm", "1", "7", "7", "9"], { columns: Number(columns) })).stdout;
    const ten = await at("10");
    expect(ten).toBe(await at("40"));
    expect(ten).not.toBe(await at("80"));
  });
});

describe("solve --format latex --standalone", () => {
  it("is one document with a section per record, headed by its id (or its problem), its position beneath", async () => {
    const input = [
      JSON.stringify({ id: "s17", problem: "batchnorm", input: { x: [1, 7, 7, 9] } }),
      JSON.stringify({ problem: "sigmoid-grad", input: { z: [0] } }),
    ].join("\n");
    const r = await cli(["solve", "--format", "latex", "--standalone"], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/\\documentclass/g)).toHaveLength(1);
    expect(r.stdout.match(/\\end\{document\}/g)).toHaveLength(1);
    expect(r.stdout).toContain("\\section{s17}\n{\\raggedright\\noindent\\textit{stdin:1}\\par}");
    expect(r.stdout).toContain("\\section{sigmoid-grad}\n{\\raggedright\\noindent\\textit{stdin:2}\\par}");
    // each record's own headings one level down
    expect(r.stdout).toContain("\\subsection*{batchnorm: ");
    expect(r.stdout).toContain("\\subsubsection*{Step 1. Mean}");
  });
});

describe("the README's commands at 80 columns", () => {
  // a chart the README names (--plot conv.svg) is drawn here, not into the checkout
  const charts = mkdtempSync(join(tmpdir(), "dlsolve-readme-"));
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  // "dlsolve …" lines of its examples, without the comment, the redirection or a "$ " prompt
  const commands = [
    ...new Set(
      readme
        .split("\n")
        .map((l) => l.replace(/^\$ /, "").replace(/^npx /, ""))
        // a completion script is for the shell, not read at 80 columns (test/cli/completion.test.ts runs it)
        .filter((l) => l.startsWith("dlsolve ") && !l.includes("|") && !l.includes("--input"))
        .filter((l) => !l.startsWith("dlsolve completion "))
        .map((l) =>
          l
            .replace(/\s+#.*$/, "")
            .replace(/\s*>.*$/, "")
            .trim(),
        ),
    ),
  ];

  it("finds the examples", () => {
    expect(commands.length).toBeGreaterThan(15);
  });

  it.each(commands.filter((c) => !/--json|--format (json|markdown|latex|csv)/.test(c)))("%s", async (command) => {
    const words = (command.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).slice(1).map((a) => a.replace(/^(["'])(.*)\1$/, "$2"));
    // the shell's glob, for fixtures/review/*.json
    const argv = words.flatMap((w) => {
      if (w.endsWith(".svg")) return [join(charts, w)];
      const glob = /^(.*)\/\*(\.\w+)$/.exec(w);
      if (!glob) return [w];
      const dir = join(ROOT, glob[1] as string);
      return readdirSync(dir)
        .filter((f) => f.endsWith(glob[2] as string))
        .sort()
        .map((f) => join(dir, f));
    });
    const r = await cli(argv, { columns: 80 });
    // the README shows wrong answers (1) and bad input (2) too
    expect([0, 1, 2], r.stderr).toContain(r.code);
    const body = r.stdout.split("\n").filter((l) => !l.startsWith("══ ")); // record headings hold this checkout's path
    // a wider line is a single token that cannot be broken
    for (const line of body.filter((l) => displayWidth(l) > 80)) expect(line.trim()).not.toMatch(/ /);
  });
});

describe("the golden outputs", () => {
  const dir = join(ROOT, "test", "golden");
  it.each(readdirSync(dir).filter((f) => f.endsWith(".txt")))("%s fits 80 columns", (file) => {
    const wide = readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter((l) => displayWidth(l) > 80 && !l.startsWith("══ "));
    // only a single token that cannot be broken may be wider
    for (const line of wide) expect(line.trim()).not.toMatch(/ /);
  });
});
