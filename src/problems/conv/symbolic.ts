import * as F from "../../solution/formula.js";
import type { Solution } from "../../solution/solution.js";
import { floorOf } from "../common.js";

export function symbolicSolution(): Solution {
  const y = F.subscript(F.sym("y"), "ij");
  return {
    problem: "conv",
    title: "A convolution layer, in symbols",
    input: {},
    steps: [
      {
        title: "Forward (cross-correlation)",
        derivation: [
          {
            formula: F.eq(
              y,
              F.plus(
                F.sumOver(
                  F.sym("a,b"),
                  F.juxt(F.subscript(F.sym("k"), "ab"), F.subscript(F.sym("x"), "(si+da)(sj+db)")),
                ),
                F.sym("b"),
              ),
            ),
            reason: "each output: the kernel times the window under it",
          },
          {
            formula: F.eq(
              F.subscript(F.sym("H"), "out"),
              F.plus(
                floorOf(
                  F.fracF(
                    F.minus(
                      F.minus(
                        F.plus(F.sym("H"), F.juxt(F.num(2), F.sym("p"))),
                        F.juxt(F.sym("d"), F.paren(F.minus(F.sym("k"), F.num(1)))),
                      ),
                      F.num(1),
                    ),
                    F.sym("s"),
                  ),
                ),
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
            formula: F.eq(
              F.partial(F.sym("L"), F.subscript(F.sym("k"), "ab")),
              F.sumOver(F.sym("i,j"), F.juxt(F.partial(F.sym("L"), y), F.subscript(F.sym("x"), "(si+da)(sj+db)"))),
            ),
            reason: "x correlated with ∂L/∂y",
          },
          {
            formula: F.eq(F.partial(F.sym("L"), F.sym("b")), F.sumOver(F.sym("i,j"), F.partial(F.sym("L"), y))),
            reason: "the bias",
          },
          {
            formula: F.eq(
              F.partial(F.sym("L"), F.subscript(F.sym("x"), "pq")),
              F.sumOver(F.sym("i,j"), F.juxt(F.partial(F.sym("L"), y), F.subscript(F.sym("k"), "(p-si)(q-sj)"))),
            ),
            reason: "the transposed convolution (stride 1, no dilation shown)",
          },
        ],
      },
    ],
    answer: {},
    warnings: [],
  };
}
