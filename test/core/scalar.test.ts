import fc from "fast-check";
import { Fraction } from "fraction.js";
import { describe, expect, it } from "vitest";
import { decimalToFraction } from "../../src/core/digits.js";
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

describe("small-fraction arithmetic agrees with fraction.js's BigInt arithmetic", () => {
  // Numerators and denominators from tiny to past 2^53, so both the float64
  // path and the fall-back to BigInt are exercised, and the boundary between.
  const big = fc.oneof(
    fc.bigInt({ min: 1n, max: 1000n }),
    fc.bigInt({ min: 1n, max: 1n << 26n }),
    fc.bigInt({ min: (1n << 52n) - 1000n, max: (1n << 53n) + 1000n }),
    fc.bigInt({ min: 1n, max: 1n << 70n }),
  );
  // each value twice: as the code makes it (small when it can be), and as fraction.js makes it
  const fraction = fc
    .tuple(fc.oneof(big, fc.constant(0n)), big, fc.boolean())
    .map(([n, d, negative]) => ({ ours: frac(negative ? -n : n, d), ref: new Fraction(negative ? -n : n, d) }));
  const safe = (f: Fraction) => f.n <= sc.MAX_SAFE_BIG && f.d <= sc.MAX_SAFE_BIG;
  const same = (a: unknown, b: Fraction) =>
    sc.isExact(a as sc.Scalar) &&
    (a as Fraction).equals(b) &&
    (a as Fraction).s === b.s &&
    (a as Fraction).n === b.n &&
    (a as Fraction).d === b.d &&
    (a as Fraction).toFraction() === b.toFraction() &&
    sc.toNumber(a as Fraction) === sc.toNumber(b) &&
    // one form for one value: small exactly when numerator and denominator are safe integers
    (sc.smallParts(a as Fraction) !== undefined) === safe(b);

  it("+ − × ÷ x² −x give the reduced fraction fraction.js gives (property)", () => {
    fc.assert(
      fc.property(fraction, fraction, (a, b) => {
        if (!same(a.ours, a.ref) || !same(b.ours, b.ref)) return false;
        if (!same(sc.add(a.ours, b.ours), a.ref.add(b.ref))) return false;
        if (!same(sc.sub(a.ours, b.ours), a.ref.sub(b.ref))) return false;
        if (!same(sc.mul(a.ours, b.ours), a.ref.mul(b.ref))) return false;
        if (!same(sc.square(a.ours), a.ref.mul(a.ref))) return false;
        if (!same(sc.neg(a.ours), a.ref.neg())) return false;
        if (sc.sign(a.ours) !== Number(a.ref.s) * (a.ref.n === 0n ? 0 : 1)) return false;
        if (sc.isZero(a.ours) !== (a.ref.n === 0n)) return false;
        if (sc.same(a.ours, b.ours) !== a.ref.equals(b.ref) || !sc.same(a.ours, a.ref)) return false;
        return b.ref.n === 0n || same(sc.div(a.ours, b.ours), a.ref.div(b.ref));
      }),
      { numRuns: 2000 },
    );
  });

  it("a small fraction is a Fraction: fraction.js's own methods take it and give the same (property)", () => {
    fc.assert(
      fc.property(fraction, fraction, (a, b) => {
        const viaMethods = a.ours.add(b.ours).mul(a.ours);
        return (
          a.ours instanceof Fraction &&
          viaMethods.equals(a.ref.add(b.ref).mul(a.ref)) &&
          a.ours.compare(b.ours) === a.ref.compare(b.ref) &&
          a.ours.valueOf() === a.ref.valueOf()
        );
      }),
      { numRuns: 500 },
    );
  });

  it("frac(n, d) reduces like fraction.js, signs included (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
        fc.integer({ min: 1, max: 2 ** 53 - 1 }),
        (n, d) => same(frac(n, d), new Fraction(BigInt(n), BigInt(d))),
      ),
      { numRuns: 2000 },
    );
  });

  it("sqrt recognises perfect squares on both sides of 2^50 and is float64 otherwise (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 1n << 40n }),
        fc.bigInt({ min: 1n, max: 1n << 40n }),
        fc.integer({ min: -1, max: 1 }),
        (r, s, jitter) => {
          const q = new Fraction(r * r + BigInt(jitter > 0 && r > 0n ? jitter : 0), s * s);
          const root = sc.sqrt(q);
          const reference = sc.isqrt(q.n) ** 2n === q.n && sc.isqrt(q.d) ** 2n === q.d;
          if (reference) return sc.isExact(root) && (root as Fraction).mul(root as Fraction).equals(q);
          return (
            !sc.isExact(root) &&
            Math.abs((root as number) - Math.sqrt(Number(q.n) / Number(q.d))) <= 1e-15 * (root as number)
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("exact to float64", () => {
  it("rounds correctly: a double read as the exact decimal it prints as converts back to itself (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const q = decimalToFraction(String(x));
        return q !== undefined && sc.toNumber(q) === x;
      }),
      { numRuns: 5000 },
    );
  });

  it("rounds subnormals once, not twice: every double below 2^-1022 round-trips (property)", () => {
    expect(sc.toNumber(decimalToFraction("6.23659965742959e-309") as Fraction)).toBe(6.23659965742959e-309);
    fc.assert(
      fc.property(fc.double({ min: -2.2250738585072014e-308, max: 2.2250738585072014e-308, noNaN: true }), (x) => {
        const q = decimalToFraction(String(x));
        return q !== undefined && sc.toNumber(q) === x;
      }),
      { numRuns: 3000 },
    );
  });

  it("rounds correctly against a slow reference: the nearer of the two doubles around n/d (property)", () => {
    // The reference: x is at least as near to n/d, exactly, as the doubles on either side of it.
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 200n }), fc.bigInt({ min: 1n, max: 1n << 200n }), (n, d) => {
        const q = new Fraction(n, d);
        const x = sc.toNumber(q);
        const up = nextUp(x);
        const down = nextDown(x);
        const dist = (y: number) => exactDouble(y).sub(q).abs();
        return dist(x).compare(dist(up)) <= 0 && dist(x).compare(dist(down)) <= 0;
      }),
      { numRuns: 1000 },
    );
  });
});

