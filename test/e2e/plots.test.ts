// --plot: charts in the terminal sized to the width, the same charts as SVG,
// marks where the numbers say, and no plotting code loaded without --plot.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { chartsText } from "../../src/plot/text.js";
import { displayWidth } from "../../src/text-width.js";
import { cli, ROOT, run, SPAWN_TIMEOUT_MS } from "../helpers.js";
import { all, axisTicks, panels, parseSvg, plotOf, type SvgNode, type Tick } from "../svg.js";

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

/** The colours of a bar: plain, or marked (the target). */
const COLOR = { plain: "#1f77b4", marked: "#d62728" };

async function svgOf(argv: string[]): Promise<SvgNode> {
  const file = join(tmp, `${argv[0]}-${Math.random().toString(36).slice(2)}.svg`);
  const r = await cli([...argv, "--plot", file, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`chart(s)? written to ${file.replace(/[.]/g, "\\.")}`));
  const text = readFileSync(file, "utf8");
  expect(XMLValidator.validate(text)).toBe(true);
  return parseSvg(text);
}

/** The value at a pixel, read off an axis' first and last ticks (linear, or log when the ticks are powers of ten). */
function scaleOf(ticks: readonly Tick[]): (px: number) => number {
  const [a, b] = [ticks[0] as Tick, ticks.at(-1) as Tick];
  const log = ticks.length > 2 && ticks.every((t, i) => i === 0 || t.value / (ticks[i - 1] as Tick).value === 10);
  const [va, vb] = log ? [Math.log10(a.value), Math.log10(b.value)] : [a.value, b.value];
  return (px) => {
    const v = va + ((px - a.at) / (b.at - a.at)) * (vb - va);
    return log ? 10 ** v : v;
  };
}

