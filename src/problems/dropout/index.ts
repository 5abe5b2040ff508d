// dropout (SPEC 4.20): dropout at training and at test time, inverted (PyTorch)
// or in its original form, with the expectation it keeps and the variance it adds.
import type { Tensor } from "../../core/autodiff.js";
import { mapTensor, shapeOf, zipTensor } from "../../core/autodiff.js";
import * as F from "../../core/formula.js";
import { S } from "../../core/formula.js";
import type { Rng } from "../../core/random.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { fieldError } from "../../errors.js";
import type { FieldSpec, Fields } from "../../input/fields.js";
import type { AnswerValue, DerivationLine, Solution, Step, Value } from "../../solution.js";
import { booleanField, lettered, listText } from "../common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "../problem.js";

interface DropoutInput {
  x: Tensor;
  /** The probability of dropping a unit. */
  p: Scalar;
  mask?: Tensor;
  mode: "train" | "eval";
  inverted: boolean;
  /** p was given as keepProb. */
  asKeep: boolean;
}

const fields: Record<string, FieldSpec> = {
  x: { kind: "numberVectorOrMatrix", help: "the input: a number, a vector or a matrix" },
  p: { kind: "number", help: "the probability of dropping a unit (PyTorch's p, default 1/2)" },
  keepProb: { kind: "number", flag: "keep-prob", help: "instead of p: the keep probability 1 − p of older courses" },
  mask: { kind: "numberVectorOrMatrix", help: "which units are kept (1) or dropped (0), shape of x" },
  mode: { kind: "choice", choices: ["train", "eval"], help: "train (default) or eval" },
  inverted: {
    kind: "raw",
    help: "true (default, PyTorch): kept units scaled by 1/(1 − p) in training; false: test outputs scaled by 1 − p",
  },
};

const tensorOf = (v: { kind: string; n?: Scalar; v?: Scalar[]; m?: Scalar[][] }): Tensor =>
  (v.kind === "number" ? v.n : v.kind === "vector" ? v.v : v.m) as Tensor;

function validate(f: Fields): DropoutInput | undefined {
  const xv = f.numberVectorOrMatrix("x");
  if (!xv) {
    for (const n of ["p", "keepProb", "mask"]) if (f.has(n)) throw f.missing("x", "the input");
    return undefined;
  }
  if (f.has("p") && f.has("keepProb")) throw fieldError(f.label("keepProb"), "is 1 − p: give p or keepProb, not both");
  const keep = f.number("keepProb");
  const p = keep === undefined ? (f.number("p") ?? sc.frac(1, 2)) : sc.sub(sc.frac(1), keep);
  if (sc.sign(p) < 0 || sc.sign(sc.sub(p, sc.frac(1))) >= 0)
    throw fieldError(
      f.label(keep === undefined ? "p" : "keepProb"),
      "must leave a probability from 0 to just below 1 of dropping",
    );
  const x = tensorOf(xv);
  const mv = f.numberVectorOrMatrix("mask");
  let mask: Tensor | undefined;
  if (mv) {
    mask = tensorOf(mv);
    const [a, b] = [shapeOf(mask), shapeOf(x)];
    if (a.length !== b.length || a.some((n, i) => n !== b[i]))
      throw fieldError(f.label("mask"), "must have the shape of x");
    mapTensor(mask, (m) => {
      if (!(sc.isZero(m) || sc.toNumber(m) === 1))
        throw fieldError(f.label("mask"), "holds 1 (kept) and 0 (dropped) only");
      return m;
    });
  }
  const mode = (f.choice("mode") ?? "train") as "train" | "eval";
  return {
    x,
    p,
    ...(mask ? { mask } : {}),
    mode,
    inverted: booleanField(f, "inverted", true),
    asKeep: keep !== undefined,
  };
}

