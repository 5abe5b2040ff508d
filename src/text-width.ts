// How many terminal columns a string takes: combining marks (x̂) none, wide
// characters (CJK, most emoji) two, ANSI colour codes none. string-width knows
// Unicode's width tables; the loop in front of it keeps the common case (a
// string of narrow letters, digits and mathematical symbols) off its grapheme
// segmenter, which tables of thousands of cells would otherwise pay for.
import stringWidth from "string-width";

/** Below U+0300 (combining marks start there) every code point but the control characters is one column. */
const NARROW_BELOW = 0x300;

export function displayWidth(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= NARROW_BELOW || c < 0x20 || (c >= 0x7f && c < 0xa0)) return stringWidth(s);
  }
  return s.length;
}
