// Grading a class (SPEC 6.3): a record's check becomes a row of fields
// checked, fields right and a score weighted by points; rows become a summary.
// A field is one answer of the record's "expect" (mean, xhat, grad.d): a
// vector or matrix field is right only when every entry is.
import type { CheckResult } from "./check.js";
import { fieldError, InputError, jsonKind } from "./errors.js";
import { didYouMean } from "./input/suggest.js";

/** What each mistake id means (SPEC 6.2), for the summary of a class. */
export const MISTAKE_MEANINGS: Record<string, string> = {
  "unbiased-variance": "the variance (and what follows from it) divided by m − 1 instead of m",
  "std-for-variance": "σ given for σ², or σ² for σ",
  "divided-by-variance": "x̂ = (x − μ)/σ² instead of (x − μ)/σ",
  "forgot-affine": "y = x̂, without γ and β",
  "sigmoid-for-derivative": "σ(z) given for σ′(z)",
  "missing-factor-2": "the gradients of ½(y − ŷ)² where the loss is (y − ŷ)²",
  "sign-flip": "the gradient's negative (y − p for p − y)",
  "activation-for-derivative": "σ(zᵢ) where σ′(zᵢ) belongs in ∂L/∂b and ∂L/∂A",
  "update-sign": "θ + α·g instead of θ − α·g",
  "no-regularisation": "the least-squares solution, without λ",
  "no-mean-subtraction": "∂L/∂x = γ·∂L/∂y, without subtracting the mean",
  "forgot-gamma": "∂L/∂x = ∂L/∂y − mean(∂L/∂y), without γ",
  "no-batch-mean": "the gradient of the summed loss where the mean was asked",
  "no-bias-correction": "Adam without m̂ and v̂",
  "padding-once": "n + p instead of n + 2p in the output size",
  "no-plus-one": "the output size without its + 1",
  "no-bias-params": "parameters counted without the biases",
  "no-scale": "attention scores QKᵀ without the scale (1/√d)",
  "softmax-over-columns": "attention weights normalised down each column instead of each row",
  "mask-ignored": "attention with the masked scores left in",
  "branch-not-summed": "a node used twice given the gradient of one branch only",
  "local-only": "the local derivative alone, without the upstream gradient it multiplies",
  "missing-activation-derivative": "δ = ∂L/∂a, without the activation's derivative act′(z)",
  "no-transpose": "∂L/∂a = Wδ where the gradient flows back through Wᵀ",
  "wrong-fan": "an initialisation's variance over the wrong fan (fan_in alone for Xavier, the other mode for He)",
  "not-inverted": "dropout's kept units without the 1/(1 − p) that inverted dropout applies in training",
  "keep-for-drop": "dropout's p read as the keep probability (PyTorch's p is the probability of dropping)",
  "value-for-derivative": "the activation's value f(z) given for its derivative f′(z)",
  "one-bias": "a recurrent layer counted with one bias per gate (Keras) where PyTorch's two were asked",
  "two-biases": "a recurrent layer counted with PyTorch's two biases per gate where one was asked",
  "flipped-kernel": "convolution (the kernel flipped) where cross-correlation was asked, or the reverse",
  "no-padding": "the output computed without the zero padding",
  "avg-for-max": "the window's mean where max pooling takes its largest entry",
  "gradient-to-all": "max pooling's gradient sent to every entry of the window, not only to its maximum",
  "last-step-only": "W's gradient from the last time step alone, not summed over every step",
};

export interface FieldGrade {
  field: string;
  passed: boolean;
  points: number;
  /** The first named mistake among the field's wrong entries. */
  diagnosis?: { mistake: string; message: string };
  /** Why the given value could not be compared (not a number, the wrong length). */
  reason?: string;
}

export interface Grade {
  /** The record's id as a string, or its position when it has none. */
  id: string;
  /** The record's "id" as given (a string, a number, …). */
  rawId?: unknown;
  position: string;
  /** The problem's name; undefined when the record did not name a known one. */
  problem?: string;
  checked: number;
  right: number;
  /** Points of the right fields over points checked; null when nothing was checked (or every field is worth 0). */
  score: number | null;
  pointsRight: number;
  pointsChecked: number;
  fields: FieldGrade[];
  /** The mistakes named in this record, each once, in the order of its fields. */
  mistakes: string[];
  /** Why the record could not be graded. */
  error?: string;
}

