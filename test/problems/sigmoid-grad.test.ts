import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logistic, logisticDerivative } from "../../src/core/activations.js";
import { answerOf, close, expectClose, reference, solveJson } from "../helpers.js";

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

  it("notes saturated units", () => {
    const notes = solveJson("sigmoid-grad", { z: [40] }).steps.flatMap((s) => s.notes ?? []);
    expect(JSON.stringify(notes)).toContain("vanishing gradient");
  });

  it("σ'(z) equals the closed form e^(−|z|)/(1 + e^(−|z|))² to float precision for any z (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) => {
        const t = Math.exp(-Math.abs(z));
        return close(logisticDerivative(z), t / (1 + t) ** 2, 1e-14, 0);
      }),
    );
  });

  it("σ'(z) = σ(z)(1 − σ(z)) and equals a central difference where both are well-conditioned (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        const s = logistic(z);
        const d = logisticDerivative(z);
        const fd = (logistic(z + 1e-5) - logistic(z - 1e-5)) / 2e-5;
        return close(d, s * (1 - s), 1e-9, 1e-15) && close(d, fd, 1e-6, 1e-12);
      }),
    );
  });

  it("σ is symmetric: σ(−z) = 1 − σ(z), and σ' is even (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) =>
        close(logistic(-z), 1 - logistic(z), 1e-12, 1e-15) && logisticDerivative(z) === logisticDerivative(-z),
      ),
    );
  });
});
