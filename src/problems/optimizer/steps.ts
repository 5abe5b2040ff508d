import { type Method, quadraticLoss, STATE, type StepRecord } from "../../core/optimizer.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Column, Step } from "../../solution/solution.js";
import { ix } from "../common.js";
import type { OptimizerInput } from "./input.js";

export const theta = F.sym("θ", "\\theta");

export const at = (base: Formula, t: Formula) => F.superscript(base, F.paren(t));

export const t = F.sym("t");

const tNext = F.plus(t, F.num(1));

export const g = F.sym("g");

export const lr = S.alpha;

const sym = (name: string, tex: string) => F.sym(name, tex);

const mu = S.mu;

const b = F.sym("b");

const wd = sym("λ", "\\lambda");

const eps = S.eps;

/** RMSprop's decay, torch's alpha: ρ, since α is the learning rate here. */
const rho = sym("ρ", "\\rho");

type Line = { formula: Formula; reason?: string };

const gt = at(g, t);

export const th = at(theta, t);

const prev = F.minus(t, F.num(1));

const sq = (x: Formula) => F.pow(x, F.num(2));

export const step = (dir: Formula) => F.eq(at(theta, tNext), F.minus(th, F.juxt(lr, dir)));

const hat = (name: string) => F.sym(`${name}̂`, `\\hat{${name}}`);

function momentumLines(method: "momentum" | "nesterov"): Line[] {
  const velocity = F.plus(F.juxt(mu, at(b, prev)), F.juxt(F.minus(F.num(1), sym("τ", "\\tau")), gt));
  const lines: Line[] = [
    { formula: F.eq(at(b, t), velocity), reason: "velocity; the first step takes b = g; τ = dampening" },
  ];
  return method === "momentum"
    ? [...lines, { formula: step(at(b, t)) }]
    : [...lines, { formula: step(F.plus(gt, F.juxt(mu, at(b, t)))), reason: "Nesterov: a step along g + μb" }];
}

function scaledLines(method: "adagrad" | "rmsprop"): Line[] {
  if (method === "adagrad") {
    const s = F.sym("s");
    return [
      { formula: F.eq(at(s, t), F.plus(at(s, prev), sq(gt))), reason: "sum of squared gradients" },
      { formula: step(F.fracF(gt, F.plus(F.sqrtF(at(s, t)), eps))) },
    ];
  }
  const v = F.sym("v");
  const average = F.plus(F.juxt(rho, at(v, prev)), F.juxt(F.minus(F.num(1), rho), sq(gt)));
  return [
    { formula: F.eq(at(v, t), average), reason: "running average of g²; ρ is torch's alpha" },
    { formula: step(F.fracF(gt, F.plus(F.sqrtF(at(v, t)), eps))) },
  ];
}

function adamLines(): Line[] {
  const [m, v] = [F.sym("m"), F.sym("v")];
  const b1 = ix(S.beta, F.num(1));
  const b2 = ix(S.beta, F.num(2));
  const moment = (x: Formula, beta: Formula, of: Formula) =>
    F.plus(F.juxt(beta, at(x, prev)), F.juxt(F.minus(F.num(1), beta), of));
  const corrected = (x: Formula, beta: Formula) => F.fracF(at(x, t), F.minus(F.num(1), F.superscript(beta, t)));
  return [
    { formula: F.eq(at(m, t), moment(m, b1, gt)), reason: "first moment" },
    { formula: F.eq(at(v, t), moment(v, b2, sq(gt))), reason: "second moment" },
    {
      formula: F.eq(at(hat("m"), t), corrected(m, b1)),
      reason: "bias correction: the moments start at 0, which pulls the early ones toward 0",
    },
    { formula: F.eq(at(hat("v"), t), corrected(v, b2)) },
    { formula: step(F.fracF(at(hat("m"), t), F.plus(F.sqrtF(at(hat("v"), t)), eps))) },
  ];
}

