// Fitting LaTeX to the page: display math does not break by itself, so long
// equation chains become several align rows, long vectors continue on the
// next row, wide tables split into column groups, and a note with formulas in
// it becomes a paragraph (text with inline math) that wraps.
//
// Widths are estimated in characters of the printed formula: a page of the
// standalone document (A4, 2 cm margins) holds about 90 in display math.

/** Characters of formula an align row may hold beside its left side. */
export const ROW_CHARS = 64;
/** Characters of table (all columns) a display array may hold. */
export const TABLE_CHARS = 72;

/** About how many characters wide LaTeX math prints: commands as one, \left, braces and spaces as none. */
export function texChars(tex: string): number {
  return tex
    .replace(/\\text\{/g, "{")
    .replace(/\\(left|right|bigl|bigr)\b/g, "")
    .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_, a: string, b: string) => (a.length >= b.length ? a : b))
    .replace(/\\[a-zA-Z]+/g, "x")
    .replace(/[{}\s^_&]/g, "").length;
}

/** A piece of an equation chain: its LaTeX, and its entries when it is a vector that may continue on the next row. */
export interface ChainPart {
  tex: string;
  items?: string[] | undefined;
  /** The part is a rounded value: "\\approx" before it, not "=". */
  approx?: boolean;
}

/**
 * The rows of an align for "= a = b = c" after a left side: parts joined on
 * one row while they fit, each later row starting "&= "; a vector too long
 * for a row is written [a, b, … with its entries continued on rows of their own.
 */
export function chainRows(parts: ChainPart[], first: string): string[] {
  const rows: string[] = [];
  // each part with the relation before it: "= 8/3" or "\approx 2.66667"
  let current: string[] = [];
  const start = () => `${rows.length === 0 ? first : "&"}`;
  const flush = () => {
    if (current.length > 0) rows.push(start() + current.join(" "));
    current = [];
  };
  for (const part of parts) {
    const piece = `${part.approx ? "\\approx" : "="} ${part.tex}`;
    if (texChars([...current, piece].join(" ")) <= ROW_CHARS) {
      current.push(piece);
      continue;
    }
    flush();
    if (texChars(part.tex) <= ROW_CHARS || !part.items) {
      current.push(piece);
      continue;
    }
    const pieces = listRows(part.items);
    const relation = part.approx ? "\\approx" : "=";
    rows.push(`${start()}${relation} ${pieces[0]}`, ...pieces.slice(1).map((p) => `&\\phantom{${relation}} ${p}`));
  }
  flush();
  return rows;
}

/** A vector's entries over several rows: "\bigl[a, b," … "y, z\bigr]"; \bigl and \bigr need no pairing across rows. */
export function listRows(items: string[]): string[] {
  const rows: string[] = [];
  let current: string[] = [];
  for (const item of items) {
    if (current.length > 0 && texChars([...current, item].join(", ")) > ROW_CHARS - 4) {
      rows.push(`${current.join(", ")},`);
      current = [];
    }
    current.push(item);
  }
  rows.push(current.join(", "));
  rows[0] = `\\bigl[${rows[0]}`;
  rows[rows.length - 1] = `${rows[rows.length - 1]}\\bigr]`;
  return rows;
}

/**
 * A formula note as a paragraph: the formula's \text{…} runs at the top level
 * become text, the rest inline math, so LaTeX can break the lines.
 */
export function mathToParagraph(tex: string): string {
  let out = "$";
  let depth = 0;
  let i = 0;
  while (i < tex.length) {
    if (depth === 0 && tex.startsWith("\\text{", i)) {
      let j = i + 6;
      let inner = 1;
      while (j < tex.length && inner > 0) {
        if (tex[j] === "\\") j++;
        else if (tex[j] === "{") inner++;
        else if (tex[j] === "}") inner--;
        j++;
      }
      out += `$${tex.slice(i + 6, j - 1)}$`;
      i = j;
      continue;
    }
    const ch = tex[i] as string;
    if (ch === "\\") {
      out += ch + (tex[i + 1] ?? "");
      i += 2;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    out += ch;
    i++;
  }
  out += "$";
  // empty math between two runs of text, and math that is only spaces
  return out.replace(/\$\s*\$/g, "");
}
