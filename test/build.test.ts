// The build replaces bin/ in one rename: a command started while `npm run build` runs finds a whole bin/.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./helpers.js";

it("keeps bin/ whole while it builds", async () => {
  const child = spawn(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "ignore" });
  const done = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let checks = 0;
  let missing = 0;
  let running = true;
  void done.then(() => {
    running = false;
  });
  while (running) {
    checks++;
    if (!existsSync(join(ROOT, "bin/dlsolve.js")) || !existsSync(join(ROOT, "bin/lib/dlsolve.cjs"))) missing++;
    await new Promise((r) => setTimeout(r, 2));
  }
  expect(await done).toBe(0);
  expect(checks).toBeGreaterThan(20);
  expect(missing).toBe(0);
}, 60_000);