/** The update rule of a method as formulas, bias correction spelled out for Adam. */
export function ruleLines(method: Method, weightDecay: boolean): Line[] {
  const decay: Line[] =
    weightDecay && method !== "adamw"
      ? [{ formula: F.eq(gt, F.plus(gt, F.juxt(wd, th))), reason: "weight decay as L2: added to the gradient" }]
      : [];
  switch (method) {
    case "sgd":
      return [...decay, { formula: step(gt), reason: "plain gradient descent" }];
    case "momentum":
    case "nesterov":
      return [...decay, ...momentumLines(method)];
    case "adagrad":
    case "rmsprop":
      return [...decay, ...scaledLines(method)];
    case "adam":
      return [...decay, ...adamLines()];
    case "adamw": {
      const decoupled: Line = {
        formula: F.eq(th, F.juxt(th, F.minus(F.num(1), F.juxt(lr, wd)))),
        reason: "AdamW: weight decay decoupled, applied to θ first",
      };
      return [...(weightDecay ? [decoupled] : []), ...adamLines()];
    }
  }
}

/** The worked step: the first, coordinate by coordinate (the first two), every number in the rule put in. */
export function firstStepLines(input: OptimizerInput, records: StepRecord[]): Line[] {
  const r = records[0]!;
  const lines: Line[] = [];
  for (let i = 0; i < Math.min(2, r.theta.length); i++) lines.push(...coordinateLines(input, r, i));
  return lines;
}

/** Coordinate i of step 1: its symbols (θᵢ, xᵢ⁽¹⁾) and each state's value before the step (0 unless given). */
function coordinateOf(input: OptimizerInput, i: number) {
  const sub = (x: Formula) => ix(x, F.num(sc.frac(i + 1)));
  return {
    sub,
    one: (x: Formula) => at(sub(x), F.num(sc.frac(1))),
    before: (key: string) => input.initial.state?.[key]?.[i] ?? sc.frac(0),
  };
}

/** β·prior + (1 − β)·of with the numbers: RMSprop's running average, Adam's two moments. */
const decayedAverage = (beta: Scalar, prior: Scalar, of: Formula) =>
  F.plus(F.times(F.num(beta), F.num(prior)), F.times(F.num(sc.sub(sc.frac(1), beta)), of));

/** Step 1 of coordinate i: the state's update, then θ's, as the rule lines above write them. */
function coordinateLines(input: OptimizerInput, r: StepRecord, i: number): Line[] {
  const h = input.hyper;
  const n = F.num;
  const { sub, one, before } = coordinateOf(input, i);
  const after = (key: string) => r.state[key]![i]!;
  const theta0 = r.theta[i]!;
  const g0 = r.effective[i]!;
  const lines: Line[] = [];
  if (!sc.isZero(h.weightDecay) && input.method !== "adamw")
    lines.push({
      formula: F.eq(one(g), F.plus(n(r.grad[i]!), F.times(n(h.weightDecay), n(theta0))), n(g0)),
      reason: "with weight decay",
    });
  const next = (direction: Formula) => ({
    formula: F.eq(at(sub(theta), F.num(sc.frac(2))), F.minus(n(theta0), F.times(n(h.lr), direction)), n(r.next[i]!)),
  });
  const root = (x: Scalar) => F.fracF(n(g0), F.plus(F.sqrtF(n(x)), n(h.eps)));
  switch (input.method) {
    case "sgd":
      return [...lines, next(n(g0))];
    case "momentum":
    case "nesterov": {
      const fresh = input.initial.state?.velocity === undefined;
      const b1 = after("velocity");
      lines.push(
        fresh
          ? { formula: F.eq(one(b), n(g0)), reason: "the first step takes b = g" }
          : {
              formula: F.eq(
                one(b),
                F.plus(
                  F.times(n(h.momentum), n(before("velocity"))),
                  F.times(n(sc.sub(sc.frac(1), h.dampening)), n(g0)),
                ),
                n(b1),
              ),
            },
      );
      return [
        ...lines,
        next(input.method === "nesterov" ? F.paren(F.plus(n(g0), F.times(n(h.momentum), n(b1)))) : n(b1)),
      ];
    }
    case "adagrad":
      lines.push({
        formula: F.eq(one(F.sym("s")), F.plus(n(before("sumSquares")), F.pow(n(g0), F.num(2))), n(after("sumSquares"))),
      });
      return [...lines, next(root(after("sumSquares")))];
    case "rmsprop": {
      const average = decayedAverage(h.alpha, before("squareAvg"), F.pow(n(g0), F.num(2)));
      lines.push({ formula: F.eq(one(F.sym("v")), average, n(after("squareAvg"))) });
      return [...lines, next(root(after("squareAvg")))];
    }
    default:
      return [...lines, ...adamStepLines(input, r, i)];
  }
}

