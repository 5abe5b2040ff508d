// Entry point: runs the command on this process's argv and streams.
import { runCli } from "./cli/entry.js";

// stdout is written in batches: everything produced before the event loop
// turns goes out in one write (a stream of 10,000 small results is not
// 10,000 syscalls), and a flush happens whenever the input makes us wait, so
// output still starts before the input ends. Past 1 MiB it waits for the pipe
// to drain, so memory stays flat however long the stream.
const FLUSH_BYTES = 1 << 20;
/** A part this big goes out on its own: joining it to the rest would copy it. */
const BIG_PART = 1 << 16;
let pending: string[] = [];
let pendingBytes = 0;
let scheduled = false;

function flush(): boolean {
  scheduled = false;
  if (pending.length === 0) return true;
  const text = pending.join("");
  pending = [];
  pendingBytes = 0;
  return process.stdout.write(text);
}

const drained = () => new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));

function out(text: string): void | Promise<void> {
  if (text.length >= BIG_PART) {
    flush();
    return process.stdout.write(text) ? undefined : drained();
  }
  pending.push(text);
  pendingBytes += text.length;
  if (pendingBytes >= FLUSH_BYTES) return flush() ? undefined : drained();
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

async function main(): Promise<void> {
  // A reader that closes the pipe early (dlsolve … | head) is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  const code = await runCli(process.argv.slice(2), {
    out,
    err: (s) => {
      flush();
      process.stderr.write(s);
    },
    isTTY: process.stdout.isTTY === true,
    noColorEnv: (process.env.NO_COLOR ?? "") !== "",
    debug: (process.env.DEBUG ?? "") !== "",
  });
  flush();
  process.exitCode = code;
}

await main();
