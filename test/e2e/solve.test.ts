// `dlsolve solve` and --expect as a user meets them.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/text-width.js";
import { BIN, cli, ROOT, shell } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-solve-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const good = (x: number[]) => ({ problem: "batchnorm", input: { x } });
const ndjson = (lines: unknown[]) =>
  `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`;
const results = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("dlsolve solve: inputs", () => {
  it("reads one object, an array, and NDJSON", async () => {
    const one = file("one.json", JSON.stringify(good([1, 7, 7, 9]), null, 2));
    const arr = file("arr.json", JSON.stringify([good([1, 2]), good([3, 5])], null, 2));
    const nd = file("nd.ndjson", ndjson([good([1, 3]), good([2, 6])]));
    const r = await cli(["solve", "--json", one, arr, nd]);
    expect(r.code).toBe(0);
    const out = results(r.stdout);
    expect(out.map((o) => o.position)).toEqual([`${one}:1`, `${arr}[1]`, `${arr}[2]`, `${nd}:1`, `${nd}:2`]);
    expect(out.map((o) => (o.answer as { mean: number }).mean)).toEqual([6, 1.5, 4, 2, 4]);
    expect(out.every((o) => o.schema === 1)).toBe(true);
  });

  it("reads standard input when no file is given", async () => {
    const r = await cli(["solve", "--json"], { input: ndjson([good([1, 7, 7, 9])]) });
    expect(r.code).toBe(0);
    expect(results(r.stdout)[0]?.position).toBe("stdin:1");
  });

  it("loses no problem to a broken line in the middle of a stream", async () => {
    const r = await cli(["solve", "--json"], {
      input: ndjson([
        good([1, 3]),
        "{not json",
        good([2, 6]),
        { problem: "batchnrom", input: {} },
        good([5, 5]),
        good([0, 4]),
      ]),
    });
    expect(r.code).toBe(2);
    const out = results(r.stdout);
    expect(out).toHaveLength(6);
    expect(
      out.map((o) => ("error" in o ? `error@${String(o.position)}` : String((o.answer as { mean: number }).mean))),
    ).toEqual(["2", "error@stdin:2", "4", "error@stdin:4", "error@stdin:5", "2"]);
    const errors = r.stderr.trim().split("\n");
    expect(errors[0]).toMatch(/^dlsolve: error: stdin:2: invalid JSON/);
    expect(errors[1]).toMatch(
      /^dlsolve: error: stdin:4: problem: unknown problem "batchnrom" \(did you mean "batchnorm"\?\)/,
    );
    expect(errors[2]).toMatch(/^dlsolve: error: stdin:5: input\.x: .*variance 0/);
    expect(r.stderr).toMatch(/6 problems: 3 solved; 3 with errors/);
  });

  it("even when the first line is the broken one", async () => {
    const r = await cli(["solve", "--json"], { input: ndjson(["{oops", good([1, 3]), good([2, 6])]) });
    expect(r.code).toBe(2);
    expect(results(r.stdout).map((o) => o.position)).toEqual(["stdin:1", "stdin:2", "stdin:3"]);
  });

  it("reports array elements by index", async () => {
    const r = await cli(["solve", "--json"], {
      input: JSON.stringify([good([1, 3]), { problem: "ridge", input: { A: "1 2", b: [1] } }]),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: stdin\[2\]: input.lambda: missing/);
  });

  it.each([
    ["", /stdin: is empty/],
    ["[]", /stdin: is an empty array/],
    ["42", /stdin:1: expected a problem object/],
    ['{"problem": "batchnorm", "inputs": {}}', /stdin:1: inputs: unknown key \(did you mean "input"\?\)/],
    ['{"problem": "batchnorm", "input": {"x": [1, 2], "lamda": 1}}', /stdin:1: input\.lamda: unknown field/],
  ])("%j is reported with its position", async (input, message) => {
    const r = await cli(["solve"], { input });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("reports a missing file and still solves the others", async () => {
    const nd = file("ok.ndjson", ndjson([good([1, 3])]));
    const r = await cli(["solve", "--json", "/nonexistent/p.json", nd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: \/nonexistent\/p\.json: no such file/);
    expect(results(r.stdout).filter((o) => "answer" in o)).toHaveLength(1);
    // the file that cannot be read is not counted as a problem
    expect(r.stderr).toMatch(/dlsolve solve: 1 problem: 1 solved; 1 input error\n$/);
  });

  it("keeps stdout for solutions in text mode: headings there, errors and the summary on stderr", async () => {
    const r = await cli(["solve"], { input: ndjson([good([1, 3]), "{bad", good([2, 6])]) });
    expect(r.stdout).toContain("══ 1. stdin:1 ══");
    expect(r.stdout).toContain("══ 3. stdin:3 ══");
    expect(r.stdout).not.toContain("error");
    expect(r.stderr).toMatch(/3 problems: 2 solved; 1 with errors/);
  });

  it("starts answering before the input ends", async () => {
    const child = spawn(process.execPath, [BIN, "solve", "--json"], { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.write(`${JSON.stringify(good([1, 7, 7, 9]))}\n`);
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
      setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("no output while the input was still open"));
      }, 10_000);
    });
    expect(JSON.parse(first.split("\n")[0] as string).answer.mean).toBe(6);
    child.stdin.end(`${JSON.stringify(good([1, 3]))}\n`);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
  });
});

describe("check mode", () => {
  it("dlsolve batchnorm 1 7 7 9 --expect with a wrong y[3] exits 1 and names it", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--expect", '{"y": ["-5/3", 0.333, 0.34, 1]}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    // the rule that decided it: the digits written, ±half a unit in the last place
    expect(r.stdout).toMatch(/│ y\[3\]\s+│ 0\.34\s+│ 1\/3 ≈ 0\.333333\s+│ ±0\.005\s+│ ✗ │/);
    expect(r.stdout).toContain("✗ 1 of 4 checked values wrong: y[3]");
  });

  it("says where to look first", async () => {
    const r = await cli([
      "batchnorm",
      "1",
      "7",
      "7",
      "9",
      "--expect",
      '{"mean": 6, "variance": 10, "y": [-1.67, 0.333, 0.333, 1]}',
    ]);
    expect(r.code).toBe(1);
    // the verdict wraps at 80 columns
    expect(r.stdout.replace(/\s+/g, " ")).toContain(
      "look first at variance (Step 2. Variance): your mean is right, your variance is wrong",
    );
  });

  it("carries the check in JSON", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--json", "--expect", '{"y": ["-5/3", 0.333, 0.34, 1]}']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.check.passed).toBe(false);
    expect(j.check.items[2]).toEqual({
      field: "y[3]",
      expected: "0.34",
      computed: 1 / 3,
      passed: false,
      rule: "±0.005",
    });
    expect(j.check.firstWrong).toBe("y");
  });

  it("exits 0 when every check passes", async () => {
    expect((await cli(["batchnorm", "1", "7", "7", "9", "--expect", '{"mean": 6, "std": "3"}'])).code).toBe(0);
  });

  it.each([
    [["--expect", "{mean: 6}"], /^dlsolve: error: --expect: is not valid JSON/],
    [["--expect", '{"sigma": 3}'], /^dlsolve: error: expect\.sigma: not an answer of batchnorm/],
  ])("%j is an input error", async (args, message) => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});

