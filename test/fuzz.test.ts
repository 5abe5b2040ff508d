// Fuzzing: random argv and JSON for every subcommand. Whatever comes in, the
// command exits 0, 1 or 2, never prints a stack trace or NaN, and a usage
// error is exactly one line on stderr with nothing on stdout.
// FUZZ_RUNS sets the cases per property: 50 by default, so that `npm test`
// stays quick to run often (twenty problems, two properties each); .ci/run sets 300.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import { problems } from "../src/problems/index.js";
import { cli, type RunResult, run } from "./helpers.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const tmp = mkdtempSync(join(tmpdir(), "dlsolve-fuzz-"));
let fileNo = 0;

/** What any run must satisfy. */
function sane(r: RunResult, json: boolean): boolean {
  if (![0, 1, 2].includes(r.code)) return false;
  if (/\n\s+at .+:\d+:\d+/.test(r.stderr) || r.stderr.includes("internal error")) return false;
  if (/\bNaN\b/.test(r.stdout)) return false;
  if (r.code === 2) {
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    // solve may report several bad problems, one line each, plus its summary
    if (!lines.every((l) => l.startsWith("dlsolve: error: ") || l.startsWith("dlsolve solve: "))) return false;
    if (!json && r.stdout !== "" && !lines.some((l) => l.startsWith("dlsolve solve: "))) return false;
  }
  if (json && r.code !== 2 && r.stdout !== "") {
    for (const line of r.stdout.trim().split("\n")) {
      const o = JSON.parse(line) as { answer?: unknown };
      if (o.answer !== undefined && JSON.stringify(o.answer).includes("null")) return false;
    }
  }
  return true;
}

// Tokens a user (or a cat on the keyboard) might type.
const numberish = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: false, noDefaultInfinity: false }).map(String),
  fc.constantFrom(
    "1/0",
    "0/0",
    "1e999",
    "-1e-999",
    "2^-3",
    "sqrt(2)",
    "sqrt(-1)",
    "log(0)",
    "pi/4",
    "exp(800)",
    "10^400",
    "-5/3",
    "0.1",
    "1e-3",
    "(",
    ")",
    "[",
    "]",
    "[1,2]",
    "1,2;3",
    "1 2; 3 4",
    "",
    " ",
    "-",
    "--",
    "e",
    "NaN",
    "Infinity",
    "-Infinity",
    "x",
    "__proto__",
    "constructor",
    "−2",
    "٣",
    "1_000",
    "0x10",
    "1,,2",
    ";",
    "1;2;3",
  ),
  fc.string({ maxLength: 12 }),
);
const vectorish = fc.oneof(
  fc.array(numberish, { minLength: 0, maxLength: 6 }).map((a) => a.join(",")),
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 6 }).map((a) => a.join(" ")),
  fc
    .array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
    .map((m) => m.map((r) => r.join(" ")).join("; ")),
  numberish,
);
const globalFlags = fc.constantFrom(
  "--json",
  "--quiet",
  "--no-color",
  "--precision",
  "--format",
  "--expect",
  "--plot",
  "--rtol",
  "--sigfigs",
  "--help",
  "--input",
  "--bogus",
  "-x",
  "-V",
);

function argvFor(name: string, fields: string[]) {
  const option = fc.oneof(
    fc.tuple(fc.constantFrom(...fields.map((f) => `--${f}`)), vectorish).map(([o, v]) => [o, v]),
    fc
      .tuple(
        globalFlags,
        fc.oneof(numberish, fc.constantFrom("json", "text", "markdown", "3", "0", "{}", '{"mean": 6}')),
      )
      .map(([o, v]) => [o, v]),
    fc.constantFrom(
      ["--activation", "relu"],
      ["--activation", "tanh"],
      ["--loss", "half-squared"],
      ["--variance", "unbiased"],
      ["--steps", "3"],
      ["--lr", "1/10"],
    ),
    vectorish.map((v) => [v]),
  );
  return fc
    .array(option, { maxLength: 8 })
    .map((parts) => [name, ...parts.flat()].filter((a) => a !== "--help" && a !== "-V" && a !== "--input"));
}

describe("fuzzing argv", () => {
  for (const p of problems) {
    it(`${p.name}: exits 0/1/2, no stack trace, no NaN`, async () => {
      await fc.assert(
        fc.asyncProperty(argvFor(p.name, Object.keys(p.fields)), async (argv) => {
          const r = await cli(argv);
          return sane(r, argv.includes("--json"));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("fuzzing JSON", () => {
  // JSON values shaped roughly like inputs, with every kind of junk mixed in.
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(fc.oneof(fc.double(), fc.integer(), numberish), { maxLength: 6 }),
    fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    numberish,
  );
  const inputFor = (fields: string[]) =>
    fc.dictionary(
      fc.oneof(fc.constantFrom(...fields, "__proto__", "constructor", "toString", "gama"), fc.string({ maxLength: 6 })),
      value,
      { maxKeys: 6 },
    );

  for (const p of problems) {
    it(`${p.name} --input: exits 0/1/2, no stack trace, no NaN`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(Object.keys(p.fields)), fc.boolean(), async (input, json) => {
          const f = join(tmp, `f${fileNo++}.json`);
          writeFileSync(f, JSON.stringify(input));
          const argv = [p.name, "--input", f, ...(json ? ["--json"] : [])];
          return sane(await cli(argv), json);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("--expect: exits 0/1/2, no stack trace", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 30 }),
          fc
            .dictionary(fc.constantFrom("mean", "variance", "std", "xhat", "y", "grad"), value)
            .map((v) => JSON.stringify(v)),
        ),
        async (expectText) => {
          return sane(await cli(["batchnorm", "1", "7", "7", "9", "--expect", expectText]), false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("solve: any mix of lines exits 0/1/2 and answers every line", async () => {
    const problemLine = fc.oneof(
      fc
        .record({
          problem: fc.constantFrom(...problems.map((q) => q.name), "batchnrom"),
          input: fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 3 }),
        })
        .map((o) => JSON.stringify(o)),
      fc.constant('{"problem": "batchnorm", "input": {"x": [1, 7, 7, 9]}, "expect": {"mean": 6}}'),
      fc.string({ maxLength: 20 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(problemLine, { minLength: 1, maxLength: 6 }), async (lines) => {
        const f = join(tmp, `s${fileNo++}.ndjson`);
        writeFileSync(f, `${lines.join("\n")}\n`);
        const r = await cli(["solve", "--json", f]);
        return sane(r, true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the real binary under junk (spawned)", () => {
  it("never shows a stack trace", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...problems.map((p) => p.name)),
        fc.array(fc.oneof(numberish, globalFlags), { maxLength: 5 }),
        (name, rest) => {
          const argv = [name, ...rest.filter((a) => a !== "--input" && a !== "--help" && a !== "-V")];
          return sane(run(argv), argv.includes("--json"));
        },
      ),
      { numRuns: Math.ceil(RUNS / 8) },
    );
  });
});
