// The one number formatter every renderer uses.
import type { Exact, Scalar } from "../core/scalar.js";
import { MAX_SAFE_BIG, smallParts, toNumber } from "../core/scalar.js";

export { formatFloat } from "../core/digits.js";

import { formatFloat, pow10 } from "../core/digits.js";
import { typedAsDecimal } from "../solution/solution.js";

/**
 * The number of significant digits of n/d's decimal expansion (n ≥ 0,
 * d > 0), or undefined when it does not terminate: 173/250 = 0.692 has 3.
 */
function decimalDigits(n: bigint, d: bigint): number | undefined {
  if (n <= MAX_SAFE_BIG && d <= MAX_SAFE_BIG) {
    const { places, terminating } = twosAndFives(Number(d));
    if (!terminating) return undefined;
    const scaled = Number(n) * pow10(places);
    if (places <= 15 && Number.isSafeInteger(scaled)) {
      let digits = scaled / Number(d);
      if (digits === 0) return 0;
      while (digits % 10 === 0) digits /= 10;
      return String(digits).length;
    }
  }
  const { places, terminating } = twosAndFives(d);
  if (!terminating) return undefined;
  // n/d = n·10^k/d / 10^k with n·10^k/d a whole number: count its significant digits.
  let digits = (n * 10n ** BigInt(places)) / d;
  if (digits === 0n) return 0;
  while (digits % 10n === 0n) digits /= 10n;
  return digits.toString().length;
}

/** True when n/d (d > 0) has a finite decimal expansion of at most `precision` significant digits. */
function shortDecimal(n: bigint, d: bigint, precision: number): boolean {
  const digits = decimalDigits(n < 0n ? -n : n, d);
  return digits !== undefined && digits <= precision;
}

/** Significant digits of an exact decimal past which it is shown as a fraction (or rounded). */
const MAX_EXACT_DECIMAL_DIGITS = 12;

/** Powers of 2 and 5 in d, and whether nothing else divides it. */
function twosAndFives(d: number | bigint): { places: number; terminating: boolean } {
  let twos = 0;
  let fives = 0;
  if (typeof d === "number" && d >= 1 && d <= 0x7fffffff) {
    // in 32 bits the remainders are integer divisions, not calls to fmod
    let x = d | 0;
    while ((x & 1) === 0) {
      x >>= 1;
      twos++;
    }
    while (x % 5 === 0) {
      x = (x / 5) | 0;
      fives++;
    }
    return { places: Math.max(twos, fives), terminating: x === 1 };
  }
  if (typeof d === "number") {
    while (d % 2 === 0) {
      d /= 2;
      twos++;
    }
    while (d % 5 === 0) {
      d /= 5;
      fives++;
    }
    return { places: Math.max(twos, fives), terminating: d === 1 };
  }
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return { places: Math.max(twos, fives), terminating: d === 1n };
}

/** "0.692" from the digits 692, 3 places, and the sign; undefined when too long to read. */
function decimalFromDigits(digitsOfValue: string, places: number, negative: boolean): string | undefined {
  const digits = digitsOfValue.length > places ? digitsOfValue : digitsOfValue.padStart(places + 1, "0");
  const point = digits.length - places;
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  let end = digits.length;
  while (end > lead && digits.charCodeAt(end - 1) === 48) end--;
  const significant = end - lead;
  if (significant > MAX_EXACT_DECIMAL_DIGITS) return undefined;
  const whole = digits.slice(0, point);
  const text = end > point ? `${whole}.${digits.slice(point, end)}` : whole;
  // very small or large exact decimals read better in scientific notation
  if (text.startsWith("0.0000") || whole.length > 12)
    return formatFloat(Number(text) * (negative ? -1 : 1), significant);
  return negative ? `-${text}` : text;
}

/**
 * The exact decimal spelling of n/d when there is a short one and it reads
 * better than the fraction: 173/250 is 0.692, the number a student typed;
 * halves and quarters (d < 10) keep their fraction form, as worked solutions
 * write them.
 */
function exactDecimal(abs: bigint | number, d: bigint | number, negative: boolean, typed = false): string | undefined {
  if (d < 10 && !typed) return undefined;
  if (typeof abs === "number" || typeof d === "number" || (d <= MAX_SAFE_BIG && abs <= MAX_SAFE_BIG)) {
    const an = Number(abs);
    const dn = Number(d);
    const { places, terminating } = twosAndFives(dn);
    if (!terminating) return undefined;
    // dn divides 10^places, so the digits are an times the quotient: exact while that is a safe integer
    if (places <= 15) {
      const digits = an * (pow10(places) / dn);
      if (Number.isSafeInteger(digits)) return decimalFromDigits(String(digits), places, negative);
    }
    abs = BigInt(abs);
    d = BigInt(d);
  }
  const { places, terminating } = twosAndFives(d);
  if (!terminating) return undefined;
  return decimalFromDigits(((abs * 10n ** BigInt(places)) / d).toString(), places, negative);
}

/** The exact decimal of a fraction, from the numbers a small one holds or else its BigInts (undefined if none). */
function fractionDecimal(s: Exact): string | undefined {
  const small = smallParts(s);
  if (!small) return exactDecimal(s.n, s.d, s.s < 0n);
  // worked out once per value: an input is printed in the mean, the variance and x̂'s steps
  if (small.decimal !== undefined) return small.decimal ?? undefined;
  const decimal = exactDecimal(Math.abs(small.sn), small.dn, small.sn < 0);
  small.decimal = decimal ?? null;
  return decimal;
}

