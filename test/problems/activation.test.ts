import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { erf } from "../../src/core/activation-functions.js";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("activation against PyTorch", () => {
  it("matches every reference case at 1e-9, kinks as PyTorch takes them", () => {
    for (const c of reference("activation")) {
      const { answer } = answerOf(solveJson("activation", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input), 1e-9, 1e-12);
    }
  });
});

describe("erf", () => {
  it("meets its closed forms and symmetry: erf(0) = 0, erf(−x) = −erf(x), erf(∞) → 1, and known values", () => {
    expect(erf(0)).toBe(0);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 15);
    fc.assert(fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => Math.abs(erf(-x) + erf(x)) < 1e-15));
  });
  it("is continuous where the series hands over to the continued fraction (x = 3)", () => {
    expect(Math.abs(erf(3 - 1e-12) - erf(3 + 1e-12))).toBeLessThan(1e-13);
  });
});

describe("the command line", () => {
  it("lists every function with no arguments, and names σ(z) given for σ′(z)", async () => {
    const list = await cli(["activation"]);
    expect(list.code).toBe(0);
    for (const fn of ["gelu", "silu", "elu", "leaky-relu"]) expect(list.stdout).toContain(fn);
    const r = await cli(["activation", "sigmoid", "0", "--json", "--expect", '{"derivative": 0.5}']);
    expect(JSON.parse(r.stdout).check.items[0].diagnosis.mistake).toBe("value-for-derivative");
  });
  it("writes each function by its own name, σ only for the sigmoid (σ(z) = tanh(z) was confusing)", async () => {
    const list = (await cli(["activation"])).stdout;
    expect(list).toContain("σ(z) = 1/(1 + e⁻ᶻ)");
    expect(list).toContain("tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)");
    expect(list).toContain("tanh′(z) = 1 − tanh(z)²");
    expect(list).toContain("relu(z) = max(0, z)");
    expect(list).toContain("softplus′(z) = 1/(1 + e⁻ᶻ) = σ(z)");
    expect(list).not.toMatch(/σ′?\(z\) = (tanh|max|log|z\b|\{)/);
  });
  it("a slope typed as 0.2 is exact: the derivatives are = [0.2, 0.2, 1], not ≈", async () => {
    const r = await cli(["activation", "leaky-relu", "-2", "0", "3", "--slope", "0.2"]);
    expect(r.stdout).toContain("  derivative = [0.2, 0.2, 1]\n");
  });
  it("an unknown function gets a suggestion", async () => {
    const r = await cli(["activation", "gelue", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown function "gelue" \(did you mean "gelu"\?\)/);
  });
});
