// network's worked steps, written from the engine's record: per layer each
// unit's weighted sum with its numbers, the loss, then backward per layer δ,
// ∂L/∂W = δaᵀ, ∂L/∂b = δ, ∂L/∂a = Wᵀδ, a finite-difference check and the step.
import { activation } from "../../core/activations.js";
import {
  entries,
  entryOf,
  type FiniteDifference,
  isMatrix,
  isScalar,
  kinkAt,
  sizeOf,
  type Tensor,
} from "../../core/autodiff.js";
import { gradcheckRow } from "../../core/gradcheck.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { activationFormulas } from "../../solution/activation-formulas.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import { S } from "../../solution/formula.js";
import type { Cell, DerivationLine, Step } from "../../solution/solution.js";
import { writtenAs } from "../../solution/solution.js";
import { gradcheckStep } from "../common.js";
import type { NetworkInput } from "./input.js";
import type { NetworkRun } from "./run.js";

/** Lines of sums written out per step, at most; the table holds every value. */
const MOST_LINES = 12;

const layerSup = (base: Formula, l: number): Formula => F.superscript(base, F.paren(F.num(sc.frac(l))));
const zL = (l: number) => layerSup(S.z, l);
const aL = (l: number) => (l === 0 ? S.x : layerSup(F.sym("a"), l));
const WL = (l: number) => layerSup(F.sym("W"), l);
const bL = (l: number) => layerSup(F.sym("b", "\\mathbf{b}"), l);
const deltaL = (l: number) => layerSup(F.sym("δ", "\\delta"), l);
const unit = (base: Formula, i: number | string) => F.subscript(base, typeof i === "number" ? F.num(sc.frac(i)) : i);
const sub2 = (base: Formula, i: number | string, j: number | string) => F.subscript(base, `${i}${j}`);
const K = F.sym("K");
const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const supText = (l: number) => `⁽${String(l).replace(/\d/g, (d) => SUP[Number(d)] as string)}⁾`;

/** What layer l reads, as a title writes it: x, or a⁽ˡ⁻¹⁾. */
const below = (l: number) => (l === 1 ? "x" : `a${supText(l - 1)}`);

/** The entries of a layer's vector (a number for a single unit). */
const vec = (t: Tensor): Scalar[] => entries(t);
/** Row i of a layer's weights (the vector itself for a single unit). */
const row = (W: Tensor, i: number): Scalar[] => (isMatrix(W) ? (W[i] as Scalar[]) : (W as Scalar[]));

const actName = (input: NetworkInput, l: number) =>
  l === input.shape.layers ? input.shape.output : input.shape.hidden;
const actCall = (input: NetworkInput, l: number, arg: Formula): Formula => {
  const name = actName(input, l);
  return F.call(name === "sigmoid" ? "σ" : name === "identity" ? "id" : name, arg);
};

function sampleReason(input: NetworkInput, s: number): string | undefined {
  return input.shape.batch > 0 ? `sample ${s + 1}` : undefined;
}
const line = (formula: Formula, reason?: string): DerivationLine => (reason ? { formula, reason } : { formula });

/** A step's general formula, then its lines with numbers: the order an answer key writes them. */
const ruleFirst = (rule: Formula, lines: DerivationLine[]): DerivationLine[] => [
  { formula: rule, reason: "the rule" },
  ...lines,
];

