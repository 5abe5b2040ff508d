// solve's reader on its own: every layout it accepts, broken records
// confined to their own lines, and any chunking of the same text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordSplitter, type SourceRecord } from "../../src/cli/records.js";

function split(text: string, chunks: number[] = []): SourceRecord[] {
  const s = new RecordSplitter("f");
  const out: SourceRecord[] = [];
  let at = 0;
  for (const size of chunks) {
    out.push(...s.push(text.slice(at, at + size)));
    at += size;
  }
  out.push(...s.push(text.slice(at)), ...s.end());
  // A record the reader parsed already (a line that is one object) carries the value of its own text.
  return out.map(({ value, ...r }) => {
    if (value !== undefined) expect(value).toEqual(JSON.parse(r.text as string));
    return r;
  });
}

const problem = fc.record({
  problem: fc.constantFrom("batchnorm", "ridge", "softmax-ce"),
  input: fc.record({ x: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }) }),
  id: fc.string({ maxLength: 6 }),
});

type Break = "none" | "truncate" | "corrupt" | "open-string";
type Layout = "ndjson" | "pretty" | "flat" | "array-lines" | "array-pretty" | "array-compact";

/** Written by hand without indentation: the nested `{` starts a line at column 0. */
function flat(v: unknown): string {
  const o = v as { problem: string; input: unknown; id: string };
  const j = JSON.stringify;
  return `{"problem": ${j(o.problem)}, "input":\n${j(o.input)},\n"id": ${j(o.id)}}`;
}

interface Built {
  text: string;
  expected: Array<{ position: string; value?: unknown }>;
}

/** `{,,"problem": …}`: balanced, strings intact, not JSON. */
const corrupt = (json: string) => `{,,${json.slice(1)}`;
/** The closing quote of the first string dropped: the quotes after it pair up wrongly. */
const openString = (json: string) => json.replace(/"problem": ?"([a-z-]+)"/, '"problem": "$1');
/** The closing quote of the last string dropped: the rest of its line is a string. */
const openLastString = (json: string) => json.replace(/"([^"]*)"([^"]*)$/, '"$1$2');

/** Inside an array, a quote lost mid-line can expose a `]` and end the array: only the last quote is dropped there. */
function brokenLines(json: string, how: Break, pretty: boolean, inArray: boolean): string {
  if (how === "corrupt") return corrupt(json);
  if (how === "open-string") return inArray ? openLastString(json) : openString(json);
  if (how === "truncate") {
    if (pretty) return json.split("\n").slice(0, -1).join("\n");
    return json.slice(0, Math.max(2, Math.floor(json.length / 2)));
  }
  return json;
}

/** `indent`: the leading blanks of every record's lines (NDJSON and pretty objects). */
function build(layout: Layout, items: Array<[unknown, Break]>, indent: number): Built {
  const expected: Built["expected"] = [];
  const lines: string[] = [];
  const isArray = layout.startsWith("array");
  const pretty = layout === "pretty" || layout === "array-pretty";
  if (layout === "array-compact") {
    const parts = items.map(([v, how]) => (how === "corrupt" ? corrupt(JSON.stringify(v)) : JSON.stringify(v)));
    items.forEach(([v, how], i) => {
      expected.push({ position: `f[${i + 1}]`, ...(how === "none" ? { value: v } : {}) });
    });
    return { text: `[${parts.join(",")}]\n`, expected };
  }
  if (isArray) lines.push("[");
  items.forEach(([v, how], i) => {
    const pad = isArray ? "  " : " ".repeat(indent);
    const json = layout === "flat" ? flat(v) : pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v);
    const body = brokenLines(json, how, pretty || layout === "flat", isArray)
      .split("\n")
      .map((l) => pad + l);
    const comma = isArray && i < items.length - 1 ? "," : "";
    const start = lines.length + 1;
    lines.push(...body.slice(0, -1), (body[body.length - 1] as string) + comma);
    expected.push({ position: isArray ? `f[${i + 1}]` : `f:${start}`, ...(how === "none" ? { value: v } : {}) });
  });
  if (isArray) lines.push("]");
  return { text: `${lines.join("\n")}\n`, expected };
}

/** What the breakages of each layout may be (a single-line array cannot confine a truncation). */
const breaksFor = (layout: Layout): Break[] =>
  layout === "array-compact" ? ["none", "corrupt"] : ["none", "truncate", "corrupt", "open-string"];

