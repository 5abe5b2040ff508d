// How many terminal columns a string takes: combining marks (x̂) none, wide
// characters (CJK, most emoji) two, ANSI colour codes none. string-width knows
// Unicode's width tables. The loop in front of it measures what dlsolve itself
// prints — Latin, Greek, sub- and superscripts, mathematical symbols, box
// drawing, combining marks — and leaves anything else (a student's CJK name, an
// emoji, a colour code) to string-width.
//
// string-width is required on first use, not imported: loading it builds its
// emoji pattern (\p{RGI_Emoji}), some 40 ms of a 50 ms start-up, which a run
// whose output the loop measures never needs. The bundler wraps a required
// package in a function run on the first require (bench: cold start).

/** Ranges of one column each, every code point checked against string-width (test/render/width.test.ts). */
export const NARROW: ReadonlyArray<readonly [number, number]> = [
  [0xa0, 0xac], // Latin-1 up to the soft hyphen U+00AD, which takes no column
  [0xae, 0x2ff], // the rest of Latin-1 (² ³ ·), Latin Extended, IPA, spacing modifiers
  [0x370, 0x3ff], // Greek
  [0x1d00, 0x1dbf], // phonetic extensions (ᵀ ᵢ)
  [0x2010, 0x2027], // dashes, quotes, bullet, …
  [0x2030, 0x205e], // ‰ ′ ″ ‖
  [0x2070, 0x209f], // super- and subscripts
  [0x2100, 0x214f], // letterlike (ℓ ℝ)
  [0x2190, 0x22ff], // arrows, mathematical operators
  [0x2308, 0x230b], // ⌈ ⌉ ⌊ ⌋
  [0x2500, 0x25fc], // box drawing, blocks, geometric shapes (▲ ● ◀)
  [0x2713, 0x2718], // ✓ ✗
  [0x2800, 0x28ff], // braille patterns
  [0x2c60, 0x2c7f], // Latin Extended-C (ⱼ)
];
/** Combining diacritical marks (the hat of x̂): no column of their own. */
export const COMBINING: readonly [number, number] = [0x300, 0x36f];
/** Mathematical alphanumeric symbols (𝟏): U+1D400–U+1D7FF, one column, the high surrogate U+D835. */
const MATH_ALPHANUMERIC_HIGH = 0xd835;

let stringWidth: ((s: string) => number) | undefined;

function wideWidth(s: string): number {
  stringWidth ??= (require("string-width") as { default: (s: string) => number }).default;
  return stringWidth(s);
}

function narrow(c: number): boolean {
  for (const [from, to] of NARROW) if (c >= from && c <= to) return true;
  return false;
}

export function displayWidth(s: string): number {
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) width++;
    else if (c >= COMBINING[0] && c <= COMBINING[1]) continue;
    else if (c === MATH_ALPHANUMERIC_HIGH && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      width++;
      i++;
    } else if (narrow(c)) width++;
    else return wideWidth(s);
  }
  return width;
}

/**
 * Control characters (C0 but tab and line feed, DEL, C1) and the bidirectional
 * overrides: what lets text typed into a file clear a screen, retitle a window
 * or reorder a line when printed. Each is shown as its JSON escape instead.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The colour codes dlsolve itself writes (SGR: ESC [ digits and semicolons m). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that starts a colour code
const COLOUR = /\u001b\[[0-9;]*m/y;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `s` with every control character shown as its escape (`\u001b`); `keepColour` keeps SGR colour codes. */
export function visible(s: string, keepColour = false): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(s)) return s;
  CONTROL.lastIndex = 0;
  if (!keepColour) return s.replace(CONTROL, escaped);
  return s.replace(CONTROL, (c, at: number) => {
    COLOUR.lastIndex = at;
    return c === "\u001b" && COLOUR.test(s) ? c : escaped(c);
  });
}
