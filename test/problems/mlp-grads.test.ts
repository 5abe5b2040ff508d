import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTIVATIONS, activation } from "../../src/core/activations.js";
import * as mlp from "../../src/core/mlp.js";
import { answerOf, checkMarks, expectClose, reference, solveJson } from "../helpers.js";

describe("mlp-grads against PyTorch autograd", () => {
  it("agrees on every reference case (all activations, one step of lr 0.1)", () => {
    const cases = reference("mlp-grads");
    const seen = new Set<string>();
    for (const c of cases) {
      seen.add(c.input.activation as string);
      const { answer } = answerOf(solveJson("mlp-grads", c.input));
      expectClose(answer, c.answer, `mlp-grads ${c.input.activation as string}`, 1e-9, 1e-12);
    }
    expect([...seen].sort()).toEqual([...ACTIVATIONS].sort());
  });
});

describe("mlp-grads by hand", () => {
  // x = 1, y = 3, A = [1/2, -1], b = [0, 1], C = [1, 2], d = 0, identity:
  // z = [1/2, 0], y_pred = 1/2 + 0 = 1/2, L = (3 − 1/2)² = 25/4, ∂L/∂y_pred = 2(1/2 − 3) = -5,
  // ∂L/∂C = -5·z = [-5/2, 0], ∂L/∂b = -5·C = [-5, -10], ∂L/∂A = ∂L/∂b·x = [-5, -10].
  const input = { x: 1, y: 3, A: ["1/2", -1], b: [0, 1], C: [1, 2], d: 0, activation: "identity" };

  it("is exact with a rational activation", () => {
    const { exact } = answerOf(solveJson("mlp-grads", { ...input, lr: "1/10" }));
    expect(exact).toMatchObject({
      z: ["1/2", "0"],
      yPred: "1/2",
      loss: "25/4",
      grad: { yPred: "-5", d: "-5", C: ["-5/2", "0"], b: ["-5", "-10"], A: ["-5", "-10"] },
      next: { A: ["1", "0"], b: ["1/2", "2"], C: ["5/4", "2"], d: "1/2" },
    });
  });

  it("halves ∂L/∂y_pred for the half-squared loss", () => {
    const { exact } = answerOf(solveJson("mlp-grads", { ...input, loss: "half-squared" }));
    expect(exact).toMatchObject({ loss: "25/8", grad: { yPred: "-5/2", b: ["-5/2", "-5"] } });
  });

  it("uses ReLU'(0) = 0 and leaky ReLU'(0) = slope, as PyTorch does", () => {
    const relu = answerOf(solveJson("mlp-grads", { ...input, activation: "relu" })).exact;
    // z₂ = 0 sits at the kink: no gradient through unit 2
    expect((relu.grad as { b: string[] }).b[1]).toBe("0");
    const leaky = answerOf(solveJson("mlp-grads", { ...input, activation: "leaky-relu", slope: "1/5" })).exact;
    // ∂L/∂b₂ = 2(y_pred − y)·C₂·slope = -5·2·(1/5) = -2
    expect((leaky.grad as { b: string[] }).b[1]).toBe("-2");
  });

  it("records the loss after each of N steps, and next after the last", () => {
    const { answer } = answerOf(solveJson("mlp-grads", { ...input, lr: "1/10", steps: 3 }));
    const losses = answer.losses as number[];
    expect(losses).toHaveLength(3);
    // losses[0] is the loss after one step, the same as with no --steps
    const one = answerOf(solveJson("mlp-grads", { ...input, lr: "1/10" })).answer;
    const after = mlp.forward(one.next as mlp.MlpParams, 1, 3, activation("identity"), "squared").loss;
    expect(losses[0]).toBe(typeof after === "number" ? after : after.valueOf());
    expect(losses[2]).toBeLessThan(25 / 4);
  });

  it("prints the symbolic derivation with no numbers", () => {
    const sol = solveJson("mlp-grads", {});
    expect(sol.answer).toEqual({});
    expect(sol.steps.map((s) => s.title)).toEqual(
      expect.arrayContaining(["∂L/∂d (review 1b)", "∂L/∂Aᵢ (review 1e)", "Gradient-descent update (review 1f)"]),
    );
  });

  it.each([
    [{ ...input, b: [0, 1, 2] }, /^input\.b: has 3 values, input\.A has 2/],
    [{ ...input, C: [1] }, /^input\.C: has 1 values, input\.A has 2/],
    [{ ...input, x: [1, 2] }, /^input\.x: expected a number, got an array/],
    [{ ...input, y: [1] }, /^input\.y: expected a number/],
    [
      { ...input, activation: "gelu" },
      /^input\.activation: "gelu" is not one of sigmoid, tanh, relu, leaky-relu, softplus, identity/,
    ],
    [{ ...input, steps: 0, lr: 1 }, /^input\.steps: expected a positive whole number/],
    [{ ...input, steps: 2.5, lr: 1 }, /^input\.steps: expected a positive whole number/],
    [{ ...input, steps: 3 }, /^input\.steps: needs --lr/],
    [{ ...input, lr: -1 }, /^input\.lr: must be > 0/],
    [{ ...input, slope: 0.1 }, /^input\.slope: is the slope of leaky-relu/],
    [{ x: 1, y: 2 }, /missing input.A, input.b, input.C, input.d/],
    [{ ...input, A: [] }, /^input\.A: is empty/],
  ])("rejects %j", (bad, message) => {
    expect(() => solveJson("mlp-grads", bad)).toThrow(message);
  });
});

