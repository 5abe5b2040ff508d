// `--quiet` solves without building the steps nothing prints (solve(input, { steps: false })).
// The answer must not change: every exam and review record is solved both ways and compared.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldsFromJson } from "../src/input/fields.js";
import { findProblem, problems } from "../src/problems/index.js";
import { solveProblem } from "../src/problems/problem.js";
import { ROOT, run } from "./helpers.js";

interface FixtureRecord {
  id?: string;
  problem: string;
  input: Record<string, unknown>;
}

const records: Array<[string, FixtureRecord]> = ["exam", "review"].flatMap((dir) =>
  readdirSync(join(ROOT, "fixtures", dir)).flatMap((f) => {
    const text = readFileSync(join(ROOT, "fixtures", dir, f), "utf8");
    const values: FixtureRecord[] = f.endsWith(".ndjson")
      ? text
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l))
      : [JSON.parse(text)].flat();
    return values.map((r, i): [string, FixtureRecord] => [`${dir}/${f}[${i + 1}] ${r.id ?? ""}`, r]);
  }),
);

describe("solving without steps (--quiet)", () => {
  it("reads every problem's exam fixture", () => {
    expect(new Set(records.map(([, r]) => r.problem)).size).toBe(problems.length);
  });

  it.each(records)("%s: the same answer and warnings as with the steps", (_, record) => {
    const problem = findProblem(record.problem);
    expect(problem).toBeDefined();
    if (!problem) return;
    const fields = () => fieldsFromJson(record.input, problem.fields, problem.name);
    const full = solveProblem(problem, fields());
    const bare = solveProblem(problem, fields(), { steps: false });
    expect(full.steps.length).toBeGreaterThan(0);
    expect(bare.answer).toEqual(full.answer);
    expect(bare.warnings).toEqual(full.warnings);
    expect(bare.input).toEqual(full.input);
    expect(bare.summary).toBe(full.summary);
    // batch normalisation, the problem of a 10,000-record stream, builds none
    if (record.problem === "batchnorm") expect(bare.steps).toEqual([]);
  });

  it("--quiet with a wrong answer still names the step to look at", () => {
    const r = run(["batchnorm", "1", "7", "7", "9", "--quiet", "--expect", '{"mean": 6, "variance": 12}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("look first at variance (Step 2. Variance)");
    const j = JSON.parse(
      run(["solve", "--json", "--quiet"], {
        input: JSON.stringify({ problem: "batchnorm", input: { x: [1, 7, 7, 9] }, expect: { variance: 12 } }),
      }).stdout,
    );
    expect(j.check.firstWrongStep).toBe(2);
    expect(j.steps).toBeUndefined();
  });
});
