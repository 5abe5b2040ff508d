// Reading --input FILE|- and other JSON sources, with errors that name the option.
// fs.promises, read when a file is: loading node:fs/promises was ~4 ms of every start, files or not
import { promises as fs } from "node:fs";
import { fieldError } from "../errors.js";
import { parseUserJson } from "../input/json.js";
import { MAX_INPUT_BYTES } from "../limits.js";

/** All of standard input. Read as a stream: readFileSync(0) fails with EAGAIN on a non-blocking pipe. */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const piece of stdin) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : (piece as Buffer);
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) throw Object.assign(new Error("too large"), { code: "EFBIG" });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of FILE, or of standard input for "-". */
export async function readSource(
  path: string,
  label: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  try {
    if (path !== "-" && (await fs.stat(path)).size > MAX_INPUT_BYTES)
      throw Object.assign(new Error("too large"), { code: "EFBIG" });
    return path === "-" ? await readStdin(stdin) : await fs.readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EACCES"
            ? "permission denied"
            : code === "EFBIG"
              ? `larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB dlsolve reads`
              : (e as Error).message;
    throw fieldError(label, `cannot read ${path === "-" ? "standard input" : JSON.stringify(path)}: ${why}`);
  }
}

/** --input's JSON object, with errors that name the option or the field. */
export function parseJson(text: string, label: string, what: string): unknown {
  return parseUserJson(text, label, what, "input");
}
