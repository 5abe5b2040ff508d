// The LaTeX formula printer's typesetting: signs outside fractions, no fraction nested in a fraction,
// a fraction raised to a power in parentheses.
import { describe, expect, it } from "vitest";
import { frac } from "../../src/core/scalar.js";
import { formulaTex, latexText, scalarTex, textInMath } from "../../src/render/formula-latex.js";
import * as F from "../../src/solution/formula.js";
import { S } from "../../src/solution/formula.js";

const tex = (f: F.Formula) => formulaTex(f, 6);

describe("the LaTeX printer", () => {
  it("sets the minus before a fraction, not in its numerator", () => {
    expect(scalarTex(frac(-4, 3), 6)).toBe("-\\frac{4}{3}");
    expect(scalarTex(frac(4, 3), 6)).toBe("\\frac{4}{3}");
    expect(tex(F.times(F.num(2), F.num(frac(-4, 3))))).toContain("\\left(-\\frac{4}{3}\\right)");
  });

  it("writes a fraction whose numerator or denominator is a fraction inline, a/b", () => {
    expect(tex(F.fracF(F.num(frac(-1, 3)), F.num(4)))).toBe("\\left(-\\frac{1}{3}\\right)/4");
    expect(tex(F.fracF(F.num(1), F.num(4)))).toBe("\\frac{1}{4}");
    expect(tex(F.fracF(S.z, F.num(2)))).toBe("\\frac{z}{2}");
  });

  it("puts a fraction raised to a power in parentheses", () => {
    expect(tex(F.pow(F.num(frac(8, 3)), F.num(frac(-3, 2))))).toBe("\\left(\\frac{8}{3}\\right)^{-\\frac{3}{2}}");
    expect(tex(F.pow(F.num(3), F.num(2)))).toBe("3^{2}");
  });
});

describe("prose in LaTeX (notes, titles)", () => {
  it("sets a power written in prose as a power", () => {
    expect(latexText("the factor e^(−m) cancels")).toBe("the factor $e^{-m}$ cancels");
    expect(latexText("e^z/(1 + e^z)")).toBe("$e^{z}$/(1 + $e^{z}$)");
  });

  it("sets a minus as a minus, not a hyphen, in text and in math", () => {
    expect(latexText("pᵢ(1 - pᵢ)")).toContain("(1 $-$ p");
    expect(latexText("from −2 to 3")).toBe("from $-$2 to 3");
    expect(textInMath("−2 and 3")).toBe("-\\text{2 and 3}");
    expect(latexText("a well-known name")).toBe("a well-known name");
  });
});
