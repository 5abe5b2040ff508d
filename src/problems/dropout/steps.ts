import type { Tensor } from "../../core/autodiff.js";
import { mapTensor, zipTensor } from "../../core/autodiff.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { AnswerValue, DerivationLine, Solution, Step } from "../../solution/solution.js";
import { writtenAs } from "../../solution/solution.js";
import type { DropoutInput } from "./input.js";

/** What the answer holds under a reading of p and of the scaling. */
export function compute(x: Tensor, p: Scalar, inverted: boolean, mask?: Tensor) {
  const q = sc.sub(sc.frac(1), p);
  const kept = inverted ? mapTensor(x, (v) => sc.div(v, q)) : x;
  const expected = inverted ? x : mapTensor(x, (v) => sc.mul(q, v));
  const variance = mapTensor(x, (v) =>
    inverted ? sc.div(sc.mul(sc.square(v), p), q) : sc.mul(sc.mul(sc.square(v), p), q),
  );
  const test = inverted ? x : mapTensor(x, (v) => sc.mul(q, v));
  const y = mask ? zipTensor(mask, kept, sc.mul) : undefined;
  return { kept, expected, variance, test, y };
}

/** A value as a formula: a number, or a list (rows of lists for a matrix). */
export function listF(t: Tensor): F.Formula {
  if (!Array.isArray(t)) return F.num(t as Scalar);
  return F.listOf(t.length, (i) => listF(t[i] as Tensor));
}

/** Why the scaling: 1 − p, a kept unit, E[y] and Var[y], inverted or in the original form. */
export function scalingLines(input: DropoutInput): DerivationLine[] {
  const { p, inverted } = input;
  const q = input.keep;
  const xi = F.subscript(S.x, "i");
  const oneMinusP = F.paren(F.minus(F.num(1), F.sym("p")));
  const lines: DerivationLine[] = [
    {
      formula: F.eq(F.minus(F.num(1), F.sym("p")), F.minus(F.num(1), F.num(p)), F.num(q)),
      reason: input.asKeep ? "the keep probability, as given" : "the keep probability",
    },
  ];
  if (inverted)
    lines.push(
      {
        formula: F.eq(F.sym("kept", "\\text{kept}"), F.fracF(xi, oneMinusP), F.scaledBy(sc.div(sc.frac(1), q), xi)),
        reason: "training: a kept unit is scaled up",
      },
      {
        formula: F.eq(
          F.sym("E[y]", "\\mathrm{E}[y]"),
          F.plus(F.juxt(F.num(q), F.fracF(xi, F.num(q))), F.juxt(F.num(p), F.num(0))),
          xi,
        ),
        reason: "so the expectation is the input: nothing changes at test time",
      },
      {
        formula: F.eq(
          F.sym("Var[y]", "\\mathrm{Var}[y]"),
          F.minus(F.juxt(F.num(q), F.pow(F.paren(F.fracF(xi, F.num(q))), F.num(2))), F.pow(xi, F.num(2))),
          F.scaledBy(sc.div(p, q), F.pow(xi, F.num(2))),
        ),
        reason: "the noise dropout adds: p/(1 − p)·x²",
      },
    );
  else
    lines.push(
      {
        formula: F.eq(F.sym("kept", "\\text{kept}"), xi),
        reason: "the original form: kept units pass unchanged in training",
      },
      {
        formula: F.eq(F.sym("E[y]", "\\mathrm{E}[y]"), F.juxt(F.num(q), xi)),
        reason: "so at test time every output is scaled by 1 − p to match",
      },
      {
        formula: F.eq(F.sym("Var[y]", "\\mathrm{Var}[y]"), F.juxt(F.num(p), F.num(q), F.pow(xi, F.num(2)))),
        reason: "p(1 − p)x²",
      },
    );
  return lines;
}

export function done(input: DropoutInput, steps: Step[], answer: Record<string, AnswerValue>): Solution {
  return {
    problem: "dropout",
    title: `Dropout with p = ${writtenAs(input.p)}, ${input.mode} mode`,
    input: { p: input.p, mode: input.mode, inverted: input.inverted },
    summary: input.inverted
      ? "inverted dropout, as PyTorch's nn.Dropout"
      : "dropout in its original form (test outputs scaled by 1 − p)",
    steps,
    answer,
    warnings: [],
  };
}
