// Saying what went wrong (SPEC 6.2): each mistake named where its value is
// given, and not for a value near it, nor for a right one.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

interface Item {
  field: string;
  passed: boolean;
  diagnosis?: { mistake: string; message: string };
}

async function check(argv: string[], expected: unknown, extra: string[] = []): Promise<Item[]> {
  const r = await cli([...argv, "--json", ...extra, "--expect", JSON.stringify(expected)]);
  return JSON.parse(r.stdout).check.items as Item[];
}

const bn = ["batchnorm", "1", "7", "7", "9"];
// x = 1 7 7 9: μ = 6, σ² = 9 (÷ m) or 12 (÷ m − 1), σ = 3, x̂ = [-5/3, 1/3, 1/3, 1]

describe("batchnorm", () => {
  it.each([
    ["unbiased-variance", { variance: 12 }, "variance", "your variance 12 is what dividing by m − 1 = 3 gives"],
    ["unbiased-variance", { std: "2*sqrt(3)" }, "std", "dividing by m − 1 = 3"],
    ["std-for-variance", { variance: 3 }, "variance", "your variance 3 is σ; the variance is σ²"],
    ["std-for-variance", { std: 9 }, "std", "your std 9 is σ²; σ is its square root"],
    ["divided-by-variance", { xhat: ["-5/9", "1/9", "1/9", "1/3"] }, "xhat[1]", "divides x − μ by σ²"],
    ["forgot-affine", { y: ["-5/3", "1/3", "1/3", 1] }, "y[1]", "is x̂ itself"],
  ])("%s: %j", async (id, expected, field, message) => {
    const extra = id === "forgot-affine" ? ["--gamma", "2", "--beta", "1"] : [];
    const items = await check([...bn, ...extra], expected);
    const item = items.find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe(id);
    expect(item?.diagnosis?.message).toContain(message);
  });

  it.each([
    [{ variance: 12.5 }, "variance"],
    [{ variance: 3.5 }, "variance"],
    [{ std: 8.9 }, "std"],
    [{ xhat: ["-0.62", "1/9", "1/9", "1/3"] }, "xhat[1]"], // -0.6 would be -5/9 to its one decimal
  ])("a near value is wrong but not diagnosed: %j", async (expected, field) => {
    const items = await check(bn, expected);
    const item = items.find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis).toBeUndefined();
  });

  it("a right value is never diagnosed, even where a mistake gives the same", async () => {
    // γ = 1, β = 0: forgetting the affine step gives the right y; it is right, not a mistake
    const items = await check(bn, { y: ["-5/3", "1/3", "1/3", 1], mean: 6 });
    expect(items.every((i) => i.passed && i.diagnosis === undefined)).toBe(true);
  });

  it("diagnoses under the class's tolerance", async () => {
    // 12.3 is 2.5 % from what ÷ (m − 1) gives
    const loose = await check(bn, { variance: 12.3 }, ["--rtol", "0.05"]);
    expect(loose[0]?.diagnosis?.mistake).toBe("unbiased-variance");
    const strict = await check(bn, { variance: 12.3 }, ["--rtol", "0.01"]);
    expect(strict[0]?.diagnosis).toBeUndefined();
  });

  it("says it in the text table's last column", async () => {
    const r = await cli([...bn, "--expect", '{"variance": 12}']);
    expect(r.stdout).toMatch(/│ field +│ your answer │ correct │ rule +│ +│ what went wrong/);
    expect(r.stdout.replace(/[│\s]+/g, " ")).toContain("your variance 12 is what dividing by m − 1 = 3 gives");
    expect(r.stdout).not.toMatch(/\bexpected\b/);
  });
});

