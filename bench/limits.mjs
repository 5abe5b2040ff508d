// The inputs at the edge of each documented limit (README: "Errors, exit
// codes and limits"): what each limit costs where it bites. npm run bench
// runs each once and checks it ends within 5 s and 1 GB.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

function primes(from, count) {
  const out = [];
  for (let k = from; out.length < count; k++) {
    let prime = true;
    for (let d = 2; d * d <= k; d++) if (k % d === 0) prime = false;
    if (prime) out.push(k);
  }
  return out;
}

/** A deterministic pseudo-random sequence in (−1, 1). */
function generator(seed) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  };
}

const matrix = (rand, n, p) => Array.from({ length: n }, () => Array.from({ length: p }, () => +rand().toFixed(6)));

/** Exact inputs that once ran for minutes: fractions k/p with distinct 7-digit primes, long decimals. */
function exactInputs() {
  const ps = primes(1_000_003, 300);
  const ps256 = primes(1_000_003, 256);
  const digits = (n) => Array.from({ length: n }, (_, i) => String((i * 7 + 3) % 10)).join("");
  return {
    kp: ps.map((p, i) => `${i + 1}/${p}`),
    ridge: {
      A: Array.from({ length: 16 }, (_, i) =>
        Array.from({ length: 16 }, (_, j) => `${((i * 16 + j) % 7) + 1}/${ps256[i * 16 + j]}`),
      ),
      b: ps256.slice(0, 16).map((p) => `1/${p}`),
      lambda: Array.from({ length: 1000 }, (_, k) => `${k + 1}/${ps256[k % 256]}`),
    },
    decimals: Array.from({ length: 2000 }, (_, i) => `${i}.${digits(900)}`),
  };
}

/** One record: 2,000,000 values of x, and a check of 100,000 of them (the check's limit). */
function checkRecord() {
  const x = Array.from({ length: 2_000_000 }, (_, i) => ((i * 7919) % 2001) / 100 - 10);
  return `${JSON.stringify({ problem: "batchnorm", input: { x }, expect: { xhat: x.slice(0, 100_000) } })}\n`;
}

/** 50,000 NDJSON lines, every 7th broken. */
const brokenStream = () =>
  Array.from({ length: 50_000 }, (_, i) =>
    i % 7 === 0
      ? '{"problem": "batchnorm", "input": {"x": [1, 7,'
      : JSON.stringify({ problem: "batchnorm", input: { x: [1, 7, 7, 9 + (i % 5)] } }),
  ).join("\n");

/**
 * [name, what] for each limit, what being dlsolve's arguments, { refused: arguments } (exit 2 expected),
 * { failsCheck: arguments } (exit 1) or { shell }; the input files are written to `dir`. `bin` is the built
 * command, for the shell pipelines.
 */
