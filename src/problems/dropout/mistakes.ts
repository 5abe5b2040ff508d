import * as sc from "../../core/scalar.js";
import type { Solution, Value } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { DropoutInput } from "./input.js";
import { compute } from "./steps.js";

export function mistakes(input: DropoutInput | undefined, _sol: Solution): Mistake[] {
  if (!input || input.mode === "eval") return [];
  const plain = compute(input.x, input.p, false, input.mask);
  const swapped = compute(input.x, sc.sub(sc.frac(1), input.p), input.inverted, input.mask);
  const pick = (r: ReturnType<typeof compute>): Record<string, Value> => ({
    kept: r.kept as Value,
    ...(r.y ? { y: r.y as Value } : {}),
  });
  const out: Mistake[] = [];
  if (input.inverted)
    out.push({
      id: "not-inverted",
      answer: pick(plain),
      says: (field, v) =>
        `your ${field} ${v} leaves out the 1/(1 − p): inverted dropout scales kept units up in training`,
    });
  if (!sc.isZero(sc.sub(input.p, sc.frac(1, 2))))
    out.push({
      id: "keep-for-drop",
      answer: pick(swapped),
      says: (field, v) =>
        `your ${field} ${v} reads p as the keep probability; PyTorch's p is the probability of dropping`,
    });
  return out;
}
