#!/usr/bin/env node
// npm run bench: dlsolve against bare node and a python3 + numpy script doing
// the same job, measured side by side in one run (alternating runs, medians),
// reported as ratios in bench/results.md. `--quick` takes fewer runs.
//
// numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, its fastest
// setting on this machine (they are set here for old OpenBLAS builds).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { limitCases } from "./limits.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin", "dlsolve.js");
const PY = join(ROOT, "bench", "py");
const TMP = join(os.tmpdir(), "dlsolve-bench");
const QUICK = process.argv.includes("--quick");
/** --limits: only the limits table (written to bench/limits.md), for a quick look at the edges. */
const ONLY_LIMITS = process.argv.includes("--limits");
const RUNS = QUICK
  ? { cold: 7, large: 2, stream: 2, ridge: 2, scaling: 1 }
  : { cold: 21, large: 5, stream: 5, ridge: 5, scaling: 3 };
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const PY_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== "OPENBLAS_CORETYPE" && k !== "OPENBLAS_L2_SIZE"),
);

if (!existsSync(BIN)) {
  console.error("bench: bin/dlsolve.js is missing; run npm run build first");
  process.exit(2);
}
mkdirSync(TMP, { recursive: true });

/** A Markdown table row. */
const row = (cells) => `| ${cells.join(" | ")} |`;

// ---------- inputs (deterministic) ----------
let seed = 12345;
const rand = () => {
  seed = (seed * 48271) % 2147483647;
  return (seed / 2147483647) * 2 - 1;
};
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
function write(name, text) {
  const p = join(TMP, name);
  writeFileSync(p, text);
  return p;
}
const files = {};
for (const m of [10_000, 100_000, 1_000_000]) {
  const x = Array.from({ length: m }, () => round(rand() * 5, 6));
  const g = Array.from({ length: m }, () => round(rand(), 6));
  files[`bn${m}`] = write(`batchnorm-${m}.json`, JSON.stringify({ x, eps: 1e-5 }));
  files[`dm${m}`] = write(`demean-${m}.json`, JSON.stringify({ dLdy: g, gamma: 1.5 }));
}
{
  const lines = [];
  for (let i = 0; i < 10_000; i++) {
    const m = 2 + Math.floor(((rand() + 1) / 2) * 7);
    lines.push(
      JSON.stringify({
        problem: "batchnorm",
        input: { x: Array.from({ length: m }, () => round(rand() * 5, 3)), eps: 1e-5 },
      }),
    );
  }
  files.stream = write("stream-10000.ndjson", `${lines.join("\n")}\n`);
  const A = Array.from({ length: 2000 }, () => Array.from({ length: 200 }, rand));
  const b = Array.from({ length: 2000 }, rand);
  files.ridge = write("ridge-2000x200.json", JSON.stringify({ A, b, lambda: 0.5 }));
  const batch = () => Array.from({ length: 100_000 }, () => Array.from({ length: 10 }, () => round(rand() * 3, 6)));
  const classes = Array.from({ length: 100_000 }, () => 1 + Math.floor(((rand() + 1) / 2) * 9.999));
  files.softmax = write("softmax-100000x10.json", JSON.stringify({ z: batch(), target: classes }));
  files.layernorm = write("layernorm-100000x10.json", JSON.stringify({ x: batch(), eps: 1e-5 }));
  // the first N rows of the same batches, for the scaling table
  const z = JSON.parse(readFileSync(files.softmax, "utf8"));
  const x = JSON.parse(readFileSync(files.layernorm, "utf8"));
  for (const n of [1000, 10_000]) {
    files[`softmax${n}`] = write(
      `softmax-${n}x10.json`,
      JSON.stringify({ z: z.z.slice(0, n), target: z.target.slice(0, n) }),
    );
    files[`layernorm${n}`] = write(`layernorm-${n}x10.json`, JSON.stringify({ x: x.x.slice(0, n), eps: 1e-5 }));
  }
  files.softmax100000 = files.softmax;
  files.layernorm100000 = files.layernorm;
}

