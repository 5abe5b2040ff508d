// How a chart writes a number, and where an axis puts its ticks: at 1, 2 or
// 5 × 10ᵏ (d3-array's ticks, the ones charting libraries use), whole numbers
// only on an axis of whole numbers (steps, time steps).
import { tickStep, ticks } from "d3-array";

/** A number short enough for an axis: 4 significant digits, no trailing zeros. */
export function tick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

/** About `count` nice ticks from lo to hi (both finite); only whole ones with `whole`. */
export function niceTicks(lo: number, hi: number, count: number, whole = false): number[] {
  const found = ticks(lo, hi, count);
  if (!whole) return found;
  const step = Math.max(1, Math.ceil(tickStep(lo, hi, count)));
  return found.filter((t) => Number.isInteger(t) && t % step === 0);
}

/**
 * An axis range with room for [lo, hi] that starts and ends on a nice step, in
 * at most `most` steps: [min, max, steps]. A single value gets a range around it.
 */
export function niceRange(lo: number, hi: number, most: number): [number, number, number] {
  // a spread far below float64's resolution of the values (1e-12 of them) is one value
  const same = hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi));
  const [a, b] = same ? [lo - (Math.abs(lo) || 1) / 2, hi + (Math.abs(hi) || 1) / 2] : [lo, hi];
  for (let count = most; count >= 1; count--) {
    const step = tickStep(a, b, count);
    const min = Math.floor(a / step) * step;
    const max = Math.ceil(b / step) * step;
    const steps = Math.round((max - min) / step);
    if (steps <= most && Number.isFinite(min) && Number.isFinite(max)) return [min, max, steps];
  }
  return [a, b, 1];
}

/** Whether every value is a whole number (an axis of steps). */
export const wholeNumbers = (xs: readonly number[]) => xs.length > 0 && xs.every(Number.isInteger);
