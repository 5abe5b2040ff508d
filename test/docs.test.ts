// The reference pages in docs/problems/ are generated from the registry;
// they must match it. UPDATE_DOCS=1 npm test rewrites them (review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceIndex, referencePage } from "../src/cli/reference.js";
import { problems } from "../src/problems/index.js";
import { ROOT } from "./helpers.js";

const DIR = join(ROOT, "docs", "problems");
const pages: Array<[string, string]> = [
  ["README.md", referenceIndex()],
  ...problems.map((p) => [`${p.name}.md`, referencePage(p)] as [string, string]),
];

describe("docs/problems", () => {
  it.each(pages)("%s is what the registry says", (file, text) => {
    const path = join(DIR, file);
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(existsSync(path), `${path} is missing: run UPDATE_DOCS=1 npm test`).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("has no page for a problem that is not registered", () => {
    expect(readdirSync(DIR).sort()).toEqual(pages.map(([f]) => f).sort());
  });
});
