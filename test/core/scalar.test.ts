import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as sc from "../../src/core/scalar.js";
import { frac } from "../../src/core/scalar.js";

describe("exact scalars", () => {
  it("keeps fractions exact through + − × ÷", () => {
    const r = sc.add(sc.mul(frac(1, 3), frac(3)), sc.div(frac(-5), frac(3)));
    expect(sc.exactString(r)).toBe("-2/3");
  });

  it("falls back to float64 when one operand is a float", () => {
    const r = sc.add(frac(1, 3), 0.5);
    expect(typeof r).toBe("number");
    expect(r).toBeCloseTo(5 / 6, 15);
  });

  it("takes exact square roots of perfect squares and floats otherwise", () => {
    expect(sc.exactString(sc.sqrt(frac(9)))).toBe("3");
    expect(sc.exactString(sc.sqrt(frac(9, 4)))).toBe("3/2");
    expect(sc.exactString(sc.sqrt(frac(0)))).toBe("0");
    const r = sc.sqrt(frac(2));
    expect(sc.isExact(r)).toBe(false);
    expect(r).toBe(Math.SQRT2);
  });

  it("isqrt is the floor of the square root, also past 2^53", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (n) => {
        const r = sc.isqrt(n);
        return r * r <= n && (r + 1n) * (r + 1n) > n;
      }),
    );
  });

  it("sqrt of a squared rational is exact and gives it back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), (n, d) => {
        const q = frac(n, d);
        const root = sc.sqrt(sc.square(q));
        return sc.isExact(root) && root.equals(q);
      }),
    );
  });
});
