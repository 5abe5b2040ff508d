// optimizer: steps of SGD (with momentum, dampening, Nesterov), Adagrad,
// RMSprop, Adam and AdamW as torch.optim takes them, on given gradients or
// on a quadratic f(θ) = ½θᵀHθ − cᵀθ, where the eigenvalues of H say whether
// gradient descent converges and how fast.
import type { Chart } from "../chart.js";
import type { Formula } from "../core/formula.js";
import * as F from "../core/formula.js";
import { S } from "../core/formula.js";
import * as la from "../core/linalg.js";
import {
  defaults,
  type Hyper,
  type InitialState,
  METHODS,
  type Method,
  optimize,
  quadraticGradient,
  quadraticLoss,
  STATE,
  type StepRecord,
  type Variant,
} from "../core/optimizer.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import { fieldError, InputError } from "../errors.js";
import type { Fields } from "../input/fields.js";
import type { AnswerValue, Column, Solution, Step, Value } from "../solution.js";
import { exactnessNote, ix, lettered, listText, matrixText, subscriptDigits } from "./common.js";
import { defineProblem, type Mistake, type PracticeGenerator } from "./problem.js";

export interface OptimizerInput {
  symbolic: boolean;
  method: Method;
  theta: Scalar[];
  hyper: Hyper;
  /** Given gradients, one row per step. */
  grads?: Scalar[][];
  /** The quadratic f(θ) = ½θᵀHθ − cᵀθ. */
  quadratic?: { H: Scalar[][]; c: Scalar[] };
  steps: number;
  /** Which hyper-parameters were given (the rest are PyTorch's defaults). */
  given: string[];
  /** The state it starts from (SPEC: additions to earlier problems). */
  initial: InitialState;
}

const MAX_OPTIMIZER_STEPS = 10_000;
const theta = F.sym("θ", "\\theta");
const at = (base: Formula, t: Formula) => F.superscript(base, F.paren(t));
const t = F.sym("t");
const tNext = F.plus(t, F.num(1));
const g = F.sym("g");
const lr = S.alpha;
const sym = (name: string, tex: string) => F.sym(name, tex);
const mu = S.mu;
const b = F.sym("b");
const wd = sym("λ", "\\lambda");
const eps = S.eps;

