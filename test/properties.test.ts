// Every identity of every problem, property-tested with fast-check in one
// place: σ' closed form and symmetry; batchnorm mean(x̂) = 0 and var(x̂) = 1;
// mlp-grads analytic = finite differences and a small step never raises the
// loss; ridge gradient zero at x, shrink factors in (0, 1], ‖x‖ falling in λ,
// λ → 0 least squares; backprop Σ∂L/∂x = 0, constant ∂L/∂y ↦ 0, linearity;
// exact and float paths agreeing to float precision.
import fc from "fast-check";
import { Fraction } from "fraction.js";
import { describe, it } from "vitest";
import { ACTIVATIONS, logistic, logisticDerivative } from "../src/core/activations.js";
import type { Solution } from "../src/solution/solution.js";
import { answerOf, checkMarks, close, solveJson } from "./helpers.js";

describe("sigmoid properties", () => {
  it("σ'(z) equals the closed form e^(−|z|)/(1 + e^(−|z|))² to float precision for any z (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) => {
        const t = Math.exp(-Math.abs(z));
        return close(logisticDerivative(z), t / (1 + t) ** 2, 1e-14, 0);
      }),
    );
  });

  it("σ'(z) = σ(z)(1 − σ(z)) and equals a central difference where both are well-conditioned (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        const s = logistic(z);
        const d = logisticDerivative(z);
        const fd = (logistic(z + 1e-5) - logistic(z - 1e-5)) / 2e-5;
        return close(d, s * (1 - s), 1e-9, 1e-15) && close(d, fd, 1e-6, 1e-12);
      }),
    );
  });

  it("σ is symmetric: σ(−z) = 1 − σ(z), and σ' is even (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -700, max: 700, noNaN: true }),
        (z) => close(logistic(-z), 1 - logistic(z), 1e-12, 1e-15) && logisticDerivative(z) === logisticDerivative(-z),
      ),
    );
  });
});

describe("batchnorm identities (property-based)", () => {
  const batch = fc
    .array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 12 })
    .filter((xs) => new Set(xs).size > 1);

  it("x̂ has mean exactly 0 and biased variance exactly 1 for integer batches", () => {
    fc.assert(
      fc.property(batch, (xs) => {
        const { answer } = answerOf(solveJson("batchnorm", { x: xs }));
        const xhat = answer.xhat as number[];
        const m = xhat.length;
        const mean = xhat.reduce((a, b) => a + b, 0) / m;
        const variance = xhat.reduce((a, b) => a + (b - mean) ** 2, 0) / m;
        return close(mean, 0, 1e-9, 1e-12) && close(variance, 1, 1e-9);
      }),
    );
  });

  it("y = γx̂ + β for random decimal γ, β and ε", () => {
    fc.assert(
      fc.property(
        batch,
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, gamma, beta, eps) => {
          const { answer } = answerOf(solveJson("batchnorm", { x: xs, gamma, beta, eps }));
          const xhat = answer.xhat as number[];
          return (answer.y as number[]).every((y, i) => close(y, gamma * (xhat[i] as number) + beta, 1e-9, 1e-9));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("exact and float paths agree to float precision", () => {
    fc.assert(
      fc.property(batch, (xs) => {
        const exact = answerOf(solveJson("batchnorm", { x: xs })).answer;
        const float = answerOf(solveJson("batchnorm", { x: xs, eps: "0*sqrt(2)" })).answer;
        return (exact.xhat as number[]).every((v, i) => close(v, (float.xhat as number[])[i] as number, 1e-12, 1e-12));
      }),
      { numRuns: 50 },
    );
  });
});

describe("mlp-grads properties", () => {
  const params = fc.integer({ min: 1, max: 4 }).chain((k) =>
    fc.record({
      x: fc.double({ min: -2, max: 2, noNaN: true }),
      y: fc.double({ min: -2, max: 2, noNaN: true }),
      A: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
      b: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
      C: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
      d: fc.double({ min: -2, max: 2, noNaN: true }),
      activation: fc.constantFrom(...ACTIVATIONS),
      loss: fc.constantFrom("squared", "half-squared"),
    }),
  );

  it("analytic gradients agree with finite differences (gradcheck passes away from kinks)", () => {
    fc.assert(
      fc.property(params, (p) => {
        const sol = solveJson("mlp-grads", p);
        const z = answerOf(sol).answer.z as number[];
        const nearKink =
          (p.activation === "relu" || p.activation === "leaky-relu") && z.some((v) => Math.abs(v) < 1e-4);
        const cells = checkMarks(sol, "Gradient check");
        // n/a: a gradient too small to move the loss past its rounding (a denormal, say) cannot be checked
        return nearKink || (cells.length === 3 * p.A.length + 1 && cells.every((c) => c === "✓" || c === "n/a"));
      }),
      { numRuns: 200 },
    );
  });

  it("one small gradient-descent step does not increase the loss", () => {
    fc.assert(
      fc.property(params, (p) => {
        const { answer } = answerOf(solveJson("mlp-grads", { ...p, lr: 1e-4, steps: 1 }));
        const before = answer.loss as number;
        const after = (answer.losses as number[])[0] as number;
        return after <= before + 1e-12 * Math.max(1, before);
      }),
      { numRuns: 60 },
    );
  });

  it("exact and float paths agree on rational inputs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 7, maxLength: 7 }),
        fc.constantFrom("identity", "relu", "leaky-relu"),
        (v, act) => {
          const exactIn = {
            x: v[0],
            y: v[1],
            A: [v[2], v[3]],
            b: [v[4], v[5]],
            C: [1, v[6]],
            d: 1,
            activation: act,
            lr: "1/8",
          };
          const floatIn = { ...exactIn, d: "sqrt(1)*exp(0)" };
          const a = answerOf(solveJson("mlp-grads", exactIn)).answer;
          const b = answerOf(solveJson("mlp-grads", floatIn)).answer;
          return (
            close(a.loss as number, b.loss as number, 1e-12, 1e-12) &&
            (a.grad as { A: number[] }).A.every((g, i) =>
              close(g, (b.grad as { A: number[] }).A[i] as number, 1e-12, 1e-12),
            )
          );
        },
      ),
    );
  });
});

