import { thousands } from "../../core/layers.js";
import * as sc from "../../core/scalar.js";
import * as F from "../../solution/formula.js";
import type { DerivationLine } from "../../solution/solution.js";
import type { Row } from "./input.js";

/** Layers written out as steps; past it the table holds them. */
export const STEPS_SHOWN = 40;

export const shapeText = (s: readonly number[]) => s.join("×");

export const int = (v: number | bigint) => sc.frac(v);

export function layerLine(r: Row, prev: readonly number[]): DerivationLine {
  const c = r.count;
  const other = c.other ? `; ${c.other.convention} counts ${thousands(c.other.params)}` : "";
  const rule =
    c.params === 0n && c.formula === "0" ? "no parameters" : `${c.formula} = ${c.numbers} = ${thousands(c.params)}`;
  const buffers = c.nonTrainable ? `; + ${thousands(c.nonTrainable)} running mean and variance, not trained` : "";
  const axis =
    (r.spec.type === "linear" || r.spec.type === "dense") && prev.length > 1
      ? "; on the last axis, as PyTorch's Linear"
      : "";
  return {
    formula: F.text(`${r.spec.type}: ${shapeText(prev)} → ${shapeText(r.shape)}`),
    reason: `${rule}${buffers}${other}${axis}`,
  };
}
