// LaTeX fitted to the page: chains split at "=", long vectors continue on the
// next row, notes become text with inline math.
import { describe, expect, it } from "vitest";
import { chainRows, listRows, mathToParagraph, ROW_CHARS, texChars } from "../../src/render/latex-layout.js";

describe("texChars", () => {
  it("counts what prints: a command as one character, \\left, braces and spaces as none", () => {
    expect(texChars("\\left(a + b\\right)")).toBe(5);
    expect(texChars("\\frac{-5}{3}")).toBe(2);
    expect(texChars("\\sigma_{i}^{2}")).toBe(3);
  });
});

describe("chainRows", () => {
  it("keeps a short chain on one row", () => {
    expect(chainRows([{ tex: "\\frac{24}{4}" }, { tex: "6" }], "&")).toEqual(["&= \\frac{24}{4} = 6"]);
  });

  it("starts a new '&=' row when the next piece would not fit", () => {
    const long = { tex: Array.from({ length: 20 }, (_, i) => `${i}.5`).join(" + ") };
    const rows = chainRows([long, { tex: "210" }, long], "x &");
    expect(rows[0]?.startsWith("x &= ")).toBe(true);
    for (const r of rows.slice(1)) expect(r.startsWith("&= ")).toBe(true);
    expect(rows.join(" ").replace(/&/g, "")).toContain("= 210");
  });

  it("continues a vector too long for a row with \\bigl[ … \\bigr] on rows of its own", () => {
    const items = Array.from({ length: 16 }, (_, i) => `-\\frac{${i + 1}}{7} + 0.125`);
    const rows = chainRows([{ tex: `\\left[${items.join(", ")}\\right]`, items }], "&");
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]).toMatch(/^&= \\bigl\[/);
    expect(rows[rows.length - 1]).toMatch(/\\bigr\]$/);
    for (const r of rows) expect(texChars(r)).toBeLessThanOrEqual(ROW_CHARS + 4);
    // every entry once, in order
    expect(
      rows
        .join(" ")
        .match(/\\frac\{(\d+)\}/g)
        ?.map((m) => m.slice(6, -1)),
    ).toEqual(items.map((_, i) => String(i + 1)));
  });

  it("listRows of one short list is the list in brackets", () => {
    expect(listRows(["1", "2"])).toEqual(["\\bigl[1, 2\\bigr]"]);
  });
});

describe("mathToParagraph", () => {
  it("turns top-level \\text runs into text and the rest into inline math", () => {
    expect(mathToParagraph("\\text{saturated: } \\sigma'\\left(40\\right) = 4 \\text{, so little flows back}")).toBe(
      "saturated: $ \\sigma'\\left(40\\right) = 4 $, so little flows back",
    );
  });

  it("leaves \\text inside a group (a subscript) in the math", () => {
    expect(mathToParagraph("x_{\\text{max}} = 1")).toBe("$x_{\\text{max}} = 1$");
  });
});