type Line = { formula: Formula; reason?: string };
const gt = at(g, t);
const th = at(theta, t);
const prev = F.minus(t, F.num(1));
const sq = (x: Formula) => F.pow(x, F.num(2));
const step = (dir: Formula) => F.eq(at(theta, tNext), F.minus(th, F.juxt(lr, dir)));
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
  const average = F.plus(F.juxt(S.alpha, at(v, prev)), F.juxt(F.minus(F.num(1), S.alpha), sq(gt)));
  return [
    { formula: F.eq(at(v, t), average), reason: "running average of g²" },
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
function ruleLines(method: Method, weightDecay: boolean): Line[] {
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

const inUnit = (v: Scalar) => sc.sign(v) >= 0 && sc.toNumber(v) < 1;

function hyperOf(fields: Fields, method: Method): { hyper: Hyper; given: string[] } {
  const d = defaults(method);
  const lrV = fields.requireNumber("lr");
  if (sc.sign(lrV) <= 0) throw fieldError(fields.label("lr"), "must be > 0");
  const given: string[] = [];
  const read = (name: keyof Omit<Hyper, "lr">, ok: (v: Scalar) => boolean, why: string): Scalar => {
    const v = fields.number(name);
    if (v === undefined) return d[name];
    if (!ok(v)) throw fieldError(fields.label(name), why);
    given.push(name);
    return v;
  };
  const hyper: Hyper = {
    lr: lrV,
    momentum: read("momentum", inUnit, "must be in [0, 1)"),
    dampening: read("dampening", (v) => sc.sign(v) >= 0 && sc.toNumber(v) <= 1, "must be in [0, 1]"),
    alpha: read("alpha", inUnit, "must be in [0, 1)"),
    beta1: read("beta1", inUnit, "must be in [0, 1)"),
    beta2: read("beta2", inUnit, "must be in [0, 1)"),
    eps: read("eps", (v) => sc.sign(v) >= 0, "must be ≥ 0"),
    weightDecay: read("weightDecay", (v) => sc.sign(v) >= 0, "must be ≥ 0"),
  };
  if (method === "nesterov" && !sc.isZero(hyper.dampening)) {
    throw fieldError(fields.label("dampening"), "must be 0 for nesterov (as torch.optim requires)");
  }
  return { hyper, given };
}

/** The gradients: a matrix (a row per step), or a vector: one step, or one value per step for a one-coordinate θ. */
function gradsOf(fields: Fields, n: number): Scalar[][] {
  const gv = fields.vectorOrMatrix("grads") as NonNullable<ReturnType<Fields["vectorOrMatrix"]>>;
  const rows = gv.kind === "matrix" ? gv.m : n === 1 ? gv.v.map((x) => [x]) : [gv.v];
  if ((rows[0] as Scalar[]).length !== n) {
    throw fieldError(fields.label("grads"), `has ${(rows[0] as Scalar[]).length} values per step, θ has ${n}`);
  }
  if (rows.length > MAX_OPTIMIZER_STEPS) {
    throw fieldError(fields.label("grads"), `has ${rows.length} steps, more than the ${MAX_OPTIMIZER_STEPS} allowed`);
  }
  return rows;
}

function quadraticOf(fields: Fields, n: number): { H: Scalar[][]; c: Scalar[] } {
  const H = fields.requireMatrix("H");
  if (H.length !== n || (H[0] as Scalar[]).length !== n) {
    throw fieldError(
      fields.label("H"),
      `is ${H.length} × ${(H[0] as Scalar[]).length}, θ has ${n} coordinates: H must be ${n} × ${n}`,
    );
  }
  H.forEach((row, i) => {
    row.forEach((v, j) => {
      if (j > i && sc.toNumber(sc.sub(v, (H[j] as Scalar[])[i] as Scalar)) !== 0) {
        throw fieldError(fields.label("H"), `is not symmetric: H[${i + 1}][${j + 1}] ≠ H[${j + 1}][${i + 1}]`);
      }
    });
  });
  const c = fields.vector("c") ?? Array.from({ length: n }, () => sc.frac(0));
  if (c.length !== n) throw fieldError(fields.label("c"), `has ${c.length} values, θ has ${n}`);
  return { H, c };
}

function validate(fields: Fields): OptimizerInput {
  const method = (fields.choice("method") ?? "sgd") as Method;
  const numbers = ["theta", "lr", "grads", "H", "c"].some((f) => fields.has(f));
  if (!numbers) {
    return {
      symbolic: true,
      method,
      theta: [],
      hyper: { lr: 0, ...defaults(method) },
      steps: 0,
      given: [],
      initial: {},
    };
  }
  const tv = fields.numberOrList("theta");
  if (tv === undefined) throw fields.missing("theta", "θ₀, a vector or one number");
  const th = Array.isArray(tv) ? tv : [tv];
  const { hyper, given } = hyperOf(fields, method);
  const initial = initialStateOf(fields, method, th.length);
  if (fields.has("grads") && fields.has("H")) {
    throw fieldError(
      fields.label("H"),
      `gives the gradients as Hθ − c, and ${fields.label("grads")} gives them too: give one`,
    );
  }
  if (!fields.has("grads") && !fields.has("H")) {
    throw new InputError(
      `the gradients: give ${fields.label("grads")} (a row per step) or ${fields.label("H")} (and c) ` +
        "for f(θ) = ½θᵀHθ − cᵀθ",
    );
  }
  const steps = fields.count("steps");
  if (fields.has("grads")) {
    const grads = gradsOf(fields, th.length);
    if (steps !== undefined && steps !== grads.length) {
      throw fieldError(fields.label("steps"), `is ${steps}, but ${fields.label("grads")} gives ${grads.length} steps`);
    }
    return { symbolic: false, method, theta: th, hyper, grads, steps: grads.length, given, initial };
  }
  return {
    symbolic: false,
    method,
    theta: th,
    hyper,
    quadratic: quadraticOf(fields, th.length),
    steps: steps ?? 1,
    given,
    initial,
  };
}

/** The state to start from: each buffer of this method that is given (one number for every entry), and Adam's step. */
function initialStateOf(fields: Fields, method: Method, n: number): InitialState {
  const state: Record<string, Scalar[]> = {};
  for (const key of ["velocity", "m", "v", "sumSquares", "squareAvg"]) {
    const v = fields.numberOrList(key);
    if (v === undefined) continue;
    if (!STATE[method].includes(key))
      throw fieldError(
        fields.label(key),
        `is not ${method}'s state; ${method} keeps ${STATE[method].join(", ") || "none"}`,
      );
    const list = Array.isArray(v) ? v : Array.from({ length: n }, () => v);
    if (list.length !== n) throw fieldError(fields.label(key), `has ${list.length} values; θ has ${n}`);
    state[key] = list;
  }
  const step = fields.count("step");
  if (step !== undefined && method !== "adam" && method !== "adamw")
    throw fieldError(fields.label("step"), "is Adam's count of steps already taken (for its bias correction)");
  return { ...(Object.keys(state).length > 0 ? { state } : {}), ...(step === undefined ? {} : { step }) };
}

/** One table row per step and coordinate: θ, g, the state, the update and the new θ. */
function stepTable(input: OptimizerInput, records: StepRecord[]): Step {
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
    col(ix(theta, S.i), (r, i) => r.theta[i] as Scalar),
    col(ix(g, S.i), (r, i) => r.grad[i] as Scalar),
    ...(decay ? [col(F.plus(ix(g, S.i), F.juxt(wd, ix(theta, S.i))), (r, i) => r.effective[i] as Scalar)] : []),
    ...STATE[input.method].map((k) =>
      col(ix(names[k] as Formula, S.i), (r, i) => (r.state[k] as Scalar[])[i] as Scalar),
    ),
    ...(input.method === "adam" || input.method === "adamw"
      ? [
          col("m̂ᵢ", (r, i) => (r.corrected?.m[i] ?? 0) as Scalar),
          col("v̂ᵢ", (r, i) => (r.corrected?.v[i] ?? 0) as Scalar),
        ]
      : []),
    col("update", (r, i) => r.update[i] as Scalar),
    col(at(ix(theta, S.i), tNext), (r, i) => r.next[i] as Scalar),
  ];
  return {
    title: records.length === 1 ? "The step" : `${records.length} steps`,
    answerFields: ["theta", "trajectory", ...STATE[input.method]],
    tables: [{ columns, keyColumns: 2 }],
  };
}

/** f after each step and the distance to the minimiser. */
function lossStep(
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
            cells: records.map((r) => F.listOf(r.next.length, (i) => F.num(r.next[i] as Scalar))),
          },
          { header: F.call("f", at(theta, t)), cells: losses },
          ...(minimizer ? [{ header: "‖θ − θ*‖", cells: records.map((r) => dist(r.next)) }] : []),
        ],
      },
    ],
    notes: [F.juxt(F.text("before the first step f(θ⁽⁰⁾) = "), F.num(quadraticLoss(q.H, q.c, input.theta)))],
  };
}

