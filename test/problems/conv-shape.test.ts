import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderLatex } from "../../src/render/latex.js";
import { answerOf, cli, expectClose, reference, solveJson, textOf } from "../helpers.js";

describe("conv-shape", () => {
  it("counts parameters and MACs exactly past 2^53", () => {
    const sol = solveJson("conv-shape", { size: 5, channels: 99999989, layers: "conv k=3 c=99999971" });
    const { exact } = answerOf(sol);
    expect(exact.params).toBe(String((3n * 3n * 99999989n + 1n) * 99999971n)); // 89999964100002842
    expect(exact.macs).toBe(String(3n * 3n * 99999989n * 99999971n * 9n));
    expect(textOf(sol)).toContain("= 89999964100002842");
  });

  it("refuses a jump past float64's range with one line, not an internal error", async () => {
    const layers = Array.from({ length: 30 }, () => "pool k=1 s=1000000000000000").join("; ");
    const r = await cli(["conv-shape", "--size", "1", "--layers", layers]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/jump.*float64's range/);
  });

  it("writes each layer's parameter and MAC count as mathematics: the same line in text, typeset in LaTeX", () => {
    const sol = solveJson("conv-shape", { size: 32, channels: 3, layers: "conv k=3 c=16; conv k=3 c=32 g=2 bias=0" });
    const text = textOf(sol);
    expect(text).toContain("params = (3·3·3 + 1)·16 = 448");
    expect(text).toContain("MACs = 3·3·3·16·30·30 = 388800");
    expect(text).toContain("params = (3·3·16/2)·32 = 2304");
    const latex = renderLatex(sol, { precision: 6, quiet: false, color: false });
    expect(latex).toContain("params$ = \\left(3 \\cdot 3 \\cdot 3 + 1\\right) \\cdot 16 = 448$");
    expect(latex).toContain("\\frac{3 \\cdot 3 \\cdot 16}{2}");
    expect(latex).not.toMatch(/params = \(/);
  });

  it("matches PyTorch's Conv2d/pooling shapes and parameter counts exactly on every reference case", () => {
    for (const c of reference("conv-shape")) {
      expectClose(answerOf(solveJson("conv-shape", c.input)).answer, c.answer, "answer", 0, 0);
    }
  });

  it("reads the text form as the JSON form", () => {
    const text = answerOf(
      solveJson("conv-shape", {
        size: 32,
        channels: 3,
        layers: "conv k=3 p=1 c=16; pool k=2; conv k=3x1 s=2 c=32 g=2 bias=0",
      }),
    ).answer;
    const json = answerOf(
      solveJson("conv-shape", {
        size: 32,
        channels: 3,
        layers: [
          { type: "conv", kernel: 3, padding: 1, out: 16 },
          { type: "maxpool", kernel: 2 },
          { type: "conv", kernel: [3, 1], stride: 2, out: 32, groups: 2, bias: false },
        ],
      }),
    ).answer;
    expect(text).toEqual(json);
    // H: ⌊(16 − 3)/2⌋ + 1 = 7; W: ⌊(16 − 1)/2⌋ + 1 = 8
    expect(text.output).toEqual([32, 7, 8]);
  });

  const odd = fc.integer({ min: 0, max: 3 }).map((h) => 2 * h + 1);
  it("a 1×1 conv with stride 1 keeps H and W; padding (k − 1)/2 keeps them for odd k (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), odd, (h, w, k) => {
        const one = answerOf(solveJson("conv-shape", { size: [h, w], layers: "conv k=1 c=4" })).answer;
        const same = answerOf(
          solveJson("conv-shape", { size: [h + k, w + k], layers: `conv k=${k} p=${(k - 1) / 2} c=4` }),
        ).answer;
        return (
          JSON.stringify(one.output) === JSON.stringify([4, h, w]) &&
          JSON.stringify(same.output) === JSON.stringify([4, h + k, w + k])
        );
      }),
    );
  });

  it("says which rows the last window drops when the division is not exact", () => {
    const sol = solveJson("conv-shape", { size: 7, layers: "pool k=2" });
    expect(JSON.stringify(sol.steps[1]?.notes)).toContain("the last 1 input row is not covered by any window");
    expect(answerOf(sol).answer.output).toEqual([1, 3, 3]);
  });

  it("prints the formulas with no numbers", () => {
    const sol = solveJson("conv-shape", {});
    expect(sol.answer).toEqual({});
    expect(sol.steps[0]?.derivation).toHaveLength(5);
  });

  it.each([
    [
      { size: 4, layers: "conv k=5 c=2" },
      /^input\.layers\[1\]: the kernel spans 5 rows, more than the padded input's 4/,
    ],
    [
      { size: 8, channels: 3, layers: "conv k=3 c=4 g=2" },
      /^input\.layers\[1\]: C_in = 3 and C_out = 4 must both be divisible by g = 2/,
    ],
    [{ size: 8, layers: "conv k=3 c=4; norm k=2" }, /^input\.layers\[2\]: unknown layer type "norm"/],
    [{ size: 8, layers: "conv k=3 c=4; poool k=2" }, /unknown layer type "poool" \(did you mean "pool"\?\)/],
    [{ size: 8, layers: "conv k=3 c=4 z=2" }, /^input\.layers\[1\]: unknown key "z"/],
    [
      { size: 8, layers: [{ type: "conv", kernal: 3, out: 2 }] },
      /^input\.layers\[1\]\.kernal: unknown key \(did you mean "kernel"\?\)/,
    ],
    [{ size: 8, layers: "pool k=2 c=4" }, /a maxpool layer keeps its channels/],
    [{ layers: "conv k=3 c=4" }, /^input\.size: missing/],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("conv-shape", input)).toThrow(message);
  });
});

