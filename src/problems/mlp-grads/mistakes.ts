import type { LossKind } from "../../core/mlp.js";
import * as mlp from "../../core/mlp.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { MlpInput } from "./input.js";

/** SPEC 6.2 for mlp-grads: the factor 2 dropped, the sign flipped, σ for σ′, the step taken uphill. */
export function mistakes(input: MlpInput, sol: Solution): Mistake[] {
  if (input.symbolic) return [];
  const { x, y, params, act, loss } = input;
  const g = (sol.answer.grad ?? {}) as Record<string, AnswerValue>;
  const fw = mlp.forward(params, x, y, act, loss);
  const out: Mistake[] = [];
  if (loss === "squared") {
    const half = mlp.gradients(params, x, y, fw, "half-squared");
    out.push({
      id: "missing-factor-2",
      answer:
        input.lr === undefined
          ? { grad: { ...half } }
          : withLazyNext({ grad: { ...half } }, input, "half-squared", input.lr),
      says: (field, given) =>
        `your ${field} ${given} is the gradient of ½(y − ŷ)²; the loss here is (y − ŷ)², so ∂L/∂ŷ = 2(ŷ − y)`,
    });
  }
  const negated = Object.fromEntries(
    Object.entries(g).map(([k, v]) => [k, Array.isArray(v) ? (v as Scalar[]).map(sc.neg) : sc.neg(v as Scalar)]),
  );
  out.push({
    id: "sign-flip",
    answer: { grad: negated },
    says: (field, given) =>
      `your ${field} ${given} is the gradient's negative: ∂L/∂ŷ = ${loss === "squared" ? "2(ŷ − y)" : "ŷ − y"}, ` +
      "not its opposite",
  });
  const gy = g.yPred as Scalar;
  const withSigma = params.C.map((c, i) => sc.mul(gy, sc.mul(c, fw.h[i]!)));
  out.push({
    id: "activation-for-derivative",
    answer: { grad: { b: withSigma, A: withSigma.map((v) => sc.mul(v, x)) } },
    says: (field, given) => `your ${field} ${given} uses σ(zᵢ) where the chain rule needs σ′(zᵢ)`,
  });
  if (input.lr !== undefined) {
    out.push({
      id: "update-sign",
      answer: withLazyNext({}, input, loss, sc.neg(input.lr)),
      says: (field, given) => `your ${field} ${given} steps along the gradient (θ + α·g); descent is θ − α·∂L/∂θ`,
    });
  }
  return out;
}

/** The largest descent (hidden units × steps) replayed to diagnose a wrong next.* (README: limits). */
const MAX_REPLAYED_UNIT_STEPS = 1_000_000;

/**
 * `answer` with a `next` computed when a wrong next.* field is first compared with it: the steps cost what the
 * problem's own do, and a check of loss or grad alone never needs them. (A getter, so never spread.)
 */
function withLazyNext(
  answer: Record<string, AnswerValue>,
  input: MlpInput,
  loss: LossKind,
  lr: Scalar,
): Record<string, AnswerValue> {
  // past this many units × steps the replay would double or triple the run: next.* is then not diagnosed
  if (input.params.A.length * (input.steps ?? 1) > MAX_REPLAYED_UNIT_STEPS) return answer;
  let next: AnswerValue | undefined;
  Object.defineProperty(answer, "next", {
    enumerable: true,
    get: () => {
      next ??= nextWith(input, loss, lr);
      return next;
    },
  });
  return answer;
}

/** The parameters after the asked-for step(s) when each step is θ − lr·(gradient of `loss`). */
export function nextWith(input: MlpInput, loss: LossKind, lr: Scalar): AnswerValue {
  const { x, y, params, act } = input;
  const final =
    input.steps === undefined
      ? mlp.update(params, mlp.gradients(params, x, y, mlp.forward(params, x, y, act, loss), loss), lr)
      : mlp.descend(params, x, y, act, loss, lr, input.steps).final;
  return { A: final.A, b: final.b, C: final.C, d: final.d };
}
