import { describe, expect, it } from "vitest";
import { answerOf, cli, expectClose, reference, solveJson } from "../helpers.js";

describe("loss against torch.nn.functional", () => {
  it("matches every reference case at 1e-9, with exactly its fields", () => {
    for (const c of reference("loss")) {
      const { answer } = answerOf(solveJson("loss", c.input));
      expectClose(answer, c.answer, JSON.stringify(c.input).slice(0, 80), 1e-9, 1e-12);
      expect(Object.keys(answer).sort(), JSON.stringify(c.input)).toEqual(Object.keys(c.answer).sort());
    }
  });
  // max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1) = 2.9 + 0
  it("CS231n's SVM example: scores (3.2, 5.1, −1.7) of class 1 lose 2.9", () => {
    const { exact } = answerOf(solveJson("loss", { kind: "svm", pred: [3.2, 5.1, -1.7], target: 1 }));
    expect(exact.loss).toBe("29/10");
  });
});

describe("every step with its numbers", () => {
  const lines = async (...argv: string[]) => (await cli(["loss", ...argv])).stdout;
  it("huber: the piece each sample is on, substituted; its gradient too", async () => {
    const out = await lines("huber", "--pred", "0.5,3", "--target", "0,0", "--delta", "2");
    expect(out).toContain("ℓ₁ = (1/2)(0.5 − 0)² = 1/8\n");
    expect(out).toContain("ℓ₂ = 2(|3 − 0| − 2/2) = 4\n");
    expect(out).toContain("∂L/∂p₁ = (0.5 − 0)/2 = 1/4\n");
    expect(out).toContain("∂L/∂p₂ = 2·sign(3 − 0)/2 = 1\n");
    // PyTorch's δ = 1 drops the coefficient
    expect(await lines("huber", "--pred", "3", "--target", "0")).toContain("ℓ₁ = |3 − 0| − 1/2 = 5/2");
  });
  it("bce: a hard label leaves one logarithm; the gradient's N joins its denominator", async () => {
    const out = await lines("bce", "--pred", "0.9,0.2", "--target", "1,0");
    expect(out).toContain("ℓ₁ = −log(0.9) = 0.105361\n");
    expect(out).toContain("ℓ₂ = −log(1 − 0.2) = 0.223144\n");
    expect(out).toContain("∂L/∂p₁ = (0.9 − 1)/(2·0.9·(1 − 0.9)) = -0.555556\n");
    const soft = await lines("bce", "--pred", "0.9", "--target", "0.7");
    expect(soft).toContain("ℓ₁ = −(0.7·log(0.9) + (1 − 0.7)·log(1 − 0.9)) = 0.764528");
  });
  it("mse, mae, bce-logits and hinge: the rule, then each sample's ∂L/∂p substituted", async () => {
    const mse = await lines("mse", "--pred", "1,2", "--target", "0,0");
    expect(mse).toMatch(/∂ℓ\/∂p = 2\(p − t\) +\(then ÷ N for the mean\)/);
    expect(mse).toContain("∂L/∂p₂ = 2(2 − 0)/2 = 2\n");
    expect(await lines("mse", "--pred", "1,2", "--target", "0,0", "--reduction", "sum")).toContain(
      "∂L/∂p₂ = 2(2 − 0) = 4",
    );
    expect(await lines("mae", "--pred", "1,-2", "--target", "0,0")).toContain("∂L/∂p₂ = sign(-2 − 0)/2 = -1/2");
    const logits = await lines("bce-logits", "--pred", "2,-1", "--target", "1,0");
    expect(logits).toContain("ℓ₁ = log(1 + e²) − 1·2 = 0.126928");
    expect(logits).toContain("∂L/∂s₂ = (σ(-1) − 0)/2 = 0.134471");
    const hinge = await lines("hinge", "--pred", "0.5,3", "--target", "1,1");
    expect(hinge).toMatch(/∂L\/∂s₁ = -1\/2 +\(−t\/N: inside the margin\)/);
    expect(hinge).toMatch(/∂L\/∂s₂ = 0 +\(past the margin\)/);
  });
});

describe("mistakes and bad input", () => {
  it("names the sum given for the mean", async () => {
    const r = await cli(["loss", "mse", "--pred", "1,2", "--target", "0,0", "--json", "--expect", '{"loss": 5}']);
    expect(JSON.parse(r.stdout).check.items[0].diagnosis.mistake).toBe("no-batch-mean");
  });
  it("an unknown kind, a class out of range, hinge targets not ±1: one line each", async () => {
    expect((await cli(["loss", "mce", "--pred", "1", "--target", "1"])).stderr).toMatch(
      /unknown loss "mce" \(did you mean "mse"\?\)/,
    );
    expect((await cli(["loss", "svm", "--pred", "1,2", "--target", "3"])).stderr).toMatch(
      /a class is a whole number from 1 to 2/,
    );
    expect((await cli(["loss", "hinge", "--pred", "1", "--target", "0"])).stderr).toMatch(
      /hinge's targets are −1 or 1/,
    );
  });
});
