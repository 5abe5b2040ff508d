// Every bad input: exit 2, one stderr line "dlsolve: error: …" naming the
// option or field, nothing on stdout, never a stack trace.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, type RunResult } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlsolve-bad-"));
let n = 0;
const file = (text: string) => {
  const p = join(tmp, `in${n++}.json`);
  writeFileSync(p, text);
  return p;
};

function expectInputError(r: RunResult, names: RegExp): void {
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^dlsolve: error: /);
  expect(lines[0]).toMatch(names);
  expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
}

const BN = ["batchnorm", "1", "7", "7", "9"];
const MLP = ["mlp-grads", "--x", "1", "--y", "0", "--A", "1,-1", "--b", "0,0", "--C", "1,1", "--d", "0"];
const RIDGE = ["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "1/2"];
const DEMEAN = ["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2"];

/** [description, argv, what the message must name] */
const table: Array<[string, string[], RegExp]> = [
  // non-numbers, NaN, infinities, overflow
  [
    "batchnorm: a word in the batch",
    ["batchnorm", "1", "seven", "9"],
    /^dlsolve: error: x\[2\]: "seven" is not a number/,
  ],
  ["batchnorm: NaN", ["batchnorm", "1", "NaN"], /x\[2\]: "NaN" is not a finite number/],
  ["batchnorm: Infinity", [...BN, "--gamma", "Infinity"], /--gamma: "Infinity" is not a finite number/],
  [
    "batchnorm: -Infinity",
    [...BN, "--beta", "-Infinity"],
    /--beta: "−Infinity" is not a finite number|--beta: .*not a finite number/,
  ],
  ["batchnorm: 1e999", [...BN, "--eps", "1e999"], /--eps: .*(too large|out of range)/],
  ["batchnorm: overflow by expression", [...BN, "--gamma", "10^400"], /--gamma: .*too large/],
  ["sigmoid-grad: a word", ["sigmoid-grad", "1", "two"], /z\[2\]: "two" is not a number/],
  ["sigmoid-grad: inf", ["sigmoid-grad", "inf"], /z: "inf" is not a finite number/],
  ["mlp-grads: x not a number", [...MLP.slice(0, 1), "--x", "one", ...MLP.slice(3)], /--x: "one" is not a number/],
  [
    "mlp-grads: NaN in A",
    [...MLP.slice(0, 5), "--A", "1,NaN", ...MLP.slice(7)],
    /--A\[2\]: "NaN" is not a finite number/,
  ],
  ["mlp-grads: lr overflow", [...MLP, "--lr", "1e400"], /--lr: .*(too large|out of range)/],
  // inputs in range whose answer is not: the first answer value out of range is named
  [
    "batchnorm: a variance past 1.8e308",
    ["batchnorm", "1e200", "-1e200"],
    /^dlsolve: error: batchnorm: variance: the answer leaves float64's range/,
  ],
  [
    "mlp-grads: a pre-activation past 1.8e308",
    ["mlp-grads", "--x", "1e200", "--y", "0", "--A", "1e200", "--b", "0", "--C", "1", "--d", "0"],
    /^dlsolve: error: mlp-grads: z\[1\]: the answer leaves float64's range/,
  ],
  ["ridge: lambda not a number", [...RIDGE.slice(0, 5), "--lambda", "big"], /--lambda: "big" is not a number/],
  ["demean: gamma NaN", [...DEMEAN.slice(0, 3), "--gamma", "nan"], /--gamma: "nan" is not a finite number/],
  // empty vectors, ragged matrices, wrong lengths
  ["batchnorm: empty --x", ["batchnorm", "--x", ""], /--x: is empty/],
  ["batchnorm: empty brackets", ["batchnorm", "[]"], /x: is empty/],
  ["batchnorm: ragged matrix", ["batchnorm", "--x", "1 2; 3"], /--x: row 2 has 1 values, row 1 has 2/],
  ["batchnorm: dLdy length", [...BN, "--dLdy", "1,2"], /--dLdy: has 2 values, x has 4 values/],
  ["mlp-grads: C length", [...MLP.slice(0, 9), "--C", "1,1,1", ...MLP.slice(11)], /--C: has 3 values, --A has 2/],
  ["mlp-grads: empty A", [...MLP.slice(0, 5), "--A", "", ...MLP.slice(7)], /--A: is empty/],
  [
    "ridge: ragged A",
    ["ridge", "--A", "1 0; 0", "--b", "1,2", "--lambda", "1"],
    /--A: row 2 has 1 values, row 1 has 2/,
  ],
  [
    "ridge: b length",
    ["ridge", "--A", "1 0; 0 1", "--b", "1,2,3", "--lambda", "1"],
    /--b: has 3 values, --A has 2 rows/,
  ],
  ["demean: x length", [...DEMEAN, "--x", "1,2"], /--x: has 2 values, --dLdy has 4/],
  ["demean: empty dLdy", ["demean-backprop", "--dLdy", "", "--gamma", "1"], /--dLdy: is empty/],
  // negative λ or eps, other domains
  ["ridge: negative lambda", [...RIDGE.slice(0, 5), "--lambda", "-1/2"], /--lambda: must be ≥ 0/],
  [
    "ridge: singular with lambda 0",
    ["ridge", "--A", "1 1; 2 2", "--b", "1,2", "--lambda", "0"],
    /--lambda: λ = 0 leaves AᵀA singular.*give λ > 0/,
  ],
  ["batchnorm: negative eps", [...BN, "--eps", "-1e-5"], /--eps: must be ≥ 0/],
  ["batchnorm: zero variance", ["batchnorm", "3", "3"], /x: the batch has variance 0.*--eps/],
  ["mlp-grads: lr 0", [...MLP, "--lr", "0"], /--lr: must be > 0/],
  ["mlp-grads: steps not whole", [...MLP, "--lr", "1", "--steps", "2.5"], /--steps: expected a positive whole number/],
  ["mlp-grads: steps without lr", [...MLP, "--steps", "2"], /--steps: needs --lr/],
  [
    "mlp-grads: x as a vector",
    [...MLP.slice(0, 1), "--x", "1,2", ...MLP.slice(3)],
    /--x: expected one number, got a vector/,
  ],
  [
    "mlp-grads: unknown activation",
    [...MLP, "--activation", "sigmod"],
    /--activation: "sigmod" is not one of .* \(did you mean "sigmoid"\?\)/,
  ],
  ["mlp-grads: half the inputs", ["mlp-grads", "--x", "1", "--y", "2"], /missing --A, --b, --C, --d/],
  // unknown options, commands and choices, with suggestions
  ["unknown option", [...BN, "--gama", "2"], /unknown option '--gama' \(did you mean --gamma\?\)/],
  ["unknown option on ridge", [...RIDGE, "--lamda", "1"], /unknown option '--lamda' \(did you mean --lambda\?\)/],
  ["unknown command", ["rigde"], /unknown command 'rigde' \(did you mean ridge\?\)/],
  ["unknown variance", [...BN, "--variance", "population"], /--variance: "population" is not one of biased, unbiased/],
  ["unknown format", [...BN, "--format", "html"], /--format: "html" is not one of text, json, markdown, latex/],
  ["bad precision", [...BN, "--precision", "abc"], /--precision: expected a whole number from 1 to 17/],
  ["option without its value", [...BN, "--gamma"], /option '--gamma <value>' argument missing/],
  // division by zero and unsafe expressions
  ["division by zero", [...BN, "--gamma", "1/0"], /--gamma: division by zero/],
  ["division by zero in parentheses", [...BN, "--beta", "1/(2-2)"], /--beta: division by zero/],
  ["zero to a negative power", [...BN, "--gamma", "0^-1"], /--gamma: division by zero/],
  ["assignment", [...BN, "--gamma", "a=1"], /--gamma: unexpected character '='/],
  ["function definition", [...BN, "--gamma", "f(x)=x"], /--gamma: /],
  ["import", [...BN, "--gamma", "import('fs')"], /--gamma: /],
  ["evaluate", [...BN, "--gamma", 'evaluate("2")'], /--gamma: /],
  ["a unit", [...BN, "--gamma", "5 cm"], /--gamma(\[2\])?: "cm" is not a number/],
  ["a matrix in a number", [...BN, "--gamma", "[1,2;3,4]"], /--gamma: /],
  ["a string in a number", [...BN, "--gamma", "'2'"], /--gamma: unexpected character/],
  ["process access", [...BN, "--gamma", "process.exit(0)"], /--gamma: /],
  ["very long argument", [...BN, "--gamma", `${"1+".repeat(50_000)}1`], /--gamma: is too long/],
  // --expect
  ["expect: invalid JSON", [...BN, "--expect", "{mean: 6}"], /--expect: is not valid JSON/],
  [
    "expect: unknown field",
    [...BN, "--expect", '{"meen": 6}'],
    /expect\.meen: not an answer of batchnorm \(did you mean "mean"\?\)/,
  ],
  ["expect: __proto__", [...BN, "--expect", '{"__proto__": {"mean": 6}}'], /expect\.__proto__(\.mean)?: not an answer/],
  ["expect: constructor", [...BN, "--expect", '{"constructor": 1}'], /expect\.constructor: not an answer/],
  ["expect: wrong type", [...BN, "--expect", '{"mean": true}'], /expect\.mean: expected a number or a string/],
  ["expect: top-level array", [...BN, "--expect", "[6]"], /expect: expected a JSON object/],
  ["a flag given twice", [...BN, "--gamma", "1", "--gamma", "2"], /^dlsolve: error: --gamma: given twice/],
  ["a global option given twice", [...BN, "--precision", "3", "--precision=4"], /--precision: given twice/],
  ["expect: a key given twice", [...BN, "--expect", '{"mean": 6, "mean": 7}'], /expect\.mean: given twice/],
  [
    "expect: nested 6000 deep",
    [...BN, "--expect", `{"mean": ${"[".repeat(6000)}${"]".repeat(6000)}}`],
    /expect\.mean: nested deeper than 64/,
  ],
  [
    "expect with solve",
    ["solve", "--expect", "{}", "x.json"],
    /--expect: with solve, put "expect" in each problem object/,
  ],
];

describe("bad inputs (in-process, the command's own code path)", () => {
  it.each(table)("%s", async (_name, argv, names) => {
    expectInputError(await cli(argv), names);
  });
});

describe("bad --input files", () => {
  const cases: Array<[string, string[], string, RegExp]> = [
    ["invalid JSON", ["batchnorm"], "{x: [1, 2]}", /--input: .* is not valid JSON/],
    ["empty file", ["batchnorm"], "", /--input: .* is empty, expected JSON/],
    [
      "top-level array",
      ["batchnorm"],
      "[1, 2, 3]",
      /input: expected a JSON object with the fields of batchnorm, got an array/,
    ],
    [
      "unknown field with a suggestion",
      ["batchnorm"],
      '{"x": [1, 2], "gama": 2}',
      /input\.gama: unknown field \(did you mean "gamma"\?\)/,
    ],
    ["a key given twice", ["batchnorm"], '{"x": [1, 2], "x": [3, 4]}', /input\.x: given twice/],
    [
      "nested 6000 deep",
      ["batchnorm"],
      `{"x": ${"[".repeat(6000)}${"]".repeat(6000)}}`,
      /input\.x: nested deeper than 64/,
    ],
    ["__proto__ key", ["batchnorm"], '{"x": [1, 2], "__proto__": {"gamma": 2}}', /input\.__proto__: unknown field/],
    [
      "constructor key",
      ["ridge"],
      '{"A": [[1]], "b": [1], "lambda": 1, "constructor": 1}',
      /input\.constructor: unknown field/,
    ],
    [
      "string where a number belongs",
      ["mlp-grads"],
      '{"x": "one", "y": 0, "A": [1], "b": [0], "C": [1], "d": 0}',
      /input\.x: "one" is not a number/,
    ],
    [
      "nested arrays for a vector",
      ["demean-backprop"],
      '{"dLdy": [[1, 2]], "gamma": 1}',
      /input\.dLdy\[1\]: expected a number, got an array/,
    ],
    ["object for a vector", ["ridge"], '{"A": [[1]], "b": {"a": 1}, "lambda": 1}', /input\.b: expected a vector/],
    [
      "boolean in a matrix",
      ["ridge"],
      '{"A": [[1, true]], "b": [1], "lambda": 1}',
      /input\.A\[1\]\[2\]: expected a number, got boolean true/,
    ],
    [
      "null for a number",
      ["demean-backprop"],
      '{"dLdy": [1], "gamma": null}',
      /input\.gamma: expected a number, got null/,
    ],
    ["NaN spelled as a string", ["batchnorm"], '{"x": [1, "NaN"]}', /input\.x\[2\]: "NaN" is not a finite number/],
    ["1e999 as a JSON number", ["batchnorm"], '{"x": [1, 1e999]}', /input\.x\[2\]: Infinity is not a finite number/],
    ["negative eps", ["batchnorm"], '{"x": [1, 2], "eps": -0.1}', /input\.eps: must be ≥ 0/],
    [
      "negative lambda in a path",
      ["ridge"],
      '{"A": [[1]], "b": [1], "lambda": [1, -2]}',
      /input\.lambda\[2\]: must be ≥ 0/,
    ],
    [
      "ragged matrix",
      ["ridge"],
      '{"A": [[1, 2], [3]], "b": [1, 2], "lambda": 1}',
      /input\.A: row 2 has 1 values, row 1 has 2/,
    ],
    [
      "steps as a string",
      ["mlp-grads"],
      '{"x": 1, "y": 0, "A": [1], "b": [0], "C": [1], "d": 0, "lr": 1, "steps": "ten"}',
      /input\.steps: expected a positive whole number/,
    ],
    ["activation as a number", ["mlp-grads"], '{"activation": 3}', /input\.activation: 3 is not one of/],
  ];
  it.each(cases)("%s", async (_name, argv, text, names) => {
    expectInputError(await cli([...argv, "--input", file(text)]), names);
  });

  it("a missing file", async () => {
    expectInputError(
      await cli(["batchnorm", "--input", join(tmp, "nope.json")]),
      /--input: cannot read ".*nope\.json": no such file/,
    );
  });

  it("a directory", async () => {
    expectInputError(await cli(["batchnorm", "--input", tmp]), /--input: cannot read .*: is a directory/);
  });

  it("empty standard input (spawned: real stdin)", async () => {
    expectInputError(
      await cli(["batchnorm", "--input", "-"], { input: "" }),
      /--input: standard input is empty, expected JSON/,
    );
  });

  it("a field too large to keep (spawned)", async () => {
    expectInputError(
      await cli(["batchnorm", "--input", "-"], { input: JSON.stringify({ x: Array(2_000_001).fill(1) }) }),
      /input\.x: has 2000001 values, more than the 2000000/,
    );
  });
});

describe("limits give a clear error, not a crash", () => {
  it.each([
    [
      "ridge: too many unknowns",
      ["ridge", "--A", Array(361).fill(1).join(" "), "--b", "1", "--lambda", "1"],
      /--A: has 361 columns, more than the 360 unknowns/,
    ],
    [
      "mlp-grads: too many steps",
      [...MLP, "--lr", "1", "--steps", "100001"],
      /--steps: 100001 is more than the 100000 allowed/,
    ],
    [
      "mlp-grads: too many hidden units",
      [
        "mlp-grads",
        "--x",
        "1",
        "--y",
        "0",
        "--A",
        Array(10_001).fill(1).join(","),
        "--b",
        Array(10_001).fill(0).join(","),
        "--C",
        Array(10_001).fill(1).join(","),
        "--d",
        "0",
      ],
      /--A: has 10001 hidden units, more than the 10000/,
    ],
  ] as Array<[string, string[], RegExp]>)("%s", async (_name, argv, names) => {
    expectInputError(await cli(argv), names);
  });
});

describe("JSON that is accepted", () => {
  it("a UTF-8 byte-order mark before --input's object", async () => {
    const r = await cli(["batchnorm", "--input", file('\uFEFF{"x": [1, 7, 7, 9]}'), "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mean +(=|≈) 6/);
  });
});

describe("solve keeps going past a record nested 6000 deep or with a key given twice", () => {
  it("reports each at its position and solves the rest", async () => {
    const deep = `{"problem": "batchnorm", "input": {"x": [1, 2]}, "id": ${"[".repeat(6000)}${"]".repeat(6000)}}`;
    const twice = '{"problem": "batchnorm", "input": {"x": [1, 2], "gamma": 1, "gamma": 2}}';
    const ok = '{"problem": "batchnorm", "input": {"x": [1, 2]}}';
    const r = await cli(["solve", "--json", file([deep, twice, ok].join("\n"))]);
    expect(r.code).toBe(2);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error?: string });
    expect(lines.map((l) => l.error ?? "solved")).toEqual([
      "id: nested deeper than 64 levels",
      "input.gamma: given twice (a key may appear once in an object)",
      "solved",
    ]);
  });
});
