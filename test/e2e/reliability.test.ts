// Inputs a hostile probe found refused for a wrong reason, or answered with a
// wrong name: each is solved, or refused with the reason that is true.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/entry.js";
import { fieldsFromJson } from "../../src/input/fields.js";
import { findProblem } from "../../src/problems/index.js";
import { mistakesOf, solveProblem } from "../../src/problems/problem.js";
import { displayWidth } from "../../src/text-width.js";
import { cli } from "../helpers.js";

const json = async (argv: string[]) => {
  const r = await cli([...argv, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { answer: Record<string, unknown>; steps: Array<{ title: string; notes?: string[] }> };
};

describe("refusals that name the true reason", () => {
  it("batchnorm 0 1e-300: values that differ, their variance underflowing, are not 'all values equal'", async () => {
    const r = await cli(["batchnorm", "0", "1e-300"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("all values equal");
    expect(r.stderr).toMatch(/^dlsolve: error: x: the batch has a variance too small for float64 .*underflows to 0/);
    expect((await cli(["batchnorm", "3", "3", "3"])).stderr).toContain("all values equal");
  });

  it("ridge with a full-rank A whose AᵀA leaves float64: not 'rank 1 < 1 unknowns'", async () => {
    for (const A of ["1e-200", "3e-180 0; 0 1e-180"]) {
      const r = await cli(["ridge", "--A", A, "--b", A.includes(";") ? "1,1" : "1", "--lambda", "0"]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/rank (\d+) < \1 unknowns/);
      expect(r.stderr).toMatch(/^dlsolve: error: --A: AᵀA leaves float64's range \(A has full rank/);
    }
    expect((await cli(["ridge", "--A", "1 1; 1 1", "--b", "1,1", "--lambda", "0"])).stderr).toContain(
      "rank 1 < 2 unknowns",
    );
  });
});

describe("optimizer on a quadratic that has no minimum", () => {
  it("an indefinite H: solved, its stationary point a saddle point, no minimizer and no best step", async () => {
    const sol = await json(["optimizer", "--theta", "1,1", "--lr", "1/10", "--H", "1 0; 0 -1"]);
    expect(sol.answer.theta).toEqual([0.9, 1.1]);
    expect(sol.answer.stableLrBelow).toBe(2);
    expect(sol.answer).not.toHaveProperty("minimizer");
    expect(sol.answer).not.toHaveProperty("optimalLr");
    const step = sol.steps.find((s) => s.title.startsWith("The stationary point"));
    expect(step?.notes?.[0]).toMatch(/^a saddle point of f, not a minimum/);
  });

  it("a negative definite H: no stable step, its stationary point a maximum", async () => {
    const sol = await json(["optimizer", "--theta", "1,1", "--lr", "1/10", "--H", "-1 0; 0 -2"]);
    expect(sol.answer).not.toHaveProperty("stableLrBelow");
    expect(sol.answer).not.toHaveProperty("minimizer");
    const text = (await cli(["optimizer", "--theta", "1,1", "--lr", "1/10", "--H", "-1 0; 0 -2"])).stdout;
    expect(text).toContain("no step size is stable");
    expect(text).toContain("a maximum of f, not a minimum");
  });

  it("a positive definite H keeps its minimizer and best step", async () => {
    const sol = await json(["optimizer", "--theta", "1,1", "--lr", "1/10", "--H", "2 0; 0 1", "--c", "2,1"]);
    expect(sol.answer.minimizer).toEqual([1, 1]);
    expect(sol.answer.optimalLr).toBeCloseTo(2 / 3, 12);
  });
});

describe("a user's text reaches no terminal unescaped", () => {
  const hostile = "y\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202e";
  const record = JSON.stringify({
    id: hostile,
    student: `s${hostile}`,
    problem: "batchnorm",
    input: { x: [1, 2, 4] },
    expect: { mean: "\u001b[31m7", [`x${hostile}`]: 1 },
  });
  // no control character but line feed, and the escape only as dlsolve's own colour codes
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

  it("in every format of solve and solve --grades, on stdout and stderr", async () => {
    for (const format of ["text", "markdown", "csv", "json", "latex"]) {
      for (const grades of [[], ["--grades"]]) {
        if ((format === "csv" && grades.length === 0) || (format === "latex" && grades.length > 0)) continue;
        const r = await cli(["solve", "-", "--format", format, ...grades], { input: `${record}\n` });
        expect(r.code, `${format} ${grades}: ${r.stderr}`).toBe(1);
        expect(r.stdout, `${format} ${grades}`).not.toMatch(raw);
        expect(r.stderr, `${format} ${grades}`).not.toMatch(raw);
        expect(r.stdout + r.stderr).toContain("\\u001b");
      }
    }
  });

  it("on a terminal, keeps dlsolve's colours and escapes the rest", async () => {
    let out = "";
    const code = await runCli(["solve", "-"], {
      out: (s) => {
        out += s;
      },
      err: () => {},
      isTTY: true,
      noColorEnv: false,
      debug: false,
      columns: 80,
      stdin: Readable.from([Buffer.from(`${record}\n`)]),
    });
    expect(code).toBe(1);
    expect(out).toContain("\u001b[1m"); // a heading in bold
    expect(out).not.toMatch(/\u001b\[2J|\u001b\]0|\u0007|\u009b/);
    expect(out).toContain("\\u001b[2J");
  });

  it("keeps the grades table's columns aligned around an escaped id", async () => {
    const r = await cli(["solve", "-", "--grades"], { input: `${record}\n` });
    const lines = r.stdout.split("\n");
    const col = (line: string) => line.indexOf("batchnorm");
    expect(col(lines[2] as string)).toBe((lines[0] as string).indexOf("problem"));
  });
});

describe("grading limits", () => {
  it("refuses points past 1,000,000 a field, naming the field, and grades the other records", async () => {
    const rec = (points: Record<string, number>) =>
      JSON.stringify({ problem: "batchnorm", input: { x: [1, 2, 4] }, expect: { mean: "7/3", variance: 1 }, points });
    const r = await cli(["solve", "-", "--grades", "--format", "csv"], {
      input: `${rec({ mean: 1e308, variance: 1e308 })}\n${rec({ mean: 1e6, variance: 1e6 })}\n`,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stdin:1: points.mean: at most 1,000,000 points, got 1e+308");
    expect(r.stdout).not.toContain("NaN");
    expect(r.stdout).toContain("stdin:2,batchnorm,2,1,0.5,variance: wrong");
  });
});

describe("list limits checked while splitting", () => {
  it("refuses a --layers of 100,000 layers at the 1,001st, in conv-shape and summary", async () => {
    const layers = "pool k=1;".repeat(100_000);
    const conv = await cli(["conv-shape", "--input", "-"], { input: JSON.stringify({ size: 4, layers }) });
    expect(conv.stderr).toBe("dlsolve: error: input.layers: has more than the 1000 layers allowed\n");
    const json = await cli(["conv-shape", "--input", "-"], {
      input: JSON.stringify({ size: 4, layers: Array.from({ length: 1001 }, () => ({ type: "maxpool", kernel: 1 })) }),
    });
    expect(json.stderr).toBe("dlsolve: error: input.layers: has more than the 1000 layers allowed\n");
    const summary = await cli(["summary", "--shape", "3,8,8", "--layers", "relu;".repeat(20_000)]);
    expect(summary.stderr).toBe("dlsolve: error: --layers: has more than the 10000 layers allowed\n");
  });
});

describe("work limits of attention and optimizer, refused from the shapes before any work", () => {
  const ones = (n: number, d: number) => Array.from({ length: n }, () => Array.from({ length: d }, () => 1));
  it("attention: more than 1,000,000 scores, or 50,000,000 multiply-adds", async () => {
    const big = await cli(["attention", "--input", "-"], {
      input: JSON.stringify({ Q: ones(1001, 1), K: ones(1000, 1), V: ones(1000, 1) }),
    });
    expect(big.stderr).toBe(
      "dlsolve: error: input.Q: 1001 queries × 1000 keys make 1001000 scores, more than the 1000000 allowed\n",
    );
    const wide = await cli(["attention", "--input", "-"], {
      input: JSON.stringify({ Q: ones(500, 120), K: ones(500, 120), V: ones(500, 120) }),
    });
    expect(wide.stderr).toMatch(/^dlsolve: error: input\.Q: 60000000 multiply-adds, more than the 50000000 allowed/);
    const projected = await cli(["attention", "--input", "-"], {
      input: JSON.stringify({ X: ones(30, 1500), WQ: ones(1500, 1300), WK: ones(1500, 1), WV: ones(1500, 1) }),
    });
    expect(projected.stderr).toMatch(/^dlsolve: error: input\.X: \d+ multiply-adds, more than the 50000000 allowed/);
  });

  it("optimizer with H: n³ + n²·steps past 40,000,000 is refused, naming H", async () => {
    const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
    const r = await cli(["optimizer", "--input", "-"], {
      input: JSON.stringify({ theta: Array(100).fill(1), H: eye(100), lr: 0.1, steps: 4000 }),
    });
    expect(r.stderr).toMatch(/^dlsolve: error: input\.H: 100 × 100 with 4000 steps is 41000000 units of work/);
    const ok = await cli(["optimizer", "--input", "-", "--quiet"], {
      input: JSON.stringify({ theta: Array(10).fill(1), H: eye(10), lr: 0.1, steps: 100 }),
    });
    expect(ok.code).toBe(0);
  });
});

describe("an error line quoting a huge value", () => {
  it("keeps the message's start and end, not the whole value", async () => {
    const huge = "x".repeat(1_000_000);
    for (const argv of [
      ["conv-shape", "--size", "4", "--layers", `conv${huge}`],
      ["batchnorm", "1", "2", "--variance", huge],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr.length).toBeLessThan(1000);
      expect(r.stderr).toMatch(/^dlsolve: error: --(layers|variance)\S*: .* … \(\d+ characters left out\) … x+.*\n$/);
    }
    const solve = await cli(["solve", "-", "--json"], { input: `${JSON.stringify({ problem: huge })}\n` });
    expect(solve.stdout.length).toBeLessThan(1200);
    expect(solve.stderr.length).toBeLessThan(1000);
  });
});

describe("a value that overflows float64", () => {
  it("optimizer's f(θ⁽⁰⁾) for θ = 1e300 is said to overflow, not printed as ∞; its SVG is finite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dlsolve-rel-"));
    const svg = join(dir, "o.svg");
    const r = await cli(["optimizer", "--theta", "1e300", "--lr", "1", "--H", "1", "--steps", "3", "--plot", svg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("f(θ⁽⁰⁾) overflows float64");
    expect(r.stdout).not.toContain("∞");
    expect(readFileSync(svg, "utf8")).not.toMatch(/Infinity|NaN/);
  });
});

describe("deep nesting is refused while reading, before a parse", () => {
  it("5,000,000 × [ as --input, and as a solve record, then a good record", async () => {
    const deep = "[".repeat(5_000_000);
    const r = await cli(["batchnorm", "--input", "-"], { input: deep });
    expect(r.stderr).toBe("dlsolve: error: --input: standard input is nested deeper than 64 levels\n");
    const good = JSON.stringify({ problem: "batchnorm", input: { x: [1, 2] } });
    const s = await cli(["solve", "-", "--json", "--quiet"], { input: `${deep}\n${good}\n` });
    const lines = s.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error?: string; answer?: unknown });
    expect(lines[0]?.error).toBe("nested deeper than 64 levels");
    expect(lines.at(-1)?.answer).toBeDefined();
  });
});

describe("a check costs no more than the problem", () => {
  const mistakesFor = (name: string, input: Record<string, unknown>) => {
    const p = findProblem(name) as NonNullable<ReturnType<typeof findProblem>>;
    const fields = fieldsFromJson(input, p.fields, p.name);
    return mistakesOf(p, fields, solveProblem(p, fields))();
  };
  it("mlp-grads replays the descent for a wrong next.* only, and not past 1,000,000 units × steps", () => {
    const small = { x: 1, y: 0, A: [1, 2], b: [0, 0], C: [1, 1], d: 0, lr: 0.1, steps: 3 };
    const lazy = mistakesFor("mlp-grads", small).filter((m) => m.id === "missing-factor-2" || m.id === "update-sign");
    expect(lazy).toHaveLength(2);
    for (const m of lazy) expect(Object.getOwnPropertyDescriptor(m.answer, "next")?.get).toBeTypeOf("function");
    const units = Array.from({ length: 1000 }, () => 0.1);
    const big = { ...small, A: units, b: units, C: units, steps: 1001 };
    for (const m of mistakesFor("mlp-grads", big)) expect(m.answer).not.toHaveProperty("next");
  });
  it("ridge solves λ = 0 only when a wrong x is compared with it", () => {
    const [m] = mistakesFor("ridge", {
      A: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      b: [1, 2, 3],
      lambda: 1,
    });
    expect(Object.getOwnPropertyDescriptor(m?.answer, "x")?.get).toBeTypeOf("function");
    expect(m?.answer.x).toHaveLength(2);
  });
  it("refuses a check of more than 100,000 values, and a normalisation backward pass past 200,000", async () => {
    const x = Array.from({ length: 100_001 }, (_, i) => i % 7);
    const r = await cli(["batchnorm", "--input", "-", "--quiet", "--expect", JSON.stringify({ xhat: x })], {
      input: JSON.stringify({ x }),
    });
    expect(r.stderr).toBe("dlsolve: error: expect: has more than the 100000 values a check takes\n");
    for (const [name, n, d] of [
      ["batchnorm", 100_001, 2],
      ["layernorm", 50_001, 4],
    ] as const) {
      const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => (i * (j + 3)) % 7));
      const b = await cli([name, "--input", "-"], { input: JSON.stringify({ x: rows, dLdy: rows, eps: 0.1 }) });
      expect(b.stderr).toBe(
        `dlsolve: error: input.dLdy: with ${n * d} values of x, more than the 200000 the backward pass takes\n`,
      );
    }
  });
});

describe("a --plot file name in Markdown", () => {
  it("keeps a ) in the name inside the image link", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dlsolve-rel-"));
    const svg = join(dir, "chart (final).svg");
    const r = await cli(["sigmoid-grad", "1", "--plot", svg, "--format", "markdown"]);
    expect(r.code).toBe(0);
    const link = r.stdout.match(/!\[[^\]]*\]\(([^)]*)\)/)?.[1] as string;
    expect(decodeURI(link.replace(/%28/g, "(").replace(/%29/g, ")"))).toBe(svg);
    expect(readFileSync(svg, "utf8")).toContain("<svg");
  });
});

describe("wide characters in the grades table", () => {
  it("measure two columns each, so the next column lines up on a terminal", async () => {
    const rec = (id: string, mean: unknown) =>
      JSON.stringify({ id, problem: "batchnorm", input: { x: [1, 2, 4] }, expect: { mean } });
    const r = await cli(["solve", "-", "--grades"], { input: `${rec("学生一", "7/3")}\n${rec("s2", 2)}\n` });
    const [head, , a, b] = r.stdout.split("\n") as [string, string, string, string];
    const col = (line: string, word: string) => displayWidth(line.slice(0, line.indexOf(word)));
    expect(col(a, "batchnorm")).toBe(col(head, "problem"));
    expect(col(b, "batchnorm")).toBe(col(head, "problem"));
  });
});
