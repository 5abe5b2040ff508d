// Sizes dlsolve refuses, each with its reason, so a too-big problem is a clear
// input error and never an out-of-memory crash or an endless run. README
// lists them.

/** Values in one vector or matrix field (every value is kept a few times over for the steps and the answer). */
export const MAX_VALUES = 2_000_000;
/** Bytes read by --input (the JSON text and its parse live in memory together). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** ridge: unknowns p. AᵀA is p × p and the SVD costs O(n p²). */
export const MAX_RIDGE_UNKNOWNS = 500;
/** ridge: entries n·p of A. */
export const MAX_RIDGE_ENTRIES = 10_000_000;
/** mlp-grads: hidden units k (the gradient check costs O(k²)). */
export const MAX_HIDDEN_UNITS = 10_000;
/** mlp-grads: gradient-descent steps. */
export const MAX_STEPS = 100_000;
/** mlp-grads: steps × hidden units (each step is a forward and a backward pass, O(k)). */
export const MAX_UNIT_STEPS = 10_000_000;
/** batchnorm and layernorm: groups normalised separately (features, or samples); each keeps its own statistics. */
export const MAX_GROUPS = 100_000;
