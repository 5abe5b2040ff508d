import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, cli, close, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("attention", () => {
  it("matches torch.softmax(QKᵀ·scale)·V on every reference case (masked scores null)", () => {
    for (const c of reference("attention")) {
      const { answer } = answerOf(solveJson("attention", c.input));
      // JSON prints a masked −∞ as null, as the reference does
      const json = JSON.parse(JSON.stringify(answer)) as Record<string, unknown>;
      expectClose(json, c.answer);
    }
  });

  const matrix = (rows: number, cols: number) =>
    fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    });

  it("each row of weights sums to 1, and all-equal keys average V (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(matrix(n, 3), matrix(1, 3), matrix(4, 2))),
        ([Q, [k], V]) => {
          const K = [k, k, k, k] as number[][];
          const { answer } = answerOf(solveJson("attention", { Q, K, V }));
          const w = answer.weights as number[][];
          const o = answer.output as number[][];
          const mean = [0, 1].map((c) => V.reduce((s, row) => s + (row[c] as number), 0) / 4);
          return (
            w.every((row) =>
              close(
                row.reduce((s, v) => s + v, 0),
                1,
                1e-12,
              ),
            ) && o.every((row) => row.every((v, c) => close(v, mean[c] as number, 1e-9, 1e-12)))
          );
        },
      ),
    );
  });

  it("keeps the scores exact when d is a perfect square and Q, K rational", () => {
    const { exact } = answerOf(solveJson("attention", { Q: "1 2 0 1", K: "1 1 1 1; 2 0 0 0", V: "1; 0" }));
    expect(exact.scores).toEqual([["2", "1"]]);
  });

  it("a causal mask gives the first query all its weight on the first key, and says why", () => {
    const sol = solveJson("attention", { Q: "1 0; 0 1", K: "1 0; 0 1", V: "1 2; 3 4", mask: "causal" });
    expect((answerOf(sol).answer.weights as number[][])[0]).toEqual([1, 0]);
    expect(textOf(sol)).toContain("masked entries (causal: key j > query i) are −∞");
  });

  it("prints the derivation with no numbers", () => {
    expect(solveJson("attention", {}).steps[0]?.derivation).toHaveLength(3);
  });

  it.each([
    [{ Q: "1 0", K: "1 0 0", V: "1" }, /^input\.K: has 3 columns, Q has 2/],
    [{ Q: "1 0", K: "1 0; 0 1", V: "1" }, /^input\.V: has 1 rows, K has 2/],
    [{ Q: "1 0", K: "1 0; 0 1", V: "1; 2", mask: "causal" }, /^input\.mask: causal needs as many queries as keys/],
    [{ Q: "1 0", K: "1 0; 0 1", V: "1; 2", mask: "0 0" }, /^input\.mask: row 1 masks every key/],
    [{ Q: "1 0", K: "1 0; 0 1", V: "1; 2", mask: "1 2" }, /^input\.mask\[1\]\[2\]: must be 1 \(may attend\) or 0/],
    [{ Q: "1 0", K: "1 0; 0 1", V: "1; 2", mask: "1 1 1" }, /^input\.mask: is 1 × 3, the scores are 1 × 2/],
    [{ Q: "1 0" }, /^input\.K: missing/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("attention", input)).toThrow(message);
  });
});

describe("X with projections, heads and normalize sum (SPEC: additions to earlier problems)", () => {
  it("matches every reference case at 1e-9, with exactly its fields", () => {
    for (const c of reference("attention-projections")) {
      const { answer } = answerOf(solveJson("attention", c.input));
      // JSON prints a masked −∞ as null, as the reference does
      const json = JSON.parse(JSON.stringify(answer)) as Record<string, unknown>;
      expectClose(json, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
      expect(Object.keys(answer).sort()).toEqual(Object.keys(c.answer).sort());
    }
  });
  it("one head of d = 2 split into two of 1 is not the same attention (each head has its own softmax)", () => {
    const input = {
      X: [
        [1, 0],
        [0, 1],
      ],
      WQ: [
        [1, 0],
        [0, 1],
      ],
      WK: [
        [1, 0],
        [0, 1],
      ],
      WV: [
        [1, 2],
        [3, 4],
      ],
    };
    const one = answerOf(solveJson("attention", input)).answer.output as number[][];
    const two = answerOf(solveJson("attention", { ...input, heads: 2 })).answer.output as number[][];
    expect(two).not.toEqual(one);
  });
});

describe("the worked scores", () => {
  const scoresOf = (Q: number[][], K: number[][]) =>
    textOf(solveJson("attention", { Q, K, V: K.map(() => [1]) }))
      .split("\n")
      .filter((l) => /^ {2}S_\(\d+,\d+\) =/.test(l));

  it("works out every entry of a small S", () => {
    expect(
      scoresOf(
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      ),
    ).toHaveLength(6);
  });

  it("past nine entries works the first four and says the rest are in the table", () => {
    const Q = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ];
    const K = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    expect(scoresOf(Q, K)).toHaveLength(4);
    expect(textOf(solveJson("attention", { Q, K, V: [[1], [2], [3]] }))).toMatch(
      /the other 8 entries are worked the same way, row i of Q with row j of K; the\s+table has all/,
    );
  });
});

describe("the worked softmax and output", () => {
  const text = (argv: string[]) => cli(["attention", ...argv]).then((r) => r.stdout);
  it("works each row's max, sum of exponentials and weights, then each output entry, before the tables", async () => {
    const out = await text(["--Q", "1 0; 0 1", "--K", "1 0; 0 1", "--V", "1 2; 3 4"]);
    expect(out).toContain("scale = 1/√d = 1/√2 ≈ 0.707107\n");
    expect(out).toContain("m₁ = max(0.707107, 0) = 0.707107\n");
    expect(out).toContain("Σₖ exp(S₁ₖ − m₁) = exp(0) + exp(-0.707107) = 1.49307\n");
    expect(out).toContain("A_(1,2) = 0.493069/1.49307 = 0.330238\n");
    expect(out).toContain("O_(1,1) = 0.669762·1 + 0.330238·3 = 1.66048\n");
    // each worked line comes before its step's table
    const softmax = out.slice(out.indexOf("Softmax of each row"), out.indexOf("Output O = AV"));
    expect(softmax.indexOf("A_(2,2) =")).toBeLessThan(softmax.indexOf("┌"));
  });
  it("a masked key is left out of the max and the sum: the first causal row is all on its one key", async () => {
    const out = await text(["--Q", "1 0; 0 1", "--K", "1 0; 0 1", "--V", "1; 2", "--mask", "causal", "--scale", "1"]);
    expect(out).toContain("m₁ = max(1) = 1\n");
    expect(out).toContain("A_(1,1) = 1/1 = 1\n");
    expect(out).not.toContain("A_(1,2) =");
  });
  it("past nine entries works the first row alone and says the others are in the table", async () => {
    const M = "1 0; 0 1; 1 1; 2 1";
    const out = await text(["--Q", M, "--K", M, "--V", "1; 2; 3; 4"]);
    expect(out).toContain("m₁ = ");
    expect(out).not.toContain("m₂ = ");
    expect(out).toContain("the other 3 rows likewise; the table has all");
  });
});