/** A scalar as it is written inside a formula: "-5/3", "6", "0.692", "1.66667". */
export function scalarText(s: Scalar, precision: number): string {
  if (typeof s === "number") return formatFloat(s, precision);
  const small = smallParts(s);
  // A small fraction is read off its numbers, and an input's decimal is worked out once (fractionDecimal), not in
  // every step that prints it: a typed decimal differs from its cached decimal only below 10ths (0.5, not 1/2).
  if (small?.dn === 1) return String(small.sn);
  if ((small ? small.dn < 10 : s.d !== 1n) && typedAsDecimal(s)) {
    const typed = small
      ? exactDecimal(Math.abs(small.sn), small.dn, small.sn < 0, true)
      : exactDecimal(s.n, s.d, s.s < 0n, true);
    if (typed !== undefined) return typed;
  }
  // whole numbers and halves and quarters have no decimal here (exactDecimal: d < 10)
  const decimal = fractionDecimal(s);
  if (decimal !== undefined) return decimal;
  const text = s.toFraction();
  // A fraction too long to read (the exact 1e-30 is 1/1000…0) is shown as its decimal, which depends on the precision.
  return text.length > MAX_FRACTION_LENGTH ? formatFloat(toNumber(s), precision) : text;
}

/**
 * True when scalarText(s) is not s itself: a float shown in fewer digits, or
 * an exact value too long to write (a 30-digit fraction) shown as a decimal.
 */
export function printsRounded(s: Scalar, precision: number): boolean {
  // A float is float64 arithmetic's value, not the exact one (which may differ in any digit): always ≈.
  if (typeof s === "number") return Number.isFinite(s);
  const text = scalarText(s, precision);
  if (text.includes("/")) return false;
  // a small fraction typed as a decimal (0.2 for 1/5) prints as that decimal, exactly
  return text !== (fractionDecimal(s) ?? wholeDecimal(s) ?? s.toFraction());
}

/** The exact decimal of any terminating fraction, small denominators too (1/5 is 0.2); undefined if none. */
function wholeDecimal(s: Exact): string | undefined {
  const small = smallParts(s);
  return small
    ? exactDecimal(Math.abs(small.sn), small.dn, small.sn < 0, true)
    : exactDecimal(s.n, s.d, s.s < 0n, true);
}

/** Exact fractions longer than this print as decimals in text; JSON's `exact` keeps them whole. */
export const MAX_FRACTION_LENGTH = 24;

/**
 * A result as a reader wants it: exact with its decimal beside it when the
 * decimal differs ("-5/3 ≈ -1.66667", "1/4 = 0.25"), a float in `precision`
 * significant digits.
 */
export function valueText(s: Scalar, precision: number): string {
  if (typeof s === "number") return formatFloat(s, precision);
  // integers, exact decimals and fractions too long to read have one form only
  const exactForm = scalarText(s, precision);
  if (s.d === 1n || !exactForm.includes("/")) return exactForm;
  const sign = shortDecimal(s.n, s.d, precision) ? "=" : "≈";
  return `${exactForm} ${sign} ${formatFloat(toNumber(s), precision)}`;
}

/** The terminating decimal of an exact fraction of any denominator (2/5 → "0.4"), or undefined. */
export function asDecimal(s: Exact): string | undefined {
  const small = smallParts(s);
  return small
    ? exactDecimal(Math.abs(small.sn), small.dn, small.sn < 0, true)
    : exactDecimal(s.n, s.d, s.s < 0n, true);
}

/** How the exact entries of a vector or table column are written when their own forms would mix. */
export type VectorForm = "decimal" | "fraction" | undefined;

/**
 * One form for values shown together (a vector, a table column): when short fractions (2/5) sit beside exact
 * decimals (-0.1), all as decimals if every fraction has one, else all as fractions (-1/25 beside 1/7);
 * undefined when they do not mix (or a fraction is too long to write).
 */
export function vectorForm(values: Iterable<unknown>, precision: number): VectorForm {
  let decimal = false;
  let fraction = false;
  let terminating = true;
  let writable = true;
  for (const s of values) {
    if (typeof s !== "object" || s === null || !isExactScalar(s) || s.d === 1n) continue;
    if (scalarText(s, precision).includes("/")) {
      fraction = true;
      if (asDecimal(s) === undefined) terminating = false;
    } else {
      decimal = true;
      if (s.toFraction().length > MAX_FRACTION_LENGTH) writable = false;
    }
  }
  if (!decimal || !fraction) return undefined;
  return terminating ? "decimal" : writable ? "fraction" : undefined;
}

/** An exact entry in its vector's form ("0.4", "-1/25"), or undefined to print it as usual. */
export function inForm(s: Scalar, form: VectorForm): string | undefined {
  if (form === undefined || typeof s === "number" || s.d === 1n) return undefined;
  return form === "decimal" ? asDecimal(s) : s.toFraction();
}

const isExactScalar = (s: object): s is Exact => "d" in s && typeof (s as { d: unknown }).d === "bigint";
