// dlsolve practice (SPEC 4.12) as a user runs it: statements, answers, the
// same bytes for the same seed, NDJSON that solve reads back and checks.
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { displayWidth } from "../../src/text-width.js";
import { cli } from "../helpers.js";

describe("dlsolve practice", () => {
  it("batchnorm --seed 7 --count 3: three statements that fit 80 columns, and no answers", async () => {
    const r = await cli(["practice", "batchnorm", "--seed", "7", "--count", "3"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.match(/^Problem \d · batchnorm \(id p7-\d\)$/gm)).toEqual([
      "Problem 1 · batchnorm (id p7-1)",
      "Problem 2 · batchnorm (id p7-2)",
      "Problem 3 · batchnorm (id p7-3)",
    ]);
    expect(r.stdout).toContain("(b) Compute the normalised values x̂ᵢ = (xᵢ − μ)/σ.");
    expect(r.stdout).not.toContain("Step 1");
    expect(Math.max(...r.stdout.split("\n").map(displayWidth))).toBeLessThanOrEqual(80);
  });

  it("gives the same bytes for the same seed in separate processes, and other problems for another seed", async () => {
    const a = await cli(["practice", "--seed", "123", "--count", "12"]);
    const b = await cli(["practice", "--seed", "123", "--count", "12"]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect((await cli(["practice", "--seed", "124", "--count", "12"])).stdout).not.toBe(a.stdout);
  });

  it("without --seed draws one and says it on stderr; that seed gives the same problems again", async () => {
    const r = await cli(["practice", "ridge"]);
    const m = /^dlsolve practice: seed (\d+) \(--seed \1 gives these problems again\)\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect((await cli(["practice", "ridge", "--seed", m?.[1] as string])).stdout).toBe(r.stdout);
  });

  it("one of each problem when none is named", async () => {
    const r = await cli(["practice", "--seed", "5"]);
    const names = [...r.stdout.matchAll(/^Problem \d+ · (\S+)/gm)].map((m) => m[1]);
    expect(names).toHaveLength(problems.length);
    expect(new Set(names).size).toBe(problems.length);
  });

  it("--answers puts the worked solution after each statement", async () => {
    const r = await cli(["practice", "batchnorm", "--seed", "7", "--count", "2", "--answers"]);
    const at = (s: string) => r.stdout.indexOf(s);
    expect(at("Problem 1 ·")).toBeLessThan(at("Answer to problem 1:"));
    expect(at("Answer to problem 1:")).toBeLessThan(at("Problem 2 ·"));
    expect(at("Problem 2 ·")).toBeLessThan(at("Answer to problem 2:"));
    // seed 7's first batch is -2 6 0 0: μ = 1, σ² = 9
    expect(r.stdout).toContain("x = [-2, 6, 0, 0]");
    expect(r.stdout).toContain("= (-2 + 6 + 0 + 0)/4 = 4/4 = 1");
    expect(r.stdout).toContain("= (9 + 25 + 1 + 1)/4 = 36/4 = 9");
  });

  it("--json: problem objects that solve reads back; with --answers their expect all passes", async () => {
    const plain = await cli(["practice", "--seed", "9", "--count", "20", "--json"]);
    const records = plain.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(20);
    for (const rec of records) expect(Object.keys(rec)).toEqual(["problem", "input", "id"]);
    expect((await cli(["solve", "--quiet"], { input: plain.stdout })).code).toBe(0);
    const keyed = await cli(["practice", "--seed", "9", "--count", "30", "--json", "--answers"]);
    const solved = await cli(["solve", "--quiet"], { input: keyed.stdout });
    expect(solved.code, solved.stderr).toBe(0);
    expect(solved.stderr).toContain("30 problems: 30 solved; checks: 30 passed, 0 failed");
    // and a wrong answer in one of them is caught
    const tampered = keyed.stdout.replace(/"expect":\{"mean":"(-?\d+)"/, '"expect":{"mean":"$1.5"');
    expect(tampered).not.toBe(keyed.stdout);
    expect((await cli(["solve", "--quiet"], { input: tampered })).code).toBe(1);
  });

  it("--format markdown: a heading per problem, the parts as paragraphs", async () => {
    const r = await cli(["practice", "sigmoid-grad", "--seed", "2", "--format", "markdown", "--answers"]);
    expect(r.stdout).toMatch(/^# Problem 1 · sigmoid-grad \(id p2-1\)$/m);
    expect(r.stdout).toMatch(/^\(b\) Evaluate σ\(z\) and σ′\(z\) at z = /m);
    expect(r.stdout).toContain("## Answer to problem 1");
  });

  it("--format latex --standalone --answers: one document, the problems, then the answer key", async () => {
    const r = await cli(["practice", "--seed", "1", "--format", "latex", "--standalone", "--answers"]);
    expect(r.stdout.match(/\\documentclass/g)).toHaveLength(1);
    const key = r.stdout.indexOf("\\section*{Answer key}");
    expect(key).toBeGreaterThan(r.stdout.lastIndexOf("\\subsection*{Problem 10}\n\\noindent\\textit"));
    expect(r.stdout.trimEnd().endsWith("\\end{document}")).toBe(true);
  });
});

describe("dlsolve practice: bad options", () => {
  it.each([
    [["practice", "batchnrom"], 'practice: unknown problem "batchnrom" (did you mean "batchnorm"?)'],
    [["practice", "--seed", "-1"], '--seed: expected a whole number from 0 to 4294967295, got "-1"'],
    [["practice", "--seed", "1.5"], '--seed: expected a whole number from 0 to 4294967295, got "1.5"'],
    [["practice", "--count", "0"], '--count: expected a whole number from 1 to 1000, got "0"'],
    [["practice", "--count", "1001"], '--count: expected a whole number from 1 to 1000, got "1001"'],
    [["practice", "--format", "csv"], '--format: "csv" is for solve --grades'],
    [["practice", "--standalone"], "--standalone: goes with --format latex"],
  ])("%j: one line, exit 2", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toContain(message);
  });
});
