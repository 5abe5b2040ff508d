import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { DemeanInput } from "./input.js";

/** SPEC 6.2: the two halves of ∂L/∂x = γ(∂L/∂y − mean ∂L/∂y), each forgotten. */
export function mistakes(input: DemeanInput, _sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const m = input.dLdy.length;
  const mean = sc.div(
    input.dLdy.reduce((s, v) => sc.add(s, v), sc.frac(0) as Scalar),
    sc.frac(m),
  );
  return [
    {
      id: "no-mean-subtraction",
      answer: { dLdx: input.dLdy.map((g) => sc.mul(input.gamma, g)) },
      says: (field, given) => `your ${field} ${given} is γ·∂L/∂y; subtracting μ makes it γ(∂L/∂y − mean ∂L/∂y)`,
    },
    {
      id: "forgot-gamma",
      answer: { dLdx: input.dLdy.map((g) => sc.sub(g, mean)) },
      says: (field, given) => `your ${field} ${given} is ∂L/∂y − mean ∂L/∂y without the factor γ`,
    },
  ];
}
