// The numeric core on its own: closed forms, identities, finite differences.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchnormBackward, demeanBackward } from "../../src/core/backprop.js";
import {
  centralDifference,
  gradcheckPasses,
  gradcheckRow,
  partialDifference,
  relativeError,
  relativeStep,
} from "../../src/core/gradcheck.js";
import * as la from "../../src/core/linalg.js";
import {
  numericalRank,
  type RidgeSolve,
  ridgeGradient,
  ridgeSolve,
  shrinkFactor,
  svdSolve,
} from "../../src/core/ridge.js";
import type { Scalar } from "../../src/core/scalar.js";
import * as sc from "../../src/core/scalar.js";
import * as stats from "../../src/core/stats.js";
import { close } from "../helpers.js";

const fracs = (xs: number[]) => xs.map((x) => sc.frac(x));
const str = (s: Scalar) => (typeof s === "number" ? String(s) : s.toFraction());
const smallInts = (min: number, max: number) =>
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: min, maxLength: max });

describe("stats", () => {
  it("gives the review's batch exactly: mean 6, biased variance 9, unbiased 12", () => {
    const xs = fracs([1, 7, 7, 9]);
    const mu = stats.mean(xs);
    expect(str(mu)).toBe("6");
    expect(str(stats.variance(xs, mu, "biased"))).toBe("9");
    expect(str(stats.variance(xs, mu, "unbiased"))).toBe("12");
  });

  it("variance is shift-invariant and scales by a² (property)", () => {
    fc.assert(
      fc.property(smallInts(2, 8), fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 4 }), (v, shift, a) => {
        const xs = fracs(v);
        const ys = xs.map((x) => sc.add(sc.mul(sc.frac(a), x), sc.frac(shift)));
        const vx = stats.variance(xs, stats.mean(xs), "biased");
        const vy = stats.variance(ys, stats.mean(ys), "biased");
        return str(vy) === str(sc.mul(sc.frac(a * a), vx));
      }),
    );
  });
});

describe("linalg", () => {
  const matrix = (n: number, p: number) =>
    fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: p, maxLength: p }), { minLength: n, maxLength: n });

  it("solveExact solves M x = v exactly, and says when M is singular", () => {
    const M = [fracs([2, 1]), fracs([1, 3])];
    const x = la.solveExact(M, fracs([3, 5])) as Scalar[];
    expect(x.map(str)).toEqual(["4/5", "7/5"]);
    expect(la.matVec(M, x).map(str)).toEqual(["3", "5"]);
    expect(la.solveExact([fracs([1, 2]), fracs([2, 4])], fracs([1, 2]))).toBeNull();
  });

  it("cholesky: L Lᵀ = M for AᵀA + I (property)", () => {
    fc.assert(
      fc.property(matrix(5, 3), (rows) => {
        const M = la.addDiagonal(la.gram(rows.map(fracs)), sc.frac(1)).map((r) => r.map(sc.toNumber));
        const L = la.cholesky(M);
        if (!L) return false;
        return M.every((row, i) =>
          row.every((m, j) =>
            close(
              L[i]!.reduce((s, l, k) => s + l * (L[j]![k] as number), 0),
              m,
              1e-12,
              1e-12,
            ),
          ),
        );
      }),
    );
  });

  it("svd: Σσᵢ² is ‖A‖²_F, A vᵢ = σᵢ uᵢ, and σ of a diagonal matrix is its |entries| (property)", () => {
    const diag = la.svd([
      [0, -3, 0],
      [2, 0, 0],
    ]);
    expect(diag.sigma.map((s) => Math.round(s * 1e12) / 1e12)).toEqual([3, 2]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (n, p) => {
        const A = Array.from({ length: n }, (_, i) =>
          Array.from({ length: p }, (_, j) => Math.sin(7 * i + 3 * j + n * p)),
        );
        const { sigma, U, V } = la.svd(A);
        const frob = A.flat().reduce((s, a) => s + a * a, 0);
        if (
          !close(
            sigma.reduce((s, x) => s + x * x, 0),
            frob,
            1e-10,
            1e-12,
          )
        )
          return false;
        if (sigma.some((s, i) => i > 0 && s > (sigma[i - 1] as number) + 1e-12)) return false;
        return sigma.every((s, k) =>
          A.every((row, i) =>
            close(
              row.reduce((acc, a, j) => acc + a * V[k]![j]!, 0),
              s * U[k]![i]!,
              1e-9,
              1e-10,
            ),
          ),
        );
      }),
    );
  });
});

