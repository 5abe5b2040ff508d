import * as F from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";
import { floorOf } from "../common.js";

export function symbolicSolution(): Solution {
  const y = F.subscript(F.sym("y"), "ij");
  const x = (r: string) => F.subscript(F.sym("x"), r);
  return {
    problem: "pool",
    title: "Pooling, in symbols",
    input: {},
    steps: [
      {
        title: "Forward",
        derivation: [
          {
            formula: F.eq(y, F.call("max", x("pq"))),
            reason: "max: over the window (p, q) ∈ W(i, j) = rows s·i … s·i + k − 1",
          },
          {
            formula: F.eq(
              y,
              F.juxt(F.fracF(F.num(1), F.pow(F.sym("k"), F.num(2))), F.sumOver(F.sym("(p,q)"), x("pq"))),
            ),
            reason: "avg",
          },
          {
            formula: F.eq(
              F.subscript(F.sym("H"), "out"),
              F.plus(
                floorOf(F.fracF(F.minus(F.plus(F.sym("H"), F.juxt(F.num(2), F.sym("p"))), F.sym("k")), F.sym("s"))),
                F.num(1),
              ),
            ),
            reason: "the output size",
          },
        ],
      },
      {
        title: "Backward",
        derivation: [
          {
            formula: F.eq(F.partial(F.sym("L"), x("pq")), F.sumOver(F.sym("(i,j)"), F.partial(F.sym("L"), y))),
            reason: "max: over the windows whose maximum is x_pq",
          },
          {
            formula: F.eq(
              F.partial(F.sym("L"), x("pq")),
              F.sumOver(
                F.sym("(i,j)"),
                F.juxt(F.fracF(F.num(1), F.pow(F.sym("k"), F.num(2))), F.partial(F.sym("L"), y)),
              ),
            ),
            reason: "avg: over the windows that hold x_pq",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
