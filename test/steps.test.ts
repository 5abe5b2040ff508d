// Every step as an answer key writes it: a formula with a result shows its numbers substituted between the
// two. Walks the steps of every problem's examples and exam fixtures; the exceptions are named with why.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { problems } from "../src/problems/index.js";
import { cli, ROOT, shellWords } from "./helpers.js";

/** Steps whose result needs no substitution line, by problem and title. */
const EXCEPTIONS: Array<[string, RegExp, string]> = [
  ["batchnorm", /^The compact form agrees$/, "a check: its value is the difference from the staged result"],
  ["ridge", /^Check: the gradient is zero at x$/, "a check: its value is the residual gradient"],
  ["optimizer", /^The minimiser θ\* = H⁻¹c$/, "a linear solve: H and c are the input, shown above"],
  ["dropout", /^Eval mode: no unit is dropped$/, "y = x: nothing to substitute"],
];

interface JsonStep {
  title: string;
  formula?: string;
  derivation?: unknown[];
  substitution?: string[];
  value?: unknown;
}

function bareSteps(problem: string, steps: JsonStep[], where: string): string[] {
  return steps
    .filter((s) => (s.formula ?? s.derivation) !== undefined && s.value !== undefined && s.substitution === undefined)
    .filter((s) => !EXCEPTIONS.some(([p, title]) => p === problem && title.test(s.title)))
    .map(
      (s) => `${where}: "${s.title}" gives ${JSON.stringify(s.value)} straight after ${s.formula ?? "its derivation"}`,
    );
}

describe("formula → numbers → result", () => {
  it("in every example of every problem", async () => {
    const bare: string[] = [];
    let walked = 0;
    for (const p of problems) {
      for (const example of p.examples) {
        const r = await cli([...shellWords(example), "--json"]);
        if (r.code > 1) continue;
        const sol = JSON.parse(r.stdout) as { steps?: JsonStep[] };
        walked += sol.steps?.length ?? 0;
        bare.push(...bareSteps(p.name, sol.steps ?? [], example));
      }
    }
    expect(walked).toBeGreaterThan(300);
    // and a layernorm backward pass of one sample, whose ∂L/∂x is worked out with its numbers
    const r = await cli(["layernorm", "3", "5", "9", "7", "--dLdy", "1,-1,0,2", "--json"]);
    bare.push(...bareSteps("layernorm", JSON.parse(r.stdout).steps, "layernorm 3 5 9 7 --dLdy 1,-1,0,2"));
    expect(bare).toEqual([]);
  });

  it("in every exam fixture", async () => {
    const files = readdirSync(`${ROOT}/fixtures/exam`).map((f) => `${ROOT}/fixtures/exam/${f}`);
    const r = await cli(["solve", "--json", ...files]);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(50);
    const bare = lines.flatMap((line) => {
      const sol = JSON.parse(line) as { problem: string; position: string; steps?: JsonStep[] };
      return bareSteps(sol.problem, sol.steps ?? [], sol.position);
    });
    expect(bare).toEqual([]);
  });
});