// the new problems' large cases (issue 38), and smaller ones for their scaling table
const matrix = (rows, cols, scale = 1) =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => round(rand() * scale, 6)));
const tensor = (...dims) =>
  dims.length === 0 ? round(rand(), 6) : Array.from({ length: dims[0] }, () => tensor(...dims.slice(1)));
/** graph: a chain of n lines aᵢ = tanh(aᵢ₋₁·w + aᵢ₋₂), each 3 nodes (a product, a sum, a tanh), each aᵢ read twice. */
function graphInput(n) {
  const lines = ["a1 = tanh(x * w + b)", "a2 = tanh(a1 * w + x)"];
  for (let i = 3; i <= n; i++) lines.push(`a${i} = tanh(a${i - 1} * w + a${i - 2})`);
  lines.push(`L = a${n} * a${n}`);
  return write(`graph-${n}.json`, JSON.stringify({ expr: lines.join("; "), at: "x=0.5 w=0.9 b=0.1" }));
}
function networkInput(n0, n1, n2, batch) {
  const y = Array.from({ length: batch }, (_, i) => 1 + (i % n2));
  const input = { x: matrix(batch, n0), W1: matrix(n1, n0, 0.05), b1: matrix(1, n1)[0], W2: matrix(n2, n1, 0.1) };
  Object.assign(input, { b2: matrix(1, n2)[0], y, activation: "relu", output: "softmax", loss: "ce", lr: 0.1 });
  return write(`network-${n0}-${n1}-${n2}-${batch}.json`, JSON.stringify(input));
}
const convInput = (c, h, f) =>
  write(
    `conv-${c}x${h}x${h}-${f}.json`,
    JSON.stringify({ x: tensor(c, h, h), kernel: tensor(f, c, 3, 3), bias: tensor(f), dLdy: tensor(f, h - 2, h - 2) }),
  );
const rnnInput = (T, H, F) =>
  write(
    `rnn-${T}-${H}-${F}.json`,
    JSON.stringify({
      x: matrix(T, F),
      Wx: matrix(H, F, 0.1),
      Wh: matrix(H, H, 0.1),
      b: matrix(1, H, 0.1)[0],
      y: matrix(1, H)[0],
    }),
  );

// ---------- measuring ----------
const dl = (...args) => ({ cmd: process.execPath, args: [BIN, ...args], env: process.env });
const py = (script, ...args) => ({ cmd: "python3", args: [join(PY, script), ...args], env: PY_ENV });
const nodeBare = { cmd: process.execPath, args: ["-e", "0"], env: process.env };

