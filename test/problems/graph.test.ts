import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward, buildGraph, inputGradient, type Tensor } from "../../src/core/autodiff.js";
import { exprText } from "../../src/core/symbolic.js";
import { parseProgram } from "../../src/input/expression.js";
import { answerOf, cli, close, expectClose, reference, run, solveJson } from "../helpers.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const LIMITS = { nodes: 10_000, entries: 100_000 };

interface GraphAnswer {
  value: unknown;
  grad: Record<string, unknown>;
  nodes: Array<{ name: string; op: string; value: unknown; grad: unknown }>;
}

describe("graph against PyTorch autograd", () => {
  it("matches every reference case at 1e-9, named nodes found by name", () => {
    for (const c of reference("graph")) {
      const { answer } = answerOf(solveJson("graph", c.input));
      expectClose(answer.value, c.answer.value, `${c.input.expr}: value`);
      expectClose(answer.grad, c.answer.grad, `${c.input.expr}: grad`);
      expect(Object.keys(answer.grad as object)).toEqual(Object.keys(c.answer.grad as object));
      const named = (c as { namedNodes?: Record<string, { value: unknown; grad: unknown }> }).namedNodes ?? {};
      for (const [name, want] of Object.entries(named)) {
        const node = (answer as unknown as GraphAnswer).nodes.find((n) => n.name === name);
        expect(node, `${c.input.expr}: node ${name}`).toBeDefined();
        expectClose(node?.value, want.value, `${name}.value`);
        expectClose(node?.grad, want.grad, `${name}.grad`);
      }
    }
  });
});