describe("backprop", () => {
  it("demeanBackward: Σ ∂L/∂x = 0 exactly and the review's formula (property)", () => {
    fc.assert(
      fc.property(smallInts(1, 9), fc.integer({ min: -4, max: 4 }), (g, gamma) => {
        const r = demeanBackward(fracs(g), sc.frac(gamma));
        const mean = g.reduce((a, b) => a + b, 0) / g.length;
        return (
          sc.isZero(stats.total(r.dLdx)) &&
          r.dLdx.every((d, i) => close(sc.toNumber(d), gamma * ((g[i] as number) - mean), 1e-12, 1e-12))
        );
      }),
    );
  });

  it("batchnormBackward: staged and compact forms agree with finite differences of L = Σ gᵢ yᵢ", () => {
    const x = [1, 7, 7, 9, 2.5];
    const g = [1, -2, 0.5, 3, -1];
    const gamma = 1.5;
    const eps = 1e-3;
    const forward = (xs: number[]) => {
      const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length;
      return xs.reduce((L, xi, i) => L + (g[i] as number) * gamma * ((xi - mu) / Math.sqrt(v + eps)), 0);
    };
    const xs = x.map((v) => v as Scalar);
    const mu = stats.mean(xs);
    const shifted = sc.add(stats.variance(xs, mu, "biased"), eps);
    const r = batchnormBackward(xs, g, gamma, mu, shifted, sc.sqrt(shifted), "biased");
    x.forEach((_, i) => {
      const numeric = centralDifference((t) => forward(x.map((v, j) => (j === i ? t : v))), x[i] as number);
      expect(gradcheckPasses(sc.toNumber(r.x[i] as Scalar), numeric)).toBe(true);
      expect(relativeError(sc.toNumber(r.x[i] as Scalar), sc.toNumber(r.xCompact[i] as Scalar))).toBeLessThan(1e-12);
    });
  });

  it("batchnormBackward: a constant ∂L/∂y gives ∂L/∂x exactly 0", () => {
    const xs = fracs([1, 7, 7, 9]);
    const mu = stats.mean(xs);
    const shifted = stats.variance(xs, mu, "biased");
    const r = batchnormBackward(xs, fracs([2, 2, 2, 2]), sc.frac(3), mu, shifted, sc.sqrt(shifted), "biased");
    expect(r.x.map(str)).toEqual(["0", "0", "0", "0"]);
  });
});

describe("ridge", () => {
  it("review problem 2's example: x = [20/21, 34/21] exactly, gradient exactly 0, the SVD form agrees", () => {
    const A = [fracs([1, 0]), fracs([0, 1]), fracs([1, 1])];
    const b = fracs([1, 2, 3]);
    const G = la.gram(A);
    const Atb = la.transposeTimes(A, b);
    const lambda = sc.frac(1, 2);
    const r = ridgeSolve(A, b, G, Atb, lambda, true) as RidgeSolve;
    expect(r.x.map(str)).toEqual(["20/21", "34/21"]);
    expect(ridgeGradient(G, Atb, lambda, r.x).every(sc.isZero)).toBe(true);
    const dec = la.svd(A.map((row) => row.map(sc.toNumber)));
    svdSolve(dec, b, 0.5, 2).forEach((v, j) => {
      expect(close(v, sc.toNumber(r.x[j] as Scalar), 1e-12, 1e-12)).toBe(true);
    });
    expect(numericalRank(dec.sigma, 3, 2)).toBe(2);
  });

  it("float and exact solves agree, and the shrink factors fall as λ grows (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 3, maxLength: 3 }), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.integer({ min: 1, max: 20 }),
        (rows, l) => {
          const A = rows.map(fracs);
          const b = fracs([1, -2, 3, 0]);
          const G = la.gram(A);
          const Atb = la.transposeTimes(A, b);
          const exact = ridgeSolve(A, b, G, Atb, sc.frac(l), true) as RidgeSolve;
          const Af = rows.map((r) => r.map((v) => v as Scalar));
          const bf = [1, -2, 3, 0] as Scalar[];
          const float = ridgeSolve(Af, bf, la.gram(Af), la.transposeTimes(Af, bf), l, false) as RidgeSolve;
          const agree = exact.x.every((v, j) => close(sc.toNumber(v), sc.toNumber(float.x[j] as Scalar), 1e-9, 1e-12));
          const falls = [0.5, 2, 7].every((s) => shrinkFactor(s, l) > shrinkFactor(s, l + 1));
          return agree && falls;
        },
      ),
    );
  });
});

describe("gradient checks far from 1", () => {
  it("steps relative to θ, and marks as not checkable what moves L by less than its rounding", () => {
    expect(relativeStep(1e150)).toBeCloseTo(1e144, -130);
    expect(relativeStep(0.5)).toBe(1e-6);
    // L = θ²/2 at θ = 1e150: the gradient 1e150 is checked with the relative step
    const theta = [1e150];
    const numeric = partialDifference((t) => (t[0] as number) ** 2 / 2, theta, 0);
    expect(gradcheckRow("θ", 1e150, numeric, { loss: 5e299, h: 1e144 })).toMatchObject({
      passed: true,
      checkable: true,
    });
    // a gradient of 1e149 on a loss of 1e300 with h = 1e-6 moves L by 1e143, far below its ulp
    expect(gradcheckRow("b", 1e149, 0, { loss: 1e300, h: 1e-6 }).checkable).toBe(false);
    // but a wrong small gradient where the difference is large is checked, and fails
    expect(gradcheckRow("b", 1, 1e300, { loss: 1e300, h: 1e-6 })).toMatchObject({ passed: false, checkable: true });
  });
});