describe("fixtures", () => {
  const dirs = ["fixtures/review", "fixtures/exam"];
  const files = dirs.flatMap((d) => readdirSync(join(ROOT, d)).map((f) => join(ROOT, d, f)));

  it("cover every part of the midterm review", () => {
    const names = readdirSync(join(ROOT, "fixtures/review"));
    for (const part of ["part1a", "part1b", "part1c", "part1d", "part1e", "part1f", "part2", "part3", "part4"]) {
      expect(
        names.some((n) => n.startsWith(part)),
        part,
      ).toBe(true);
    }
    for (const f of names) {
      const p = JSON.parse(readFileSync(join(ROOT, "fixtures/review", f), "utf8"));
      expect(typeof p.source, f).toBe("string");
      expect(Object.keys(p.expect ?? {}).length, f).toBeGreaterThan(0);
    }
  });

  it.each(files.map((f) => [f.slice(ROOT.length)]))("%s: solved and every check passes", async (rel) => {
    const r = await cli(["solve", "--json", join(ROOT, rel)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const o of results(r.stdout)) expect((o.check as { passed: boolean }).passed, String(o.position)).toBe(true);
  });

  it("cat fixtures/review/*.json | dlsolve solve works as one stream of pretty objects", async () => {
    const seed = readdirSync(join(ROOT, "fixtures/review"))
      .sort()
      .map((f) => readFileSync(join(ROOT, "fixtures/review", f), "utf8"))
      .join("");
    const r = await cli(["solve"], { input: seed });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/9 problems: 9 solved; checks: 9 passed, 0 failed/);
  });
});

