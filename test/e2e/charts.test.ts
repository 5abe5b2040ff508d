// Every problem's charts, drawn from its examples as a user would: in the
// terminal within the width, and as SVG (--plot FILE.svg) with each axis
// ticked at 1, 2 or 5 × 10ᵏ (powers of ten on a log axis), whole numbers on an
// axis of steps, names on a category axis, labels along an axis apart, and
// each SVG rendered to a PNG by rsvg-convert (Debian's librsvg2-bin; skipped,
// saying so, where it is missing).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { displayWidth } from "../../src/text-width.js";
import { cli, shellWords } from "../helpers.js";
import { all, parseSvg, plotOf, type SvgNode, axisTicks as ticks } from "../svg.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-charts-"));
const rsvg = spawnSync("rsvg-convert", ["--version"]).status === 0;
if (!rsvg) console.warn("charts.test.ts: rsvg-convert not found (Debian's librsvg2-bin): the PNG renders are skipped");

/** Whether a step is 1, 2 or 5 × 10ᵏ. */
function niceStep(step: number): boolean {
  const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5, 10].some((n) => Math.abs(m - n) < 1e-6);
}

/** What is wrong with a numeric axis' ticks, or nothing. */
function tickFault(values: readonly number[], whole: boolean): string | undefined {
  if (values.length < 2) return `${values.length} tick`;
  const powersOfTen = values.every((v, i) => i === 0 || Math.abs(v / (values[i - 1] as number) - 10) < 1e-9);
  if (powersOfTen && values.every((v) => v > 0)) return undefined;
  const step = (values[1] as number) - (values[0] as number);
  if (!niceStep(step)) return `step ${step}`;
  for (let i = 1; i < values.length; i++)
    if (Math.abs((values[i] as number) - (values[i - 1] as number) - step) > 1e-9 * Math.abs(step))
      return `uneven at ${values[i]}`;
  // on the step's grid, 0 written as 0: an axis starting at 1.2e-32 where the values reach 0 is not
  if (values.some((v) => v !== 0 && Math.abs(v) < Math.abs(step) * 1e-6)) return "a tick next to 0 that is not 0";
  if (values.some((v) => Math.abs(v / step - Math.round(v / step)) > 1e-6)) return "off the step's grid";
  if (whole && !values.every(Number.isInteger)) return "not whole numbers on an axis of steps";
  return undefined;
}

/** Every example of every problem that draws, as an argument list. */
const EXAMPLES = problems
  .filter((p) => p.plots)
  .flatMap((p) => p.examples.filter((e) => e.includes(" ")).map((e) => [p.name, shellWords(e)]))
  .map(([name, argv]) => [name as string, (argv as string[]).filter((a) => a !== "--json")] as const);

/** The axes a chart's kind has numbers on. */
const NUMERIC: Record<string, Array<"x" | "y">> = { line: ["x", "y"], bar: ["y"], strip: ["x"], heat: [] };

/** An example's SVG, drawn once in-process (the spawned command's charts are plots.test.ts's). */
const drawn = new Map<string, Promise<SvgNode | undefined>>();
function draw(argv: readonly string[]): Promise<SvgNode | undefined> {
  const key = JSON.stringify(argv);
  let doc = drawn.get(key);
  if (doc === undefined) {
    doc = drawAnew(argv);
    drawn.set(key, doc);
  }
  return doc;
}

async function drawAnew(argv: readonly string[]): Promise<SvgNode | undefined> {
  const file = join(tmp, `${argv[0]}-${Math.random().toString(36).slice(2)}.svg`);
  const r = await cli([...argv, "--plot", file, "--quiet"]);
  if (r.code === 2 && r.stderr.includes("nothing to draw")) return undefined;
  expect(r.code, r.stderr).toBe(0);
  const text = readFileSync(file, "utf8");
  expect(XMLValidator.validate(text)).toBe(true);
  if (rsvg) {
    const png = `${file}.png`;
    const r2 = spawnSync("rsvg-convert", [file, "-o", png], { encoding: "utf8" });
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(png).size).toBeGreaterThan(2000);
  }
  return parseSvg(text);
}

