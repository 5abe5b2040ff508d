// solve --grades (SPEC 6.3): a class file graded, compared with a table worked
// out by hand; CSV read back; points; every format; exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/text-width.js";
import { cli, ROOT } from "../helpers.js";

const CLASS = join(ROOT, "fixtures", "class", "hw3.ndjson");
const tmp = mkdtempSync(join(tmpdir(), "dlsolve-grades-"));
let n = 0;
function file(lines: unknown[]): string {
  const f = join(tmp, `class${n++}.ndjson`);
  writeFileSync(f, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
  return f;
}

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

// The class file by hand. Batchnorm of 1 7 7 9 with γ = 2, β = 1 is worth mean 1, variance 1, xhat 2, y 2
// (6 points); softmax-ce of 2 1 0 with class 1 gives a point per field. s09/q1's input is not a number.
const HAND: Array<[string, string, number, number, string, string]> = [
  ["s01/q1", "batchnorm", 4, 4, "1", ""],
  ["s01/q2", "softmax-ce", 3, 3, "1", ""],
  // only the mean: 1 of 6 points
  ["s02/q1", "batchnorm", 4, 1, "0.1667", "variance: unbiased-variance; xhat: unbiased-variance; y: unbiased-variance"],
  ["s02/q2", "softmax-ce", 3, 3, "1", ""],
  ["s03/q1", "batchnorm", 4, 3, "0.6667", "y: forgot-affine"], // y = x̂: 4 of 6
  ["s03/q2", "softmax-ce", 3, 2, "0.6667", "grad: sign-flip"],
  ["s04/q1", "batchnorm", 4, 3, "0.8333", "variance: std-for-variance"], // variance 3: 5 of 6
  ["s04/q2", "softmax-ce", 3, 2, "0.6667", "loss: wrong"], // loss 0.39: no known mistake gives it
  ["s05/q1", "batchnorm", 4, 3, "0.6667", "xhat: divided-by-variance"],
  ["s05/q2", "softmax-ce", 3, 3, "1", ""],
  ["s06/q1", "batchnorm", 4, 4, "1", ""],
  // p as a string
  ["s06/q2", "softmax-ce", 3, 2, "0.6667", "p: p is a list of 3 values; write them as an array [a, b, …]"],
  ["s07/q1", "batchnorm", 4, 3, "0.8333", 'variance: expected a number or a string such as "-5/3", got null'],
  ["s07/q2", "softmax-ce", 3, 3, "1", ""],
  ["s08/q1", "batchnorm", 1, 1, "1", ""], // only the mean asked and given
  ["s08/q2", "softmax-ce", 2, 2, "1", ""], // 0.41, −0.33 … right to the digits written
  ["s09/q1", "batchnorm", 0, 0, "", 'not graded: input.x[3]: is not a number: "7a"'],
  ["s09/q2", "softmax-ce", 3, 3, "1", ""],
  ["s10/q1", "batchnorm", 4, 4, "1", ""],
  ["s10/q2", "softmax-ce", 3, 3, "1", ""],
  ["s11/q1", "batchnorm", 4, 3, "0.8333", "variance: unbiased-variance"],
  ["s11/q2", "softmax-ce", 3, 2, "0.6667", "grad: sign-flip"],
  ["s12/q1", "batchnorm", 4, 3, "0.6667", "xhat: you gave 3 values; the answer has 4"],
  ["s12/q2", "softmax-ce", 1, 1, "1", ""],
];

describe("solve --grades over a class file", () => {
  it("writes the CSV a spreadsheet reads back as the table worked out by hand", async () => {
    const r = await cli(["solve", CLASS, "--grades", "--format", "csv"]);
    expect(r.code).toBe(2); // s09/q1 could not be solved
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(["id", "problem", "checked", "right", "score", "mistakes"]);
    expect(rows).toEqual(HAND.map((h) => h.map(String)));
    // the bad record is named on stderr, and the summary goes there too, out of the CSV
    expect(r.stderr).toContain(`dlsolve: error: ${CLASS}:17 (id s09/q1): input.x[3]: is not a number: "7a"`);
    expect(r.stderr).toMatch(/^dlsolve solve --grades: 24 records: 23 graded, 1 with an error; mean score 84\.1%/m);
  });

  it("prints a table that fits 80 columns, then the summary", async () => {
    const r = await cli(["solve", CLASS, "--grades"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^id +problem +checked +right +score +mistakes$/);
    expect(r.stdout).toMatch(/^s02\/q1 +batchnorm +4 +1 +16\.7% +variance:\u00a0unbiased-variance;$/m);
    expect(r.stdout).toMatch(/^s09\/q1 +batchnorm +0 +0 +— +not graded: input\.x\[3\]/m);
    // an answer that could not be read says so in the table
    expect(r.stdout).toMatch(/^s07\/q1 .* 83\.3% +variance: expected a number/m);
    expect(r.stdout).toContain("24 records: 23 graded, 1 with an error");
    // (12 + 1/6 + 7·(2/3) + 3·(5/6)) / 23 = 0.8406
    expect(r.stdout).toContain("mean score 84.1% over the graded records; 12 with full marks");
    expect(r.stdout).toMatch(/mistakes, most common first:\n {2}unbiased-variance +2 records +the variance/);
    expect(r.stdout).toMatch(/^ {2}sign-flip +2 records/m);
    // no solutions
    expect(r.stdout).not.toContain("Step 1");
  });

  it("--json: one row per record with every field, its points and its diagnosis", async () => {
    const r = await cli(["solve", CLASS, "--grades", "--json"]);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(24);
    const s02 = rows[2];
    expect(s02).toMatchObject({
      id: "s02/q1",
      position: `${CLASS}:3`,
      problem: "batchnorm",
      checked: 4,
      right: 1,
      score: 0.1667,
      points: { right: 1, checked: 6 },
    });
    expect(
      s02.fields.map((f: { field: string; passed: boolean; points: number }) => [f.field, f.passed, f.points]),
    ).toEqual([
      ["mean", true, 1],
      ["variance", false, 1],
      ["xhat", false, 2],
      ["y", false, 2],
    ]);
    expect(s02.fields[1].diagnosis).toEqual({
      mistake: "unbiased-variance",
      message: "your variance 12 is what dividing by m − 1 = 3 gives; batchnorm divides by m = 4",
    });
    expect(rows[11].fields[0]).toMatchObject({ field: "p", passed: false, reason: expect.stringContaining("array") });
    expect(rows[16]).toMatchObject({ id: "s09/q1", checked: 0, score: null, error: expect.stringContaining("7a") });
  });

  it("--format markdown: a table row per record and the summary", async () => {
    const r = await cli(["solve", CLASS, "--grades", "--format", "markdown"]);
    expect(r.stdout.split("\n").filter((l) => /^\| s\d\d\\?\/q\d /.test(l))).toHaveLength(24);
    expect(r.stdout).toContain("| id | problem | checked | right | score | mistakes |");
    expect(r.stdout).toContain("**24 records: 23 graded, 1 with an error**");
    expect(r.stdout).toContain("- `unbiased-variance` (2 records):");
  });
});

describe("points and exit codes", () => {
  const bn = (expect: unknown, extra: object = {}) => ({
    problem: "batchnorm",
    input: { x: [1, 7, 7, 9] },
    expect,
    ...extra,
  });

  it("a vector field is right only when every entry is; points weigh the fields", async () => {
    const f = file([bn({ mean: 6, xhat: ["-5/3", "1/3", "1/3", 2] }, { id: "a", points: { mean: 1, xhat: 3 } })]);
    const [header, row] = parseCsv((await cli(["solve", f, "--grades", "--format", "csv"])).stdout);
    expect(header?.[4]).toBe("score");
    expect(row).toEqual(["a", "batchnorm", "2", "1", "0.25", "xhat: wrong"]);
  });

  it("points may be nested like expect; with points, the fields graded are the points'", async () => {
    const rec = {
      problem: "mlp-grads",
      input: { x: 1, y: 0, A: [2, -1], b: [0, 0], C: [1, 1], d: 0, activation: "relu" },
      expect: { loss: 4, grad: { d: 2, C: [8, 0] } },
      points: { loss: 1, grad: { d: 2, C: 1 } },
    };
    const r = await cli(["solve", file([rec]), "--grades", "--json"]);
    const row = JSON.parse(r.stdout);
    expect(
      row.fields.map((x: { field: string; points: number; passed: boolean }) => [x.field, x.points, x.passed]),
    ).toEqual([
      ["loss", 1, true],
      ["grad.d", 2, false],
      ["grad.C", 1, true],
    ]);
    expect(row.score).toBe(0.5);
    expect(row.fields[1].diagnosis.mistake).toBe("missing-factor-2");
    expect(row.mistakes).toEqual(["grad.d: missing-factor-2"]);
  });

  it("a field the points ask for and expect leaves out is wrong, not answered: a blank never scores", async () => {
    const rec = {
      id: "s14/q1",
      problem: "optimizer",
      input: { method: "adam", theta: [1], grads: [0.5], lr: 0.1 },
      expect: { theta: [0.9] },
      points: { theta: 1, m: 1, v: 1 },
    };
    const r = await cli(["solve", file([rec]), "--grades", "--format", "csv"]);
    expect(r.code).toBe(1);
    expect(parseCsv(r.stdout)[1]).toEqual([
      "s14/q1",
      "optimizer",
      "3",
      "1",
      "0.3333",
      "m: not answered; v: not answered",
    ]);
    // points alone, no expect: every field not answered
    const blank = await cli(["solve", file([{ ...rec, expect: undefined }]), "--grades", "--format", "csv"]);
    expect(parseCsv(blank.stdout)[1]?.slice(2, 5)).toEqual(["3", "0", "0"]);
  });

  it.each([
    [{ mean: 1, varience: 2 }, 'points.varience: is not an answer field of this problem (did you mean "variance"?)'],
    [{ mean: -1 }, "points.mean: expected a number ≥ 0, got -1"],
    [[1, 2], "points: expected an object of points per answer field"],
    [{}, "points: is empty"],
  ])("bad points %j: that record is an error naming the key, the others are graded", async (points, message) => {
    const f = file([bn({ mean: 6, variance: 9 }, { points }), bn({ mean: 6 })]);
    const r = await cli(["solve", f, "--grades", "--format", "csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(
      parseCsv(r.stdout)
        .slice(1)
        .map((row) => row[5]?.replace(/:.*/s, "")),
    ).toEqual(["not graded", ""]);
  });

  it("exit 0 when every record is right, 1 when a check failed, 2 when a record could not be solved", async () => {
    expect((await cli(["solve", file([bn({ mean: 6 })]), "--grades"])).code).toBe(0);
    expect((await cli(["solve", file([bn({ mean: 6 }), bn({ mean: 5 })]), "--grades"])).code).toBe(1);
    expect((await cli(["solve", file([bn({ mean: 5 }), "{bad"]), "--grades"])).code).toBe(2);
  });

  it("a record without expect is listed, not graded, and left out of the mean", async () => {
    const r = await cli(["solve", file([bn(undefined), bn({ mean: 6 })]), "--grades"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+:1 +batchnorm +0 +0 +— +nothing to check/m);
    expect(r.stdout).toContain("2 records: 1 graded, 1 with nothing to check");
    expect(r.stdout).toContain("mean score 100%");
  });

  it("a file that cannot be read is an input error on stderr, not a row of any format; exit 2", async () => {
    const missing = join(tmp, "no-such-class.ndjson");
    const args = ["solve", file([bn({ mean: 6, variance: 12 }, { id: "a" })]), missing, "--grades"];
    const text = await cli(args);
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(`dlsolve: error: ${missing}: no such file\n`);
    expect(text.stdout).not.toContain("no-such-class");
    expect(text.stdout).toContain("1 record: 1 graded; 1 input error\n");
    const csv = await cli([...args, "--format", "csv"]);
    expect(parseCsv(csv.stdout).map((row) => row[0])).toEqual(["id", "a"]);
    expect(csv.stderr).toContain("dlsolve solve --grades: 1 record: 1 graded; 1 input error;");
    const json = await cli([...args, "--json"]);
    expect(
      json.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["a"]);
    expect(json.code).toBe(2);
  });

  it("CSV cells with commas, quotes or a leading = read back as written (the = made inert)", async () => {
    const f = file([bn({ mean: 6 }, { id: 'Doe, "J"' }), bn({ mean: 6 }, { id: "=1+1" })]);
    const rows = parseCsv((await cli(["solve", f, "--grades", "--format", "csv"])).stdout);
    expect(rows.map((r) => r[0])).toEqual(["id", 'Doe, "J"', "'=1+1"]);
  });
});

describe("solve without --grades", () => {
  it("names the records whose check failed in its summary, the first eight", async () => {
    const r = await cli(["solve", CLASS, "--quiet"]);
    expect(r.stderr).toContain(
      "checks: 12 passed, 11 failed (s02/q1, s03/q1, s03/q2, s04/q1, s04/q2, s05/q1, s06/q2, s07/q1, and 3 more)",
    );
  });
});

describe("--grades options", () => {
  it.each([
    [["--format", "csv"], '--format: "csv" is for solve --grades, a table of grades'],
    [["--grades", "--format", "latex"], "--grades: prints text, csv, markdown, json; not latex"],
  ])("%j is refused in one line", async (flags, message) => {
    const r = await cli(["solve", CLASS, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`dlsolve: error: ${message}\n`);
    expect(r.stdout).toBe("");
  });

  it("reads a class from standard input too, the same grades as from the file", async () => {
    const fromFile = await cli(["solve", CLASS, "--grades", "--format", "csv"]);
    const piped = await cli(["solve", "--grades", "--format", "csv"], { input: readFileSync(CLASS, "utf8") });
    expect(piped.code).toBe(2);
    const ids = (csv: string) => parseCsv(csv).map((row) => row.join("|"));
    expect(ids(piped.stdout)).toEqual(ids(fromFile.stdout));
    expect(piped.stderr).toContain("stdin:17 (id s09/q1)");
  });
});

// The example class of the README: five students, four questions of an answer key (fixtures/class/hw4-key.json),
// worked by hand. Points: q1 mean 1, variance 1, xhat 2, y 2; q2 p 2, loss 1, grad 2; q3 output 1, params 1,
// macs 2; q4 theta 2, m 1, v 1 — 19 in all.
const KEY = join(ROOT, "fixtures", "class", "hw4-key.json");
const CLASS4 = join(ROOT, "fixtures", "class", "hw4.ndjson");
const STUDENTS = [
  // ana: all right
  ["ana", "19", "19", "100", ""],
  // ben: q1 unbiased variance (mean only: 1), q2 NaN everywhere (0), q3 right (4), q4 θ alone (2)
  ["ben", "7", "19", "36.8", "q1; q2; q4"],
  // cai: q1 y = x̂ (4), q2 sign-flip (3), q3 no + 1 in output and MACs (1), q4 no bias correction (2)
  ["cai", "10", "19", "52.6", "q1; q2; q3; q4"],
  // dee: q1 variance 3 and three x̂ (3), q2 right (5), q3 one conv's bias left out (3), q4 θ + α·g (2)
  ["dee", "13", "19", "68.4", "q1; q3; q4"],
  // eli: q1 x̂ over σ², y blank (2), q2 loss wrong (4), "Q3" not in the key, q4 right (4)
  ["eli", "10", "15", "66.7", "q1; q2; Q3 (not graded)"],
];

describe("a class against an answer key (--key): students, blanks, totals", () => {
  it("CSV: a row per record with each wrong field's mistake, then a row per student after a blank line", async () => {
    const r = await cli(["solve", CLASS4, "--key", KEY, "--grades", "--format", "csv"]);
    expect(r.code).toBe(2); // eli's Q3 is not in the key
    const [records, students] = r.stdout.split("\n\n") as [string, string];
    const rows = parseCsv(records);
    expect(rows[0]).toEqual(["id", "problem", "checked", "right", "score", "mistakes"]);
    expect(rows).toHaveLength(21);
    const byId = new Map(rows.map((row) => [row[0], row]));
    expect(byId.get("ben/q2")?.[5]).toBe("p: softmax-overflow; loss: softmax-overflow; grad: softmax-overflow");
    expect(byId.get("ben/q4")?.slice(2)).toEqual(["3", "1", "0.5", "m: not answered; v: not answered"]);
    expect(byId.get("cai/q3")?.slice(2)).toEqual(["3", "1", "0.25", "output: no-plus-one; macs: no-plus-one"]);
    expect(byId.get("dee/q1")?.[5]).toBe("variance: std-for-variance; xhat: you gave 3 values; the answer has 4");
    expect(byId.get("eli/Q3")?.[5]).toMatch(
      /^not graded: question: "Q3" is not in .*hw4-key\.json \(did you mean "q3"\?\)/,
    );
    expect(parseCsv(students)).toEqual([["student", "points", "possible", "percent", "missed"], ...STUDENTS]);
    expect(r.stderr).toContain('question: "Q3" is not in');
  });

  it("text: the records, the per-student table and every mistake seen, within 80 columns", async () => {
    const r = await cli(["solve", CLASS4, "--key", KEY, "--grades"]);
    // the key's path is one word, as long as the checkout's place makes it
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .filter((l) => !l.includes(KEY));
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^per student:\nstudent +points +possible +percent +missed$/m);
    expect(r.stdout).toMatch(/^ben +7 +19 +36\.8% +q1, q2, q4$/m);
    expect(r.stdout).toMatch(/^ana +19 +19 +100% +none$/m);
    // nine mistakes, each once: all listed with their meaning, none cut to "and N more"
    const ids = ["unbiased-variance", "softmax-overflow", "forgot-affine", "sign-flip", "no-plus-one"];
    for (const id of [...ids, "no-bias-correction", "std-for-variance", "update-sign", "divided-by-variance"])
      expect(r.stdout).toMatch(new RegExp(`^ {2}${id} +1 record `, "m"));
    expect(r.stdout).not.toContain("more");
    expect(r.stdout).toContain("3 fields not answered");
  });

  it("--json: records carry student and question; then a total per student", async () => {
    const r = await cli(["solve", CLASS4, "--key", KEY, "--grades", "--json"]);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(25);
    expect(rows[5]).toMatchObject({ id: null, student: "ben", question: "q2", problem: "softmax-ce", score: 0 });
    expect(rows[5].fields[0].diagnosis.message).toContain("without subtracting the max: e^1000 overflows");
    expect(rows.slice(20)).toEqual(
      STUDENTS.map(([student, points, possible, , missed]) => ({
        schema: 1,
        student,
        total: {
          points: Number(points),
          possible: Number(possible),
          score: Number((Number(points) / Number(possible)).toFixed(4)),
          missed: missed === "" ? [] : missed?.split("; "),
        },
      })),
    );
  });

  it("markdown: the per-student table after the records", async () => {
    const r = await cli(["solve", CLASS4, "--key", KEY, "--grades", "--format", "markdown"]);
    expect(r.stdout).toContain("| student | points | possible | percent | missed |");
    expect(r.stdout).toContain("| cai | 10 | 19 | 52.6% | q1, q2, q3, q4 |");
    expect(r.stdout).toContain("- `softmax-overflow` (1 record):");
  });

  it("solve without --grades solves each question of the key and checks the student's answers", async () => {
    const rec = { student: "ana", question: "q1", expect: { mean: 6 } };
    const r = await cli(["solve", "--key", KEY, "--quiet"], { input: JSON.stringify(rec) });
    expect(r.stdout).toContain("══ 1. stdin:1 (id ana/q1) ══");
    // the key's points ask for four fields; three are blank
    expect(r.stdout).toMatch(/│ variance +│ — +│ 9 +│.*│ ✗ │ not answered/);
    expect(r.code).toBe(1);
  });

  it.each([
    [
      { student: "a", question: "q1" },
      [],
      'question: "q1" names a question of an answer key; give the key: --key FILE',
    ],
    [{ student: "a", question: "q1", problem: "batchnorm" }, ["--key", KEY], 'problem: the question "q1" gives it'],
    [{ student: "a", question: 3 }, ["--key", KEY], "question: expected a question's id (a string), got number"],
  ])("%j %j: that record's error, one line", async (rec, flags, message) => {
    const r = await cli(["solve", ...flags, "--grades"], { input: JSON.stringify(rec) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it.each([
    [
      '{"id": "q1", "problem": "batchnorm", "input": {"x": [1, 2]}}\n{"id": "q1", "problem": "batchnorm"}',
      ':2: id: "q1" is given twice',
    ],
    ['{"problem": "batchnorm", "input": {"x": [1, 2]}}', ':1: id: each question needs an "id"'],
    [
      '{"id": "q1", "problem": "batchnorm", "input": {"x": [1, 2]}, "expect": {"mean": 1}}',
      ":1: expect: a key's answers are computed",
    ],
    ['{"id": "q1", "problem": "batchnorm", "input": {"x": []}}', ":1: input.x: is empty"],
    ["", ": is empty"],
  ])("a bad key %j stops before grading: exit 2, one line naming the key", async (text, message) => {
    const keyFile = join(tmp, `key${n++}.ndjson`);
    writeFileSync(keyFile, text);
    const r = await cli(["solve", "--key", keyFile, "--grades"], { input: JSON.stringify({ question: "q1" }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(`dlsolve: error: --key: ${keyFile}${message}`)).toBe(true);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("diagnoses that reach the gradebook", () => {
  it("softmax's NaN from e^z overflowing is named; a NaN no mistake explains is wrong for being NaN", async () => {
    const big = {
      problem: "softmax-ce",
      input: { z: [1000, 999, 998], target: 1 },
      expect: { p: ["nan", 0.244728, 0.090031] },
    };
    const small = { problem: "softmax-ce", input: { z: [2, 1, 0], target: 1 }, expect: { loss: "NaN" } };
    const r = await cli(["solve", file([big, small]), "--grades", "--format", "csv"]);
    const rows = parseCsv(r.stdout);
    expect(rows[1]?.[5]).toBe("p: softmax-overflow");
    expect(rows[2]?.[5]).toBe("loss: NaN is not a finite number");
  });

  it("all logits far below zero: every e^z underflows to 0 and 0/0 is NaN, the same mistake", async () => {
    const rec = { problem: "softmax-ce", input: { z: [-1000, -1001], target: 1 }, expect: { loss: "NaN" } };
    const row = JSON.parse((await cli(["solve", file([rec]), "--grades", "--json"])).stdout);
    expect(row.fields[0].diagnosis.mistake).toBe("softmax-overflow");
    expect(row.fields[0].diagnosis.message).toContain("underflows float64 to 0");
  });

  it("no-plus-one carries into conv-shape's MACs and into summary's parameters after a flatten", async () => {
    // conv 5×5 on 28×28 without the + 1: 23×23 positions, 25·6·529 = 79,350 MACs (86,400 with it)
    const conv = {
      problem: "conv-shape",
      input: { size: 28, layers: "conv k=5 c=6; pool k=2" },
      expect: { macs: 79350 },
    };
    // 28 → 23 → ⌊21/2⌋ = 10 without the + 1s: linear(600 → 10) = 6,010 and the conv's 156 = 6,166 (8,806 with them)
    const layers = "conv k=5 c=6; maxpool k=2; flatten; linear 10";
    const summary = { problem: "summary", input: { shape: "1,28,28", layers }, expect: { params: 6166 } };
    const rows = parseCsv((await cli(["solve", file([conv, summary]), "--grades", "--format", "csv"])).stdout);
    expect(rows.slice(1).map((row) => row[5])).toEqual(["macs: no-plus-one", "params: no-plus-one"]);
  });

  it("the new problems' mistakes reach the gradebook as --expect names them", async () => {
    const records = [
      // max pooling of [[1, 2], [3, 4]] is 4; 2.5 is the window's mean
      {
        problem: "pool",
        input: {
          x: [
            [1, 2],
            [3, 4],
          ],
          kernel: 2,
        },
        expect: { output: [[2.5]] },
      },
      // MSE of (1, 2) against (0, 0) is (1 + 4)/2; 5 is the sum
      { problem: "loss", input: { kind: "mse", pred: [1, 2], target: [0, 0] }, expect: { loss: 5 } },
      // σ′(0) = 1/4; 0.5 is σ(0)
      { problem: "activation", input: { fn: "sigmoid", z: 0 }, expect: { derivative: 0.5 } },
      // ∂f/∂w = 3·σ′(0)·x = 3/2; 2 is the local ∂(w·x)/∂w = x alone
      { problem: "graph", input: { expr: "f = 3 * sigmoid(w * x)", at: { w: 0, x: 2 } }, expect: { grad: { w: 2 } } },
      // Xavier: 2/(30 + 10) = 0.05; 1/30 is fan_in alone
      { problem: "init", input: { scheme: "xavier-normal", fanIn: 30, fanOut: 10 }, expect: { variance: 0.0333 } },
    ];
    const rows = parseCsv((await cli(["solve", file(records), "--grades", "--format", "csv"])).stdout);
    expect(rows.slice(1).map((row) => row[5])).toEqual([
      "output: avg-for-max",
      "loss: no-batch-mean",
      "derivative: value-for-derivative",
      "grad.w: local-only",
      "variance: wrong-fan",
    ]);
  });
});
