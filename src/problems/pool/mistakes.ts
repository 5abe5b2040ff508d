import { type PoolSpec, poolBackward, poolWindows } from "../../core/convolution.js";
import type { Solution } from "../../solution/solution.js";
import { answerShape } from "../conv/present.js";
import type { Mistake } from "../problem.js";
import type { PoolInput } from "./input.js";

export function mistakes(input: PoolInput | undefined, _sol: Solution): Mistake[] {
  if (input?.spec.mode !== "max") return [];
  const avgSpec: PoolSpec = { ...input.spec, mode: "avg" };
  const avg = poolWindows(input.x, avgSpec);
  const out: Mistake[] = [
    {
      id: "avg-for-max",
      answer: {
        output: answerShape(
          avg.map((p) => p.map((r) => r.map((w) => w.value))),
          input.depth,
        ),
      },
      says: (field, v) => `your ${field} ${v} is the window's mean; max pooling takes its largest entry`,
    },
  ];
  if (input.dLdy) {
    const windows = poolWindows(input.x, input.spec);
    out.push({
      id: "gradient-to-all",
      answer: { grad: { x: answerShape(poolBackward(input.x, windows, input.dLdy, input.spec, true), input.depth) } },
      says: (field, v) =>
        `your ${field} ${v} sends each gradient to every entry of its window; max sends it to the maximum only`,
    });
  }
  return out;
}
