import { conv2d, outShape } from "../../core/convolution.js";
import type { Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import { type ConvInput, outDepthOf } from "./input.js";
import { answerShape } from "./present.js";

export function mistakes(input: ConvInput | undefined, _sol: Solution): Mistake[] {
  if (!input) return [];
  const outDepth = outDepthOf(input);
  const other = { ...input.spec, flip: !input.spec.flip };
  const out: Mistake[] = [
    {
      id: "flipped-kernel",
      answer: { output: answerShape(conv2d(input.x, input.kernel, input.bias, other), outDepth) },
      says: (field, v) =>
        input.spec.flip
          ? `your ${field} ${v} is the cross-correlation; --flip asks for convolution, the kernel turned 180° first`
          : `your ${field} ${v} is the convolution with the kernel flipped; ` +
            "deep-learning layers cross-correlate, the kernel as given",
    },
  ];
  if (input.spec.padding[0] + input.spec.padding[1] > 0) {
    const spec = { ...input.spec, padding: [0, 0] as [number, number] };
    const [ho, wo] = outShape(input.x, input.kernel, spec);
    if (ho > 0 && wo > 0)
      out.push({
        id: "no-padding",
        answer: { output: answerShape(conv2d(input.x, input.kernel, input.bias, spec), outDepth) },
        says: (field, v) =>
          `your ${field} ${v} leaves out the padding; pad with ${input.spec.padding.join("×")} zeros first`,
      });
  }
  return out;
}
