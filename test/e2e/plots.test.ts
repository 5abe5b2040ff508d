// --plot: charts in the terminal sized to the width, the same charts as SVG,
// marks where the numbers say, and no plotting code loaded without --plot.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/text-width.js";
import { cli, ROOT, run, SPAWN_TIMEOUT_MS } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-plots-"));

const PLOTTING: Record<string, string[]> = {
  "sigmoid-grad": ["sigmoid-grad", "-3", "0", "5"],
  ridge: ["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "0.01,0.1,1,10,100"],
  "softmax-ce": ["softmax-ce", "2", "1", "0", "--target", "1"],
  attention: ["attention", "--Q", "1 0; 0 1; 1 1", "--K", "1 0; 0 1; 1 1", "--V", "1; 2; 3", "--mask", "causal"],
  batchnorm: ["batchnorm", "1", "7", "7", "9", "--gamma", "2", "--beta", "1"],
  layernorm: ["layernorm", "--x", "1 2 3; 2 4 9"],
  optimizer: ["optimizer", "--theta", "0,-2", "--lr", "1/10", "--H", "4 -4; -4 10", "--c", "1,-2", "--steps", "3"],
  "mlp-grads": ["mlp-grads", "--x", "2", "--y", "3", "--A", "1/2,-1", "--b", "0,1", "--C", "1,2", "--d", "0"].concat([
    "--activation",
    "relu",
    "--lr",
    "1/10",
    "--steps",
    "5",
  ]),
};

/** The chart part of a text output: everything after the answer block. */
const chartPart = (stdout: string, first: string) => stdout.slice(stdout.indexOf(first));

function svgOf(argv: string[]): { text: string; doc: Record<string, unknown> } {
  const file = join(tmp, `${argv[0]}-${Math.random().toString(36).slice(2)}.svg`);
  const r = run([...argv, "--plot", file, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`chart(s)? written to ${file.replace(/[.]/g, "\\.")}`));
  const text = readFileSync(file, "utf8");
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text);
  return { text, doc };
}