/** Forward through layer l: each unit's sum z = Σⱼ Wᵢⱼaⱼ + bᵢ with its numbers, then a = act(z). */
export function forwardStep(input: NetworkInput, run: NetworkRun, l: number): Step {
  const layer = input.layers[l - 1] as (typeof input.layers)[number];
  const prev = l === 1 ? input.x : run.perSample(`a${l - 1}`).map(vec);
  const zs = run.perSample(`z${l}`).map(vec);
  const as = run.perSample(`a${l}`).map(vec);
  const bs = vec(layer.b);
  const derivation: DerivationLine[] = [];
  const samplesCol: Cell[] = [];
  const unitCol: Cell[] = [];
  const zCol: Cell[] = [];
  const aCol: Cell[] = [];
  zs.forEach((z, s) => {
    for (let i = 0; i < layer.units; i++) {
      if (derivation.length < MOST_LINES) {
        const w = row(layer.W, i);
        const terms = w.map((wij, j) => F.times(F.num(wij), F.num(prev[s]![j]!)));
        derivation.push(
          line(F.eq(unit(zL(l), i + 1), F.plus(...terms, F.num(bs[i]!)), F.num(z[i]!)), sampleReason(input, s)),
        );
      }
      samplesCol.push(sc.frac(s + 1));
      unitCol.push(sc.frac(i + 1));
      zCol.push(z[i]!);
      aCol.push(as[s]![i]!);
    }
  });
  const shown = zs.length * layer.units;
  const name = actName(input, l);
  const actFormula =
    name === "softmax"
      ? F.eq(
          unit(aL(l), "i"),
          F.fracF(F.pow(F.sym("e"), unit(zL(l), "i")), F.sumOver(S.j, F.pow(F.sym("e"), F.subscript(zL(l), S.j)))),
        )
      : F.eq(aL(l), actCall(input, l, zL(l)));
  return {
    title:
      `Layer ${l}${l === input.shape.layers ? " (output)" : ""}: ` +
      `z${supText(l)} = W${supText(l)}${below(l)} + b${supText(l)}, a${supText(l)} = ${name}(z${supText(l)})`,
    derivation: ruleFirst(
      F.eq(
        unit(zL(l), "i"),
        F.plus(F.sumOver(S.j, F.juxt(F.subscript(WL(l), "ij"), F.subscript(aL(l - 1), S.j))), unit(bL(l), "i")),
      ),
      [{ formula: actFormula, reason: `the activation, ${name}` }, ...derivation],
    ),
    answerFields: ["z", "a", ...(l === input.shape.layers ? ["yPred"] : [])],
    tables: [
      {
        columns: [
          ...(input.shape.batch > 0 ? [{ header: "sample", cells: samplesCol }] : []),
          { header: "unit i", cells: unitCol },
          { header: unit(zL(l), "i"), cells: zCol },
          { header: unit(aL(l), "i"), cells: aCol },
        ],
        keyColumns: input.shape.batch > 0 ? 2 : 1,
      },
    ],
    notes: [
      ...(shown > MOST_LINES ? [`the first ${MOST_LINES} of ${shown} sums written out; the table holds them all`] : []),
    ],
  };
}

const minus = (a: Scalar, b: Scalar) => F.minus(F.num(a), F.num(b));

/** The loss of one sample with its numbers: ½((a₁ − y₁)² + …), −log a_k, … */
function lossSubstitution(input: NetworkInput, a: Scalar[], z: Scalar[], y: Scalar[], cls?: number): Formula {
  const sq = () => F.plus(...a.map((ai, i) => F.pow(F.paren(minus(ai, y[i]!)), F.num(sc.frac(2)))));
  const k = F.num(sc.frac(a.length));
  switch (input.shape.loss) {
    case "squared":
      return sq();
    case "half-squared":
      return F.juxt(F.fracF(F.num(sc.frac(1)), F.num(sc.frac(2))), F.paren(sq()));
    case "mse":
      return F.juxt(F.fracF(F.num(sc.frac(1)), k), F.paren(sq()));
    case "bce": {
      const term = (ai: Scalar, yi: Scalar) =>
        F.plus(
          F.juxt(F.num(yi), F.call("log", F.num(ai))),
          F.juxt(F.paren(minus(sc.frac(1), yi)), F.call("log", minus(sc.frac(1), ai))),
        );
      const sum = F.plus(...a.map((ai, i) => term(ai, y[i]!)));
      return F.negF(a.length === 1 ? F.paren(sum) : F.juxt(F.fracF(F.num(sc.frac(1)), k), F.paren(sum)));
    }
    case "ce":
      if (cls !== undefined) return F.negF(F.call("log", F.num(a[cls - 1]!)));
      void z;
      return F.negF(F.paren(F.plus(...a.map((ai, i) => F.juxt(F.num(y[i]!), F.call("log", F.num(ai)))))));
  }
}