/** Adam's (and AdamW's) step 1 of coordinate i: the two moments, their bias correction, the update. */
function adamStepLines(input: OptimizerInput, r: StepRecord, i: number): Line[] {
  const h = input.hyper;
  const n = F.num;
  const { sub, one, before } = coordinateOf(input, i);
  const [m, v] = [F.sym("m"), F.sym("v")];
  const g0 = r.effective[i]!;
  const power = (input.initial.step ?? 0) + 1;
  const corrected = (x: Scalar, beta: Scalar) =>
    F.fracF(n(x), F.paren(F.minus(F.num(1), F.pow(n(beta), F.num(sc.frac(power))))));
  const theta0 = r.theta[i]!;
  const decayed = input.method === "adamw" && !sc.isZero(h.weightDecay);
  const start = decayed ? F.juxt(n(theta0), F.paren(F.minus(F.num(1), F.times(n(h.lr), n(h.weightDecay))))) : n(theta0);
  const mh = r.corrected!.m[i]!;
  const vh = r.corrected!.v[i]!;
  return [
    { formula: F.eq(one(m), decayedAverage(h.beta1, before("m"), n(g0)), n(r.state.m![i]!)) },
    { formula: F.eq(one(v), decayedAverage(h.beta2, before("v"), F.pow(n(g0), F.num(2))), n(r.state.v![i]!)) },
    { formula: F.eq(one(hat("m")), corrected(r.state.m![i]!, h.beta1), n(mh)) },
    { formula: F.eq(one(hat("v")), corrected(r.state.v![i]!, h.beta2), n(vh)) },
    {
      formula: F.eq(
        at(sub(theta), F.num(sc.frac(2))),
        F.minus(start, F.times(n(h.lr), F.fracF(n(mh), F.plus(F.sqrtF(n(vh)), n(h.eps))))),
        n(r.next[i]!),
      ),
    },
  ];
}

/** One table row per step and coordinate: θ, g, the state, the update and the new θ. */
export function stepTable(input: OptimizerInput, records: StepRecord[]): Step {
  const rows = records.flatMap((r) => r.theta.map((_, i) => [r, i] as const));
  const col = (header: Formula | string, cell: (r: StepRecord, i: number) => Scalar | number | string): Column => ({
    header,
    cells: rows.map(([r, i]) => cell(r, i)),
  });
  const decay = !sc.isZero(input.hyper.weightDecay) && input.method !== "adamw";
  const names: Record<string, Formula> = {
    velocity: b,
    sumSquares: F.sym("s"),
    squareAvg: F.sym("v"),
    m: F.sym("m"),
    v: F.sym("v"),
  };
  const columns: Column[] = [
    col("t", (r) => r.t),
    col("i", (_, i) => i + 1),
    col(ix(theta, S.i), (r, i) => r.theta[i]!),
    col(ix(g, S.i), (r, i) => r.grad[i]!),
    ...(decay ? [col(F.plus(ix(g, S.i), F.juxt(wd, ix(theta, S.i))), (r, i) => r.effective[i]!)] : []),
    ...STATE[input.method].map((k) => col(ix(names[k] as Formula, S.i), (r, i) => r.state[k]![i]!)),
    ...(input.method === "adam" || input.method === "adamw"
      ? [
          col("m̂ᵢ", (r, i) => (r.corrected?.m[i] ?? 0) as Scalar),
          col("v̂ᵢ", (r, i) => (r.corrected?.v[i] ?? 0) as Scalar),
        ]
      : []),
    col("update", (r, i) => r.update[i]!),
    col(at(ix(theta, S.i), tNext), (r, i) => r.next[i]!),
  ];
  const n = records[0]!.theta.length;
  return {
    title: records.length === 1 ? "The step" : `${records.length} steps`,
    answerFields: ["theta", "trajectory", ...STATE[input.method]],
    derivation: firstStepLines(input, records),
    tables: [{ columns, keyColumns: 2 }],
    ...(records.length > 1 || n > 2
      ? {
          notes: [
            `step 1 of ${n > 2 ? "the first two coordinates" : "each coordinate"} worked out; the table has every step`,
          ],
        }
      : {}),
  };
}

