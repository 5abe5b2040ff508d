// Scalars are exact rationals (fraction.js's Fraction) or float64
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
  if (typeof s === "number") return 0;
  if (s instanceof SmallFraction) return Math.max(Math.abs(s.sn), s.dn).toString(2).length;
  return Math.max(s.n.toString(2).length, s.d.toString(2).length);
}
export type Scalar = Fraction | number;

/** True for an exact value (any Fraction, small or not). */
export function isFraction(v: unknown): v is Fraction {
  return v instanceof Fraction;
}

/** a = b for two exact values; small ones compare their numbers (each value has one small form). */
export function same(a: Fraction, b: Fraction): boolean {
  if (a instanceof SmallFraction && b instanceof SmallFraction) return a.sn === b.sn && a.dn === b.dn;
  return a.equals(b);
}

export function isExact(s: Scalar): s is Fraction {
  return typeof s !== "number";
}

export function frac(n: number | bigint, d: number | bigint = 1): Fraction {
  if (typeof n === "number" && typeof d === "number" && Number.isSafeInteger(n) && Number.isSafeInteger(d) && d > 0)
    return ratio(n, d);
  return canonical(new Fraction(BigInt(n), BigInt(d)));
}

// Exact arithmetic on small fractions in float64 integers. Most exam numbers
// (0.692, 7/3) have numerators and denominators far below 2^53, where the
// products and sums of integers are exact in float64: computing them there and
// reducing with a float64 gcd gives the same fraction as BigInt arithmetic,
// several times faster. Every result is checked to be a safe integer; when
// one is not, the operation is done in BigInt.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 2^53 − 1 as a BigInt: up to here a numerator or denominator is exact in float64. */
export const MAX_SAFE_BIG = BigInt(MAX_SAFE);

const INT32 = 0x7fffffff;

