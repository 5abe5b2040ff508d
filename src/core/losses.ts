// The losses besides softmax cross-entropy (SPEC 4.21), per sample, with their
// gradients with respect to the predictions, as torch.nn.functional defines
// them (the subgradient 0 at a hinge's kink, as relu's). Exact where the loss
// is piecewise polynomial (mse, mae, huber, hinge, svm); float64 through a log.
import type { Scalar } from "./scalar.js";
import * as sc from "./scalar.js";

export const LOSS_KINDS = ["mse", "mae", "huber", "bce", "bce-logits", "ce", "hinge", "svm", "kl"] as const;
export type LossKind = (typeof LOSS_KINDS)[number];
/** Kinds whose samples are rows (a vector of scores or probabilities each); the others are entry by entry. */
export const ROW_KINDS: readonly LossKind[] = ["ce", "svm", "kl"];

export interface LossOptions {
  margin: Scalar;
  delta: Scalar;
  /** ln of the logarithm's base (1 for e). */
  lnBase: number;
}

export interface SampleLoss {
  loss: Scalar;
  /** ∂loss/∂pred of this sample (before the reduction's 1/N). */
  grad: Scalar[];
  /** huber: whether |p − t| ≤ δ, the quadratic piece. */
  quadratic?: boolean;
}

const ZERO = sc.frac(0);
const ONE = sc.frac(1);
const log = (x: number, o: LossOptions) => Math.log(x) / o.lnBase;

/** One entry's loss and derivative for the element-wise kinds. */
function entry(
  kind: LossKind,
  p: Scalar,
  t: Scalar,
  o: LossOptions,
): { loss: Scalar; grad: Scalar; quadratic?: boolean } {
  const d = sc.sub(p, t);
  switch (kind) {
    case "mse":
      return { loss: sc.square(d), grad: sc.mul(sc.frac(2), d) };
    case "mae":
      return { loss: sc.sign(d) < 0 ? sc.neg(d) : d, grad: sc.frac(sc.sign(d)) };
    case "huber": {
      const a = sc.sign(d) < 0 ? sc.neg(d) : d;
      if (sc.sign(sc.sub(a, o.delta)) <= 0)
        return { loss: sc.mul(sc.frac(1, 2), sc.square(d)), grad: d, quadratic: true };
      return {
        loss: sc.mul(o.delta, sc.sub(a, sc.mul(sc.frac(1, 2), o.delta))),
        grad: sc.mul(o.delta, sc.frac(sc.sign(d))),
        quadratic: false,
      };
    }
    case "hinge": {
      const m = sc.sub(o.margin, sc.mul(t, p));
      return sc.sign(m) > 0 ? { loss: m, grad: sc.neg(t) } : { loss: ZERO, grad: ZERO };
    }
    case "bce": {
      const [x, y] = [sc.toNumber(p), sc.toNumber(t)];
      const loss = -(y * log(x, o) + (1 - y) * log(1 - x, o));
      return { loss, grad: (-(y / x) + (1 - y) / (1 - x)) / o.lnBase };
    }
    default: {
      // bce-logits: softplus(x) − y·x, stable: max(x, 0) − x·y + log(1 + e^(−|x|))
      const [x, y] = [sc.toNumber(p), sc.toNumber(t)];
      const loss = (Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)))) / o.lnBase;
      const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      return { loss, grad: (s - y) / o.lnBase };
    }
  }
}

/** One sample: an entry for the element-wise kinds, a row for ce, svm and kl (a class is 1-based). */
export function sampleLoss(
  kind: LossKind,
  pred: readonly Scalar[],
  target: readonly Scalar[],
  o: LossOptions,
): SampleLoss {
  if (!ROW_KINDS.includes(kind)) {
    const e = entry(kind, pred[0]!, target[0]!, o);
    return { loss: e.loss, grad: [e.grad], ...(e.quadratic === undefined ? {} : { quadratic: e.quadratic }) };
  }
  if (kind === "svm") {
    const y = sc.toNumber(target[0]!) - 1;
    const sy = pred[y]!;
    const grad: Scalar[] = pred.map(() => ZERO);
    let loss: Scalar = ZERO;
    pred.forEach((s, j) => {
      if (j === y) return;
      const m = sc.add(sc.sub(s, sy), o.margin);
      if (sc.sign(m) > 0) {
        loss = sc.add(loss, m);
        grad[j] = ONE;
        grad[y] = sc.sub(grad[y]!, ONE);
      }
    });
    return { loss, grad };
  }
  const p = pred.map(sc.toNumber);
  const t = target.map(sc.toNumber);
  if (kind === "ce") {
    let loss = 0;
    const grad = p.map((pi, i) => {
      const ti = t[i] as number;
      if (ti !== 0) loss -= ti * log(pi, o);
      return -ti / pi / o.lnBase;
    });
    return { loss, grad };
  }
  // kl: Σ t (log t − log p), 0 where t = 0 (kl_div's xlogy)
  let loss = 0;
  const grad = p.map((pi, i) => {
    const ti = t[i] as number;
    if (ti > 0) loss += ti * (log(ti, o) - log(pi, o));
    return -ti / pi / o.lnBase;
  });
  return { loss, grad };
}
