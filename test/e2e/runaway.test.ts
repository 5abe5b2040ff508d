// Inputs a person can type that once ran away: long answers and checks in
// text, huge exact numbers. Each finishes, in bounded output, without an
// internal error. (How long each takes at its limit is in npm run bench.)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-runaway-"));
let n = 0;
const file = (value: unknown) => {
  const p = join(tmp, `in${n++}.json`);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
};

describe("long answers and checks in text", () => {
  it("a 50,000-λ path prints its first and last entries, not 150,000 lines", async () => {
    const lambda = Array.from({ length: 50_000 }, (_, i) => (i + 1) / 100);
    for (const format of ["text", "markdown", "latex"]) {
      const r = await cli([
        "ridge",
        "--input",
        file({
          A: [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
          b: [1, 2, 3],
          lambda,
        }),
        "--format",
        format,
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("49990 more of path");
      expect(r.stdout.split("\n").length).toBeLessThan(300);
    }
  });

  it("a 30,000-value check prints its first and last rows (the table was quadratic)", async () => {
    const x = Array.from({ length: 30_000 }, (_, i) => [1, 7, 7, 9][i % 4] as number);
    const record = { problem: "batchnorm", input: { x }, expect: { mean: 6, xhat: Array(30_000).fill(0.5) } };
    for (const format of ["text", "markdown", "latex"]) {
      const r = await cli(["solve", "--format", format, file(record)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("29991 more rows");
      expect(r.stdout.split("\n").length).toBeLessThan(400);
    }
  });
});
