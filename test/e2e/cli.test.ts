// The built command as a user meets it: exit code, stdout and stderr.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { BIN, cli, ROOT, run, SPAWN_TIMEOUT_MS, shellWords } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-"));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe("dlsolve batchnorm 1 7 7 9", () => {
  it("prints the review's worked solution with exact fractions", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("= (1 + 7 + 7 + 9)/4 = 24/4 = 6");
    // too wide for 80 columns: the chain breaks at an "=", the simplification on its own line
    expect(r.stdout).toContain(
      "     = ((1 − 6)² + (7 − 6)² + (7 − 6)² + (9 − 6)²)/4\n     = (25 + 1 + 1 + 9)/4 = 36/4 = 9\n",
    );
    expect(r.stdout).toContain("= √9 = 3");
    expect(r.stdout).toContain("-5/3 ≈ -1.66667");
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("prints the JSON shape", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe(1);
    expect(j.problem).toBe("batchnorm");
    expect(j.input).toEqual({ x: [1, 7, 7, 9], gamma: 1, beta: 0, eps: 0, variance: "biased" });
    expect(j.answer).toEqual({
      mean: 6,
      variance: 9,
      std: 3,
      xhat: [-5 / 3, 1 / 3, 1 / 3, 1],
      y: [-5 / 3, 1 / 3, 1 / 3, 1],
    });
    expect(j.exact.xhat).toEqual(["-5/3", "1/3", "1/3", "1"]);
    expect(j.steps[0]).toMatchObject({ title: "Mean", substitution: ["(1 + 7 + 7 + 9)/4", "24/4"], value: 6 });
  });

  it("prints only the answer with --quiet", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--quiet"]);
    expect(r.stdout.split("\n")[0]).toBe("mean     = 6");
    expect(r.stdout).not.toContain("Step");
  });

  it("leaves the steps out of JSON with --quiet, keeping answer, exact and check", async () => {
    const full = JSON.parse((await cli(["batchnorm", "1", "7", "7", "9", "--json"])).stdout);
    const quiet = JSON.parse(
      (await cli(["batchnorm", "1", "7", "7", "9", "--json", "--quiet", "--expect", '{"mean": 6}'])).stdout,
    );
    expect(quiet.steps).toBeUndefined();
    expect(quiet.answer).toEqual(full.answer);
    expect(quiet.exact).toEqual(full.exact);
    expect(quiet.input).toEqual(full.input);
    expect(quiet.check.passed).toBe(true);
  });

  it("honours --precision", async () => {
    expect((await cli(["batchnorm", "1", "7", "7", "9", "--precision", "3"])).stdout).toContain("-5/3 ≈ -1.67");
  });

  it("reads --input from a file and from standard input, flags overriding", async () => {
    const f = file("bn.json", JSON.stringify({ x: [1, 7, 7, 9], gamma: 2 }));
    const a = JSON.parse((await cli(["batchnorm", "--input", f, "--json"])).stdout);
    expect(a.answer.y[0]).toBeCloseTo(-10 / 3, 12);
    const b = JSON.parse((await cli(["batchnorm", "--input", f, "--gamma", "1", "--json"])).stdout);
    expect(b.answer.y[0]).toBeCloseTo(-5 / 3, 12);
    const c = JSON.parse(
      (await cli(["batchnorm", "--input", "-", "--json"], { input: '{"x": ["1/2", 0.5, 1.5]}' })).stdout,
    );
    expect(c.exact.mean).toBe("5/6");
  });

  it("solves a large batch in float64 and says so", async () => {
    const x = Array.from({ length: 5000 }, (_, i) => (i * 37) % 101);
    const r = await cli(["batchnorm", "--input", "-", "--json"], { input: JSON.stringify({ x }) });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.answer.xhat).toHaveLength(5000);
    expect(j.exact).toEqual({});
    const t = await cli(["batchnorm", "--input", "-"], { input: JSON.stringify({ x }) });
    // prose wraps at 80 columns: compare it with the line breaks taken out
    expect(t.stdout.replace(/\s+/g, " ")).toContain(
      "float64: 5000 values is past the 2000 solved with exact fractions",
    );
    expect(t.stdout).toContain("… 4990 more rows …");
    expect(t.stdout.length).toBeLessThan(10_000);
  });
});

