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

/**
 * The places a formula line may break, best first: after " = " at bracket
 * depth 0, then before a top-level " + " or " − ", then after ", " inside a
 * list, then after a top-level "·". Each is the index where the continuation starts.
 */
function breakPoints(text: string): Array<{ at: number; depth: number; rank: number }> {
  const points: Array<{ at: number; depth: number; rank: number }> = [];
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
    } else if (ch === "·" && depth === 0) {
      // a long product (a chain rule's factors) breaks after a factor, as a last resort
      points.push({ at: i + 1, depth, rank: 3 });
    }
  }
  return points;
}

/**
 * A formula line broken to fit: continuation lines start with `rest`. It
 * ends in two lines at the first top-level "=" after which the rest fits;
 * otherwise it breaks at the break point nearest the end that fits,
 * preferring the shallowest bracket depth and "=" over "+" over ","; a piece
 * with no point to break at stays whole (a lone unbreakable token).
 */
export function breakFormula(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  let remaining = text;
  while (displayWidth(prefix + remaining) > width) {
    const room = width - displayWidth(prefix);
    const fits = breakPoints(remaining).filter(
      (p) => p.at > 0 && displayWidth(remaining.slice(0, p.at).trimEnd()) <= room,
    );
    if (fits.length === 0) break;
    // Two lines at an "=" when they do it: the first "=" whose rest fits on the next line
    // (the substitution above, its simplification below, not a lone "= 9").
    const last = fits.find((p) => p.rank === 0 && p.depth === 0 && displayWidth(rest + remaining.slice(p.at)) <= width);
    if (last) {
      lines.push(prefix + remaining.slice(0, last.at).trimEnd(), rest + remaining.slice(last.at).trimStart());
      return lines;
    }
    const best = fits.reduce((a, b) =>
      b.depth < a.depth || (b.depth === a.depth && b.rank <= a.rank && b.at > a.at) ? b : a,
    );
    lines.push(prefix + remaining.slice(0, best.at).trimEnd());
    remaining = remaining.slice(best.at).trimStart();
    prefix = rest;
  }
  lines.push(prefix + remaining);
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
 * `render(indices)` draws the table with those columns. The first `keys`
 * columns (the row labels) start every group. Greedy: each group takes
 * columns while it fits; a table that fits is one group.
 */
export function columnGroups(
  count: number,
  width: number,
  render: (columns: number[]) => string[],
  keys = 1,
): number[][] {
  const every = Array.from({ length: count }, (_, i) => i);
  const labels = every.slice(0, Math.min(keys, count));
  if (count <= labels.length + 1 || blockWidth(render(every)) <= width) return [every];
  const groups: number[][] = [];
  let current: number[] = [...labels];
  for (let i = labels.length; i < count; i++) {
    if (current.length > labels.length && blockWidth(render([...current, i])) > width) {
      groups.push(current);
      current = [...labels, i];
    } else {
      current.push(i);
    }
  }
  groups.push(current);
  return groups;
}