/** The exact rational value of a finite double. */
function exactDouble(x: number): Fraction {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075;
  const value = power >= 0 ? new Fraction(mantissa << BigInt(power), 1n) : new Fraction(mantissa, 1n << BigInt(-power));
  return negative ? value.neg() : value;
}

function step(x: number, up: boolean): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 === up ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
const nextUp = (x: number) => step(x, true);
const nextDown = (x: number) => step(x, false);

describe("the exactness budget", () => {
  it("goes on in float64 past MAX_EXACT_BITS, and counts it", () => {
    sc.resetExactOverflows();
    const big = sc.frac(1n, (1n << 1000n) + 1n);
    const product = sc.mul(big, sc.frac(1n, (1n << 100n) + 3n));
    expect(typeof product).toBe("number");
    expect(product).toBeCloseTo(2 ** -1100, 320);
    expect(sc.exactOverflows()).toBe(1);
    expect(sc.isExact(sc.add(sc.frac(1, 3), sc.frac(1, 7)))).toBe(true);
    expect(sc.exactOverflows()).toBe(1);
  });

  it("does the rest in float64 once a problem's work on large fractions is spent", () => {
    sc.resetExactOverflows();
    const a = sc.frac((1n << 600n) + 1n, (1n << 601n) + 7n);
    let results = 0;
    for (let i = 0; i < sc.EXACT_WORK; i++) if (sc.isExact(sc.add(a, a))) results++;
    expect(results).toBe(sc.EXACT_WORK / 64);
    expect(sc.exactOverflows()).toBe(sc.EXACT_WORK - results);
    sc.resetExactOverflows();
    expect(sc.isExact(sc.add(a, a))).toBe(true);
  });
});

describe("mapScalars", () => {
  // a scalar from a small integer code: floats, exact values, and arrays that mix them in any order
  const scalarOf = (k: number): sc.Scalar => (k % 3 === 0 ? frac(k, 7) : k / 4);
  const equal = (a: sc.Scalar | undefined, b: sc.Scalar | undefined) =>
    typeof a === "number" || typeof b === "number"
      ? Object.is(a, b)
      : a !== undefined && b !== undefined && sc.same(a, b);

  it("is Array.prototype.map for floats, exact values and any mix of them, short or long", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), fc.boolean(), (codes, long) => {
        // repeated past 4096 elements, the array takes the long path
        const xs = long ? Array.from({ length: 4100 }, (_, i) => codes[i % Math.max(codes.length, 1)] ?? 0) : codes;
        const got = sc.mapScalars(xs, (k, i) => (i % 2 === 0 ? scalarOf(k) : scalarOf(k + 1)));
        const want = xs.map((k, i) => (i % 2 === 0 ? scalarOf(k) : scalarOf(k + 1)));
        expect(got.length).toBe(want.length);
        // one assertion per array, not per element: 4,100 expect calls a run cost more than the map
        expect(want.findIndex((w, i) => !equal(got[i], w))).toBe(-1);
      }),
    );
  });

  it("keeps the floats before an exact value, in order", () => {
    const got = sc.mapScalars([1, 2, 3, 4], (k) => (k === 3 ? frac(1, 3) : k / 2));
    expect(got.slice(0, 2)).toEqual([0.5, 1]);
    expect(equal(got[2], frac(1, 3))).toBe(true);
    expect(got[3]).toBe(2);
  });
});
