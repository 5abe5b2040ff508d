import { describe, expect, it } from "vitest";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("rnn against PyTorch autograd", () => {
  it("matches every reference case at 1e-9", () => {
    for (const c of reference("rnn")) {
      const { answer } = answerOf(solveJson("rnn", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
});

describe("a scalar linear rnn by hand", () => {
  // h1 = 1·1 = 1, h2 = ½·1 + 2 = 5/2; L = ½(5/2 − 3)² = 1/8; ∂L/∂h2 = −1/2, ∂L/∂h1 = −1/4;
  // ∂L/∂Wh = −½·1 + (−¼)·0 = −1/2, ∂L/∂Wx = −¼·1 + (−½)·2 = −5/4
  it("is exact and sums the gradient over the steps", async () => {
    const r = await cli([
      "rnn",
      "--x",
      "1,2",
      "--Wx",
      "1",
      "--Wh",
      "1/2",
      "--activation",
      "identity",
      "--y",
      "3",
      "--json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.exact.loss).toBe("1/8");
    expect(j.exact.dLdh).toEqual(["-1/4", "-1/2"]);
    expect(j.exact.grad).toMatchObject({ Wh: "-1/2", Wx: "-5/4" });
  });
  it("starts the steps back from ∂L/∂h_T with its numbers: h_T − y, or 2(h_T − y) for the squared loss", async () => {
    const base = ["rnn", "--x", "1,2", "--Wx", "1", "--Wh", "1/2", "--activation", "identity", "--y", "3"];
    expect((await cli(base)).stdout).toMatch(/∂L\/∂h₂ = h₂ − y = 5\/2 − 3 = -1\/2\s+\(where the steps back start\)/);
    expect((await cli([...base, "--loss", "squared"])).stdout).toMatch(/∂L\/∂h₂ = 2\(h₂ − y\) = 2\(5\/2 − 3\) = -1\s/);
    // each step back: ∂L/∂hₜ times its factor σ′(zₜ)·Wₕ, every number shown
    expect((await cli(base)).stdout).toContain("∂L/∂h₁ = (∂L/∂h₂)σ′(z₂)Wₕ = (-1/2)·1·(1/2) = -1/4\n");
  });

  it("names the gradient of the last step alone", async () => {
    const r = await cli([
      "rnn",
      "--x",
      "1,2",
      "--Wx",
      "1",
      "--Wh",
      "1/2",
      "--activation",
      "identity",
      "--y",
      "3",
      "--json",
      "--expect",
      '{"grad": {"Wx": -1, "Wh": -0.5}}',
    ]);
    const items = JSON.parse(r.stdout).check.items as Array<{
      field: string;
      passed: boolean;
      diagnosis?: { mistake: string };
    }>;
    expect(items.find((i) => i.field === "grad.Wx")?.diagnosis?.mistake).toBe("last-step-only");
  });
});

describe("lstm and gru", () => {
  it("one LSTM step with given weights: the gates in PyTorch's order, checked by differences", async () => {
    // Wx rows i, f, g, o; Wh = 0, x = 1, h0 = c0 = 0: i = f = o = σ(1/2), g = tanh(1/2), c = i·g, h = o·tanh(c)
    const r = await cli([
      "rnn",
      "--cell",
      "lstm",
      "--x",
      "1",
      "--Wx",
      "0.5,0.5,0.5,0.5",
      "--Wh",
      "0,0,0,0",
      "--y",
      "0.5",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout).answer;
    const s = 1 / (1 + Math.exp(-0.5));
    const c = s * Math.tanh(0.5);
    expect(a.c).toBeCloseTo(c, 12);
    expect(a.h).toBeCloseTo(s * Math.tanh(c), 12);
    expect(a.gates[0].g).toBeCloseTo(Math.tanh(0.5), 12);
    const check = JSON.parse(r.stdout).steps.find((st: { title: string }) => st.title === "Finite-difference check");
    expect(JSON.stringify(check)).toContain("✓ every");
  });
  it("a GRU step: h = (1 − z)·n + z·h0", async () => {
    const r = await cli([
      "rnn",
      "--cell",
      "gru",
      "--x",
      "1",
      "--Wx",
      "0,0,1",
      "--Wh",
      "0,0,0",
      "--h0",
      "2",
      "--dLdh",
      "1",
      "--json",
    ]);
    const a = JSON.parse(r.stdout).answer;
    // r = z = σ(0) = 1/2, n = tanh(1): h = ½·tanh(1) + ½·2
    expect(a.h).toBeCloseTo(0.5 * Math.tanh(1) + 1, 12);
    expect(a.grad.h0).toBeCloseTo(0.5, 12);
  });
});

describe("bad input", () => {
  const error = async (...argv: string[]) => {
    const r = await cli(["rnn", ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    return r.stderr;
  };
  it("refuses a worked solution past 1,000,000 multiply-adds a pass, and solves the answers alone", async () => {
    // T = 1,000, H = 32, F = 1: 1,000 × 32 × 33 = 1,056,000
    const argv = ["--x", Array(1000).fill(0.1).join(","), "--Wx", Array(32).fill(0.5).join(",")];
    argv.push("--Wh", `[${Array.from({ length: 32 }, () => `[${Array(32).fill(0.01).join(",")}]`).join(",")}]`);
    argv.push("--y", Array(32).fill(0).join(","));
    expect(await error(...argv)).toMatch(
      /rnn: 1056000 multiply-adds per forward pass .* more than the 1000000 a worked solution allows/,
    );
    const quiet = await cli(["rnn", ...argv, "--quiet", "--json"]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout).answer.h).toHaveLength(1000);
  });

  it("shapes that do not fit name the field and both shapes", async () => {
    expect(await error("--x", "1 2; 3 4", "--Wx", "1 0 0; 0 1 0", "--Wh", "1 0; 0 1", "--y", "0,0")).toMatch(
      /--Wx: is 2×3, but x with 2 features needs 2×2/,
    );
    expect(await error("--x", "1,2", "--Wx", "1", "--Wh", "1", "--y", "1", "--loss-at", "every")).toMatch(
      /--y: with --loss-at every needs one target per step/,
    );
    expect(await error("--x", "1,2", "--Wx", "1", "--Wh", "1", "--y", "1", "--dLdh", "1")).toMatch(
      /give --y or --dLdh, not both/,
    );
  });
});

describe("with no numbers", () => {
  it("derives BPTT in symbols", async () => {
    const r = await cli(["rnn"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/∂L\/∂Wₕ = Σₜ δₜhₜ₋₁ᵀ/);
  });
});
