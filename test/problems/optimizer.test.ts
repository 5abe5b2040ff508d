import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOf, cli, close, expectClose, reference, solveJson, textOf } from "../helpers.js";

const EIGEN = ["eigenvalues", "stableLrBelow", "optimalLr", "minimizer"];

describe("optimizer", () => {
  it("matches torch.optim (float64) on every reference case; eigen-derived values at 1e-7", () => {
    for (const c of reference("optimizer")) {
      const { answer } = answerOf(solveJson("optimizer", c.input));
      const plain = Object.fromEntries(Object.entries(c.answer).filter(([k]) => !EIGEN.includes(k)));
      const eigen = Object.fromEntries(Object.entries(c.answer).filter(([k]) => EIGEN.includes(k)));
      expectClose(answer, plain, `${c.input.method}`);
      expectClose(answer, eigen, `${c.input.method}`, 1e-7);
    }
  });

  it("is exact on rational inputs for sgd, momentum and nesterov", () => {
    const { exact } = answerOf(solveJson("optimizer", { theta: [1, 2], lr: "1/4", grads: [2, -4] }));
    expect(exact.theta).toEqual(["1/2", "3"]);
    const m = answerOf(
      solveJson("optimizer", { method: "momentum", theta: [1], lr: "1/4", momentum: "1/2", grads: [[1], [1]] }),
    ).exact;
    // b¹ = 1, θ¹ = 3/4; b² = 1/2 + 1 = 3/2, θ² = 3/4 − 3/8 = 3/8
    expect(m.theta).toEqual(["3/8"]);
    expect(m.velocity).toEqual(["3/2"]);
  });

  const grads = fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 2 }), {
    minLength: 1,
    maxLength: 5,
  });
  const theta = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 2 });

  it("momentum 0 is plain sgd; adamw with weight decay 0 is adam (property)", () => {
    fc.assert(
      fc.property(theta, grads, (th, g) => {
        const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
          (a.theta as number[]).every((v, i) => close(v, (b.theta as number[])[i] as number, 1e-12, 1e-12));
        const sgd = answerOf(solveJson("optimizer", { theta: th, lr: 0.1, grads: g })).answer;
        const mom0 = answerOf(
          solveJson("optimizer", { method: "momentum", momentum: 0, theta: th, lr: 0.1, grads: g }),
        ).answer;
        const adam = answerOf(solveJson("optimizer", { method: "adam", theta: th, lr: 0.1, grads: g })).answer;
        const adamw0 = answerOf(
          solveJson("optimizer", { method: "adamw", weightDecay: 0, theta: th, lr: 0.1, grads: g }),
        ).answer;
        return same(sgd, mom0) && same(adam, adamw0);
      }),
    );
  });

  it("one adam step from zero state moves each coordinate by about lr·sign(g) (property)", () => {
    fc.assert(
      fc.property(
        theta,
        fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (th, g) => {
          const signs = g.map((v, i) => (i % 2 === 0 ? v : -v));
          const { answer } = answerOf(solveJson("optimizer", { method: "adam", theta: th, lr: 0.01, grads: signs }));
          return (answer.theta as number[]).every((v, i) =>
            close(v - (th[i] as number), -0.01 * Math.sign(signs[i] as number), 1e-5, 1e-9),
          );
        },
      ),
    );
  });

  it("solves an lr outside the stability bound and says it diverges", () => {
    const sol = solveJson("optimizer", { theta: [1, 1], lr: "1/5", H: "12 0; 0 2", steps: 3 });
    const { answer } = answerOf(sol);
    expect((answer.losses as number[])[2] as number).toBeGreaterThan((answer.losses as number[])[0] as number);
    expect(textOf(sol)).toContain("diverges");
  });

  it("prints the rule in symbols for each method with no numbers", () => {
    for (const method of ["sgd", "nesterov", "adam"]) {
      const sol = solveJson("optimizer", { method });
      expect(sol.answer).toEqual({});
      expect(sol.steps[0]?.derivation?.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [{ theta: [1], lr: 0, grads: [1] }, /^input\.lr: must be > 0/],
    [{ method: "adam", theta: [1], lr: 0.1, beta1: 1, grads: [1] }, /^input\.beta1: must be in \[0, 1\)/],
    [{ method: "rmsprop", theta: [1], lr: 0.1, alpha: -0.1, grads: [1] }, /^input\.alpha: must be in \[0, 1\)/],
    [{ theta: [1, 2], lr: 0.1, grads: [1, 2, 3] }, /^input\.grads: has 3 values per step, θ has 2/],
    [{ theta: [1, 2], lr: 0.1, H: "1 2; 3 4" }, /^input\.H: is not symmetric/],
    [{ theta: [1, 2], lr: 0.1, H: "1 0 0; 0 1 0" }, /^input\.H: is 2 × 3/],
    [{ theta: [1, 2], lr: 0.1, H: "1 0; 0 1", grads: [1, 1] }, /^input\.H: gives the gradients as Hθ − c/],
    [{ theta: [1, 2], lr: 0.1 }, /the gradients: give input\.grads/],
    [
      { method: "nesterov", theta: [1], lr: 0.1, dampening: 0.5, grads: [1] },
      /^input\.dampening: must be 0 for nesterov/,
    ],
  ])("rejects %j", (input, message) => {
    expect(() => solveJson("optimizer", input)).toThrow(message);
  });
});