export function limitCases(dir, bin) {
  const rand = generator(777);
  const file = (name, value) => {
    const p = join(dir, name);
    writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
    return p;
  };
  const twoMillion = Array.from({ length: 2_000_000 }, (_, i) => ((i * 7919) % 2001) / 100 - 10);
  const exact = exactInputs();
  const units = (k) => Array.from({ length: k }, () => +(rand() / 2).toFixed(6));
  const mlp = (k) => ({ x: 0.5, y: 1, A: units(k), b: units(k), C: units(k).map((c) => c / k), d: 0 });
  const stream = brokenStream();
  const graphTerms = (n) => Array.from({ length: n }, (_, i) => `tanh(x*${(i % 9) + 1})`).join("+");
  const network = (n) => ({ x: units(n), W1: matrix(rand, n, n), b1: 0.1, W2: units(n), y: 1, lr: 0.1 });
  const stack = (c, n) => Array.from({ length: c }, () => matrix(rand, n, n));
  const attention = (n, d) => ({ Q: matrix(rand, n, d), K: matrix(rand, n, d), V: matrix(rand, n, d) });
  const optimizer = (n, steps) => ({
    theta: Array(n).fill(1),
    H: Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
    ),
    lr: 0.1,
    steps,
  });
  return [
    ["2,000,000 values: batchnorm --json", ["batchnorm", "--input", file("l-bn.json", { x: twoMillion }), "--json"]],
    [
      "2,000,000 values: sigmoid-grad --json",
      ["sigmoid-grad", "--input", file("l-sg.json", { z: twoMillion }), "--json"],
    ],
    [
      "2,000,000 values: demean-backprop --json",
      ["demean-backprop", "--input", file("l-dm.json", { dLdy: twoMillion, gamma: 2 }), "--json"],
    ],
    [
      "256 MiB --input (blanks around the object)",
      ["batchnorm", "--input", file("l-blank.json", `{"x": [1, 7, 7, 9]${" ".repeat(256 * 1024 * 1024 - 24)}}`)],
    ],
    [
      "batchnorm, 100,000 features (2 × 100,000)",
      ["batchnorm", "--input", file("l-wide.json", { x: [units(100_000), units(100_000)] }), "--json"],
    ],
    [
      "ridge, A 360 × 360",
      ["ridge", "--input", file("l-r360.json", { A: matrix(rand, 360, 360), b: units(360), lambda: 0.5 })],
    ],
    [
      "ridge, A 10,000 × 100",
      ["ridge", "--input", file("l-r10k.json", { A: matrix(rand, 10_000, 100), b: units(10_000), lambda: 0.5 })],
    ],
    [
      "ridge, A 2000 × 200 with 800 λ",
      [
        "ridge",
        "--input",
        file("l-rpath.json", {
          A: matrix(rand, 2000, 200),
          b: units(2000),
          lambda: Array.from({ length: 800 }, (_, k) => (k + 1) / 100),
        }),
      ],
    ],
    ["mlp-grads, 10,000 hidden units", ["mlp-grads", "--input", file("l-mlp.json", mlp(10_000))]],
    [
      "mlp-grads, 10,000 units × 1,000 steps",
      ["mlp-grads", "--input", file("l-mlp2.json", { ...mlp(10_000), lr: 0.1, steps: 1000 })],
    ],
    [
      "mlp-grads, 100 units × 100,000 steps",
      ["mlp-grads", "--input", file("l-mlp3.json", { ...mlp(100), lr: 0.1, steps: 100_000 })],
    ],
    ["exact: 300 values k/p, 7-digit primes p", ["batchnorm", "--input", file("l-kp.json", { x: exact.kp })]],
    ["exact: ridge 16 × 16 of k/p, 1,000 λ", ["ridge", "--input", file("l-kpridge.json", exact.ridge)]],
    ["exact: 2,000 decimals of 900 digits", ["batchnorm", "--input", file("l-digits.json", { x: exact.decimals })]],
    ["attention, 1000 × 1000 scores (d = 1)", ["attention", "--input", file("l-att1.json", attention(1000, 1))]],
    [
      "attention, 1000 × 1000 × (24 + 24) multiply-adds",
      ["attention", "--input", file("l-att2.json", attention(1000, 24))],
    ],
    ["optimizer, H 340 × 340 (tridiagonal), 1 step", ["optimizer", "--input", file("l-opt1.json", optimizer(340, 1))]],
    ["optimizer, H 100 × 100, 3,900 steps", ["optimizer", "--input", file("l-opt2.json", optimizer(100, 3900))]],
    [
      "batchnorm, 100,000 × 2 with dLdy (200,000 values)",
      ["batchnorm", "--input", file("l-bnback.json", { x: matrix(rand, 100_000, 2), dLdy: matrix(rand, 100_000, 2) })],
    ],
    [
      "layernorm, 50,000 × 4 with dLdy (200,000 values)",
      ["layernorm", "--input", file("l-lnback.json", { x: matrix(rand, 50_000, 4), dLdy: matrix(rand, 50_000, 4) })],
    ],
    [
      "solve: 2,000,000 x with a check of 100,000 values",
      {
        shell:
          `"${process.execPath}" "${bin}" solve --json "${file("l-check.ndjson", checkRecord())}" >/dev/null 2>&1; ` +
          "test $? -le 1",
      },
    ],
    [
      "mlp-grads, 10,000 units × 1,000 steps, a wrong next checked",
      {
        failsCheck: [
          "mlp-grads",
          "--input",
          file("l-mlpx.json", { ...mlp(10_000), lr: 0.1, steps: 1000 }),
          "--expect",
          '{"next": {"d": 5}}',
        ],
      },
    ],
    [
      "graph, 50,000 terms tanh(x·k) (about 200,000 nodes)",
      ["graph", "--input", file("l-graph.json", { expr: graphTerms(50_000), at: "x=0.5" }), "--json"],
    ],
    ["network 998-998-1, one sample (996,004 multiply-adds)", ["network", "--input", file("l-net.json", network(998))]],
    [
      "network --quiet 1000-1000-1, a batch of 29 (29,029,000 multiply-adds)",
      [
        "network",
        "--input",
        file("l-net-quiet.json", {
          x: matrix(rand, 29, 1000),
          W1: matrix(rand, 1000, 1000).map((r) => r.map((v) => v / 100)),
          W2: units(1000),
          y: Array(29).fill(1),
          lr: 0.1,
        }),
        "--quiet",
        "--json",
      ],
    ],
    [
      "rnn --quiet, T = 2,000, H = 100, F = 50 (30,000,000 multiply-adds)",
      [
        "rnn",
        "--input",
        file("l-rnn-quiet.json", {
          x: matrix(rand, 2000, 50),
          Wx: matrix(rand, 100, 50).map((r) => r.map((v) => v / 10)),
          Wh: matrix(rand, 100, 100).map((r) => r.map((v) => v / 10)),
          y: units(100),
        }),
        "--quiet",
        "--json",
      ],
    ],
    [
      "rnn, T = 1,000, H = 31 (992,000 multiply-adds)",
      [
        "rnn",
        "--input",
        file("l-rnn.json", {
          x: matrix(rand, 1000, 1),
          Wx: matrix(rand, 31, 1),
          Wh: matrix(rand, 31, 31),
          b: units(31),
          y: matrix(rand, 1000, 31),
        }),
      ],
    ],
    [
      "conv, 8 × 96 × 96 with 30 filters 8 × 3 × 3 (19,100,000 multiply-adds)",
      [
        "conv",
        "--input",
        file("l-conv2.json", { x: stack(8, 96), kernel: Array.from({ length: 30 }, () => stack(8, 3)) }),
      ],
    ],
    ["50,000,000 × [ as --input, refused", { refused: ["batchnorm", "--input", file("l-deep.json", "[".repeat(5e7))] }],
    [
      "conv-shape: 45 MB of --layers, refused at the 1,001st layer",
      { refused: ["conv-shape", "--input", file("l-conv.json", { size: 4, layers: "pool k=1;".repeat(5_000_000) })] },
    ],
    [
      "solve: 50,000 lines, every 7th broken, piped to cat",
      { shell: `"${process.execPath}" "${bin}" solve --json "${file("l-stream.ndjson", stream)}" 2>/dev/null | cat` },
    ],
  ];
}