describe("RecordSplitter", () => {
  it("gives one result or one error per record, in order, at its position, in every layout (property)", () => {
    const layouts: Layout[] = ["ndjson", "pretty", "flat", "array-lines", "array-pretty", "array-compact"];
    fc.assert(
      fc.property(
        fc.constantFrom(...layouts).chain((layout) =>
          fc.record({
            layout: fc.constant(layout),
            items: fc.array(fc.tuple(problem, fc.constantFrom(...breaksFor(layout))), { minLength: 1, maxLength: 8 }),
            indent: fc.integer({ min: 0, max: 3 }),
            chunks: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }),
          }),
        ),
        ({ layout, items, indent, chunks }) => {
          const { text, expected } = build(layout, items, indent);
          const got = split(text, chunks);
          expect(got.map((r) => r.position)).toEqual(expected.map((e) => e.position));
          got.forEach((r, i) => {
            const e = expected[i] as Built["expected"][number];
            if (e.value !== undefined) expect(JSON.parse(r.text as string)).toEqual(e.value);
            else if (r.text !== undefined) expect(() => JSON.parse(r.text as string)).toThrow();
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads an array laid out one element per line, and a pretty object whose nested { starts a line", () => {
    const a = '{"problem": "batchnorm", "input": {"x": [1, 7]}}';
    expect(split(`[\n${a},\n${a}\n]\n`).map((r) => r.position)).toEqual(["f[1]", "f[2]"]);
    const nested = '{\n  "problem": "batchnorm",\n  "input":\n  {\n    "x": [1, 7]\n  }\n}\n';
    const got = split(nested + nested);
    expect(got.map((r) => r.position)).toEqual(["f:1", "f:8"]);
    expect(JSON.parse(got[1]?.text as string)).toEqual({ problem: "batchnorm", input: { x: [1, 7] } });
  });

  it("keeps a valid object whole when its nested { starts a line at column 0", () => {
    const text = '{"problem": "batchnorm", "input":\n{"x": [1, 7, 7, 9]},\n"expect": {"mean": 6}}\n';
    const got = split(text + text);
    expect(got.map((r) => r.position)).toEqual(["f:1", "f:4"]);
    expect(got.every((r) => r.text !== undefined && JSON.parse(r.text).input.x.length === 4)).toBe(true);
  });

  it("confines two broken NDJSON lines in a row, each to its own line", () => {
    const good = '{"problem": "batchnorm", "input": {"x": [1, 7]}}';
    const got = split(`${good}\n{"problem": "batchn\n{,,"problem": "batchnorm"}\n${good}\n`);
    expect(got.map((r) => r.position)).toEqual(["f:1", "f:2", "f:3", "f:4"]);
    expect(got[1]?.error).toMatch(/invalid JSON/);
    expect(() => JSON.parse(got[2]?.text as string)).toThrow();
  });

  it("does not let an indented malformed NDJSON line swallow the rest", () => {
    const good = ' {"problem": "batchnorm", "input": {"x": [1, 7]}}';
    const lines = Array.from({ length: 1000 }, (_, i) => (i === 3 ? ' {"problem": "batchnorm", "input": {' : good));
    const got = split(`${lines.join("\n")}\n`);
    expect(got).toHaveLength(1000);
    expect(got.filter((r) => r.error !== undefined).map((r) => r.position)).toEqual(["f:4"]);
  });

  it("skips blanks of any length without holding them, and accepts a byte-order mark", () => {
    const s = new RecordSplitter("f");
    const blanks = " ".repeat(1 << 20);
    for (let i = 0; i < 50; i++) expect(s.push(blanks)).toEqual([]);
    expect(s.end()).toEqual([{ position: "f", error: "is empty, expected JSON problems", source: true }]);
    expect(split('\uFEFF{"problem": "x"}\n')).toEqual([{ position: "f:1", text: '{"problem": "x"}' }]);
  });

  it("keeps the value of a line that is one whole object, and only of such a line", () => {
    const s = new RecordSplitter("f");
    const got = s.push('{"problem": "a"}\r\n  {"problem": "b"} \t\n{"problem": "c"}\u00a0\n{"problem": "d"},\n');
    expect(got.map((r) => r.value)).toEqual([{ problem: "a" }, { problem: "b" }, undefined, undefined]);
    // a no-break space is not a blank between records (the record's text is trimmed of it in the end, as
    // before); a comma outside an array makes the record broken
    expect(got.map((r) => r.text ?? r.error)).toEqual([
      '{"problem": "a"}',
      '{"problem": "b"}',
      '{"problem": "c"}',
      '{"problem": "d"} ,',
    ]);
  });

  it("ends a top-level record at the end of its line: a stray brace after it is the same broken record", () => {
    const got = split('{"problem": "x"}}\n{"problem": "y"}\n');
    expect(got.map((r) => r.position)).toEqual(["f:1", "f:2"]);
    expect(() => JSON.parse(got[0]?.text as string)).toThrow();
    expect(JSON.parse(got[1]?.text as string)).toEqual({ problem: "y" });
  });

  it("reports empty input, an empty array, a stray comma and an unclosed array", () => {
    expect(split("")).toEqual([{ position: "f", error: "is empty, expected JSON problems", source: true }]);
    expect(split("[]")).toEqual([{ position: "f", error: "is an empty array, expected problems", source: true }]);
    expect(split("[1,,2]").map((r) => r.error ?? r.text)).toEqual(["1", "an empty element (a stray comma?)", "2"]);
    expect(split('[{"problem": "x"},').map((r) => r.error ?? r.text)).toEqual([
      '{"problem": "x"}',
      "the array is not closed (no ])",
    ]);
  });

  // Garbage lines a hand-edited or concatenated file may hold: stray and wrong brackets, a bracket with text
  // after it, one-line arrays and objects broken inside, an unclosed string.
  const garbage = fc.constantFrom(
    "[",
    "]",
    "{",
    "}",
    ",",
    "[oops",
    '"',
    '{"problem":',
    '[{"id":"a1","problem":"batchnorm","input":{"x":[1,2}]',
    '{"problem":"batchnorm","input":{"x":[1,2}}',
    '[{"problem":"ridge"}',
    "  [",
    "x]",
    "[[",
  );

  it("loses no well-formed one-line record among broken brackets and stray lines (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(garbage, fc.integer({ min: 0, max: 999 })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
        (lines, chunks) => {
          const ids = lines.filter((l) => typeof l === "number").map((n, k) => `g${k}-${n}`);
          let k = 0;
          const text = lines
            .map((l) =>
              typeof l === "number" ? JSON.stringify({ id: ids[k++], problem: "batchnorm", input: { x: [1, 2] } }) : l,
            )
            .join("\n");
          const found = new Set<string>();
          for (const r of split(`${text}\n`, chunks)) {
            if (r.text === undefined) continue;
            try {
              const v = JSON.parse(r.text) as { id?: unknown };
              if (typeof v === "object" && v !== null && typeof v.id === "string") found.add(v.id);
            } catch {}
          }
          expect([...ids].filter((id) => !found.has(id))).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("keeps the records after a stray [ line as records, not errors", () => {
    const good = (id: string) => JSON.stringify({ id, problem: "batchnorm", input: { x: [1, 2, 4] } });
    const got = split(`[oops\n${good("b1")}\n${good("b2")}\n${good("b3")}\n`);
    expect(got.map((r) => r.error ?? JSON.parse(r.text as string).id)).toEqual([
      expect.stringMatching(/^invalid JSON/),
      "b1",
      "b2",
      "b3",
    ]);
  });
  it("says an array cut short before its ] is not closed, after solving its whole elements", () => {
    for (const text of [
      '[{"problem":"a"},\n{"problem":"b"}\n',
      '[{"problem":"a"}, {"problem":"b"}',
      '[\n  {"problem":"a"},\n',
    ]) {
      const got = split(text);
      const whole = got.filter((r) => r.text !== undefined).map((r) => r.position);
      expect(whole, text).toEqual(text.includes('"b"') ? ["f[1]", "f[2]"] : ["f[1]"]);
      expect(got.at(-1), text).toEqual({ position: "f", error: "the array is not closed (no ])", source: true });
    }
    // an array whose element broke has said so once; what follows it is read on
    const broken = split('[{"problem":"a"}, {"problem":\n{"problem":"b"}\n');
    expect(broken.filter((r) => r.error).map((r) => r.error)).toEqual([expect.stringMatching(/^invalid JSON/)]);
  });
});
