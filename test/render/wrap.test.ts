// Fitting text to the terminal: wrapped prose loses no word, a broken formula
// is the same formula, nothing passes the width unless one token is wider.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockWidth, breakFormula, columnGroups, wrapWords } from "../../src/render/wrap.js";
import { displayWidth } from "../../src/text-width.js";

const word = fc.stringMatching(/^[a-zσμ0-9/²()−+=,.]{1,12}$/);
const prose = fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => ws.join(" "));
const widths = fc.integer({ min: 20, max: 100 });

describe("wrapWords", () => {
  it("keeps every word in order, and no line is wider than the width unless it is one word", () => {
    fc.assert(
      fc.property(prose, widths, (text, width) => {
        const lines = wrapWords(text, width, "  ", "    ");
        expect(lines.map((l) => l.trim()).join(" ")).toBe(text);
        for (const [k, l] of lines.entries()) {
          expect(l.startsWith(k === 0 ? "  " : "    ")).toBe(true);
          if (displayWidth(l) > width) expect(l.trim().split(" ").length).toBeLessThanOrEqual(2);
        }
      }),
    );
  });

  it("wraps an answer key's note at the last space that fits", () => {
    expect(wrapWords("shifting every xᵢ by the same amount leaves y unchanged", 30, "", "")).toEqual([
      "shifting every xᵢ by the same",
      "amount leaves y unchanged",
    ]);
  });

  it("never leaves an operator at the end of a line: (÷ m) stays together", () => {
    const lines = wrapWords("a batch of 4 values; biased variance (÷ m)", 38, "", "");
    expect(lines).toEqual(["a batch of 4 values; biased variance", "(÷ m)"]);
  });
});

describe("breakFormula", () => {
  it("is the same formula once the breaks are joined, and fits where it has a place to break", () => {
    const term = fc.stringMatching(/^[a-z0-9/²]{1,6}$/);
    const formula = fc
      .array(fc.tuple(term, fc.constantFrom(" = ", " + ", " − ", ", ")), { minLength: 1, maxLength: 30 })
      .map((parts) => `${parts.map(([t, op]) => t + op).join("")}z`);
    fc.assert(
      fc.property(formula, widths, (text, width) => {
        const lines = breakFormula(text, width, "  ", "    ");
        const joined = lines.map((l) => l.trim()).join(" ");
        expect(joined.replace(/ /g, "")).toBe(text.replace(/ /g, ""));
        // a line past the width has no break point left in it (one long run of terms)
        for (const l of lines) if (displayWidth(l) > width) expect(l.trim()).not.toMatch(/ [=+−] .* [=+−] /);
      }),
    );
  });

  it("puts the simplification on its own line when the substitution is long", () => {
    const chain = "= ((1 − 6)² + (7 − 6)² + (7 − 6)² + (9 − 6)²)/4 = (25 + 1 + 1 + 9)/4 = 36/4 = 9";
    expect(breakFormula(chain, 60, "     ", "     ")).toEqual([
      "     = ((1 − 6)² + (7 − 6)² + (7 − 6)² + (9 − 6)²)/4",
      "     = (25 + 1 + 1 + 9)/4 = 36/4 = 9",
    ]);
  });

  it("breaks a long vector after a comma, never inside a value", () => {
    const values = Array.from({ length: 12 }, (_, i) => `-${i + 1}/7`);
    const lines = breakFormula(`[${values.join(", ")}]`, 40, "x = ", "     ");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(displayWidth(l)).toBeLessThanOrEqual(40);
      expect(l.trimEnd()).toMatch(/(,|\])$/);
    }
  });

  it("leaves a line that fits alone", () => {
    expect(breakFormula("σ = √9 = 3", 80, "  ", "    ")).toEqual(["  σ = √9 = 3"]);
  });
});

