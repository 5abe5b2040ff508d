// A float written in N significant digits, %g-style: the one way every
// renderer, and the check's tolerance labels, write a rounded number.

/** 10^0 … 10^15, each exact in float64 (a lookup, not a call to pow). */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** 10^k, from the table when it holds it. */
export const pow10 = (k: number): number => (k <= 15 ? (POW10[k] as number) : 10 ** k);

/** A float in `precision` significant digits, %g-style: 1.66667, 4.24835e-18, 1e+06. */
export function formatFloat(x: number, precision: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  // Small integers print as themselves: the common case, and no string surgery.
  if (Number.isInteger(x) && ax < pow10(Math.min(precision, 15))) return String(x);
  if (ax >= 1e-4 && ax < pow10(precision)) {
    // 999999.7 rounds up to 1.00000e+6 in 6 digits: the exponent form is trimmed too.
    const s = x.toPrecision(precision);
    const at = s.indexOf("e");
    return at < 0 ? trimZeros(s, s.length) : trimZeros(s, at) + s.slice(at);
  }
  const e = x.toExponential(precision - 1);
  const at = e.indexOf("e");
  // As C's %g: the exponent of the rounded value decides, so 0.000099 in one digit is 0.0001.
  if (e.endsWith("e-4")) {
    const plain = x.toPrecision(precision);
    return trimZeros(plain, plain.length);
  }
  return trimZeros(e, at) + e.slice(at);
}

/** s[0, end) without the trailing zeros of its fraction part (and without a bare "."): 1.50000 → 1.5, 2.000 → 2. */
function trimZeros(s: string, end: number): string {
  if (s.lastIndexOf(".", end) < 0) return s.slice(0, end);
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
