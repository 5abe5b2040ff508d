// Entry point: parse, run, and the one top-level catch. A user's mistake is
// one line on stderr and exit 2; anything else is a bug, reported as an
// internal error with its stack only when DEBUG is set.
import { InputError } from "./errors.js";
import { parseArgv, type Output } from "./cli/program.js";
import { runInvocation } from "./cli/run.js";
import type { Sink } from "./cli/solve.js";

const output: Output = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** stdout that waits for the pipe to drain, so a long solve stream never piles up in memory. */
const sink: Sink = {
  out: (s) => new Promise((resolve) => (process.stdout.write(s) ? resolve() : process.stdout.once("drain", resolve))),
  err: (s) => process.stderr.write(s),
};

// A reader that closes the pipe early (dlsolve … | head) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

async function main(argv: string[]): Promise<number> {
  try {
    const invocation = parseArgv(argv, output);
    return await runInvocation(
      invocation,
      output,
      { isTTY: process.stdout.isTTY === true, noColorEnv: (process.env.NO_COLOR ?? "") !== "" },
      sink,
    );
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`dlsolve: error: ${e.message}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`dlsolve: internal error: ${err?.message ?? String(e)} (please report it; set DEBUG=1 for details)\n`);
    if (process.env.DEBUG) process.stderr.write(`${err?.stack ?? ""}\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
