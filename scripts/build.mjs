// Builds the command package.json's "bin" names:
//   bin/dlsolve.js         the launcher (scripts/launcher.cjs), CommonJS by bin/package.json
//                          (the path "bin" has always named, so existing links to it keep working)
//   bin/lib/dlsolve.cjs    src/main.ts bundled, CommonJS
//   bin/lib/dlsolve.cjs.cache  V8's code cache for the bundle, written by one run of the command
//   bin/chunks/plot.cjs    the charts of --plot, required only when asked for
// The bundle is CommonJS so the launcher can run it through node:vm with the
// code cache (Node.js 20 caches no ES module code); CommonJS also starts
// without the ES module loader. Measured by `npm run bench` (cold start).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

rmSync("bin", { recursive: true, force: true });
mkdirSync("bin/lib", { recursive: true });

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};

// The plotting code stays out of the bundle: run.ts's import("../plot/plot.js") becomes a require of the chunk.
const plotChunk = {
  name: "plot-chunk",
  setup(b) {
    b.onResolve({ filter: /\/plot\/plot\.js$/ }, () => ({ path: "../chunks/plot.cjs", external: true }));
  },
};
await build({
  ...common,
  entryPoints: ["src/main.ts"],
  outfile: "bin/lib/dlsolve.cjs",
  plugins: [plotChunk],
  // import() becomes require(): code run through node:vm cannot import
  supported: { "dynamic-import": false },
});
await build({ ...common, entryPoints: ["src/plot/plot.ts"], outfile: "bin/chunks/plot.cjs" });

copyFileSync("scripts/launcher.cjs", "bin/dlsolve.js");
// The project is "type": "module"; under bin/ a .js file is CommonJS, which starts without the ES module loader.
writeFileSync("bin/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);
// The bin must be executable: npx and an installed `dlsolve` run it directly.
chmodSync("bin/dlsolve.js", 0o755);

// The code cache: one run of the start-up the benchmark measures, then a run that checks V8 takes the cache.
const warm = (mode) =>
  spawnSync(process.execPath, ["bin/dlsolve.js", "batchnorm", "1", "7", "7", "9", "--json"], {
    env: { ...process.env, DLSOLVE_BUILD_CODE_CACHE: mode },
    encoding: "utf8",
    timeout: 60_000,
  });
const written = warm("write");
if (written.status !== 0) throw new Error(`build: the command failed while writing its code cache:\n${written.stderr}`);
const checked = warm("check");
if (checked.stderr !== "") console.warn(`build: ${checked.stderr.trim()}; the command will start without it`);
