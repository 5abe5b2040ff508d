import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printedEntries } from "../../src/render/cells.js";
import { INLINE_VALUES } from "../../src/render/options.js";

describe("printedEntries", () => {
  it("is the first INLINE_VALUES entries in reading order and the last two, of a vector or a matrix", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (rows, cols, matrix) => {
          const m = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => i * cols + j));
          const flat = m.flat();
          const expected = flat.filter((_, i) => i < INLINE_VALUES || i >= flat.length - 2);
          expect(printedEntries(matrix ? m : flat)).toEqual(expected);
        },
      ),
    );
    expect(printedEntries(5)).toEqual([5]);
  });
});
