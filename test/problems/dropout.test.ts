import { describe, expect, it } from "vitest";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("dropout against the closed forms", () => {
  it("matches every reference case at 1e-9, and gives no field the reference leaves out", () => {
    for (const c of reference("dropout")) {
      const { answer } = answerOf(solveJson("dropout", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input), 1e-9, 1e-12);
      expect(Object.keys(answer).sort()).toEqual(Object.keys(c.answer).sort());
    }
  });
  it("keeps the expectation: the mean of y over every mask, weighted by its probability, is x (inverted)", () => {
    // x = 3, p = 1/4: E[y] = 3/4·(3/(3/4)) + 1/4·0 = 3
    const kept = answerOf(solveJson("dropout", { x: 3, p: "1/4" })).exact.kept;
    expect(kept).toBe("4");
    expect((3 / 4) * Number(kept)).toBe(3);
  });
});

describe("the worked scaling", () => {
  it("writes Var[y] = xᵢ² at p = 1/2 and kept = xᵢ, Var[y] = 0 at p = 0, not 1xᵢ² or 0xᵢ²", async () => {
    const half = (await cli(["dropout", "--x", "1,2", "--p", "1/2"])).stdout;
    expect(half).toContain("kept = xᵢ/(1 − p) = 2xᵢ ");
    expect(half).toContain("Var[y] = (1/2)(xᵢ/(1/2))² − xᵢ² = xᵢ² ");
    const none = (await cli(["dropout", "--x", "1,2", "--p", "0"])).stdout;
    expect(none).toContain("kept = xᵢ/(1 − p) = xᵢ ");
    expect(none).toContain("Var[y] = 1(xᵢ/1)² − xᵢ² = 0 ");
  });
  it("a keep probability typed as 0.8 keeps its decimals: p = 0.2, 1 − p = 0.8, E[y] = 0.8xᵢ", async () => {
    const r = (await cli(["dropout", "--x", "0.5,-1", "--keep-prob", "0.8", "--inverted", "false"])).stdout;
    expect(r).toMatch(/^dropout — Dropout with p = 0\.2, /);
    expect(r).toContain("1 − p = 1 − 0.2 = 0.8 ");
    expect(r).toContain("E[y] = 0.8xᵢ ");
  });
  it("titles p as it was written: 0.5 typed stays 0.5, 1/2 stays 1/2", async () => {
    expect((await cli(["dropout", "--x", "1", "--p", "0.5"])).stdout).toMatch(/^dropout — Dropout with p = 0\.5, /);
    expect((await cli(["dropout", "--x", "1", "--p", "1/2"])).stdout).toMatch(/^dropout — Dropout with p = 1\/2, /);
  });
});

describe("mistakes and bad input", () => {
  it("names the missing 1/(1 − p) and p read as the keep probability", async () => {
    const ask = async (y: number[]) => {
      const r = await cli([
        "dropout",
        "--x",
        "1,2",
        "--p",
        "1/4",
        "--mask",
        "1,1",
        "--json",
        "--expect",
        JSON.stringify({ y }),
      ]);
      return JSON.parse(r.stdout).check.items.map((i: { diagnosis?: { mistake: string } }) => i.diagnosis?.mistake);
    };
    expect(await ask([1, 2])).toContain("not-inverted");
    expect(await ask([4, 8])).toContain("keep-for-drop");
  });
  it("a mask of another shape, or p and keepProb both, is one clear line", async () => {
    const a = await cli(["dropout", "--x", "1,2", "--mask", "1"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--mask: must have the shape of x/);
    const b = await cli(["dropout", "--x", "1", "--p", "0.5", "--keep-prob", "0.5"]);
    expect(b.stderr).toMatch(/give p or keepProb, not both/);
  });
});