describe("dlsolve mlp-grads with each activation", () => {
  const base = [
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
  ];
  it.each(["sigmoid", "tanh", "relu", "leaky-relu", "softplus", "identity"])(
    "%s: complete solution, gradcheck passes",
    async (act) => {
      const r = await cli([...base, "--activation", act]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      for (const part of [
        "Forward pass",
        "review 1b",
        "review 1c",
        "review 1d",
        "review 1e",
        "review 1f",
        "Gradient check",
      ]) {
        expect(r.stdout).toContain(part);
      }
      expect(r.stdout).toContain(`The activation: ${act}`);
      expect(r.stdout.replace(/\s+/g, " ")).toMatch(/✓ every gradient within gradcheck's tolerances/);
      const j = JSON.parse((await cli([...base, "--activation", act, "--json"])).stdout);
      expect(Object.keys(j.answer)).toEqual(["z", "h", "yPred", "loss", "grad", "next"]);
      expect(Object.keys(j.answer.grad)).toEqual(["yPred", "d", "C", "b", "A"]);
      expect(Object.keys(j.answer.next)).toEqual(["A", "b", "C", "d"]);
    },
  );

  it("says which loss it used", async () => {
    expect((await cli([...base, "--loss", "half-squared"])).stdout).toContain("half-squared loss");
  });
});

describe("dlsolve demean-backprop and batchnorm --dLdy", () => {
  it("prints the whole argument with the 4 × 4 Jacobian", async () => {
    const r = await cli(["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2", "--x", "1,7,7,9"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("= [2(1 − 5/2), 2(2 − 5/2), 2(3 − 5/2), 2(4 − 5/2)] = [-3, -1, 1, 3]");
    expect(r.stdout).toContain("the Jacobian ∂yⱼ/∂xᵢ");
    expect(r.stdout).toMatch(/✓ every gradient/);
  });

  // npm run bench runs 10⁶ values and checks them against numpy; here the size only needs to elide.
  it("takes 200,000 values through --input and elides the text", async () => {
    const m = 200_000;
    const dLdy = Array.from({ length: m }, (_, i) => (i % 7) - 3);
    const input = JSON.stringify({ dLdy, gamma: 2 });
    const j = await cli(["demean-backprop", "--input", "-", "--json"], { input });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).answer.dLdx).toHaveLength(m);
    const t = await cli(["demean-backprop", "--input", "-"], { input });
    expect(t.stdout).toContain("200000 × 200000 Jacobian is not printed");
    expect(t.stdout.length).toBeLessThan(20_000);
  });

  it("prints the staged batchnorm backward pass with its check", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--dLdy", "1,0,0,0"]);
    expect(r.code).toBe(0);
    for (const t of [
      "∂L/∂β",
      "∂L/∂γ",
      "∂L/∂x̂ᵢ",
      "∂L/∂σ²",
      "∂L/∂μ",
      "∂L/∂xᵢ",
      "The compact form agrees",
      "Finite-difference check",
    ]) {
      expect(r.stdout).toContain(t);
    }
    expect(r.stdout).toContain("grad.x        = [1/54, -1/27, -1/27, 1/18]");
  });
});

describe("dlsolve ridge", () => {
  // npm run bench times 2000 × 200; here the size only needs to elide.
  it("solves 120 × 80 in float64 with the big matrices elided", async () => {
    const rows = 120;
    const cols = 80;
    let seed = 1;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return (seed / 2147483647) * 2 - 1;
    };
    const A = Array.from({ length: rows }, () => Array.from({ length: cols }, rand));
    const b = Array.from({ length: rows }, rand);
    const input = JSON.stringify({ A, b, lambda: 0.5 });
    const j = await cli(["ridge", "--input", "-", "--json"], { input });
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.answer.x).toHaveLength(cols);
    expect(out.answer.AtA).toHaveLength(cols);
    expect(out.answer.singularValues).toHaveLength(cols);
    const t = await cli(["ridge", "--input", "-"], { input });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain("more rows");
    expect(t.stdout.length).toBeLessThan(30_000);
  });
});

