// Display width: what the text tables and the wrap measure columns with.
import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { COMBINING, displayWidth, NARROW } from "../../src/text-width.js";

describe("displayWidth", () => {
  it("counts narrow letters, mathematical symbols and subscripts as one column each", () => {
    expect(displayWidth("σ′(z) = −5/3")).toBe(12);
    expect(displayWidth("x₁ ⊙ Wᵀ")).toBe(7);
    expect(displayWidth("(I − 𝟏𝟏ᵀ/m)")).toBe(11);
  });
  it("counts a combining mark as none and a wide character as two", () => {
    expect(displayWidth("x̂ᵢ")).toBe(2);
    expect(displayWidth("学生 s1")).toBe(7);
    expect(displayWidth("ok ✅")).toBe(5);
  });
  it("counts a colour code as none", () => {
    expect(displayWidth("\u001b[31m✗\u001b[0m wrong")).toBe(7);
  });
  it("agrees with string-width on every code point it measures without it", () => {
    const wrong: string[] = [];
    for (const [from, to] of [...NARROW, COMBINING]) {
      for (let c = from; c <= to; c++) {
        const s = `a${String.fromCodePoint(c)}b`;
        if (displayWidth(s) !== stringWidth(s)) wrong.push(c.toString(16));
      }
    }
    for (let c = 0x1d400; c <= 0x1d7ff; c++) {
      const s = String.fromCodePoint(c);
      if (displayWidth(s) !== stringWidth(s)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
  it("agrees with string-width on strings of its own symbols mixed with wide ones and marks", () => {
    const pieces = ["x", "σ", "̂", "ᵢ", "−", "≈", "─", "𝟏", "学", "✅", "\u001b[1m", "é", "⌊", " ", "👩‍💻", "\u200b"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const s = parts.join("");
        expect(displayWidth(s)).toBe(stringWidth(s));
      }),
    );
  });
});
