import { lettered } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** z = ln k for practice: σ(ln k) = k/(k + 1). As dlsolve reads it, and as a statement writes it. */
const LOG_POINTS: ReadonlyArray<[string, string]> = [
  ["-log(4)", "−ln 4"],
  ["-log(3)", "−ln 3"],
  ["-log(2)", "−ln 2"],
  ["0", "0"],
  ["log(2)", "ln 2"],
  ["log(3)", "ln 3"],
  ["log(4)", "ln 4"],
];

/** Practice (SPEC 4.12): review problem 1a at points where σ is a fraction. */
export const practice: PracticeGenerator = {
  guarantee: "z = ln k for k ∈ {1/4, 1/3, 1/2, 1, 2, 3, 4}: σ(z) = k/(k + 1) and σ′(z) = k/(k + 1)², fractions",
  generate(rng) {
    const points = rng
      .shuffle(LOG_POINTS)
      .slice(0, rng.int(2, 3))
      .sort((p, q) => LOG_POINTS.indexOf(p) - LOG_POINTS.indexOf(q));
    return {
      input: { z: points.map(([z]) => z) },
      statement: [
        "Let σ(z) = 1/(1 + e^(−z)).",
        ...lettered([
          "Show that σ′(z) = σ(z)(1 − σ(z)).",
          `Evaluate σ(z) and σ′(z) at z = ${points.map(([, t]) => t).join(", ")}, as fractions.`,
        ]),
      ],
    };
  },
};
