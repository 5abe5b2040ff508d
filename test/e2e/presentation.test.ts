// How dlsolve reads to a user: the rows of the presentation review, each
// tried as a user would (in-process; the terminal hint on a real terminal).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { BIN, cli } from "../helpers.js";

describe("what a student types wrong gets a way to type it right", () => {
  it.each([
    [["mlp-grads", "--learning-rate", "1"], "unknown option '--learning-rate' (did you mean --lr?)"],
    [["mlp-grads", "--a", "1,-1"], "unknown option '--a' (did you mean --A?)"],
    [["ridge", "--l", "1"], "unknown option '--l' (did you mean --lambda?)"],
    [["batchnorm", "1", "2", "--unbiased"], "unknown option '--unbiased' (did you mean --variance unbiased?)"],
    [["mlp-grads", "--A", "1", "-1"], 'write a vector as 1,-1 or "1 -1"'],
    [["sigmoid-grad", "--z", "1", "2"], "--z: takes one token, and values outside it were given too: write --z 1,2"],
  ])("%j", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("takes one number for an answer that holds one value", async () => {
    const r = await cli(["sigmoid-grad", "0", "--expect", '{"derivative": 0.25, "sigmoid": "1/2"}', "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ all 2 checked values are right");
  });
});

describe("help and hints", () => {
  it("solve --help lists only what solve takes", async () => {
    const r = await cli(["solve", "--help"]);
    for (const hidden of ["--input", "--expect", "--standalone"]) expect(r.stdout).not.toContain(hidden);
    expect(r.stdout).toContain("--format");
  });

  it("no help or output calls the midterm review 'the seed'", async () => {
    for (const p of problems) {
      expect((await cli([p.name, "--help"])).stdout).not.toMatch(/\bseed\b/);
      for (const example of p.examples.slice(0, 2)) {
        const words = example.match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, "")) ?? [];
        expect((await cli(words)).stdout, example).not.toMatch(/\bseed\b/);
      }
    }
  });

  it("dlsolve solve at a terminal says it is waiting for JSON", () => {
    const hasScript = spawnSync("script", ["--version"]).status === 0;
    if (!hasScript) {
      console.warn("skipping: script(1) from util-linux is not installed");
      return;
    }
    const r = spawnSync("script", ["-qec", `timeout 2 '${process.execPath}' '${BIN}' solve`, "/dev/null"], {
      encoding: "utf8",
    });
    expect(r.stdout).toContain("reading problems as JSON from standard input; press Ctrl-D to end");
  });
});

describe("rounded values are marked", () => {
  it("a float answer shown rounded gets ≈; an exact one =", async () => {
    const r = await cli(["softmax-ce", "2", "1", "0", "--target", "1", "--quiet"]);
    expect(r.stdout).toMatch(/^loss +≈ 0\.407606$/m);
    const b = await cli(["batchnorm", "1", "7", "7", "9", "--quiet"]);
    expect(b.stdout).toMatch(/^mean +=/m);
  });

  it("an mlp step reads loss → loss", async () => {
    const r = await cli([
      "mlp-grads",
      "--x",
      "1",
      "--y",
      "0",
      "--A",
      "1,-1",
      "--b",
      "0,0",
      "--C",
      "1,1",
      "--d",
      "0",
      "--lr",
      "0.5",
    ]);
    expect(r.stdout).toMatch(/loss 1 → [0-9.]+ after the step/);
  });

  it("batchnorm's backward pass names m, not an undefined D", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--dLdy", "1,0,0,0"]);
    expect(r.stdout).toContain("∂L/∂σ²·(−2/m)");
    expect(r.stdout).not.toContain("/D)");
  });
});

describe("every problem, with no numbers", () => {
  it.each(problems.map((p) => [p.name]))("dlsolve %s prints its derivation in symbols and exits 0", async (name) => {
    const r = await cli([name, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { answer: unknown; steps: unknown[] };
    expect(out.answer).toEqual({});
    expect(out.steps.length).toBeGreaterThan(0);
  });
});
