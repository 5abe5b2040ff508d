import type { Solution, Step } from "../../solution/solution.js";
import type { MlpInput } from "./input.js";
import { activationStep, generalFormulas } from "./steps.js";

export function symbolicSolution(input: MlpInput): Solution {
  const g = generalFormulas(input.loss);
  const chain = "chain rule through y_pred, hᵢ = σ(zᵢ) and zᵢ = Aᵢx + bᵢ";
  const steps: Step[] = [
    {
      title: "The network and the loss",
      derivation: [
        { formula: g.network },
        { formula: g.z },
        { formula: g.loss, reason: input.loss === "squared" ? "L2 loss" : "half-squared L2 loss" },
      ],
    },
    activationStep(input.act),
    { title: "∂L/∂d (review 1b)", derivation: [{ formula: g.dd, reason: "∂y_pred/∂d = 1" }] },
    { title: "∂L/∂Cᵢ (review 1c)", derivation: [{ formula: g.dC, reason: "∂y_pred/∂Cᵢ = σ(zᵢ)" }] },
    { title: "∂L/∂bᵢ (review 1d)", derivation: [{ formula: g.db, reason: `${chain}; ∂zᵢ/∂bᵢ = 1` }] },
    { title: "∂L/∂Aᵢ (review 1e)", derivation: [{ formula: g.dA, reason: `${chain}; ∂zᵢ/∂Aᵢ = x` }] },
    {
      title: "Gradient-descent update (review 1f)",
      derivation: [{ formula: g.update, reason: "learning rate α; the same for A, C and d" }],
    },
  ];
  return {
    problem: "mlp-grads",
    title: "Gradients of y_pred = C·σ(Ax + b) + d, in symbols",
    input: { activation: input.act.name, loss: input.loss },
    summary: "the derivation of review problems 1b–1f; give --x --y --A --b --C --d for numbers",
    steps,
    answer: {},
    warnings: [],
  };
}
