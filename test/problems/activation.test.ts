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
  it("an unknown function gets a suggestion", async () => {
    const r = await cli(["activation", "gelue", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown function "gelue" \(did you mean "gelu"\?\)/);
  });
});
