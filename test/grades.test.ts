// Grades from check results (SPEC 6.3), without the command around them.
import { describe, expect, it } from "vitest";
import type { CheckItem, CheckResult } from "../src/check.js";
import { GradeBook, gradeOf, MISTAKE_MEANINGS, ungraded } from "../src/grades.js";

const item = (field: string, group: string, passed: boolean, mistake?: string): CheckItem => ({
  field,
  group,
  expected: "0",
  computed: 0,
  passed,
  ...(mistake ? { diagnosis: { mistake, message: mistake } } : {}),
});
const result = (items: CheckItem[]): CheckResult => ({
  passed: items.every((i) => i.passed),
  items,
  wrong: [],
  right: [],
});
const where = { id: "s1", position: "f:1", problem: "batchnorm" };

describe("gradeOf", () => {
  it("a field is right only when every entry is; the score weighs fields by points", () => {
    const check = result([
      item("mean", "mean", true),
      item("xhat[1]", "xhat", true),
      item("xhat[2]", "xhat", false, "unbiased-variance"),
      item("y[1]", "y", false, "unbiased-variance"),
    ]);
    const g = gradeOf(where, check, new Map([["xhat", 3]]));
    expect([g.checked, g.right, g.pointsChecked, g.pointsRight]).toEqual([3, 1, 5, 1]);
    expect(g.score).toBeCloseTo(1 / 5, 15);
    expect(g.mistakes).toEqual(["unbiased-variance"]); // once, however many fields show it
    expect(g.fields.map((f) => f.passed)).toEqual([true, false, false]);
  });

  it("every field worth 0 points leaves no score, rather than 0/0", () => {
    const g = gradeOf(where, result([item("mean", "mean", false)]), new Map([["mean", 0]]));
    expect(g.score).toBeNull();
  });
});

describe("GradeBook", () => {
  it("averages the graded records only and ranks mistakes by how many records made them", () => {
    const book = new GradeBook();
    book.add(gradeOf(where, result([item("a", "a", true), item("b", "b", false, "sign-flip")])));
    book.add(gradeOf(where, result([item("a", "a", false, "update-sign"), item("b", "b", false, "sign-flip")])));
    book.add(gradeOf(where, result([item("a", "a", true)])));
    book.add(ungraded(where, "input.x: missing"));
    book.add(gradeOf(where, undefined));
    const s = book.summary();
    expect(s).toMatchObject({ records: 5, graded: 3, errors: 1, unchecked: 1, fullMarks: 1 });
    expect(s.meanScore).toBeCloseTo((0.5 + 0 + 1) / 3, 15);
    expect(s.mistakes).toEqual([
      ["sign-flip", 2],
      ["update-sign", 1],
    ]);
  });

  it("every mistake id a problem can name has a meaning for the summary", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL("../src/problems/", import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const ids = files.flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/\bid: "([a-z0-9-]+)"/g)]);
    expect(ids.length).toBeGreaterThanOrEqual(17);
    for (const [, id] of ids) expect(MISTAKE_MEANINGS, id).toHaveProperty([id as string]);
  });
});
