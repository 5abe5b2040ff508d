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

/** Prefix a message with the option or field it is about. */
export function fieldError(label: string, message: string): InputError {
  return new InputError(`${label}: ${message}`);
}
