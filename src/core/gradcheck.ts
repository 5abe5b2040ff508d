// Finite-difference gradient checks, with PyTorch gradcheck's tolerances.

/** gradcheck's defaults: a gradient passes when |analytic − numeric| ≤ atol + rtol·|numeric|. */
export const GRADCHECK_ATOL = 1e-5;
export const GRADCHECK_RTOL = 1e-3;
/** Step of the central differences. */
export const FD_STEP = 1e-6;

/** A finite-difference check evaluates at most this many coordinates (each costs one evaluation of the loss). */
export const FD_COORDINATES = 10;

/** The coordinates a check evaluates: all of them up to `most`, else `most` spread evenly, first and last included. */
export function checkedCoordinates(count: number, most = FD_COORDINATES): number[] {
  if (count <= most) return Array.from({ length: count }, (_, k) => k);
  return Array.from({ length: most }, (_, k) => Math.round((k * (count - 1)) / (most - 1)));
}

/**
 * The step for a parameter of size |θ|: FD_STEP·max(1, |θ|). A fixed 1e-6
 * is below one ulp of θ = 1e150 (θ ± h == θ), and the check would mark a
 * right gradient wrong.
 */
export function relativeStep(theta: number): number {
  return FD_STEP * Math.max(1, Math.abs(theta));
}

/** ∂f/∂θⱼ by a central difference along coordinate j, with a step relative to θⱼ (θ itself is not changed). */
export function partialDifference(f: (theta: number[]) => number, theta: readonly number[], j: number): number {
  const w = theta.slice();
  const at = theta[j] as number;
  return centralDifference(
    (u) => {
      w[j] = u;
      return f(w);
    },
    at,
    relativeStep(at),
  );
}

/** (f(x + h) − f(x − h)) / 2h. */
export function centralDifference(f: (x: number) => number, x: number, h = FD_STEP): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

export function gradcheckPasses(analytic: number, numeric: number): boolean {
  return Math.abs(analytic - numeric) <= GRADCHECK_ATOL + GRADCHECK_RTOL * Math.abs(numeric);
}

/**
 * A check by relative error alone, for a derivative whose finite difference
 * keeps its relative precision (σ′ at −|z|): gradcheck's atol 1e-5 would pass
 * any value of a derivative smaller than 1e-5, right or wrong.
 */
export const RELATIVE_RTOL = 1e-6; // the notes that quote it say 1e-6
export function relativeCheckPasses(analytic: number, numeric: number, rtol = RELATIVE_RTOL): boolean {
  return relativeError(analytic, numeric) <= rtol;
}

/** |a − n| / max(|a|, |n|), and 0 when both are 0. */
export function relativeError(analytic: number, numeric: number): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  return scale === 0 ? 0 : Math.abs(analytic - numeric) / scale;
}

/** One checked gradient; `name` is whatever the caller labels it with. */
export interface GradcheckRow<Name = string> {
  name: Name;
  analytic: number;
  numeric: number;
  relError: number;
  passed: boolean;
  /** False when the loss changes by less than its own rounding over the step: no difference can check it. */
  checkable: boolean;
}

/**
 * A finite difference checks ∂L/∂θ only when the change it measures,
 * |∂L/∂θ|·h, stands well above the rounding of L itself (ε·|L|): with
 * L = 1e300, a gradient of 1e149 moves L by less than one ulp. The larger of
 * the analytic and the numeric gradient decides, so a wrong gradient that is
 * small where the true one is large is still checked (and fails).
 */
export function isCheckable(analytic: number, numeric: number, h: number, loss: number): boolean {
  return Math.max(Math.abs(analytic), Math.abs(numeric)) * h > 1e4 * Number.EPSILON * Math.abs(loss);
}

/** A row; given the loss at θ and the step, a gradient no difference can see is marked not checkable. */
export function gradcheckRow<Name>(
  name: Name,
  analytic: number,
  numeric: number,
  at?: { loss: number; h: number },
): GradcheckRow<Name> {
  return {
    name,
    analytic,
    numeric,
    relError: relativeError(analytic, numeric),
    passed: gradcheckPasses(analytic, numeric),
    checkable: at === undefined || (analytic === 0 && numeric === 0) || isCheckable(analytic, numeric, at.h, at.loss),
  };
}
