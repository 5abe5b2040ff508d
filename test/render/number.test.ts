// The one number formatter: %g-style floats (with JavaScript's exponents: 1e+6) and exact decimals, checked
// against their definitions (toPrecision's value, the digits of n/10^k).
import fc from "fast-check";
import { Fraction } from "fraction.js";
import { describe, expect, it } from "vitest";
import { decimalToFraction } from "../../src/core/digits.js";
import { frac, type Scalar, smallParts } from "../../src/core/scalar.js";
import { vectorFromJson } from "../../src/input/values.js";
import { solutionJson } from "../../src/render/json.js";
import { formatFloat, scalarText, valueText } from "../../src/render/number.js";
import { numbersReadAs } from "../../src/solution/solution.js";
import { solveJson, textOf } from "../helpers.js";

// Any double, and values like 999999.7 that round up to the next power of ten.
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0);
const justBelowPowerOfTen = fc
  .tuple(fc.integer({ min: -8, max: 20 }), fc.integer({ min: 1, max: 16 }), fc.boolean())
  .map(([k, j, negative]) => (negative ? -1 : 1) * 10 ** k * (1 - 10 ** -j));

describe("formatFloat", () => {
  it("examples", () => {
    expect(formatFloat(-5 / 3, 6)).toBe("-1.66667");
    expect(formatFloat(0.25, 6)).toBe("0.25");
    expect(formatFloat(2.5, 3)).toBe("2.5");
    expect(formatFloat(4.248354255291589e-18, 6)).toBe("4.24835e-18");
    expect(formatFloat(1e6 + 0.5, 6)).toBe("1e+6");
    expect(formatFloat(999999.7, 6)).toBe("1e+6");
    expect(formatFloat(0.0001, 6)).toBe("0.0001");
    expect(formatFloat(0.000099, 1)).toBe("0.0001");
    expect(formatFloat(-0.0000999999, 3)).toBe("-0.0001");
    expect(formatFloat(0.00009999, 6)).toBe("9.999e-5");
    expect(formatFloat(123.4, 2)).toBe("1.2e+2");
    expect(formatFloat(0, 6)).toBe("0");
    expect(formatFloat(Infinity, 6)).toBe("∞");
  });

  it("is x in p significant digits, without trailing zeros, plain between 1e-4 and 10^p (property)", () => {
    fc.assert(
      fc.property(fc.oneof(anyDouble, justBelowPowerOfTen), fc.integer({ min: 1, max: 17 }), (x, p) => {
        const s = formatFloat(x, p);
        if (Number(s) !== Number(x.toPrecision(p))) return false;
        if (!/^-?\d+(\.\d*[1-9])?(e[+-]\d+)?$/.test(s)) return false;
        const rounded = Math.abs(Number(x.toPrecision(p)));
        const plain = !s.includes("e");
        return plain === (rounded >= 1e-4 && rounded < 10 ** p);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("exact scalars in text", () => {
  it("examples", () => {
    expect(scalarText(frac(-5, 3), 6)).toBe("-5/3");
    expect(scalarText(frac(173, 250), 6)).toBe("0.692");
    expect(scalarText(frac(-109, 500), 6)).toBe("-0.218");
    expect(scalarText(frac(1, 4), 6)).toBe("1/4");
    expect(scalarText(frac(1, 20), 6)).toBe("0.05");
    expect(scalarText(frac(-7), 6)).toBe("-7");
    expect(scalarText(frac(0), 6)).toBe("0");
    expect(valueText(frac(-5, 3), 6)).toBe("-5/3 ≈ -1.66667");
    expect(valueText(frac(1, 4), 6)).toBe("1/4 = 0.25");
  });

  it("writes n/10^k as its decimal digits when short, and other fractions as n/d (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 1, max: 12 }), (n, k) => {
        const q = frac(n, 10n ** BigInt(k));
        const s = scalarText(q, 6);
        const digits = (n < 0n ? -n : n).toString().padStart(k + 1, "0");
        const whole = digits.slice(0, digits.length - k);
        const fraction = digits.slice(digits.length - k).replace(/0+$/, "");
        const significant = (whole + fraction).replace(/^0+/, "").length;
        const decimal = (n < 0n ? "-" : "") + (fraction === "" ? whole : `${whole}.${fraction}`);
        if (q.d === 1n) return s === q.toFraction();
        if (q.d < 10n) return s === q.toFraction();
        if (decimal.replace("-", "").startsWith("0.0000")) return Number(s) === Number(decimal);
        return significant <= 12 ? s === decimal : s === q.toFraction();
      }),
      { numRuns: 3000 },
    );
  });

  it("writes a fraction with no finite decimal as n/d (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 6 }), (n, d) => {
        const q = frac(n, 3 * d);
        return q.d % 3n !== 0n || scalarText(q, 6) === q.toFraction();
      }),
    );
  });
});

