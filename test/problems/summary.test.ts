import { describe, expect, it } from "vitest";
import { answerOf, cli, reference, solveJson } from "../helpers.js";

const params = (shape: string, layers: string) => answerOf(solveJson("summary", { shape, layers })).answer.params;

describe("summary against the PyTorch modules' own counts", () => {
  it("matches every reference case exactly", () => {
    for (const c of reference("summary")) {
      const { answer } = answerOf(solveJson("summary", c.input));
      const want = c.answer as Record<string, unknown>;
      expect(answer.output, String(c.input.layers)).toEqual(want.output);
      expect(answer.params, String(c.input.layers)).toBe(want.params);
      expect(answer.nonTrainable, String(c.input.layers)).toBe(want.nonTrainable);
      if (want.layers) expect(answer.layers).toEqual(want.layers);
    }
  });
});

describe("published models", () => {
  it("torchvision's AlexNet: 61,100,840", () => {
    const layers =
      "conv k=11 s=4 p=2 c=64; relu; maxpool k=3 s=2; conv k=5 p=2 c=192; relu; maxpool k=3 s=2; " +
      "conv k=3 p=1 c=384; relu; conv k=3 p=1 c=256; relu; conv k=3 p=1 c=256; relu; maxpool k=3 s=2; flatten; " +
      "dropout; linear 4096; relu; dropout; linear 4096; relu; linear 1000";
    expect(params("3,224,224", layers)).toBe(61_100_840);
  });
  it("VGG-16: 138,357,544", () => {
    const block = (c: number, n: number) => `conv k=3 p=1 c=${c} repeat=${n}; maxpool k=2`;
    const layers = [block(64, 2), block(128, 2), block(256, 3), block(512, 3), block(512, 3)].join("; ");
    expect(params("3,224,224", `${layers}; flatten; linear 4096; linear 4096; linear 1000`)).toBe(138_357_544);
  });
  it("GPT-2 small with a tied head: 124,439,808", () => {
    const layers =
      "embedding n=50257 d=768; posembed n=1024; transformer d=768 heads=12 ff=3072 repeat=12; layernorm; " +
      "linear 50257 tied=1";
    expect(params("1024", layers)).toBe(124_439_808);
  });
});

describe("formulas, conventions and mistakes", () => {
  it("counts exactly past 2^53: dense, recurrent and transformer layers", () => {
    const count = (shape: string, layers: string) =>
      answerOf(solveJson("summary", { shape, layers })).exact.params as string;
    const [F, n] = [99999989n, 99999971n];
    expect(count("99999989", "linear 99999971")).toBe(String(F * n + n)); // 9999996100000290
    expect(count("3,99999989", "lstm h=99999971")).toBe(String(4n * (n * F + n * n + 2n * n)));
    const d = 33554431n; // 2^25 − 1: 4d² alone passes 2^53
    expect(count("4,33554431", "transformer d=33554431 heads=1 ff=3")).toBe(
      String(4n * (d * d + d) + (d * 3n + 3n) + (3n * d + d) + 4n * d),
    );
  });

  it("writes the LSTM's count with its numbers and Keras's beside it", async () => {
    const r = await cli(["summary", "--shape", "10,25", "--layers", "lstm h=100"]);
    expect(r.stdout).toMatch(/4·\(H·F \+ H·H \+ 2H\) = 4·\(100·25 \+ 100·100 \+ 2·100\)/);
    expect(r.stdout).toMatch(/50,800; one bias per gate, as Keras counts 50,400/);
  });
  it("names the other bias convention and the missing biases", async () => {
    const ask = async (p: number) => {
      const r = await cli([
        "summary",
        "--shape",
        "10,25",
        "--layers",
        "lstm h=100",
        "--json",
        "--expect",
        JSON.stringify({ params: p }),
      ]);
      return JSON.parse(r.stdout).check.items[0].diagnosis?.mistake;
    };
    expect(await ask(50400)).toBe("one-bias");
    expect(await ask(50000)).toBe("no-bias-params");
  });
  it("an unknown layer or key gets a suggestion; a shape a layer cannot take names it", async () => {
    const a = await cli(["summary", "--shape", "10", "--layers", "lienar 5"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown layer "lienar" \(did you mean "linear"\?\)/);
    const b = await cli(["summary", "--shape", "3,32,32", "--layers", "conv k=3 c=8; lstm h=10"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--layers\[2\]: lstm takes a sequence T × F; it got 8×30×30/);
  });
});
