import { describe, expect, it } from "vitest";
import { answerOf, checkMarks, close, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("demean-backprop", () => {
  it("agrees with PyTorch autograd on every reference case", () => {
    for (const c of reference("demean-backprop")) {
      const { answer } = answerOf(solveJson("demean-backprop", c.input));
      expectClose(answer, c.answer, "demean-backprop", 1e-9, 1e-12);
    }
  });

  it("gives the review's formula by hand: γ(∂L/∂yᵢ − mean) = [−3, −1, 1, 3]", () => {
    // mean(1, 2, 3, 4) = 5/2; 2·(1 − 5/2) = −3, …
    const { exact } = answerOf(solveJson("demean-backprop", { dLdy: [1, 2, 3, 4], gamma: 2, x: [1, 7, 7, 9] }));
    expect(exact.dLdx).toEqual(["-3", "-1", "1", "3"]);
    expect(exact.meanDLdy).toBe("5/2");
    // γ(1 − 1/m) = 3/2 on the diagonal, −γ/m = −1/2 off it
    expect(exact.jacobian).toEqual([
      ["3/2", "-1/2", "-1/2", "-1/2"],
      ["-1/2", "3/2", "-1/2", "-1/2"],
      ["-1/2", "-1/2", "3/2", "-1/2"],
      ["-1/2", "-1/2", "-1/2", "3/2"],
    ]);
  });

  it("leaves the Jacobian out above m = 8 and says why", () => {
    const sol = solveJson("demean-backprop", { dLdy: Array.from({ length: 9 }, (_, i) => i), gamma: 1 });
    expect(answerOf(sol).answer.jacobian).toBeUndefined();
    expect(textOf(sol)).toContain("9 × 9 Jacobian is not printed");
  });

  // test/e2e/cli.test.ts takes 1,000,000 values through the built command.
  it("handles m = 100,000 in float64 without an m × m matrix", () => {
    const m = 100_000;
    const dLdy = Array.from({ length: m }, (_, i) => ((i * 7919) % 1000) / 100 - 5);
    const x = Array.from({ length: m }, (_, i) => ((i * 104729) % 997) / 10);
    const sol = solveJson("demean-backprop", { dLdy, gamma: 1.5, x });
    const { answer } = answerOf(sol);
    const mean = dLdy.reduce((a, b) => a + b, 0) / m;
    expect(close(answer.meanDLdy as number, mean, 1e-12, 1e-12)).toBe(true);
    expect(
      close((answer.dLdx as number[])[12345] as number, 1.5 * ((dLdy[12345] as number) - mean), 1e-12, 1e-12),
    ).toBe(true);
    expect(checkMarks(sol, "Finite-difference").every((c) => c === "✓")).toBe(true);
  });

  it.each([
    [{ dLdy: [1, 2], gamma: 1, x: [1, 2, 3] }, /^input\.x: has 3 values, input\.dLdy has 2/],
    [{ dLdy: [], gamma: 1 }, /^input\.dLdy: is empty/],
    [{ dLdy: [1, 2] }, /^input.gamma: missing/],
    [{ gamma: 2 }, /^input.dLdy: missing/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("demean-backprop", input)).toThrow(message);
  });
});

describe("batchnorm backward", () => {
  it("agrees with PyTorch autograd on every reference case (vector and matrix)", () => {
    for (const c of reference("batchnorm")) {
      const { answer } = answerOf(solveJson("batchnorm", c.input));
      // the reference shares one γ, β across features, so its grad.gamma/beta exist for vectors only
      expectClose(answer, c.answer, "batchnorm", 1e-9, 1e-12);
    }
  });

  it("is exact for the review's batch: ∂L/∂x = [1/54, −1/27, −1/27, 1/18] for ∂L/∂y = e₁", () => {
    // (γ/(mσ))(m·e₁ − 1 − x̂·(−5/3)) with σ = 3, m = 4, x̂ = [−5/3, 1/3, 1/3, 1]
    const { exact } = answerOf(solveJson("batchnorm", { x: [1, 7, 7, 9], dLdy: [1, 0, 0, 0] }));
    // ∂L/∂x̂ = e₁, σ² = 9: ∂L/∂σ² = −½·9^(−3/2)·(1 − 6) = 5/54, ∂L/∂μ = −(1/3)·1 = −1/3
    expect(exact.grad).toEqual({
      x: ["1/54", "-1/27", "-1/27", "1/18"],
      gamma: "-5/3",
      beta: "1",
      mean: "-1/3",
      variance: "5/54",
    });
  });

  it("gives γ and β gradients per feature for a matrix", () => {
    const { exact } = answerOf(
      solveJson("batchnorm", {
        x: [
          [1, 10],
          [3, 30],
        ],
        dLdy: [
          [1, 2],
          [3, 4],
        ],
      }),
    );
    // x̂ = [[−1, −1], [1, 1]]: ∂L/∂β = column sums, ∂L/∂γ = Σ ∂L/∂y·x̂
    expect((exact.grad as { beta: string[] }).beta).toEqual(["4", "6"]);
    expect((exact.grad as { gamma: string[] }).gamma).toEqual(["2", "2"]);
  });

  it("honours the unbiased variance in the backward pass (checked by finite differences)", () => {
    const sol = solveJson("batchnorm", { x: [1, 2, 4, 8], dLdy: [0.5, -1, 2, 0.25], variance: "unbiased", eps: 0.001 });
    expect(checkMarks(sol, "Finite-difference").every((c) => c === "✓")).toBe(true);
  });

  it.each([
    [{ x: [1, 2, 3], dLdy: [1, 2] }, /^input\.dLdy: has 2 values, x has 3 values: ∂L\/∂y needs the shape of x/],
    [
      {
        x: [
          [1, 2],
          [3, 4],
        ],
        dLdy: [1, 2],
      },
      /^input\.dLdy: has 2 values, x has 2 × 2/,
    ],
    [{ x: [1, 2], dLdy: [[1, 2]] }, /^input\.dLdy: has 1 × 2, x has 2 values/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("batchnorm", input)).toThrow(message);
  });
});