/** One run: wall seconds and peak RSS in MB (RSS only where GNU time exists). */
function once(c, withMemory) {
  if (withMemory && GNU_TIME) {
    const out = join(TMP, "rss.txt");
    const t0 = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", out, c.cmd, ...c.args], {
      env: c.env,
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 1 << 26,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (!(c.ok ?? [0]).includes(r.status)) throw new Error(`${c.cmd} ${c.args.join(" ")} failed: ${r.stderr}`);
    return { seconds, mb: Number(readFileSync(out, "utf8").trim().split("\n").pop()) / 1024 };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.cmd, c.args, { env: c.env, stdio: ["ignore", "ignore", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!(c.ok ?? [0]).includes(r.status)) throw new Error(`${c.cmd} ${c.args.join(" ")} failed: ${r.stderr}`);
  return { seconds, mb: NaN };
}

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

/** Alternates the commands run by run, so a noisy neighbour hits all of them alike. */
function compare(cmds, runs, withMemory = false) {
  const results = cmds.map(() => ({ seconds: [], mb: [] }));
  once(cmds[0], false); // warm the file cache
  for (let r = 0; r < runs; r++) {
    cmds.forEach((c, i) => {
      const m = once(c, withMemory);
      results[i].seconds.push(m.seconds);
      results[i].mb.push(m.mb);
    });
  }
  return results.map((r) => ({ seconds: median(r.seconds), mb: Math.max(...r.mb) }));
}

/** Every number in a value, paired with the same place in another: arrays by index, objects by the other's keys. */
function numberPairs(x, y, at, out) {
  if (Array.isArray(y)) {
    if (!Array.isArray(x) || x.length !== y.length)
      throw new Error(`${at}: ${Array.isArray(x) ? x.length : typeof x} values against the baseline's ${y.length}`);
    y.forEach((v, i) => {
      numberPairs(x[i], v, `${at}[${i}]`, out);
    });
  } else if (y !== null && typeof y === "object") {
    for (const k of Object.keys(y)) numberPairs(x?.[k], y[k], `${at}.${k}`, out);
  } else out.push([x, y]);
  return out;
}

/**
 * Both print the same answers, line by line (one line for a single problem): the given fields, numbers within
 * a float tolerance (nested arrays and objects compared place by place, by the baseline's keys).
 */
function sameAnswers(a, b, fields) {
  const read = (c) =>
    execFileSync(c.cmd, c.args, { env: c.env, maxBuffer: 1 << 30 })
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  const ours = read(a);
  const theirs = read(b);
  if (ours.length !== theirs.length) throw new Error(`${ours.length} results against the baseline's ${theirs.length}`);
  let worst = 0;
  ours.forEach((o, k) => {
    for (const f of fields)
      for (const [v, w] of numberPairs(o.answer[f], theirs[k].answer[f], `line ${k + 1}, ${f}`, [])) {
        worst = Math.max(worst, Math.abs(v - w) / Math.max(1e-300, Math.abs(w), Math.abs(v)));
      }
  });
  if (!(worst <= 1e-6)) throw new Error(`answers differ from the baseline's: largest relative difference ${worst}`);
  return worst;
}

/** Each limit at its edge, once: time and peak RSS, and whether it stays within 5 s and 1 GB. */
function limitsSection() {
  console.error("bench: limits at their edges …");
  const out = [
    "## Limits at their edges (one run each)",
    "",
    "Each input sits at the edge of a documented limit (README: limits); each must end within 5 s and 1 GB.",
    "",
    "| limit | time | peak RSS | within 5 s and 1 GB |",
    "|---|---|---|---|",
  ];
  let all = true;
  for (const [name, what] of limitCases(TMP, BIN)) {
    const c = Array.isArray(what)
      ? dl(...what)
      : what.refused
        ? { ...dl(...what.refused), ok: [2] }
        : what.failsCheck
          ? { ...dl(...what.failsCheck), ok: [1] }
          : { cmd: "sh", args: ["-c", what.shell], env: process.env };
    const m = once(c, true);
    const ok = m.seconds <= 5 && (!GNU_TIME || m.mb <= 1024);
    all &&= ok;
    out.push(row([name, fmt(m.seconds), GNU_TIME ? `${m.mb.toFixed(0)} MB` : "n/a", ok ? "✓" : "✗"]));
  }
  out.push("");
  return { lines: out, ok: all };
}

const fmt = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const lines = [];
const verdicts = [];
function check(name, ok, detail) {
  verdicts.push(`| ${name} | ${detail} | ${ok ? "✓" : "✗"} |`);
}

/** Grading a class of 200 students × 10 questions against a key (issue 34's target: under a second). */
function gradingSection() {
  console.error("bench: grading 200 students × 10 questions …");

  // ten questions of four kinds (hw4's key, the inputs varied), every student answering every question
  const kinds = JSON.parse(readFileSync(join(ROOT, "fixtures", "class", "hw4-key.json"), "utf8"));
  const key = Array.from({ length: 10 }, (_, i) => {
    const q = structuredClone(kinds[i % kinds.length]);
    q.id = `q${i + 1}`;
    if (q.problem === "batchnorm") q.input.x = q.input.x.map((v) => v + i);
    if (q.problem === "softmax-ce") q.input.z = q.input.z.map((v) => v - i);
    if (q.problem === "optimizer") q.input.lr = 0.1 * (i + 1);
    return q;
  });
  const answers = { batchnorm: { mean: 6, variance: 12 }, "softmax-ce": { loss: 0.4 }, "conv-shape": { params: 2572 } };
  const records = [];
  for (let s = 1; s <= 200; s++)
    for (const q of key)
      records.push(JSON.stringify({ student: `s${s}`, question: q.id, expect: answers[q.problem] ?? { m: [0.05] } }));
  const keyFile = write("key-10.json", JSON.stringify(key));
  const classFile = write("class-200x10.ndjson", records.join("\n"));
  const [csv, text, bare] = compare(
    [
      // exit 1: some answers are wrong
      { ...dl("solve", classFile, "--key", keyFile, "--grades", "--format", "csv"), ok: [1] },
      { ...dl("solve", classFile, "--key", keyFile, "--grades"), ok: [1] },
      nodeBare,
    ],
    RUNS.cold,
  );
  const out = [
    "## Grading a class: 200 students × 10 questions against a key (`solve --key --grades`)",
    "",
    "| format | median | ratio to `node -e 0` |",
    "|---|---|---|",
    row(["csv", fmt(csv.seconds), ratio(csv.seconds, bare.seconds)]),
    row(["text", fmt(text.seconds), ratio(text.seconds, bare.seconds)]),
    row(["`node -e 0`", fmt(bare.seconds), "1.00×"]),
    "",
  ];
  const worst = Math.max(csv.seconds, text.seconds);
  return {
    lines: out,
    verdicts: [
      ["200 × 10 graded in under a second", worst < 1, fmt(worst)],
      ["200 × 10 graded within 5× `node -e 0`", worst <= 5 * bare.seconds, ratio(worst, bare.seconds)],
    ],
  };
}

/** --grades: only the grading section, for a quick look. */
if (process.argv.includes("--grades")) {
  const { lines: g, verdicts: v } = gradingSection();
  console.log([...g, ...v.map(([name, ok, detail]) => `${name}: ${detail} ${ok ? "✓" : "✗"}`)].join("\n"));
  process.exit(0);
}

if (ONLY_LIMITS) {
  const { lines: limitLines } = limitsSection();
  writeFileSync(join(ROOT, "bench", "limits.md"), limitLines.join("\n"));
  console.log(limitLines.join("\n"));
  process.exit(0);
}

console.error("bench: cold start …");
const svgFile = join(TMP, "plot.svg");
const startups = {
  batchnorm: dl("batchnorm", "1", "7", "7", "9", "--json"),
  graph: dl("graph", "(x+y)*z", "x=-2", "y=5", "z=-4", "--json"),
  plotText: dl("sigmoid-grad", "-3", "0", "5", "--plot"),
  plotSvg: dl("sigmoid-grad", "-3", "0", "5", "--plot", svgFile),
  plain: dl("sigmoid-grad", "-3", "0", "5"),
};
const [cold, bare, pyCold, graphCold, plotText, plotSvg, plain] = compare(
  [
    startups.batchnorm,
    nodeBare,
    py("batchnorm.py", "--seed"),
    startups.graph,
    startups.plotText,
    startups.plotSvg,
    startups.plain,
  ],
  RUNS.cold,
);
sameAnswers(startups.batchnorm, py("batchnorm.py", "--seed"), ["mean", "variance", "xhat"]);
lines.push("## Cold start", "", "| command | median | ratio to `node -e 0` |", "|---|---|---|");
const startRow = (what, m) => row([what, fmt(m.seconds), ratio(m.seconds, bare.seconds)]);
lines.push(
  startRow("`dlsolve batchnorm 1 7 7 9 --json`", cold),
  startRow('`dlsolve graph "(x+y)*z" x=-2 y=5 z=-4 --json`', graphCold),
  startRow("`dlsolve sigmoid-grad -3 0 5` (no plot)", plain),
  startRow("the same with `--plot` (terminal charts)", plotText),
  startRow("the same with `--plot FILE.svg` (Observable Plot)", plotSvg),
  startRow("node -e 0", bare),
  startRow("python3 + numpy, batchnorm", pyCold),
  "",
);

// issue 38's targets: twenty subcommands start as fast as ten did
check("cold start ≤ 1.3× `node -e 0`", cold.seconds <= 1.3 * bare.seconds, ratio(cold.seconds, bare.seconds));
check(
  "graph cold start ≤ 1.5× `node -e 0`",
  graphCold.seconds <= 1.5 * bare.seconds,
  ratio(graphCold.seconds, bare.seconds),
);
check(
  "cold start faster than python3 + numpy",
  cold.seconds < pyCold.seconds,
  `${ratio(cold.seconds, pyCold.seconds)} of numpy`,
);

console.error("bench: 1,000,000 values …");
lines.push(
  "## 1,000,000 values through `--input FILE --json`",
  "",
  "| problem | dlsolve | python3 + numpy | ratio | dlsolve peak RSS | numpy peak RSS |",
  "|---|---|---|---|---|---|",
);
for (const [name, file, script, fields] of [
  ["batchnorm", files.bn1000000, "batchnorm.py", ["mean", "variance", "xhat", "y"]],
  ["demean-backprop", files.dm1000000, "demean.py", ["dLdx", "meanDLdy"]],
]) {
  const [ours, theirs] = compare([dl(name, "--input", file, "--json"), py(script, file)], RUNS.large, true);
  sameAnswers(dl(name, "--input", file, "--json"), py(script, file), fields);
  lines.push(
    row([
      name,
      fmt(ours.seconds),
      fmt(theirs.seconds),
      ratio(ours.seconds, theirs.seconds),
      `${ours.mb.toFixed(0)} MB`,
      `${theirs.mb.toFixed(0)} MB`,
    ]),
  );
  check(`${name} 1e6 ≤ 1.5× numpy`, ours.seconds <= 1.5 * theirs.seconds, ratio(ours.seconds, theirs.seconds));
  if (GNU_TIME) check(`${name} 1e6 peak memory < 400 MB`, ours.mb < 400, `${ours.mb.toFixed(0)} MB`);
}
lines.push("");

console.error("bench: 100,000 × 10 batches …");
lines.push(
  "## A 100,000 × 10 batch through `--input FILE --json`",
  "",
  "| problem | dlsolve | python3 + numpy | ratio | dlsolve peak RSS | numpy peak RSS |",
  "|---|---|---|---|---|---|",
);
for (const [name, file, script, fields] of [
  ["softmax-ce", files.softmax, "softmax.py", ["p", "loss", "grad", "logSumExp"]],
  ["layernorm", files.layernorm, "layernorm.py", ["mean", "variance", "std", "xhat"]],
]) {
  const [ours, theirs] = compare([dl(name, "--input", file, "--json"), py(script, file)], RUNS.large, true);
  sameAnswers(dl(name, "--input", file, "--json"), py(script, file), fields);
  lines.push(
    row([
      name,
      fmt(ours.seconds),
      fmt(theirs.seconds),
      ratio(ours.seconds, theirs.seconds),
      `${ours.mb.toFixed(0)} MB`,
      `${theirs.mb.toFixed(0)} MB`,
    ]),
  );
  check(`${name} 100,000 × 10 ≤ 1.5× numpy`, ours.seconds <= 1.5 * theirs.seconds, ratio(ours.seconds, theirs.seconds));
}
lines.push("");

console.error("bench: the new problems' large cases …");
/** A python3 that has torch (Debian's python3-torch goes to /usr/bin/python3), or none. */
const TORCH_PY = ["python3", "/usr/bin/python3"].find(
  (p) => spawnSync(p, ["-c", "import torch"], { env: PY_ENV, stdio: "ignore" }).status === 0,
);
lines.push(
  "## The new problems' large cases (`--quiet --json`: the answers, every one checked against the baseline's)",
  "",
  "| case | work | dlsolve | baseline | ratio | dlsolve peak RSS | baseline peak RSS |",
  "|---|---|---|---|---|---|---|",
);
{
  const cases = [
    [
      "graph, a 100,003-node chain (products, sums, tanh, each aᵢ read twice)",
      "100,003 nodes",
      graphInput(33_333),
      "graph",
      "graph_torch.py",
      ["value", "grad"],
      0.5,
      "PyTorch autograd",
    ],
    [
      "network 784-256-10, a batch of 128, one step",
      "26.0 M multiply-adds",
      networkInput(784, 256, 10, 128),
      "network",
      "network.py",
      ["z", "a", "loss", "delta", "grad", "next"],
      1.5,
      "numpy",
    ],
    [
      "conv 3 × 64 × 64, 16 filters of 3 × 3, forward and backward",
      "1.7 M multiply-adds",
      convInput(3, 64, 16),
      "conv",
      "conv.py",
      ["output", "grad"],
      1.5,
      "numpy (im2col)",
    ],
    [
      "rnn T = 1,000, H = 64, F = 32, BPTT",
      "6.1 M multiply-adds",
      rnnInput(1000, 64, 32),
      "rnn",
      "rnn.py",
      ["h", "loss", "dLdh", "grad"],
      1.5,
      "numpy",
    ],
  ];
  for (const [name, work, file, problem, script, fields, target, baseline] of cases) {
    const ours = dl(problem, "--input", file, "--quiet", "--json");
    const torch = script === "graph_torch.py";
    if (torch && TORCH_PY === undefined) {
      lines.push(row([name, work, "not run", "no python3 with torch (Debian's python3-torch)", "", "", ""]));
      check(`${problem} ≤ ${target}× ${baseline}`, false, "not measured: no python3 with torch");
      continue;
    }
    const theirs = torch ? { ...py(script, file), cmd: TORCH_PY } : py(script, file);
    sameAnswers(ours, theirs, fields);
    const [o, t] = compare([ours, theirs], RUNS.large, true);
    lines.push(
      row([
        `${name} (${baseline})`,
        work,
        fmt(o.seconds),
        fmt(t.seconds),
        ratio(o.seconds, t.seconds),
        `${o.mb.toFixed(0)} MB`,
        `${t.mb.toFixed(0)} MB`,
      ]),
    );
    check(`${problem} ≤ ${target}× ${baseline}`, o.seconds <= target * t.seconds, ratio(o.seconds, t.seconds));
    if (GNU_TIME) check(`${problem} peak memory < 400 MB`, o.mb < 400, `${o.mb.toFixed(0)} MB`);
  }
}
lines.push("");

console.error("bench: 10,000-problem stream …");
{
  const full = dl("solve", "--json", files.stream);
  const quiet = dl("solve", "--json", "--quiet", files.stream);
  const floor = {
    cmd: process.execPath,
    args: [join(ROOT, "bench", "js", "stream-floor.mjs"), files.stream],
    env: process.env,
  };
  const loop = py("stream.py", files.stream);
  for (const c of [full, quiet, floor]) sameAnswers(c, loop, ["mean", "variance", "std", "xhat", "y"]);
  const [ours, answersOnly, least, theirs] = compare([full, quiet, floor, loop], RUNS.stream, true);
  const size = (c) =>
    `${(execFileSync(c.cmd, c.args, { env: c.env, maxBuffer: 1 << 30 }).length / 2 ** 20).toFixed(1)} MB`;
  const row = (name, c, m) =>
    `| ${name} | ${fmt(m.seconds)} | ${ratio(m.seconds, theirs.seconds)} | ${size(c)} | ${m.mb.toFixed(0)} MB |`;
  lines.push(
    "## Throughput: `solve --json` over 10,000 NDJSON batchnorm problems (2–8 values, eps 1e-5)",
    "",
    [
      "`solve --json` prints each worked solution: the input, every step (formula, substitutions, value, exact",
      "value, table), the answer and the exact values. `--quiet` leaves out the steps. The numpy loop prints the",
      "answer only. The hand-written Node.js loop (bench/js/stream-floor.mjs) prints the same JSON line as",
      "`solve --json` for this one problem, in float64, with no input checking and no general machinery: a lower",
      "bound for any Node.js program that prints the worked solution. Every answer of each is first checked",
      "against numpy's to 1e-6.",
    ].join(" "),
    "",
    "| command | time | ratio to numpy | output | peak RSS |",
    "|---|---|---|---|---|",
    row("dlsolve `solve --json`", full, ours),
    row("dlsolve `solve --json --quiet`", quiet, answersOnly),
    row("hand-written Node.js loop, same JSON as `solve --json`", floor, least),
    row("python3 + numpy loop, answers only", loop, theirs),
    "",
  );
  check(
    "10,000-problem stream, answers only (`solve --json --quiet`) ≤ 1.0× the numpy loop",
    answersOnly.seconds <= theirs.seconds,
    ratio(answersOnly.seconds, theirs.seconds),
  );
  check(
    "10,000-problem stream, worked solutions (`solve --json`) ≤ 2.0× the numpy loop",
    ours.seconds <= 2 * theirs.seconds,
    ratio(ours.seconds, theirs.seconds),
  );
}

console.error("bench: ridge 2000 × 200 …");
{
  const [ours, theirs] = compare(
    [dl("ridge", "--input", files.ridge, "--json"), py("ridge.py", files.ridge)],
    RUNS.ridge,
    true,
  );
  sameAnswers(dl("ridge", "--input", files.ridge, "--json"), py("ridge.py", files.ridge), [
    "x",
    "singularValues",
    "objective",
  ]);
  lines.push(
    "## ridge, A 2000 × 200 (x, AᵀA, singular values), `--input FILE --json`",
    "",
    "| | dlsolve | python3 + numpy (LAPACK) | ratio |",
    "|---|---|---|---|",
  );
  lines.push(`| time | ${fmt(ours.seconds)} | ${fmt(theirs.seconds)} | ${ratio(ours.seconds, theirs.seconds)} |`, "");
  check("ridge 2000 × 200 within 20× numpy", ours.seconds <= 20 * theirs.seconds, ratio(ours.seconds, theirs.seconds));
}

console.error("bench: scaling …");
lines.push(
  "## Scaling (`--input FILE --json`, median wall time)",
  "",
  `Time per value is (time − start-up)/m, with start-up the cold start above (${fmt(cold.seconds)}). ` +
    "It falls as m grows (JIT warm-up and the fixed steps amortise): growth is linear at most, with no O(m²) term.",
  "",
  "| m | batchnorm | per value | demean-backprop | per value |",
  "|---|---|---|---|---|",
);
for (const m of [10_000, 100_000, 1_000_000]) {
  const [bn, dm] = compare(
    [
      dl("batchnorm", "--input", files[`bn${m}`], "--json"),
      dl("demean-backprop", "--input", files[`dm${m}`], "--json"),
    ],
    RUNS.scaling,
  );
  const perValue = (s) => `${(((s - cold.seconds) * 1e6) / m).toFixed(2)} µs`;
  lines.push(
    row([m.toLocaleString("en"), fmt(bn.seconds), perValue(bn.seconds), fmt(dm.seconds), perValue(dm.seconds)]),
  );
}
lines.push("", "| N × 10 | softmax-ce | per value | layernorm | per value |", "|---|---|---|---|---|");
for (const n of [1000, 10_000, 100_000]) {
  const [sm, ln] = compare(
    [
      dl("softmax-ce", "--input", files[`softmax${n}`], "--json"),
      dl("layernorm", "--input", files[`layernorm${n}`], "--json"),
    ],
    RUNS.scaling,
  );
  const perValue = (s) => `${(((s - cold.seconds) * 1e6) / (n * 10)).toFixed(2)} µs`;
  lines.push(
    row([
      `${n.toLocaleString("en")} × 10`,
      fmt(sm.seconds),
      perValue(sm.seconds),
      fmt(ln.seconds),
      perValue(ln.seconds),
    ]),
  );
}
lines.push("");

console.error("bench: scaling of the new problems …");
lines.push(
  "",
  "The new problems (`--quiet --json`), per unit of work (a node for graph, a multiply-add of the forward pass",
  "for the others; time − start-up, over the work):",
  "",
  "| problem | size | work | time | per unit |",
  "|---|---|---|---|---|",
);
for (const [problem, sizes] of [
  [
    "graph",
    [3_333, 10_000, 33_333].map((n) => [`${(3 * n + 4).toLocaleString("en")} nodes`, 3 * n + 4, graphInput(n)]),
  ],
  [
    "network",
    [8, 32, 128].map((b) => [`784-256-10, batch ${b}`, b * (784 * 256 + 256 * 10), networkInput(784, 256, 10, b)]),
  ],
  ["conv", [16, 32, 64].map((h) => [`3 × ${h} × ${h}, 16 filters`, 16 * 27 * (h - 2) ** 2, convInput(3, h, 16)])],
  ["rnn", [100, 300, 1000].map((T) => [`T = ${T}, H = 64, F = 32`, T * 64 * 96, rnnInput(T, 64, 32)])],
]) {
  const times = compare(
    sizes.map(([, , file]) => dl(problem, "--input", file, "--quiet", "--json")),
    RUNS.scaling,
  );
  sizes.forEach(([size, work], i) => {
    const t = times[i].seconds;
    lines.push(
      row([problem, size, work.toLocaleString("en"), fmt(t), `${(((t - cold.seconds) * 1e6) / work).toFixed(3)} µs`]),
    );
  });
}
lines.push("");

{
  const grading = gradingSection();
  lines.push(...grading.lines);
  for (const v of grading.verdicts) check(...v);
}

{
  const limits = limitsSection();
  lines.push(...limits.lines);
  check("every documented limit ends within 5 s and 1 GB at its edge", limits.ok, limits.ok ? "all" : "see Limits");
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const numpyVersion = spawnSync(
  "python3",
  ["-c", "import numpy, sys; print(numpy.__version__, sys.version.split()[0])"],
  { env: PY_ENV },
)
  .stdout.toString()
  .trim();
const header = [
  "# dlsolve benchmark",
  "",
  [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\`${QUICK ? " (--quick)" : ""} on ${cpu},`,
    `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()};`,
    `node ${process.version}; python3 ${numpyVersion.split(" ")[1] ?? "?"}`,
    `with numpy ${numpyVersion.split(" ")[0] ?? "?"} (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it).`,
  ].join(" "),
  [
    `Each row alternates the commands run by run (${RUNS.cold} runs for cold start, ${RUNS.large} for the large`,
    "cases) and reports medians; stdout goes to /dev/null; peak RSS from GNU time. Every dlsolve answer is first",
    "checked against numpy's to 1e-6.",
  ].join(" "),
  "",
  "## Targets",
  "",
  "| target | measured | |",
  "|---|---|---|",
  ...verdicts,
  "",
];
const report = [...header, ...lines].join("\n");
writeFileSync(join(ROOT, "bench", "results.md"), report);
console.log(report);
