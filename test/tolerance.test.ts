// Tolerance policies against their definitions: numpy.isclose for rtol/atol,
// toPrecision for significant figures.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withinTolerance } from "../src/tolerance.js";

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => Math.abs(x) > 1e-6);

describe("withinTolerance", () => {
  it("sigfigs N: c written to N significant figures passes; one unit further off fails", () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 10 }), (c, n) => {
        const written = Number(c.toPrecision(n));
        expect(withinTolerance({ kind: "sigfigs", sigfigs: n }, written, c)).toBe(true);
        const unit = 10 ** (Math.floor(Math.log10(Math.abs(c))) - n + 1);
        expect(withinTolerance({ kind: "sigfigs", sigfigs: n }, written + 1.01 * unit, c)).toBe(false);
      }),
    );
  });

  it("rtol/atol: inside the numpy.isclose bound passes, outside fails", () => {
    fc.assert(
      fc.property(value, fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.boolean(), (c, rtol, up) => {
        const bound = rtol * Math.abs(c);
        const sign = up ? 1 : -1;
        expect(withinTolerance({ kind: "close", rtol, atol: 0 }, c + sign * 0.99 * bound, c)).toBe(true);
        expect(withinTolerance({ kind: "close", rtol, atol: 0 }, c + sign * 1.01 * bound, c)).toBe(false);
        expect(withinTolerance({ kind: "close", rtol: 0, atol: bound }, c + sign * 0.99 * bound, c)).toBe(true);
      }),
    );
  });

  it("sigfigs of 0 is 0 only", () => {
    expect(withinTolerance({ kind: "sigfigs", sigfigs: 3 }, 0, 0)).toBe(true);
    expect(withinTolerance({ kind: "sigfigs", sigfigs: 3 }, 1e-9, 0)).toBe(false);
  });
});
