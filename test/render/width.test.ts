// Display width: what the text tables and the wrap measure columns with.
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/text-width.js";

describe("displayWidth", () => {
  it("counts narrow letters, mathematical symbols and subscripts as one column each", () => {
    expect(displayWidth("σ′(z) = −5/3")).toBe(12);
    expect(displayWidth("x₁ ⊙ Wᵀ")).toBe(7);
  });
  it("counts a combining mark as none and a wide character as two", () => {
    expect(displayWidth("x̂ᵢ")).toBe(2);
    expect(displayWidth("学生 s1")).toBe(7);
  });
  it("counts a colour code as none", () => {
    expect(displayWidth("\u001b[31m✗\u001b[0m wrong")).toBe(7);
  });
});