function lossFormula(input: NetworkInput): Formula {
  const Lk = input.shape.layers;
  const ai = unit(aL(Lk), "i");
  const yi = unit(S.y, "i");
  const sq = F.pow(F.paren(F.minus(ai, yi)), F.num(sc.frac(2)));
  switch (input.shape.loss) {
    case "squared":
      return F.eq(S.L, F.sumOver(S.i, sq));
    case "half-squared":
      return F.eq(S.L, F.juxt(F.fracF(F.num(sc.frac(1)), F.num(sc.frac(2))), F.sumOver(S.i, sq)));
    case "mse":
      return F.eq(S.L, F.juxt(F.fracF(F.num(sc.frac(1)), K), F.sumOver(S.i, sq)));
    case "bce":
      return F.eq(
        S.L,
        F.negF(
          F.juxt(
            F.fracF(F.num(sc.frac(1)), K),
            F.sumOver(
              S.i,
              F.plus(
                F.juxt(yi, F.call("log", ai)),
                F.juxt(F.paren(F.minus(F.num(sc.frac(1)), yi)), F.call("log", F.paren(F.minus(F.num(sc.frac(1)), ai)))),
              ),
            ),
          ),
        ),
      );
    case "ce":
      return F.eq(S.L, F.negF(F.sumOver(S.i, F.juxt(yi, F.call("log", ai)))));
  }
}

export function lossStep(input: NetworkInput, run: NetworkRun): Step {
  const Lk = input.shape.layers;
  const as = run.perSample(`a${Lk}`).map(vec);
  const zs = run.perSample(`z${Lk}`).map(vec);
  const total = run.node("L").value as Scalar;
  const derivation: DerivationLine[] = [];
  const perSample = input.shape.batch > 0 ? run.perSample("L").map((t) => t as Scalar) : [total];
  as.forEach((a, s) => {
    if (derivation.length >= MOST_LINES) return;
    const lhs = input.shape.batch > 0 ? F.subscript(S.L, F.num(sc.frac(s + 1))) : S.L;
    const sub = lossSubstitution(input, a, zs[s] as Scalar[], vec(input.y[s] as Tensor), input.classes?.[s]);
    derivation.push(line(F.eq(lhs, sub, F.num(perSample[s]!)), sampleReason(input, s)));
  });
  if (input.shape.batch > 0) {
    const n = input.shape.batch;
    derivation.push(
      line(
        F.eq(
          S.L,
          F.juxt(F.fracF(F.num(sc.frac(1)), F.num(sc.frac(n))), F.paren(F.sumOf(n, (s) => F.num(perSample[s]!)))),
          F.num(total),
        ),
        "the batch's mean",
      ),
    );
  }
  const title = `The loss (${input.shape.loss}${input.shape.batch > 0 ? ", the mean over the batch" : ""})`;
  if (input.shape.batch === 0) {
    const sub = lossSubstitution(
      input,
      as[0] as Scalar[],
      zs[0] as Scalar[],
      vec(input.y[0] as Tensor),
      input.classes?.[0],
    );
    return { title, formula: lossFormula(input), substitution: [sub], value: total, answerFields: ["loss"] };
  }
  return { title, derivation: ruleFirst(lossFormula(input), derivation), answerFields: ["loss"] };
}

/** How the output layer's δ starts: p − y where the loss and the activation cancel, else ∂L/∂a ⊙ act′(z). */
const cancels = (input: NetworkInput) =>
  (input.shape.output === "softmax" && input.shape.loss === "ce") ||
  (input.shape.output === "sigmoid" && input.shape.loss === "bce");

/** ∂L/∂aᵢ of the output layer in symbols, per sample (before the batch's 1/N). */
function dLossFormula(input: NetworkInput): Formula {
  const Lk = input.shape.layers;
  const d = F.minus(unit(aL(Lk), "i"), unit(S.y, "i"));
  switch (input.shape.loss) {
    case "squared":
      return F.juxt(F.num(sc.frac(2)), F.paren(d));
    case "mse":
      return F.juxt(F.fracF(F.num(sc.frac(2)), K), F.paren(d));
    default:
      return d;
  }
}

/** ∂L/∂aᵢ of one sample with its numbers: (a − y), 2(a − y), (2/K)(a − y). */
function dLossNumbers(input: NetworkInput, a: Scalar, y: Scalar, k: number): Formula {
  const d = F.paren(minus(a, y));
  switch (input.shape.loss) {
    case "squared":
      return F.juxt(F.num(sc.frac(2)), d);
    case "mse":
      return F.juxt(F.fracF(F.num(sc.frac(2)), F.num(sc.frac(k))), d);
    default:
      return d;
  }
}