describe("sigmoid-grad, demean-backprop, ridge", () => {
  it.each([
    [["sigmoid-grad", "0"], { derivative: 0.5 }, "derivative[1]", "sigmoid-for-derivative"],
    [
      ["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2"],
      { dLdx: [2, 4, 6, 8] },
      "dLdx[1]",
      "no-mean-subtraction",
    ],
    [
      ["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2"],
      { dLdx: [-1.5, -0.5, 0.5, 1.5] },
      "dLdx[1]",
      "forgot-gamma",
    ],
    // A = [1 0; 0 1; 1 1], b = [1, 2, 3]: least squares gives [1, 2]; ridge with λ = 1/2 gives [20/21, 34/21]
    [["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "1/2"], { x: [1, 2] }, "x[1]", "no-regularisation"],
  ])("%j with %j: %s is %s", async (argv, expected, field, id) => {
    const item = (await check(argv, expected)).find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe(id);
  });

  it.each([
    [["sigmoid-grad", "0"], { derivative: 0.45 }],
    [["demean-backprop", "--dLdy", "1,2,3,4", "--gamma", "2"], { dLdx: [2.5, 4, 6, 8] }],
    [["ridge", "--A", "1 0; 0 1; 1 1", "--b", "1,2,3", "--lambda", "1/2"], { x: [1.1, 2] }],
  ])("%j: a near value %j is not diagnosed", async (argv, expected) => {
    const [first] = await check(argv, expected);
    expect(first?.passed).toBe(false);
    expect(first?.diagnosis).toBeUndefined();
  });
});

describe("layernorm", () => {
  // one sample 1 7 7 9: μ = 6, σ² = 9 (÷ D) or 12 (÷ D − 1), σ = 3
  const ln = ["layernorm", "1", "7", "7", "9"];
  it.each([
    [{ variance: 12 }, "variance", "unbiased-variance"],
    [{ xhat: [-1.44338, 0.288675, 0.288675, 0.866025] }, "xhat[1]", "unbiased-variance"],
    [{ variance: 3 }, "variance", "std-for-variance"],
    [{ xhat: ["-5/9", "1/9", "1/9", "1/3"] }, "xhat[1]", "divided-by-variance"],
  ])("%j: %s is %s", async (expected, field, id) => {
    const item = (await check(ln, expected)).find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe(id);
  });

  it("forgot-affine with γ and β per feature, samples as rows", async () => {
    const argv = ["layernorm", "--x", "1 2 3; 2 4 9", "--gamma", "1,2,1", "--beta", "1"];
    // y without γ and β is x̂ itself: sample 1's x̂ is [-√1.5, 0, √1.5]
    const items = await check(argv, {
      y: [
        [-1.224745, 0, 1.224745],
        [-1.019049, -0.339683, 1.358732],
      ],
    });
    const y12 = items.find((i) => i.field === "y[1][2]");
    expect(y12?.passed).toBe(false);
    expect(y12?.diagnosis?.mistake).toBe("forgot-affine");
  });

  it("a near value is not diagnosed", async () => {
    const [first] = await check(ln, { variance: 11 });
    expect(first?.passed).toBe(false);
    expect(first?.diagnosis).toBeUndefined();
  });
});

describe("conv-shape", () => {
  // 28 × 28, conv k=5 p=2 c=6 keeps 28 (n + 2p − 4), pool halves: 6 × 14 × 14, 6·(25 + 1) = 156 parameters
  const conv = ["conv-shape", "--size", "28", "--layers", "conv k=5 p=2 c=6; pool k=2"];
  it("padding-once: n + p gives 26, pooled 13", async () => {
    const item = (await check(conv, { output: [6, 13, 13] })).find((i) => i.field === "output[2]");
    expect(item?.diagnosis?.mistake).toBe("padding-once");
  });
  it("no-bias-params: 6·25 = 150", async () => {
    const [item] = await check(conv, { params: 150 });
    expect(item?.diagnosis?.mistake).toBe("no-bias-params");
  });
  it("near values are not diagnosed", async () => {
    const items = await check(conv, { output: [6, 12, 12], params: 151 });
    expect(items.filter((i) => !i.passed)).toHaveLength(3);
    expect(items.every((i) => i.diagnosis === undefined)).toBe(true);
  });
  it("without padding or biases, those mistakes are not offered", async () => {
    const items = await check(["conv-shape", "--size", "28", "--layers", "conv k=5 c=6 bias=0"], {
      output: [6, 24, 24],
      params: 149,
    });
    expect(items.find((i) => i.field === "params")?.diagnosis).toBeUndefined();
  });
});
