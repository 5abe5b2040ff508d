// Fails when a source line is longer than the formatter's line width (120
// characters, as biome.json says). Biome wraps code but not a long string or
// comment; this catches those.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const LIMIT = JSON.parse(readFileSync(new URL("../biome.json", import.meta.url), "utf8")).formatter.lineWidth;
const dirs = ["src", "test", "scripts", "bench"];
const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...dirs], {
  encoding: "utf8",
});
// A file deleted but not yet staged is still listed by git: skip it.
const files = listed.split("\n").filter((f) => /\.(ts|mjs|js)$/.test(f) && existsSync(f));
const long = [];
for (const file of files) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const width = [...line].length;
      if (width > LIMIT) long.push(`${file}:${i + 1}: ${width} characters`);
    });
}
if (long.length > 0) {
  console.error(`${long.length} lines longer than ${LIMIT} characters:\n${long.join("\n")}`);
  process.exit(1);
}