describe("columnGroups", () => {
  // A table drawn as "|c0|c1|…" with each column 10 wide.
  const draw = (cols: number[]) => [`${cols.map((c) => `|${String(c).padEnd(9)}`).join("")}|`];

  it("splits a wide table into groups that fit, each starting with the row labels", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 41, max: 120 }),
        (n, keys, width) => {
          const groups = columnGroups(n, width, (cols) => blockWidth(draw(cols)), keys);
          const labels = Array.from({ length: Math.min(keys, n) }, (_, i) => i);
          const rest = groups.flatMap((g) => g.slice(labels.length));
          expect(rest).toEqual(Array.from({ length: n - labels.length }, (_, i) => i + labels.length));
          for (const g of groups) {
            expect(g.slice(0, labels.length)).toEqual(labels);
            if (g.length > labels.length + 1) expect(blockWidth(draw(g))).toBeLessThanOrEqual(width);
          }
        },
      ),
    );
  });

  it("keeps a table that fits whole", () => {
    expect(columnGroups(3, 80, (cols) => blockWidth(draw(cols)))).toEqual([[0, 1, 2]]);
  });
});

// The quadratic line breaker the one-pass one replaced, as a reference for it.
function oldBreakPoints(text: string): Array<{ at: number; depth: number; rank: number }> {
  const points: Array<{ at: number; depth: number; rank: number }> = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === " " && text[i + 2] === " " && (text[i + 1] === "=" || text[i + 1] === "≈")) {
      points.push({ at: i + 1, depth, rank: 0 });
    } else if (ch === " " && text[i + 2] === " " && (text[i + 1] === "+" || text[i + 1] === "−")) {
      points.push({ at: i + 1, depth, rank: 1 });
    } else if (ch === "," && text[i + 1] === " ") {
      points.push({ at: i + 2, depth, rank: 2 });
    } else if (ch === "·" && depth === 0) {
      // a long product (a chain rule's factors) breaks after a factor, as a last resort
      points.push({ at: i + 1, depth, rank: 3 });
    }
  }
  return points;
}

/**
 * The line breaker before it was made one pass (kept here as the reference).
 * A formula line broken to fit: continuation lines start with `rest`. It
 * ends in two lines at the first top-level "=" after which the rest fits;
 * otherwise it breaks at the break point nearest the end that fits,
 * preferring the shallowest bracket depth and "=" over "+" over ","; a piece
 * with no point to break at stays whole (a lone unbreakable token).
 */
function oldBreakFormula(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  let remaining = text;
  while (displayWidth(prefix + remaining) > width) {
    const room = width - displayWidth(prefix);
    const fits = oldBreakPoints(remaining).filter(
      (p) => p.at > 0 && displayWidth(remaining.slice(0, p.at).trimEnd()) <= room,
    );
    if (fits.length === 0) break;
    // Two lines at an "=" when they do it: the first "=" whose rest fits on the next line
    // (the substitution above, its simplification below, not a lone "= 9").
    const last = fits.find((p) => p.rank === 0 && p.depth === 0 && displayWidth(rest + remaining.slice(p.at)) <= width);
    if (last) {
      lines.push(prefix + remaining.slice(0, last.at).trimEnd(), rest + remaining.slice(last.at).trimStart());
      return lines;
    }
    const best = fits.reduce((a, b) =>
      b.depth < a.depth || (b.depth === a.depth && b.rank <= a.rank && b.at > a.at) ? b : a,
    );
    lines.push(prefix + remaining.slice(0, best.at).trimEnd());
    remaining = remaining.slice(best.at).trimStart();
    prefix = rest;
  }
  lines.push(prefix + remaining);
  return lines;
}

describe("breakFormula in one pass", () => {
  it("breaks every formula as the line breaker before it did (property)", () => {
    const token = fc.constantFrom(
      "x",
      "σ′(z)",
      "x̂ᵢ",
      "12",
      "-5/3",
      "(",
      ")",
      "[",
      "]",
      " = ",
      " ≈ ",
      " + ",
      " − ",
      ", ",
      "·",
      " ",
      "𝟏",
      "学",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), fc.integer({ min: 10, max: 60 }), (parts, width) => {
        const text = parts.join("");
        expect(breakFormula(text, width, "  ", "    ")).toEqual(oldBreakFormula(text, width, "  ", "    "));
      }),
      { numRuns: 500 },
    );
  });

  it("breaks a formula of 200,000 terms in one pass", () => {
    const text = `y = ${Array.from({ length: 200_000 }, (_, i) => `${i}·x`).join(" + ")}`;
    const lines = breakFormula(text, 80, "  ", "    ");
    expect(lines.length).toBeGreaterThan(10_000);
    expect(lines.every((l) => displayWidth(l) <= 80)).toBe(true);
    expect(lines.join(" ").replace(/\s+/g, " ")).toBe(`  ${text}`.replace(/\s+/g, " "));
  });
});
