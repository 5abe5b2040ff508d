// Scalars are exact rationals (mathjs's BigInt-backed Fraction) or float64
// numbers. Arithmetic stays exact while both operands are exact and falls back
// to float64 as soon as one is not, so a problem never has to track a "mode".
import { Fraction } from "fraction.js";

/**
 * Exact fractions serve a human-sized problem; past this many input values
 * a problem is read and solved in float64 (and says so), so a million-value
 * batch costs what float64 costs.
 */
export const EXACT_LIMIT = 2000;

/**
 * The one exactness limit on a number's size: an exact value whose numerator
 * or denominator passes this many bits is carried on in float64 (and
 * the problem says so) — a power in an expression, a value after many exact
 * gradient steps.
 */
export const MAX_EXACT_BITS = 1024;

export type Exact = Fraction;

/** The bits of the larger of a fraction's numerator and denominator (0 for a float). */
export function exactBits(s: Scalar): number {
  return typeof s === "number" ? 0 : Math.max(s.n.toString(2).length, s.d.toString(2).length);
}
export type Scalar = Fraction | number;

export function isExact(s: Scalar): s is Fraction {
  return typeof s !== "number";
}

export function frac(n: number | bigint, d: number | bigint = 1): Fraction {
  if (typeof n === "number" && typeof d === "number" && Number.isSafeInteger(n) && Number.isSafeInteger(d) && d > 0)
    return ratio(n, d);
  return new Fraction(BigInt(n), BigInt(d));
}

// Exact arithmetic on small fractions in float64 integers. Most exam numbers
// (0.692, 7/3) have numerators and denominators far below 2^53, where the
// products and sums of integers are exact in float64: computing them there and
// reducing with a float64 gcd gives the same fraction as BigInt arithmetic,
// several times faster. Every result is checked to be a safe integer; when
// one is not, the operation is done in BigInt as before.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 2^53 − 1 as a BigInt: up to here a numerator or denominator is exact in float64. */
export const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/** Greatest common divisor of two whole numbers (≥ 0). */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * n/d in lowest terms, for safe integers n and d > 0: built as mathjs builds
 * its own results (a Fraction with BigInt sign, numerator and denominator).
 */
function ratio(n: number, d: number): Fraction {
  const abs = n < 0 ? -n : n;
  const g = gcd(abs, d);
  const f = Object.create(Fraction.prototype) as { s: bigint; n: bigint; d: bigint };
  f.s = n < 0 ? -1n : 1n;
  f.n = BigInt(abs / g);
  f.d = BigInt(d / g);
  return f as unknown as Fraction;
}

/** The signed numerator of a, when a's numerator and denominator are safe integers (else NaN). */
function smallN(a: Fraction): number {
  return a.n <= MAX_SAFE_BIG && a.d <= MAX_SAFE_BIG ? (a.s < 0n ? -Number(a.n) : Number(a.n)) : NaN;
}

const safe = (x: number): boolean => x <= MAX_SAFE && x >= -MAX_SAFE;

/** a ± b (sign ±1) on small fractions, or undefined when a product or the sum is not a safe integer. */
function addSmall(a: Fraction, b: Fraction, sign: number): Fraction | undefined {
  const an = smallN(a);
  const bn = smallN(b);
  if (Number.isNaN(an) || Number.isNaN(bn)) return undefined;
  const ad = Number(a.d);
  const bd = Number(b.d);
  if (ad === bd) {
    const n = an + sign * bn;
    return safe(n) ? ratio(n, ad) : undefined;
  }
  const x = an * bd;
  const y = bn * ad;
  const d = ad * bd;
  const n = x + sign * y;
  return safe(x) && safe(y) && safe(n) && d <= MAX_SAFE ? ratio(n, d) : undefined;
}

function mulSmall(a: Fraction, b: Fraction): Fraction | undefined {
  const an = smallN(a);
  const bn = smallN(b);
  if (Number.isNaN(an) || Number.isNaN(bn)) return undefined;
  const n = an * bn;
  const d = Number(a.d) * Number(b.d);
  return safe(n) && d <= MAX_SAFE ? ratio(n, d) : undefined;
}

