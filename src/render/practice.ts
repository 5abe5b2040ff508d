// A practice problem's statement in each format (SPEC 4.12): a heading, the
// question's paragraphs, and its lettered parts with a hanging indent. The
// worked answers are ordinary solutions, rendered as everywhere else.

import { displayWidth } from "../text-width.js";
import { latexText } from "./formula-latex.js";
import { escapeMd } from "./markdown.js";
import { DEFAULT_WIDTH } from "./options.js";
import { wrapWords } from "./wrap.js";

export interface Statement {
  /** 1-based place in the set */
  index: number;
  problem: string;
  id: string;
  paragraphs: readonly string[];
}

/** "(a) " at the start of a part, for its hanging indent. */
const PART = /^\([a-z]\) /;

const NBSP = "\u00a0";

/**
 * Spaces a line must not break at, made non-breaking: around "=", inside
 * brackets ([1 0; 0 1]) and inside short parentheses ((y − y_pred)²), so that
 * "d = 4" and a matrix stay whole.
 */
function keepTogether(p: string): string {
  const glue = (m: string) => m.replace(/ /g, NBSP);
  return p
    .replace(/\[[^\]]*\]/g, glue)
    .replace(/\([^()]{1,20}\)/g, glue)
    .replace(/ = /g, `${NBSP}=${NBSP}`);
}

export function statementText(s: Statement, width = DEFAULT_WIDTH): string {
  const out = [`Problem ${s.index} · ${s.problem} (id ${s.id})`, ""];
  for (const p of s.paragraphs) {
    const part = PART.exec(p);
    const hang = part ? " ".repeat(displayWidth(part[0])) : "";
    const body = part ? part[0] + keepTogether(p.slice(part[0].length)) : keepTogether(p);
    out.push(...wrapWords(body, width, "", hang).map((l) => l.replaceAll(NBSP, " ")));
  }
  return `${out.join("\n")}\n`;
}

export function statementMarkdown(s: Statement): string {
  const out = [`# Problem ${s.index} · ${s.problem} (id ${escapeMd(s.id)})`, ""];
  for (const p of s.paragraphs) out.push(escapeMd(p), "");
  return `${out.join("\n")}\n`;
}

/** LaTeX of a paragraph, each bracketed group ([1 0; 0 1]) in an \\mbox so a line never breaks inside it. */
const latexParagraph = (p: string): string =>
  p
    .split(/(\[[^\]]*\])/)
    .map((part, i) => (i % 2 === 1 ? `\\mbox{${latexText(part)}}` : latexText(part)))
    .join("");

/** A problem of an exam sheet: a starred subsection, its parts hanging from their letters. */
export function statementLatex(s: Statement): string {
  const out = [`\\subsection*{Problem ${s.index}}`, `\\noindent\\textit{${latexText(`${s.problem}, id ${s.id}`)}}`, ""];
  for (const p of s.paragraphs) {
    const part = PART.exec(p);
    const hanging = "\\noindent\\hangindent=2em\\hangafter=1";
    out.push(
      part
        ? `${hanging} ${part[0].trim()}\\enspace ${latexParagraph(p.slice(part[0].length))}\\par`
        : `\\noindent ${latexParagraph(p)}\\par`,
      "",
    );
  }
  return out.join("\n");
}
