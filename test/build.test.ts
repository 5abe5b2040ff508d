// The build replaces bin/ in one rename: a command started while `npm run build` runs finds a whole bin/.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

// Start-up loads only what a run uses (scripts/on-demand/, README: Performance): a problem's run to a file
// loads none of the Node.js modules that commander and chalk require when they load but rarely use.
it("starts without node:child_process, node:net, node:tty or fs.promises when nothing needs them", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlsolve-startup-"));
  const report = join(dir, "modules.json");
  const preload = join(dir, "report.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(report)}, ` +
      "JSON.stringify(process.moduleLoadList)));\n",
  );
  const out = openSync(join(dir, "out.json"), "w");
  const err = openSync(join(dir, "err.txt"), "w");
  const run = spawnSync(
    process.execPath,
    ["-r", preload, join(ROOT, "bin/dlsolve.js"), "batchnorm", "1", "7", "7", "9", "--json"],
    { stdio: ["ignore", out, err], timeout: 30_000 },
  );
  closeSync(out);
  closeSync(err);
  expect(run.status).toBe(0);
  expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).answer.mean).toBe(6);
  const loaded = JSON.parse(readFileSync(report, "utf8")) as string[];
  // the list holds what Node.js's own start-up loaded too; the command's run adds to it
  expect(loaded).toContain("NativeModule fs");
  for (const name of ["child_process", "net", "tty", "internal/fs/promises"])
    expect(loaded).not.toContain(`NativeModule ${name}`);
  rmSync(dir, { recursive: true, force: true });
});