/** The eigenvalues of H: the stability bound, the factor along each eigenvector, the best step, the minimiser. */
function spectrumSteps(input: OptimizerInput, eig: number[], minimizer: Scalar[] | undefined): Step[] {
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
      answerFields: ["eigenvalues", "stableLrBelow", "optimalLr"],
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
        F.juxt(F.text("stable below 2/λ_max = "), F.num(stable)),
        ...(lmin > 0 ? [F.juxt(F.text("best constant step 2/(λ_min + λ_max) = "), F.num(2 / (lmin + lmax)))] : []),
        verdict,
        ...(input.method !== "sgd"
          ? [`(the bound is plain gradient descent's; ${input.method} follows its own dynamics)`]
          : []),
      ],
    },
  ];
  if (minimizer) {
    steps.push({
      title: "The minimiser θ* = H⁻¹c",
      answerFields: ["minimizer"],
      formula: F.eq(F.sym("θ*", "\\theta^*"), F.juxt(F.superscript(F.sym("H"), F.negF(F.num(1))), F.sym("c"))),
      value: minimizer,
    });
  }
  return steps;
}

function symbolicSolution(input: OptimizerInput): Solution {
  return {
    problem: "optimizer",
    title: `The ${input.method} update rule, in symbols`,
    input: { method: input.method },
    summary: "give --theta, --lr and --grads (or --H and --c) for numbers; --method chooses the rule",
    steps: [{ title: `${input.method}`, derivation: ruleLines(input.method, input.method === "adamw") }],
    answer: {},
    warnings: [],
  };
}

/** The optimiser run on this input: torch.optim's rule, or a student's variant of it. */
function runOn(
  input: OptimizerInput,
  variant: Variant = {},
): { records: StepRecord[]; state: Record<string, Scalar[]> } {
  const q = input.quadratic;
  const gradient = (th: readonly Scalar[], step: number): Scalar[] =>
    q ? quadraticGradient(q.H, q.c, th) : ((input.grads as Scalar[][])[step - 1] as Scalar[]);
  return optimize(input.method, input.theta, input.hyper, gradient, input.steps, variant, input.initial);
}

