import { describe, expect, it } from "vitest";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("init against torch.nn.init", () => {
  it("matches every reference case at 1e-9, with exactly its fields", () => {
    for (const c of reference("init")) {
      const { answer } = answerOf(solveJson("init", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input), 1e-9, 1e-12);
      expect(Object.keys(answer).sort(), JSON.stringify(c.input)).toEqual(Object.keys(c.answer).sort());
    }
  });
  it("a Xavier variance of 1/192 stays 1/192 (fans 128 and 256)", () => {
    expect(answerOf(solveJson("init", { scheme: "xavier-normal", fanIn: 128, fanOut: 256 })).exact.variance).toBe(
      "1/192",
    );
  });
  it("keeps the variance exact where it is rational: He with fan-in 50 has Var(w) = 1/25, std = 1/5", () => {
    const { exact } = answerOf(solveJson("init", { scheme: "he-normal", fanIn: 50 }));
    expect(exact.variance).toBe("1/25");
    expect(exact.std).toBe("1/5");
  });
});

describe("the worked roots", () => {
  it("writes each root with = when it is exact and ≈ when it is not", async () => {
    const he = (await cli(["init", "--scheme", "he-normal", "--fan-in", "50"])).stdout;
    expect(he).toContain("gain = √2 ≈ 1.41421 ");
    expect(he).toContain("std = √Var(w) = √0.04 = 1/5\n");
    const xavier = (await cli(["init", "--scheme", "xavier-uniform", "--fan-in", "64", "--fan-out", "100"])).stdout;
    expect(xavier).toContain("gain = 1 ");
    expect(xavier).toContain("std = √Var(w) = √(1/82) ≈ 0.110432\n");
    expect(xavier).toContain("= √3·0.110432 ≈ 0.191273\n");
  });
});

describe("mistakes and bad input", () => {
  // Xavier over 30 → 10: 2/40 = 0.05; over fan_in alone 1/30 = 0.0333…
  it("names Xavier's variance taken over fan_in alone", async () => {
    const r = await cli([
      "init",
      "--scheme",
      "xavier-normal",
      "--fan-in",
      "30",
      "--fan-out",
      "10",
      "--json",
      "--expect",
      '{"variance": 0.0333}',
    ]);
    expect(JSON.parse(r.stdout).check.items[0].diagnosis.mistake).toBe("wrong-fan");
  });
  it("a missing fan and a layer with fans given are one clear line each", async () => {
    const a = await cli(["init", "--scheme", "xavier-normal", "--fan-in", "10"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--fan-out: missing/);
    const b = await cli(["init", "--scheme", "he-normal", "--layer", "linear 10", "--channels", "4", "--fan-in", "3"]);
    expect(b.stderr).toMatch(/--layer: gives the fans itself/);
  });
});
