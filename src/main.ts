// Entry point: runs the command on this process's argv and streams.
import { runCli } from "./cli/entry.js";

// A reader that closes the pipe early (dlsolve … | head) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), {
  // Waits for the pipe to drain, so a long solve stream never piles up in memory.
  out: (s) => new Promise<void>((resolve) => (process.stdout.write(s) ? resolve() : process.stdout.once("drain", () => resolve()))),
  err: (s) => void process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  noColorEnv: (process.env.NO_COLOR ?? "") !== "",
  debug: (process.env.DEBUG ?? "") !== "",
});
