// How a chart writes a number: short enough for an axis or a label.

/** A number short enough for an axis: 4 significant digits, no trailing zeros. */
export function tick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}
