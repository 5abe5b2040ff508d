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

describe("exact inputs that once ran for minutes", () => {
  const primes = (from: number, count: number) => {
    const out: number[] = [];
    for (let k = from; out.length < count; k++) {
      let prime = true;
      for (let d = 2; d * d <= k; d++) if (k % d === 0) prime = false;
      if (prime) out.push(k);
    }
    return out;
  };

  it("300 values k/p with 7-digit primes: float64 past the budget, saying so, and right", async () => {
    const ps = primes(1_000_003, 300);
    const x = ps.map((p, i) => `${i + 1}/${p}`);
    const r = await cli(["batchnorm", "--input", file({ x }), "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { answer: { mean: number }; warnings: string[] };
    const mean = ps.reduce((s, p, i) => s + (i + 1) / p, 0) / 300;
    expect(Math.abs(out.answer.mean - mean)).toBeLessThan(1e-12 * Math.abs(mean));
    expect(out.warnings.join(" ")).toContain("exact fractions grew past 1024 bits");
    const text = await cli(["batchnorm", "--input", file({ x })]);
    expect(text.stdout).toContain("note: exact fractions grew past 1024 bits");
  });

  it("a 300-λ path on a 16 × 16 system of k/p: solved, with the note (npm run bench times 1,000)", async () => {
    const ps = primes(1_000_003, 256);
    const A = Array.from({ length: 16 }, (_, i) =>
      Array.from({ length: 16 }, (_, j) => `${((i * 16 + j) % 7) + 1}/${ps[i * 16 + j]}`),
    );
    const lambda = Array.from({ length: 300 }, (_, k) => `${k + 1}/${ps[k % 256]}`);
    const r = await cli(["ridge", "--input", file({ A, b: ps.slice(0, 16).map((p) => `1/${p}`), lambda }), "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { answer: { path: unknown[] } }).answer.path).toHaveLength(300);
  });
});

describe("many features", () => {
  it("a 2 × 1,000,000 batch (inside the value limit) is refused by the feature limit, not a crash", async () => {
    const row = Array.from({ length: 1_000_000 }, (_, i) => i % 7);
    const r = await cli(["batchnorm", "--input", file({ x: [row, row.map((v) => v + 1 + (v % 3))] })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: input\.x: has 1000000 columns \(features\), more than the 100000/);
  });

  it("a 2 × 50,000 batch: one table of statistics, not 150,000 steps", async () => {
    const row = Array.from({ length: 50_000 }, (_, i) => i % 7);
    const r = await cli(["batchnorm", "--input", file({ x: [row, row.map((v) => v + 1)] })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Step 1. Mean, variance and σ of each column");
    expect(r.stdout).toContain("49990 more rows");
    expect(r.stdout).not.toContain("Step 4.");
  });
});

describe("mlp-grads and sigmoid-grad at their limits", () => {
  it("10,000 hidden units: the gradient check samples 25 parameters (it was O(k²))", async () => {
    const k = 10_000;
    const v = (s: number) => Array.from({ length: k }, (_, i) => Math.sin(i * s) / 2);
    const input = { x: 0.5, y: 1, A: v(1), b: v(2), C: v(3).map((c) => c / k), d: 0 };
    const r = await cli(["mlp-grads", "--input", file(input)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("25 of the 30001 parameters, spread evenly");
    expect(r.stdout).toMatch(/largest relative error .*: ✓/);
  });

  it("steps × hidden units past 10,000,000 is refused, naming --steps", async () => {
    const r = await cli([
      "mlp-grads",
      "--x",
      "1",
      "--y",
      "0",
      "--A",
      "1,2",
      "--b",
      "0,0",
      "--C",
      "1,1",
      "--d",
      "0",
      "--lr",
      "0.1",
      "--steps",
      "100000",
    ]);
    expect(r.code).toBe(0);
    const many = Array.from({ length: 200 }, (_, i) => i / 200).join(",");
    const refused = await cli([
      "mlp-grads",
      "--x",
      "1",
      "--y",
      "0",
      "--A",
      many,
      "--b",
      many,
      "--C",
      many,
      "--d",
      "0",
      "--lr",
      "0.1",
      "--steps",
      "100000",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^dlsolve: error: --steps: 100000 steps of 200 hidden units is more than/);
  });

  it("200,000 saturated values of z: eight notes and a count, not 200,000 notes", async () => {
    const z = Array.from({ length: 200_000 }, (_, i) => 20 + (i % 100));
    const r = await cli(["sigmoid-grad", "--input", file({ z })]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/saturated: /g)).toHaveLength(8);
    expect(r.stdout).toContain("… and 199992 more saturated values of z");
  });
});