describe("CS231n's published examples", () => {
  it("f = (x + y)·z at x = −2, y = 5, z = −4: f = −12, ∂f/∂x = ∂f/∂y = −4, ∂f/∂z = 3, exactly", async () => {
    const r = await cli(["graph", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.answer.value).toBe(-12);
    expect(j.answer.grad).toEqual({ x: -4, y: -4, z: 3 });
    expect(j.exact.grad).toEqual({ x: "-4", y: "-4", z: "3" });
    const solved = run(["solve", "--json"], {
      input: JSON.stringify({ problem: "graph", input: { expr: "(x + y) * z", at: { x: -2, y: 5, z: -4 } } }),
    });
    expect(JSON.parse(solved.stdout).answer.grad).toEqual({ x: -4, y: -4, z: 3 });
  });

  it("the sigmoid neuron w = (2, −3, −3), x = (−1, −2): f = 0.73, ∂f/∂w, ∂f/∂x to two decimals", async () => {
    const r = await cli([
      "graph",
      "s = w0*x0 + w1*x1 + w2; f = 1 / (1 + exp(-s))",
      "--at",
      "w0=2 x0=-1 w1=-3 x1=-2 w2=-3",
      "--json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.answer.value.toFixed(2)).toBe("0.73");
    const g = j.answer.grad;
    expect([g.w0, g.w1, g.w2, g.x0, g.x1].map((v: number) => v.toFixed(2))).toEqual([
      "-0.20",
      "-0.39",
      "0.20",
      "0.39",
      "-0.59",
    ]);
  });
});

describe("the text a student reads", () => {
  it("writes each edge as upstream × local = contribution, and sums a shared node's branches", async () => {
    const r = await cli(["graph", "a = x * y; f = a + x * z", "x=3", "y=-2", "z=5"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("∂f/∂x via a = (∂f/∂a)·(∂a/∂x) = (∂f/∂a)·y = 1·(-2) = -2");
    expect(r.stdout).toContain("∂f/∂x via u₁ = (∂f/∂u₁)·(∂u₁/∂x) = (∂f/∂u₁)·z = 1·5 = 5");
    expect(r.stdout).toMatch(/∂f\/∂x = 5 \+ \(-2\) = 3 +\(x feeds u₁ and a: the branches add\)/);
    // a reason names the nodes as the formulas print them: u₁ = x·z, not u1 = x * z
    expect(r.stdout).toMatch(/= 1·5 = 5\s+\(u₁ = x·z\)/);
  });

  it("stays exact where the arithmetic is rational", () => {
    const { exact } = answerOf(solveJson("graph", { expr: "x / y + x^2", at: { x: "1/2", y: 3 } }));
    expect(exact.value).toBe("5/12");
    expect(exact.grad).toEqual({ x: "4/3", y: "-1/18" });
  });

  it("derives ∂L/∂z = σ(z) − y for a sigmoid with binary cross-entropy, its steps shown", async () => {
    const r = await cli(["graph", "L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", "--wrt", "z"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("cancel common factors");
    expect(r.stdout).toMatch(/∂L\/∂z = σ\(z\) − y\n.*multiply out and collect like terms/);
    const j = JSON.parse(
      (await cli(["graph", "L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", "--json"])).stdout,
    );
    expect(j.answer.symbolic).toEqual({ y: "log(1 - sigmoid(z)) - log(sigmoid(z))", z: "sigmoid(z) - y" });
  });

  it("derives 2(w·x + b − y)·x and softmax's p − 1 as an answer key writes them", () => {
    const sq = answerOf(solveJson("graph", { expr: "L = (w*x + b - y)^2", wrt: ["w"] })).answer;
    expect(sq.symbolic).toEqual({ w: "2 * (w * x + b - y) * x" });
    const sm = answerOf(solveJson("graph", { expr: "L = -log(exp(a) / (exp(a) + exp(b) + exp(c)))", wrt: "a" })).answer;
    expect(sm.symbolic).toEqual({ a: "exp(a) / (exp(a) + exp(b) + exp(c)) - 1" });
  });
});

/** Evaluate a program's output and gradients at float values with the engine. */
function gradsOf(
  expr: string,
  at: Record<string, Tensor>,
  seed: Tensor = 1,
): { value: Tensor; grad: Record<string, Tensor> } {
  const program = parseProgram(expr, "expr");
  const g = buildGraph(program, new Map(Object.entries(at)), LIMITS);
  const b = backward(g, seed);
  return { value: g.output.value, grad: Object.fromEntries(program.inputs.map((n) => [n, inputGradient(g, b, n)])) };
}

const small = fc.double({ min: -3, max: 3, noNaN: true });

describe("the engine as an independent check of the hand-derived problems (property)", () => {
  it("reproduces mlp-grads' gradients of A, b, C, d", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(small, small, small), { minLength: 1, maxLength: 4 }),
        small,
        small,
        small,
        (units, x, y, d) => {
          const A = units.map((u) => u[0]);
          const b = units.map((u) => u[1]);
          const C = units.map((u) => u[2]);
          const want = answerOf(solveJson("mlp-grads", { x, y, A, b, C, d })).answer.grad as Record<string, unknown>;
          const got = gradsOf("h = sigmoid(A * x + b); p = dot(C, h) + d; L = (y - p)^2", { A, b, C, x, y, d }).grad;
          expectClose(got.A, want.A, "A", 1e-9, 1e-12);
          expectClose(got.b, want.b, "b", 1e-9, 1e-12);
          expectClose(got.C, want.C, "C", 1e-9, 1e-12);
          expectClose(got.d, want.d, "d", 1e-9, 1e-12);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("reproduces batchnorm's backward pass (∂L/∂x, ∂L/∂γ, ∂L/∂β)", () => {
    const batch = fc.array(small, { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(batch, small, small, (x, gamma, beta) => {
        fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
        const dLdy = x.map((_, i) => ((i * 7) % 5) - 2);
        const want = answerOf(solveJson("batchnorm", { x, gamma, beta, eps: 0.001, dLdy })).answer.grad as Record<
          string,
          unknown
        >;
        const program = "mu = mean(x); d = x - mu; v = mean(d^2); xhat = d / sqrt(v + eps); y = gamma * xhat + beta";
        const got = gradsOf(program, { x, gamma, beta, eps: 0.001 }, dLdy).grad;
        expectClose(got.x, want.x, "x", 1e-7, 1e-9);
        expectClose(got.gamma, want.gamma, "gamma", 1e-9, 1e-12);
        expectClose(got.beta, want.beta, "beta", 1e-9, 1e-12);
      }),
      { numRuns: RUNS },
    );
  });

  it("reproduces demean-backprop's ∂L/∂x = γ(∂L/∂y − mean(∂L/∂y))", () => {
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 6 }), small, (dLdy, gamma) => {
        const want = answerOf(solveJson("demean-backprop", { dLdy, gamma })).answer.dLdx;
        const x = dLdy.map((_, i) => i);
        expectClose(gradsOf("y = gamma * (x - mean(x))", { x, gamma }, dLdy).grad.x, want, "x", 1e-9, 1e-12);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("simplified derivatives agree with finite differences at random points (property)", () => {
  const cases: Array<[string, string]> = [
    ["L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", "z"],
    ["L = (w*x + b - y)^2", "w"],
    ["L = -log(exp(a) / (exp(a) + exp(b) + exp(c)))", "a"],
    ["f = tanh(x * y) / (1 + x^2)", "x"],
    ["f = softplus(x) * sqrt(y^2 + 1) - exp(-x * y)", "y"],
  ];
  it.each(cases)("%s, with respect to %s", (expr, wrt) => {
    const program = parseProgram(expr, "expr");
    const sym = answerOf(solveJson("graph", { expr, wrt })).answer.symbolic as Record<string, string>;
    const derivative = sym[wrt] as string;
    // the answer is in graph's own grammar: graph reads it back
    expect(exprText(parseProgram(`d = ${derivative}`, "d").assignments[0]?.expr as never)).toBe(derivative);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 0.9, noNaN: true }), { minLength: 8, maxLength: 8 }), (xs) => {
        const at = Object.fromEntries(program.inputs.map((n, i) => [n, xs[i] as number]));
        const h = 1e-6;
        const f = (v: number) => gradsOf(expr, { ...at, [wrt]: v }).value as number;
        const numeric = (f((at[wrt] as number) + h) - f((at[wrt] as number) - h)) / (2 * h);
        const names = parseProgram(`d = ${derivative}`, "d").inputs;
        const value = gradsOf(`d = ${derivative}`, Object.fromEntries(names.map((n) => [n, at[n] as number])))
          .value as number;
        return close(value, numeric, 1e-5, 1e-7);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("bad input", () => {
  const error = async (...argv: string[]) => {
    const r = await cli(["graph", ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    return r.stderr;
  };
  it("an unknown function or name, with a suggestion", async () => {
    expect(await error("sigmod(x)", "x=1")).toMatch(/expr: unknown function "sigmod" \(did you mean "sigmoid"\?\)/);
    expect(await error("x * y", "x=1", "yy=2")).toMatch(/at\.yy: the expression never reads yy \(did you mean "y"\?\)/);
    expect(await error("x * y", "x=1")).toMatch(/at: no value for y/);
  });
  it("a value outside an operation's domain names the node", async () => {
    expect(await error("f = log(x - 3)", "x=1")).toMatch(/expr: at log\(u1\): log needs a positive value, got -2/);
    expect(await error("x / y", "x=1", "y=0")).toMatch(/at x \/ y: division by zero/);
  });
  it("deep nesting, a huge exponent and shapes that do not fit are refused", async () => {
    expect(await error(`${"(".repeat(600)}x${")".repeat(600)}`, "x=1")).toMatch(/nests deeper than 500 levels/);
    expect(await error("x^100000", "x=2")).toMatch(/exponent 100000 is larger than the 1000 allowed/);
    expect(await error("x + y", "x=1,2", "y=1,2,3")).toMatch(/a vector of 2 and a vector of 3 do not match/);
    expect(await error("W @ x", "W=[[1,2],[3,4]]", "x=1,2,3")).toMatch(/inner sizes 2 and 3 differ/);
    expect(await error("x * y", "x=1,2", "y=3")).toMatch(/dLdout: missing: the output f is a vector of 2/);
  });
  it("a name assigned twice, or read before it is assigned", async () => {
    expect(await error("q = x; q = x + 1", "x=1")).toMatch(/q is assigned twice/);
    expect(await error("f = q + 1; q = x", "x=1")).toMatch(/q is read on line 1 before it is assigned/);
  });
  it("NaN and Infinity are numbers that are not finite, never names", async () => {
    expect(await error("NaN")).toMatch(/expr: NaN is not a finite number, and cannot be a name/);
    expect(await error("2 * inf")).toMatch(/expr: inf is not a finite number/);
    expect(await error("Infinity = x + 1", "x=1")).toMatch(/Infinity is not a finite number, and cannot be assigned/);
  });
});

describe("mistakes", () => {
  it("names a branch left out, a flipped sign and the local derivative alone", async () => {
    const base = ["graph", "a = x * y; f = a + x * z", "x=3", "y=-2", "z=5", "--json", "--expect"];
    const diagnosis = async (expectJson: string) => {
      const r = await cli([...base, expectJson]);
      expect(r.code).toBe(1);
      const items = JSON.parse(r.stdout).check.items as Array<{ field: string; diagnosis?: { mistake: string } }>;
      return items.find((i) => i.field === "grad.x")?.diagnosis?.mistake;
    };
    expect(await diagnosis('{"grad": {"x": -2}}')).toBe("branch-not-summed");
    expect(await diagnosis('{"grad": {"x": -3}}')).toBe("sign-flip");
    expect(await diagnosis('{"grad": {"x": 4}}')).toBeUndefined();
    const local = await cli([
      "graph",
      "f = 3 * sigmoid(w * x)",
      "w=0",
      "x=2",
      "--json",
      "--expect",
      '{"grad": {"w": 2}}',
    ]);
    expect(JSON.parse(local.stdout).check.items[0].diagnosis?.mistake).toBe("local-only");
  });
});

describe("random expressions (property)", () => {
  const leaf = fc.constantFrom("x", "y", "z", "2", "3", "1/2", "0.5");
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/"), tie("e")).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc
        .tuple(fc.constantFrom("exp", "tanh", "sigmoid", "softplus", "log", "sqrt", "abs", "-"), tie("e"))
        .map(([fn, a]) => (fn === "-" ? `-(${a})` : `${fn}(${a})`)),
      fc.tuple(tie("e"), fc.constantFrom("2", "3", "-1")).map(([a, k]) => `(${a})^${k}`),
    ),
  })).e;
  const value = fc.double({ min: -2, max: 2, noNaN: true }).map((v) => Math.round(v * 100) / 100);

  it("solve or refuse with one clear line, never an internal error; gradients agree with differences", async () => {
    await fc.assert(
      fc.asyncProperty(expr, value, value, value, async (e, x, y, z) => {
        const names = ["x", "y", "z"].filter((n) => new RegExp(`\\b${n}\\b`).test(e));
        fc.pre(names.length > 0);
        const at = { x, y, z } as Record<string, number>;
        const r = await cli(["graph", e, ...names.map((n) => `${n}=${at[n]}`), "--json"]);
        if (r.code === 2) {
          expect(r.stderr).toMatch(/^dlsolve: error: [^\n]+\n$/);
          return;
        }
        expect(r.code, r.stderr).toBe(0);
        const j = JSON.parse(r.stdout);
        const check = j.steps.find((s: { title: string }) => s.title === "Finite-difference check");
        const marks = check.tables[0].rows.map((row: unknown[]) => row[4]);
        expect(marks, `${e} at ${JSON.stringify(at)}`).not.toContain("✗");
      }),
      { numRuns: RUNS },
    );
  });
});
