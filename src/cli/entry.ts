// The whole command as a function: parse, run, and the one top-level catch.
// A user's mistake is one line on stderr and exit 2; anything else is a bug,
// reported as an internal error with its stack only when DEBUG is set.
// main.ts wires it to the process; tests call it in-process.
import { InputError, oneLine } from "../errors.js";
import { parseArgv } from "./program.js";
import { runInvocation } from "./run.js";

export interface Io {
  /** Write to stdout; a promise when the writer applies back-pressure. */
  out(text: string): void | Promise<void>;
  err(text: string): void;
  /** stdout is a terminal */
  isTTY: boolean;
  /** NO_COLOR is set to something non-empty */
  noColorEnv: boolean;
  /** DEBUG is set: internal errors print their stack */
  debug: boolean;
}

/** Exit code of an internal error (a bug), apart from the 0/1/2 of SPEC §7. */
export const INTERNAL_ERROR = 70;

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    const invocation = parseArgv(argv, io);
    return await runInvocation(invocation, io, { isTTY: io.isTTY, noColorEnv: io.noColorEnv });
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`dlsolve: error: ${oneLine(e.message)}\n`);
      return 2;
    }
    const err = e as Error;
    io.err(`dlsolve: internal error: ${oneLine(err?.message ?? String(e))} (please report it; set DEBUG=1 for details)\n`);
    if (io.debug) io.err(`${err?.stack ?? ""}\n`);
    return INTERNAL_ERROR;
  }
}