describe("p=same and a conv without c", () => {
  it("p=same keeps the size at stride 1 (2 for k=5, 2·2 for k=3 d=2)", () => {
    const { answer } = answerOf(
      solveJson("conv-shape", { size: 28, channels: 3, layers: "conv k=5 p=same c=8; conv k=3 d=2 p=same c=8" }),
    );
    expect(answer.output).toEqual([8, 28, 28]);
  });
  it("a conv without c keeps its input's channels, and counts its parameters so", () => {
    const { answer } = answerOf(solveJson("conv-shape", { size: 8, channels: 4, layers: "conv k=3 p=1" }));
    expect(answer.output).toEqual([4, 8, 8]);
    expect(answer.params).toBe((3 * 3 * 4 + 1) * 4);
  });
  it("p=same with an even kernel or a stride says why it cannot", () => {
    expect(() => solveJson("conv-shape", { size: 8, layers: "conv k=4 p=same c=2" })).toThrow(/bottom and right/);
    expect(() => solveJson("conv-shape", { size: 8, layers: "conv k=3 s=2 p=same c=2" })).toThrow(/only with stride 1/);
  });
});

describe("the worked sizes, as an answer key writes them", () => {
  it("writes no /1 for stride 1 and no floor where the stride divides", () => {
    const text = textOf(solveJson("conv-shape", { size: 16, layers: "conv k=2 c=4; conv k=3 s=2 p=1 c=2" }));
    expect(text).toContain("= (16 + 2·0 − 1(2 − 1) − 1) + 1 = 14 + 1 = 15");
    expect(text).toContain("= (15 + 2·1 − 1(3 − 1) − 1)/2 + 1 = 14/2 + 1 = 8");
    expect(text).not.toContain("/1)");
  });

  it("says a row the last window misses is padding when it is", () => {
    const padding = textOf(solveJson("conv-shape", { size: 8, layers: "conv k=3 s=2 p=1 c=2" }));
    expect(padding).toMatch(/the last 1 padding row, which no window\s+reaches; every input row is covered/);
    const input = textOf(solveJson("conv-shape", { size: 15, layers: "pool k=2 s=2" }));
    expect(input).toMatch(/the last 1 input row is not covered by any\s+window/);
  });

  it("labels the table's layers as --layers spells them", () => {
    const text = textOf(solveJson("conv-shape", { size: 32, channels: 4, layers: "conv k=3 s=2 p=1 d=2 g=2 c=8" }));
    expect(text).toContain("1. conv k=3 s=2 p=1 d=2 g=2 c=8 │");
    expect(text).toContain("(1 convolution layer)");
  });
});