/** Greatest common divisor of two whole numbers (≥ 0). */
export function gcd(a: number, b: number): number {
  // A remainder of doubles is a call to fmod; once both fit 32 bits, integer division is several times faster.
  while (a > INT32 || b > INT32) {
    if (b === 0) return a;
    const t = a % b;
    a = b;
    b = t;
  }
  let x = a | 0;
  let y = b | 0;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * A fraction in lowest terms whose numerator and denominator are safe
 * integers, held as numbers, so arithmetic on it makes no BigInt. It is a
 * Fraction (its prototype is fraction.js's): every Fraction method works on
 * it, and `s`, `n` and `d` read as the BigInts a Fraction has. Every exact
 * value small enough is one of these (`canonical`), so two equal values have
 * the same form.
 */
class SmallFraction {
  /**
   * Its exact decimal as the renderers print it (null: it has none), once
   * worked out: a worked solution prints an input xᵢ in several steps.
   * Set only by render/number.ts.
   */
  decimal: string | null | undefined;
  /** The user typed it as a decimal (0.5, not 1/2). Set only by solution.ts's markTypedDecimal. */
  typedDecimal: boolean;
  /** The signed numerator (never −0) and the denominator (> 0), coprime. */
  constructor(
    readonly sn: number,
    readonly dn: number,
  ) {
    this.decimal = undefined;
    this.typedDecimal = false;
  }
  get s(): bigint {
    return this.sn < 0 ? -1n : 1n;
  }
  get n(): bigint {
    return BigInt(this.sn < 0 ? -this.sn : this.sn);
  }
  get d(): bigint {
    return BigInt(this.dn);
  }
  valueOf(): number {
    return this.sn / this.dn;
  }
  toFraction(): string {
    return this.dn === 1 ? String(this.sn) : `${this.sn}/${this.dn}`;
  }
}
Object.setPrototypeOf(SmallFraction.prototype, Fraction.prototype);
// V8 stores a field that has held a number past 2^31 as a boxed double from then on, so every later
// SmallFraction would allocate two boxes. One made with fields that are not numbers at all makes them
// tagged: a small integer is stored in place, and only a larger one is boxed. (Never used as a value.)
new SmallFraction(null as unknown as number, null as unknown as number);

/** A small fraction's signed numerator and denominator, when a is one (safe integers), else undefined. */
export function smallParts(
  a: Fraction,
): { sn: number; dn: number; decimal: string | null | undefined; typedDecimal: boolean } | undefined {
  return a instanceof SmallFraction ? a : undefined;
}

/** n/d in lowest terms, for safe integers n and d > 0. */
function ratio(n: number, d: number): Fraction {
  const g = gcd(n < 0 ? -n : n, d);
  // n / g is never −0: a zero numerator makes g = d and 0/d is +0 unless n is −0
  return new SmallFraction(n === 0 ? 0 : n / g, d / g) as unknown as Fraction;
}

/** The same value, as a SmallFraction when its numerator and denominator are safe integers. */
function canonical(f: Fraction): Fraction {
  if (f instanceof SmallFraction || f.n > MAX_SAFE_BIG || f.d > MAX_SAFE_BIG) return f;
  return new SmallFraction(f.s < 0n ? -Number(f.n) : Number(f.n), Number(f.d)) as unknown as Fraction;
}

const ZERO = new SmallFraction(0, 1) as unknown as Fraction;

/**
 * a ± b (sign ±1) on small fractions, or undefined when a product or the sum is not a safe integer.
 * Over the least common denominator, reducing by what the sum can share with it (Knuth, TAOCP 4.5.1),
 * so the integers stay as small as they can.
 */
function addSmall(a: Fraction, b: Fraction, sign: number): Fraction | undefined {
  if (!(a instanceof SmallFraction && b instanceof SmallFraction)) return undefined;
  const an = a.sn;
  const bn = sign * b.sn;
  const ad = a.dn;
  const bd = b.dn;
  // the range checks are written out: a stream of small problems runs this mostly as baseline code, where
  // every call (to a helper like safe()) costs
  if (ad === bd) {
    const n = an + bn;
    if (n > MAX_SAFE || n < -MAX_SAFE) return undefined;
    return ad === 1 ? (new SmallFraction(n, 1) as unknown as Fraction) : ratio(n, ad);
  }
  const g = gcd(ad, bd);
  const x = an * (bd / g);
  const y = bn * (ad / g);
  const t = x + y;
  // t ≠ 0: two reduced fractions with different denominators never cancel
  if (x > MAX_SAFE || x < -MAX_SAFE || y > MAX_SAFE || y < -MAX_SAFE || t > MAX_SAFE || t < -MAX_SAFE) {
    return undefined;
  }
  const g2 = g === 1 ? 1 : gcd(t < 0 ? -t : t, g);
  const d = (ad / g) * (bd / g2);
  return d <= MAX_SAFE ? (new SmallFraction(t / g2, d) as unknown as Fraction) : undefined;
}

/** (an/ad)·(bn/bd) for coprime pairs: cross-reduced first, so the product is in lowest terms. */
function timesSmall(an: number, ad: number, bn: number, bd: number): Fraction | undefined {
  if (an === 0 || bn === 0) return ZERO;
  const g1 = gcd(an < 0 ? -an : an, bd);
  const g2 = gcd(bn < 0 ? -bn : bn, ad);
  const n = (an / g1) * (bn / g2);
  const d = (ad / g2) * (bd / g1);
  return n <= MAX_SAFE && n >= -MAX_SAFE && d <= MAX_SAFE
    ? (new SmallFraction(n, d) as unknown as Fraction)
    : undefined;
}

function mulSmall(a: Fraction, b: Fraction): Fraction | undefined {
  if (!(a instanceof SmallFraction && b instanceof SmallFraction)) return undefined;
  return timesSmall(a.sn, a.dn, b.sn, b.dn);
}

/** a / b for b ≠ 0. */
function divSmall(a: Fraction, b: Fraction): Fraction | undefined {
  if (!(a instanceof SmallFraction && b instanceof SmallFraction) || b.sn === 0) return undefined;
  return timesSmall(a.sn, a.dn, b.sn < 0 ? -b.dn : b.dn, b.sn < 0 ? -b.sn : b.sn);
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
  if (typeof s === "number") return s;
  // two safe integers: one IEEE division, correctly rounded
  if (s instanceof SmallFraction) return s.sn / s.dn;
  return Number(s.s) * ratioToNumber(s.n, s.d);
}

/** Past this many elements, mapScalars uses Array.prototype.map. */
const MAP_AT = 1 << 12;

/**
 * f of each element. Array.prototype.map makes its array one way before V8
 * optimises the caller and another way after (holey or packed), so the
 * arrays a stream's solutions hold would change kind mid-stream and send
 * every function that reads them back to the interpreter. Here floats go to
 * an array sized at once (holey doubles, unboxed, in every tier) and exact
 * values to one built by push (packed objects), from the first problem on.
 */
export function mapScalars<T>(xs: readonly T[], f: (x: T, i: number) => Scalar): Scalar[] {
  const n = xs.length;
  if (n === 0) return [];
  // A long array is made once or twice per run, so its kind costs no deoptimisations; map sizes it at once
  // and keeps a million floats unboxed.
  if (n > MAP_AT) return xs.map(f);
  const first = f(xs[0] as T, 0);
  let out: Scalar[];
  let i = 1;
  if (typeof first === "number") {
    // pushed, the floats ended up boxed in a packed array once the caller was optimised
    const floats: number[] = new Array(n);
    floats[0] = first;
    for (; i < n; i++) {
      const v = f(xs[i] as T, i);
      if (typeof v !== "number") {
        // an exact value among floats: a copy takes it (and the rest), and the floats' array stays floats
        out = floats.slice(0, i);
        out.push(v);
        for (i++; i < n; i++) out.push(f(xs[i] as T, i));
        return out;
      }
      floats[i] = v;
    }
    return floats;
  }
  out = [first];
  for (; i < n; i++) out.push(f(xs[i] as T, i));
  return out;
}

export function allExact(values: readonly Scalar[]): boolean {
  // indexed loops here and below: a for-of makes an iterator result per element until the loop is optimised
  for (let i = 0; i < values.length; i++) if (typeof values[i] === "number") return false;
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
  if (f.n < EXACT_CAP && f.d < EXACT_CAP) return canonical(f);
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
  if (typeof a === "number") return -a;
  if (a instanceof SmallFraction) return new SmallFraction(a.sn === 0 ? 0 : -a.sn, a.dn) as unknown as Fraction;
  return a.neg();
}

export function square(a: Scalar): Scalar {
  // n²/d² is in lowest terms when n/d is
  if (a instanceof SmallFraction) {
    const n = a.sn * a.sn;
    const d = a.dn * a.dn;
    if (n <= MAX_SAFE && d <= MAX_SAFE) return new SmallFraction(n, d) as unknown as Fraction;
  }
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
  if (typeof a === "number") return a === 0;
  return a instanceof SmallFraction ? a.sn === 0 : a.n === 0n;
}

export function sign(a: Scalar): number {
  if (typeof a === "number") return Math.sign(a);
  if (a instanceof SmallFraction) return Math.sign(a.sn);
  return a.n === 0n ? 0 : Number(a.s);
}

const SQRT_SMALL_N = 2 ** 50;

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
  if (a instanceof SmallFraction && a.sn < SQRT_SMALL_N && a.dn < SQRT_SMALL_N) {
    // Below 2^50 the rounded float64 root squares back exactly (below 2^53):
    // a perfect square is recognised without BigInt.
    const n = a.sn;
    const d = a.dn;
    const rn = Math.round(Math.sqrt(n));
    const rd = Math.round(Math.sqrt(d));
    return rn * rn === n && rd * rd === d ? ratio(rn, rd) : Math.sqrt(n / d);
  }
  const rn = isqrt(a.n);
  const rd = isqrt(a.d);
  if (rn * rn === a.n && rd * rd === a.d) return canonical(new Fraction(rn, rd));
  return Math.sqrt(toNumber(a));
}

/** The exact value as a string ("-5/3", "6"), or undefined for a float. */
export function exactString(a: Scalar): string | undefined {
  return typeof a === "number" ? undefined : a.toFraction();
}

export function sum(values: readonly Scalar[]): Scalar {
  // floats first (a float sum from 0 is what add() gives them), the rest as add() has it
  let float = 0;
  let i = 0;
  for (; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") break;
    float += v;
  }
  if (i === values.length) return i === 0 ? frac(0) : float;
  let acc: Scalar = i === 0 ? frac(0) : float;
  for (; i < values.length; i++) acc = add(acc, values[i]!);
  return acc;
}
