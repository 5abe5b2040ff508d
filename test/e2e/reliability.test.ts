// Inputs a hostile probe found refused for a wrong reason, or answered with a
// wrong name: each is solved, or refused with the reason that is true.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

const json = async (argv: string[]) => {
  const r = await cli([...argv, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { answer: Record<string, unknown>; steps: Array<{ title: string; notes?: string[] }> };
};

describe("refusals that name the true reason", () => {
  it("batchnorm 0 1e-300: values that differ, whose variance underflows float64, are not 'all values equal'", async () => {
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
