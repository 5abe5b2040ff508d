import { describe, expect, it } from "vitest";
import { answerOf, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("ridge", () => {
  it("agrees with numpy's solve and svd on every reference case", () => {
    for (const c of reference("ridge")) {
      const { answer } = answerOf(solveJson("ridge", c.input));
      const { singularValues, shrink, ...rest } = c.answer as Record<string, unknown>;
      expectClose(answer, rest, "ridge", 1e-9, 1e-12);
      // SVD-derived values to 1e-7, as the reference README says
      expectClose(answer.singularValues, singularValues, "singularValues", 1e-7);
      expectClose(answer.shrink, shrink, "shrink", 1e-7);
    }
  });

  it("solves the worked example exactly: x = [20/21, 34/21]", () => {
    const { exact, answer } = answerOf(solveJson("ridge", { A: "1 0; 0 1; 1 1", b: [1, 2, 3], lambda: "1/2" }));
    expect(exact).toMatchObject({
      x: ["20/21", "34/21"],
      AtA: [
        ["2", "1"],
        ["1", "2"],
      ],
      AtAPlusLambdaI: [
        ["5/2", "1"],
        ["1", "5/2"],
      ],
      Atb: ["4", "5"],
      objective: "44/21",
    });
    // singular values of [1 0; 0 1; 1 1] are √3 and 1
    expectClose(answer.singularValues, [Math.sqrt(3), 1]);
    expectClose(answer.shrink, [3 / 3.5, 1 / 1.5]);
  });

  it("shows the gradient exactly zero and the SVD form agreeing", () => {
    const sol = solveJson("ridge", { A: "1 0; 0 1; 1 1", b: [1, 2, 3], lambda: "1/2" });
    const check = sol.steps.find((s) => s.title.startsWith("Check"));
    expect(answerOf({ ...sol, answer: { g: check?.value ?? [] } }).exact).toEqual({ g: ["0", "0"] });
    expect(textOf(sol)).toContain("agrees with the closed form");
  });

  it("allows λ = 0 (least squares) when AᵀA is invertible", () => {
    // AᵀA = [2 1; 1 2], Aᵀb = [5, 6] for b = [1, 2, 4]: x = (1/3)[2·5 − 6, −5 + 2·6] = [4/3, 7/3]
    expect(answerOf(solveJson("ridge", { A: "1 0; 0 1; 1 1", b: [1, 2, 4], lambda: 0 })).exact.x).toEqual([
      "4/3",
      "7/3",
    ]);
  });

  it("uses the n × n form when p > n", () => {
    const sol = solveJson("ridge", { A: "1 2 3; 4 5 6", b: [1, 2], lambda: "sqrt(2)" });
    expect(textOf(sol)).toContain("solved the n × n system x = Aᵀ(AAᵀ + λI)⁻¹b");
    const exact = answerOf(solveJson("ridge", { A: "1 2 3; 4 5 6", b: [1, 2], lambda: "1.4142135623730951" })).answer;
    expectClose(answerOf(sol).answer.x, exact.x, "x", 1e-12);
  });

  it("gives a regularisation path for a list of λ", () => {
    const { answer } = answerOf(solveJson("ridge", { A: "1 2; 3 4; 5 6", b: [1, 0, 1], lambda: [0.1, 1, 10] }));
    expect(Object.keys(answer).sort()).toEqual(["AtA", "Atb", "path", "singularValues"]);
    const path = answer.path as Array<{ lambda: number; x: number[]; objective: number }>;
    expect(path.map((p) => p.lambda)).toEqual([0.1, 1, 10]);
  });

  it.each([
    [
      { A: "1 1; 2 2", b: [1, 2], lambda: 0 },
      /^input\.lambda: λ = 0 leaves AᵀA singular \(rank 1 < 2 unknowns\).*give λ > 0/,
    ],
    [{ A: "1 1; 2 2", b: [1, 2], lambda: "0*pi" }, /λ = 0 leaves AᵀA singular/],
    [{ A: "1 2; 3 4", b: [1, 2], lambda: -1 }, /^input\.lambda: must be ≥ 0/],
    [{ A: "1 2; 3 4", b: [1, 2], lambda: [1, -1] }, /^input\.lambda\[2\]: must be ≥ 0/],
    [{ A: "1 2; 3 4", b: [1, 2, 3], lambda: 1 }, /^input\.b: has 3 values, input\.A has 2 rows/],
    [{ A: "1 2; 3", b: [1, 2], lambda: 1 }, /^input\.A: row 2 has 1 values, row 1 has 2/],
    [{ A: "1 2; 3 4", lambda: 1 }, /^input.b: missing/],
    [{ A: "1 2; 3 4", b: [1, 2] }, /^input.lambda: missing/],
    [{ b: [1, 2], lambda: 1 }, /^input.A: missing/],
    [{ A: [1, 2], b: [1, 2], lambda: 1 }, /^input\.A: expected a matrix/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("ridge", input)).toThrow(message);
  });
});

describe("ridge at the edges of float64", () => {
  it("scales A for the SVD: entries near 1e-170 keep their singular values", () => {
    const { answer } = answerOf(solveJson("ridge", { A: "1e-170 0; 0 2e-170", b: [1, 2], lambda: 1 }));
    expectClose(answer.singularValues, [2e-170, 1e-170], "singularValues", 1e-12, 0);
  });

  it("a tiny positive λ on a rank-deficient A in float64 says λ is below the rounding, not λ = 0", () => {
    expect(() => solveJson("ridge", { A: "exp(0) 1; 2 2", b: [1, 2], lambda: 1e-16 })).toThrow(
      /^input\.lambda: AᵀA \+ λI is singular in float64 for λ = 1e-16: .*below float64's rounding/,
    );
  });

  it("warns when AᵀA + λI is ill-conditioned in float64, and not for exact inputs or a safe λ", () => {
    expect(solveJson("ridge", { A: "exp(0) 1; 2 2", b: [1, 2], lambda: 1e-14 }).warnings.join(" ")).toMatch(
      /ill-conditioned \(condition number 1\.00e\+15\)/,
    );
    expect(solveJson("ridge", { A: "1 1; 2 2", b: [1, 2], lambda: 1e-14 }).warnings).toEqual([]);
    expect(solveJson("ridge", { A: "exp(0) 1; 2 2", b: [1, 2], lambda: 0.5 }).warnings).toEqual([]);
  });
});

describe("a λ path through the SVD", () => {
  // a float A of full rank (20 unknowns, past exact arithmetic's 16): the path takes each x from the SVD made once,
  // and ‖Ax − b‖² from Σ (λ/(σ² + λ))²(uᵀb)² plus b's part outside A's range; each λ alone is solved by Cholesky,
  // and the two must agree
  const A = Array.from({ length: 30 }, (_, i) =>
    Array.from({ length: 20 }, (_, j) => Math.sin(1.7 * i + 0.9 * j + i * j)),
  );
  const b = Array.from({ length: 30 }, (_, i) => Math.cos(0.7 * i));
  const lambdas = [1e-6, 0.01, 0.5, 3, 100];
  it("gives each λ's x and objective as Cholesky does alone", () => {
    const path = solveJson("ridge", { A, b, lambda: lambdas });
    const entries = answerOf(path).answer.path as Array<{ lambda: number; x: number[]; objective: number }>;
    lambdas.forEach((lambda, k) => {
      const alone = answerOf(solveJson("ridge", { A, b, lambda })).answer;
      expectClose(entries[k]?.x, alone.x, `path[${k}].x`, 1e-9, 1e-12);
      expectClose(entries[k]?.objective, alone.objective, `path[${k}].objective`, 1e-9, 1e-12);
    });
    expect(textOf(path)).toContain("each λ through the SVD of A made once for the path");
  });
});
