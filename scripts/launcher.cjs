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
const { readFileSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const dir = join(__dirname, "lib");
const bundle = join(dir, "dlsolve.cjs");
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// The bundle as Node.js wraps a CommonJS module.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, "utf8")}\n})`;
const script = new Script(source, { filename: bundle, cachedData });
// Only scripts/build.mjs sets this: write the cache once the run has compiled what a run needs.
const building = process.env.DLSOLVE_BUILD_CODE_CACHE;
if (building === "write") process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
if (building === "check" && (cachedData === undefined || script.cachedDataRejected)) {
  process.once("exit", () => process.stderr.write("code cache missing or rejected\n"));
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dir);
