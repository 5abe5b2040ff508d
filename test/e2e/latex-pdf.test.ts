// The LaTeX a user compiles: every exam and review problem in one standalone
// document through pdflatex, read back with pdftotext. Needs
// texlive-latex-recommended and poppler-utils (.ci/run installs them);
// without them the tests skip and say why.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT, runAsync, SPAWN_TIMEOUT_MS } from "../helpers.js";

const limits = { timeout: SPAWN_TIMEOUT_MS, killSignal: "SIGKILL" } as const;
const has = (tool: string) => spawnSync(tool, ["-v"], { encoding: "utf8", ...limits }).error === undefined;
const tools = has("pdflatex") && has("pdftotext");
if (!tools)
  console.log(
    "latex-pdf tests skipped: pdflatex or pdftotext missing (apt-get install texlive-latex-recommended poppler-utils)",
  );

interface Compiled {
  log: string;
  text: string;
  code: number | null;
}

async function compile(tex: string): Promise<Compiled> {
  const dir = mkdtempSync(join(tmpdir(), "dlsolve-tex-"));
  writeFileSync(join(dir, "doc.tex"), tex);
  // awaited, not spawned in sync: the documents compile side by side
  const r = await runAsync("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"], dir);
  const text = (await runAsync("pdftotext", ["-layout", join(dir, "doc.pdf"), "-"])).stdout;
  return { log: readFileSync(join(dir, "doc.log"), "latin1"), text, code: r.status };
}

/** Overfull boxes wider than `limit` points, with where the log says they are. */
function overfull(log: string, limit: number): string[] {
  return [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*/g)]
    .filter((m) => Number(m[1]) > limit)
    .map((m) => m[0]);
}

const classFiles = ["exam", "review"].flatMap((dir) =>
  readdirSync(join(ROOT, "fixtures", dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(ROOT, "fixtures", dir, f)),
);

// Concurrent: each test waits on pdflatex, a process of its own, so the documents compile side by side.
describe.skipIf(!tools).concurrent("LaTeX through pdflatex", () => {
  it("every exam and review problem, one document: compiles, no overfull box past 20 pt", async () => {
    const r = await cli(["solve", ...classFiles, "--format", "latex", "--standalone"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/\\documentclass/g)).toHaveLength(1);
    const pdf = await compile(r.stdout);
    expect(pdf.code, pdf.log.slice(-2000)).toBe(0);
    expect(overfull(pdf.log, 20)).toEqual([]);
    // a section per record, headed by its id
    expect(pdf.text).toMatch(/\d+\s+optimizer-review-1f/);
    expect(pdf.text).toMatch(/\d+\s+attention-mask-one-key/);
  }, 60_000);

  it("ids in any script, with emoji, control characters or a blank line: the document compiles", async () => {
    const records = [
      { id: "学生 s1 🎉", problem: "batchnorm", input: { x: [1, 2, 4] } },
      { id: "a\u001b[2Jb\n\nc", problem: "batchnorm", input: { x: [1, 2] } },
      { id: "ошибка 学", problem: "nope" },
    ];
    const r = await cli(["solve", "-", "--format", "latex", "--standalone"], {
      input: `${records.map((o) => JSON.stringify(o)).join("\n")}\n`,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("\\section{[U+5B66][U+751F] s1 [U+1F389]}");
    const pdf = await compile(r.stdout);
    expect(pdf.code, pdf.log.slice(-2000)).toBe(0);
    expect(pdf.text).toContain("[U+5B66][U+751F] s1");
  }, 60_000);

  it("a file deep in a long directory: its path breaks at a slash, in the heading and under an id", async () => {
    const deep = join(
      mkdtempSync(join(tmpdir(), "dlsolve-tex-")),
      "deep-learning-fall-term",
      "homework-three-submissions-from-the-tuesday-section",
    );
    mkdirSync(deep, { recursive: true });
    const plain = join(deep, "batchnorm-without-an-id-and-with-a-long-name.json");
    writeFileSync(plain, JSON.stringify({ problem: "batchnorm", input: { x: [1, 7, 7, 9] } }));
    const named = join(deep, "sigmoid-grad-with-an-id.json");
    writeFileSync(named, JSON.stringify({ id: "q2", problem: "sigmoid-grad", input: { z: [0] } }));
    const r = await cli(["solve", plain, named, "--format", "latex", "--standalone"]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = await compile(r.stdout);
    expect(pdf.code, pdf.log.slice(-2000)).toBe(0);
    expect(overfull(pdf.log, 0)).toEqual([]);
    expect(pdf.text).toContain("batchnorm-without-an-id-and-with-a-long-name.json:1");
    expect(pdf.text).toContain("sigmoid-grad-with-an-id.json:1");
  }, 30_000);

  it("<, > and | print as themselves, not as ¡ ¿ —", async () => {
    const r = await cli(["sigmoid-grad", "-2", "0", "2", "40", "--format", "latex", "--standalone"]);
    const pdf = await compile(r.stdout);
    expect(pdf.code).toBe(0);
    expect(pdf.text).not.toMatch(/[¡¿]/);
    expect(pdf.text).toContain("for z < 0");
    expect(pdf.text).toContain("|z|");
  }, 30_000);

  it("a record that cannot be solved is a section saying so; the rest are solved", async () => {
    const input = [
      JSON.stringify({ id: "good", problem: "batchnorm", input: { x: [1, 7, 7, 9] } }),
      JSON.stringify({ id: "bad", problem: "batchnorm", input: { x: [] } }),
    ].join("\n");
    const r = await cli(["solve", "--format", "latex", "--standalone"], { input });
    expect(r.code).toBe(2);
    const pdf = await compile(r.stdout);
    expect(pdf.code).toBe(0);
    expect(pdf.text).toContain("Not solved:");
    expect(pdf.text).toMatch(/Answer/);
  }, 30_000);

  it.each(["1", "2"])(
    "a practice exam sheet of every problem (seed %s): compiles, the problems first, then the answer key",
    async (seed) => {
      const r = await cli(["practice", "--seed", seed, "--format", "latex", "--standalone", "--answers"]);
      expect(r.code).toBe(0);
      const pdf = await compile(r.stdout);
      expect(pdf.code, pdf.log.slice(-2000)).toBe(0);
      expect(overfull(pdf.log, 20)).toEqual([]);
      const key = pdf.text.indexOf("Answer key");
      expect(pdf.text.indexOf("Practice problems")).toBeLessThan(pdf.text.indexOf("Problem 10"));
      expect(pdf.text.indexOf("Problem 10")).toBeLessThan(key);
      expect(pdf.text.slice(key)).toMatch(/Step 1\./);
    },
    60_000,
  );

  it("the review's ridge problem: one page, its steps in order", async () => {
    const r = await cli([
      "ridge",
      "--A",
      "1 0; 0 1; 1 1",
      "--b",
      "1,2,3",
      "--lambda",
      "1/2",
      "--format",
      "latex",
      "--standalone",
    ]);
    const pdf = await compile(r.stdout);
    expect(pdf.code).toBe(0);
    expect(overfull(pdf.log, 0)).toEqual([]);
    const steps = [...pdf.text.matchAll(/Step (\d+)\./g)].map((m) => Number(m[1]));
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    expect(steps.length).toBeGreaterThanOrEqual(7);
  }, 30_000);
});
