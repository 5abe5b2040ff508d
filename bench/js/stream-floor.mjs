// Benchmark reference, not part of dlsolve: the least a Node.js program can
// do to print what `dlsolve solve --json` prints for a stream of batchnorm
// problems — the same JSON line per problem (same fields, formulas,
// substitutions, step values and table), written by hand for this one
// problem, in float64 only, with no input checking, no exact arithmetic and
// no general formula printer. It bounds from below what any Node.js
// implementation of the worked JSON costs on this machine.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

process.stdout.on("error", () => process.exit(0));

const g6 = (x) => {
  const s = x.toPrecision(6);
  return s.includes("e") ? s : s.replace(/\.?0+$/, "");
};
const pending = [];
let bytes = 0;
const flush = () => {
  if (pending.length > 0) process.stdout.write(pending.join(""));
  pending.length = 0;
  bytes = 0;
};

const lines = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
let n = 0;
for await (const line of lines) {
  n++;
  const { x, eps = 0 } = JSON.parse(line).input;
  const m = x.length;
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / m;
  const dev = x.map((v) => v - mean);
  const sq = dev.map((d) => d * d);
  let ss = 0;
  for (const v of sq) ss += v;
  const variance = ss / m;
  const std = Math.sqrt(variance + eps);
  const xhat = dev.map((d) => d / std);
  const y = xhat.map((h) => 1 * h + 0);
  const steps = [
    {
      title: "Mean",
      formula: "μ = (1/m) Σᵢ₌₁ᵐ xᵢ",
      substitution: [`(${x.map(g6).join(" + ")})/${m}`, `${g6(sum)}/${m}`],
      value: mean,
      exact: String(mean),
    },
    {
      title: "Variance",
      formula: "σ² = (1/m) Σᵢ₌₁ᵐ (xᵢ − μ)²",
      substitution: [
        `(${x.map((v) => `(${g6(v)} − (${g6(mean)}))²`).join(" + ")})/${m}`,
        `(${sq.map(g6).join(" + ")})/${m}`,
        `${g6(ss)}/${m}`,
      ],
      value: variance,
      exact: String(variance),
      notes: ["biased variance: divide by m, as batchnorm does in training"],
    },
    {
      title: "Standard deviation with ε",
      formula: "σ = √(σ² + ε)",
      substitution: [`√(${g6(variance)} + ${eps})`, `√${g6(variance + eps)}`],
      value: std,
      notes: [`√${g6(variance + eps)} is irrational: from here on the arithmetic is float64`],
    },
    {
      title: "Normalise",
      formula: "x̂ᵢ = (xᵢ − μ)/σ",
      substitution: [`[${x.map((v) => `(${g6(v)} − (${g6(mean)}))/${g6(std)}`).join(", ")}]`],
      value: xhat,
    },
    {
      title: "Scale and shift",
      formula: "yᵢ = γx̂ᵢ + β",
      substitution: [`[${xhat.map((h) => `1·${g6(h)} + 0`).join(", ")}]`],
      value: y,
      tables: [
        {
          columns: ["i", "xᵢ", "xᵢ − μ", "x̂ᵢ = (xᵢ − μ)/σ", "yᵢ = γx̂ᵢ + β"],
          rows: x.map((v, i) => [i + 1, v, dev[i], xhat[i], y[i]]),
        },
      ],
    },
  ];
  const text = `${JSON.stringify({
    schema: 1,
    position: `${process.argv[2]}:${n}`,
    problem: "batchnorm",
    input: { x, gamma: 1, beta: 0, eps, variance: "biased" },
    steps,
    answer: { mean, variance, std, xhat, y },
    exact: { mean: String(mean), variance: String(variance) },
    warnings: [],
  })}\n`;
  pending.push(text);
  bytes += text.length;
  if (bytes >= 1 << 20) flush();
}
flush();
