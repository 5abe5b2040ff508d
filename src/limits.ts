// Sizes dlsolve refuses, each with its reason, so a too-big problem is a clear
// input error and never an out-of-memory crash or an endless run. README
// lists them.

/** Values in one vector or matrix field (every value is kept a few times over for the steps and the answer). */
export const MAX_VALUES = 2_000_000;
/** Bytes read by --input (the JSON text and its parse live in memory together). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/**
 * ridge: unknowns p. AᵀA is p × p and the SVD costs O(n p²); its Jacobi sweeps on a square A of 400 unknowns
 * took 5.2–5.6 s here, past the 5 s every limit keeps, and 360 about 0.7 of that.
 */
export const MAX_RIDGE_UNKNOWNS = 360;
/**
 * ridge: the work of one problem, in units of about 10 ns here (measured):
 * n·p·s for AᵀA and the QR (s = min(n, p)), 6s³ for the Jacobi sweeps of
 * the SVD, and s³/18 per λ for its Cholesky. 500,000,000 is about 5 s:
 * A 360 × 360, 10,000 × 100, 2000 × 200 with 800 λ (bench/limits.md).
 */
export const MAX_RIDGE_WORK = 500_000_000;

/** ridge's work for A n × p and `lambdas` values of λ (see MAX_RIDGE_WORK). */
export function ridgeWork(n: number, p: number, lambdas: number): number {
  const s = Math.min(n, p);
  return n * p * s + 6 * s ** 3 + (lambdas * s ** 3) / 18;
}
/** mlp-grads: hidden units k (the gradient check costs O(k²)). */
export const MAX_HIDDEN_UNITS = 10_000;
/** mlp-grads: gradient-descent steps. */
export const MAX_STEPS = 100_000;
/** mlp-grads: steps × hidden units (each step is a forward and a backward pass, O(k)). */
export const MAX_UNIT_STEPS = 10_000_000;
/** batchnorm and layernorm: groups normalised separately (features, or samples); each keeps its own statistics. */
export const MAX_GROUPS = 100_000;
/** graph: characters of the expression text. */
export const MAX_GRAPH_TEXT = 2_000_000;
/** graph: nesting of parentheses, calls and operators (each level is a frame of the parser and the engine). */
export const MAX_GRAPH_DEPTH = 500;
/** graph: the size of a literal exponent (x^1000 is the largest power an exact value is raised to). */
export const MAX_GRAPH_EXPONENT = 1000;
/** graph: operation nodes, and entries over all nodes (a matrix node of 100 entries counts 100). */
export const MAX_GRAPH_NODES = 200_000;
export const MAX_GRAPH_ENTRIES = 2_000_000;

/**
 * network: multiply-adds of one forward pass (batch × Σ nₗnₗ₋₁) for a worked solution (its steps and its
 * finite-difference check run the pass some 20 times more), and for the answers alone (`--quiet`, no check:
 * one forward and one backward pass); refused beyond before any is done.
 */
export const MAX_NETWORK_WORK = 1_000_000;
export const MAX_NETWORK_ANSWER_WORK = 30_000_000;
/** rnn: multiply-adds of one forward pass (T × (gates·H·(F + H))), worked and answers alone, as network's. */
export const MAX_RNN_WORK = 1_000_000;
export const MAX_RNN_ANSWER_WORK = 30_000_000;
/** conv and pool: multiply-adds (window entries) of the forward pass, refused beyond before any is done. */
export const MAX_CONV_WORK = 20_000_000;

/** attention: scores n·m (each a worked entry, a weight and a table cell), refused beyond before any is computed. */
export const MAX_ATTENTION_SCORES = 1_000_000;
/** attention: multiply-adds n·m·(d + d_v), with the projections' n·d·(d_q + d_k + d_v) when X is given. */
export const MAX_ATTENTION_WORK = 50_000_000;
/** optimizer with H (n × n): n³ for the eigenvalues and θ* = H⁻¹c, n² for each step's Hθ; about 3 s at the edge. */
export const MAX_OPTIMIZER_WORK = 40_000_000;
/**
 * batchnorm and layernorm with ∂L/∂y: the values of x. The backward pass keeps a dozen arrays of that size
 * and checks itself by finite differences; 200,000 values take about 2 s and 300 MB.
 */
export const MAX_NORM_BACKWARD_VALUES = 200_000;
/** Values in one check (--expect, a record's "expect"): each is a row of the check table, 100,000 about 1.5 s. */
export const MAX_CHECK_VALUES = 100_000;
