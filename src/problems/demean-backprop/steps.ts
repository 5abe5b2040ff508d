import type { DemeanBackward } from "../../core/backprop.js";
import { checkedCoordinates, FD_COORDINATES, gradcheckRow, partialDifference } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import * as stats from "../../core/stats.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import { RowNumbers, type Step } from "../../solution/solution.js";
import { gradcheckStep, ix, reductionSubstitution } from "../common.js";

/** The Jacobian is printed up to this batch size; beyond it, it would only fill the screen. */
export const JACOBIAN_MAX = 8;

/** Coordinates checked by finite differences (each check costs O(m)). */

const dy = (j: Formula) => F.partial(S.L, ix(S.y, j));

const dx = (i: Formula) => F.partial(S.L, ix(S.x, i));

const dydx = (j: Formula, i: Formula) => F.partial(ix(S.y, j), ix(S.x, i));

const sumJ = (body: Formula) => F.sumOver(S.j, body, F.num(1), S.m);

const oneOverM = F.fracF(F.num(1), S.m);

export function demeanDerivation(): Step {
  return {
    title: "Derivation (review problem 4)",
    derivation: [
      {
        formula: F.eq(dx(S.i), sumJ(F.times(dy(S.j), dydx(S.j, S.i)))),
        reason: "xᵢ reaches every yⱼ through μ: sum over all j",
      },
      {
        formula: F.eq(
          ix(S.y, S.j),
          F.juxt(S.gamma, F.minus(ix(S.x, S.j), F.juxt(oneOverM, F.sumOver(S.k, ix(S.x, S.k), F.num(1), S.m)))),
        ),
        reason: "write out μ",
      },
      {
        formula: F.eq(
          dydx(S.j, S.i),
          F.cases(
            [F.juxt(S.gamma, F.minus(F.num(1), oneOverM)), F.op("=", S.i, S.j)],
            [F.negF(F.fracF(S.gamma, S.m)), F.op("≠", S.i, S.j)],
          ),
        ),
        reason: "differentiate",
      },
      {
        formula: F.eq(
          dx(S.i),
          F.plus(
            F.sumOver(F.op("≠", S.j, S.i), F.times(F.negF(F.fracF(S.gamma, S.m)), dy(S.j))),
            F.times(F.juxt(S.gamma, F.minus(F.num(1), oneOverM)), dy(S.i)),
          ),
        ),
        reason: "split off j = i",
      },
      {
        formula: F.eq(dx(S.i), F.juxt(S.gamma, F.minus(dy(S.i), F.juxt(oneOverM, sumJ(dy(S.j)))))),
        reason: "collect: γ times ∂L/∂yᵢ minus the mean",
      },
    ],
  };
}

/** The two entries of the Jacobian, and the whole Jacobian as a table when m is small. */
export function jacobianStep(m: number, gamma: Scalar, diag: Scalar, off: Scalar): Step {
  const n = F.num;
  const indices = Array.from({ length: m }, (_, k) => k + 1);
  return {
    title: "The two entries of ∂yⱼ/∂xᵢ",
    answerFields: ["jacobian"],
    formula: F.juxt(S.gamma, F.minus(F.num(1), oneOverM)),
    substitution: [F.juxt(n(gamma), F.minus(F.num(1), F.fracF(F.num(1), n(m))))],
    value: diag,
    notes: [
      F.juxt(
        F.text("off the diagonal (i ≠ j): "),
        F.eq(F.negF(F.fracF(S.gamma, S.m)), F.negF(F.fracF(n(gamma), n(m))), n(off)),
      ),
      ...(m > JACOBIAN_MAX
        ? [
            `m = ${m} > ${JACOBIAN_MAX}: the ${m} × ${m} Jacobian is not printed; the result below never forms it ` +
              "(it takes O(m) time and memory)",
          ]
        : []),
    ],
    ...(m <= JACOBIAN_MAX
      ? {
          tables: [
            {
              title: "the Jacobian ∂yⱼ/∂xᵢ (row j, column i)",
              columns: [
                { header: "j \\ i", cells: indices },
                ...indices.map((i) => ({ header: String(i), cells: indices.map((j) => (i === j ? diag : off)) })),
              ],
            },
          ],
        }
      : {}),
  };
}