/** One line per (sample, unit) of `rows`, at most `most`: the first ones, in reading order. */
function perUnit(
  rows: readonly Scalar[][],
  most: number,
  f: (s: number, i: number) => DerivationLine,
): DerivationLine[] {
  const out: DerivationLine[] = [];
  for (let s = 0; s < rows.length; s++)
    for (let i = 0; i < rows[s]!.length; i++) {
      if (out.length >= most) return out;
      out.push(f(s, i));
    }
  return out;
}

/** δᵢ of the output layer in symbols, and one sample's unit i with its numbers. */
function outputDeltaRule(input: NetworkInput, run: NetworkRun): { rule: Formula; at(s: number, i: number): Formula } {
  const Lk = input.shape.layers;
  const as = run.perSample(`a${Lk}`).map(vec);
  const das = run.gradPerSample(`a${Lk}`).map(vec);
  const zs = run.perSample(`z${Lk}`).map(vec);
  const N = input.shape.batch;
  const scale = N > 0 ? [F.fracF(F.num(sc.frac(1)), F.num(sc.frac(N)))] : [];
  const aI = unit(aL(Lk), "i");
  const yOf = (s: number, i: number) => vec(input.y[s] as Tensor)[i] as Scalar;
  const aOf = (s: number, i: number) => as[s]![i]!;
  if (cancels(input)) {
    const K = as[0]!.length;
    const perK = input.shape.loss === "bce" && K > 1 ? [F.fracF(F.num(sc.frac(1)), F.num(sc.frac(K)))] : [];
    return {
      rule: F.juxt(...scale, ...perK, F.paren(F.minus(aI, unit(S.y, "i")))),
      at: (s, i) => F.juxt(...scale, ...perK, F.paren(minus(aOf(s, i), yOf(s, i)))),
    };
  }
  if (input.shape.output === "softmax") {
    const aJ = F.subscript(aL(Lk), S.j);
    const g = (s: number, j: number) => F.num(das[s]![j]!);
    return {
      rule: F.juxt(aI, F.paren(F.minus(F.partial(S.L, aI), F.sumOver(S.j, F.juxt(aJ, F.partial(S.L, aJ)))))),
      at: (s, i) =>
        F.times(
          F.num(aOf(s, i)),
          F.paren(F.minus(g(s, i), F.plus(...as[s]!.map((aj, j) => F.times(F.num(aj), g(s, j)))))),
        ),
    };
  }
  const yNumbers = (s: number, i: number) => dLossNumbers(input, aOf(s, i), yOf(s, i), as[s]!.length);
  if (input.shape.output === "identity")
    return {
      rule: F.eq(F.partial(S.L, aI), F.juxt(...scale, dLossFormula(input))),
      at: (s, i) => F.juxt(...scale, yNumbers(s, i)),
    };
  const f = activation("sigmoid");
  const d = (arg: Formula) => F.call("σ′", arg);
  return {
    rule: F.eq(
      F.times(F.partial(S.L, aI), d(unit(zL(Lk), "i"))),
      F.times(...scale, dLossFormula(input), d(unit(zL(Lk), "i"))),
    ),
    at: (s, i) => F.times(...scale, yNumbers(s, i), F.num(f.df(zs[s]![i]!))),
  };
}

/** The output layer's δ, unit by unit. */
export function outputDeltaStep(input: NetworkInput, run: NetworkRun): Step {
  const Lk = input.shape.layers;
  const ds = run.gradPerSample(`z${Lk}`).map(vec);
  const N = input.shape.batch;
  const act = input.shape.output;
  const { rule, at } = outputDeltaRule(input, run);
  const lines = perUnit(ds, MOST_LINES, (s, i) =>
    line(F.eq(unit(deltaL(Lk), i + 1), at(s, i), F.num(ds[s]![i]!)), sampleReason(input, s)),
  );
  return {
    title: `Backward, layer ${Lk} (output): δ${supText(Lk)} = ∂L/∂z${supText(Lk)}`,
    derivation: ruleFirst(F.eq(unit(deltaL(Lk), "i"), rule), lines),
    answerFields: ["delta"],
    notes: [
      ...(N > 0 ? [`each sample's δ carries the batch mean's 1/${N}`] : []),
      ...(cancels(input) ? [`${act} and ${input.shape.loss} cancel: δ = a − y, with no ${act}′ factor`] : []),
    ],
  };
}

/** ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ (summed over the batch) and ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾, entry by entry, then a table. */
export function weightGradStep(input: NetworkInput, run: NetworkRun, l: number): Step {
  const layer = input.layers[l - 1] as (typeof input.layers)[number];
  const prev = l === 1 ? input.x : run.perSample(`a${l - 1}`).map(vec);
  const ds = run.gradPerSample(`z${l}`).map(vec);
  const gW = run.grad(`W${l}`);
  const gb = vec(run.grad(`b${l}`));
  const cols = prev[0]!.length;
  const derivation: DerivationLine[] = [];
  for (let i = 0; i < layer.units && derivation.length < MOST_LINES; i++) {
    for (let j = 0; j < cols && derivation.length < MOST_LINES; j++) {
      const terms = ds.map((d, s) => F.times(F.num(d[i]!), F.num(prev[s]![j]!)));
      derivation.push(
        line(F.eq(F.partial(S.L, sub2(WL(l), i + 1, j + 1)), F.plus(...terms), F.num(row(gW, i)[j] as Scalar))),
      );
    }
  }
  const columns = [
    { header: "unit i", cells: Array.from({ length: layer.units }, (_, i) => sc.frac(i + 1)) as Cell[] },
    { header: F.partial(S.L, unit(bL(l), "i")) as Cell, cells: gb as Cell[] },
    ...Array.from({ length: cols }, (_, j) => ({
      header: F.partial(S.L, F.subscript(WL(l), `i${j + 1}`)) as Cell,
      cells: Array.from({ length: layer.units }, (_, i) => row(gW, i)[j] as Scalar) as Cell[],
    })),
  ];
  const N = input.shape.batch;
  return {
    title: `Layer ${l}: ∂L/∂W${supText(l)} = δ${supText(l)}${below(l)}ᵀ, ∂L/∂b${supText(l)} = δ${supText(l)}`,
    derivation: ruleFirst(
      F.eq(
        F.partial(S.L, sub2(WL(l), "i", "j")),
        N > 0
          ? F.sumOver(F.sym("s"), F.juxt(unit(deltaL(l), "i"), F.subscript(aL(l - 1), S.j)))
          : F.juxt(unit(deltaL(l), "i"), F.subscript(aL(l - 1), S.j)),
      ),
      derivation,
    ),
    answerFields: [`grad.W${l}`, `grad.b${l}`],
    tables: [{ columns: columns as never }],
    notes: N > 0 ? ["each sum runs over the samples of the batch; ∂L/∂b is δ summed the same way"] : [],
  };
}

/** ∂L/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀδ⁽ˡ⁾, then δ⁽ˡ⁻¹⁾ = ∂L/∂a⁽ˡ⁻¹⁾ ⊙ act′(z⁽ˡ⁻¹⁾) (or ∂L/∂x for the input). */
export function backStep(input: NetworkInput, run: NetworkRun, l: number): Step {
  const layer = input.layers[l - 1] as (typeof input.layers)[number];
  const ds = run.gradPerSample(`z${l}`).map(vec);
  const below = l === 1 ? "x" : `a${l - 1}`;
  const das = run.gradPerSample(below).map(vec);
  const derivation: DerivationLine[] = [];
  const target = l === 1 ? S.x : aL(l - 1);
  derivation.push(
    ...perUnit(das, MOST_LINES, (s, j) => {
      const terms = ds[s]!.map((d, i) => F.times(F.num(row(layer.W, i)[j] as Scalar), F.num(d)));
      const v = das[s]![j]!;
      return line(F.eq(F.partial(S.L, unit(target, j + 1)), F.plus(...terms), F.num(v)), sampleReason(input, s));
    }),
  );
  if (l === 1)
    return {
      title: `The input: ∂L/∂x = W${supText(1)}ᵀδ${supText(1)}`,
      derivation: ruleFirst(
        F.eq(F.partial(S.L, unit(S.x, "j")), F.sumOver(S.i, F.juxt(F.subscript(WL(1), "ij"), unit(deltaL(1), "i")))),
        derivation,
      ),
      answerFields: ["grad.x"],
    };
  const k = l - 1;
  const f = activation(input.shape.hidden, input.shape.slope);
  const zs = run.perSample(`z${k}`).map(vec);
  const dk = run.gradPerSample(`z${k}`).map(vec);
  derivation.push(
    ...perUnit(das, MOST_LINES, (s, j) => {
      const v = das[s]![j]!;
      const d = f.df(zs[s]![j]!);
      const result = F.num(dk[s]![j]!);
      return line(F.eq(unit(deltaL(k), j + 1), F.times(F.num(v), F.num(d)), result), sampleReason(input, s));
    }),
  );
  const dname = "σ′";
  return {
    title:
      `Backward to layer ${k}: ∂L/∂a${supText(k)} = W${supText(l)}ᵀδ${supText(l)}, ` +
      `δ${supText(k)} = ∂L/∂a${supText(k)} ⊙ σ′(z${supText(k)}), σ = ${input.shape.hidden}`,
    derivation: ruleFirst(
      F.eq(
        unit(deltaL(k), "j"),
        F.times(
          F.paren(F.sumOver(S.i, F.juxt(F.subscript(WL(l), "ij"), unit(deltaL(l), "i")))),
          F.call(dname, unit(zL(k), "j")),
        ),
      ),
      [
        { formula: activationFormulas(f.name, f.slope).derivative, reason: `the derivative of ${input.shape.hidden}` },
        ...derivation,
      ],
    ),
    answerFields: ["delta"],
  };
}