describe("nothing lost, nothing runaway (the built command)", () => {
  it("gives every indented NDJSON line its own result, a malformed one included", async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      i === 3 ? '  {"problem": "batchnorm", "input": {"x": [1, 7,' : `  ${JSON.stringify(good([1, i + 2]))}`,
    );
    const r = await cli(["solve", "--json", file("indented.ndjson", ndjson(lines))]);
    expect(r.code).toBe(2);
    const out = results(r.stdout);
    expect(out).toHaveLength(300);
    expect(out.filter((o) => o.error !== undefined).map((o) => o.position)).toEqual([`${tmp}/indented.ndjson:4`]);
  });

  it("solves every element of an array laid out one per line, and a pretty object with { at column 0", async () => {
    const array = `[\n${[1, 2, 3].map((k) => JSON.stringify(good([0, k]))).join(",\n")}\n]\n`;
    const nested = '{"problem": "batchnorm", "input":\n{"x": [1, 7, 7, 9]},\n"expect": {"mean": 6}}\n';
    const r = await cli(["solve", "--json", file("lines.json", array), file("nested.json", nested)]);
    expect(r.stderr).toBe("");
    expect(results(r.stdout).map((o) => o.position)).toEqual([
      `${tmp}/lines.json[1]`,
      `${tmp}/lines.json[2]`,
      `${tmp}/lines.json[3]`,
      `${tmp}/nested.json:1`,
    ]);
  });

  it("counts the problems of an array cut short, not its missing ], as problems", async () => {
    const r = await cli(["solve"], { input: `[${JSON.stringify(good([1, 3]))},\n${JSON.stringify(good([2, 6]))},\n` });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("══ 2. stdin[2] ══");
    expect(r.stderr).toMatch(/the array is not closed \(no \]\)\n/);
    expect(r.stderr).toMatch(/dlsolve solve: 2 problems: 2 solved; 1 input error\n$/);
  });

  it("reads 20 MB of blanks with no line break as an empty input, not a crash", async () => {
    const r = await cli(["solve"], { input: " ".repeat(20 << 20) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: stdin: is empty, expected JSON problems\n/);
  });

  // The four below run the built command through a shell and mostly wait on a slow reader: side by side.
  it.concurrent("writes megabytes of output whole, to a file and through a pipe that is read slowly", async () => {
    // several flushes of the output buffer, which is reused once a write has finished (files, and pipes,
    // which dlsolve makes blocking, are written before write() returns): no line may be lost or torn
    const n = 3000;
    const f = file("many.ndjson", ndjson(Array.from({ length: n }, (_, i) => good([i % 10, 1 + (i % 7), 3.5]))));
    const out = join(tmp, "many.out.json");
    const [toFile, piped] = await Promise.all([
      shell(`"${process.execPath}" "${BIN}" solve --json "${f}" > "${out}"`),
      shell(`"${process.execPath}" "${BIN}" solve --json "${f}" | (sleep 0.5; cat)`),
    ]);
    expect(toFile.status).toBe(0);
    expect(piped.status).toBe(0);
    const written = readFileSync(out, "utf8");
    expect(written.length).toBeGreaterThan(4 << 20);
    expect(piped.stdout).toBe(written);
    const lines = results(written);
    expect(lines.map((l) => l.position)).toEqual(Array.from({ length: n }, (_, i) => `${f}:${i + 1}`));
    const means = lines.map((l) => (l.answer as { mean: number }).mean);
    expect(means).toEqual(Array.from({ length: n }, (_, i) => ((i % 10) + 1 + (i % 7) + 3.5) / 3));
  });

  it.concurrent("keeps each error line whole and between solutions in 2>&1, a slowly read pipe", async () => {
    // 2>&1 | less: Node.js writes a pipe asynchronously, so an error line written while a solution still
    // waited for the reader used to land in the middle of it
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 50 === 49 ? '{"problem": "batchnorm", "input": {"x": [1, "oops"]}}' : good([i % 10, 1 + (i % 7), 3.5]),
    );
    const f = file("errors-between.ndjson", ndjson(lines));
    const r = await shell(`"${process.execPath}" "${BIN}" solve --json "${f}" 2>&1 | (sleep 0.5; cat)`);
    const out = r.stdout.trimEnd().split("\n");
    const errors = out.filter((l) => l.startsWith("dlsolve: error:"));
    const solutions = out.filter((l) => l.startsWith("{"));
    expect(errors).toHaveLength(60);
    expect(solutions).toHaveLength(3000);
    // every solution line parses, in the order of the records
    expect(solutions.map((l) => (JSON.parse(l) as { position: string }).position)).toEqual(
      Array.from({ length: 3000 }, (_, i) => `${f}:${i + 1}`),
    );
    for (let k = 0; k < out.length - 1; k++) {
      if (!(out[k] as string).startsWith("dlsolve: error:")) continue;
      // the error line, then the record's error object on stdout
      const next = JSON.parse(out[k + 1] as string) as { position: string; error?: string };
      expect(next.error).toBeDefined();
      expect(out[k]).toContain(`${next.position}: ${next.error}`);
    }
    expect(out.at(-1)).toBe("dlsolve solve: 3000 problems: 2940 solved; 60 with errors");
  });

  it.concurrent("says in one line that the output cannot be written (a full disk), exit 2", async () => {
    const r = await shell(`"${process.execPath}" "${BIN}" batchnorm 1 7 7 9 > /dev/full`);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("dlsolve: error: cannot write the output: no space left on device\n");
  });

  it.concurrent("keeps exit 1 for a failed check when the reader closes the pipe early", async () => {
    // 400 failed checks print ~400 KB, far past a pipe's 64 KB buffer, so head closes it mid-stream
    const lines = Array.from({ length: 400 }, () => ({ ...good([1, 7, 7, 9]), expect: { mean: 5 } }));
    const f = file("fails.ndjson", ndjson(lines));
    const r = await shell(
      `"${process.execPath}" "${BIN}" solve "${f}" 2>/dev/null | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
    );
    expect(r.stdout.trim()).toBe("1");
  });
});

describe("user strings are escaped for where they are printed", () => {
  const evil = file("evil\n\\input{hostname}\n%.json", JSON.stringify(good([1, 7, 7, 9])));

  it("a file name cannot break out of a LaTeX comment, nor add a Markdown heading", async () => {
    const tex = await cli(["solve", "--format", "latex", evil]);
    expect(tex.code).toBe(0);
    expect(tex.stdout.split("\n").filter((l) => l.includes("\\input"))).toEqual([
      `% 1. ${tmp}/evil\\n\\input{hostname}\\n%.json:1`,
    ]);
    const md = await cli(["solve", "--format", "markdown", evil]);
    expect(md.stdout.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(2);
  });

  it("terminal escapes in a value or a file name reach neither stdout nor stderr raw", async () => {
    const esc = "\u001b[2J\u001b[31m";
    const r = await cli(["solve", file(`red${esc}.json`, `{"problem": "batchnorm", "input": {"x": ["1${esc}", 2]}}`)]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain("\u001b");
    expect(r.stderr).toContain("\\u001b[2J");
    const direct = await cli(["batchnorm", `1${esc}`, "2"]);
    expect(direct.stderr).not.toContain("\u001b");
    expect(direct.stderr).toMatch(/^dlsolve: error: x\[1\]: .*\\u001b/);
  });
});

describe("a class file: ids everywhere, an unreadable answer graded as wrong", () => {
  const records = [
    { id: "s17", problem: "batchnorm", input: { x: [1, 7, 7, 9] }, expect: { mean: 6, variance: "var", std: 3 } },
    { id: "s18", problem: "batchnorm", input: { x: [] } },
    { id: "s19", problem: "batchnorm", input: { x: [1, 7, 7, 9] }, expect: { mean: 6, xhat: [1, 2], nope: 1 } },
    { id: 20, problem: "batchnorm", input: { x: [1, 7, 7, 9] }, expect: null },
  ];
  const input = records.map((r) => JSON.stringify(r)).join("\n");

  it("names each record by position and id in headings and error lines", async () => {
    const r = await cli(["solve", "--quiet"], { input });
    expect(r.stdout).toContain("══ 1. stdin:1 (id s17) ══");
    expect(r.stdout).toContain("══ 3. stdin:3 (id s19) ══");
    expect(r.stdout).toContain("══ 4. stdin:4 (id 20) ══");
    expect(r.stderr).toContain("dlsolve: error: stdin:2 (id s18): input.x: is empty");
    const md = await cli(["solve", "--format", "markdown"], { input });
    expect(md.stdout).toContain("# 1. stdin:1 (id s17)");
    const json = await cli(["solve", "--json"], { input });
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["s17", "s18", "s19", 20]);
    expect(lines[1].error).toMatch(/^input\.x: is empty/);
  });

  it("grades the other answers of a record with an unreadable one; the bad input alone is an error", async () => {
    const r = await cli(["solve", "--json"], { input });
    expect(r.code).toBe(2); // record 2's input cannot be solved
    const [s17, , s19, s20] = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    type Item = { field: string; passed: boolean; reason?: string };
    const item = (rec: { check: { items: Item[] } }, name: string): Item => {
      const found = rec.check.items.find((i) => i.field === name);
      if (!found) throw new Error(`no check item ${name}`);
      return found;
    };
    expect(item(s17, "mean").passed).toBe(true);
    expect(item(s17, "std").passed).toBe(true);
    expect(item(s17, "variance").passed).toBe(false);
    expect(item(s17, "variance").reason).toMatch(/"var" is not a number/);
    expect(item(s19, "mean").passed).toBe(true);
    expect(item(s19, "xhat").reason).toBe("you gave 2 values; the answer has 4");
    expect(item(s19, "nope").reason).toMatch(/^not an answer of batchnorm/);
    expect(s20.check.passed).toBe(false);
    expect(s20.check.items[0].reason).toMatch(/expected a JSON object of answer fields/);
  });

  it("exits 1, not 2, when the only trouble is unreadable answers", async () => {
    const r = await cli(["solve"], { input: JSON.stringify(records[0]) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("checks: 0 passed, 1 failed");
    // the reason wraps inside the table at 80 columns
    for (const line of r.stdout.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/│ variance │ var +│ 9 +│ +│ ✗ │ "var" is not a number/);
  });

  it("keeps --expect on the command line strict: a typo there is the user's own, exit 2", async () => {
    const r = await cli(["batchnorm", "1", "7", "7", "9", "--expect", '{"variance": "var"}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlsolve: error: expect\.variance: "var" is not a number/);
  });
});

describe("tolerance policies", () => {
  const expect4 = async (extra: string[], answers: string) =>
    await cli(["batchnorm", "1", "7", "7", "9", "--json", ...extra, "--expect", answers]);
  const items = (stdout: string) =>
    (JSON.parse(stdout).check.items as Array<{ field: string; passed: boolean; rule: string }>).map((i) => [
      i.field,
      i.passed,
      i.rule,
    ]);

  it("--rtol and --atol: |given − correct| ≤ atol + rtol·|correct|, as numpy.isclose", async () => {
    // variance 9: 9.8 is 8.9 % off, 10 is 11.1 % off
    expect(items((await expect4(["--rtol", "0.1"], '{"variance": 9.8}')).stdout)).toEqual([
      ["variance", true, "rtol 0.1, atol 0"],
    ]);
    expect(items((await expect4(["--rtol", "0.1"], '{"variance": 10}')).stdout)).toEqual([
      ["variance", false, "rtol 0.1, atol 0"],
    ]);
    expect(items((await expect4(["--atol", "1"], '{"variance": 10}')).stdout)).toEqual([
      ["variance", true, "rtol 0, atol 1"],
    ]);
    expect(items((await expect4(["--rtol", "0.05", "--atol", "0.5"], '{"variance": 9.95}')).stdout)[0]?.[1]).toBe(true);
  });

  it("--sigfigs N: the correct value to N significant figures, ± half a unit there", async () => {
    // -5/3 to 2 figures is -1.7; 1/3 is 0.33
    const r = await expect4(["--sigfigs", "2"], '{"xhat": [-1.7, 0.334, 0.34, 1]}');
    expect(items(r.stdout).map(([, passed]) => passed)).toEqual([true, true, false, true]);
    // the digits rule judges each value by its own digits: 0.334 claims 3 decimals and is 0.00067 off
    const digits = await expect4([], '{"xhat": [-1.7, 0.334, 0.3, 1]}');
    expect(items(digits.stdout).map(([, passed, rule]) => [passed, rule])).toEqual([
      [true, "±0.05"],
      [false, "±0.0005"],
      [true, "±0.05"],
      [true, "exact"],
    ]);
  });

  it('"tolerance" in a problem object, and a flag over it', async () => {
    const record = (tolerance: unknown) =>
      JSON.stringify({ problem: "batchnorm", input: { x: [1, 7, 7, 9] }, expect: { variance: 10 }, tolerance });
    const own = await cli(["solve", "--json"], { input: record({ rtol: 0.2 }) });
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).check.items[0].rule).toBe("rtol 0.2, atol 0");
    const flag = await cli(["solve", "--json", "--sigfigs", "1"], { input: record({ rtol: 0.2 }) });
    expect(flag.code).toBe(1);
    expect(JSON.parse(flag.stdout).check.items[0].rule).toBe("1 sig. fig");
  });

  it.each([
    [["--rtol", "-1"], /^dlsolve: error: --rtol: expected a number ≥ 0, got "-1"/],
    [["--atol", "abc"], /^dlsolve: error: --atol: expected a number ≥ 0/],
    [["--sigfigs", "2.5"], /^dlsolve: error: --sigfigs: expected a whole number from 1 to 17/],
    [["--sigfigs", "2", "--rtol", "0.1"], /^dlsolve: error: --sigfigs: goes alone/],
  ])("%j is refused, naming the option", async (flags, message) => {
    const r = await expect4(flags, '{"mean": 6}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("a bad tolerance in a record is that record's error; the others are solved", async () => {
    const good = JSON.stringify({ problem: "batchnorm", input: { x: [1, 2] } });
    const bad = JSON.stringify({
      problem: "batchnorm",
      input: { x: [1, 2] },
      expect: { mean: 1.5 },
      tolerance: { rtl: 1 },
    });
    const r = await cli(["solve", "--json"], { input: `${bad}\n${good}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stdin:1: tolerance.rtl: unknown; use rtol, atol or sigfigs");
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
  });
});
