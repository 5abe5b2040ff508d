// Builds the command once before any test, so the tests that spawn
// bin/dlsolve.js never run a bundle older than the source (`npx vitest`
// after an edit included). A bundle newer than every file it is built from
// is kept: `npm ci` has just built it, or nothing changed since the last run.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The latest modification time among a build's inputs: src/, scripts/ and the package files. */
function newestInput(): number {
  let newest = 0;
  const visit = (path: string) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const input of ["src", "scripts", "package.json", "package-lock.json", "tsconfig.json"])
    visit(join(root, input));
  return newest;
}

function builtAt(): number {
  try {
    return Math.min(
      ...["bin/dlsolve.js", "bin/lib/dlsolve.cjs", "bin/chunks/svg.cjs"].map((f) => statSync(join(root, f)).mtimeMs),
    );
  } catch {
    return 0;
  }
}

export default function setup(): void {
  if (builtAt() > newestInput()) return;
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}