describe("mlp-grads saturation", () => {
  it("notes a saturated sigmoid unit (vanishing gradient) and not the others", () => {
    // z₁ = 2·10 = 20: σ′(20) ≈ 2.06e-9; z₂ = 0.1·10 = 1: σ′(1) ≈ 0.197
    const sol = solveJson("mlp-grads", { x: 10, y: 0, A: [2, 0.1], b: [0, 0], C: [1, 1], d: 0 });
    const step = sol.steps.find((s) => s.title === "Saturated units");
    expect(step?.notes).toHaveLength(1);
    expect(JSON.stringify(step?.notes)).toContain("unit 1 is saturated");
    expect(
      solveJson("mlp-grads", { x: 1, y: 0, A: [1, -1], b: [0, 0], C: [1, 1], d: 0 }).steps.some(
        (s) => s.title === "Saturated units",
      ),
    ).toBe(false);
  });
});

describe("the gradient check far from 1", () => {
  it("does not mark right gradients wrong when C and d are 1e150: checked with a relative step, or n/a", () => {
    const sol = solveJson("mlp-grads", { x: 1, y: 0, A: [1, -1], b: [0, 0], C: [1e150, 1], d: 1e150 });
    const marks = checkMarks(sol, "Gradient check");
    expect(marks).not.toContain("✗");
    expect(marks.filter((m) => m === "✓").length).toBeGreaterThanOrEqual(4);
  });
});

describe("the float64 descent", () => {
  // descend runs float64 parameters through its own loop; forward, gradients and update one step at a time are
  // the reference, and must give the same bits
  const stepByStep = (
    p: mlp.MlpParams,
    x: number,
    y: number,
    act: ReturnType<typeof activation>,
    loss: mlp.LossKind,
  ) => {
    const losses: unknown[] = [];
    let current = p;
    for (let s = 0; s < 30; s++) {
      current = mlp.update(current, mlp.gradients(current, x, y, mlp.forward(current, x, y, act, loss), loss), 0.05);
      losses.push(mlp.forward(current, x, y, act, loss).loss);
    }
    return { losses, final: current };
  };
  it("gives forward, gradients and update's results bit for bit, for every activation and loss", () => {
    const num = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(num, num, num), { minLength: 1, maxLength: 6 }),
        num,
        num,
        num,
        fc.constantFrom(...ACTIVATIONS),
        fc.constantFrom<mlp.LossKind>("squared", "half-squared"),
        (units, d, x, y, name, loss) => {
          const p = { A: units.map((u) => u[0]), b: units.map((u) => u[1]), C: units.map((u) => u[2]), d };
          const act = activation(name);
          const got = mlp.descend(p, x, y, act, loss, 0.05, 30);
          expect(got).toEqual(stepByStep(p, x, y, act, loss));
        },
      ),
      { numRuns: 100 },
    );
  });
});
