import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward, buildGraph, inputGradient, type Tensor } from "../../src/core/autodiff.js";
import { conv2d, conv2dBackward, type Grid, type Kernel } from "../../src/core/convolution.js";
import * as sc from "../../src/core/scalar.js";
import { parseProgram } from "../../src/input/expression.js";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

/** Entry (c, i, j) of a grid, or (o, c, a, b) of a kernel. */
const at3 = (g: Grid, c: number, i: number, j: number) => ((g[c] as sc.Scalar[][])[i] as sc.Scalar[])[j] as sc.Scalar;
const at4 = (k: Kernel, o: number, c: number, a: number, b: number) => at3(k[o] as Grid, c, a, b);

describe("conv and pool against PyTorch", () => {
  it("conv matches every reference case at 1e-9", () => {
    for (const c of reference("conv")) {
      const { answer } = answerOf(solveJson("conv", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
  it("pool matches every reference case at 1e-9", () => {
    for (const c of reference("pool")) {
      const { answer } = answerOf(solveJson("pool", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
});

describe("conv's direct form against the autodiff engine (property)", () => {
  it("a 3×3 image and a 2×2 kernel: output and every gradient agree with graph's engine", () => {
    const small = fc.integer({ min: -3, max: 3 });
    fc.assert(
      fc.property(
        fc.array(small, { minLength: 9, maxLength: 9 }),
        fc.array(small, { minLength: 4, maxLength: 4 }),
        fc.array(small, { minLength: 4, maxLength: 4 }),
        (xs, ks, gs) => {
          const f = (n: number) => sc.frac(n);
          const x: Grid = [[xs.slice(0, 3).map(f), xs.slice(3, 6).map(f), xs.slice(6, 9).map(f)]];
          const k: Kernel = [[[ks.slice(0, 2).map(f), ks.slice(2, 4).map(f)]]];
          const dy: Grid = [[gs.slice(0, 2).map(f), gs.slice(2, 4).map(f)]];
          const spec = {
            stride: [1, 1] as [number, number],
            padding: [0, 0] as [number, number],
            dilation: [1, 1] as [number, number],
            flip: false,
          };
          const y = conv2d(x, k, [f(0)], spec);
          const g = conv2dBackward(x, k, dy, spec);
          // the same layer as a graph: y_ij = Σ k_ab x_(i+a)(j+b), L = Σ dLdy_ij y_ij
          const terms: string[] = [];
          for (let i = 0; i < 2; i++)
            for (let j = 0; j < 2; j++) {
              const sum = [0, 1].flatMap((a) => [0, 1].map((b) => `k${a}${b} * x${i + a}${j + b}`)).join(" + ");
              terms.push(`g${i}${j} * (${sum})`);
            }
          const program = parseProgram(`L = ${terms.join(" + ")}`, "expr");
          const values = new Map<string, Tensor>();
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) values.set(`x${i}${j}`, at3(x, 0, i, j));
          for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) values.set(`k${a}${b}`, at4(k, 0, 0, a, b));
          for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) values.set(`g${i}${j}`, at3(dy, 0, i, j));
          const gr = buildGraph(program, values, { nodes: 1000, entries: 1000 });
          const b = backward(gr, sc.frac(1));
          let L = sc.frac(0) as sc.Scalar;
          for (let i = 0; i < 2; i++)
            for (let j = 0; j < 2; j++) L = sc.add(L, sc.mul(at3(y, 0, i, j), at3(dy, 0, i, j)));
          expect(sc.toNumber(gr.output.value as sc.Scalar)).toBe(sc.toNumber(L));
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++)
              expect(sc.toNumber(inputGradient(gr, b, `x${i}${j}`) as sc.Scalar)).toBe(sc.toNumber(at3(g.x, 0, i, j)));
          for (let a = 0; a < 2; a++)
            for (let c = 0; c < 2; c++)
              expect(sc.toNumber(inputGradient(gr, b, `k${a}${c}`) as sc.Scalar)).toBe(
                sc.toNumber(at4(g.kernel, 0, 0, a, c)),
              );
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("the exam's examples", () => {
  it("a 2×2 average kernel over 0…15 gives 2.5 … 12.5, exactly", async () => {
    const r = await cli([
      "conv",
      "--x",
      "0 1 2 3; 4 5 6 7; 8 9 10 11; 12 13 14 15",
      "--kernel",
      "1/4 1/4; 1/4 1/4",
      "--json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.exact.output).toEqual([
      ["5/2", "7/2", "9/2"],
      ["13/2", "15/2", "17/2"],
      ["21/2", "23/2", "25/2"],
    ]);
  });
  it("max-pool backward goes to the first maximum on a tie and adds where windows overlap", async () => {
    // windows of 2 with stride 1 over [1, 3, 3, 0]: maxima 3 (first 3), 3 (first 3 again), 3 (second 3)
    const r = await cli(["pool", "--x", "1,3,3,0", "--kernel", "2", "--stride", "1", "--dLdy", "1,10,100", "--json"]);
    expect(JSON.parse(r.stdout).answer.grad.x).toEqual([0, 11, 100, 0]);
  });
});

describe("mistakes", () => {
  it("names the flipped kernel, avg for max and the gradient sent to all", async () => {
    const conv = await cli([
      "conv",
      "--x",
      "1 2; 3 4",
      "--kernel",
      "1 0; 0 0",
      "--json",
      "--expect",
      '{"output": [[4]]}',
    ]);
    expect(JSON.parse(conv.stdout).check.items[0].diagnosis.mistake).toBe("flipped-kernel");
    const avg = await cli(["pool", "--x", "1 2; 3 4", "--kernel", "2", "--json", "--expect", '{"output": [[2.5]]}']);
    expect(JSON.parse(avg.stdout).check.items[0].diagnosis.mistake).toBe("avg-for-max");
    const all = await cli([
      "pool",
      "--x",
      "1 2; 3 4",
      "--kernel",
      "2",
      "--dLdy",
      "1",
      "--json",
      "--expect",
      '{"grad": {"x": [[1, 1], [1, 1]]}}',
    ]);
    expect(
      JSON.parse(all.stdout).check.items.map((i: { diagnosis?: { mistake: string } }) => i.diagnosis?.mistake),
    ).toContain("gradient-to-all");
  });
});

describe("bad input and scale", () => {
  it("a kernel that does not fit, a dLdy of the wrong shape: one line, exit 2", async () => {
    const a = await cli(["conv", "--x", "1 2; 3 4", "--kernel", "1 1 1; 1 1 1; 1 1 1"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--kernel: does not fit/);
    const b = await cli(["pool", "--x", "1 2; 3 4", "--kernel", "2", "--dLdy", "1,2"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--dLdy: must have the output's shape, 1×1/);
    // one number is the upstream gradient of a 1×1 output
    const c = await cli(["pool", "--x", "1 2; 3 4", "--kernel", "2", "--dLdy", "5", "--json"]);
    expect(JSON.parse(c.stdout).answer.grad.x).toEqual([
      [0, 0],
      [0, 5],
    ]);
  });
  it("a 3×64×64 input with 16 filters of 3×3, forward and backward, with --quiet", async () => {
    const x = Array.from({ length: 3 }, (_, c) =>
      Array.from({ length: 64 }, (_, i) => Array.from({ length: 64 }, (_, j) => ((c + i * j) % 7) - 3)),
    );
    const kernel = Array.from({ length: 16 }, (_, o) =>
      Array.from({ length: 3 }, (_, c) =>
        Array.from({ length: 3 }, (_, a) => Array.from({ length: 3 }, (_, b) => ((o + c + a * b) % 5) - 2)),
      ),
    );
    const dLdy = Array.from({ length: 16 }, () =>
      Array.from({ length: 62 }, () => Array.from({ length: 62 }, () => 1)),
    );
    const r = await cli(["solve", "--quiet", "--json"], {
      input: JSON.stringify({ problem: "conv", input: { x, kernel, dLdy } }),
    });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout).answer;
    expect(a.output).toHaveLength(16);
    expect(a.grad.bias[0]).toBe(62 * 62);
  });
});

describe("the float64 loops of conv2d and its backward pass", () => {
  // a grid with one entry an exact 0 takes the Scalar loop; the same grid all float64 the float loop: the two must
  // give the same bits (the float loop keeps the Scalar loop's order of sums)
  const grid = (c: number, h: number, w: number) =>
    fc
      .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: c * h * w, maxLength: c * h * w })
      .map((v) =>
        Array.from({ length: c }, (_, i) =>
          Array.from({ length: h }, (_, r) => v.slice((i * h + r) * w, (i * h + r + 1) * w) as sc.Scalar[]),
        ),
      );
  const withExactZero = (g: Grid): Grid => {
    const copy = g.map((p) => p.map((r) => [...r]));
    (copy[0] as sc.Scalar[][])[0] = [sc.frac(0), ...((copy[0] as sc.Scalar[][])[0] as sc.Scalar[]).slice(1)];
    return copy;
  };
  const zeroFirst = (g: Grid): Grid => {
    const copy = g.map((p) => p.map((r) => [...r]));
    ((copy[0] as sc.Scalar[][])[0] as sc.Scalar[])[0] = 0;
    return copy;
  };
  it("give the Scalar loops' results bit for bit, with stride, padding and dilation", () => {
    fc.assert(
      fc.property(
        grid(2, 6, 7),
        fc.array(grid(2, 2, 3), { minLength: 2, maxLength: 2 }),
        fc.constantFrom([1, 0, 1], [2, 1, 1], [1, 2, 2]),
        (x, kernels, [stride, padding, dilation]) => {
          const spec = {
            stride: [stride, stride] as [number, number],
            padding: [padding, padding] as [number, number],
            dilation: [dilation, dilation] as [number, number],
            flip: false,
          };
          const k = kernels as Kernel;
          const floatX = zeroFirst(x as Grid);
          const bias = [0.5, -1.25];
          const fast = conv2d(floatX, k, bias, spec);
          const slow = conv2d(withExactZero(floatX), k, bias, spec);
          expect(fast.flat(2).map(Number)).toEqual(slow.flat(2).map(sc.toNumber));
          const dy = fast.map((p) => p.map((r) => r.map((v) => Math.sin(sc.toNumber(v)))));
          const fastB = conv2dBackward(floatX, k, dy, spec);
          const slowB = conv2dBackward(withExactZero(floatX), k, dy, spec);
          expect(fastB.x.flat(2)).toEqual(slowB.x.flat(2).map(sc.toNumber));
          expect(fastB.kernel.flat(3)).toEqual(slowB.kernel.flat(3).map(sc.toNumber));
          expect(fastB.bias).toEqual(slowB.bias.map(sc.toNumber));
        },
      ),
      { numRuns: 50 },
    );
  });
});
