import * as la from "../../core/linalg.js";
import { shrinkFactor, svdSolve } from "../../core/ridge.js";
import * as sc from "../../core/scalar.js";
import { type Chart, spaced } from "../../solution/chart.js";
import { subscriptDigits } from "../common.js";
import type { RidgeInput } from "./input.js";

/** --plot, for a list of λ: x and the shrink factors against λ on a log scale, each λ given marked. */
export function plots(input: RidgeInput): Chart[] {
  if (input.symbolic || !input.path) return [];
  const lambdas = input.lambdas.map(sc.toNumber);
  const positive = lambdas.filter((l) => l > 0);
  if (positive.length === 0) return [];
  const hi = Math.max(...positive);
  const lo = Math.min(...positive) < hi ? Math.min(...positive) : hi / 100;
  const grid = spaced(lo, hi, 81, true);
  const p = input.A[0]!.length;
  const dec = la.svd(input.A.map((r) => r.map(sc.toNumber)));
  const xs = grid.map((l) => svdSolve(dec, input.b, l, p));
  const marks = lambdas.filter((l) => l > 0).map((l) => ({ x: l, label: `λ = ${l}` }));
  const shown = Math.min(p, 6);
  return [
    {
      kind: "line",
      title: "x against λ",
      xLabel: "λ (log scale)",
      x: grid,
      logX: true,
      series: Array.from({ length: shown }, (_, j) => ({
        name: `x${subscriptDigits(j + 1)}`,
        y: xs.map((x) => x[j] as number),
      })),
      marks,
    },
    {
      kind: "line",
      title: "shrink factors σᵢ²/(σᵢ² + λ) against λ",
      xLabel: "λ (log scale)",
      x: grid,
      logX: true,
      series: dec.sigma.slice(0, 6).map((s, k) => ({
        name: `σ${subscriptDigits(k + 1)} = ${Number(s.toPrecision(4))}`,
        y: grid.map((l) => shrinkFactor(s, l)),
      })),
      marks,
    },
  ];
}
