import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, close, expectClose, reference, solveJson } from "../helpers.js";

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
      AtA: [["2", "1"], ["1", "2"]],
      AtAPlusLambdaI: [["5/2", "1"], ["1", "5/2"]],
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
    expect(JSON.stringify(sol.steps)).toContain("agrees with the closed form");
  });

  it("allows λ = 0 (least squares) when AᵀA is invertible", () => {
    // AᵀA = [2 1; 1 2], Aᵀb = [5, 6] for b = [1, 2, 4]: x = (1/3)[2·5 − 6, −5 + 2·6] = [4/3, 7/3]
    expect(answerOf(solveJson("ridge", { A: "1 0; 0 1; 1 1", b: [1, 2, 4], lambda: 0 })).exact.x).toEqual(["4/3", "7/3"]);
  });

  it("uses the n × n form when p > n", () => {
    const sol = solveJson("ridge", { A: "1 2 3; 4 5 6", b: [1, 2], lambda: "sqrt(2)" });
    expect(JSON.stringify(sol.steps)).toContain("solved the n × n system x = Aᵀ(AAᵀ + λI)⁻¹b");
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
    [{ A: "1 1; 2 2", b: [1, 2], lambda: 0 }, /^input\.lambda: λ = 0 leaves AᵀA singular \(rank 1 < 2 unknowns\).*give λ > 0/],
    [{ A: "1 1; 2 2", b: [1, 2], lambda: "0*pi" }, /λ = 0 leaves AᵀA singular/],
    [{ A: "1 2; 3 4", b: [1, 2], lambda: -1 }, /^input\.lambda: must be ≥ 0/],
    [{ A: "1 2; 3 4", b: [1, 2], lambda: [1, -1] }, /^input\.lambda\[2\]: must be ≥ 0/],
    [{ A: "1 2; 3 4", b: [1, 2, 3], lambda: 1 }, /^input\.b: has 3 values, input\.A has 2 rows/],
    [{ A: "1 2; 3", b: [1, 2], lambda: 1 }, /^input\.A: row 2 has 1 values, row 1 has 2/],
    [{ A: "1 2; 3 4", lambda: 1 }, /missing --b/],
    [{ A: "1 2; 3 4", b: [1, 2] }, /missing --lambda/],
    [{ b: [1, 2], lambda: 1 }, /missing --A/],
    [{ A: [1, 2], b: [1, 2], lambda: 1 }, /^input\.A: expected a matrix/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("ridge", input)).toThrow(message);
  });
});

describe("ridge properties", () => {
  const problem = fc.integer({ min: 1, max: 4 }).chain((p) =>
    fc.integer({ min: p, max: p + 3 }).chain((n) =>
      fc.record({
        A: fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: p, maxLength: p }), { minLength: n, maxLength: n }),
        b: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n }),
        lambda: fc.integer({ min: 1, max: 20 }).map((k) => `${k}/4`),
      }),
    ),
  );

  it("the gradient 2AᵀAx − 2Aᵀb + 2λx is exactly zero at x", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const sol = solveJson("ridge", input);
        const g = sol.steps.find((s) => s.title.startsWith("Check"))?.value as unknown as Array<{ n: bigint }>;
        return g.every((v) => v.n === 0n);
      }),
      { numRuns: 50 },
    );
  });

  it("shrink factors lie in (0, 1], smallest for the smallest σ", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", input));
        const shrink = answer.shrink as number[];
        const sigma = answer.singularValues as number[];
        return shrink.every((s, i) => (sigma[i] as number) < 1e-12 ? s >= 0 : s > 0 && s <= 1) &&
          shrink.every((s, i) => i === 0 || s <= (shrink[i - 1] as number) + 1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it("‖x‖ decreases as λ grows", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", { ...input, lambda: ["1/10", 1, 10, 100] }));
        const norms = (answer.path as Array<{ x: number[] }>).map((p) => Math.hypot(...p.x));
        return norms.every((v, i) => i === 0 || v <= (norms[i - 1] as number) + 1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it("λ → 0 approaches least squares for full-rank A", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", { ...input, lambda: "1/10000000000" }));
        if ((answer.singularValues as number[]).some((s) => s < 1e-3)) return true; // rank-deficient: no unique LS
        const ls = answerOf(solveJson("ridge", { ...input, lambda: 0 })).answer.x as number[];
        return (answer.x as number[]).every((v, i) => close(v, ls[i] as number, 1e-6, 1e-6));
      }),
      { numRuns: 50 },
    );
  });

  it("exact and float paths agree, and the SVD of A matches AᵀA's spectrum", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const exact = answerOf(solveJson("ridge", input)).answer;
        const float = answerOf(solveJson("ridge", { ...input, lambda: `${input.lambda}*exp(0)` })).answer;
        const sigma = exact.singularValues as number[];
        const trace = (exact.AtA as number[][]).reduce((s, row, i) => s + (row[i] as number), 0);
        return (exact.x as number[]).every((v, i) => close(v, (float.x as number[])[i] as number, 1e-9, 1e-12)) &&
          close(sigma.reduce((s, v) => s + v * v, 0), trace, 1e-9, 1e-9);
      }),
      { numRuns: 50 },
    );
  });
});
