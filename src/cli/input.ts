// Reading --input FILE|- and other JSON sources, with errors that name the option.
import { readFileSync } from "node:fs";
import { fieldError } from "../errors.js";

/** The text of FILE, or of standard input for "-". */
export function readSource(path: string, label: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
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
