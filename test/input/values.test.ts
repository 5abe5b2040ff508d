import fc from "fast-check";
import { Fraction } from "fraction.js";
import { describe, expect, it } from "vitest";
import { decimalToFraction } from "../../src/core/digits.js";
import type { Scalar } from "../../src/core/scalar.js";
import * as sc from "../../src/core/scalar.js";
import { InputError } from "../../src/errors.js";
import {
  floatFromJson,
  matrixFromJson,
  numberFromJson,
  parseMatrix,
  parseNumber,
  parseVector,
  vectorFromJson,
} from "../../src/input/values.js";

const show = (s: Scalar) => (typeof s === "number" ? s : s.toFraction());

describe("numbers (README: Use)", () => {
  const exact: Array<[string, string]> = [
    ["3", "3"],
    ["-0.25", "-1/4"],
    ["1e-3", "1/1000"],
    ["1.2e-3", "3/2500"],
    ["-5/3", "-5/3"],
    ["−5/3", "-5/3"],
    ["0.1", "1/10"],
    [".5", "1/2"],
    ["2^-3", "1/8"],
    ["(1 + 2) * 3", "9"],
    ["2^3^2", "512"],
    ["-2^2", "-4"],
    ["sqrt(9/4)", "3/2"],
    ["1/sqrt(4)", "1/2"],
    ["+7", "7"],
    ["3 × 4 ÷ 6", "2"],
  ];
  it.each(exact)("%s is exactly %s", (text, want) => {
    expect(show(parseNumber(text, "--x"))).toBe(want);
  });

  const floats: Array<[string, number]> = [
    ["1/sqrt(2)", 1 / Math.SQRT2],
    ["pi/4", Math.PI / 4],
    ["exp(1)", Math.E],
    ["log(e)", 1],
    ["2^0.5", Math.SQRT2],
  ];
  it.each(floats)("%s is the float %d", (text, want) => {
    const v = parseNumber(text, "--x");
    expect(typeof v).toBe("number");
    expect(v).toBeCloseTo(want, 14);
  });

  const bad: Array<[string, RegExp]> = [
    ["abc", /^--x: "abc" is not a number/],
    ["", /^--x: is empty/],
    ["NaN", /^--x: "NaN" is not a finite number/],
    ["Infinity", /^--x: "Infinity" is not a finite number/],
    ["-inf", /not a finite number/],
    ["1e999", /^--x: .*(too large|out of range)/],
    ["1/0", /^--x: division by zero/],
    ["0^-1", /division by zero/],
    ["sqrt(-1)", /square root of a negative/],
    ["log(0)", /logarithm/],
    ["x = 3", /unexpected character '='/],
    ["f(x) = x", /not a number|unexpected/],
    ["import('fs')", /unexpected character|not a number/],
    ['evaluate("1")', /unexpected character/],
    ["5 cm", /not a number/],
    ["[1,2]", /expected one number, got a vector/],
    ["1 2", /expected one number, got a vector/],
    ["(1 + 2", /missing '\)'/],
    ["1 +", /ends too early/],
    ["10^100000", /too large/],
    ["1".repeat(2000), /too long/],
  ];
  it.each(bad)("%j is an input error naming the field", (text, message) => {
    expect(() => parseNumber(text, "--x")).toThrow(InputError);
    expect(() => parseNumber(text, "--x")).toThrow(message);
  });

  it("reads a decimal as the rational it spells, with exponents", () => {
    expect(decimalToFraction("2.50e2")?.toFraction()).toBe("250");
    expect(decimalToFraction("abc")).toBeUndefined();
  });

  it("reads any decimal as digits·10^exponent exactly, short or long (property)", () => {
    // The reference is built in BigInt from the digits; short decimals take a float64 path.
    const decimal = fc.tuple(
      fc.boolean(),
      fc.stringMatching(/^[0-9]{1,22}$/),
      fc.integer({ min: 0, max: 22 }),
      fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
    );
    fc.assert(
      fc.property(decimal, ([negative, digits, point, exponent]) => {
        const at = Math.min(point, digits.length);
        const body = at === digits.length ? digits : `${digits.slice(0, at)}.${digits.slice(at)}`;
        const text = `${negative ? "-" : ""}${body}${exponent === undefined ? "" : `e${exponent}`}`;
        const power = (exponent ?? 0) - (digits.length - at);
        const n = BigInt(digits) * (negative ? -1n : 1n) * (power > 0 ? 10n ** BigInt(power) : 1n);
        const d = power < 0 ? 10n ** BigInt(-power) : 1n;
        const got = decimalToFraction(text);
        return got?.equals(new Fraction(n, d)) && got.d === new Fraction(n, d).d;
      }),
      { numRuns: 3000 },
    );
  });
});

