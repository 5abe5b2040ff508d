import { describe, expect, it } from "vitest";
import { checkAnswers, expectedNumber, matches } from "../src/check.js";
import type { Scalar } from "../src/core/scalar.js";
import { frac } from "../src/core/scalar.js";
import { solveJson } from "./helpers.js";

const third = frac(1, 3);
const m = (e: unknown, c: Scalar) => matches(expectedNumber(e, "expect.v"), c);

describe("matching an expected number (README: Check homework numbers)", () => {
  it.each([
    [0.333, third, true],
    [0.33, third, true],
    [0.3, third, true],
    [0.34, third, false],
    [0.335, third, false], // |1/3 − 0.335| = 0.00167 > 0.0005
    ["0.3333", third, true],
    [-0.333, frac(-1, 3), true],
    [-0.34, frac(-1, 3), false],
    ["-5/3", frac(-5, 3), true],
    ["-5/3", frac(5, 3), false],
    ["1/3", third, true],
    ["2/6", third, true],
    [1, frac(1), true],
    [1, frac(1001, 1000), false],
    ["1.50", frac(3, 2), true],
    ["1.50", frac(1504, 1000), true], // ±0.005
    ["1.50", frac(1506, 1000), false],
    [1.5, frac(154, 100), true], // a JSON number's digits are its shortest form: 1.5, ±0.05
    ["1.2e-3", frac(124, 100000), true], // ±5e-5
    ["1.2e-3", frac(126, 100000), false],
    ["1e-3", frac(14, 10000), true], // mantissa 1: ±5e-4
    [0.5, frac(55, 100), true], // exactly half a unit away: inclusive
    [0.5, frac(56, 100), false],
  ])("%j vs %s → %s", (expected, computed, want) => {
    expect(m(expected, computed)).toBe(want);
  });

  it("compares a fraction or integer with a float to float64 precision", () => {
    expect(m("-5/3", -1.6666666666666667)).toBe(true);
    expect(m("-5/3", -1.6666667)).toBe(false);
    expect(m(3, Math.sqrt(9))).toBe(true);
    expect(m("1/sqrt(2)", Math.SQRT1_2)).toBe(true);
    expect(m(0, 1e-18)).toBe(false);
  });

  it("rounds a decimal against a float too", () => {
    expect(m(0.105, 0.1049935854035065)).toBe(true);
    expect(m(0.104, 0.1049935854035065)).toBe(false);
  });

  it.each([
    [true, /expected a number or a string/],
    [null, /expected a number or a string/],
    ["abc", /is not a number/],
  ])("rejects %j as an expected value", (v, message) => {
    expect(() => expectedNumber(v, "expect.v")).toThrow(message);
  });
});

describe("checking a solution", () => {
  const sol = solveJson("batchnorm", { x: [1, 7, 7, 9] });

  it("passes when everything matches, element by element", () => {
    const r = checkAnswers(sol, { mean: 6, y: ["-5/3", 0.333, 0.33, 1] }, "expect");
    expect(r.passed).toBe(true);
    expect(r.items.map((i) => i.field)).toEqual(["mean", "y[1]", "y[2]", "y[3]", "y[4]"]);
  });

  it("names the wrong elements and the earliest wrong step", () => {
    const r = checkAnswers(sol, { y: [-1.67, 0.333, 0.34, 1], std: 3.1, mean: 6, variance: 10 }, "expect");
    expect(r.passed).toBe(false);
    expect(r.items.filter((i) => !i.passed).map((i) => i.field)).toEqual(["variance", "std", "y[3]"]);
    expect(r.wrong).toEqual(["variance", "std", "y"]);
    expect(r.right).toEqual(["mean"]);
    expect(r.firstWrong).toBe("variance");
    expect(r.firstWrongStep).toBe(2);
  });

  it("reports a wrong length as one failed item", () => {
    const r = checkAnswers(sol, { xhat: [1, 2, 3] }, "expect");
    expect(r.items).toEqual([
      expect.objectContaining({ field: "xhat", passed: false, reason: "you gave 3 values; the answer has 4" }),
    ]);
  });

  it("checks nested fields, as objects or dotted names", () => {
    const mlp = solveJson("mlp-grads", {
      x: 1,
      y: 3,
      A: ["1/2", -1],
      b: [0, 1],
      C: [1, 2],
      d: 0,
      activation: "identity",
    });
    expect(checkAnswers(mlp, { grad: { d: -5, b: [-5, -10] } }, "expect").passed).toBe(true);
    expect(checkAnswers(mlp, { "grad.d": -5 }, "expect").passed).toBe(true);
    const wrong = checkAnswers(mlp, { loss: "25/4", grad: { C: ["-5/2", 1] } }, "expect");
    expect(wrong.firstWrong).toBe("grad.C");
  });

  it.each([
    [{ sigma: 3 }, /^expect\.sigma: not an answer of batchnorm/],
    [{ mean: [6] }, /^expect\.mean: expected one number for mean, got an array/],
    [{ y: 1 }, /^expect\.y: y is a list of 4 values; write them as an array/],
    [{}, /^expect: is empty/],
    [[1, 2], /^expect: expected a JSON object/],
    [{ mean: "six" }, /^expect\.mean: "six" is not a number/],
  ])("rejects %j", (expected, message) => {
    expect(() => checkAnswers(sol, expected, "expect")).toThrow(message);
  });
});
