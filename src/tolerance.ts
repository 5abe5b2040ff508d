// How close a given answer must be to count as right. The default is the
// digits rule (a decimal agrees to the digits it was written with); a class
// may set numpy.isclose's rtol/atol or a number of significant figures, on
// the command line or as "tolerance" in a problem object.
import { fieldError } from "./errors.js";

export type Tolerance =
  | { kind: "digits" }
  | { kind: "close"; rtol: number; atol: number }
  | { kind: "sigfigs"; sigfigs: number };

export const DIGITS: Tolerance = { kind: "digits" };

/** |v − c| ≤ atol + rtol·|c| (numpy.isclose), or v = c rounded to N significant figures ± half a unit there. */
export function withinTolerance(tol: Exclude<Tolerance, { kind: "digits" }>, given: number, computed: number): boolean {
  if (tol.kind === "close") return Math.abs(given - computed) <= tol.atol + tol.rtol * Math.abs(computed);
  if (computed === 0) return given === 0;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(computed))) - tol.sigfigs + 1);
  const rounded = Math.round(computed / unit) * unit;
  // half a unit, widened by the rounding of the two floats
  return Math.abs(given - rounded) <= unit / 2 + 1e-12 * Math.abs(computed);
}

/** The rule as the check table names it: "digits", "rtol 0.01, atol 0", "3 sig. figs". */
export function toleranceName(tol: Tolerance): string {
  if (tol.kind === "digits") return "digits";
  if (tol.kind === "sigfigs") return `${tol.sigfigs} sig. fig${tol.sigfigs === 1 ? "" : "s"}`;
  return `rtol ${tol.rtol}, atol ${tol.atol}`;
}

function nonNegative(value: unknown, label: string): number {
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || (typeof value === "string" && value.trim() === "")) {
    throw fieldError(label, `expected a number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return n;
}

function sigfigsOf(value: unknown, label: string): number {
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 17) {
    throw fieldError(label, `expected a whole number from 1 to 17, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A tolerance from rtol/atol/sigfigs values (flags or a problem object's "tolerance"); undefined when none is set. */
export function toleranceOf(
  given: { rtol?: unknown; atol?: unknown; sigfigs?: unknown },
  name: (key: "rtol" | "atol" | "sigfigs") => string,
): Tolerance | undefined {
  const { rtol, atol, sigfigs } = given;
  if (sigfigs !== undefined) {
    if (rtol !== undefined || atol !== undefined) {
      throw fieldError(name("sigfigs"), `goes alone: give ${name("sigfigs")} or ${name("rtol")}/${name("atol")}`);
    }
    return { kind: "sigfigs", sigfigs: sigfigsOf(sigfigs, name("sigfigs")) };
  }
  if (rtol === undefined && atol === undefined) return undefined;
  return {
    kind: "close",
    rtol: rtol === undefined ? 0 : nonNegative(rtol, name("rtol")),
    atol: atol === undefined ? 0 : nonNegative(atol, name("atol")),
  };
}

/** A problem object's "tolerance": {"rtol": …, "atol": …} or {"sigfigs": N}. */
export function toleranceFromJson(value: unknown): Tolerance | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fieldError("tolerance", 'expected an object such as {"rtol": 0.01} or {"sigfigs": 3}');
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!["rtol", "atol", "sigfigs"].includes(key))
      throw fieldError(`tolerance.${key}`, "unknown; use rtol, atol or sigfigs");
  }
  return toleranceOf(obj, (k) => `tolerance.${k}`);
}
