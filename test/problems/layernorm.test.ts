import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, checkMarks, close, expectClose, reference, solveJson } from "../helpers.js";

describe("layernorm", () => {
  it("matches PyTorch's layer_norm and autograd on every reference case", () => {
    for (const c of reference("layernorm")) {
      expectClose(answerOf(solveJson("layernorm", c.input)).answer, c.answer);
    }
  });

  it("is exact where batchnorm is: 1 7 7 9 gives x̂ = [−5/3, 1/3, 1/3, 1] and the same backward pass", () => {
    const ln = answerOf(solveJson("layernorm", { x: [1, 7, 7, 9], dLdy: [1, 0, 0, 0] })).exact;
    const bn = answerOf(solveJson("batchnorm", { x: [1, 7, 7, 9], dLdy: [1, 0, 0, 0] })).exact;
    expect(ln.xhat).toEqual(["-5/3", "1/3", "1/3", "1"]);
    expect((ln.grad as { x: unknown }).x).toEqual((bn.grad as { x: unknown }).x);
  });

  it("normalises each row on its own: mean(x̂) = 0, var(x̂) = 1, Σⱼ ∂L/∂xᵢⱼ = 0 per sample (property)", () => {
    const v = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((d) =>
            fc.tuple(
              fc.array(fc.array(v, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 4 }),
              fc.array(fc.array(v, { minLength: d, maxLength: d }), { minLength: 4, maxLength: 4 }),
            ),
          ),
        ([x, g]) => {
          fc.pre(x.every((row) => Math.max(...row) - Math.min(...row) > 1e-3));
          const dLdy = g.slice(0, x.length);
          const { answer } = answerOf(solveJson("layernorm", { x, dLdy }));
          const xhat = answer.xhat as number[][];
          const gx = (answer.grad as { x: number[][] }).x;
          return xhat.every((row, i) => {
            const mean = row.reduce((s, h) => s + h, 0) / row.length;
            const variance = row.reduce((s, h) => s + (h - mean) ** 2, 0) / row.length;
            const scale = Math.max(1, ...(gx[i] as number[]).map(Math.abs));
            return (
              Math.abs(mean) < 1e-9 &&
              close(variance, 1, 1e-9) &&
              Math.abs((gx[i] as number[]).reduce((s, v) => s + v, 0)) < 1e-9 * scale
            );
          });
        },
      ),
    );
  });

  it("checks its backward pass by finite differences, with γ and β per feature", () => {
    const sol = solveJson("layernorm", {
      x: [
        [1, 2, 4],
        [3, -1, 0.5],
      ],
      gamma: [1, 2, -1],
      beta: [0, 1, 2],
      eps: 1e-5,
      dLdy: [
        [1, 0, 2],
        [0.5, -1, 1],
      ],
    });
    expect(checkMarks(sol, "Finite-difference")).toEqual(Array(6).fill("✓"));
  });

  it("prints the derivation in symbols with no numbers", () => {
    const sol = solveJson("layernorm", {});
    expect(sol.answer).toEqual({});
    expect(sol.steps[0]?.derivation).toHaveLength(5);
  });

  it.each([
    [{ x: [2, 2, 2] }, /^input\.x: the sample has variance 0 .*give --eps/],
    [
      {
        x: [
          [1, 2],
          [3, 3],
        ],
      },
      /^input\.x: sample 2 has variance 0/,
    ],
    [{ x: [1, 2, 3], gamma: [1, 2] }, /^input\.gamma: has 2 values, x has 3 features/],
    [{ x: [1, 2, 3], dLdy: [1, 2] }, /^input\.dLdy: needs the shape of x \(1 × 3\)/],
    [{ x: [1, 2, 3], eps: -1 }, /^input\.eps: must be ≥ 0/],
    [{ dLdy: [1, 2] }, /^input\.x: missing/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("layernorm", input)).toThrow(message);
  });
});

describe("--variance unbiased (SPEC: additions to earlier problems)", () => {
  it("divides by D − 1 as asked, forward and backward, at 1e-9 against PyTorch", () => {
    for (const c of reference("layernorm-unbiased")) {
      const { answer } = answerOf(solveJson("layernorm", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
});
