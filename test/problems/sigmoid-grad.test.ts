import { describe, expect, it } from "vitest";
import { gradcheckPasses, relativeCheckPasses } from "../../src/core/gradcheck.js";
import { answerOf, checkMarks, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("sigmoid-grad", () => {
  it("matches the closed-form reference, including σ'(±40) ≈ 4.248e-18", () => {
    for (const c of reference("sigmoid-grad")) {
      expectClose(answerOf(solveJson("sigmoid-grad", c.input)).answer, c.answer);
    }
  });

  it("is exact at z = 0: σ(0) = 1/2, σ'(0) = 1/4", () => {
    const { exact } = answerOf(solveJson("sigmoid-grad", { z: [0] }));
    expect(exact).toEqual({ sigmoid: ["1/2"], derivative: ["1/4"] });
  });

  it("does not overflow far out", () => {
    const { answer } = answerOf(solveJson("sigmoid-grad", { z: [-1000, 1000, -745, 745] }));
    expect(answer.sigmoid).toEqual([0, 1, expect.any(Number), 1]);
    expect((answer.derivative as number[]).every((d) => Number.isFinite(d) && d >= 0)).toBe(true);
  });

  it("prints the derivation alone without z", () => {
    const sol = solveJson("sigmoid-grad", {});
    expect(sol.steps).toHaveLength(1);
    expect(sol.steps[0]?.derivation).toHaveLength(4);
    expect(sol.answer).toEqual({});
  });

  it("checks σ′ by relative error, so a saturated unit's check can fail", () => {
    // gradcheck's atol 1e-5 passes a σ′ of 0 where the truth is 4.2e-18; the relative check does not.
    expect(gradcheckPasses(0, 4.248e-18)).toBe(true);
    expect(relativeCheckPasses(0, 4.248e-18)).toBe(false);
    expect(relativeCheckPasses(4.248e-18, 4.248e-18 * (1 + 1e-9))).toBe(true);
    expect(checkMarks(solveJson("sigmoid-grad", { z: [-40, -2, 0, 3, 40, 700] }), "σ(z) and σ′(z)")).toEqual(
      Array(6).fill("✓"),
    );
  });

  it("notes saturated units", () => {
    expect(textOf(solveJson("sigmoid-grad", { z: [40] }))).toContain("vanishing gradient");
  });
});

describe("an underflowed σ′", () => {
  it("says that 0 is float64's underflow, with the true size e^(−|z|)", () => {
    const text = textOf(solveJson("sigmoid-grad", { z: [800] }));
    // e^(−800) = 10^(−800·log₁₀e) = 10^(−347.43…) ≈ 3.7e-348
    expect(text).toMatch(/underflow: σ′\(800\) ≈ e\^\(−\|z\|\) ≈ 3\.7e-348, below float64's smallest/);
    expect(textOf(solveJson("sigmoid-grad", { z: [30] }))).not.toContain("underflow");
  });
});

describe("z typed as ln q of a rational q", () => {
  it("keeps σ and σ′ exact: σ(−ln 3) = 1/4, σ′(−ln 3) = 3/16, σ(ln 4) = 4/5, σ′(ln 4) = 4/25", () => {
    const sol = solveJson("sigmoid-grad", { z: ["-log(3)", "ln(4)"] });
    const { exact } = answerOf(sol);
    expect(exact.sigmoid).toEqual(["1/4", "4/5"]);
    expect(exact.derivative).toEqual(["3/16", "4/25"]);
    // σ(z) = 1/(1 + e^(−z)) in float64 agrees
    const { answer } = answerOf(sol);
    expectClose(answer.sigmoid, [1 / (1 + 3), 1 / (1 + 1 / 4)]);
    expect(textOf(sol)).toContain("σ′(−ln(3)) = σ(−ln(3))(1 − σ(−ln(3)))");
  });

  it("a z typed as a decimal stays float64", () => {
    const { exact } = answerOf(solveJson("sigmoid-grad", { z: [1.0986122886681098] }));
    expect(exact.derivative).toBeUndefined();
  });
});
