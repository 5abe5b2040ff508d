// The Unicode formula printer: parentheses from precedence, scripts, shared-formula caching.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frac, type Scalar } from "../../src/core/scalar.js";
import { formulaTex } from "../../src/render/formula-latex.js";
import { formulaText } from "../../src/render/formula-text.js";
import * as F from "../../src/solution/formula.js";
import { S } from "../../src/solution/formula.js";

const text = (f: F.Formula) => formulaText(f, 6);

describe("formulaText", () => {
  it("adds parentheses where precedence needs them, and only there", () => {
    expect(text(F.plus(F.num(frac(1)), F.num(frac(-5, 3))))).toBe("1 + (-5/3)");
    expect(text(F.minus(F.num(frac(7)), F.plus(F.num(frac(1)), F.num(frac(2)))))).toBe("7 − (1 + 2)");
    expect(text(F.times(F.num(frac(2)), F.num(frac(-3))))).toBe("2·(-3)");
    expect(text(F.juxt(F.num(frac(2)), F.minus(S.y, S.x)))).toBe("2(y − x)");
    expect(text(F.fracF(F.fracF(F.num(frac(1)), F.num(frac(2))), F.num(frac(3))))).toBe("(1/2)/3");
    expect(text(F.pow(F.minus(F.num(frac(1)), F.num(frac(6))), F.num(frac(2))))).toBe("(1 − 6)²");
    expect(text(F.negF(F.fracF(S.gamma, S.m)))).toBe("−γ/m");
    expect(text(F.sqrtF(F.plus(F.num(frac(9)), S.eps)))).toBe("√(9 + ε)");
  });

  it("prints a number the same wherever it repeats in a formula (property)", () => {
    // The printer remembers the last numbers it printed; a repeated value must print as it did alone.
    const pool = [frac(-5, 3), frac(2), frac(173, 250), 1.5, -0.25, 2 / 3, frac(1, 4), 1e-7];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 12 }), (ks) => {
        const terms = ks.map((k) =>
          F.fracF(F.minus(S.x, F.num(pool[k] as Scalar)), F.num(pool[(k + 3) % pool.length] as Scalar)),
        );
        const alone = terms.map((t) => text(t));
        return text(F.list(terms)) === `[${alone.join(", ")}]`;
      }),
    );
  });

  it("prints sums, scripts and lists", () => {
    const xi = F.subscript(S.x, S.i);
    expect(text(F.eq(S.mu, F.juxt(F.fracF(F.num(frac(1)), S.m), F.sumOver(S.i, xi, F.num(frac(1)), S.m))))).toBe(
      "μ = (1/m) Σᵢ₌₁ᵐ xᵢ",
    );
    expect(text(F.listOf(10, (i) => F.num(frac(i))))).toBe("[0, 1, 2, …, 9]");
    expect(text(F.juxt(F.sqrtF(F.num(frac(2))), F.text(" is irrational")))).toBe("√2 is irrational");
  });

  it("writes a coefficient as a person does: none for 1, a minus for −1, 0 for 0", () => {
    const xi = F.subscript(S.x, S.i);
    expect([1, -1, 0, 2].map((c) => text(F.scaledBy(frac(c), xi)))).toEqual(["xᵢ", "−xᵢ", "0", "2xᵢ"]);
    expect(text(F.scaledBy(frac(1, 3), F.pow(xi, F.num(frac(2)))))).toBe("(1/3)xᵢ²");
  });

  it("puts a dot after a root and between digits side by side: √3·std, √3·0.18, 2·3², never √30.18", () => {
    const root = F.sqrtF(F.num(frac(3)));
    expect(text(F.juxt(root, F.sym("std")))).toBe("√3·std");
    expect(text(F.juxt(root, F.num(0.184053)))).toBe("√3·0.184053");
    expect(text(F.juxt(F.num(frac(2)), F.pow(F.num(frac(3)), F.num(frac(2)))))).toBe("2·3²");
    expect(text(F.juxt(F.num(frac(2)), F.sym("x")))).toBe("2x");
    // a function of a lettered name, too: 0.7·log(0.9), yₖ·log(pₖ); σ(z) and √ keep their places
    expect(text(F.juxt(F.num(0.7), F.call("log", F.num(0.9))))).toBe("0.7·log(0.9)");
    expect(text(F.juxt(S.z, F.call("σ", S.z)))).toBe("zσ(z)");
    expect(text(F.absF(F.minus(F.num(frac(-2)), F.num(frac(0)))))).toBe("|-2 − 0|");
    // a subscript written out after _ takes a dot before a letter: C_out·H_out, k_ab·x
    const out = (b: string) => F.subscript(F.sym(b), F.sym("out"));
    expect(text(F.juxt(out("C"), out("H"), out("W")))).toBe("C_out·H_out·W_out");
    // a floor holds its quotient without more parentheses
    expect(text(F.plus(F.floorF(F.fracF(F.plus(S.x, F.num(frac(1))), F.sym("s"))), F.num(frac(1))))).toBe(
      "⌊(x + 1)/s⌋ + 1",
    );
    expect(formulaTex(F.juxt(root, F.sym("std")), 6)).toBe("\\sqrt{3} \\cdot std");
  });

  it("a product led by a negative number, after the first term of a sum, brackets the number: 2 + (-1)·3", () => {
    const term = F.times(F.num(frac(-1)), F.num(frac(3)));
    expect(text(F.plus(F.num(frac(2)), term))).toBe("2 + (-1)·3");
    expect(text(F.plus(term, F.num(frac(2))))).toBe("-1·3 + 2");
    expect(text(F.plus(F.num(frac(2)), F.num(frac(-5, 3))))).toBe("2 + (-5/3)");
    expect(text(F.plus(F.num(frac(2)), F.times(F.num(frac(-1, 2)), F.sym("x"))))).toBe("2 + (-1/2)·x");
    expect(formulaTex(F.plus(F.num(frac(2)), term), 6)).toBe("2 + \\left(-1\\right) \\cdot 3");
  });

  it("ends a chain in its value with = when exact and ≈ when a float", () => {
    const chain = F.eq(F.sym("s"), F.fracF(F.num(frac(1)), F.sqrtF(F.num(frac(4)))));
    expect(text(F.endingIn(chain, frac(1, 2)))).toBe("s = 1/√4 = 1/2");
    expect(text(F.endingIn(F.sqrtF(F.num(frac(2))), Math.SQRT2))).toBe("√2 ≈ 1.41421");
  });

  it("prints an empty sum as nothing rather than failing", () => {
    expect(text(F.plus())).toBe("");
    expect(text(F.sumOf(0, () => F.num(frac(1))))).toBe("");
  });

  it("keeps the text of a shared formula, and prints an unshared one afresh", () => {
    const f = F.shared(F.eq(S.sigma, F.sqrtF(F.superscript(S.sigma, 2))));
    expect(text(f)).toBe("σ = √σ²");
    expect(text(f)).toBe("σ = √σ²");
    expect(formulaText(f, 3)).toBe("σ = √σ²");
    const g = F.num(frac(-5, 3));
    expect(text(g)).toBe("-5/3");
    expect(formulaText(F.num(-5 / 3), 3)).toBe("-1.67");
  });
});
