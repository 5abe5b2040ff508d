// Reading --input FILE|- and other JSON sources, with errors that name the option.
import { readFile } from "node:fs/promises";
import { fieldError } from "../errors.js";

/** All of standard input. Read as a stream: readFileSync(0) fails with EAGAIN on a non-blocking pipe. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of FILE, or of standard input for "-". */
export async function readSource(path: string, label: string): Promise<string> {
  try {
    return path === "-" ? await readStdin() : await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" :
      code === "EISDIR" ? "is a directory" :
      code === "EACCES" ? "permission denied" :
      (e as Error).message;
    throw fieldError(label, `cannot read ${path === "-" ? "standard input" : JSON.stringify(path)}: ${why}`);
  }
}

/** JSON.parse with an error that names the option and where the JSON broke. */
export function parseJson(text: string, label: string, what: string): unknown {
  if (text.trim() === "") throw fieldError(label, `${what} is empty, expected JSON`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fieldError(label, `${what} is not valid JSON (${(e as Error).message})`);
  }
}
