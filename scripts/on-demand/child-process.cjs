// node:child_process as the bundle gives it to commander (scripts/build.mjs). Commander requires it when it loads,
// only to spawn executable subcommands, which dlsolve has none of; loading it (node:net and the stream operators
// behind it) was ~13 ms of every start. The real module is required only if commander ever spawns.
"use strict";
module.exports = {
  spawn: (...args) => require("node:child_process").spawn(...args),
};