/** f after each step and the distance to the minimiser. */
export function lossStep(
  input: OptimizerInput,
  records: StepRecord[],
  losses: Scalar[],
  minimizer: Scalar[] | undefined,
): Step {
  const q = input.quadratic as { H: Scalar[][]; c: Scalar[] };
  const dist = (th: Scalar[]) =>
    Math.sqrt(
      th.reduce<number>((s, v, i) => s + (sc.toNumber(v) - sc.toNumber((minimizer as Scalar[])[i] as Scalar)) ** 2, 0),
    );
  return {
    title: "f(θ) after each step",
    answerFields: ["losses"],
    formula: F.eq(
      F.call("f", theta),
      F.minus(
        F.juxt(F.fracF(F.num(1), F.num(2)), F.superscript(theta, F.sym("T")), F.sym("H"), theta),
        F.juxt(F.superscript(F.sym("c"), F.sym("T")), theta),
      ),
    ),
    tables: [
      {
        columns: [
          { header: "t", cells: records.map((r) => r.t) },
          {
            header: at(theta, t),
            cells: records.map((r) => F.listOf(r.next.length, (i) => F.num(r.next[i]!))),
          },
          { header: F.call("f", at(theta, t)), cells: losses },
          ...(minimizer ? [{ header: "‖θ − θ*‖", cells: records.map((r) => dist(r.next)) }] : []),
        ],
      },
    ],
    notes: [initialLossNote(quadraticLoss(q.H, q.c, input.theta))],
  };
}

/** f(θ⁽⁰⁾), or that it overflows float64 (θ = 1e300 gives 5e599, which float64 cannot hold). */
function initialLossNote(f0: Scalar): Formula | string {
  if (Number.isFinite(sc.toNumber(f0))) return F.juxt(F.text("before the first step f(θ⁽⁰⁾) = "), F.num(f0));
  return "before the first step f(θ⁽⁰⁾) overflows float64: ½θᵀHθ − cᵀθ is beyond ±1.8e308";
}

/** The eigenvalues of H: the stability bound, the factor along each eigenvector, the best step, the minimiser. */
export function spectrumSteps(input: OptimizerInput, eig: number[], minimizer: Scalar[] | undefined): Step[] {
  const lrN = sc.toNumber(input.hyper.lr);
  const lmax = eig[0] as number;
  const lmin = eig[eig.length - 1] as number;
  const stable = lmax > 0 ? 2 / lmax : Infinity;
  const factors = eig.map((l) => Math.abs(1 - lrN * l));
  const worst = Math.max(...factors);
  const verdict =
    lmin <= 0
      ? "H is not positive definite: f has no minimum along an eigenvector with λ ≤ 0, and gradient descent " +
        "runs away along it"
      : lrN < stable
        ? `α = ${lrN} < 2/λ_max = ${Number(stable.toPrecision(6))}: plain gradient descent converges; ` +
          `the error shrinks by at least ${Number(worst.toPrecision(6))} per step`
        : `α = ${lrN} ≥ 2/λ_max = ${Number(stable.toPrecision(6))}: plain gradient descent diverges along the top ` +
          `eigenvector (|1 − αλ_max| = ${Number(worst.toPrecision(6))} ≥ 1)`;
  const lambdaI = ix(S.lambda, S.i);
  const steps: Step[] = [
    {
      title: "The eigenvalues of H and the step size",
      answerFields: ["eigenvalues", ...(lmax > 0 ? ["stableLrBelow"] : []), ...(lmin > 0 ? ["optimalLr"] : [])],
      derivation: [
        {
          formula: F.eq(at(F.sym("e"), tNext), F.juxt(F.minus(F.sym("I"), F.juxt(lr, F.sym("H"))), at(F.sym("e"), t))),
          reason: "plain gradient descent: the error e = θ − θ* evolves linearly",
        },
        {
          formula: F.op("<", F.sym("|1 − αλᵢ|", "\\lvert 1 - \\alpha\\lambda_i \\rvert"), F.num(1)),
          reason: "along each eigenvector: stable when this holds for every i, i.e. 0 < α < 2/λ_max",
        },
        {
          formula: F.eq(
            F.sym("α*", "\\alpha^*"),
            F.fracF(F.num(2), F.plus(ix(S.lambda, F.sym("min")), ix(S.lambda, F.sym("max")))),
          ),
          reason: "the best constant step balances the slowest and the fastest direction",
        },
      ],
      tables: [
        {
          columns: [
            { header: "i", cells: eig.map((_, i) => i + 1) },
            { header: lambdaI, cells: eig },
            { header: "|1 − αλᵢ|", cells: factors },
          ],
        },
      ],
      notes: [
        lmax > 0
          ? F.juxt(F.text("stable below 2/λ_max = "), F.num(stable))
          : "no step size is stable: λ_max ≤ 0, and every step climbs or stays level",
        ...(lmin > 0 ? [F.juxt(F.text("best constant step 2/(λ_min + λ_max) = "), F.num(2 / (lmin + lmax)))] : []),
        verdict,
        ...(input.method !== "sgd"
          ? [`(the bound is plain gradient descent's; ${input.method} follows its own dynamics)`]
          : []),
      ],
    },
  ];
  if (minimizer) steps.push(stationaryStep(minimizer, lmin, lmax));
  return steps;
}

