// The whole command as a function: parse, run, and the one top-level catch.
// A user's mistake is one line on stderr and exit 2; anything else is a bug,
// reported as an internal error with its stack only when DEBUG is set.
// main.ts wires it to the process; tests call it in-process.
import { InputError, oneLine } from "../errors.js";
import { visible } from "../text-width.js";
import type { Io } from "./io.js";
import { parseArgv } from "./program.js";
import { runInvocation } from "./run.js";

export type { Io } from "./io.js";

/** Exit code of an internal error (a bug), apart from the README's exit codes 0/1/2. */
export const INTERNAL_ERROR = 70;

/**
 * The process's streams with every control character a user's text could carry shown as its escape: an
 * id, a field name or a value is printed, never obeyed by the terminal. Only stdout on a terminal keeps
 * colour codes, the ones the text renderer writes.
 */
function escapingControls(io: Io): Io {
  const colour = io.isTTY && !io.noColorEnv;
  // io's other fields are read through it, when asked: main's stdinIsTTY makes process.stdin
  const escaped: Io = Object.create(io);
  escaped.out = (s) => io.out(visible(s, colour));
  escaped.err = (s) => io.err(visible(s));
  return escaped;
}

export async function runCli(argv: readonly string[], rawIo: Io): Promise<number> {
  const io = escapingControls(rawIo);
  try {
    const invocation = parseArgv(argv, io);
    return await runInvocation(invocation, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`dlsolve: error: ${oneLine(e.message)}\n`);
      return 2;
    }
    const err = e as Error;
    io.err(
      `dlsolve: internal error: ${oneLine(err?.message ?? String(e))} (please report it; set DEBUG=1 for details)\n`,
    );
    if (io.debug) io.err(`${err?.stack ?? ""}\n`);
    return INTERNAL_ERROR;
  }
}
