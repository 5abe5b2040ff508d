import { visible } from "./text-width.js";

/**
 * The one error type for anything the user can fix: a bad number, a wrong size,
 * a singular system, an unknown field. Its message names the option or field
 * (`--A: row 2 has 3 values, row 1 has 2`). The top-level catch prints it as
 * `dlsolve: error: <message>` and exits 2; any other error is a bug.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/**
 * A user's text made safe to print: control characters (line breaks, the
 * escape that starts a terminal colour or cursor sequence) are shown as
 * escapes (\n, \u001b), so a file name or a value can neither break a line
 * (out of a LaTeX comment, say) nor drive the terminal.
 */
export function printable(text: string): string {
  return visible(text.replace(/[\n\r\t]/g, (ch) => (ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : "\\t")));
}

/** An error line keeps this many characters of a long message: its start (the field) and its end. */
const MESSAGE_HEAD = 600;
const MESSAGE_TAIL = 200;

/**
 * A message as one line: quoted input (a JSON parser's excerpt, a file name) may hold newlines and escapes.
 * A message that quotes a huge value keeps its start and end, not megabytes of the value.
 */
export function oneLine(message: string): string {
  const line = printable(message.replace(/\r?\n/g, "\n"));
  if (line.length <= MESSAGE_HEAD + MESSAGE_TAIL + 100) return line;
  const cut = line.length - MESSAGE_HEAD - MESSAGE_TAIL;
  return `${line.slice(0, MESSAGE_HEAD)} … (${cut} characters left out) … ${line.slice(-MESSAGE_TAIL)}`;
}

/** Prefix a message with the option or field it is about. */
export function fieldError(label: string, message: string): InputError {
  return new InputError(`${label}: ${message}`);
}

/** What a JSON value is, for a message: "null", "an array", "string", "number"… */
export function jsonKind(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}