function checkPanel(panel: SvgNode): void {
  const kind = panel.getAttribute("data-kind") as string;
  if (kind === "circuit") return;
  const plot = plotOf(panel);
  // a heat map's key: a bar of its shades over nice ticks
  if (kind === "heat") {
    const key = ticks(all(panel, "svg")[0], "x").map((t) => t.value);
    expect(tickFault(key, false), `heat key ticks ${key}`).toBeUndefined();
  }
  const xTitle = all(plot, '[aria-label="x-axis label"] text')[0]?.textContent ?? "";
  for (const axis of NUMERIC[kind] ?? []) {
    const values = ticks(plot, axis).map((t) => t.value);
    expect(values.every(Number.isFinite), `${kind} ${axis}: ${values}`).toBe(true);
    const whole = axis === "x" && /step/.test(xTitle);
    expect(tickFault(values, whole), `${kind} ${axis} ticks ${values}`).toBeUndefined();
  }
  // a category axis (bars, a strip's rows, a heat map's rows and columns) is labelled by name
  if (kind === "bar") expect(ticks(plot, "x").every((t) => /\D/.test(t.text))).toBe(true);
  // labels along the x axis never touch: each at least as far from the next as their half widths (6.5 px a character)
  const along = ticks(plot, "x");
  for (let i = 1; i < along.length; i++) {
    const [a, b] = [along[i - 1] as { text: string; at: number }, along[i] as { text: string; at: number }];
    expect(b.at - a.at, `${a.text} and ${b.text}`).toBeGreaterThan((a.text.length + b.text.length) * 3.25);
  }
}

describe("every problem's charts as SVG (and PNG)", () => {
  it.each(problems.filter((p) => p.plots).map((p) => [p.name]))("%s: some example draws", async (name) => {
    const docs = await Promise.all(EXAMPLES.filter(([n]) => n === name).map(([, argv]) => draw(argv)));
    expect(docs.filter((d) => d !== undefined).length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)("%s %j: nice ticks, whole steps, named categories, labels apart", async (_name, argv) => {
    const doc = await draw(argv);
    if (doc === undefined) return; // these inputs have nothing to draw (the test above needs one per problem)
    const panels = all(doc, "g.chart");
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) checkPanel(panel);
  });

  it.each(EXAMPLES)("%s %j in the terminal: every line within 80 and 60 columns", async (_name, argv) => {
    for (const width of [80, 60]) {
      const r = await cli([...argv, "--plot", "--quiet"], { columns: width });
      if (r.code === 2 && r.stderr.includes("nothing to draw")) return;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split("\n").filter((l) => displayWidth(l) > width)).toEqual([]);
    }
  });

  it("a loss that falls to 1e-40 is drawn from 0, not from its least value", async () => {
    const argv = ["mlp-grads", "--x", "1", "--y", "0", "--A", "1", "--b", "0", "--C", "1", "--d", "0"];
    const doc = (await draw([...argv, "--activation", "identity", "--lr", "1/4", "--steps", "40"])) as SvgNode;
    const [plot] = all(doc, "g.chart svg");
    const ys = ticks(plot, "y").map((t) => t.value);
    expect(ys[0]).toBe(0);
    expect(tickFault(ys, false)).toBeUndefined();
    const xs = ticks(plot, "x").map((t) => t.value);
    expect(xs).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it("the tick check fails where it should", () => {
    expect(tickFault([-1.683, 0.2375, 2.158], false)).toBe("step 1.9205");
    expect(tickFault([0.5, 1.25, 2, 2.75], false)).toBeDefined();
    expect(tickFault([0, 2.5, 5, 7.5], true)).toBe("step 2.5");
    expect(tickFault([0, 0.5, 1, 1.5], true)).toBe("not whole numbers on an axis of steps");
    expect(tickFault([1.2e-32, 0.2, 0.4], false)).toBe("a tick next to 0 that is not 0");
    expect(tickFault([1.2e-32, 0.1875, 0.375], false)).toBeDefined();
    expect(tickFault([0.01, 0.1, 1, 10], false)).toBeUndefined();
    expect(tickFault([0, 0.2, 0.4, 0.6], false)).toBeUndefined();
  });
});