/** A record's "points": {"mean": 1, "xhat": 2} or nested like "expect" ({"grad": {"d": 2}}); each a number ≥ 0. */
export function pointsFromJson(value: unknown, fields: readonly string[]): Map<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(
      `points: expected an object of points per answer field, such as {"mean": 1}, got ${jsonKind(value)}`,
    );
  const out = new Map<string, number>();
  const walk = (prefix: string, obj: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        walk(path, v as Record<string, unknown>);
        continue;
      }
      const label = `points.${path}`;
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
        throw fieldError(label, `expected a number ≥ 0, got ${typeof v === "number" ? v : jsonKind(v)}`);
      if (!fields.includes(path))
        throw fieldError(
          label,
          `is not a field of this record's "expect"${didYouMean(path, [...fields])}; it checks ${fields.join(", ")}`,
        );
      out.set(path, v);
    }
  };
  walk("", value as Record<string, unknown>);
  return out;
}

/** The fields a check graded: its groups, in the order of the solution's steps. */
export function checkedFields(check: CheckResult): string[] {
  return [...new Set(check.items.map((i) => i.group))];
}

/** One record's grade from its check; one point per field unless `points` says otherwise. */
/** Where a record is and what it is called: its id as printed (or its position), the id as given. */
export interface RecordName {
  id: string;
  rawId?: unknown;
  position: string;
}

export function gradeOf(
  where: RecordName & { problem: string },
  check: CheckResult | undefined,
  points: ReadonlyMap<string, number> = new Map(),
): Grade {
  const fields: FieldGrade[] = (check ? checkedFields(check) : []).map((field) => {
    const items = check?.items.filter((i) => i.group === field) ?? [];
    const diagnosed = items.find((i) => i.diagnosis !== undefined)?.diagnosis;
    const reason = items.find((i) => i.reason !== undefined)?.reason;
    return {
      field,
      passed: items.every((i) => i.passed),
      points: points.get(field) ?? 1,
      ...(diagnosed ? { diagnosis: diagnosed } : {}),
      ...(reason ? { reason } : {}),
    };
  });
  const sum = (fs: FieldGrade[]) => fs.reduce((t, f) => t + f.points, 0);
  const pointsChecked = sum(fields);
  const pointsRight = sum(fields.filter((f) => f.passed));
  return {
    ...where,
    checked: fields.length,
    right: fields.filter((f) => f.passed).length,
    score: pointsChecked > 0 ? pointsRight / pointsChecked : null,
    pointsRight,
    pointsChecked,
    fields,
    mistakes: [...new Set(fields.flatMap((f) => (f.diagnosis ? [f.diagnosis.mistake] : [])))],
  };
}

/** The row of a record that could not be graded. */
export function ungraded(where: RecordName & { problem?: string }, error: string): Grade {
  return {
    ...where,
    checked: 0,
    right: 0,
    score: null,
    pointsRight: 0,
    pointsChecked: 0,
    fields: [],
    mistakes: [],
    error,
  };
}

export interface GradeSummary {
  records: number;
  /** Records with a score. */
  graded: number;
  /** Records that could not be solved. */
  errors: number;
  /** Records solved with nothing to check. */
  unchecked: number;
  /** Mean of the scores of the graded records; null when none is. */
  meanScore: number | null;
  /** Records with every checked field right. */
  fullMarks: number;
  /** Each mistake with the number of records that made it, most common first. */
  mistakes: Array<[string, number]>;
}

/** Tallies grades as they come, for a summary at the end (memory: one counter per mistake id). */
export class GradeBook {
  private records = 0;
  private graded = 0;
  private errors = 0;
  private unchecked = 0;
  private total = 0;
  private fullMarks = 0;
  private readonly mistakes = new Map<string, number>();

  add(g: Grade): void {
    this.records++;
    if (g.error !== undefined) this.errors++;
    else if (g.score === null) this.unchecked++;
    else {
      this.graded++;
      this.total += g.score;
      if (g.right === g.checked) this.fullMarks++;
    }
    for (const m of g.mistakes) this.mistakes.set(m, (this.mistakes.get(m) ?? 0) + 1);
  }

  summary(): GradeSummary {
    return {
      records: this.records,
      graded: this.graded,
      errors: this.errors,
      unchecked: this.unchecked,
      meanScore: this.graded > 0 ? this.total / this.graded : null,
      fullMarks: this.fullMarks,
      // by count, ties in the order first seen (a Map keeps insertion order; sort is stable)
      mistakes: [...this.mistakes].sort((a, b) => b[1] - a[1]),
    };
  }
}