describe("a small fraction prints as the same value held in BigInts", () => {
  it("scalarText and valueText agree between the two forms (property)", () => {
    // fraction.js's own Fraction: BigInt numerator and denominator, never the small form
    const twoForms = fc
      .tuple(
        fc.oneof(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.maxSafeInteger()),
        fc.oneof(
          fc.integer({ min: 1, max: 10 ** 6 }),
          fc.integer({ min: 0, max: 15 }).map((k) => 10 ** k),
          fc.integer({ min: 0, max: 52 }).map((k) => 2 ** k),
          fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        ),
      )
      .map(([n, d]) => ({ small: frac(n, d), big: new Fraction(BigInt(n), BigInt(d)) }));
    fc.assert(
      fc.property(twoForms, fc.integer({ min: 1, max: 17 }), ({ small, big }, precision) => {
        return (
          smallParts(small) !== undefined &&
          smallParts(big) === undefined &&
          scalarText(small, precision) === scalarText(big, precision) &&
          valueText(small, precision) === valueText(big, precision)
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe("inputs echoed in JSON", () => {
  const echoed = (x: unknown[]) =>
    (solutionJson(solveJson("batchnorm", { x }), { precision: 6, quiet: true, color: false }).input as { x: unknown[] })
      .x;
  // Long doubles (read back to check) and short decimals (spelled exactly by their float).
  const value = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc
      .tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 12 }))
      .map(([n, k]) => Number(`${n}e-${k}`)),
  );

  it("echo a JSON number as that number, whatever its digits (property)", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 4 }), (xs) => {
        fc.pre(Math.max(...xs) - Math.min(...xs) > 1e-3);
        return echoed(xs).every((v, i) => v === xs[i] || (v === 0 && xs[i] === 0));
      }),
      { numRuns: 500 },
    );
  });

  it("echo each JSON number read into a vector as that number, the vector's own array aside (property)", () => {
    // A vector read from plain JSON numbers is echoed as the array it came from; this checks the claim
    // that allows it, value by value, on a copy that has no array behind it.
    const echoedCopy = (xs: number[]) => {
      const read = vectorFromJson(xs, "x");
      expect(numbersReadAs(read)).toBe(xs);
      const copy = [...read];
      expect(numbersReadAs(copy)).toBeUndefined();
      const sol = { problem: "p", title: "", input: { x: copy }, steps: [], answer: {}, warnings: [] };
      return (solutionJson(sol, { precision: 6, quiet: true, color: false }).input as { x: unknown[] }).x;
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(value, fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1 }),
        (xs) => echoedCopy(xs).every((v, i) => v === xs[i] || (v === 0 && xs[i] === 0)),
      ),
      { numRuns: 1000 },
    );
  });

  it("echo an exact input as its float exactly when the float prints as it, else as n/d (property)", () => {
    const ratio = fc.tuple(
      fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
      fc.oneof(
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.integer({ min: 0, max: 18 }).map((k) => 10 ** k),
        fc.integer({ min: 0, max: 52 }).map((k) => 2 ** k),
      ),
    );
    fc.assert(
      fc.property(ratio, ([n, d]) => {
        fc.pre(n % d !== 0);
        const v = frac(n, d);
        const [shown] = echoed([`${n}/${d}`, `${n}/${d} + 1`]);
        const f = Number(n) / Number(d);
        const spellsIt = decimalToFraction(String(f))?.equals(v) === true;
        return spellsIt ? shown === f : shown === v.toFraction();
      }),
      { numRuns: 1000 },
    );
  });

  it("echo a fraction no float spells as its string", () => {
    expect(echoed(["1/3", "0.1", "2"])).toEqual(["1/3", 0.1, 2]);
    // a decimal of 20 significant digits: its float prints 0.1
    expect(echoed(["0.10000000000000000001", 1])[0]).toBe("10000000000000000001/100000000000000000000");
  });
});

