// A user's JSON text: JSON.parse keeps the last of a key given twice without a word, so the reader
// refuses such a text itself, and nesting past MAX_JSON_DEPTH. Checked against texts written here
// from trees whose repeated keys are known, with blanks anywhere and key-like text inside strings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertStructure, MAX_JSON_DEPTH } from "../../src/input/json.js";

interface Obj {
  entries: Array<[string, Node]>;
}
type Node = number | string | Node[] | Obj;

// Few key names, so keys repeat often; strings that look like key ends inside values and keys.
const names = fc.constantFrom("a", "b", "x", 'q"', "k:", 'e": ', "\\");
const strings = fc.constantFrom("", "plain", '": 1', '"\\":', "a\\b", "{[", " : ");
// Without escapes, a text is judged by counting its colons; the same trees must get the same verdict.
const plainNames = fc.constantFrom("a", "b", "x", "k:", "k: ", "__proto__");
const plainStrings = fc.constantFrom("", "plain", " : ", "a:b:c", "{[");
const tree = (keys: fc.Arbitrary<string>, texts: fc.Arbitrary<string>): fc.Arbitrary<Node> =>
  fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.integer(),
      texts,
      fc.array(tie("node"), { maxLength: 3 }),
      fc.array(fc.tuple(keys, tie("node")), { maxLength: 4 }).map((entries) => ({ entries })),
    ),
  })).node;
const node = tree(names, strings);
const plainNode = tree(plainNames, plainStrings);
const blank = fc.constantFrom("", " ", "\n", "\t ", "\r\n");

/** The JSON text of a node, a key given twice kept as given, blanks drawn around every token. */
function write(n: Node, space: () => string): string {
  if (typeof n === "number" || typeof n === "string") return JSON.stringify(n);
  if (Array.isArray(n)) return `[${n.map((x) => space() + write(x, space) + space()).join(",")}]`;
  const parts = n.entries.map(([k, v]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${write(v, space)}`);
  return `{${parts.join(",")}${space()}}`;
}

function hasDuplicate(n: Node): boolean {
  if (typeof n !== "object") return false;
  if (Array.isArray(n)) return n.some(hasDuplicate);
  const keys = n.entries.map(([k]) => k);
  return new Set(keys).size < keys.length || n.entries.some(([, v]) => hasDuplicate(v));
}

/** What assertStructure says: undefined, or its message. */
function verdict(text: string): string | undefined {
  try {
    assertStructure(text, JSON.parse(text), "the record", "");
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("a key given twice", () => {
  it("is refused exactly when some object repeats a key (property)", () => {
    fc.assert(
      fc.property(
        node.filter((n) => typeof n === "object"),
        fc.array(blank, { minLength: 1, maxLength: 8 }),
        (n, blanks) => {
          let i = 0;
          const text = write(n, () => blanks[i++ % blanks.length] as string);
          expect(() => JSON.parse(text)).not.toThrow();
          const full = verdict(text);
          expect(full !== undefined).toBe(hasDuplicate(n));
          if (full !== undefined) expect(full).toMatch(/given twice/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is refused exactly when some object repeats a key, in texts without escapes (property)", () => {
    fc.assert(
      fc.property(
        plainNode.filter((n) => typeof n === "object"),
        (n) => {
          const text = write(n, () => " ");
          expect(text).not.toContain("\\");
          expect(verdict(text) !== undefined).toBe(hasDuplicate(n));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is found when an escaped colon makes up for a dropped pair", () => {
    // two pairs survive of three, and the escape adds a colon the text does not have
    expect(verdict('{"a": 1, "a": 2, "b": "\\u003a"}')).toBe("a: given twice (a key may appear once in an object)");
  });

  it("names the key, also when the second one has blanks before its colon", () => {
    const text = '{"input": {"x": [1], "x" \n : [2]}}';
    expect(verdict(text)).toBe("input.x: given twice (a key may appear once in an object)");
  });
});

describe("nesting", () => {
  it(`is refused past ${MAX_JSON_DEPTH} levels`, () => {
    for (const depth of [MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 6000]) {
      const text = `{"a": ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
      expect(verdict(text) === undefined).toBe(depth <= MAX_JSON_DEPTH);
    }
  });
});