const entryName = (name: string, t: Tensor, index: number): string => {
  if (isScalar(t)) return name;
  if (isMatrix(t)) {
    const cols = t[0]!.length;
    return `${name}[${Math.floor(index / cols) + 1},${(index % cols) + 1}]`;
  }
  return `${name}[${index + 1}]`;
};

export function checkStep(run: NetworkRun, diffs: readonly FiniteDifference[]): Step {
  const kink = kinkAt(run.g);
  const rows = diffs.map((d) => {
    const r = gradcheckRow<Cell>(
      entryName(d.input, run.values.get(d.input) as Tensor, d.index),
      d.analytic,
      d.numeric,
      { loss: d.loss, h: d.h },
    );
    return kink ? { ...r, checkable: false } : r;
  });
  return gradcheckStep(
    "Finite-difference check",
    rows,
    "weight",
    ["central differences (L(θ + h) − L(θ − h))/2h, h = 1e-6·max(1, |θ|), on entries spread over every W and b"],
    kink
      ? "a unit sits exactly on its activation's kink (z = 0), where PyTorch's one-sided choice is taken"
      : undefined,
  );
}

/** Wₗ's entry k (row-major) or bₗ's as a formula: W⁽²⁾₁₂, b⁽¹⁾₂. */
function paramF(l: number, weight: boolean, shape: Tensor, k: number): Formula {
  const base = weight ? WL(l) : bL(l);
  if (isScalar(shape)) return base;
  if (isMatrix(shape)) {
    const cols = shape[0]!.length;
    return sub2(base, Math.floor(k / cols) + 1, (k % cols) + 1);
  }
  return unit(base, k + 1);
}

/** θ ← θ − α·∂L/∂θ for every weight and bias. */
export function updateStep(input: NetworkInput, run: NetworkRun, next: Record<string, Tensor>): Step {
  const lr = input.lr as Scalar;
  const derivation: DerivationLine[] = [];
  for (let l = 1; l <= input.shape.layers; l++) {
    for (const p of [`W${l}`, `b${l}`]) {
      const shape = run.values.get(p) as Tensor;
      const g = run.grad(p);
      // entry by entry, only as many as are written: a weight of a million entries is not flattened three times
      for (let k = 0; k < sizeOf(shape) && derivation.length < 2 * MOST_LINES; k++) {
        derivation.push(
          line(
            F.eq(
              paramF(l, p.startsWith("W"), shape, k),
              F.minus(F.num(entryOf(shape, k)), F.times(F.num(lr), F.num(entryOf(g, k)))),
              F.num(entryOf(next[p] as Tensor, k)),
            ),
          ),
        );
      }
    }
  }
  const count = input.layers.reduce((n, l) => n + sizeOf(l.W) + sizeOf(l.b), 0);
  return {
    title: `One gradient-descent step, α = ${writtenAs(lr)}: θ ← θ − α·∂L/∂θ`,
    derivation: ruleFirst(
      F.eq(
        F.sym("θ′", "\\theta'"),
        F.minus(F.sym("θ", "\\theta"), F.juxt(S.alpha, F.partial(S.L, F.sym("θ", "\\theta")))),
      ),
      derivation,
    ),
    answerFields: ["next"],
    notes:
      count > derivation.length
        ? [`${derivation.length} of the ${count} updates written out; the answer holds them all`]
        : [],
  };
}
