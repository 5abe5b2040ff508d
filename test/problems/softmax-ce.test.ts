import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Step, Table } from "../../src/solution/solution.js";
import { answerOf, checkMarks, cli, close, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("softmax-ce", () => {
  it("matches PyTorch's cross_entropy, autograd and logsumexp on every reference case", () => {
    for (const c of reference("softmax-ce")) {
      expectClose(answerOf(solveJson("softmax-ce", c.input)).answer, c.answer);
    }
  });

  it("rows of p sum to 1 and each sample's gradient sums to 0 (property)", () => {
    const logits = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((k) =>
            fc.tuple(
              fc.array(fc.array(logits, { minLength: k, maxLength: k }), { minLength: 1, maxLength: 5 }),
              fc.integer({ min: 1, max: k }),
            ),
          ),
        ([z, c]) => {
          const { answer } = answerOf(solveJson("softmax-ce", { z, target: z.map(() => c) }));
          const p = answer.p as number[][];
          const g = answer.grad as number[][];
          return (
            p.every((row) =>
              close(
                row.reduce((s, v) => s + v, 0),
                1,
                1e-12,
                1e-12,
              ),
            ) && g.every((row) => Math.abs(row.reduce((s, v) => s + v, 0)) < 1e-12)
          );
        },
      ),
    );
  });

  it("is stable far out: logits of 1000 neither overflow nor lose the answer", () => {
    const { answer } = answerOf(solveJson("softmax-ce", { z: [1000, 999, -1000], target: 2 }));
    expect(close(answer.loss as number, 1 + Math.log(1 + Math.exp(-1) + Math.exp(-2000)), 1e-12)).toBe(true);
    expect(checkMarks(solveJson("softmax-ce", { z: [1000, 999, -1000], target: 2 }), "Finite-difference")).toEqual([
      "✓",
      "✓",
      "✓",
    ]);
  });

  it("checks a large batch's gradient by differences of the one term each logit enters, to 1e-6", () => {
    // A difference of the whole mean over 20,000 samples would lose the 1e-10 change to the sum's rounding.
    const n = 20_000;
    const z = Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(3 * i), 0.5 * Math.sin(7 * i)]);
    const sol = solveJson("softmax-ce", { z, target: z.map((_, i) => 1 + (i % 3)) });
    const step = sol.steps.find((s) => s.title.startsWith("Finite-difference")) as Step;
    const [, analytic, numeric] = ((step.tables as Table[])[0] as Table).columns.map((c) => c.cells as number[]);
    expect(analytic).toHaveLength(10);
    (analytic as number[]).forEach((a, k) => {
      expect(Math.abs(a - ((numeric as number[])[k] as number)) / Math.abs(a)).toBeLessThan(1e-6);
    });
  });

  it("the mean over a batch divides loss and gradient by N; the sum does not", () => {
    const z = [
      [1, 2, 3],
      [1, 0, 0],
    ];
    const mean = answerOf(solveJson("softmax-ce", { z, target: [3, 1] })).answer;
    const sum = answerOf(solveJson("softmax-ce", { z, target: [3, 1], reduction: "sum" })).answer;
    expect(close(sum.loss as number, 2 * (mean.loss as number))).toBe(true);
    expectClose(
      (mean.grad as number[][]).flat().map((g) => 2 * g),
      (sum.grad as number[][]).flat(),
    );
  });

  it("prints the derivation in symbols with no numbers", () => {
    const sol = solveJson("softmax-ce", {});
    expect(sol.answer).toEqual({});
    expect(sol.steps.map((s) => s.title)).toEqual(["Softmax and cross-entropy", "The softmax Jacobian", "∂L/∂z"]);
  });

  it.each([
    [{ z: [1, 2, 3], target: 4 }, /^input\.target: class 4 is not one of 1…3/],
    [{ z: [1, 2, 3], target: 0 }, /^input\.target: class 0 is not one of 1…3 \(classes are counted from 1\)/],
    [{ z: [1, 2, 3], target: [0.5, 0.4, 0.2] }, /^input\.target: sums to 1\.1, not 1/],
    [{ z: [1, 2, 3], target: [1.5, -0.5, 0] }, /^input\.target\[2\]: is negative/],
    [{ z: [1, 2, 3], target: [0.5, 0.5] }, /^input\.target: has 2 probabilities, z has 3 classes/],
    [
      {
        z: [
          [1, 2],
          [3, 4],
        ],
        target: 1,
      },
      /^input\.target: is one number, but z has 2 samples/,
    ],
    [
      {
        z: [
          [1, 2],
          [3, 4],
        ],
        target: [1, 2, 1],
      },
      /^input\.target: has 3 class numbers, z has 2 samples/,
    ],
    [{ z: [1, 2], target: 1, reduction: "sum" }, /^input\.reduction: applies to a batch/],
    [{ z: [1, 2], reduction: "sum" }, /^input\.reduction: applies to the loss: give --target/],
    [{ target: 1 }, /^input\.z: missing/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("softmax-ce", input)).toThrow(message);
  });
});

describe("the softmax alone, when no target is given", () => {
  const softmax = (z: number[]) => {
    const e = z.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  it("gives p, the log-sum-exp and the Jacobian, and no loss", () => {
    const sol = solveJson("softmax-ce", { z: [2, 1, 0] });
    const { answer } = answerOf(sol);
    expectClose(answer.p, softmax([2, 1, 0]));
    expectClose(answer.logSumExp, Math.log(Math.exp(2) + Math.exp(1) + 1));
    const p = softmax([2, 1, 0]);
    expectClose(
      answer.jacobian,
      p.map((pi, i) => p.map((pj, j) => pi * ((i === j ? 1 : 0) - pj))),
    );
    expect(answer.loss).toBeUndefined();
    expect(answer.grad).toBeUndefined();
    const text = textOf(sol);
    expect(text).toContain("= [1, 0.367879, 0.135335]/1.50321 = [0.665241, 0.244728, 0.0900306]");
    expect(text).not.toMatch(/cross-entropy/i);
  });

  it("draws p's bars with no target marked", async () => {
    const r = await cli(["softmax-ce", "2", "1", "0", "--plot", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("class 1");
    expect(r.stdout).not.toContain("target");
  });

  it("gives each sample's p for a batch", () => {
    const { answer } = answerOf(
      solveJson("softmax-ce", {
        z: [
          [1, 2],
          [3, 3],
        ],
      }),
    );
    expectClose(answer.p, [softmax([1, 2]), [0.5, 0.5]]);
    expect(answer.loss).toBeUndefined();
  });
});

describe("float64 noise in an identity", () => {
  it("shows Σₖ ∂L/∂zₖ as 0 with the residue said, not as a bare 1e-16", () => {
    const text = textOf(solveJson("softmax-ce", { z: [2, 1, 0], target: 1 }));
    expect(text).toMatch(/Σₖ ∂L\/∂zₖ = 0 \(p and y both sum to 1; float64's rounding leaves -?\d\.\d+e-1\d\)/);
  });
});

describe("the worked max", () => {
  it("is one of the logits as given, so = and not ≈: max(2, 1, 0) = 2, max(0.5, 1.5, -1) = 1.5", async () => {
    expect((await cli(["softmax-ce", "2", "1", "0"])).stdout).toContain("= max(2, 1, 0) = 2\n");
    expect((await cli(["softmax-ce", "0.5", "1.5", "-1", "--target", "2"])).stdout).toContain(
      "= max(0.5, 1.5, -1) = 1.5\n",
    );
  });
});