function solve(input: OptimizerInput): Solution {
  if (input.symbolic) return symbolicSolution(input);
  const q = input.quadratic;
  const { records, state } = runOn(input);
  const last = records[records.length - 1] as StepRecord;
  const steps: Step[] = [
    {
      title: "The update rule",
      derivation: ruleLines(input.method, !sc.isZero(input.hyper.weightDecay)),
      notes: hyperNotes(input),
    },
  ];
  if (q)
    steps.push({
      title: "The gradient",
      formula: F.eq(at(g, t), F.minus(F.juxt(F.sym("H"), at(theta, t)), F.sym("c"))),
    });
  steps.push(stepTable(input, records));
  const answer: Record<string, AnswerValue> = {
    theta: last.next,
    trajectory: records.map((r) => r.next),
    ...Object.fromEntries(Object.entries(state)),
  };
  if (q) {
    const eig = la.symmetricEigenvalues(q.H.map((r) => r.map(sc.toNumber)));
    const minimizer = la.solveExact(q.H, q.c) ?? undefined;
    const losses = records.map((r) => quadraticLoss(q.H, q.c, r.next));
    steps.push(lossStep(input, records, losses, minimizer), ...spectrumSteps(input, eig, minimizer));
    answer.losses = losses;
    answer.eigenvalues = eig;
    answer.stableLrBelow = (eig[0] as number) > 0 ? 2 / (eig[0] as number) : Infinity;
    answer.optimalLr = 2 / ((eig[0] as number) + (eig[eig.length - 1] as number));
    if (minimizer) answer.minimizer = minimizer;
  }
  const exact = sc.allExact(records.flatMap((r) => r.next));
  return {
    problem: "optimizer",
    title: `${input.method}: ${input.steps} step${input.steps > 1 ? "s" : ""}${q ? " on f(θ) = ½θᵀHθ − cᵀθ" : ""}`,
    input: echo(input),
    summary: [
      `θ has ${input.theta.length} coordinate${input.theta.length > 1 ? "s" : ""}`,
      q ? "gradients from the quadratic" : "gradients as given",
      ...(input.initial.state ? [`starting from the given ${Object.keys(input.initial.state).join(" and ")}`] : []),
      ...(input.initial.step
        ? [`${input.initial.step} steps already taken: the bias correction's t runs from ${input.initial.step + 1}`]
        : []),
      exact
        ? "exact arithmetic: every input is rational"
        : ["adagrad", "rmsprop", "adam", "adamw"].includes(input.method)
          ? "float64 where the square root enters"
          : exactnessNote(false, 0),
    ].join("; "),
    steps,
    answer,
    warnings: [],
  };
}

/** What a run of a mistaken rule answers: θ, the trajectory, the state and, with H, the losses. */
function answerOf(input: OptimizerInput, variant: Variant): Record<string, AnswerValue> {
  const { records, state } = runOn(input, variant);
  const q = input.quadratic;
  return {
    theta: (records[records.length - 1] as StepRecord).next,
    trajectory: records.map((r) => r.next),
    ...state,
    ...(q ? { losses: records.map((r) => quadraticLoss(q.H, q.c, r.next)) } : {}),
  };
}

/** SPEC 6.2 for optimizer: the step taken uphill; Adam without its bias correction. */
function mistakes(input: OptimizerInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const out: Mistake[] = [
    {
      id: "update-sign",
      answer: answerOf(input, { ascend: true }),
      says: (field, given) =>
        `your ${field} ${given} steps along the gradient (θ + α·g); a descent step goes against it: θ − α·g`,
    },
  ];
  if (input.method === "adam" || input.method === "adamw") {
    out.push({
      id: "no-bias-correction",
      answer: answerOf(input, { noBiasCorrection: true }),
      says: (field, given) =>
        `your ${field} ${given} uses m and v as they are; Adam divides them by 1 − β₁ᵗ and 1 − β₂ᵗ ` +
        "(m̂ and v̂) before the step",
    });
  }
  return out;
}

function hyperNotes(input: OptimizerInput): string[] {
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
  const show = (v: Scalar) => sc.exactString(v) ?? String(v);
  return [
    `α = ${show(input.hyper.lr)}; ${used[input.method]
      .map((k) => `${k} = ${show(h[k] as Scalar)}${input.given.includes(k) ? "" : " (PyTorch's default)"}`)
      .join(", ")}`,
  ];
}