describe("a typed decimal is printed as typed", () => {
  it("0.5 stays 0.5 where it appears, 1/2 stays 1/2, and a computed 2/5 keeps its fraction", () => {
    const decimal = textOf(solveJson("demean-backprop", { dLdy: [1, -1, 2, 3, -1], gamma: "0.5" }));
    expect(decimal).toMatch(/γ\(1 − 1\/m\)\s+= 0\.5\(1 − 1\/5\)/);
    expect(decimal).toContain("= 2/5 = 0.4");
    const fraction = textOf(solveJson("demean-backprop", { dLdy: [1, -1, 2, 3, -1], gamma: "1/2" }));
    expect(fraction).toMatch(/γ\(1 − 1\/m\)\s+= \(1\/2\)\(1 − 1\/5\)/);
  });

  it("a JSON number too: 0.25 is printed 0.25 and still computed as the exact 1/4", () => {
    const sol = solveJson("demean-backprop", { dLdy: [1, 2], gamma: 0.25 });
    expect(textOf(sol)).toMatch(/γ\(1 − 1\/m\)\s+= 0\.25\(1 − 1\/2\)/);
    expect(textOf(sol)).toContain("= 1/8 = 0.125");
  });
});

describe("one form per vector", () => {
  const answerLine = (v: Scalar[]) =>
    textOf({ problem: "demo", title: "t", input: {}, steps: [], answer: { v }, warnings: [] })
      .split("\n")
      .find((l) => l.trimStart().startsWith("v ")) as string;

  it("writes short fractions as decimals beside exact decimals: [0.8, -1.2, 0.3]", () => {
    expect(answerLine([frac(4, 5), frac(-6, 5), frac(3, 10)])).toContain("[0.8, -1.2, 0.3]");
    expect(answerLine([frac(1, 2), frac(3, 4)])).toContain("[1/2, 3/4]");
  });

  it("marks a rounded entry among fractions: [1/3, ≈0.119203]", () => {
    expect(answerLine([frac(1, 3), 0.11920292202211755])).toContain("[1/3, ≈0.119203]");
    expect(answerLine([frac(-1, 25), frac(1, 7)])).toContain("[-1/25, 1/7]");
  });

  it("never mixes a terminating fraction with an exact decimal (property)", () => {
    const entry = fc
      .tuple(fc.integer({ min: -40, max: 40 }), fc.constantFrom(2, 3, 4, 5, 7, 8, 10, 20, 25, 100))
      .map(([n, d]) => frac(n, d));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 2, maxLength: 6 }), (v) => {
        const inner = (answerLine(v).match(/\[(.*)\]/) as RegExpMatchArray)[1] as string;
        const parts = inner.split(", ");
        const terminatingFraction = parts.some((p) => /^-?\d+\/(2|4|5|8)$/.test(p));
        const exactDecimal = parts.some((p) => /^-?\d+\.\d+$/.test(p));
        expect(terminatingFraction && exactDecimal).toBe(false);
      }),
    );
  });
});

describe("= exactly where nothing is rounded", () => {
  const lines = (v: Scalar[]) =>
    textOf({ problem: "demo", title: "t", input: {}, steps: [], answer: { v }, warnings: [] }).split("\n");

  it("writes the decimals of 1/4, 4/5 with =, and of 1/3 with ≈", () => {
    expect(lines([frac(1, 4), frac(4, 5)])).toEqual(expect.arrayContaining(["  v = [1/4, 4/5]", "    = [0.25, 0.8]"]));
    expect(lines([frac(1, 3), frac(4, 5)])).toContain("    ≈ [0.333333, 0.8]");
    expect(lines([frac(1, 1024), frac(1, 2)])).toContain("    ≈ [0.000976563, 0.5]");
  });
});
