// Seed part 2: ridge regression, argmin ‖Ax − b‖² + λ‖x‖², in closed form,
// with the singular-value reading of what λ does.

import { defineProblem } from "../problem.js";
import { type RidgeInput, validate } from "./input.js";
import { mistakes } from "./mistakes.js";
import { plots } from "./plots.js";
import { practice } from "./practice.js";
import { solve } from "./solve.js";

export const ridge = defineProblem<RidgeInput>({
  name: "ridge",
  summary:
    "ridge regression (review problem 2): x = (AᵀA + λI)⁻¹Aᵀb, exact when it can be, and what λ does to the " +
    "singular values",
  fields: {
    A: { kind: "matrix", help: 'the n × p matrix A, e.g. "1 0; 0 1; 1 1"' },
    b: { kind: "vector", help: "the vector b, one value per row of A" },
    lambda: { kind: "numberOrList", help: "λ ≥ 0, or a list such as 0.1,1,10 for a regularisation path" },
  },
  answers: {
    x: "the solution x = (AᵀA + λI)⁻¹Aᵀb (one λ)",
    AtA: "AᵀA",
    AtAPlusLambdaI: "AᵀA + λI (one λ)",
    Atb: "Aᵀb",
    singularValues: "the singular values of A, largest first",
    shrink: "the shrink factors σᵢ²/(σᵢ² + λ) (one λ)",
    objective: "‖Ax − b‖² + λ‖x‖² at the solution (one λ)",
    path: "for a list of λ: one {lambda, x, objective} per λ",
  },
  expectExample: `ridge --A "1 0; 0 1; 1 1" --b 1,2,3 --lambda 1/2 --expect '{"x": ["20/21", "34/21"]}'`,
  examples: [
    'ridge --A "1 0; 0 1; 1 1" --b 1,2,3 --lambda 1/2',
    'ridge --A "1 2; 3 4; 5 6" --b 1,0,1 --lambda 0.1,1,10',
  ],
  validate,
  solve,
  mistakes,
  practice,
  plotHelp: "with a list of λ: x and the shrink factors against λ (log scale)",
  plots,
});
