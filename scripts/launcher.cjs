#!/usr/bin/env node
// The `dlsolve` command (copied to bin/dlsolve.js by scripts/build.mjs, CommonJS by bin/package.json).
// It runs the bundle, bin/lib/dlsolve.cjs, with V8's code cache for it,
// made when the command was built: the functions a run needs are read
// already compiled instead of being parsed and compiled again, which was most
// of dlsolve's start-up beyond Node.js's own. A cache that does not fit this
// Node.js (another version, other V8 flags) is rejected by V8, and the bundle
// is compiled as it would be without one. (Node.js 22 has this built in as
// module.enableCompileCache; Node.js 20 does not.)
"use strict";
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname, join, resolve } = require("node:path");
const { Script } = require("node:vm");

// Only scripts/build.mjs sets this: "write" makes the cache of each script a run loads that has none yet, once the
// run has compiled what it needs; "check" says on stderr when a script's cache is missing or rejected.
const building = process.env.DLSOLVE_BUILD_CODE_CACHE;

/** Runs a CommonJS file of the command (the bundle, or a chunk it requires) with its code cache; its exports. */
function load(file) {
  const cacheFile = `${file}.cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // the file as Node.js wraps a CommonJS module
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
  const script = new Script(source, { filename: file, cachedData });
  if (building === "write" && cachedData === undefined)
    process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
  if (building === "check" && (cachedData === undefined || script.cachedDataRejected))
    process.once("exit", () => process.stderr.write(`code cache of ${file} missing or rejected\n`));
  const mod = { exports: {} };
  const base = createRequire(file);
  // the bundle requires its chunks (../chunks/*.cjs) by path: they too run with their caches
  const req = (id) => (id.startsWith("../chunks/") ? load(resolve(dirname(file), id)) : base(id));
  script.runInThisContext()(mod.exports, Object.assign(req, base), mod, file, dirname(file));
  return mod.exports;
}

load(join(__dirname, "lib", "dlsolve.cjs"));
