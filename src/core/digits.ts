// A float written in N significant digits, %g-style: the one way every
// renderer, and the check's tolerance labels, write a rounded number; and the
// exact rational a decimal spells (how input reads it, and json echoes it).

import type { Fraction } from "fraction.js";
import * as sc from "./scalar.js";

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

/** Decimal exponents beyond this are refused rather than carried as huge fractions. */
const MAX_DECIMAL_EXPONENT = 400;

export const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/;

/**
 * The exact rational a decimal literal spells: "0.1" is 1/10, "1.2e-3" is 3/2500.
 * Returns undefined when the text is not a plain decimal.
 */
export function decimalToFraction(text: string): Fraction | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, signText, body = "", expText] = m;
  const dot = body.indexOf(".");
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const fractionDigits = dot < 0 ? 0 : body.length - dot - 1;
  const exponent = (expText ? Number(expText) : 0) - fractionDigits;
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_DECIMAL_EXPONENT + digits.length) {
    return undefined;
  }
  // Up to 15 digits and 10^15 the integers are exact in float64: the small-fraction path.
  if (digits.length <= 15 && exponent >= -15 && exponent <= 15) {
    const whole = Number(digits === "" ? "0" : digits) * (signText === "-" ? -1 : 1);
    if (exponent < 0) return sc.frac(whole, 10 ** -exponent);
    const n = whole * 10 ** exponent;
    if (Number.isSafeInteger(n)) return sc.frac(n);
  }
  let n = BigInt(digits === "" ? "0" : digits);
  let d = 1n;
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d = 10n ** BigInt(-exponent);
  if (signText === "-") n = -n;
  return sc.frac(n, d);
}

/**
 * A double as n/10^k with the fewest places k, when |n| < 10^15: then it is
 * the decimal the double prints as, since two decimals of 15 significant
 * digits never round to one double (DBL_DIG). Found without making the
 * string: the common case of a JSON number like -1.312.
 */
export function printedDecimal(v: number): Fraction | undefined {
  let scale = 1;
  for (let k = 0; k <= 15; k++) {
    const n = Math.round(v * scale);
    if (n >= 1e15 || n <= -1e15) return undefined;
    if (n / scale === v) return sc.frac(n, scale);
    scale *= 10;
  }
  return undefined;
}
