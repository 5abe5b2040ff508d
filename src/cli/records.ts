// Reading problem records for `solve`. Accepted layouts, mixed freely:
// NDJSON (one value per line, indented or not), pretty-printed objects one
// after another (what `cat *.json` gives), and arrays — on one line or laid
// out over many — whose elements are records of their own.
//
// The input is scanned character by character as it arrives (no line is
// ever held whole unless it is part of a record), so a stream is solved
// while it flows, and blank runs of any length cost nothing.
//
// A broken record is confined to its own lines, by three rules:
// 1. a JSON string cannot contain a line break: a string still open at the
//    end of a line is taken to end there (the record is broken, and its
//    brackets are counted on from the next line);
// 2. a line that holds a whole problem object by itself ({"problem": …},
//    a trailing comma allowed) starts a new record when a record was already
//    open before that line;
// 3. a line whose first character is `{`, indented no deeper than the line
//    where the open record began, starts a new record — if the open record
//    turns out broken (a valid object whose nested `{` starts a line at its
//    own indentation stays whole). The open record has up to 1000 lines to
//    prove itself whole; records after it wait for the verdict;
// 4. an array element that is whole at the end of a line ends there if what
//    follows breaks it (`{…}` then a stray `[` line, with no comma between):
//    the element is kept, and the lines after it are read again.
// Where a broken record is split (rules 2–4), the part before the split is a
// record of its own if it is valid JSON, and one error if not.
// Outside an array a record also ends at the end of its line: anything after
// a top-level value on the same line (`{…}}`, `{…} x`) belongs to it and
// makes it broken. (Inside an array a lost quote can end the array early.)
// Each record, whole or broken, gives one result or one error, in order,
// at its position: `file:line`, or `file[i]` / `file:line[i]` for the
// elements of an array.
import { createReadStream } from "node:fs";
import { MAX_JSON_DEPTH, nestedTooDeep } from "../input/json.js";
import { MAX_INPUT_BYTES } from "../limits.js";

export interface SourceRecord {
  position: string;
  /** The record's JSON text, parsed where it is solved. */
  text?: string;
  /** JSON.parse(text), when the reader has parsed it already (a line that is one whole object). */
  value?: unknown;
  /** Set when the record is broken or the source unreadable. */
  error?: string;
  /** The error is the source's, not a problem's (a file that cannot be read, is empty, or ends inside an array). */
  source?: true;
}

/** A line longer than this is never tested as a whole problem object (rule 2). */
const RESYNC_LINE_CHARS = 1 << 20;

