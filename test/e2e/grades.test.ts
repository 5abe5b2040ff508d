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
  ["s02/q1", "batchnorm", 4, 1, "0.1667", "unbiased-variance"], // only the mean: 1 of 6 points
  ["s02/q2", "softmax-ce", 3, 3, "1", ""],
  ["s03/q1", "batchnorm", 4, 3, "0.6667", "forgot-affine"], // y = x̂: 4 of 6
  ["s03/q2", "softmax-ce", 3, 2, "0.6667", "sign-flip"],
  ["s04/q1", "batchnorm", 4, 3, "0.8333", "std-for-variance"], // variance 3: 5 of 6
  ["s04/q2", "softmax-ce", 3, 2, "0.6667", ""], // loss 0.39: wrong, no known mistake
  ["s05/q1", "batchnorm", 4, 3, "0.6667", "divided-by-variance"],
  ["s05/q2", "softmax-ce", 3, 3, "1", ""],
  ["s06/q1", "batchnorm", 4, 4, "1", ""],
  ["s06/q2", "softmax-ce", 3, 2, "0.6667", ""], // p written as a string: wrong, with the reason
  ["s07/q1", "batchnorm", 4, 3, "0.8333", ""], // variance null
  ["s07/q2", "softmax-ce", 3, 3, "1", ""],
  ["s08/q1", "batchnorm", 1, 1, "1", ""], // only the mean asked and given
  ["s08/q2", "softmax-ce", 2, 2, "1", ""], // 0.41, −0.33 … right to the digits written
  ["s09/q1", "batchnorm", 0, 0, "", "error"],
  ["s09/q2", "softmax-ce", 3, 3, "1", ""],
  ["s10/q1", "batchnorm", 4, 4, "1", ""],
  ["s10/q2", "softmax-ce", 3, 3, "1", ""],
  ["s11/q1", "batchnorm", 4, 3, "0.8333", "unbiased-variance"],
  ["s11/q2", "softmax-ce", 3, 2, "0.6667", "sign-flip"],
  ["s12/q1", "batchnorm", 4, 3, "0.6667", ""], // three values of x̂ for four
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
    expect(r.stdout).toMatch(/^s02\/q1 +batchnorm +4 +1 +16\.7% +unbiased-variance$/m);
    expect(r.stdout).toMatch(/^s09\/q1 +batchnorm +0 +0 +— +not graded: input\.x\[3\]/m);
    // an answer that could not be read says so in the table
    expect(r.stdout).toMatch(/^s07\/q1 .* 83\.3% +variance: expected a number/m);
    expect(r.stdout).toContain("24 records: 23 graded, 1 with an error");
    // (12 + 1/6 + 7·(2/3) + 3·(5/6)) / 23 = 0.8406
    expect(r.stdout).toContain("mean score 84.1% over the graded records; 12 with full marks");
    expect(r.stdout).toMatch(/most common mistakes:\n {2}unbiased-variance +2 records +the variance/);
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
    expect(row).toEqual(["a", "batchnorm", "2", "1", "0.25", ""]);
  });

  it("points may be nested like expect, and a field left out of points is worth 1", async () => {
    const rec = {
      problem: "mlp-grads",
      input: { x: 1, y: 0, A: [2, -1], b: [0, 0], C: [1, 1], d: 0, activation: "relu" },
      expect: { loss: 4, grad: { d: 2, C: [8, 0] } },
      points: { grad: { d: 2 } },
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
  });

  it.each([
    [{ mean: 1, varience: 2 }, 'points.varience: is not a field of this record\'s "expect" (did you mean "variance"?)'],
    [{ mean: -1 }, "points.mean: expected a number ≥ 0, got -1"],
    [[1, 2], "points: expected an object of points per answer field"],
  ])("bad points %j: that record is an error naming the key, the others are graded", async (points, message) => {
    const f = file([bn({ mean: 6, variance: 9 }, { points }), bn({ mean: 6 })]);
    const r = await cli(["solve", f, "--grades", "--format", "csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(
      parseCsv(r.stdout)
        .slice(1)
        .map((row) => row[5]),
    ).toEqual(["error", ""]);
  });

  it("points without expect is an error", async () => {
    const r = await cli(["solve", file([bn(undefined, { points: { mean: 1 } })]), "--grades"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('points: goes with "expect"');
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