/** a / b for b ≠ 0. */
function divSmall(a: Fraction, b: Fraction): Fraction | undefined {
  const an = smallN(a);
  const bn = smallN(b);
  if (Number.isNaN(an) || Number.isNaN(bn) || bn === 0) return undefined;
  const n = an * Number(b.d) * (bn < 0 ? -1 : 1);
  const d = Number(a.d) * (bn < 0 ? -bn : bn);
  return safe(n) && d <= MAX_SAFE ? ratio(n, d) : undefined;
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

/**
 * n/d (n ≥ 0, d > 0) in float64, correctly rounded, so a decimal read
 * exactly converts back to the float it came from (3.194226186781093e-107
 * included). Below 2^53 both are exact in float64 and one IEEE division
 * rounds once. Otherwise the quotient is taken in BigInt to 64 bits or more,
 * with a sticky bit for a non-zero remainder, rounded once to 53 bits by
 * Number(), then scaled by a power of two (exact unless the result is
 * subnormal). This also covers n or d past float64's range (the exact
 * ε = 5e-324 has a 1077-bit denominator).
 */
function ratioToNumber(n: bigint, d: bigint): number {
  if (n <= MAX_SAFE_BIG && d <= MAX_SAFE_BIG) return Number(n) / Number(d);
  const scale = bitLength(n) - bitLength(d);
  // Below 2^-1022 a double keeps fewer bits: round once, to a multiple of 2^-1074.
  if (scale <= -1021 && n << 1022n < d) return subnormal(n, d);
  const k = 65 - scale;
  const num = k >= 0 ? n << BigInt(k) : n;
  const den = k >= 0 ? d : d << BigInt(-k);
  let q = num / den;
  if (q * den !== num) q |= 1n;
  // 2^-k in two halves, so neither factor overflows or underflows on its own.
  const half = Math.trunc(k / 2);
  return Number(q) * 2 ** -half * 2 ** -(k - half);
}

/** n/d < 2^-1022 as m·2^-1074, m = n·2^1074/d rounded half to even (m·2^-1074 is then exact). */
function subnormal(n: bigint, d: bigint): number {
  const num = n << 1074n;
  let m = num / d;
  const twice = 2n * (num - m * d);
  if (twice > d || (twice === d && (m & 1n) === 1n)) m += 1n;
  return Number(m) * 2 ** -1074;
}

export function toNumber(s: Scalar): number {
  return typeof s === "number" ? s : Number(s.s) * ratioToNumber(s.n, s.d);
}

export function allExact(values: Iterable<Scalar>): boolean {
  for (const v of values) if (typeof v === "number") return false;
  return true;
}

// The exactness budget. Exact arithmetic on numbers a person can type can
// still grow without bound (the mean of 300 fractions k/p with distinct
// 7-digit primes p has a denominator of 7,000 bits, and every step after it
// more), or take very many steps on large fractions (a 1,000-λ path of exact
// 16 × 16 eliminations). So an exact result past MAX_EXACT_BITS goes on as
// its float64 value, and each problem has EXACT_WORK units of work on
// fractions too large for float64 integers, after which the rest is done in
// float64. An operation's units grow with the square of its operands' size
// (Euclid's gcd on BigInts is quadratic): 1 up to 128 bits, 4 up to 256, 16
// up to 512, 64 beyond; a unit is about 2 µs here, so the budget bounds a
// problem's exact arithmetic to well under a second. The results that left
// the rationals this way are counted, so a problem can say so.
const EXACT_CAP = 1n << BigInt(MAX_EXACT_BITS);
export const EXACT_WORK = 200_000;
let overflows = 0;
let work = 0;

const B128 = 1n << 128n;
const B256 = 1n << 256n;
const B512 = 1n << 512n;

/** Before a BigInt operation on a and b: false (and counted) once the budget is spent. */
function withinBudget(a: Fraction, b: Fraction): boolean {
  if (work >= EXACT_WORK) {
    overflows++;
    return false;
  }
  // biome-ignore lint/complexity/useMathMinMax: BigInts, which Math.max cannot take
  let big = a.n > a.d ? a.n : a.d;
  if (b.n > big) big = b.n;
  if (b.d > big) big = b.d;
  work += big < B128 ? 1 : big < B256 ? 4 : big < B512 ? 16 : 64;
  return true;
}

function capped(f: Fraction): Scalar {
  if (f.n < EXACT_CAP && f.d < EXACT_CAP) return f;
  overflows++;
  return toNumber(f);
}

/** How many exact results went over the budget since the last reset. */
export function exactOverflows(): number {
  return overflows;
}

export function resetExactOverflows(): void {
  overflows = 0;
  work = 0;
}

export function add(a: Scalar, b: Scalar): Scalar {
  if (typeof a === "number" || typeof b === "number") return toNumber(a) + toNumber(b);
  return addSmall(a, b, 1) ?? (withinBudget(a, b) ? capped(a.add(b)) : toNumber(a) + toNumber(b));
}

export function sub(a: Scalar, b: Scalar): Scalar {
  if (typeof a === "number" || typeof b === "number") return toNumber(a) - toNumber(b);
  return addSmall(a, b, -1) ?? (withinBudget(a, b) ? capped(a.sub(b)) : toNumber(a) - toNumber(b));
}

export function mul(a: Scalar, b: Scalar): Scalar {
  if (typeof a === "number" || typeof b === "number") return toNumber(a) * toNumber(b);
  return mulSmall(a, b) ?? (withinBudget(a, b) ? capped(a.mul(b)) : toNumber(a) * toNumber(b));
}

/** a / b; the caller guarantees b ≠ 0 (a zero divisor is an input error upstream). */
export function div(a: Scalar, b: Scalar): Scalar {
  if (typeof a === "number" || typeof b === "number") return toNumber(a) / toNumber(b);
  return divSmall(a, b) ?? (withinBudget(a, b) ? capped(a.div(b)) : toNumber(a) / toNumber(b));
}

export function neg(a: Scalar): Scalar {
  return typeof a === "number" ? -a : a.neg();
}

export function square(a: Scalar): Scalar {
  return mul(a, a);
}

/** a^k for an integer k, exact when a is. */
export function powInt(a: Scalar, k: number): Scalar {
  if (typeof a === "number") return a ** k;
  if (Math.abs(k) * exactBits(a) > 2 * MAX_EXACT_BITS) {
    overflows++;
    return toNumber(a) ** k;
  }
  return capped(a.pow(k) as Fraction);
}

export function isZero(a: Scalar): boolean {
  return typeof a === "number" ? a === 0 : a.n === 0n;
}

export function sign(a: Scalar): number {
  if (typeof a === "number") return Math.sign(a);
  return a.n === 0n ? 0 : Number(a.s);
}

const SQRT_SMALL = 1n << 50n;

/** ⌊√n⌋ for a non-negative BigInt (Newton's method). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Start above the root (2^⌈bits/2⌉) and let Newton's iteration descend to
  // it; a float estimate would overflow for the huge denominators of tiny decimals.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * √a. Exact when a is the square of a rational (√9 = 3, √(9/4) = 3/2);
 * otherwise float64 (the caller says the computation has left the rationals).
 * Requires a ≥ 0.
 */
export function sqrt(a: Scalar): Scalar {
  if (typeof a === "number") return Math.sqrt(a);
  if (a.n < SQRT_SMALL && a.d < SQRT_SMALL) {
    // Below 2^50 the rounded float64 root squares back exactly (below 2^53):
    // a perfect square is recognised without BigInt.
    const n = Number(a.n);
    const d = Number(a.d);
    const rn = Math.round(Math.sqrt(n));
    const rd = Math.round(Math.sqrt(d));
    return rn * rn === n && rd * rd === d ? ratio(rn, rd) : Math.sqrt(n / d);
  }
  const rn = isqrt(a.n);
  const rd = isqrt(a.d);
  if (rn * rn === a.n && rd * rd === a.d) return new Fraction(rn, rd);
  return Math.sqrt(toNumber(a));
}

/** The exact value as a string ("-5/3", "6"), or undefined for a float. */
export function exactString(a: Scalar): string | undefined {
  return typeof a === "number" ? undefined : a.toFraction();
}

export function sum(values: readonly Scalar[]): Scalar {
  let acc: Scalar = frac(0);
  for (const v of values) acc = add(acc, v);
  return acc;
}
