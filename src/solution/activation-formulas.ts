// The formulas of the activation functions (core/activations.ts and
// core/activation-functions.ts compute them): f(z) = … and f′(z) = …, and
// where f′ jumps, PyTorch's choice there.
import type { ActivationFunction } from "../core/activation-functions.js";
import type { Scalar } from "../core/scalar.js";
import * as sc from "../core/scalar.js";
import type { Formula } from "./formula.js";
import * as F from "./formula.js";
import { S } from "./formula.js";

export interface ActivationFormulas {
  formula: Formula;
  derivative: Formula;
  /** Where f′ jumps, and PyTorch's choice there. */
  kink?: string;
}

/** σ(arg) and σ′(arg) as formulas: the one builder every problem uses. */
export const sigmaOf = (arg: Formula): Formula => F.call("σ", arg);
export const dsigmaOf = (arg: Formula): Formula => F.call("σ′", arg);

const e = F.sym("e");
const negZ = F.negF(S.z);
/** √(2/π)(z + 0.044715z³), the tanh approximation's argument. */
const U = F.juxt(
  F.sqrtF(F.fracF(F.num(2), F.sym("π", "\\pi"))),
  F.paren(F.plus(S.z, F.juxt(F.num(0.044715), F.pow(S.z, F.num(3))))),
);
const fz = (name: string) => F.call(name, S.z);
const d = (name: string) => F.call(`${name}′`, S.z);

/**
 * f(z) = … and f′(z) = … for an activation; `slope` is leaky ReLU's. A network's hidden activation is σ whichever
 * it is (σ(z) = tanh(z)); `named` writes each by its own name instead (tanh(z) = …, relu′(z) = …), σ for sigmoid.
 */
export function activationFormulas(
  name: ActivationFunction,
  slope: Scalar = sc.frac(1, 100),
  named = false,
): ActivationFormulas {
  const own = named && name !== "sigmoid";
  const f = own ? fz(name) : sigmaOf(S.z);
  const df = own ? d(name) : dsigmaOf(S.z);
  switch (name) {
    case "sigmoid":
      return {
        formula: F.eq(f, F.fracF(F.num(1), F.plus(F.num(1), F.pow(e, negZ)))),
        derivative: F.eq(df, F.juxt(sigmaOf(S.z), F.minus(F.num(1), sigmaOf(S.z)))),
      };
    case "tanh":
      return {
        formula: own
          ? F.eq(f, F.fracF(F.minus(F.pow(e, S.z), F.pow(e, negZ)), F.plus(F.pow(e, S.z), F.pow(e, negZ))))
          : F.eq(f, F.call("tanh", S.z)),
        derivative: F.eq(df, F.minus(F.num(1), F.pow(F.call("tanh", S.z), F.num(2)))),
      };
    case "relu":
      return {
        formula: F.eq(f, F.call("max", F.num(0), S.z)),
        derivative: F.eq(df, F.cases([F.num(1), F.op("<", F.num(0), S.z)], [F.num(0), F.op("≤", S.z, F.num(0))])),
        kink: "at z = 0 PyTorch takes relu′(0) = 0",
      };
    case "leaky-relu":
      return {
        formula: F.eq(
          f,
          F.cases([S.z, F.op("<", F.num(0), S.z)], [F.juxt(F.num(slope), S.z), F.op("≤", S.z, F.num(0))]),
        ),
        derivative: F.eq(df, F.cases([F.num(1), F.op("<", F.num(0), S.z)], [F.num(slope), F.op("≤", S.z, F.num(0))])),
        kink: "at z = 0 PyTorch takes the slope",
      };
    case "softplus":
      return {
        formula: F.eq(f, F.call("log", F.plus(F.num(1), F.pow(e, S.z)))),
        derivative: own
          ? F.eq(df, F.fracF(F.num(1), F.plus(F.num(1), F.pow(e, negZ))), sigmaOf(S.z))
          : F.eq(df, F.fracF(F.num(1), F.plus(F.num(1), F.pow(e, negZ)))),
      };
    case "identity":
      return { formula: F.eq(f, S.z), derivative: F.eq(df, F.num(1)) };
    default:
      return addedFormulas(name);
  }
}

/** The four activations activation-functions.ts adds to the six. */
function addedFormulas(name: "elu" | "gelu" | "gelu-tanh" | "silu"): ActivationFormulas {
  switch (name) {
    case "gelu":
      return {
        formula: F.eq(
          fz("gelu"),
          F.juxt(S.z, F.call("Φ", S.z)),
          F.juxt(F.fracF(S.z, F.num(2)), F.paren(F.plus(F.num(1), F.call("erf", F.fracF(S.z, F.sqrtF(F.num(2))))))),
        ),
        derivative: F.eq(d("gelu"), F.plus(F.call("Φ", S.z), F.juxt(S.z, F.call("φ", S.z)))),
      };
    case "gelu-tanh":
      return {
        formula: F.eq(fz("gelu"), F.juxt(F.fracF(S.z, F.num(2)), F.paren(F.plus(F.num(1), F.call("tanh", U))))),
        derivative: F.eq(d("gelu"), F.text("½(1 + t) + ½z(1 − t²)·√(2/π)(1 + 3·0.044715z²), t = tanh(u)")),
      };
    case "elu":
      return {
        formula: F.eq(
          fz("elu"),
          F.cases(
            [S.z, F.op("<", F.num(0), S.z)],
            [F.juxt(S.alpha, F.paren(F.minus(F.call("exp", S.z), F.num(1)))), F.op("≤", S.z, F.num(0))],
          ),
        ),
        derivative: F.eq(
          d("elu"),
          F.cases(
            [F.num(1), F.op("<", F.num(0), S.z)],
            [F.juxt(S.alpha, F.call("exp", S.z)), F.op("≤", S.z, F.num(0))],
          ),
        ),
        kink: "at z = 0 PyTorch takes the left side, α·e⁰ = α",
      };
    case "silu":
      return {
        formula: F.eq(fz("silu"), F.juxt(S.z, F.call("σ", S.z))),
        derivative: F.eq(
          d("silu"),
          F.juxt(
            F.call("σ", S.z),
            F.paren(F.plus(F.num(1), F.juxt(S.z, F.paren(F.minus(F.num(1), F.call("σ", S.z)))))),
          ),
        ),
      };
  }
}
