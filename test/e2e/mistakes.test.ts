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

  it("a vector's entries showing one mistake: the message once, then 'the same mistake'", async () => {
    const r = await cli([...bn, "--expect", '{"xhat": [-1.443376, 0.288675, 0.288675, 0.866025]}']);
    const why = r.stdout
      .split("\n")
      .filter((l) => /^\s*│ xhat\[\d\]/.test(l))
      .map((l) => l.split("│")[6]?.trim());
    expect(why).toEqual(["your xhat[1]", "the same mistake", "the same mistake", "the same mistake"]);
    // JSON keeps every message whole
    const items = await check(bn, { xhat: [-1.443376, 0.288675, 0.288675, 0.866025] });
    expect(items.map((i) => i.diagnosis?.message.startsWith(`your ${i.field}`))).toEqual([true, true, true, true]);
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
  it("no-plus-one: 28 + 4 − 4 − 1 = 27 without the + 1, then ⌊25/2⌋ = 12", async () => {
    const item = (await check(conv, { output: [6, 12, 12] })).find((i) => i.field === "output[2]");
    expect(item?.diagnosis?.mistake).toBe("no-plus-one");
    expect(item?.diagnosis?.message).toContain("leaves out the + 1");
  });
  it("no-plus-one in a strided layer's shape: ⌊29/2⌋ = 14, not 15", async () => {
    const argv = ["conv-shape", "--size", "32", "--layers", "conv k=3 s=2 c=8; pool k=2"];
    const items = await check(argv, { layers: [{ shape: [8, 14, 14] }, { shape: [8, 6, 6] }], output: [8, 6, 6] });
    const diagnosed = items.filter((i) => i.diagnosis?.mistake === "no-plus-one").map((i) => i.field);
    expect(diagnosed).toEqual([
      "layers[1].shape[2]",
      "layers[1].shape[3]",
      "layers[2].shape[2]",
      "layers[2].shape[3]",
      "output[2]",
      "output[3]",
    ]);
  });
  it("near values are not diagnosed", async () => {
    const items = await check(conv, { output: [6, 11, 11], params: 151 });
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

describe("mlp-grads", () => {
  // x = 1, y = 0, A = [2, −1], b = 0, C = [1, 1], d = 0, ReLU: z = [2, −1], h = [2, 0], ŷ = 2,
  // ∂L/∂ŷ = 2(ŷ − y) = 4, ∂L/∂C = [8, 0], ∂L/∂b = ∂L/∂A = 4·C·σ′(z) = [4, 0]; with α = 1/2, d′ = 0 − 2 = −2
  const net = ["mlp-grads", "--x", "1", "--y", "0", "--A", "2,-1", "--b", "0,0", "--C", "1,1", "--d", "0"];
  const argv = [...net, "--activation", "relu", "--lr", "1/2"];
  it.each([
    [{ "grad.d": 2 }, "grad.d", "missing-factor-2", "gradient of ½(y − ŷ)²"],
    [{ "grad.C": [4, 0] }, "grad.C[1]", "missing-factor-2", "∂L/∂ŷ = 2(ŷ − y)"],
    [{ "next.d": -1 }, "next.d", "missing-factor-2", "½(y − ŷ)²"],
    [{ "grad.C": [-8, 0] }, "grad.C[1]", "sign-flip", "the gradient's negative"],
    [{ "grad.yPred": -4 }, "grad.yPred", "sign-flip", "2(ŷ − y)"],
    [{ "grad.b": [8, 0] }, "grad.b[1]", "activation-for-derivative", "uses σ(zᵢ) where the chain rule needs σ′(zᵢ)"],
    [{ "grad.A": [8, 0] }, "grad.A[1]", "activation-for-derivative", "σ′(zᵢ)"],
    [{ "next.d": 2 }, "next.d", "update-sign", "θ + α·g"],
    [{ "next.A": [4, -1] }, "next.A[1]", "update-sign", "θ − α·∂L/∂θ"],
  ])("%j: %s is %s", async (expected, field, id, message) => {
    const item = (await check(argv, expected)).find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe(id);
    expect(item?.diagnosis?.message).toContain(message);
  });

  it.each([[{ "grad.d": 2.5 }], [{ "grad.C": [-7, 0] }], [{ "grad.b": [7.5, 0] }], [{ "next.d": 1.5 }]])(
    "a near value %j is not diagnosed",
    async (expected) => {
      const [first] = await check(argv, expected);
      expect(first?.passed).toBe(false);
      expect(first?.diagnosis).toBeUndefined();
    },
  );

  it("missing-factor-2 is not offered when the loss is already ½(y − ŷ)²", async () => {
    // half-squared: ∂L/∂ŷ = ŷ − y = 2; half of it (1) is not a known mistake
    const [item] = await check([...argv, "--loss", "half-squared"], { "grad.d": 1 });
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis).toBeUndefined();
  });

  it("over several steps, each step of the mistaken rule is followed", async () => {
    // uphill: θ₁ = θ₀ + ½·g: A = [4, −1], b = [2, 0], C = [5, 1], d = 2; then z = [6, −1], ŷ = 5·6 + 2 = 32,
    // ∂L/∂ŷ = 64, d₂ = 2 + ½·64 = 34
    const [item] = await check([...argv, "--steps", "2"], { "next.d": 34 });
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe("update-sign");
  });
});

describe("softmax-ce", () => {
  // two samples, mean over the batch: grad = (p − y)/2; sample 1 has z = [1, 2, 3], class 3
  const sm = ["softmax-ce", "--z", "1 2 3; 1 0 0", "--target", "3,1"];
  it.each([
    [[-0.045015, -0.122364, 0.16738], "grad[1][1]", "sign-flip", "is y − p"],
    [[0.090031, 0.244728, -0.334759], "grad[1][3]", "no-batch-mean", "divides it by 2"],
  ])("%j: %s is %s", async (row, field, id, message) => {
    const items = await check(sm, { grad: [row, [-0.211942, 0.105971, 0.105971]] });
    const item = items.find((i) => i.field === field);
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe(id);
    expect(item?.diagnosis?.message).toContain(message);
  });

  it("no-batch-mean is not offered for a summed loss or one sample", async () => {
    const summed = await check([...sm, "--reduction", "sum"], {
      grad: [
        [0.180061, 0.489457, -0.669518],
        [0, 0, 0],
      ],
    });
    expect(summed.find((i) => i.field === "grad[1][1]")?.diagnosis).toBeUndefined();
    // one sample: p − y = [−0.334759, 0.244728, 0.090031]; twice it is no mistake we know, its negative is
    const one = await check(["softmax-ce", "2", "1", "0", "--target", "1"], { grad: [-0.669518, -0.244728, 0.090031] });
    expect(one.find((i) => i.field === "grad[1]")?.diagnosis).toBeUndefined();
    expect(one.find((i) => i.field === "grad[2]")?.diagnosis?.mistake).toBe("sign-flip");
  });

  it("a near value is not diagnosed", async () => {
    const [first] = await check(sm, {
      grad: [
        [-0.15, 0.122364, -0.16738],
        [-0.211942, 0.105971, 0.105971],
      ],
    });
    expect(first?.passed).toBe(false);
    expect(first?.diagnosis).toBeUndefined();
  });
});

describe("optimizer", () => {
  it("update-sign: θ + α·g = [1, 2] + ¼·[2, −4] = [3/2, 1]", async () => {
    const items = await check(["optimizer", "--theta", "1,2", "--lr", "1/4", "--grads", "2,-4"], { theta: [1.5, 1] });
    expect(items.map((i) => i.diagnosis?.mistake)).toEqual(["update-sign", "update-sign"]);
    expect(items[0]?.diagnosis?.message).toContain("steps along the gradient (θ + α·g)");
  });

  it("no-bias-correction: Adam's first step without m̂, v̂ moves lr·0.1/√0.001 ≈ 0.316228, not lr", async () => {
    const adam = ["optimizer", "--method", "adam", "--theta", "0.5", "--lr", "0.1", "--grads", "1"];
    const [item] = await check(adam, { theta: 0.184 });
    expect(item?.passed).toBe(false);
    expect(item?.diagnosis?.mistake).toBe("no-bias-correction");
    expect(item?.diagnosis?.message).toContain("1 − β₁ᵗ and 1 − β₂ᵗ");
    const [near] = await check(adam, { theta: 0.19 });
    expect(near?.diagnosis).toBeUndefined();
    const [uphill] = await check(adam, { theta: 0.6 });
    expect(uphill?.diagnosis?.mistake).toBe("update-sign");
  });

  it("no-bias-correction is not offered for sgd; a near value is not diagnosed", async () => {
    const items = await check(["optimizer", "--theta", "1,2", "--lr", "1/4", "--grads", "2,-4"], { theta: [1.4, 1.1] });
    expect(items.every((i) => !i.passed && i.diagnosis === undefined)).toBe(true);
  });

  it("on a quadratic the uphill steps follow the gradient at the uphill θ", async () => {
    // f = ½·2θ² − 0·θ, θ₀ = 1, lr = 1/4: descent 1 → 1/2 → 1/4; ascent 1 → 3/2 → 9/4
    const q = ["optimizer", "--theta", "1", "--lr", "1/4", "--H", "2", "--c", "0", "--steps", "2"];
    const [item] = await check(q, { theta: 2.25 });
    expect(item?.diagnosis?.mistake).toBe("update-sign");
  });
});

describe("attention", () => {
  it("no-scale: Q = K = I with d = 2 scores 1/√2 on the diagonal; without the scale, e/(e + 1) ≈ 0.731", async () => {
    const argv = ["attention", "--Q", "1 0; 0 1", "--K", "1 0; 0 1", "--V", "1 2; 3 4"];
    const items = await check(argv, {
      weights: [
        [0.731, 0.269],
        [0.269, 0.731],
      ],
    });
    expect(items.map((i) => i.diagnosis?.mistake)).toEqual(["no-scale", "no-scale", "no-scale", "no-scale"]);
    expect(items[0]?.diagnosis?.message).toContain("S = QKᵀ/√d, not QKᵀ");
    const [near] = await check(argv, {
      weights: [
        [0.75, 0.25],
        [0.25, 0.75],
      ],
    });
    expect(near?.diagnosis).toBeUndefined();
  });

  it("softmax-over-columns: S = [[1, 1], [0, 1]] normalised down its columns", async () => {
    const argv = ["attention", "--Q", "1 0; 0 1", "--K", "1 0; 1 1", "--V", "1; 2", "--scale", "1"];
    const items = await check(argv, {
      weights: [
        [0.731, 0.5],
        [0.269, 0.5],
      ],
    });
    expect(items[0]?.diagnosis?.mistake).toBe("softmax-over-columns");
    expect(items[0]?.diagnosis?.message).toContain("rows sum to 1");
    expect(items[1]?.passed).toBe(true); // 0.5 is right for row 1
  });

  it("mask-ignored: a causal mask's hidden key still given weight", async () => {
    const argv = ["attention", "--Q", "1 0; 0 1", "--K", "1 0; 0 1", "--V", "1; 2", "--scale", "1", "--mask", "causal"];
    const items = await check(argv, {
      weights: [
        [0.731, 0.269],
        [0.269, 0.731],
      ],
    });
    expect(items.slice(0, 2).map((i) => i.diagnosis?.mistake)).toEqual(["mask-ignored", "mask-ignored"]);
    expect(items.slice(2).every((i) => i.passed)).toBe(true); // row 2 sees both keys either way
    const [near] = await check(argv, {
      weights: [
        [0.6, 0.4],
        [0.269, 0.731],
      ],
    });
    expect(near?.diagnosis).toBeUndefined();
  });
});
