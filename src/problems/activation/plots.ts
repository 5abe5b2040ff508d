import * as sc from "../../core/scalar.js";
import { type Chart, spaced } from "../../solution/chart.js";
import type { Solution } from "../../solution/solution.js";
import type { ActivationInput } from "./input.js";

export function plots(input: ActivationInput | undefined, _sol: Solution): Chart[] {
  if (!input) return [];
  const x = spaced(-4, 4, 161);
  return [
    {
      kind: "line",
      title: `${input.rule.name} and its derivative`,
      xLabel: "z",
      x,
      series: [
        { name: input.rule.name, y: x.map((v) => sc.toNumber(input.rule.f(v))) },
        { name: `${input.rule.name}′`, y: x.map((v) => sc.toNumber(input.rule.df(v))) },
      ],
      ...(input.z
        ? { marks: input.z.slice(0, 8).map((z) => ({ x: sc.toNumber(z), label: `z = ${sc.toNumber(z)}` })) }
        : {}),
    },
  ];
}
