// argv → parsed input, apart from the maths.
import { describe, expect, it } from "vitest";
import { collectFields, type ProblemInvocation, parseArgv, protectNegatives } from "../../src/cli/program.js";
import type { Scalar } from "../../src/core/scalar.js";
import type { Fields } from "../../src/input/fields.js";
import { displayWidth } from "../../src/text-width.js";
import { cli } from "../helpers.js";

const silent = { out: () => {}, err: () => {} };
const show = (s: Scalar) => (typeof s === "number" ? s : s.toFraction());
/** The batch x of a batchnorm invocation, which the problem declares as a vector or a matrix. */
function batch(fields: Fields): string[] {
  const x = fields.vectorOrMatrix("x");
  if (x?.kind !== "vector") throw new Error(`x is not a vector: ${x?.kind}`);
  return x.v.map((v) => String(show(v)));
}
/** A field that is one number or a list, read as one number. */
function one(fields: Fields, name: string): string | number {
  const v = fields.numberOrList(name);
  if (v === undefined || Array.isArray(v)) throw new Error(`${name} is not one number`);
  return show(v);
}

function parsed(argv: string[]) {
  const inv = parseArgv(argv, silent) as ProblemInvocation;
  expect(inv.kind).toBe("problem");
  return { options: inv.options, fields: collectFields(inv) };
}