/** What the answer holds under a reading of p and of the scaling. */
function compute(x: Tensor, p: Scalar, inverted: boolean, mask?: Tensor) {
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
function listF(t: Tensor): F.Formula {
  if (!Array.isArray(t)) return F.num(t as Scalar);
  return F.listOf(t.length, (i) => listF(t[i] as Tensor));
}

/** Why the scaling: 1 − p, a kept unit, E[y] and Var[y], inverted or in the original form. */
function scalingLines(input: DropoutInput): DerivationLine[] {
  const { p, inverted } = input;
  const q = sc.sub(sc.frac(1), p);
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
        formula: F.eq(F.sym("kept", "\\text{kept}"), F.fracF(xi, oneMinusP), F.juxt(F.num(sc.div(sc.frac(1), q)), xi)),
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
          F.juxt(F.num(sc.div(p, q)), F.pow(xi, F.num(2))),
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

function solve(input: DropoutInput | undefined): Solution {
  if (!input) return symbolicSolution();
  const { x, p, inverted } = input;
  const q = sc.sub(sc.frac(1), p);
  const r = compute(x, p, inverted, input.mask);
  const oneMinusP = F.paren(F.minus(F.num(1), F.sym("p")));
  const steps: Step[] = [];
  const lines = scalingLines(input);
  steps.push({
    title: inverted
      ? "Inverted dropout (PyTorch): scale in training"
      : "Dropout in its original form: scale at test time",
    derivation: lines,
    answerFields: ["kept", "expected", "variance", "test"],
  });
  const answer: Record<string, AnswerValue> = {};
  if (input.mode === "eval") {
    steps.push({
      title: "Eval mode: no unit is dropped",
      formula: F.eq(S.y, inverted ? S.x : F.juxt(oneMinusP, S.x)),
      value: r.test as Value,
      answerFields: ["y", "test"],
    });
    answer.y = r.test as Value;
    answer.test = r.test as Value;
    return done(input, steps, answer);
  }
  if (r.y)
    steps.push({
      title: "Training with this mask: y = mask ∘ kept",
      formula: F.eq(
        S.y,
        inverted
          ? F.fracF(F.sym("mask ∘ x", "\\text{mask} \\circ x"), oneMinusP)
          : F.sym("mask ∘ x", "\\text{mask} \\circ x"),
      ),
      substitution: [
        inverted
          ? F.fracF(F.juxt(listF(input.mask as Tensor), F.text(" ∘ "), listF(x)), F.num(q))
          : F.juxt(listF(input.mask as Tensor), F.text(" ∘ "), listF(x)),
      ],
      value: r.y as Value,
      answerFields: ["y"],
    });
  if (r.y) answer.y = r.y as Value;
  Object.assign(answer, {
    kept: r.kept as Value,
    expected: r.expected as Value,
    variance: r.variance as Value,
    test: r.test as Value,
  });
  return done(input, steps, answer);
}

function done(input: DropoutInput, steps: Step[], answer: Record<string, AnswerValue>): Solution {
  return {
    problem: "dropout",
    title: `Dropout with p = ${sc.isExact(input.p) ? input.p.toFraction() : input.p}, ${input.mode} mode`,
    input: { p: input.p, mode: input.mode, inverted: input.inverted },
    summary: input.inverted
      ? "inverted dropout, as PyTorch's nn.Dropout"
      : "dropout in its original form (test outputs scaled by 1 − p)",
    steps,
    answer,
    warnings: [],
  };
}

function symbolicSolution(): Solution {
  return {
    problem: "dropout",
    title: "Dropout, in symbols",
    input: {},
    steps: [
      {
        title: "Inverted dropout (PyTorch)",
        derivation: [
          { formula: F.text("y = m·x/(1 − p), m ~ Bernoulli(1 − p)"), reason: "training" },
          { formula: F.text("E[y] = (1 − p)·x/(1 − p) = x"), reason: "the expectation is kept, so eval mode is y = x" },
          { formula: F.text("Var[y] = p/(1 − p)·x²"), reason: "the noise it adds" },
        ],
      },
      {
        title: "The original form",
        derivation: [
          { formula: F.text("y = m·x in training, y = (1 − p)·x at test time"), reason: "E[y] = (1 − p)x in both" },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}

function mistakes(input: DropoutInput | undefined, _sol: Solution): Mistake[] {
  if (!input || input.mode === "eval") return [];
  const plain = compute(input.x, input.p, false, input.mask);
  const swapped = compute(input.x, sc.sub(sc.frac(1), input.p), input.inverted, input.mask);
  const pick = (r: ReturnType<typeof compute>): Record<string, Value> => ({
    kept: r.kept as Value,
    ...(r.y ? { y: r.y as Value } : {}),
  });
  const out: Mistake[] = [];
  if (input.inverted)
    out.push({
      id: "not-inverted",
      answer: pick(plain),
      says: (field, v) =>
        `your ${field} ${v} leaves out the 1/(1 − p): inverted dropout scales kept units up in training`,
    });
  if (!sc.isZero(sc.sub(input.p, sc.frac(1, 2))))
    out.push({
      id: "keep-for-drop",
      answer: pick(swapped),
      says: (field, v) =>
        `your ${field} ${v} reads p as the keep probability; PyTorch's p is the probability of dropping`,
    });
  return out;
}

const practice: PracticeGenerator = {
  guarantee: "p of 1/2, 1/4 or 1/5 and whole-number inputs with a given mask: every value an exact fraction",
  generate(rng: Rng) {
    const p = rng.pick(["1/2", "1/4", "1/5"]);
    const x = rng.ints(4, -4, 4);
    const mask = [1, 0, ...rng.ints(2, 0, 1)];
    return {
      input: { x, p, mask },
      statement: [
        `Inverted dropout with p = ${p} (the probability of dropping) is applied to x = ${listText(x)} ` +
          `with the mask ${listText(mask)}.`,
        ...lettered([
          "Compute the output in training.",
          "What is E[y] for each unit, and the output at test time?",
          "What variance does dropout add to each unit?",
        ]),
      ],
    };
  },
};

export const dropout = defineProblem<DropoutInput | undefined>({
  name: "dropout",
  summary:
    "dropout at training and test time, inverted or not: the scaling and why, y with a mask, the variance it adds",
  fields,
  answers: {
    y: "with a mask (training) or in eval mode: the output",
    kept: "a kept unit's value in training",
    expected: "E[y] per unit",
    variance: "the variance dropout adds per unit",
    test: "the eval-mode output",
  },
  expectExample: `dropout --x 1,2,3,4 --p 1/2 --mask 1,0,1,1 --expect '{"y": [2, 0, 6, 8], "test": [1, 2, 3, 4]}'`,
  examples: [
    "dropout --x 1,2,3,4 --p 1/2 --mask 1,0,1,1",
    "dropout --x 0.5,-1 --keep-prob 0.8 --inverted false",
    "dropout --x 2 --p 0.1 --mode eval --json",
    "dropout",
  ],
  validate,
  solve,
  mistakes,
  practice,
});
