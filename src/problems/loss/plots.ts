import { sampleLoss } from "../../core/losses.js";
import type { Scalar } from "../../core/scalar.js";
import * as sc from "../../core/scalar.js";
import { type Chart, spaced } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { LossInput } from "./input.js";

/** The first sample's loss as its first prediction moves, the given value marked. */
export function plots(input: LossInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const p0 = sc.toNumber(input.pred[0]![0]!);
  const probability = input.kind === "bce" || input.kind === "ce" || input.kind === "kl";
  const x = probability ? spaced(0.01, 0.99, 99) : spaced(p0 - 3, p0 + 3, 121);
  const y = x.map((v) => {
    const row = input.pred[0]!.map(sc.toNumber) as Scalar[];
    row[0] = v;
    return sc.toNumber(sampleLoss(input.kind, row, input.target[0] as Scalar[], input.options).loss);
  });
  return [
    {
      kind: "line",
      title: `the ${input.kind} loss of sample 1 against its first prediction`,
      xLabel: "prediction",
      x,
      series: [{ name: "ℓ", y }],
      marks: [{ x: p0, label: `given ${p0}` }],
    },
  ];
}
