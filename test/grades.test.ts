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
    const g = gradeOf(
      where,
      check,
      new Map([
        ["mean", 1],
        ["xhat", 3],
        ["y", 1],
      ]),
    );
    expect([g.checked, g.right, g.pointsChecked, g.pointsRight]).toEqual([3, 1, 5, 1]);
    expect(g.score).toBeCloseTo(1 / 5, 15);
    expect(g.mistakes).toEqual(["unbiased-variance"]); // once, however many fields show it
    expect(g.fields.map((f) => f.passed)).toEqual([true, false, false]);
    expect(g.notes).toEqual(["xhat: unbiased-variance", "y: unbiased-variance"]);
  });

  it("without points every field checked is worth one point", () => {
    const g = gradeOf(where, result([item("mean", "mean", true), item("y[1]", "y", false)]));
    expect([g.checked, g.right, g.pointsChecked, g.pointsRight]).toEqual([2, 1, 2, 1]);
    expect(g.notes).toEqual(["y: wrong"]); // no mistake named: the field is still named
  });

  it("with points, the fields are the points': one not checked scores 0 and one not in points is not graded", () => {
    const check = result([item("mean", "mean", true), item("variance", "variance", false)]);
    const g = gradeOf(
      where,
      check,
      new Map([
        ["mean", 1],
        ["y", 2],
      ]),
    );
    expect(g.fields.map((f) => [f.field, f.passed])).toEqual([
      ["mean", true],
      ["y", false],
    ]);
    expect([g.pointsRight, g.pointsChecked]).toEqual([1, 3]);
  });

  it("a group's points cover every answer under it", () => {
    const check = result([item("grad.d", "grad.d", true), item("grad.x[1]", "grad.x", false, "sign-flip")]);
    const g = gradeOf(where, check, new Map([["grad", 2]]));
    expect(g.fields).toHaveLength(1);
    expect(g.fields[0]).toMatchObject({ field: "grad", passed: false, points: 2, diagnosis: { mistake: "sign-flip" } });
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

  it("totals each student's points over their questions and lists the questions missed", () => {
    const book = new GradeBook();
    const as = (student: string, question: string) => ({ ...where, id: `${student}/${question}`, student, question });
    const pts = new Map([
      ["a", 2],
      ["b", 1],
    ]);
    book.add(gradeOf(as("ana", "q1"), result([item("a", "a", true), item("b", "b", true)]), pts));
    book.add(gradeOf(as("ben", "q1"), result([item("a", "a", true), item("b", "b", false)]), pts));
    book.add(gradeOf(as("ana", "q2"), result([item("a", "a", false), item("b", "b", true)]), pts));
    book.add(ungraded(as("ben", "q9"), 'question: "q9" is not in key.json'));
    const s = book.summary();
    expect(s.students).toEqual([
      { student: "ana", pointsRight: 4, pointsPossible: 6, score: 4 / 6, missed: ["q2"] },
      { student: "ben", pointsRight: 2, pointsPossible: 3, score: 2 / 3, missed: ["q1", "q9 (not graded)"] },
    ]);
    expect([s.notAnswered, s.unexplained]).toEqual([0, 2]);
  });

  it("counts the fields left blank apart from the other unexplained wrong ones", () => {
    const book = new GradeBook();
    const blank: CheckItem = { ...item("v", "v", false), reason: "not answered" };
    book.add(gradeOf(where, result([blank, item("m", "m", false), item("t", "t", false, "update-sign")])));
    expect(book.summary()).toMatchObject({ notAnswered: 1, unexplained: 1, mistakes: [["update-sign", 1]] });
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
