// Reading a user's JSON text: JSON.parse, plus what it lets through silently.
// A byte-order mark is accepted; a key given twice in one object is an error
// (JSON.parse keeps the last one without a word); and nesting is limited, so
// that no recursive walk over the value can overflow the stack.
import { fieldError, InputError } from "../errors.js";

/** Objects and arrays nested deeper than this are refused (a problem needs 4). */
export const MAX_JSON_DEPTH = 64;

/**
 * The first key given twice within one object, or a nesting past
 * MAX_JSON_DEPTH: where (a path of keys, "input.x") and what; undefined when
 * there is neither. The text is valid JSON (JSON.parse accepted it).
 */
function structureProblem(text: string): { path: string[]; message: string } | undefined {
  const keys: Array<Set<string> | null> = [];
  const path: string[] = [];
  let pendingKey: string | undefined;
  // Jumps from one structural character to the next: numbers, commas and blanks are skipped by the regex engine.
  const STRUCTURE = /["{}[\]]/g;
  for (let found = STRUCTURE.exec(text); found !== null; found = STRUCTURE.exec(text)) {
    const i = found.index;
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const j = stringEnd(text, i);
      STRUCTURE.lastIndex = j + 1;
      const set = keys[keys.length - 1];
      if (!set) continue;
      AFTER.lastIndex = j + 1;
      if (AFTER.exec(text)?.[0] !== ":") continue;
      const raw = text.slice(i + 1, j);
      const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (set.has(key)) return { path: [...path, key], message: "given twice (a key may appear once in an object)" };
      set.add(key);
      pendingKey = key;
    } else if (c === 0x7b || c === 0x5b) {
      if (keys.length >= MAX_JSON_DEPTH) {
        return { path: path.slice(0, 1), message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
      }
      if (keys.length > 0) path.push(pendingKey ?? "[]");
      keys.push(c === 0x7b ? new Set() : null);
      pendingKey = undefined;
    } else {
      if (keys.length > 1) path.pop();
      keys.pop();
    }
  }
  return undefined;
}

/**
 * True when brackets in `text` nest deeper than MAX_JSON_DEPTH, found by a scan
 * of its structural characters alone, before any parse: JSON.parse of
 * 50,000,000 `[` builds as many arrays (gigabytes) before it fails.
 */
export function nestedTooDeep(text: string): boolean {
  const BRACKETS = /["{}[\]]/g;
  let depth = 0;
  for (let found = BRACKETS.exec(text); found !== null; found = BRACKETS.exec(text)) {
    const c = text.charCodeAt(found.index);
    if (c === 0x22) BRACKETS.lastIndex = stringEnd(text, found.index) + 1;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (depth > 0) depth--;
  }
  return false;
}

/** Texts longer than this are scanned for deep nesting before they are parsed. */
const PRESCAN_CHARS = 1 << 20;

/** The first non-blank character after a string. */
const AFTER = /[^ \t\n\r]/g;
const STRING_STOP = /["\\]/g;

/** The index of the quote that closes the string opening at i. */
function stringEnd(text: string, i: number): number {
  STRING_STOP.lastIndex = i + 1;
  for (let m = STRING_STOP.exec(text); m !== null; m = STRING_STOP.exec(text)) {
    if (m[0] === '"') return m.index;
    STRING_STOP.lastIndex = m.index + 2; // skip the escaped character
  }
  return text.length;
}

/**
 * Parses a user's JSON. `label` names where it came from (`--input`,
 * `--expect`); `root` names the value itself in paths ("input" for
 * --input's object, "" for a problem record). Errors say what and where.
 */
export function parseUserJson(text: string, label: string, what: string, root: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const subject = what === "" ? "" : `${what} `;
  if (body.trim() === "") throw fieldError(label, `${subject}is empty, expected JSON`);
  // A long text is scanned before its parse; a short one is parsed first (cheaply) so the error names the path.
  if (body.length > PRESCAN_CHARS && nestedTooDeep(body))
    throw fieldError(label, `${subject}is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw fieldError(label, `${subject}is not valid JSON (${(e as Error).message})`);
  }
  assertStructure(body, value, label, root);
  return value;
}

/**
 * Key-value pairs plus the colons inside strings, over a parsed value; NaN
 * past MAX_JSON_DEPTH. `level` is the nesting of the containers inside v.
 */
function colonCount(v: unknown, level: number): number {
  if (typeof v === "string") return colonsIn(v);
  if (typeof v !== "object" || v === null) return 0;
  if (level > MAX_JSON_DEPTH) return Number.NaN;
  // strings and numbers are counted here, not by a call each: a stream of records runs this in baseline code
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "string") n += colonsIn(x);
      else if (typeof x === "object" && x !== null) n += colonCount(x, level + 1);
    }
    return n;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    n += 1 + colonsIn(k);
    if (typeof x === "string") n += colonsIn(x);
    else if (typeof x === "object" && x !== null) n += colonCount(x, level + 1);
  }
  return n;
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(":"); i !== -1; i = s.indexOf(":", i + 1)) n++;
  return n;
}

/**
 * True when a text without escapes, whose parse is `value`, has no key twice
 * and no nesting too deep — without scanning the text. Its colons are its
 * pairs plus the colons inside its strings; without escapes each string is
 * parsed to itself, so the value counts as many only if JSON.parse dropped no
 * pair, and a pair is dropped exactly when its key is given again.
 */
function plainlyWellFormed(text: string, value: unknown): boolean {
  if (text.includes("\\")) return false;
  return colonCount(value, 1) === colonsIn(text);
}

/** Refuses a valid JSON text (parsed to `value`) with a key given twice or nested too deep, naming where. */
export function assertStructure(text: string, value: unknown, label: string, root: string): void {
  if (plainlyWellFormed(text, value)) return;
  const problem = structureProblem(text);
  if (problem === undefined) return;
  const where = [root, ...problem.path]
    .filter((p) => p !== "")
    .join(".")
    .replace(/\.\[\]/g, "[]");
  throw new InputError(`${where === "" ? label : where}: ${problem.message}`);
}