describe("ridge properties", () => {
  const problem = fc.integer({ min: 1, max: 4 }).chain((p) =>
    fc.integer({ min: p, max: p + 3 }).chain((n) =>
      fc.record({
        A: fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: p, maxLength: p }), {
          minLength: n,
          maxLength: n,
        }),
        b: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n }),
        lambda: fc.integer({ min: 1, max: 20 }).map((k) => `${k}/4`),
      }),
    ),
  );

  it("the gradient 2AᵀAx − 2Aᵀb + 2λx is exactly zero at x", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const sol = solveJson("ridge", input);
        const g = sol.steps.find((s) => s.title.startsWith("Check"))?.value as unknown as Array<{ n: bigint }>;
        return g.every((v) => v.n === 0n);
      }),
      { numRuns: 50 },
    );
  });

  it("shrink factors lie in (0, 1], smallest for the smallest σ", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", input));
        const shrink = answer.shrink as number[];
        const sigma = answer.singularValues as number[];
        return (
          shrink.every((s, i) => ((sigma[i] as number) < 1e-12 ? s >= 0 : s > 0 && s <= 1)) &&
          shrink.every((s, i) => i === 0 || s <= (shrink[i - 1] as number) + 1e-12)
        );
      }),
      { numRuns: 50 },
    );
  });

  it("‖x‖ decreases as λ grows", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", { ...input, lambda: ["1/10", 1, 10, 100] }));
        const norms = (answer.path as Array<{ x: number[] }>).map((p) => Math.hypot(...p.x));
        return norms.every((v, i) => i === 0 || v <= (norms[i - 1] as number) + 1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it("λ → 0 approaches least squares for full-rank A, as fast as λ/σ_min² says", () => {
    // x_λ = Σᵢ vᵢ σᵢ/(σᵢ² + λ) uᵢᵀb differs from x_LS = Σᵢ vᵢ uᵢᵀb/σᵢ by the factors λ/(σᵢ² + λ),
    // so ‖x_λ − x_LS‖ ≤ (λ/σ_min²)‖x_LS‖.
    const lambda = 1e-10;
    fc.assert(
      fc.property(problem, (input) => {
        const { answer } = answerOf(solveJson("ridge", { ...input, lambda: "1/10000000000" }));
        const sigma = answer.singularValues as number[];
        const p = input.A[0]?.length ?? 0;
        const smin = sigma.length < p ? 0 : Math.min(...sigma);
        if (smin < 1e-6) return true; // rank-deficient: no unique least-squares solution
        const ls = answerOf(solveJson("ridge", { ...input, lambda: 0 })).answer.x as number[];
        const x = answer.x as number[];
        const diff = Math.hypot(...x.map((v, i) => v - (ls[i] as number)));
        return diff <= (lambda / (smin * smin)) * Math.hypot(...ls) * (1 + 1e-6) + 1e-12;
      }),
      { numRuns: 200 },
    );
  });

  it("exact and float paths agree, and the SVD of A matches AᵀA's spectrum", () => {
    fc.assert(
      fc.property(problem, (input) => {
        const exact = answerOf(solveJson("ridge", input)).answer;
        const float = answerOf(solveJson("ridge", { ...input, lambda: `${input.lambda}*exp(0)` })).answer;
        const sigma = exact.singularValues as number[];
        const trace = (exact.AtA as number[][]).reduce((s, row, i) => s + (row[i] as number), 0);
        return (
          (exact.x as number[]).every((v, i) => close(v, (float.x as number[])[i] as number, 1e-9, 1e-12)) &&
          close(
            sigma.reduce((s, v) => s + v * v, 0),
            trace,
            1e-9,
            1e-9,
          )
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe("backprop properties", () => {
  const vec = (min: number) => fc.array(fc.integer({ min: -20, max: 20 }), { minLength: min, maxLength: 10 });
  const gamma = fc.integer({ min: -5, max: 5 }).filter((g) => g !== 0);

  it("Σᵢ ∂L/∂xᵢ = 0 exactly, for both passes", () => {
    fc.assert(
      fc.property(vec(1), gamma, (dLdy, g) => {
        const d = answerOf(solveJson("demean-backprop", { dLdy, gamma: g })).exact.dLdx as string[];
        return d.reduce((s, v) => s.add(new Fraction(v)), new Fraction(0)).equals(0);
      }),
    );
    fc.assert(
      fc.property(
        vec(2).filter((x) => new Set(x).size > 1),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 10, maxLength: 10 }),
        (x, g) => {
          const dLdy = g.slice(0, x.length);
          const grad = answerOf(solveJson("batchnorm", { x, dLdy })).answer.grad as { x: number[] };
          return Math.abs(grad.x.reduce((s, v) => s + v, 0)) < 1e-9;
        },
      ),
    );
  });

  it("a constant ∂L/∂y gives ∂L/∂x = 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: -9, max: 9 }), gamma, (m, c, g) => {
        const d = answerOf(solveJson("demean-backprop", { dLdy: Array(m).fill(c), gamma: g })).exact.dLdx as string[];
        return d.every((v) => v === "0");
      }),
    );
  });

  it("scaling ∂L/∂y by k scales ∂L/∂x by k", () => {
    fc.assert(
      fc.property(vec(1), gamma, fc.integer({ min: -4, max: 4 }), (dLdy, g, k) => {
        const a = answerOf(solveJson("demean-backprop", { dLdy, gamma: g })).answer.dLdx as number[];
        const b = answerOf(solveJson("demean-backprop", { dLdy: dLdy.map((v) => k * v), gamma: g })).answer
          .dLdx as number[];
        return a.every((v, i) => close(k * v, b[i] as number, 1e-12, 1e-12));
      }),
    );
  });

  it("the batchnorm gradient matches finite differences on random float batches", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 8 })
          .filter((x) => Math.max(...x) - Math.min(...x) > 0.1),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (x, g, gam) => {
          const sol = solveJson("batchnorm", { x, dLdy: g.slice(0, x.length), gamma: gam, eps: 1e-5 });
          return checkMarks(sol, "Finite-difference").every((c) => c === "✓");
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("the exactness budget (property)", () => {
  // Fractions with large coprime denominators: exact arithmetic on them grows without bound.
  const bigFraction = fc
    .tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: 1_000_000, max: 9_999_999 }))
    .map(([k, d]) => ({ text: `${k}/${d}`, value: k / d }));

  it("batchnorm of up to 300 such values: solved, and agreeing with float64", () => {
    fc.assert(
      fc.property(fc.array(bigFraction, { minLength: 2, maxLength: 300 }), (xs) => {
        fc.pre(new Set(xs.map((x) => x.value)).size > 1);
        const { answer } = answerOf(solveJson("batchnorm", { x: xs.map((x) => x.text) }));
        const mean = xs.reduce((s, x) => s + x.value, 0) / xs.length;
        return close(answer.mean as number, mean, 1e-9, 1e-15);
      }),
      { numRuns: 20 },
    );
  });

  it("ridge on a 6 × 4 system of such values with a λ path: solved, and agreeing with float64", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(bigFraction, { minLength: 4, maxLength: 4 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 50 }),
        (rows, lambdas) => {
          const exact = solveJson("ridge", {
            A: rows.map((r) => r.map((x) => x.text)),
            b: [1, 2, 3, 4, 5, 6],
            lambda: lambdas.map((l) => `${l}/7`),
          });
          const float = solveJson("ridge", {
            A: rows.map((r) => r.map((x) => x.value)),
            b: [1, 2, 3, 4, 5, 6],
            lambda: lambdas.map((l) => l / 7),
          });
          const xs = (s: Solution) => (answerOf(s).answer.path as Array<{ x: number[] }>).flatMap((p) => p.x);
          const f = xs(float);
          return xs(exact).every((v, i) => close(v, f[i] as number, 1e-7, 1e-12));
        },
      ),
      { numRuns: 20 },
    );
  });
});
