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
