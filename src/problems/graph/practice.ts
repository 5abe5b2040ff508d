// Practice (SPEC 4.12): graphs of the kinds exams draw, with whole-number inputs.
import type { Rng } from "../../core/random.js";
import type { PracticeGenerator } from "../problem.js";

/** A whole number from −5 to 5 other than 0. */
const nonzero = (rng: Rng): number => rng.pick([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]);

interface Template {
  expr: string;
  /** As a statement writes it. */
  shown: string;
  values(rng: Rng): Record<string, number>;
}

const TEMPLATES: readonly Template[] = [
  {
    expr: "q = x + y; f = q * z",
    shown: "q = x + y, f = q·z",
    values: (r) => ({ x: nonzero(r), y: nonzero(r), z: nonzero(r) }),
  },
  {
    expr: "s = w0*x0 + w1*x1 + w2; f = sigmoid(s)",
    shown: "s = w₀x₀ + w₁x₁ + w₂, f = σ(s)",
    values: (r) => {
      const [w0, x0, w1, x1] = [nonzero(r), nonzero(r), nonzero(r), nonzero(r)];
      // w₂ makes s = 0, where σ = 1/2 and σ′ = 1/4: every gradient a fraction
      return { w0, x0, w1, x1, w2: -(w0 * x0 + w1 * x1) };
    },
  },
  {
    expr: "a = x * y; f = a + x * z",
    shown: "a = x·y, f = a + x·z (x is used twice)",
    values: (r) => ({ x: nonzero(r), y: nonzero(r), z: nonzero(r) }),
  },
  {
    expr: "f = max(x, y) * z",
    shown: "f = max(x, y)·z",
    values: (r) => {
      const x = nonzero(r);
      let y = nonzero(r);
      if (y === x) y = x === 5 ? -5 : x + 1;
      return { x, y, z: nonzero(r) };
    },
  },
  {
    expr: "L = (w * x + b - y)^2",
    shown: "L = (w·x + b − y)²",
    values: (r) => ({ w: nonzero(r), x: nonzero(r), b: nonzero(r), y: nonzero(r) }),
  },
  { expr: "f = (x + y) / z", shown: "f = (x + y)/z", values: (r) => ({ x: nonzero(r), y: nonzero(r), z: nonzero(r) }) },
];

export const practice: PracticeGenerator = {
  guarantee:
    "whole-number inputs from −5 to 5 (not 0); a sigmoid neuron's sum is 0, so σ = 1/2: every value and " +
    "gradient is an exact fraction",
  generate(rng) {
    const t = rng.pick(TEMPLATES);
    const values = t.values(rng);
    const names = Object.keys(values);
    // the output is the last assignment's name
    const out = (t.expr.split(";").at(-1) as string).split("=")[0]?.trim() as string;
    const at = Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    return {
      input: { expr: t.expr, at },
      statement: [
        `Consider the computational graph of ${t.shown}.`,
        `(a) Compute the value of every node at ${names.map((k) => `${k} = ${values[k]}`).join(", ")}.`,
        `(b) Backpropagate to find ${names.map((k) => `∂${out}/∂${k}`).join(", ")}.`,
      ],
    };
  },
};
