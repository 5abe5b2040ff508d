import type { BatchnormBackward } from "../../core/backprop.js";
import { batchnormBackward } from "../../core/backprop.js";
import { checkedCoordinates, FD_COORDINATES, gradcheckRow, partialDifference } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import * as stats from "../../core/stats.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { RowNumbers, type Step } from "../../solution/solution.js";
import { gradcheckStep, ix } from "../common.js";
import type { LayernormInput } from "./input.js";
import { bj, D, dL, gj, type SampleResult, xij } from "./steps.js";

/** ∂L/∂x of each sample through μ and σ², with γ per feature: batchnorm's backward on ∂L/∂x̂ = γ ∘ ∂L/∂y. */
export function backwardGrads(input: LayernormInput, dLdy: Scalar[][], results: SampleResult[]): BatchnormBackward[] {
  return input.rows.map((xs, i) => {
    const r = results[i] as SampleResult;
    const dxhat = dLdy[i]!.map((g, j) => sc.mul(input.gamma[j]!, g));
    return batchnormBackward(xs, dxhat, sc.frac(1), r.mean, r.shifted, r.std, input.variance);
  });
}

export function backwardSteps(
  input: LayernormInput,
  dLdy: Scalar[][],
  results: SampleResult[],
  grads: BatchnormBackward[],
) {
  const D_ = input.rows[0]!.length;
  const gGamma = Array.from({ length: D_ }, (_, j) =>
    stats.total(dLdy.map((row, i) => sc.mul(row[j]!, (results[i] as SampleResult).xhat[j]!))),
  );
  const gBeta = Array.from({ length: D_ }, (_, j) => stats.total(dLdy.map((row) => row[j]!)));
  const sumOverSamples = (body: Formula) => F.sumOver(S.i, body);
  const mean = (body: Formula) => F.juxt(F.fracF(F.num(1), D), F.sumOver(F.sym("k"), body));
  const dxhat = (idx: Formula) => dL(ix(S.xhat, F.juxt(S.i, idx)));
  const xhatK = ix(S.xhat, F.juxt(S.i, F.sym("k")));
  const steps: Step[] = [
    {
      title: "∂L/∂β and ∂L/∂γ, per feature",
      answerFields: ["grad.beta", "grad.gamma"],
      derivation: [
        { formula: F.eq(dL(bj), sumOverSamples(dL(xij(S.y)))), reason: "β is shared by every sample" },
        { formula: F.eq(dL(gj), sumOverSamples(F.juxt(dL(xij(S.y)), xij(S.xhat)))), reason: "yᵢⱼ = γⱼx̂ᵢⱼ + βⱼ" },
      ],
      tables: [
        {
          columns: [
            { header: "j", cells: new RowNumbers(D_) },
            { header: dL(bj), cells: gBeta },
            { header: dL(gj), cells: gGamma },
          ],
        },
      ],
    },
    {
      title: "∂L/∂x, per sample, through μᵢ and σᵢ²",
      answerFields: ["grad.x"],
      derivation: [
        { formula: F.eq(dxhat(S.j), F.juxt(gj, dL(xij(S.y)))), reason: "γ per feature" },
        {
          formula: F.eq(
            dL(xij(S.x)),
            F.juxt(
              F.fracF(F.num(1), ix(S.sigma, S.i)),
              F.minus(
                F.minus(dxhat(S.j), mean(dxhat(F.sym("k")))),
                F.juxt(xij(S.xhat), mean(F.juxt(dxhat(F.sym("k")), xhatK))),
              ),
            ),
          ),
          reason: "batchnorm's backward pass along the sample's features, with D in place of m",
        },
      ],
      ...(input.matrix || input.variance === "biased" ? {} : { value: (grads[0] as BatchnormBackward).x }),
      notes: [
        F.juxt(
          F.text("Σⱼ ∂L/∂xᵢⱼ = "),
          F.num(stats.total(grads.flatMap((g) => g.x))),
          F.text(": shifting a whole sample leaves its x̂ unchanged, so each sample's gradient sums to 0"),
        ),
      ],
    },
  ];
  if (!input.matrix && input.variance === "biased")
    steps.push(sampleNumbersStep(results[0] as SampleResult, grads[0] as BatchnormBackward));
  return { steps, gGamma, gBeta };
}