describe("vectors and matrices", () => {
  it.each([
    ["1,7,7,9", ["1", "7", "7", "9"]],
    ["1 7 7 9", ["1", "7", "7", "9"]],
    ["[1, 7, 7, 9]", ["1", "7", "7", "9"]],
    ["1/2, -5/3", ["1/2", "-5/3"]],
    ["1/sqrt(4), 2", ["1/2", "2"]],
  ])("%s", (text, want) => {
    expect(parseVector(text, "--x").map(show)).toEqual(want);
  });

  it("names the element that is wrong, counting from 1", () => {
    expect(() => parseVector("1,2,x", "--x")).toThrow(/^--x\[3\]: "x" is not a number/);
    expect(() => parseVector("", "--x")).toThrow(/^--x: is empty/);
    expect(() => parseVector("1 2; 3 4", "--x")).toThrow(/expected a vector, got a matrix/);
  });

  it.each([
    [
      "1 2; 3 4",
      [
        ["1", "2"],
        ["3", "4"],
      ],
    ],
    [
      "1,2;3,4",
      [
        ["1", "2"],
        ["3", "4"],
      ],
    ],
    [
      "[[1,2],[3,4]]",
      [
        ["1", "2"],
        ["3", "4"],
      ],
    ],
    [
      "1 2; 3 4;",
      [
        ["1", "2"],
        ["3", "4"],
      ],
    ],
  ])("matrix %s", (text, want) => {
    expect(parseMatrix(text, "--A").map((r) => r.map(show))).toEqual(want);
  });

  it("rejects ragged matrices naming the row", () => {
    expect(() => parseMatrix("1 2; 3 4 5", "--A")).toThrow("--A: row 2 has 3 values, row 1 has 2");
    expect(() => matrixFromJson([[1, 2], [3]], "input.A")).toThrow("input.A: row 2 has 1 values, row 1 has 2");
    expect(() => parseMatrix("1 2; ; 3 4", "--A")).toThrow("--A: row 2 is empty");
  });
});

describe("JSON values", () => {
  it("reads a JSON number as the rational of its spelling", () => {
    expect(show(numberFromJson(0.1, "input.x"))).toBe("1/10");
    expect(show(numberFromJson(1e-7, "input.x"))).toBe("1/10000000");
    expect(show(numberFromJson("-5/3", "input.x"))).toBe("-5/3");
    expect(show(numberFromJson(-1.312, "input.x"))).toBe("-164/125");
    expect(show(numberFromJson(-0.5, "input.x"))).toBe("-1/2");
  });

  it("reads any double as the decimal it prints as, short or long, with or without an exponent (property)", () => {
    const doubles = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      // exam-like decimals: a few digits after the point
      fc
        .tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 16 }))
        .map(([n, k]) => n / 10 ** k),
    );
    fc.assert(
      fc.property(doubles, (v) => {
        const got = numberFromJson(v, "input.x");
        const want = decimalToFraction(String(v)) ?? v;
        return typeof want === "number" ? got === want : typeof got !== "number" && got.equals(want);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [true, /expected a number, got boolean true/],
    [null, /expected a number, got null/],
    [[1], /expected a number, got an array/],
    [{ a: 1 }, /expected a number, got an object/],
    ["one", /is not a number/],
  ])("%j is not a number", (v, message) => {
    expect(() => numberFromJson(v, "input.x")).toThrow(message);
  });

  it("names the element of a JSON vector", () => {
    expect(() => vectorFromJson([1, "a", 3], "input.x")).toThrow(/^input\.x\[2\]: "a" is not a number/);
    expect(() => vectorFromJson([], "input.x")).toThrow(/^input\.x: is empty/);
    expect(() => vectorFromJson(3, "input.x")).toThrow(/expected a vector/);
  });
});

describe("floatFromJson", () => {
  it("gives the float64 the exact reading would convert to, for every finite JSON number", () => {
    // conv reads a big layer's JSON as floats at once instead of as exact fractions it then converts
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Object.is(floatFromJson(v, "x"), sc.toNumber(numberFromJson(v, "x")))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads a string in the text grammar, and names the field for anything else", () => {
    expect(floatFromJson("1/4", "x")).toBe(0.25);
    expect(() => floatFromJson(null, "x[2]")).toThrow(/x\[2\]: expected a number, got null/);
  });
});
