import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("network against PyTorch autograd", () => {
  it("matches every reference case at 1e-9", () => {
    for (const c of reference("network")) {
      const { answer } = answerOf(solveJson("network", c.input));
      const want = { ...c.answer };
      // SPEC 4.14: yPred is a number for one output unit and one sample; PyTorch keeps a tensor of one
      const y = want.yPred;
      if (Array.isArray(y) && y.length === 1 && !Array.isArray(y[0]) && !Array.isArray(c.input.x?.[0 as never]))
        want.yPred = y[0];
      expectClose(answer, want, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
});

describe("the tutorial network (2-2-2 sigmoid, half-squared, lr 0.5)", () => {
  const argv = [
    "network",
    "--x",
    "0.05,0.10",
    "--W1",
    "[[0.15,0.20],[0.25,0.30]]",
    "--b1",
    "0.35",
    "--W2",
    "[[0.40,0.45],[0.50,0.55]]",
    "--b2",
    "0.60",
    "--y",
    "0.01,0.99",
    "--output",
    "sigmoid",
    "--loss",
    "half-squared",
    "--lr",
    "0.5",
  ];
  it("gives E = 0.298371109, W2[1][1] = 0.35891648 and W1[1][1] = 0.149780716 after the step", async () => {
    const r = await cli([...argv, "--json"]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout).answer;
    expect(a.loss).toBeCloseTo(0.298371109, 9);
    expect(a.next.W2[0][0]).toBeCloseTo(0.35891648, 8);
    expect(a.next.W1[0][0]).toBeCloseTo(0.149780716, 9);
    // one bias given to every unit is still one bias per unit, each with its own gradient
    expect(a.grad.b1).toHaveLength(2);
    expect(a.grad.b1[0]).not.toBeCloseTo(a.grad.b1[1], 6);
  });
  it("checks an answer and names the step with the numbers", async () => {
    const r = await cli([
      ...argv,
      "--expect",
      '{"loss": 0.298371109, "next": {"W2": [[0.35891648, 0.408666186], [0.511301270, 0.561370121]]}}',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/δ⁽²⁾₁ = \(0\.751365 − 0\.01\)·0\.186816 = 0\.138499/);
    expect(r.stdout).toMatch(/∂L\/∂a⁽¹⁾₁ = 0\.4·0\.138499 \+ 0\.5·\(-0\.0380982\) = 0\.0363503/);
  });
});

describe("with one hidden layer and one input it is mlp-grads", () => {
  it("gives the same gradients exactly, relu and identity staying exact", () => {
    const mlp = { x: 2, y: 1, A: [1, -1, "1/2"], b: [0, 1, 1], C: [2, -1, 3], d: "1/3", activation: "relu" };
    const mj = answerOf(solveJson("mlp-grads", mlp));
    const m = mj.answer as Record<string, unknown>;
    const n = answerOf(
      solveJson("network", {
        x: [2],
        W1: [[1], [-1], ["1/2"]],
        b1: [0, 1, 1],
        W2: [2, -1, 3],
        b2: "1/3",
        y: 1,
        activation: "relu",
      }),
    );
    const grad = n.answer.grad as Record<string, unknown>;
    const mg = m.grad as Record<string, unknown>;
    expect((grad.W1 as number[][]).map((r) => r[0])).toEqual(mg.A);
    expect(grad.b1).toEqual(mg.b);
    expect(grad.W2).toEqual(mg.C);
    expect(grad.b2).toEqual(mg.d);
    expect(n.answer.loss).toEqual(m.loss);
    // relu and identity keep every value exact, as mlp-grads does: the loss is a fraction, not a float
    expect(n.exact.loss).toEqual(mj.exact.loss);
    expect((n.exact.grad as Record<string, unknown>).W2).toEqual((mj.exact.grad as Record<string, unknown>).C);
    expect(typeof n.exact.loss).toBe("string");
  });
});

describe("bad input", () => {
  const error = async (...argv: string[]) => {
    const r = await cli(["network", ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    return r.stderr;
  };
  it("weights that do not chain name the layer and both shapes", async () => {
    expect(await error("--x", "1,2", "--W1", "[[1,2],[3,4]]", "--W2", "[[1,2,3],[4,5,6]]", "--y", "1,2")).toMatch(
      /--W2: 2×3 but layer 1 has 2 units/,
    );
    expect(await error("--x", "1,2,3", "--W1", "[[1,2],[3,4]]", "--y", "1,2")).toMatch(/--W1: 2×2 but x has 3 inputs/);
  });
  it("a missing W in the middle is an error, a missing b is 0", async () => {
    expect(await error("--x", "1,2", "--W1", "[[1,2],[3,4]]", "--W3", "1,1", "--y", "1")).toMatch(
      /--W2.*layer 2 sits between layer 1 and layer 3/,
    );
    // z = 1 + 2 + 0 = 3, L = (3 − 1)², ∂L/∂b = 2·2
    const r = await cli(["network", "--x", "1,2", "--W1", "1,1", "--y", "1", "--activation", "identity", "--json"]);
    expect(JSON.parse(r.stdout).answer.grad.b1).toBe(4);
  });
  it("a loss without its output activation, a bad class, a wrong target length", async () => {
    expect(await error("--x", "1", "--W1", "[[1],[2]]", "--y", "1", "--loss", "ce")).toMatch(
      /--loss: ce goes with --output softmax/,
    );
    expect(await error("--x", "1", "--W1", "[[1],[2]]", "--y", "3", "--output", "softmax")).toMatch(
      /--y: a class is a whole number from 1 to 2/,
    );
    expect(await error("--x", "1", "--W1", "[[1],[2]]", "--y", "1,2,3")).toMatch(
      /--y: has 3 values, the output layer 2 units/,
    );
  });
  it("states its two work limits (worked, answers alone) and refuses beyond each before the work", async () => {
    const row = `[${Array(1001).fill(1).join(",")}]`;
    const W = `[${Array(1001).fill(row).join(",")}]`;
    const argv = ["--x", Array(1001).fill(1).join(","), "--W1", W, "--y", Array(1001).fill(0).join(",")];
    const refused = await error(...argv);
    expect(refused).toMatch(/1002001 multiply-adds per forward pass .* more than the 1000000 a worked solution allows/);
    expect(refused).toContain("(the answers alone, with --quiet, up to 30000000)");
    // the answers alone: solved, z₁ = 1001 for every unit
    const quiet = await cli(["network", ...argv, "--quiet", "--json"]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout).answer.z[0]).toEqual(Array(1001).fill(1001));
    // past 30,000,000 even the answers are refused: 16 samples × 2,000 inputs × 1,000 units
    const file = join(mkdtempSync(join(tmpdir(), "dlsolve-net-")), "big.json");
    const x = Array.from({ length: 16 }, () => Array(2000).fill(0.5));
    const W1 = Array.from({ length: 1000 }, () => Array(2000).fill(0.001));
    writeFileSync(file, JSON.stringify({ x, W1, y: Array.from({ length: 16 }, () => Array(1000).fill(0)) }));
    const big = await cli(["network", "--input", file, "--quiet", "--json"]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/32000000 multiply-adds per forward pass .* more than the 30000000 allowed$/m);
  });
});

describe("mistakes", () => {
  // x = (1, 2), W1 = [[1, −1], [2, 1]]: z1 = (−1, 4), a1 = (0, 4); W2 = [[1, 2], [0, 1]]: z2 = (8, 4);
  // squared loss against y = (1, 0): δ2 = 2(z2 − y) = (14, 8); W2ᵀδ2 = (14, 36), δ1 = (0, 36)
  const base = ["network", "--x", "1,2", "--W1", "[[1,-1],[2,1]]", "--W2", "[[1,2],[0,1]]", "--y", "1,0"];
  const relu = [...base, "--activation", "relu", "--output", "identity"];
  const diagnosis = async (field: string, value: unknown) => {
    const r = await cli([...relu, "--json", "--expect", JSON.stringify({ grad: { [field]: value } })]);
    const items = JSON.parse(r.stdout).check.items as Array<{ passed: boolean; diagnosis?: { mistake: string } }>;
    return items.filter((i) => !i.passed).map((i) => i.diagnosis?.mistake);
  };
  it("the right answer passes", async () => {
    expect(
      await diagnosis("W1", [
        [0, 0],
        [36, 72],
      ]),
    ).toEqual([]);
  });
  it("names δ without act′ (δ1 = (14, 36)) and ∂L/∂a = Wδ (Wδ2 = (30, 8), δ1 = (0, 8))", async () => {
    expect(
      await diagnosis("W1", [
        [14, 28],
        [36, 72],
      ]),
    ).toContain("missing-activation-derivative");
    expect(
      await diagnosis("W1", [
        [0, 0],
        [8, 16],
      ]),
    ).toContain("no-transpose");
  });
  it("names the flipped sign and the lost factor 2", async () => {
    expect(
      await diagnosis("W1", [
        [0, 0],
        [-36, -72],
      ]),
    ).toContain("sign-flip");
    expect(
      await diagnosis("W1", [
        [0, 0],
        [18, 36],
      ]),
    ).toContain("missing-factor-2");
  });
});

describe("with no numbers", () => {
  it("derives δ, ∂L/∂W = δaᵀ and ∂L/∂a = Wᵀδ in symbols and exits 0", async () => {
    const r = await cli(["network"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/∂L\/∂W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ ⁻ 1⁾ᵀ|∂L\/∂W⁽ˡ⁾ = δ⁽ˡ⁾/);
    expect(r.stdout).toMatch(/δ⁽ˡ/);
  });
});
