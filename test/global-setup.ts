// Builds the command once before any test, so the tests that spawn
// bin/dlsolve.js never run a bundle older than the source (`npx vitest`
// after an edit included).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}