/** Every element of a kind (by its class) in the SVG text, with its attributes. */
function elements(svg: string, cls: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<\\w+ class="${cls}"([^>]*)/>`, "g"))].map((m) =>
    Object.fromEntries([...(m[1] as string).matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
}

describe("charts in the terminal", () => {
  it.each(Object.entries(PLOTTING))("%s: every line fits 80 and 60 columns", (_name, argv) => {
    for (const width of [80, 60]) {
      const r = run([...argv, "--plot"], { env: { COLUMNS: String(width) } });
      expect(r.code, r.stderr).toBe(0);
      const wide = r.stdout.split("\n").filter((l) => displayWidth(l) > width);
      expect(wide).toEqual([]);
    }
  });

  it("sigmoid-grad -3 0 5: σ and σ′, each z marked under its column", async () => {
    const r = run([...(PLOTTING["sigmoid-grad"] as string[]), "--plot", "--quiet"], { env: { COLUMNS: "80" } });
    const chart = chartPart(r.stdout, "σ(z) and σ′(z)");
    expect(chart).toMatch(/^ {2}σ\(z\)$/m);
    expect(chart).toMatch(/^ {2}σ′\(z\)$/m);
    const lines = chart.split("\n");
    const axis = lines.find((l) => /^ +-6 +0 +6$/.test(l)) as string;
    // the plot area: columns 9…79 span z from -6 to 6
    const start = axis.indexOf("-6");
    const end = axis.lastIndexOf("6");
    const marks = lines[lines.findIndex((l) => l.includes("▲"))] as string;
    for (const z of [-3, 0, 5]) {
      const col = marks.indexOf(`▲ z = ${z}`);
      const expected = start + Math.round(((z + 6) / 12) * (end - start));
      expect(Math.abs(col - expected), `z = ${z}`).toBeLessThanOrEqual(1);
    }
  });

  it("softmax-ce: a bar per class, the target class marked", async () => {
    const r = await cli([...(PLOTTING["softmax-ce"] as string[]), "--plot", "--quiet"]);
    const bars = r.stdout.split("\n").filter((l) => /^ {2}class \d │/.test(l));
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => b.endsWith("◀ target"))).toEqual([true, false, false]);
    // longest bar for the largest p (0.665)
    const lengths = bars.map((b) => (b.match(/█/g) ?? []).length);
    expect(lengths[0]).toBeGreaterThan(lengths[1] as number);
    expect(lengths[1]).toBeGreaterThan(lengths[2] as number);
  });

  it("attention: a row per query, masked keys apart", async () => {
    const r = await cli([...(PLOTTING.attention as string[]), "--plot", "--quiet"]);
    expect(r.stdout).toMatch(/^ {2}q₁ ██ × {2}×$/m); // query 1 sees only key 1: weight 1
    expect(r.stdout).toMatch(/^ {2}q₂ \S\S \S\S ×$/m);
  });

  it("optimizer on a quadratic: f(θ) per step and each θᵢ against the minimiser H⁻¹c", async () => {
    const r = await cli([...(PLOTTING.optimizer as string[]), "--plot", "--quiet"]);
    expect(r.stdout).toContain("f(θ) per step");
    // H⁻¹c = [1/12, -1/6]
    expect(r.stdout).toContain("(flat: θ*₁ = 0.08333)");
    expect(r.stdout).toContain("(flat: θ*₂ = -0.1667)");
  });

  it.each([
    [["sigmoid-grad", "1e308"]],
    [["sigmoid-grad", "-1e308", "0", "40"]],
    [["softmax-ce", "--z", "1000,0,-1000", "--target", "1"]],
    [["optimizer", "--theta", "1", "--lr", "10", "--H", "2", "--c", "0", "--steps", "50"]],
    [["ridge", "--A", "1 0; 0 1", "--b", "1,2", "--lambda", "5,5"]],
    [["batchnorm", "5", "5", "5", "5", "--eps", "1"]],
  ])("extreme inputs still draw: %j", async (argv) => {
    const r = await cli([...argv, "--plot", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    expect(Math.max(...r.stdout.split("\n").map(displayWidth))).toBeLessThanOrEqual(80);
  });

  it("a z far beyond the axis (σ is flat past ±60) is marked at its end", async () => {
    const r = await cli(["sigmoid-grad", "1e308", "--plot", "--quiet"]);
    expect(r.stdout).toMatch(/^ +-6 +27 +60$/m);
    expect(r.stdout).toMatch(/z = 1e\+308 ▲$/m);
  });

  it("is monochrome: no ANSI codes in the charts", async () => {
    const r = run([...(PLOTTING["sigmoid-grad"] as string[]), "--plot"], { env: { NO_COLOR: "1" } });
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});

describe("charts as SVG", () => {
  it("sigmoid-grad: parses as XML, one series per quantity, each z's mark where z is", () => {
    const { text } = svgOf(PLOTTING["sigmoid-grad"] as string[]);
    expect(elements(text, "series").map((s) => s["data-series"])).toEqual(["σ(z)", "σ′(z)"]);
    const [area] = elements(text, "plot-area");
    const x0 = Number(area?.x);
    const w = Number(area?.width);
    const [lo, hi] = [Number(area?.["data-xmin"]), Number(area?.["data-xmax"])];
    const marks = elements(text, "mark");
    expect(marks.map((m) => Number(m["data-x"]))).toEqual([-3, 0, 5]);
    for (const m of marks) {
      const z = Number(m["data-x"]);
      expect(Number(m.x1)).toBeCloseTo(x0 + ((z - lo) / (hi - lo)) * w, 1);
    }
  });

  it("ridge with a λ path: x₁, x₂ and a shrink factor per singular value, on a log axis", () => {
    const { text } = svgOf(PLOTTING.ridge as string[]);
    expect(elements(text, "series").map((s) => s["data-series"])).toEqual(["x₁", "x₂", "σ₁ = 1.732", "σ₂ = 1"]);
    expect(elements(text, "plot-area").every((a) => a["data-logx"] === "true")).toBe(true);
    // the λ given are marked on both charts, and λ = 1 sits in the middle of 0.01 … 100
    const marks = elements(text, "mark");
    expect(marks.map((m) => m["data-x"])).toEqual(["0.01", "0.1", "1", "10", "100", "0.01", "0.1", "1", "10", "100"]);
    const [area] = elements(text, "plot-area");
    expect(Number(marks[2]?.x1)).toBeCloseTo(Number(area?.x) + Number(area?.width) / 2, 1);
  });

  it("softmax-ce: a bar per class, the target's marked; attention: a cell per weight, masked ones apart", () => {
    const bars = elements(svgOf(PLOTTING["softmax-ce"] as string[]).text, "bar");
    expect(bars.map((b) => b["data-marked"])).toEqual(["true", "false", "false"]);
    expect(Number(bars[0]?.["data-value"])).toBeCloseTo(0.665241, 6);
    const cells = elements(svgOf(PLOTTING.attention as string[]).text, "cell");
    expect(cells).toHaveLength(9);
    expect(cells.filter((c) => c["data-value"] === "masked")).toHaveLength(3);
  });

  it("optimizer: the minimiser's level is where H⁻¹c says; batchnorm: x, x̂ and y, a point per value", () => {
    const levels = elements(svgOf(PLOTTING.optimizer as string[]).text, "level");
    expect(levels.map((l) => Number(l["data-y"]))).toEqual([1 / 12, -1 / 6]);
    const points = elements(svgOf(PLOTTING.batchnorm as string[]).text, "point");
    expect(points.map((p) => p["data-row"])).toEqual(["x", "x", "x", "x", "x̂", "x̂", "x̂", "x̂", "y", "y", "y", "y"]);
  });

  it("--format markdown links the SVG", () => {
    const file = join(tmp, "bn.svg");
    const r = run([...(PLOTTING.batchnorm as string[]), "--format", "markdown", "--plot", file]);
    expect(r.stdout.trimEnd().endsWith(`](${file})`)).toBe(true);
    expect(r.stdout).toContain("![batchnorm: ");
  });
});

describe("--plot's bad inputs, and the code it loads", () => {
  it.each([
    [
      ["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2", "--plot"],
      "--plot: nothing to draw for these inputs; demean-backprop has no charts",
    ],
    [
      ["mlp-grads", "--x", "1", "--y", "0", "--A", "1", "--b", "0", "--C", "1", "--d", "0", "--plot"],
      "mlp-grads plots with --steps: the loss per step",
    ],
    [["sigmoid-grad", "0", "--plot", "chart.png"], '--plot: "chart.png" is not an .svg file'],
    [
      ["sigmoid-grad", "0", "--json", "--plot"],
      "--plot: draws in text output; with --format json, give --plot FILE.svg",
    ],
    [["solve", "--plot"], "--plot: draws one problem's charts"],
    [["sigmoid-grad", "0", "--plot", "/nonexistent/dir/c.svg"], '--plot: cannot write "/nonexistent/dir/c.svg"'],
  ])("%j: one line, exit 2", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("the plotting code is its own chunk, never loaded without --plot", () => {
    const plot = join(ROOT, "bin", "chunks", "plot.cjs");
    const bundle = join(ROOT, "bin", "lib", "dlsolve.cjs");
    // asciichart's rounded corner ╭ (escaped by the bundler) is in the plot chunk only
    expect(readFileSync(bundle, "utf8")).not.toMatch(/\\u256d/i);
    expect(readFileSync(plot, "utf8")).toMatch(/\\u256d/i);
    // a copy of the command without the plot chunk: everything but --plot still works
    const copy = mkdtempSync(join(tmpdir(), "dlsolve-noplot-"));
    cpSync(join(ROOT, "bin"), copy, { recursive: true });
    rmSync(join(copy, "chunks", "plot.cjs"));
    const bin = join(copy, "dlsolve.js");
    const limits = { encoding: "utf8", timeout: SPAWN_TIMEOUT_MS, killSignal: "SIGKILL" } as const;
    const without = spawnSync(process.execPath, [bin, "sigmoid-grad", "-3", "0", "5"], limits);
    expect(without.status, without.stderr).toBe(0);
    const withPlot = spawnSync(process.execPath, [bin, "sigmoid-grad", "-3", "0", "5", "--plot"], limits);
    expect(withPlot.status).not.toBe(0);
  });
});
