// The mistakes students make on a network's backward pass (SPEC 4.14, 6.2),
// each recomputed from the forward values of the engine's record: δ without
// act′, ∂L/∂a = Wδ without the transpose, the sign flipped, a factor 2 lost.
import { activation } from "../../core/activations.js";
import { entries, isMatrix, mapTensor, type Tensor } from "../../core/autodiff.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import type { AnswerValue, Solution, Value } from "../../solution/solution.js";
import type { Mistake } from "../problem.js";
import type { NetworkInput } from "./input.js";
import { runNetwork } from "./run.js";

interface Variant {
  /** δ = ∂L/∂a, without the activation's derivative. */
  noDerivative?: boolean;
  /** ∂L/∂a⁽ˡ⁻¹⁾ = W δ instead of Wᵀδ (square weights only). */
  noTranspose?: boolean;
}

const at = (W: Tensor, i: number, j: number): Scalar => (isMatrix(W) ? W[i]![j]! : ((W as Scalar[])[j] as Scalar));

/** Every ∂L/∂Wₗ, ∂L/∂bₗ under a variant of the backward pass, from the correct forward values and output δ. */
function gradsUnder(input: NetworkInput, v: Variant): Record<string, Value> {
  const run = runNetwork(input);
  const Lk = input.shape.layers;
  const f = activation(input.shape.hidden, input.shape.slope);
  let deltas = run.gradPerSample(v.noDerivative ? `a${Lk}` : `z${Lk}`).map(entries);
  if (v.noDerivative && input.shape.output === "softmax") deltas = run.gradPerSample(`z${Lk}`).map(entries);
  const out: Record<string, Value> = {};
  for (let l = Lk; l >= 1; l--) {
    const layer = input.layers[l - 1] as (typeof input.layers)[number];
    const prev = l === 1 ? input.x : run.perSample(`a${l - 1}`).map(entries);
    const n = prev[0]!.length;
    const gW = Array.from({ length: layer.units }, (_, i) =>
      Array.from({ length: n }, (_, j) => sc.sum(deltas.map((d, s) => sc.mul(d[i]!, prev[s]![j]!)))),
    );
    const gb = Array.from({ length: layer.units }, (_, i) => sc.sum(deltas.map((d) => d[i]!)));
    out[`W${l}`] = (isMatrix(layer.W) ? gW : gW[0]) as Value;
    out[`b${l}`] = (isMatrix(layer.W) ? gb : gb[0]) as Value;
    if (l === 1) break;
    const zs = run.perSample(`z${l - 1}`).map(entries);
    deltas = deltas.map((d, s) =>
      Array.from({ length: n }, (_, j) => {
        const back = sc.sum(d.map((di, i) => sc.mul(v.noTranspose ? at(layer.W, j, i) : at(layer.W, i, j), di)));
        return v.noDerivative ? back : sc.mul(back, f.df(zs[s]![j]!));
      }),
    );
  }
  return out;
}

const scaled = (g: Record<string, AnswerValue>, k: Scalar): Record<string, Value> =>
  Object.fromEntries(
    Object.entries(g).map(([name, t]) => [name, mapTensor(t as Tensor, (x) => sc.mul(x, k)) as Value]),
  );

export function mistakes(input: NetworkInput | undefined, sol: Solution): Mistake[] {
  if (!input) return [];
  const grad = sol.answer.grad as Record<string, AnswerValue>;
  const out: Mistake[] = [
    {
      id: "sign-flip",
      answer: { grad: scaled(grad, sc.frac(-1)) },
      says: (field, v) => `your ${field} ${v} has the wrong sign: it is ∂L/∂θ, and gradient descent subtracts it`,
    },
  ];
  const hasDerivative = input.shape.layers > 1 || (input.shape.output === "sigmoid" && input.shape.loss !== "bce");
  if (hasDerivative && input.shape.hidden !== "identity")
    out.push({
      id: "missing-activation-derivative",
      answer: { grad: gradsUnder(input, { noDerivative: true }) },
      says: (field, v) =>
        `your ${field} ${v} is what δ = ∂L/∂a gives; δ = ∂L/∂a ⊙ act′(z): multiply by the activation's derivative`,
    });
  const square = input.layers.slice(1).every((l) => isMatrix(l.W) && l.W.length === l.W[0]!.length);
  if (input.shape.layers > 1 && square)
    out.push({
      id: "no-transpose",
      answer: { grad: gradsUnder(input, { noTranspose: true }) },
      says: (field, v) =>
        `your ${field} ${v} is what ∂L/∂a = Wδ gives; the gradient flows back through Wᵀ: ∂L/∂a = Wᵀδ`,
    });
  if (input.shape.loss === "squared" || input.shape.loss === "mse")
    out.push({
      id: "missing-factor-2",
      answer: { grad: scaled(grad, sc.frac(1, 2)) },
      says: (field, v) =>
        `your ${field} ${v} is half the gradient: the derivative of (a − y)² is 2(a − y); ½(a − y)² would give yours`,
    });
  return out;
}