describe("starting from a given state (SPEC: additions to earlier problems)", () => {
  it("matches torch.optim with its state set from velocity, m, v, step, sumSquares, squareAvg, at 1e-9", () => {
    for (const c of reference("optimizer-state")) {
      const { answer } = answerOf(solveJson("optimizer", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 60), 1e-9, 1e-12);
    }
  });
  it("momentum from a given buffer: v = μv₀ + g, not g, on the first step", () => {
    // v₀ = 1, g = 2, μ = 0.9: v = 0.9 + 2 = 2.9, θ = 0 − 0.1·2.9
    const { exact } = answerOf(
      solveJson("optimizer", { method: "momentum", theta: 0, lr: "1/10", grads: [2], velocity: 1 }),
    );
    expect(exact.velocity).toEqual(["29/10"]);
    expect(exact.theta).toEqual(["-29/100"]);
  });
});

describe("the rules in symbols", () => {
  it("gives RMSprop's decay its own symbol, ρ, beside the learning rate α", () => {
    const text = textOf(solveJson("optimizer", { method: "rmsprop" }));
    expect(text).toContain("v⁽ᵗ⁾ = ρv⁽ᵗ⁻¹⁾ + (1 − ρ)g⁽ᵗ⁾²");
    expect(text).toContain("θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ − α(g⁽ᵗ⁾/(√v⁽ᵗ⁾ + ε))");
  });

  it("keeps a weight decay given without numbers: g + λθ, then the step", () => {
    const text = textOf(solveJson("optimizer", { method: "sgd", weightDecay: 0.1 }));
    expect(text).toContain("g⁽ᵗ⁾ = g⁽ᵗ⁾ + λθ⁽ᵗ⁾");
    expect(textOf(solveJson("optimizer", { method: "sgd" }))).not.toContain("λθ");
  });

  it("names each hyperparameter by its symbol, with torch's name beside it", () => {
    const text = textOf(solveJson("optimizer", { method: "rmsprop", theta: [1], lr: 0.1, grads: [1] }));
    expect(text).toMatch(/α = 0\.1 \(lr\); ρ = 0\.99 \(alpha, PyTorch's default\)/);
  });
});

describe("the first step worked out with its numbers", () => {
  const worked = async (...argv: string[]) => (await cli(["optimizer", ...argv])).stdout;
  it("sgd and momentum: θ − α·g, and b = g on a first step, μb₀ + (1 − τ)g from a given buffer", async () => {
    expect(await worked("--theta", "1,2", "--lr", "1/4", "--grads", "2,-4")).toContain("θ₂⁽²⁾ = 2 − (1/4)·(-4) = 3\n");
    const fresh = await worked("--method", "momentum", "--theta", "1", "--lr", "0.1", "--grads", "2; 1");
    expect(fresh).toMatch(/b₁⁽¹⁾ = 2 +\(the first step takes b = g\)/);
    expect(fresh).toContain("step 1 of each coordinate worked out; the table has every step");
    const given = ["--method", "momentum", "--theta", "1", "--lr", "0.1", "--grads", "2", "--velocity", "1"];
    expect(await worked(...given, "--dampening", "0.5")).toContain("b₁⁽¹⁾ = 0.9·1 + (1/2)·2 = 1.9\n");
  });
  it("adam: both moments, their bias correction and the step; adamw decays θ first; decay adds λθ to g", async () => {
    const adam = await worked("--method", "adam", "--theta", "1", "--lr", "0.1", "--grads", "2");
    expect(adam).toContain("m₁⁽¹⁾ = 0.9·0 + 0.1·2 = 1/5\n");
    expect(adam).toContain("v̂₁⁽¹⁾ = 0.004/(1 − 0.999¹) = 4\n");
    expect(adam).toContain("θ₁⁽²⁾ = 1 − 0.1·(2/(√4 + 1e-8)) = 0.9\n");
    const adamw = await worked(
      "--method",
      "adamw",
      "--theta",
      "1",
      "--lr",
      "0.1",
      "--grads",
      "2",
      "--weight-decay",
      "0.1",
    );
    expect(adamw).toContain("θ₁⁽²⁾ = 1(1 − 0.1·0.1) − 0.1·(2/(√4 + 1e-8)) = 0.89\n");
    const sgd = await worked("--theta", "1", "--lr", "0.1", "--grads", "2", "--weight-decay", "0.1");
    expect(sgd).toMatch(/g₁⁽¹⁾ = 2 \+ 0\.1·1 = 2\.1 +\(with weight decay\)/);
  });
  it("the worked θ is the table's and the answer's, for every method (property over given gradients)", async () => {
    for (const method of ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]) {
      const argv = ["optimizer", "--method", method, "--theta", "0.5,-1", "--lr", "0.05", "--grads", "1,-3; 2,2"];
      const [text, json] = await Promise.all([cli(argv), cli([...argv, "--json"])]);
      const first = JSON.parse(json.stdout).answer.trajectory[0] as number[];
      for (const [i, want] of first.entries()) {
        const line = text.stdout.split("\n").find((l) => l.startsWith(`  θ${"₁₂"[i]}⁽²⁾ = `));
        expect(Number(line?.split(" = ").at(-1)), `${method} θ${i + 1}`).toBeCloseTo(want, 5);
      }
    }
  });
});