describe("errors: one line on stderr, exit 2, nothing on stdout", () => {
  const cases: Array<[string[], RegExp, string?]> = [
    [["batchnorm", "1", "x", "3"], /^dlsolve: error: x\[2\]: "x" is not a number/],
    [["batchnorm", "1", "1", "1"], /^dlsolve: error: x: the batch has variance 0 .*give --eps/],
    [["batchnorm", "1", "2", "--lamda", "3"], /^dlsolve: error: unknown option '--lamda'/],
    [["batchnrom", "1"], /^dlsolve: error: unknown command 'batchnrom' \(did you mean batchnorm\?\)/],
    [[], /^dlsolve: error: no problem given/],
    [["batchnorm", "--x", "1 2; 3 4 5"], /^dlsolve: error: --x: row 2 has 3 values, row 1 has 2\n$/],
    [["batchnorm", "1", "2", "--eps", "1e999"], /^dlsolve: error: --eps: .*(too large|out of range)/],
    [["batchnorm", "1", "2", "--eps", "NaN"], /^dlsolve: error: --eps: "NaN" is not a finite number/],
    [
      ["batchnorm", "--input", "/nonexistent/x.json"],
      /^dlsolve: error: --input: cannot read "\/nonexistent\/x.json": no such file/,
    ],
    [["batchnorm", "--input", "-"], /^dlsolve: error: --input: standard input is empty, expected JSON/, ""],
    [["batchnorm", "--input", "-"], /^dlsolve: error: --input: standard input is not valid JSON/, "{x: 1}"],
    [
      ["batchnorm", "--input", "-"],
      /^dlsolve: error: input: expected a JSON object with the fields of batchnorm, got an array/,
      "[1,2]",
    ],
    [["batchnorm", "--input", "-"], /^dlsolve: error: input\.lamda: unknown field/, '{"x": [1,2], "lamda": 1}'],
    [
      ["batchnorm", "--input", "-"],
      /^dlsolve: error: input\.__proto__: unknown field/,
      '{"x": [1,2], "__proto__": {"a": 1}}',
    ],
    [
      ["batchnorm", "--input", "-"],
      /^dlsolve: error: input\.x\[2\]: expected a number, got boolean true/,
      '{"x": [1, true]}',
    ],
    [
      ["mlp-grads", "--x", "1", "--y", "0", "--A", "1,2", "--b", "0", "--C", "1,1", "--d", "0"],
      /^dlsolve: error: --b: has 1 values, --A has 2/,
    ],
    [
      ["mlp-grads", "--x", "1,2", "--y", "0", "--A", "1", "--b", "0", "--C", "1", "--d", "0"],
      /^dlsolve: error: --x: expected one number, got a vector/,
    ],
    [
      ["mlp-grads", "--x", "1", "--y", "0", "--A", "1", "--b", "0", "--C", "1", "--d", "0", "--activation", "gelu"],
      /^dlsolve: error: --activation: "gelu" is not one of/,
    ],
    [
      ["mlp-grads", "--x", "1", "--y", "0", "--A", "1", "--b", "0", "--C", "1", "--d", "0", "--steps", "3"],
      /^dlsolve: error: --steps: needs --lr/,
    ],
    [
      [
        "mlp-grads",
        "--x",
        "1",
        "--y",
        "0",
        "--A",
        "1",
        "--b",
        "0",
        "--C",
        "1",
        "--d",
        "0",
        "--lr",
        "1",
        "--steps",
        "-2",
      ],
      /^dlsolve: error: --steps: expected a positive whole number/,
    ],
    [
      ["ridge", "--A", "1 1; 2 2", "--b", "1,2", "--lambda", "0"],
      /^dlsolve: error: --lambda: λ = 0 leaves AᵀA singular .* give λ > 0/,
    ],
    [["ridge", "--A", "1 2; 3 4", "--b", "1,2", "--lambda", "-1"], /^dlsolve: error: --lambda: must be ≥ 0/],
    [
      ["ridge", "--A", "1 2; 3 4 5", "--b", "1,2", "--lambda", "1"],
      /^dlsolve: error: --A: row 2 has 3 values, row 1 has 2/,
    ],
    [
      ["ridge", "--A", "1 2; 3 4", "--b", "1,2,3", "--lambda", "1"],
      /^dlsolve: error: --b: has 3 values, --A has 2 rows/,
    ],
    [
      ["demean-backprop", "--dLdy", "1,2", "--gamma", "1", "--x", "1,2,3"],
      /^dlsolve: error: --x: has 3 values, --dLdy has 2/,
    ],
    [["demean-backprop", "--dLdy", "1,2"], /^dlsolve: error: --gamma: missing/],
    [["batchnorm", "1", "2", "3", "--dLdy", "1,2"], /^dlsolve: error: --dLdy: has 2 values, x has 3 values/],
    [["sigmoid-grad", "1", "abc"], /^dlsolve: error: z\[2\]: "abc" is not a number/],
  ];
  // In-process (the command's own code path) unless the case needs real standard input.
  it.each(cases)("%j", async (args, message, stdin) => {
    const r = stdin === undefined ? await cli(args) : await cli(args, { input: stdin });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the built command", () => {
  it("is executable, so npx and an installed dlsolve can run it", () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("starts from the code cache the build made, and V8 accepts it for this Node.js", () => {
    expect(existsSync(join(ROOT, "bin", "lib", "dlsolve.cjs.cache"))).toBe(true);
    const r = run(["batchnorm", "1", "7", "7", "9", "--json"], { env: { DLSOLVE_BUILD_CODE_CACHE: "check" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    // the check can fail: a cache for other code is rejected
    const copy = mkdtempSync(join(tmpdir(), "dlsolve-cache-"));
    cpSync(join(ROOT, "bin"), copy, { recursive: true });
    writeFileSync(join(copy, "lib", "dlsolve.cjs.cache"), readFileSync(join(ROOT, "bin", "chunks", "plot.cjs")));
    const stale = spawnSync(process.execPath, [join(copy, "dlsolve.js"), "batchnorm", "1", "7", "7", "9"], {
      encoding: "utf8",
      env: { ...process.env, DLSOLVE_BUILD_CODE_CACHE: "check" },
      timeout: SPAWN_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
    // a rejected cache costs time, never the answer
    expect(stale.status).toBe(0);
    expect(stale.stdout).toContain("mean");
    expect(stale.stderr).toBe(`code cache of ${join(copy, "lib", "dlsolve.cjs")} missing or rejected\n`);
  });
});

describe("help and version", () => {
  it("shows the version (the built bundle, spawned)", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("lists every problem in the top-level help", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    for (const p of problems) expect(r.stdout).toContain(p.name);
  });

  it.each(problems.map((p) => [p.name, p.examples] as const))(
    "%s: the examples in its help run",
    async (name, examples) => {
      const help = await cli([name, "--help"]);
      expect(help.code).toBe(0);
      for (const example of examples) {
        expect(help.stdout).toContain(`$ dlsolve ${example}`);
        const args = shellWords(example);
        const r = await cli(args);
        expect(r.stderr, example).toBe("");
        expect(r.code, example).toBe(0);
      }
    },
  );
});

describe("colour", () => {
  // A real terminal: util-linux's script(1) runs the built command on a pseudo-terminal.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  if (!hasScript) console.warn("skipping the terminal colour test: script(1) from util-linux is not installed");

  function onTerminal(args: string[], env: Record<string, string> = {}): string {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", ...env },
      timeout: SPAWN_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("batchnorm");
    return r.stdout;
  }

  it.skipIf(!hasScript)("colours a terminal, and not with --no-color, NO_COLOR or --json", () => {
    expect(onTerminal(["batchnorm", "1", "7", "7", "9"])).toMatch(/\u001b\[/);
    expect(onTerminal(["batchnorm", "1", "7", "7", "9", "--no-color"])).not.toMatch(/\u001b\[/);
    expect(onTerminal(["batchnorm", "1", "7", "7", "9"], { NO_COLOR: "1" })).not.toMatch(/\u001b\[/);
    expect(onTerminal(["batchnorm", "1", "7", "7", "9", "--json"])).not.toMatch(/\u001b\[/);
  });

  it("does not colour a pipe (a real process writing to one)", () => {
    expect(run(["batchnorm", "1", "2"]).stdout).not.toMatch(/\u001b\[/);
  });
});