/** mean(∂L/∂y), then ∂L/∂xᵢ = γ(∂L/∂yᵢ − mean) with its table, then Σᵢ ∂L/∂xᵢ = 0. */
export function gradientSteps(dLdy: Scalar[], gamma: Scalar, back: DemeanBackward): Step[] {
  const m = dLdy.length;
  const n = F.num;
  const centred = dLdy.map((g) => sc.sub(g, back.meanDLdy));
  return [
    {
      title: "Mean of ∂L/∂y",
      answerFields: ["meanDLdy"],
      formula: F.juxt(oneOverM, sumJ(dy(S.j))),
      substitution: [
        F.fracF(
          F.sumOf(m, (j) => n(dLdy[j]!)),
          n(m),
        ),
        F.fracF(n(stats.total(dLdy)), n(m)),
      ],
      value: back.meanDLdy,
    },
    {
      title: "∂L/∂xᵢ",
      answerFields: ["dLdx"],
      formula: F.eq(dx(S.i), F.juxt(S.gamma, F.minus(dy(S.i), F.juxt(oneOverM, sumJ(dy(S.j)))))),
      substitution: [F.listOf(m, (i) => F.juxt(n(gamma), F.minus(n(dLdy[i]!), n(back.meanDLdy))))],
      value: back.dLdx,
      tables: [
        {
          columns: [
            { header: "i", cells: new RowNumbers(dLdy.length) },
            { header: dy(S.i), cells: dLdy },
            { header: F.minus(dy(S.i), F.sym("mean", "\\operatorname{mean}")), cells: centred },
            { header: dx(S.i), cells: back.dLdx },
          ],
        },
      ],
    },
    {
      title: "Check: Σᵢ ∂L/∂xᵢ = 0",
      formula: F.sumOver(S.i, dx(S.i), F.num(1), S.m),
      substitution: reductionSubstitution(back.dLdx, false),
      value: stats.total(back.dLdx),
      notes: [
        "shifting every xᵢ by the same amount leaves y unchanged, so the gradient has no component along (1, …, 1)",
      ],
    },
  ];
}

/** With x: the forward pass y = γ(x − μ). */
export function forwardStep(x: Scalar[], gamma: Scalar): Step {
  const n = F.num;
  const mu = stats.mean(x);
  return {
    title: "Forward pass",
    formula: F.eq(ix(S.y, S.j), F.juxt(S.gamma, F.minus(ix(S.x, S.j), S.mu))),
    substitution: [F.listOf(x.length, (j) => F.juxt(n(gamma), F.minus(n(x[j]!), n(mu))))],
    value: x.map((v) => sc.mul(gamma, sc.sub(v, mu))),
    notes: [F.juxt(F.text("with "), F.eq(S.mu, n(mu)))],
  };
}

/** With x: ∂L/∂x checked by central differences of L = Σⱼ (∂L/∂yⱼ)·yⱼ. */
export function finiteDifferenceStep(x: Scalar[], dLdy: Scalar[], gamma: Scalar, back: DemeanBackward): Step {
  const m = x.length;
  const xf = x.map(sc.toNumber);
  const gf = dLdy.map(sc.toNumber);
  const gammaF = sc.toNumber(gamma);
  // L = Σⱼ (∂L/∂yⱼ)·yⱼ has exactly the given ∂L/∂y; a compensated sum keeps it accurate for large m.
  const lossAt = (v: number[]) => {
    const mv = sc.toNumber(stats.mean(v));
    return sc.toNumber(stats.total(v.map((xi, j) => (gf[j] as number) * gammaF * (xi - mv))));
  };
  const rows = checkedCoordinates(m).map((i) =>
    gradcheckRow<Formula>(ix(S.x, F.num(i + 1)), sc.toNumber(back.dLdx[i]!), partialDifference(lossAt, xf, i)),
  );
  return gradcheckStep(
    "Finite-difference check of ∂L/∂x for L = Σⱼ (∂L/∂yⱼ)·yⱼ",
    rows,
    "parameter",
    m > FD_COORDINATES
      ? [`${FD_COORDINATES} of the ${m} coordinates, spread evenly; each costs one O(m) evaluation of L`]
      : [],
  );
}
