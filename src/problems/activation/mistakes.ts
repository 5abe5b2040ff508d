import type { Solution, Value } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { ActivationInput } from "./input.js";

export function mistakes(input: ActivationInput | undefined, _sol: Solution): Mistake[] {
  if (!input?.z) return [];
  const values = input.z.map((z) => input.rule.f(z));
  return [
    {
      id: "value-for-derivative",
      answer: { derivative: (input.single ? values[0] : values) as Value },
      says: (field, v) =>
        `your ${field} ${v} is ${input.rule.name}(z) itself; the derivative is ${input.rule.name}′(z)`,
    },
  ];
}