function echo(input: OptimizerInput): Solution["input"] {
  const out: Record<string, Value | string> = { method: input.method, theta: input.theta, lr: input.hyper.lr };
  for (const k of input.given) out[k] = (input.hyper as unknown as Record<string, Scalar>)[k] as Scalar;
  if (input.grads) out.grads = input.grads;
  if (input.quadratic) {
    out.H = input.quadratic.H;
    out.c = input.quadratic.c;
    out.steps = sc.frac(input.steps);
  }
  return out;
}

/** How a practice statement names each method it draws. */
const PRACTICE_METHODS: Record<"sgd" | "momentum" | "nesterov" | "adam", string> = {
  sgd: "gradient descent (SGD)",
  momentum: "SGD with momentum μ = 0.9 (PyTorch's rule: b ← μb + g, θ ← θ − αb)",
  nesterov: "SGD with Nesterov momentum μ = 0.9 (PyTorch's rule: b ← μb + g, θ ← θ − α(g + μb))",
  adam: "Adam with β₁ = 0.9, β₂ = 0.999 and ε = 1e-8",
};

/** Practice (SPEC 4.12): a few steps by hand, exact for the momentum family. */
const practice: PracticeGenerator = {
  guarantee:
    "sgd, momentum or nesterov with lr ∈ {1/10, 1/4, 1/2} and whole-number θ₀ and gradients: every value an " +
    "exact fraction; or sgd with lr 1/4 on a diagonal quadratic with curvatures 1, 2 or 4: every θ a fraction " +
    "over a power of 2; adam with lr 0.1 and one-digit gradients",
  generate(rng) {
    const method = rng.pick(["sgd", "momentum", "nesterov", "adam"] as const);
    const theta = rng.ints(2, -3, 3);
    const named = PRACTICE_METHODS[method];
    if (method === "sgd" && rng.chance(0.5)) {
      const H = [
        [rng.pick([1, 2, 4]), 0],
        [0, rng.pick([1, 2, 4])],
      ];
      const c = rng.ints(2, -4, 4);
      const lr = "1/4";
      const steps = rng.pick([2, 3]);
      return {
        input: { method, theta, lr, H, c, steps },
        statement: [
          `Minimise f(θ) = ½θᵀHθ − cᵀθ with H = ${matrixText(H)} and c = ${listText(c)} by ${named}, from ` +
            `θ₀ = ${listText(theta)} with learning rate α = ${lr}.`,
          ...lettered([
            `Take ${steps} steps: give θ after each.`,
            "Compute f(θ) after each step, and the minimiser θ* = H⁻¹c.",
            "For which learning rates does gradient descent on f converge?",
          ]),
        ],
      };
    }
    const steps = method === "adam" ? rng.pick([1, 2]) : rng.pick([2, 3]);
    const grads = Array.from({ length: steps }, () => {
      let g: number[];
      do g = rng.ints(2, -4, 4);
      while (g.every((v) => v === 0));
      return g;
    });
    const lr = method === "adam" ? "0.1" : rng.pick(["1/10", "1/4", "1/2"]);
    const given = grads.map((g, t) => `g${subscriptDigits(t + 1)} = ${listText(g)}`).join(", ");
    const state =
      method === "adam"
        ? ["Give m, v, m̂ and v̂ after each step."]
        : method === "sgd"
          ? []
          : ["Give the velocity b after the last step."];
    return {
      input: { method, theta, lr, grads },
      statement: [
        `Starting from θ₀ = ${listText(theta)}, take ${steps} step${steps > 1 ? "s" : ""} of ${named} with ` +
          `learning rate α = ${lr}. The gradients are ${given}.`,
        ...lettered(["Give θ after each step.", ...state]),
      ],
    };
  },
};