/** The next character that is not a blank within a line (a line break is a character here). */
const NOT_BLANK = /[^ \t\r\uFEFF]/g;
/** A blank within a line, as NOT_BLANK has it: space, tab, carriage return, byte-order mark. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff;
}

/** Runs of characters that scan() passes over without a change, outside strings and in them. */
const INERT = /[^"{}[\],\n]*/y;
const INERT_IN_STRING = /[^"\\\n]*/y;
/** Indentation longer than this is not tracked (rule 3 then does not apply to the line). */
const MAX_INDENT = 256;

/** The message JSON.parse gives for a broken text (one nested too deep is not parsed at all). */
function parseError(text: string): string {
  if (nestedTooDeep(text)) return `nested deeper than ${MAX_JSON_DEPTH} levels`;
  try {
    JSON.parse(text);
    return "invalid JSON";
  } catch (e) {
    return `invalid JSON (${(e as Error).message})`;
  }
}

function isJson(text: string): boolean {
  if (nestedTooDeep(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A line that is a whole problem object on its own (rule 2). */
function isProblemLine(line: string): boolean {
  let t = line.trim();
  if (t.endsWith(",")) t = t.slice(0, -1).trimEnd();
  if (!t.startsWith("{") || !t.endsWith("}") || t.length > RESYNC_LINE_CHARS || !t.includes('"problem"')) return false;
  try {
    const v = JSON.parse(t) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "problem");
  } catch {
    return false;
  }
}

/** Lines a candidate start (rule 3) may wait for the open record to prove itself whole. */
const CANDIDATE_LINES = 1000;

/**
 * Splits a stream of text into records. Pure: feed it chunks with push(),
 * then end(); each returns the records completed so far.
 */
export class RecordSplitter {
  private out: SourceRecord[] = [];
  private line = 1;
  /** Everything before this point of the current line was blank. */
  private lineBlank = true;
  /** The blank prefix of the current line, while it is blank so far. */
  private indent = "";
  private records = 0;
  // The top-level array, while inside one.
  private inArray = false;
  private arrayName = "";
  private elements = 0;
  /** Whether an element of the open array was broken. */
  private arrayBroken = false;
  // The open record: a top-level value or an array element.
  private open = false;
  private text = "";
  private startLine = 0;
  /** The indentation of the record's first line, when the record began it. */
  private startIndent: string | undefined;
  /** Where the current line begins in `text`. */
  private lineStart = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A top-level record that is not an object or array: it runs to the end of its line. */
  private bare = false;
  /** Rule 4: where the open array element was last whole at the end of a line. */
  private wholeUntil: { offset: number; line: number } | undefined;
  /** Rule 3: lines where a new record may start, should the open one turn out broken. */
  private candidates: Array<{ offset: number; line: number }> = [];
  /** A top-level value that closed on this line: emitted at the line's end unless more follows it. */
  private pending: { text: string; line: number } | undefined;

  constructor(private readonly name: string) {}

  push(chunk: string): SourceRecord[] {
    this.feed(chunk);
    return this.take();
  }

  end(): SourceRecord[] {
    this.flushPending();
    if (this.open) {
      const whole = this.bare || (this.depth === 0 && !this.inString);
      const valid = whole && isJson(this.text);
      if (!valid && (this.splitAtWhole("") || this.splitAtCandidate("", this.text.length))) return this.end();
      // balanced but not JSON: its parse will say so, and the array ends with it
      if (!valid && this.inArray) this.arrayBroken = true;
      if (whole) this.emit(this.text);
      else this.fail(parseError(this.text));
    }
    // a file that ends inside an array none of whose elements broke was cut short (its last element, whole, is
    // solved); one that broke has said so in its error, and what followed was read as records
    if (this.inArray && !this.arrayBroken) {
      this.out.push({ position: this.arrayName, error: "the array is not closed (no ])", source: true });
      this.inArray = false;
    }
    if (this.records === 0)
      this.out.push({ position: this.name, error: "is empty, expected JSON problems", source: true });
    return this.take();
  }

  private take(): SourceRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private feed(chunk: string): void {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (!this.open) {
        i = this.between(chunk, i);
        from = i + 1;
        continue;
      }
      const ch = chunk[i] as string;
      if (ch === "\n") {
        this.text += chunk.slice(from, i);
        from = i + 1;
        this.endOfLine();
        continue;
      }
      if (this.lineBlank) {
        if (ch === " " || ch === "\t" || ch === "\r" || ch === "\uFEFF") {
          if (this.indent.length <= MAX_INDENT) this.indent += ch;
          continue;
        }
        this.lineBlank = false;
        if (ch === "{" && this.candidates.length < CANDIDATE_LINES && this.mayStartRecord()) {
          this.candidates.push({ offset: this.lineStart, line: this.line });
        }
      }
      const done = this.scan(ch);
      if (done !== undefined) {
        this.text += chunk.slice(from, done === "keep" ? i + 1 : i);
        from = i + 1;
        this.close(ch, done);
      } else if (!this.bare && !this.escaped) {
        // A run of characters that change nothing (digits, blanks, letters) is skipped by the regex engine.
        const skip = this.inString ? INERT_IN_STRING : INERT;
        skip.lastIndex = i + 1;
        skip.test(chunk);
        i = skip.lastIndex - 1;
      }
    }
    if (this.open) this.text += chunk.slice(from);
    if (this.open && this.text.length > MAX_INPUT_BYTES) {
      this.candidates = [];
      this.fail(`a record longer than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    }
  }

  /** Between records: skips a blank run without holding it; returns the index of the character it stopped at. */
  private between(chunk: string, i: number): number {
    NOT_BLANK.lastIndex = i;
    const j = NOT_BLANK.test(chunk) ? NOT_BLANK.lastIndex - 1 : chunk.length;
    if (this.lineBlank && this.indent.length <= MAX_INDENT)
      this.indent += chunk.slice(i, Math.min(j, i + MAX_INDENT + 1));
    if (j >= chunk.length) return j;
    const c = chunk[j] as string;
    if (c === "{" && !this.inArray && !this.pending) {
      const end = this.wholeLine(chunk, j);
      if (end !== undefined) return end;
    }
    if (c === "\n") {
      this.flushPending();
      this.newline();
    } else if (this.pending) this.extendPending(c);
    else this.begin(c);
    return j;
  }

  /**
   * NDJSON's case: the line from `j` (its first non-blank character, a `{`)
   * is one JSON object. The character scan would make it one record too; this
   * takes it whole and keeps the parsed value, so the record is parsed once.
   * Returns the index of the line's end, or undefined (nothing done) when the
   * line does not end in this chunk or is not one valid object.
   */
  private wholeLine(chunk: string, j: number): number | undefined {
    const end = chunk.indexOf("\n", j);
    if (end < 0 || end - j > RESYNC_LINE_CHARS) return undefined;
    let last = end - 1;
    while (last > j && isBlank(chunk.charCodeAt(last))) last--;
    if (chunk.charCodeAt(last) !== 0x7d) return undefined;
    const line = chunk.slice(j, last + 1);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    this.records++;
    this.out.push({ position: this.position(this.line), text: line, value });
    this.newline();
    return end;
  }

  private position(line: number): string {
    return this.inArray ? `${this.arrayName}[${this.elements}]` : `${this.name}:${line}`;
  }

  /** The first character of a record (or of a top-level array, or its end). */
  private begin(ch: string): void {
    if (!this.inArray && ch === "[") {
      this.inArray = true;
      this.arrayName = this.line === 1 ? this.name : `${this.name}:${this.line}`;
      this.elements = 0;
      this.arrayBroken = false;
      this.lineBlank = false;
      return;
    }
    if (this.inArray && ch === "]") {
      if (this.elements === 0)
        this.out.push({ position: this.arrayName, error: "is an empty array, expected problems", source: true });
      this.records++;
      this.inArray = false;
      return;
    }
    if (this.inArray) this.elements++;
    this.open = true;
    this.text = "";
    this.startLine = this.line;
    this.startIndent = this.lineBlank && this.indent.length <= MAX_INDENT ? this.indent : undefined;
    this.lineStart = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.candidates = [];
    this.wholeUntil = undefined;
    this.bare = !this.inArray && ch !== "{" && ch !== "[";
    this.lineBlank = false;
    const done = this.scan(ch);
    this.text = done === "drop" ? "" : ch;
    if (done !== undefined) this.close(ch, done);
  }

  /**
   * One character of the open record. Returns "keep" when the record ends
   * with this character, "drop" when it ends before it (an array's `,` or `]`).
   */
  private scan(ch: string): "keep" | "drop" | undefined {
    if (this.bare) return undefined;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === "\\") this.escaped = true;
      else if (ch === '"') this.inString = false;
      return undefined;
    }
    if (ch === '"') this.inString = true;
    else if (ch === "{" || ch === "[") this.depth++;
    else if (this.inArray && this.depth === 0 && (ch === "," || ch === "]")) return "drop";
    else if (ch === "}" || ch === "]") {
      // a stray closing bracket in an array element breaks the element without opening it to the next one's commas
      if (this.depth > 0) this.depth--;
      if (this.depth === 0 && !this.inArray) return "keep";
    }
    return undefined;
  }

  /** The open record ended at `ch` (with it, or just before it). */
  private close(ch: string, done: "keep" | "drop"): void {
    if ((this.candidates.length > 0 || this.wholeUntil) && !isJson(this.text)) {
      // Rules 4 and 3: the element was whole before a line that broke it, or the record that swallowed a `{`
      // line is broken after all and that line starts a new one.
      const after = done === "drop" ? ch : "";
      if (this.splitAtWhole(after) || this.splitAtCandidate(after, this.text.length)) return;
    }
    if (!this.inArray) {
      this.pending = { text: this.text, line: this.startLine };
      this.open = false;
      return;
    }
    this.emit(this.text);
    if (ch === "]") this.inArray = false;
  }

  private flushPending(): void {
    if (!this.pending) return;
    const { text, line } = this.pending;
    this.pending = undefined;
    this.startLine = line;
    this.emit(text);
  }

  /** Something after a closed top-level value on its line: the two are one broken record, to the line's end. */
  private extendPending(ch: string): void {
    const p = this.pending as { text: string; line: number };
    this.pending = undefined;
    this.open = true;
    this.bare = true;
    this.candidates = [];
    this.startLine = p.line;
    this.startIndent = undefined;
    this.lineBlank = false;
    this.text = `${p.text} ${ch}`;
  }

  private emit(text: string): void {
    const t = text.trim();
    const position = this.position(this.startLine);
    this.open = false;
    this.records++;
    if (t === "") this.out.push({ position, error: "an empty element (a stray comma?)" });
    else this.out.push({ position, text: t });
  }

  private fail(message: string): void {
    if (this.inArray) this.arrayBroken = true;
    this.out.push({ position: this.position(this.startLine), error: message });
    this.open = false;
    this.records++;
    this.text = "";
  }

  private newline(): void {
    this.line++;
    this.lineBlank = true;
    this.indent = "";
  }

  /** A line break inside the open record: the rules that confine a broken record. */
  private endOfLine(): void {
    const lineText = this.text.slice(this.lineStart);
    if (this.bare) {
      this.emit(this.text);
      this.newline();
      return;
    }
    if (this.lineStart > 0 && isProblemLine(lineText)) {
      // Rule 2: the open record is broken, and ends where it was last whole, before a candidate line or
      // before this one.
      if (this.splitAtWhole("\n")) return;
      if (!this.splitAtCandidate("\n", this.lineStart)) {
        this.candidates = [{ offset: this.lineStart, line: this.line }];
        this.splitAtCandidate("\n", this.text.length);
      }
      return;
    }
    const first = this.candidates[0];
    if (first && this.line - first.line >= CANDIDATE_LINES) {
      // The candidates have waited long enough: the open record is broken if one of them starts a problem.
      this.text += "\n";
      if (this.splitAtCandidate("", this.text.length)) return;
      this.text = this.text.slice(0, -1);
      this.candidates = [];
    }
    if (this.inArray && this.depth === 0 && !this.inString && this.text.trim() !== "" && isJson(this.text)) {
      this.wholeUntil = { offset: this.text.length, line: this.line };
    }
    // Rule 1: a string open here is closed here; the text keeps the break, so it stays invalid JSON.
    this.inString = false;
    this.escaped = false;
    this.text += "\n";
    this.lineStart = this.text.length;
    this.newline();
  }

  /**
   * The open record is broken: if a candidate line before `until` starts a
   * problem (a "problem" key before the next candidate), an error for the
   * text before it, and everything from it read again (with `after`).
   * False, and nothing done, when no candidate does.
   */
  private splitAtCandidate(after: string, until: number): boolean {
    const spans = this.candidates.filter((c) => c.offset < until);
    const k = spans.findIndex((c, i) => this.text.slice(c.offset, spans[i + 1]?.offset ?? until).includes('"problem"'));
    const at = spans[k];
    if (at === undefined) return false;
    this.splitAt(at.offset, at.line, true, after);
    return true;
  }

  /** Rule 4: the open element was whole at the end of an earlier line; it ends there, and the rest is read again. */
  private splitAtWhole(after: string): boolean {
    const w = this.wholeUntil;
    if (w === undefined) return false;
    this.splitAt(w.offset, w.line, false, after);
    return true;
  }

  /**
   * The open record ends before `offset` of its text: that part is a record if it is valid JSON, else one
   * error; the rest (with `after`) is read again from `line` — at a line's start when `atLineStart`.
   */
  private splitAt(offset: number, line: number, atLineStart: boolean, after: string): void {
    const rest = this.text.slice(offset) + after;
    const before = this.text.slice(0, offset);
    this.candidates = [];
    this.wholeUntil = undefined;
    if (before.trim() !== "" && isJson(before)) this.emit(before);
    else this.fail(parseError(before));
    this.line = line;
    this.lineBlank = atLineStart;
    this.indent = "";
    this.feed(rest);
  }

  /** Rule 3: a `{` first on a line of the open record (begun on an earlier line), indented no deeper than it. */
  private mayStartRecord(): boolean {
    return this.lineStart > 0 && this.startIndent !== undefined && this.indent.length <= this.startIndent.length;
  }
}

function openStream(file: string, stdin: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const stream = file === "-" ? stdin : createReadStream(file);
  stream.setEncoding("utf8");
  return stream;
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES") return "permission denied";
  return (e as Error).message;
}

/**
 * The problem records of one source, in order, as they arrive: a batch for
 * each chunk read (one promise per chunk rather than per record).
 */
export async function* readRecords(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): AsyncGenerator<SourceRecord[]> {
  const name = file === "-" ? "stdin" : file;
  const splitter = new RecordSplitter(name);
  try {
    for await (const chunk of openStream(file, stdin)) {
      const records = splitter.push(chunk as string);
      if (records.length > 0) yield records;
    }
  } catch (e) {
    yield [{ position: name, error: readError(e), source: true }];
    return;
  }
  yield splitter.end();
}
