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
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

// Built in bin.next and renamed into place at the end, so that bin/ always holds a whole command: a test
// or a user running dlsolve during a build never finds it half written or gone.
const OUT = "bin.next";
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/lib`, { recursive: true });

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
  outfile: `${OUT}/lib/dlsolve.cjs`,
  plugins: [plotChunk],
  // import() becomes require(): code run through node:vm cannot import
  supported: { "dynamic-import": false },
});
await build({ ...common, entryPoints: ["src/plot/plot.ts"], outfile: `${OUT}/chunks/plot.cjs` });

copyFileSync("scripts/launcher.cjs", `${OUT}/dlsolve.js`);
// The project is "type": "module"; under bin/ a .js file is CommonJS, which starts without the ES module loader.
writeFileSync(`${OUT}/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);
// The bin must be executable: npx and an installed `dlsolve` run it directly.
chmodSync(`${OUT}/dlsolve.js`, 0o755);

// The code cache: one run of the start-up the benchmark measures, then a run that checks V8 takes the cache.
const warm = (mode, dir) =>
  spawnSync(process.execPath, [`${dir}/dlsolve.js`, "batchnorm", "1", "7", "7", "9", "--json"], {
    env: { ...process.env, DLSOLVE_BUILD_CODE_CACHE: mode },
    encoding: "utf8",
    timeout: 60_000,
  });
const written = warm("write", OUT);
if (written.status !== 0) throw new Error(`build: the command failed while writing its code cache:\n${written.stderr}`);
// into place: the old bin/ is moved aside first (a directory cannot be renamed over a full one), then removed
rmSync("bin.old", { recursive: true, force: true });
if (existsSync("bin")) renameSync("bin", "bin.old");
renameSync(OUT, "bin");
rmSync("bin.old", { recursive: true, force: true });
const checked = warm("check", "bin");
if (checked.stderr !== "") console.warn(`build: ${checked.stderr.trim()}; the command will start without it`);
