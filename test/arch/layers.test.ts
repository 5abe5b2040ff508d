// The import structure of src/: folders import downward only and no module
// reaches itself through its imports. The floors, top to bottom:
// main; cli; render, plot; check, grades, practice; problems; input, tolerance;
// solution (the solution model: steps, formulas, charts as data); core, errors,
// limits, text-width. A floor is a folder's (or a top-level module's) floor,
// so a wrong-way import fails whichever files of the two folders it joins.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Each file of src (relative, e.g. "cli/run.ts") with the src files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
      const spec = (m[1] as string).replace(/\.js$/, ".ts");
      const target = relative(SRC, resolve(dirname(file), spec));
      // package.json (the version) sits outside src: data, not a layer.
      if (!target.startsWith("..")) targets.push(target);
    }
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** A file's floor: higher floors may import lower ones, never the reverse. */
function floor(file: string): number {
  const top = file.includes("/") ? (file.split("/")[0] as string) : file.replace(/\.ts$/, "");
  const floors: Record<string, number> = {
    main: 7,
    cli: 6,
    render: 5,
    plot: 5,
    check: 4,
    grades: 4,
    practice: 4,
    problems: 3,
    input: 2,
    tolerance: 2,
    solution: 1,
    core: 0,
    errors: 0,
    limits: 0,
    "text-width": 0,
  };
  const f = floors[top];
  if (f === undefined) throw new Error(`${file}: no floor for ${top}; add it to this test`);
  return f;
}

describe("the layers of src/", () => {
  const graph = importGraph();

  it("reads a plausible graph", () => {
    expect(graph.size).toBeGreaterThan(30);
    expect(graph.get("cli/run.ts")).toContain("problems/problem.ts");
  });

  it("imports only downward (or within a floor)", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      for (const t of targets) if (floor(t) > floor(file)) wrong.push(`${file} → ${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it("has no file outside src/cli importing src/cli", () => {
    const wrong = [...graph].flatMap(([file, ts]) =>
      file.startsWith("cli/") || file === "main.ts"
        ? []
        : ts.filter((t) => t.startsWith("cli/")).map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it("has no import cycle", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const t of graph.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  /** A file's unit: its top folder (problems/graph/steps.ts → problems), or the file itself at the top. */
  const unit = (file: string) => (file.includes("/") ? (file.split("/")[0] as string) : file.replace(/\.ts$/, ""));

  it("has no two folders (or top-level modules) that import each other", () => {
    const edges = new Set<string>();
    for (const [file, targets] of graph) {
      for (const t of targets) if (unit(file) !== unit(t)) edges.add(`${unit(file)} → ${unit(t)}`);
    }
    const both = [...edges].filter((e) => {
      const [a, b] = e.split(" → ");
      return edges.has(`${b} → ${a}`);
    });
    expect(both).toEqual([]);
  });

  it("has no renderer or chart writer that parses input", () => {
    const wrong = [...graph].flatMap(([file, ts]) =>
      /^(render|plot)\//.test(file) ? ts.filter((t) => t.startsWith("input/")).map((t) => `${file} → ${t}`) : [],
    );
    expect(wrong).toEqual([]);
  });

  it("keeps checking and grading apart from the renderers, and core apart from everything above it", () => {
    const wrong = [...graph].flatMap(([file, ts]) =>
      ts
        .filter(
          (t) =>
            ((unit(file) === "check" || unit(file) === "grades") && /^(render|plot)\//.test(t)) ||
            (unit(file) === "core" && unit(t) !== "core" && unit(t) !== "errors"),
        )
        .map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });
});
