// Builds the command package.json's "bin" names:
//   bin/dlsolve.js         the launcher (scripts/launcher.cjs), CommonJS by bin/package.json
//                          (the path "bin" has always named, so existing links to it keep working)
//   bin/lib/dlsolve.cjs    src/main.ts bundled, CommonJS
//   bin/lib/dlsolve.cjs.cache  V8's code cache for the bundle, written by one run of the command
//   bin/chunks/plot.cjs    the terminal charts of --plot, required only when asked for
//   bin/chunks/svg.cjs     the SVG charts of --plot FILE.svg (with the charting library), likewise
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

// The plotting code stays out of the bundle: run.ts's import("../plot/plot.js") and import("../plot/svg.js")
// become requires of the chunks.
const plotChunk = {
  name: "plot-chunk",
  setup(b) {
    b.onResolve({ filter: /\/plot\/(plot|svg)\.js$/ }, (args) => ({
      path: `../chunks/${args.path.endsWith("svg.js") ? "svg" : "plot"}.cjs`,
      external: true,
    }));
  },
};
// Two packages require a Node.js module when they load that a run rarely uses and that costs start-up time:
// they get the stand-in in scripts/on-demand/, which requires the real one only when it is used.
const ON_DEMAND = { commander: "child_process", chalk: "tty" };
const onDemand = {
  name: "on-demand",
  setup(b) {
    b.onResolve({ filter: /^node:(child_process|tty)$/ }, (args) => {
      const pkg = /[\\/]node_modules[\\/]([^\\/]+)[\\/]/.exec(args.importer)?.[1];
      const name = args.path.slice("node:".length);
      if (pkg === undefined || ON_DEMAND[pkg] !== name) return undefined;
      return { path: new URL(`on-demand/${name.replace("_", "-")}.cjs`, import.meta.url).pathname };
    });
  },
};
await build({
  ...common,
  entryPoints: ["src/main.ts"],
  outfile: `${OUT}/lib/dlsolve.cjs`,
  plugins: [plotChunk, onDemand],
  // import() becomes require(): code run through node:vm cannot import
  supported: { "dynamic-import": false },
});
await build({ ...common, entryPoints: ["src/plot/plot.ts"], outfile: `${OUT}/chunks/plot.cjs` });
await build({ ...common, entryPoints: ["src/plot/svg.ts"], outfile: `${OUT}/chunks/svg.cjs` });

copyFileSync("scripts/launcher.cjs", `${OUT}/dlsolve.js`);
// The project is "type": "module"; under bin/ a .js file is CommonJS, which starts without the ES module loader.
writeFileSync(`${OUT}/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);
// The bin must be executable: npx and an installed `dlsolve` run it directly.
chmodSync(`${OUT}/dlsolve.js`, 0o755);

// The code caches: a run of the start-up the benchmark measures (the bundle's cache), a run drawing an SVG (the
// SVG chunk's) and one drawing in the terminal (the terminal chunk's); then the same runs check V8 takes each cache.
const RUNS = [
  ["batchnorm", "1", "7", "7", "9", "--json"],
  ["sigmoid-grad", "-3", "0", "5", "--plot", `${OUT}/warm.svg`],
  ["sigmoid-grad", "-3", "0", "5", "--plot"],
];
const warm = (mode, dir) =>
  RUNS.map((args) =>
    spawnSync(process.execPath, [`${dir}/dlsolve.js`, ...args.map((a) => a.replace(OUT, dir))], {
      env: { ...process.env, DLSOLVE_BUILD_CODE_CACHE: mode },
      encoding: "utf8",
      timeout: 60_000,
    }),
  );
for (const written of warm("write", OUT))
  if (written.status !== 0)
    throw new Error(`build: the command failed while writing its code cache:\n${written.stderr}`);
rmSync(`${OUT}/warm.svg`, { force: true });
// into place: the old bin/ is moved aside first (a directory cannot be renamed over a full one), then removed
rmSync("bin.old", { recursive: true, force: true });
if (existsSync("bin")) renameSync("bin", "bin.old");
renameSync(OUT, "bin");
rmSync("bin.old", { recursive: true, force: true });
for (const checked of warm("check", "bin")) {
  const missing = checked.stderr.split("\n").filter((l) => l.startsWith("code cache"));
  if (missing.length) console.warn(`build: ${missing.join("; ")}; the command will start without it`);
}
rmSync("bin/warm.svg", { force: true });
