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

/** A message as one line: quoted input (a JSON parser's excerpt) may hold newlines. */
export function oneLine(message: string): string {
  return message.replace(/\r?\n/g, "\\n");
}

/** Prefix a message with the option or field it is about. */
export function fieldError(label: string, message: string): InputError {
  return new InputError(`${label}: ${message}`);
}

/** What a JSON value is, for a message: "null", "an array", "string", "number"… */
export function jsonKind(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}