/** θ* = H⁻¹c: the minimiser when H is positive definite, else a saddle point or a maximum (not in the answer). */
function stationaryStep(minimizer: Scalar[], lmin: number, lmax: number): Step {
  const formula = F.eq(F.sym("θ*", "\\theta^*"), F.juxt(F.superscript(F.sym("H"), F.negF(F.num(1))), F.sym("c")));
  if (lmin > 0) return { title: "The minimiser θ* = H⁻¹c", answerFields: ["minimizer"], formula, value: minimizer };
  const [kind, why] =
    lmax < 0 ? ["a maximum", "only negative eigenvalues"] : ["a saddle point", "eigenvalues of both signs"];
  return {
    title: "The stationary point θ* = H⁻¹c",
    formula,
    value: minimizer,
    notes: [`${kind} of f, not a minimum: H has ${why} (no minimizer in the answer)`],
  };
}

/** The symbol each hyperparameter has in the rules. */
const SYMBOLS: Record<string, string> = {
  momentum: "μ",
  dampening: "τ",
  alpha: "ρ",
  beta1: "β₁",
  beta2: "β₂",
  eps: "ε",
  weightDecay: "λ",
};

export function hyperNotes(input: OptimizerInput): Formula[] {
  const h = input.hyper as unknown as Record<string, Scalar>;
  const used: Record<Method, string[]> = {
    sgd: ["weightDecay"],
    momentum: ["momentum", "dampening", "weightDecay"],
    nesterov: ["momentum", "weightDecay"],
    adagrad: ["eps", "weightDecay"],
    rmsprop: ["alpha", "eps", "weightDecay"],
    adam: ["beta1", "beta2", "eps", "weightDecay"],
    adamw: ["beta1", "beta2", "eps", "weightDecay"],
  };
  // each by the symbol of the rule above, with torch's name for it where the two differ; the numbers as the
  // renderer prints numbers (0.01 as typed, not 1/100)
  const term = (k: string): Formula[] => {
    const from = [k === "eps" ? "" : k, input.given.includes(k) ? "" : "PyTorch's default"].filter(Boolean).join(", ");
    return [F.text(`${SYMBOLS[k] ?? k} = `), F.num(h[k]!), F.text(from ? ` (${from})` : "")];
  };
  const parts: Formula[] = [F.text("α = "), F.num(input.hyper.lr), F.text(" (lr)")];
  used[input.method].forEach((k, i) => {
    parts.push(F.text(i === 0 ? "; " : ", "), ...term(k));
  });
  return [F.juxt(...parts)];
}
