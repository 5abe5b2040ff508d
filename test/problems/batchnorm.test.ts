import { describe, expect, it } from "vitest";
import { answerOf, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("batchnorm forward pass", () => {
  it("solves review problem 3 exactly", () => {
    const { answer, exact } = answerOf(solveJson("batchnorm", { x: [1, 7, 7, 9] }));
    expect(exact).toEqual({
      mean: "6",
      variance: "9",
      std: "3",
      xhat: ["-5/3", "1/3", "1/3", "1"],
      y: ["-5/3", "1/3", "1/3", "1"],
    });
    expect(answer.xhat).toEqual([-5 / 3, 1 / 3, 1 / 3, 1]);
  });

  it("applies γ and β and the unbiased variance by hand", () => {
    // x = [1, 7, 7, 9]: Σ(x − μ)² = 36, unbiased σ² = 36/3 = 12, σ = √12 (irrational)
    const { answer, exact } = answerOf(
      solveJson("batchnorm", { x: [1, 7, 7, 9], gamma: 2, beta: "1/2", variance: "unbiased" }),
    );
    expect(exact.variance).toBe("12");
    expect(exact.std).toBeUndefined();
    expectClose(answer.std, Math.sqrt(12));
    expectClose(
      answer.y,
      [1, 7, 7, 9].map((x) => (2 * (x - 6)) / Math.sqrt(12) + 0.5),
    );
  });

  it("adds ε under the square root", () => {
    const { answer } = answerOf(solveJson("batchnorm", { x: [1, 7, 7, 9], eps: 1e-5 }));
    expectClose(answer.std, Math.sqrt(9 + 1e-5));
    expect(answer.variance).toBe(9);
  });

  it("normalises a matrix per column, with γ per feature", () => {
    const { exact } = answerOf(
      solveJson("batchnorm", {
        x: [
          [1, 10],
          [3, 30],
        ],
        gamma: [1, 2],
        beta: [0, 1],
      }),
    );
    expect(exact.mean).toEqual(["2", "20"]);
    expect(exact.variance).toEqual(["1", "100"]);
    expect(exact.xhat).toEqual([
      ["-1", "-1"],
      ["1", "1"],
    ]);
    expect(exact.y).toEqual([
      ["-1", "-1"],
      ["1", "3"],
    ]);
  });

  it("refuses a zero-variance batch without eps, suggesting --eps", () => {
    expect(() => solveJson("batchnorm", { x: [2, 2, 2] })).toThrow(/variance 0 .* give --eps/);
    const { answer } = answerOf(solveJson("batchnorm", { x: [2, 2, 2], eps: "1e-5" }));
    expect(answer.xhat).toEqual([0, 0, 0]);
  });

  it.each([
    [{ x: [1, 2], gamma: [1, 2] }, /^input\.gamma: expected one number for a vector x/],
    [
      {
        x: [
          [1, 2],
          [3, 4],
        ],
        gamma: [1, 2, 3],
      },
      /^input\.gamma: has 3 values, x has 2 features/,
    ],
    [{ x: [1, 2], eps: -1 }, /^input\.eps: must be ≥ 0/],
    [{ x: [1], variance: "unbiased" }, /needs at least 2 values/],
    [{ x: [1, 2], varience: "biased" }, /^input\.varience: unknown field \(did you mean "variance"\?\)/],
    [{ gamma: 1 }, /^input.x: missing/],
    [{ x: [] }, /^input\.x: is empty/],
    [{ x: [[1, 2], [3]] }, /^input\.x: row 2 has 1 values, row 1 has 2/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("batchnorm", input)).toThrow(message);
  });

  it("agrees with PyTorch's batchnorm forward pass on every reference case", () => {
    const cases = reference("batchnorm");
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const { dLdy: _ignored, ...input } = c.input;
      const { answer } = answerOf(solveJson("batchnorm", input));
      const { grad: _grad, ...forward } = c.answer;
      expectClose(answer, forward);
    }
  });
});

describe("the backward pass's intermediates (SPEC: additions to earlier problems)", () => {
  it("gives grad.mean = ∂L/∂μ and grad.variance = ∂L/∂σ² as PyTorch's retain_grad does, at 1e-9", () => {
    for (const c of reference("batchnorm-stats-grad")) {
      const { answer } = answerOf(solveJson("batchnorm", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
});

describe("the backward pass in symbols", () => {
  it("ends at the Jacobian form, and that form gives the staged ∂L/∂x", () => {
    const text = textOf(solveJson("batchnorm", {}));
    expect(text).toContain("∂L/∂x = (1/σ)(I − 𝟏𝟏ᵀ/m − x̂x̂ᵀ/m)(∂L/∂x̂)");
    // (1/σ)(I − 11ᵀ/m − x̂x̂ᵀ/m)·γ·∂L/∂y against the solver's staged result
    const x = [2, 4, 6, 0];
    const dy = [1, -2, 0.5, 3];
    const gamma = 1.5;
    const { answer } = answerOf(solveJson("batchnorm", { x, dLdy: dy, gamma, beta: 0, eps: 1e-5 }));
    const m = x.length;
    const mu = x.reduce((a, b) => a + b, 0) / m;
    const sigma = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / m + 1e-5);
    const xh = x.map((v) => (v - mu) / sigma);
    const g = dy.map((v) => gamma * v);
    const jac = (i: number, j: number) =>
      ((i === j ? 1 : 0) - 1 / m - ((xh[i] as number) * (xh[j] as number)) / m) / sigma;
    const dx = x.map((_, i) => g.reduce((s, gj, j) => s + jac(i, j) * gj, 0));
    expectClose((answer.grad as Record<string, unknown>).x, dx);
  });
});