describe("argv parsing", () => {
  it("takes positional values as the batch", () => {
    const inv = parsed(["batchnorm", "1", "7", "7", "9"]);
    expect(batch(inv.fields)).toEqual(["1", "7", "7", "9"]);
    expect(inv.options).toEqual({ format: "text", precision: 6, quiet: false, standalone: false, noColor: false });
  });

  it("accepts negative numbers and fractions as positional values", () => {
    const inv = parsed(["batchnorm", "-2", "-5/3", "-1e-3", "2"]);
    expect(batch(inv.fields)).toEqual(["-2", "-5/3", "-1/1000", "2"]);
  });

  it("accepts one vector token in any spelling", () => {
    for (const t of ["1,7,7,9", "1 7 7 9", "[1,7,7,9]"]) {
      expect(batch(parsed(["batchnorm", t]).fields)).toEqual(["1", "7", "7", "9"]);
    }
  });

  it("reads flags and global options after the values", () => {
    const inv = parsed([
      "batchnorm",
      "1",
      "2",
      "--gamma",
      "2",
      "--eps",
      "1e-5",
      "--json",
      "--precision",
      "4",
      "--quiet",
      "--no-color",
    ]);
    expect(one(inv.fields, "gamma")).toBe("2");
    expect(show(inv.fields.requireNumber("eps"))).toBe("1/100000");
    expect(inv.options).toEqual({ format: "json", precision: 4, quiet: true, standalone: false, noColor: true });
  });

  it("takes a negative option value", () => {
    expect(one(parsed(["batchnorm", "1", "2", "--beta", "-5/3"]).fields, "beta")).toBe("-5/3");
  });

  it("parses each field by its declared kind, and refuses to read it as another", () => {
    const fields = parsed(["batchnorm", "1", "2", "--variance", "unbiased"]).fields;
    expect(fields.choice("variance")).toBe("unbiased");
    expect(() => fields.number("gamma")).toThrow(/gamma is a numberOrList, read as a number/);
  });

  it("names a missing field as the user would give it: a flag, or input.NAME in JSON", () => {
    const fromArgv = parsed(["demean-backprop", "--dLdy", "1,2"]).fields;
    expect(fromArgv.missing("gamma").message).toMatch(/^--gamma: missing \(/);
    const inv = parseArgv(["demean-backprop"], silent) as ProblemInvocation;
    const fromJson = collectFields(inv, { dLdy: [1, 2] });
    expect(fromJson.label("dLdy")).toBe("input.dLdy");
  });

  it("recognises a matrix by its rows", () => {
    const x = parsed(["batchnorm", "--x", "1 2; 3 4"]).fields.vectorOrMatrix("x");
    expect(x?.kind).toBe("matrix");
  });

  it.each([
    [["batchnorm", "1", "--lamda", "2"], /unknown option '--lamda'/],
    [["batchnrom", "1"], /unknown command 'batchnrom' \(did you mean batchnorm\?\)/],
    [[], /no problem given/],
    [["batchnorm", "1", "--precision", "0"], /^--precision: expected a whole number from 1 to 17/],
    [["batchnorm", "1", "--format", "html"], /^--format: "html" is not one of text, json, markdown, latex/],
    [["batchnorm", "1", "--format", "text", "--json"], /^--json: conflicts with --format text/],
    [["batchnorm", "1", "--x", "2"], /^--x: takes one token, and values outside it were given too: write --x 2,1/],
    [["batchnorm", "1", "--gamma"], /option '--gamma <value>' argument missing/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseArgv(argv, silent)).toThrow(message);
  });

  it("leaves plain numbers and options alone when protecting negatives", () => {
    expect(protectNegatives(["-2", "-1.5e3", "-5/3", "--x", "-h", "-.5"])).toEqual([
      "-2",
      "-1.5e3",
      "−5/3",
      "--x",
      "-h",
      "-.5",
    ]);
  });

  it("reads a value that starts with a minus and holds an operator as a value, never an option", async () => {
    expect(protectNegatives(["-log(4)", "-(x*y)", "-x", "--wrt", "x=-2"])).toEqual([
      "−log(4)",
      "−(x*y)",
      "-x",
      "--wrt",
      "x=-2",
    ]);
    const sig = await cli(["sigmoid-grad", "-log(4)", "--json"]);
    expect(sig.code, sig.stderr).toBe(0);
    expect(JSON.parse(sig.stdout).answer.sigmoid[0]).toBeCloseTo(0.2, 12);
    const g = await cli(["graph", "-(x*y)", "x=2", "y=3", "--json"]);
    expect(JSON.parse(g.stdout).answer.value).toBe(-6);
  });

  it("prints help with a runnable example", () => {
    let out = "";
    const inv = parseArgv(["batchnorm", "--help"], {
      out: (s) => {
        out += s;
      },
      err: () => {},
    });
    expect(inv).toEqual({ kind: "done", code: 0 });
    expect(out).toContain("$ dlsolve batchnorm 1 7 7 9");
  });
});

describe("a value that starts with a minus and a name", () => {
  it("is a value when the number parser reads it: -pi, -e, -ln(3); an option otherwise", () => {
    expect(protectNegatives(["sigmoid-grad", "-pi", "-e", "-ln(3)", "-h", "-V", "-x"])).toEqual([
      "sigmoid-grad",
      "−pi",
      "−e",
      "−ln(3)",
      "-h",
      "-V",
      "-x",
    ]);
  });

  it("reaches the problem as the negative number", async () => {
    const r = await cli(["sigmoid-grad", "-pi", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).input.z[0]).toBeCloseTo(-Math.PI, 12);
  });
});

describe("a newcomer's first commands", () => {
  it.each([
    [["sigmoid", "1"], "unknown command 'sigmoid' (did you mean sigmoid-grad or activation sigmoid?)"],
    [["batchnrom", "1"], "unknown command 'batchnrom' (did you mean batchnorm?)"],
    [
      ["batchnorm", "1", "2", "--format", "jsn"],
      '"jsn" is not one of text, json, markdown, latex (did you mean "json"?)',
    ],
    [["help", "batchnrom"], "help: unknown command 'batchnrom' (did you mean batchnorm?)"],
  ])("%j: exit 2 with a suggestion", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("takes global options before the command too", async () => {
    const before = await cli(["--json", "--precision", "3", "batchnorm", "1", "7", "7", "9"]);
    const after = await cli(["batchnorm", "1", "7", "7", "9", "--json", "--precision", "3"]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(JSON.parse(before.stdout).answer.mean).toBe(6);
  });

  it("keeps help for a known command", async () => {
    const r = await cli(["help", "batchnorm"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: dlsolve batchnorm");
  });
});

describe("dlsolve --help", () => {
  it("groups the commands (review, other problems, tools), lists the global options, fits 80", async () => {
    const r = await cli(["--help"], { columns: 80 });
    expect(r.code).toBe(0);
    const out = r.stdout;
    const at = (s: string) => out.indexOf(s);
    expect(at("The midterm review's problems:")).toBeGreaterThan(0);
    expect(at("The midterm review's problems:")).toBeLessThan(at("Other problems:"));
    expect(at("Other problems:")).toBeLessThan(at("Tools:"));
    expect(at("  batchnorm ")).toBeLessThan(at("Other problems:"));
    expect(at("  graph ")).toBeGreaterThan(at("Other problems:"));
    expect(at("  help [command]")).toBeGreaterThan(at("Tools:"));
    expect(out).not.toContain("\nCommands:");
    expect(out).toContain("Global options (with any problem, before or after its name):");
    for (const line of out.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});