describe("charts in the terminal", () => {
  it.each(Object.entries(PLOTTING))("%s: every line fits 80 and 60 columns", async (_name, argv) => {
    for (const width of [80, 60]) {
      const r = await cli([...argv, "--plot"], { columns: width });
      expect(r.code, r.stderr).toBe(0);
      const wide = r.stdout.split("\n").filter((l) => displayWidth(l) > width);
      expect(wide).toEqual([]);
    }
  });

  it("sigmoid-grad -3 0 5: σ and σ′, each z marked under its column", async () => {
    const r = await cli([...(PLOTTING["sigmoid-grad"] as string[]), "--plot", "--quiet"]);
    const chart = chartPart(r.stdout, "σ(z) and σ′(z)");
    expect(chart).toMatch(/^ {2}σ\(z\)$/m);
    expect(chart).toMatch(/^ {2}σ′\(z\)$/m);
    const lines = chart.split("\n");
    // ticks at every second z, each label centred on its column; the plot area spans z from -6 to 6
    const axis = lines.find((l) => /^ +-6 +-4 +-2 +0 +2 +4 +6$/.test(l)) as string;
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

  it("a heat map shades every weight above zero, and its key says what each shade means", () => {
    const heat = chartsText(
      [
        {
          kind: "heat",
          title: "A",
          rowLabels: ["q₁"],
          colLabels: ["k₁", "k₂", "k₃", "k₄"],
          values: [[0, 0.196, 0.6, null]],
          domain: [0, 1],
        },
      ],
      80,
    );
    expect(heat).toContain("  q₁    ░░ ▓▓ ×");
    expect(heat).toContain("blank = 0  ░ ≤ 0.25  ▒ ≤ 0.5  ▓ ≤ 0.75  █ ≤ 1  × masked");
  });

  it("optimizer on a quadratic: f(θ) per step and each θᵢ against the minimiser H⁻¹c", async () => {
    const r = await cli([...(PLOTTING.optimizer as string[]), "--plot", "--quiet"]);
    expect(r.stdout).toContain("f(θ) per step");
    // H⁻¹c = [1/12, -1/6]
    expect(r.stdout).toContain("(┄ θ*₁ = 0.08333)");
    expect(r.stdout).toContain("(┄ θ*₂ = -0.1667)");
    // the y axis in nice steps: θ₂ from -2 to 0 by 0.2, θ*₂ dashed on the -0.2 row, where the path runs over it
    const theta2 = chartPart(r.stdout, "θ₂ per step").split("\n");
    const labels = theta2.flatMap((l) => /^ +(-?[\d.]+) [┤┼]/.exec(l)?.[1] ?? []).map(Number);
    expect(labels).toEqual([0, -0.2, -0.4, -0.6, -0.8, -1, -1.2, -1.4, -1.6, -1.8, -2]);
    const row = theta2.find((l) => /^ +-0\.2 ┤/.test(l)) as string;
    expect(row).toMatch(/┄/);
    expect(row).toMatch(/[╭╮╯╰─]/);
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
    expect(r.stdout).toMatch(/^ +0 +10 +20 +30 +40 +50 +60$/m);
    expect(r.stdout).toMatch(/z = 1e\+308 ▲$/m);
  });

  it("is monochrome: no ANSI codes in the charts", async () => {
    const r = run([...(PLOTTING["sigmoid-grad"] as string[]), "--plot"], { env: { NO_COLOR: "1" } });
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});

describe("charts as SVG", () => {
  it("sigmoid-grad: parses as XML, one series per quantity, each z's mark where z is", async () => {
    const [panel] = panels(await svgOf(PLOTTING["sigmoid-grad"] as string[]));
    const main = plotOf(panel);
    expect(all(main, '[aria-description="series"] path').map((p) => p.getAttribute("aria-label"))).toEqual([
      "σ(z)",
      "σ′(z)",
    ]);
    const x = scaleOf(axisTicks(main, "x"));
    const marks = all(main, '[aria-description="mark"] line').map((l) => x(Number(l.getAttribute("x1"))));
    expect(marks.map((z) => Math.round(z * 100) / 100)).toEqual([-3, 0, 5]);
    expect(all(main, '[aria-description="mark label"] text').map((t) => t.textContent)).toEqual([
      "z = -3",
      "z = 0",
      "z = 5",
    ]);
  });

  it("ridge with a λ path: x₁, x₂ and a shrink factor per singular value, on a log axis of powers of ten", async () => {
    const doc = await svgOf(PLOTTING.ridge as string[]);
    const series = all(doc, '[aria-description="series"] path').map((p) => p.getAttribute("aria-label"));
    expect(series).toEqual(["x₁", "x₂", "σ₁ = 1.732", "σ₂ = 1"]);
    // a legend names each series where a chart has several
    expect(all(doc, "text.legend").map((t) => t.textContent)).toEqual(series);
    for (const panel of panels(doc)) {
      const ticks = axisTicks(plotOf(panel), "x");
      expect(ticks.map((t) => t.value)).toEqual([0.01, 0.1, 1, 10, 100]);
      // equal steps in pixels from one power of ten to the next: a log axis
      const gaps = ticks.slice(1).map((t, i) => t.at - (ticks[i] as Tick).at);
      for (const g of gaps) expect(g).toBeCloseTo(gaps[0] as number, 6);
    }
  });

  it("softmax-ce: a bar per class named on its axis, the target's marked; attention: a cell per weight", async () => {
    const softmax = plotOf(panels(await svgOf(PLOTTING["softmax-ce"] as string[]))[0]);
    expect(all(softmax, '[aria-label="x-axis tick label"] text').map((t) => t.textContent)).toEqual([
      "class 1",
      "class 2",
      "class 3",
    ]);
    const bars = all(softmax, '[aria-description="bars"] rect');
    expect(bars.map((b) => b.getAttribute("fill"))).toEqual([COLOR.marked, COLOR.plain, COLOR.plain]);
    expect(bars[0]?.textContent).toMatch(/^class 1: 0\.66524/);
    const attention = plotOf(panels(await svgOf(PLOTTING.attention as string[]))[0]);
    expect(all(attention, '[aria-description="cells"] rect')).toHaveLength(6);
    expect(all(attention, '[aria-description="masked"] rect')).toHaveLength(3);
  });

  it("optimizer: the minimiser's level is where H⁻¹c says, drawn first; batchnorm: a row per quantity", async () => {
    const doc = await svgOf(PLOTTING.optimizer as string[]);
    const [, first, second] = panels(doc).map(plotOf);
    for (const [main, star] of [
      [first, 1 / 12],
      [second, -1 / 6],
    ] as const) {
      const y = scaleOf(axisTicks(main, "y"));
      const [level] = all(main, '[aria-description="level"] line');
      expect(y(Number(level?.getAttribute("y1")))).toBeCloseTo(star, 6);
      // drawn beneath: the level's group comes before the series' in the document
      const order = all(main, "[aria-description]").map((g) => g.getAttribute("aria-description"));
      expect(order.indexOf("level")).toBeLessThan(order.indexOf("series"));
    }
    const strip = plotOf(panels(await svgOf(PLOTTING.batchnorm as string[]))[0]);
    expect(all(strip, '[aria-label="y-axis tick label"] text').map((t) => t.textContent)).toEqual(["x", "x̂", "y"]);
    const points = all(strip, '[aria-description="points"] circle').map((p) => p.getAttribute("aria-label"));
    expect(points).toEqual(["x", "x", "x", "x", "x̂", "x̂", "x̂", "x̂", "y", "y", "y", "y"]);
  });

  it("--format markdown links the SVG", async () => {
    const file = join(tmp, "bn.svg");
    const r = await cli([...(PLOTTING.batchnorm as string[]), "--format", "markdown", "--plot", file]);
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

  it("the plotting code is two chunks, the terminal's and the SVG's, neither loaded without --plot", () => {
    const chunk = (name: string) => readFileSync(join(ROOT, "bin", "chunks", name), "utf8");
    const bundle = readFileSync(join(ROOT, "bin", "lib", "dlsolve.cjs"), "utf8");
    // asciichart's rounded corner ╭ (escaped by the bundler) is in the terminal chunk only; Plot's class prefix in
    // the SVG chunk only
    expect(bundle).not.toMatch(/\\u256d/i);
    expect(chunk("plot.cjs")).toMatch(/\\u256d/i);
    expect(bundle).not.toContain("plot-d6a7b5");
    expect(chunk("plot.cjs")).not.toContain("aria-description");
    expect(chunk("svg.cjs")).toContain("aria-description");
    // copies of the command without a chunk: everything that does not need it still works
    const limits = { encoding: "utf8", timeout: SPAWN_TIMEOUT_MS, killSignal: "SIGKILL" } as const;
    const without = (name: string, extra: string[]) => {
      const copy = mkdtempSync(join(tmpdir(), "dlsolve-noplot-"));
      cpSync(join(ROOT, "bin"), copy, { recursive: true });
      rmSync(join(copy, "chunks", name));
      return spawnSync(process.execPath, [join(copy, "dlsolve.js"), "sigmoid-grad", "-3", "0", "5", ...extra], limits);
    };
    const svg = join(tmp, "no-chunk.svg");
    expect(without("plot.cjs", []).status).toBe(0);
    expect(without("plot.cjs", ["--plot"]).status).not.toBe(0);
    expect(without("plot.cjs", ["--plot", svg]).status).toBe(0);
    expect(without("svg.cjs", ["--plot"]).status).toBe(0);
    expect(without("svg.cjs", ["--plot", svg]).status).not.toBe(0);
  });
});
