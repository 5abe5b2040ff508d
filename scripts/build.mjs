// Bundles src/main.ts into the file that package.json's "bin" names. Code
// that only some runs need (the charts of --plot) is split into chunks under
// bin/chunks/, loaded by a dynamic import when asked for.
import { chmodSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("bin/chunks", { recursive: true, force: true });
await build({
  entryPoints: { dlsolve: "src/main.ts" },
  outdir: "bin",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  // CommonJS dependencies (commander, cli-table3) call require() for node builtins.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
    ].join("\n"),
  },
  logLevel: "warning",
});

// The bin must be executable: npx and an installed `dlsolve` run it directly.
chmodSync("bin/dlsolve.js", 0o755);
