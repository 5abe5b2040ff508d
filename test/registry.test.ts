// What every registered problem must come with. Adding a problem to
// src/problems/index.ts without these fails here, naming what is missing
// (CONTRIBUTING.md lists the steps).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problems } from "../src/problems/index.js";
import { cli, ROOT, shellWords } from "./helpers.js";

/** The keys of an answer, with groups flattened: grad.x, next.A; path stays one field. */
function answerKeys(answer: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(answer).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? answerKeys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

const testSources = readdirSync(join(ROOT, "test", "problems")).map((f) =>
  readFileSync(join(ROOT, "test", "problems", f), "utf8"),
);

describe.each(problems.map((p) => [p.name, p] as const))("%s", (name, problem) => {
  it("has independent reference answers, and a test that reads them", () => {
    expect(existsSync(join(ROOT, "test", "reference", `${name}.json`)), `test/reference/${name}.json`).toBe(true);
    expect(
      testSources.some((s) => s.includes(`reference("${name}")`)),
      `a test calling reference("${name}")`,
    ).toBe(true);
  });

  it("has an exam fixture and a golden output", () => {
    const fixtures = readdirSync(join(ROOT, "fixtures", "exam"));
    expect(
      fixtures.some((f) => f.startsWith(`${name}.`)),
      `fixtures/exam/${name}.json or .ndjson`,
    ).toBe(true);
    const golden = readdirSync(join(ROOT, "test", "golden"));
    expect(
      golden.some((f) => f.startsWith(`${name}-`) && f.endsWith(".txt")),
      `test/golden/${name}-*.txt`,
    ).toBe(true);
  });

  it("declares every answer field its examples produce", async () => {
    for (const example of problem.examples) {
      const r = await cli([...shellWords(example).filter((w) => w !== "--json"), "--json"]);
      expect(r.code, example).toBe(0);
      const { answer } = JSON.parse(r.stdout) as { answer: Record<string, unknown> };
      // a group whose fields are the input's names (graph's grad.x) is declared by its own name
      const declared = (key: string) =>
        Object.keys(problem.answers).some((k) => k === key || (key.startsWith(`${k}.`) && !k.includes(".")));
      for (const key of answerKeys(answer)) expect(declared(key), `${example}: ${key} is declared`).toBe(true);
    }
  });

  it("has an --expect example whose every check passes", async () => {
    const words = shellWords(problem.expectExample);
    expect(words[0]).toBe(name);
    expect(words).toContain("--expect");
    const r = await cli(words);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ all \d+ checked values are right/);
  });
});
