// Bundles src/main.ts into the one file that package.json's "bin" names.
import { chmodSync } from "node:fs";
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "bin/dlsolve.js",
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
