// Reading problem records for `solve`: NDJSON, pretty-printed objects one
// after another (what `cat *.json` gives), a single object, or an array.
// Records arrive as they are read, so a stream is solved while it flows.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

export interface SourceRecord {
  position: string;
  value?: unknown;
  /** A one-line object not parsed yet: whoever solves it parses it (in a worker, when there are workers). */
  text?: string;
  /** Set when the record could not even be parsed. */
  error?: string;
}

function openStream(file: string): Readable {
  return file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
}

/** Tracks bracket depth across lines, ignoring brackets inside strings. */
class DepthScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  /** Feeds one line; false when a closing bracket has no opening one. */
  feed(line: string): boolean {
    for (const ch of line) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === "\\") this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if (ch === "}" || ch === "]") {
        this.depth--;
        if (this.depth < 0) return false;
      }
    }
    return true;
  }
}

/**
 * The problem records of one source, in order, parsed as they arrive: NDJSON
 * (a value per line), pretty-printed objects one after another (what
 * `cat *.json` gives), a single object, or an array (its elements). A broken
 * value is reported at its first line and reading goes on with the next.
 */
export async function* readRecords(file: string): AsyncGenerator<SourceRecord> {
  const name = file === "-" ? "stdin" : file;
  const lines = createInterface({ input: openStream(file), crlfDelay: Infinity });
  let pending: string[] = [];
  let start = 0;
  let scanner = new DepthScanner();
  let lineNo = 0;
  let values = 0;
  const emit = function* (value: unknown, line: number): Generator<SourceRecord> {
    values++;
    if (Array.isArray(value)) yield* arrayRecords(value, line === 1 ? name : `${name}:${line}`);
    else yield { position: `${name}:${line}`, value };
  };
  const broken = (line: number, text: string): SourceRecord => {
    values++;
    let message = "unexpected end of JSON";
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    return { position: `${name}:${line}`, error: `invalid JSON (${message})` };
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (pending.length === 0) {
        if (line.trim() === "") continue;
        // One object per line (NDJSON): handed on unparsed, to be parsed where it is solved.
        if (line.startsWith("{") && line.trimEnd().endsWith("}")) {
          values++;
          yield { position: `${name}:${lineNo}`, text: line };
          continue;
        }
        try {
          yield* emit(JSON.parse(line), lineNo);
          continue;
        } catch {
          // not a whole value on one line: accumulate below
        }
      } else if (line.startsWith("{")) {
        // A new object at column 0 while a value is still open: the open one was broken.
        try {
          const value = JSON.parse(line) as unknown;
          yield broken(start, pending.join("\n"));
          pending = [];
          scanner = new DepthScanner();
          yield* emit(value, lineNo);
          continue;
        } catch {
          // part of the open value after all
        }
      }
      if (pending.length === 0) start = lineNo;
      pending.push(line);
      const balanced = scanner.feed(line);
      if (!balanced || scanner.depth === 0) {
        const text = pending.join("\n");
        pending = [];
        scanner = new DepthScanner();
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          yield broken(start, text);
          continue;
        }
        yield* emit(value, start);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    yield {
      position: name,
      error:
        code === "ENOENT"
          ? "no such file"
          : code === "EISDIR"
            ? "is a directory"
            : code === "EACCES"
              ? "permission denied"
              : (e as Error).message,
    };
    return;
  }
  if (pending.length > 0) yield broken(start, pending.join("\n"));
  else if (values === 0) yield { position: name, error: "is empty, expected JSON problems" };
}

function* arrayRecords(values: unknown[], name: string): Generator<SourceRecord> {
  if (values.length === 0) yield { position: name, error: "is an empty array, expected problems" };
  for (let i = 0; i < values.length; i++) yield { position: `${name}[${i + 1}]`, value: values[i] };
}
