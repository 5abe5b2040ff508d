// node:tty as the bundle gives it to chalk (scripts/build.mjs). Chalk asks whether standard output and error are
// terminals when it loads; node:tty, which answers, loads node:net, ~7 ms of every start whose output is a file.
// process.stdout.isTTY is the same answer (Node.js makes stdout a tty.WriteStream exactly when it is a terminal),
// and costs only the stream the command writes to anyway.
"use strict";
module.exports = {
  isatty: (fd) =>
    fd === 1
      ? process.stdout.isTTY === true
      : fd === 2
        ? process.stderr.isTTY === true
        : require("node:tty").isatty(fd),
};