/** --plot: f(θ) per step on a quadratic, and each coordinate of θ per step (with the minimiser when there is one). */
function plots(input: OptimizerInput, sol: Solution): Chart[] {
  if (input.symbolic) return [];
  const path = [input.theta, ...(sol.answer.trajectory as Scalar[][])].map((t) => t.map(sc.toNumber));
  const steps = path.map((_, t) => t);
  const q = input.quadratic;
  const charts: Chart[] = [];
  if (q) {
    const f = path.map((t) => sc.toNumber(quadraticLoss(q.H, q.c, t)));
    charts.push({ kind: "line", title: "f(θ) per step", xLabel: "step", x: steps, series: [{ name: "f(θ)", y: f }] });
  }
  const minimizer = sol.answer.minimizer as Scalar[] | undefined;
  (path[0] ?? []).slice(0, 4).forEach((_, j) => {
    const star = minimizer?.[j];
    charts.push({
      kind: "line",
      title: `θ${subscriptDigits(j + 1)} per step`,
      xLabel: "step",
      x: steps,
      series: [{ name: `θ${subscriptDigits(j + 1)}`, y: path.map((t) => t[j] as number) }],
      ...(star === undefined ? {} : { levels: [{ y: sc.toNumber(star), label: `θ*${subscriptDigits(j + 1)}` }] }),
    });
  });
  return charts;
}

export const optimizer = defineProblem<OptimizerInput>({
  name: "optimizer",
  summary: "optimiser steps as torch.optim takes them (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)",
  fields: {
    method: { kind: "choice", choices: METHODS, help: "the optimiser (default sgd)" },
    theta: { kind: "numberOrList", help: "θ₀: a vector, or one number" },
    lr: { kind: "number", help: "the learning rate α (> 0)" },
    grads: { kind: "vectorOrMatrix", help: "the gradient of each step: a matrix, row t = step t (or one vector)" },
    H: { kind: "matrix", help: "f(θ) = ½θᵀHθ − cᵀθ: the symmetric matrix H (gradients Hθ − c)" },
    c: { kind: "vector", help: "f's linear term c (default 0)" },
    steps: { kind: "count", max: MAX_OPTIMIZER_STEPS, help: "steps on the quadratic (default 1)" },
    momentum: { kind: "number", help: "μ (0.9 for momentum and nesterov)" },
    dampening: { kind: "number", help: "τ (default 0)" },
    alpha: { kind: "number", help: "rmsprop's α (default 0.99)" },
    beta1: { kind: "number", help: "Adam's β₁ (default 0.9)" },
    beta2: { kind: "number", help: "Adam's β₂ (default 0.999)" },
    eps: { kind: "number", help: "ε (default 1e-8; 1e-10 for adagrad)" },
    weightDecay: { kind: "number", flag: "weight-decay", help: "weight decay λ (0; 0.01 for adamw, decoupled)" },
    velocity: {
      kind: "numberOrList",
      help:
        "momentum/nesterov: the buffer to start from (PyTorch's, before the learning rate; a course whose v " +
        "includes α divides it by α)",
    },
    m: { kind: "numberOrList", help: "adam/adamw: the first moment to start from" },
    v: { kind: "numberOrList", help: "adam/adamw: the second moment to start from" },
    step: { kind: "count", max: 1e9, help: "adam/adamw: the steps already taken (for the bias correction)" },
    sumSquares: { kind: "numberOrList", flag: "sum-squares", help: "adagrad: the sum of squares to start from" },
    squareAvg: { kind: "numberOrList", flag: "square-avg", help: "rmsprop: the square average to start from" },
  },
  answers: {
    theta: "θ after the last step",
    trajectory: "θ after each step, a row per step",
    velocity: "momentum and nesterov: the velocity b after the last step",
    m: "adam and adamw: the first moment after the last step",
    v: "adam and adamw: the second moment after the last step",
    sumSquares: "adagrad: the sum of squared gradients",
    squareAvg: "rmsprop: the running average of g²",
    losses: "with H: f(θ) after each step",
    eigenvalues: "with H: its eigenvalues, largest first",
    stableLrBelow: "with H: 2/λ_max, the step size below which gradient descent converges",
    optimalLr: "with H: 2/(λ_min + λ_max), the best constant step",
    minimizer: "with H invertible: θ* = H⁻¹c",
  },
  expectExample: `optimizer --theta 1,2 --lr 1/4 --grads 2,-4 --expect '{"theta": ["1/2", 3]}'`,
  examples: [
    "optimizer --method adam",
    "optimizer --theta 1,2 --lr 1/4 --grads 2,-4",
    'optimizer --method adam --theta 0.5 --lr 0.1 --grads "1; -2; 0.5"',
    'optimizer --theta 0,-2 --lr 1/10 --H "4 -4; -4 10" --c 1,-2 --steps 3',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "θ per step (and f(θ) with the minimiser, on a quadratic)",
  plots,
});
