import { logistic, SATURATION, type SigmoidColumns } from "../../core/activations.js";
import { centralDifference, relativeCheckPasses, relativeError } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { expOfLog } from "../../input/values.js";
import { dsigmaOf, sigmaOf } from "../../solution/activation-formulas.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Step } from "../../solution/solution.js";

/** Evaluations shown one by one, as formulas with numbers; past this only the table. */
export const WORKED_EVALUATIONS = 4;

const expNeg = (arg: Formula) => F.call("exp", F.negF(arg));

const sigma = sigmaOf;

const dsigma = dsigmaOf;

export function sigmoidDerivation(): Step {
  const onePlus = F.plus(F.num(1), expNeg(S.z));
  return {
    title: "Derivation of σ′(z)",
    derivation: [
      { formula: F.eq(sigma(S.z), F.fracF(F.num(1), onePlus), F.pow(onePlus, F.negF(F.num(1)))), reason: "definition" },
      {
        formula: F.eq(dsigma(S.z), F.juxt(F.negF(F.pow(onePlus, F.negF(F.num(2)))), F.negF(expNeg(S.z)))),
        reason: "chain rule: (u⁻¹)′ = −u⁻²·u′, with u′ = −exp(−z)",
      },
      {
        formula: F.eq(dsigma(S.z), F.times(F.fracF(F.num(1), onePlus), F.fracF(expNeg(S.z), onePlus))),
        reason: "split the square",
      },
      {
        formula: F.eq(dsigma(S.z), F.juxt(sigma(S.z), F.minus(F.num(1), sigma(S.z)))),
        reason: "exp(−z)/(1 + exp(−z)) = 1 − 1/(1 + exp(−z)) = 1 − σ(z)",
      },
    ],
  };
}

/** Saturated values get a note each, up to this many; the rest are counted. */
const SATURATION_NOTES = 8;

/** The finite difference at −|z| (σ′ is even, and the small tail keeps its digits). */
const finiteDifference = (z: Scalar): number => centralDifference(logistic, -Math.abs(sc.toNumber(z)));

/** One worked evaluation per z, for a few values of z. */
/** z as it was typed when it was ln q or −ln q of a rational (ln 4, −ln 3), else the number. */
function zFormula(v: Scalar): Formula {
  const q = typeof v === "number" ? expOfLog(v) : undefined;
  if (q === undefined) return F.num(v);
  return sc.toNumber(q) > 1 ? F.call("ln", F.num(q)) : F.negF(F.call("ln", F.num(sc.div(sc.frac(1), q))));
}

export function workedSteps(zs: readonly Scalar[], c: SigmoidColumns): Step[] {
  return zs.map((v, i) => {
    const z = zFormula(v);
    return {
      title: "Evaluate σ′(z)",
      formula: F.eq(dsigma(z), F.juxt(sigma(z), F.minus(F.num(1), sigma(z)))),
      substitution: [F.times(F.num(c.sigma[i]!), F.num(c.oneMinus[i]!))],
      value: c.derivative[i]!,
    };
  });
}

/** The notes under the table: how it is computed and checked, and the saturated values. */
/**
 * σ′(z) ≈ e^(−|z|) far out; past |z| ≈ 745 that is below float64's smallest number and is stored as 0:
 * the true size, as a power of ten, so that 0 is not read as exact.
 */
function underflowNote(z: Scalar): string {
  const log10 = -Math.abs(sc.toNumber(z)) * Math.LOG10E;
  const exponent = Math.floor(log10);
  const mantissa = 10 ** (log10 - exponent);
  return (
    `underflow: σ′(${sc.toNumber(z)}) ≈ e^(−|z|) ≈ ${mantissa.toFixed(1)}e${exponent}, below float64's smallest ` +
    "number (about 4.9e-324), so it is stored as 0; the unit is saturated (vanishing gradient)"
  );
}

function tableNotes(zs: readonly Scalar[], c: SigmoidColumns): Array<string | Formula> {
  const notes: Array<string | Formula> = [
    "1 − σ(z) is computed as σ(−z), and σ(z) for z < 0 as e^z/(1 + e^z): no overflow, and σ′ keeps its relative " +
      "precision far out",
    `check: central difference (σ(u + h) − σ(u − h))/2h with h = 1e-6 at u = −|z| (σ′ is even, and the small tail ` +
      "keeps its digits); ✓ when the relative error is at most 1e-6 " +
      "(an absolute tolerance would pass any σ′ of a saturated unit)",
  ];
  let saturated = 0;
  zs.forEach((z, i) => {
    const d = sc.toNumber(c.derivative[i]!);
    if (d >= SATURATION) return;
    if (++saturated > SATURATION_NOTES) return;
    if (d === 0) {
      notes.push(underflowNote(z));
      return;
    }
    notes.push(
      F.juxt(
        F.text("saturated: "),
        F.eq(dsigma(zFormula(z)), F.num(d)),
        F.text(", so almost no gradient flows back through this unit (vanishing gradient)"),
      ),
    );
  });
  if (saturated > SATURATION_NOTES) notes.push(`… and ${saturated - SATURATION_NOTES} more saturated values of z`);
  return notes;
}

export function tableStep(zs: readonly Scalar[], c: SigmoidColumns): Step {
  const numeric = zs.map(finiteDifference);
  const analytic = c.derivative.map(sc.toNumber);
  return {
    title: "σ(z) and σ′(z) at each z, with a finite-difference check",
    answerFields: ["sigmoid", "derivative"],
    tables: [
      {
        columns: [
          { header: S.z, cells: zs.some((z) => typeof z === "number" && expOfLog(z)) ? zs.map(zFormula) : zs },
          { header: F.call("exp", F.negF(S.z)), cells: c.expNegZ },
          { header: sigma(S.z), cells: c.sigma },
          { header: F.minus(F.num(1), sigma(S.z)), cells: c.oneMinus },
          { header: dsigma(S.z), cells: c.derivative },
          { header: "finite difference", cells: numeric },
          { header: "rel. error", cells: analytic.map((a, i) => relativeError(a, numeric[i] as number)) },
          {
            header: "check",
            cells: analytic.map((a, i) => (relativeCheckPasses(a, numeric[i] as number) ? "✓" : "✗")),
          },
        ],
      },
    ],
    notes: tableNotes(zs, c),
  };
}
