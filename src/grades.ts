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
  "softmax-overflow":
    "softmax computed without subtracting the max: e^z overflows to ∞ (or underflows to 0) and p is NaN",
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

export interface Grade extends RecordName {
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
  /** Each wrong field with its mistake id or why it is wrong ("xhat: unbiased-variance", "y: not answered"). */
  notes: string[];
  /** Why the record could not be graded. */
  error?: string;
}

/**
 * A question's "points": {"mean": 1, "xhat": 2}, or nested like "expect" ({"grad": {"d": 2}}); each a number ≥ 0,
 * each an answer field of the problem (`fields`). A group's points ("grad") cover every answer under it.
 */
/** The most points one field may be worth (README: limits). */
export const MAX_POINTS = 1_000_000;

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
      // a class's totals add points over students and questions: far below float64's range they stay exact
      if (v > MAX_POINTS) throw fieldError(label, `at most ${MAX_POINTS.toLocaleString("en-US")} points, got ${v}`);
      if (!fields.includes(path))
        throw fieldError(
          label,
          `is not an answer field of this problem${didYouMean(path, [...fields])}; it has ${fields.join(", ")}`,
        );
      out.set(path, v);
    }
  };
  walk("", value as Record<string, unknown>);
  if (out.size === 0) throw new InputError('points: is empty; give the points per answer field, such as {"mean": 1}');
  return out;
}

/** The fields a check graded: its groups, in the order of the solution's steps. */
export function checkedFields(check: CheckResult): string[] {
  return [...new Set(check.items.map((i) => i.group))];
}

/** Where a record is and what it is called: its id as printed (or its position), the id as given. */
export interface RecordName {
  id: string;
  rawId?: unknown;
  position: string;
  /** The record's "student" and "question", for the per-student table. */
  student?: string;
  question?: string;
}

/** What the mistakes column says of a wrong field: its mistake id, else why it is wrong. */
export function wrongNote(f: FieldGrade): string {
  return `${f.field}: ${f.diagnosis?.mistake ?? f.reason ?? "wrong"}`;
}

/**
 * One record's grade from its check. With `points`, the fields are the points' (a field the check lacks is
 * wrong: the check marks it "not answered"); without, every field checked is worth one point.
 */
export function gradeOf(
  where: RecordName & { problem: string },
  check: CheckResult | undefined,
  points?: ReadonlyMap<string, number>,
): Grade {
  const groups = check ? checkedFields(check) : [];
  // the points' fields in the order the check has them (the solution's steps)
  const names = points ? [...points.keys()].sort((a, b) => firstOf(groups, a) - firstOf(groups, b)) : groups;
  const fields: FieldGrade[] = names.map((field) => {
    const items = check?.items.filter((i) => i.group === field || i.group.startsWith(`${field}.`)) ?? [];
    const diagnosed = items.find((i) => i.diagnosis !== undefined)?.diagnosis;
    const reason = items.find((i) => !i.passed && i.reason !== undefined)?.reason;
    return {
      field,
      passed: items.length > 0 && items.every((i) => i.passed),
      points: points?.get(field) ?? 1,
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
    notes: fields.filter((f) => !f.passed).map(wrongNote),
  };
}

/** Where a field (or the first field under it) comes among the check's groups. */
function firstOf(groups: readonly string[], field: string): number {
  const i = groups.findIndex((g) => g === field || g.startsWith(`${field}.`));
  return i < 0 ? groups.length : i;
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
    notes: [],
    error,
  };
}

export interface GradeSummary {
  records: number;
  /** Records with a score. */
  graded: number;
  /** Records that could not be solved. */
  errors: number;
  /** Sources that could not be read (a file missing or empty, an array not closed): on stderr, not rows. */
  inputErrors: number;
  /** Records solved with nothing to check. */
  unchecked: number;
  /** Mean of the scores of the graded records; null when none is. */
  meanScore: number | null;
  /** Records with every checked field right. */
  fullMarks: number;
  /** Each mistake with the number of records that made it, most common first. */
  mistakes: Array<[string, number]>;
  /** Fields left blank that the points asked for. */
  notAnswered: number;
  /** Wrong fields no known mistake explains (a value that could not be read included). */
  unexplained: number;
  /** A total per "student", in the order first seen; empty when no record names one. */
  students: StudentTotal[];
}

/** One student's total over their records (SPEC 6.3). */
export interface StudentTotal {
  student: string;
  pointsRight: number;
  pointsPossible: number;
  /** pointsRight / pointsPossible; null when nothing was possible. */
  score: number | null;
  /** The questions not fully right (the question's id, else the record's), in the order graded. */
  missed: string[];
}

/** Tallies grades as they come, for a summary at the end (memory: a counter per mistake id and per student). */
export class GradeBook {
  private records = 0;
  private graded = 0;
  private errors = 0;
  private inputErrors = 0;
  private unchecked = 0;
  private total = 0;
  private fullMarks = 0;
  private notAnswered = 0;
  private unexplained = 0;
  private readonly mistakes = new Map<string, number>();
  private readonly students = new Map<string, Omit<StudentTotal, "score">>();

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
    for (const f of g.fields) {
      if (f.passed || f.diagnosis) continue;
      if (f.reason === "not answered") this.notAnswered++;
      else this.unexplained++;
    }
    if (g.student !== undefined) this.addToStudent(g.student, g);
  }

  /** A source that could not be read: counted, never a record. */
  addInputError(): void {
    this.inputErrors++;
  }

  private addToStudent(student: string, g: Grade): void {
    let t = this.students.get(student);
    if (!t) {
      t = { student, pointsRight: 0, pointsPossible: 0, missed: [] };
      this.students.set(student, t);
    }
    t.pointsRight += g.pointsRight;
    t.pointsPossible += g.pointsChecked;
    const question = g.question ?? g.id;
    if (g.error !== undefined) t.missed.push(`${question} (not graded)`);
    else if (g.right < g.checked) t.missed.push(question);
  }

  summary(): GradeSummary {
    return {
      records: this.records,
      graded: this.graded,
      errors: this.errors,
      inputErrors: this.inputErrors,
      unchecked: this.unchecked,
      meanScore: this.graded > 0 ? this.total / this.graded : null,
      fullMarks: this.fullMarks,
      // by count, ties in the order first seen (a Map keeps insertion order; sort is stable)
      mistakes: [...this.mistakes].sort((a, b) => b[1] - a[1]),
      notAnswered: this.notAnswered,
      unexplained: this.unexplained,
      students: [...this.students.values()].map((t) => ({
        ...t,
        score: t.pointsPossible > 0 ? t.pointsRight / t.pointsPossible : null,
      })),
    };
  }
}