/** One sample's ∂L/∂x with its numbers in: ∂L/∂x̂, the two sums over the features, then each ∂L/∂xⱼ. */
function sampleNumbersStep(r: SampleResult, g: BatchnormBackward): Step {
  const n = (v: Scalar) => F.num(v);
  const D_ = g.xhat.length;
  const k = F.sym("k");
  const s1 = stats.total(g.xhat);
  const terms = g.xhat.map((v, j) => sc.mul(v, r.xhat[j]!));
  const raw = stats.total(terms);
  // a float64 sum at the size of its terms' rounding is the 0 it is in exact arithmetic (said in a note)
  const size = terms.reduce((t: number, v) => t + Math.abs(sc.toNumber(v)), 0);
  const noise = typeof raw === "number" && raw !== 0 && Math.abs(raw) <= 8 * Number.EPSILON * size;
  const s2: Scalar = noise ? 0 : raw;
  const dxh = (idx: Formula) => dL(ix(S.xhat, idx));
  const mean = (body: Formula) => F.juxt(F.fracF(F.num(1), D), F.sumOver(k, body));
  return {
    title: "∂L/∂x with the numbers",
    answerFields: ["grad.x"],
    formula: F.eq(
      dL(ix(S.x, S.j)),
      F.juxt(
        F.fracF(F.num(1), S.sigma),
        F.paren(F.minus(F.minus(dxh(S.j), mean(dxh(k))), F.juxt(ix(S.xhat, S.j), mean(F.juxt(dxh(k), ix(S.xhat, k)))))),
      ),
    ),
    substitution: [
      F.listOf(D_, (j) =>
        F.juxt(
          F.fracF(F.num(1), n(r.std)),
          F.paren(
            F.minus(
              F.minus(n(g.xhat[j]!), F.fracF(n(s1), F.num(D_))),
              F.times(n(r.xhat[j]!), F.fracF(n(s2), F.num(D_))),
            ),
          ),
        ),
      ),
    ],
    value: g.x,
    notes: [
      F.juxt(F.text("∂L/∂x̂ = "), F.list(g.xhat.map(n))),
      F.juxt(
        F.text("Σₖ ∂L/∂x̂ₖ = "),
        n(s1),
        F.text(", Σₖ (∂L/∂x̂ₖ)x̂ₖ = "),
        n(s2),
        ...(noise ? [F.text(" (float64's rounding leaves "), n(raw), F.text(")")] : []),
      ),
    ],
  };
}

/** L = Σ ∂L/∂y ∘ y as a function of one sample's x, γ and β: what the finite differences differentiate. */
function lossOfSample(
  xs: number[],
  dy: number[],
  gamma: number[],
  beta: number[],
  eps: number,
  divisor: number,
): number {
  const mu = xs.reduce((s, v) => s + v, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / divisor;
  const sd = Math.sqrt(v + eps);
  return xs.reduce(
    (s, x, j) => s + (dy[j] as number) * ((gamma[j] as number) * ((x - mu) / sd) + (beta[j] as number)),
    0,
  );
}

export function finiteDifferenceStep(input: LayernormInput, dLdy: Scalar[][], grads: BatchnormBackward[]): Step {
  const D_ = input.rows[0]!.length;
  const total = input.rows.length * D_;
  const gamma = input.gamma.map(sc.toNumber);
  const beta = input.beta.map(sc.toNumber);
  const eps = sc.toNumber(input.eps);
  const rows = checkedCoordinates(total).map((at) => {
    const i = Math.floor(at / D_);
    const j = at % D_;
    const xs = input.rows[i]!.map(sc.toNumber);
    const dy = dLdy[i]!.map(sc.toNumber);
    const divisor = input.variance === "biased" ? D_ : D_ - 1;
    const numeric = partialDifference((w) => lossOfSample(w, dy, gamma, beta, eps, divisor), xs, j);
    const name = input.matrix ? `x[${i + 1}][${j + 1}]` : ix(S.x, F.num(j + 1));
    return gradcheckRow<Formula | string>(name, sc.toNumber((grads[i] as BatchnormBackward).x[j]!), numeric);
  });
  return gradcheckStep(
    "Finite-difference check of ∂L/∂x, L = Σ (∂L/∂y)·y",
    rows,
    "entry",
    total > FD_COORDINATES ? [`${FD_COORDINATES} of the ${total} entries of x, spread evenly`] : [],
  );
}
