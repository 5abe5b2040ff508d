// Fitting text output to the terminal's width: prose wraps at spaces, a long
// formula breaks after "=" or at a top-level "+", "−" or ",", and a wide
// table splits into column groups that repeat its first column.
import { displayWidth } from "../text-width.js";

/** Greedy word wrap after `first`, then `rest`; a lone word wider than the line stays whole. */
export function wrapWords(text: string, width: number, first: string, rest: string): string[] {
  const words = glueOperators(text.split(" "));
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && displayWidth(candidate) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** A lone operator ("÷", "(÷", "=") is glued to the word after it: "(÷ D)" never splits. */
function glueOperators(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (/^[([]?[÷×−+=≈<>≤≥·]$/.test(w) && i + 1 < words.length) {
      words[i + 1] = `${w} ${words[i + 1]}`;
      continue;
    }
    out.push(w);
  }
  return out;
}

interface BreakPoint {
  /** Where the continuation starts. */
  at: number;
  /** Bracket depth at the point, counted from the start of the text. */
  depth: number;
  rank: number;
}

/**
 * The places a formula line may break, best first: after " = " at bracket
 * depth 0, then before a top-level " + " or " − ", then after ", " inside a
 * list, then after a top-level "·". Found once per formula, in order.
 */
function breakPoints(text: string): BreakPoint[] {
  const points: BreakPoint[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === " " && text[i + 2] === " " && (text[i + 1] === "=" || text[i + 1] === "≈")) {
      points.push({ at: i + 1, depth, rank: 0 });
    } else if (ch === " " && text[i + 2] === " " && (text[i + 1] === "+" || text[i + 1] === "−")) {
      points.push({ at: i + 1, depth, rank: 1 });
    } else if (ch === "," && text[i + 1] === " ") {
      points.push({ at: i + 2, depth, rank: 2 });
    } else if (ch === "·") {
      // a long product (a chain rule's factors) breaks after a factor, as a last resort (at its line's depth 0)
      points.push({ at: i + 1, depth, rank: 3 });
    }
  }
  return points;
}

/**
 * The columns before each position of `text` (columns[i] for text[0..i)), and the bracket depth there:
 * widths of any piece are then a subtraction, so a formula of a million characters breaks in one pass.
 */
function measure(text: string): { columns: Int32Array; depths: Int32Array } {
  const columns = new Int32Array(text.length + 1);
  const depths = new Int32Array(text.length + 1);
  let w = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    columns[i] = w;
    depths[i] = depth;
    if (c === 0x1b) {
      // a colour code takes no column
      const end = text.indexOf("m", i);
      const j = end < 0 ? text.length - 1 : end;
      for (let k = i + 1; k <= j; k++) [columns[k], depths[k]] = [w, depth];
      i = j;
      continue;
    }
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) depth--;
    if (c >= 0x20 && c < 0x7f) w++;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      w += displayWidth(text.slice(i, i + 2));
      [columns[i + 1], depths[i + 1]] = [w, depth];
      i++;
    } else w += displayWidth(text[i] as string);
  }
  columns[text.length] = w;
  depths[text.length] = depth;
  return { columns, depths };
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * A formula line broken to fit: continuation lines start with `rest`. It
 * ends in two lines at the first top-level "=" after which the rest fits;
 * otherwise it breaks at the break point nearest the end that fits,
 * preferring the shallowest bracket depth and "=" over "+" over ","; a piece
 * with no point to break at stays whole (a lone unbreakable token). Depths
 * are the line's own: counted from where the line starts.
 */
export function breakFormula(text: string, width: number, first: string, rest: string): string[] {
  if (displayWidth(first) + displayWidth(text) <= width) return [first + text];
  const points = breakPoints(text);
  const { columns, depths } = measure(text);
  const end = text.length;
  const trimmedEnd = (at: number, from: number) => {
    let e = at;
    while (e > from && isSpace(text[e - 1])) e--;
    return e;
  };
  const lines: string[] = [];
  let prefix = first;
  let s = 0;
  let k = 0;
  while (displayWidth(prefix) + (columns[end] as number) - (columns[s] as number) > width) {
    const room = width - displayWidth(prefix);
    while (k < points.length && (points[k] as BreakPoint).at <= s) k++;
    let hi = k;
    const widthTo = (at: number) => (columns[trimmedEnd(at, s)] as number) - (columns[s] as number);
    while (hi < points.length && widthTo((points[hi] as BreakPoint).at) <= room) hi++;
    const base = depths[s] as number;
    // a "·" breaks only outside the line's own brackets
    const fits = (p: BreakPoint) => p.rank !== 3 || p.depth === base;
    let first = k;
    while (first < hi && !fits(points[first] as BreakPoint)) first++;
    if (first === hi) break;
    const restWidth = displayWidth(rest);
    // Two lines at an "=" when they do it: the first "=" whose rest fits on the next line
    // (the substitution above, its simplification below, not a lone "= 9").
    for (let j = first; j < hi; j++) {
      const p = points[j] as BreakPoint;
      if (
        p.rank === 0 &&
        p.depth === base &&
        restWidth + (columns[end] as number) - (columns[p.at] as number) <= width
      ) {
        lines.push(prefix + text.slice(s, trimmedEnd(p.at, s)), rest + text.slice(p.at).trimStart());
        return lines;
      }
    }
    let best = points[first] as BreakPoint;
    for (let j = first + 1; j < hi; j++) {
      const b = points[j] as BreakPoint;
      if (!fits(b)) continue;
      if (b.depth < best.depth || (b.depth === best.depth && b.rank <= best.rank && b.at > best.at)) best = b;
    }
    lines.push(prefix + text.slice(s, trimmedEnd(best.at, s)));
    s = best.at;
    while (s < end && isSpace(text[s])) s++;
    prefix = rest;
  }
  lines.push(prefix + text.slice(s));
  return lines;
}

/** The widest line of a block. */
export function blockWidth(lines: readonly string[]): number {
  let w = 0;
  for (const l of lines) w = Math.max(w, displayWidth(l));
  return w;
}

/**
 * Column groups of a table too wide for `width`, as lists of column indices:
 * `measure(indices)` is the width of the table with those columns. The first `keys`
 * columns (the row labels) start every group. Greedy: each group takes
 * columns while it fits; a table that fits is one group.
 */
export function columnGroups(
  count: number,
  width: number,
  measure: (columns: number[]) => number,
  keys = 1,
): number[][] {
  const every = Array.from({ length: count }, (_, i) => i);
  const labels = every.slice(0, Math.min(keys, count));
  if (count <= labels.length + 1 || measure(every) <= width) return [every];
  const groups: number[][] = [];
  let current: number[] = [...labels];
  for (let i = labels.length; i < count; i++) {
    if (current.length > labels.length && measure([...current, i]) > width) {
      groups.push(current);
      current = [...labels, i];
    } else {
      current.push(i);
    }
  }
  groups.push(current);
  return groups;
}
