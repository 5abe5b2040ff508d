// Entry point: runs the command on this process's argv and streams.
import { runCli } from "./cli/entry.js";
import { oneLine } from "./errors.js";

// stdout is written in batches: everything produced before the event loop
// turns goes out in one write (a stream of 10,000 small results is not
// 10,000 syscalls), and a flush happens whenever the input makes us wait, so
// output still starts before the input ends. Whenever the pipe is full —
// after any write, a flush before an error line included — the next piece
// of output waits for it to drain, so memory stays flat however long the
// stream and however fast the reader.
const FLUSH_BYTES = 1 << 20;
/** A part this big goes out on its own: joining it to the rest would copy it. */
const BIG_PART = 1 << 16;
/**
 * Output waits here, already UTF-8, until a megabyte has gathered: each part
 * is encoded straight into one buffer (in a micro-benchmark a third of the
 * time of joining the parts into one string and encoding that).
 */
const CAPACITY = FLUSH_BYTES + 3 * BIG_PART; // a part under BIG_PART characters is under 3·BIG_PART bytes
let buffer = Buffer.allocUnsafe(CAPACITY);
let used = 0;
let scheduled = false;
/** The exit code as far as the run has got: what a closed pipe exits with. */
let status = 0;

/** stdout could not be written (a full disk, a closed file): one line, and exit. */
function writeFailed(e: NodeJS.ErrnoException): never {
  if (e.code === "EPIPE") process.exit(status); // a reader that closed the pipe early (… | head) is not an error
  const why = e.code === "ENOSPC" ? "no space left on device" : oneLine(e.message);
  process.stderr.write(`dlsolve: error: cannot write the output: ${why}\n`);
  process.exit(2);
}

function write(text: string | Buffer): void {
  try {
    process.stdout.write(text);
  } catch (e) {
    writeFailed(e as NodeJS.ErrnoException); // files are written synchronously, so their errors throw here
  }
}

function flush(): void {
  scheduled = false;
  if (used === 0) return;
  const full = buffer.subarray(0, used);
  used = 0;
  write(full);
  // A file, a terminal and a pipe (made blocking by blockingPipes) are written before write() returns, and
  // the buffer is free again; a stream that holds the bytes until its reader takes them (a socket) leaves
  // them queued: a new buffer.
  if (process.stdout.writableLength > 0) buffer = Buffer.allocUnsafe(CAPACITY);
}

const drained = () => new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));

function out(text: string): undefined | Promise<void> {
  if (text.length >= BIG_PART) {
    flush();
    write(text);
  } else {
    used += buffer.write(text, used);
    if (used >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }
  return process.stdout.writableNeedDrain ? drained() : undefined;
}

/** The width to fit: the terminal's columns, else COLUMNS, else undefined (80). */
function terminalColumns(): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const env = Number.parseInt(process.env.COLUMNS ?? "", 10);
  return Number.isFinite(env) && env > 0 ? env : undefined;
}

/**
 * Node.js writes to a pipe asynchronously on POSIX: what the reader has not
 * taken yet waits in a queue, and a line written to stderr meanwhile goes
 * out first. With stdout and stderr on one pipe (`dlsolve solve … 2>&1 | less`)
 * an error line would land in the middle of a solution. A blocking pipe
 * makes each write finish before the next begins, in the order they are
 * made (as Node.js does on Windows, and as it writes files and terminals).
 */
function blockingPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const handle = (stream as unknown as { _handle?: { setBlocking?: (on: boolean) => number } })._handle;
    if (typeof handle?.setBlocking === "function") handle.setBlocking(true);
  }
}

async function main(): Promise<void> {
  blockingPipes();
  process.stdout.on("error", writeFailed);
  const code = await runCli(process.argv.slice(2), {
    out,
    err: (s) => {
      flush();
      process.stderr.write(s);
    },
    status: (c) => {
      status = c;
    },
    isTTY: process.stdout.isTTY === true,
    // asked only by solve without files: making process.stdin was ~5 ms of every start
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    columns: terminalColumns(),
    noColorEnv: (process.env.NO_COLOR ?? "") !== "",
    debug: (process.env.DEBUG ?? "") !== "",
  });
  status = code;
  flush();
  process.exitCode = code;
}

// A rejection here is a bug: Node.js prints it and exits 1.
void main();
