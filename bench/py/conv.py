"""Baseline: a convolution layer forward and backward with numpy through im2col, as bench/run.mjs gives it to
`dlsolve conv --quiet --json`: x C × H × W, kernel F × C × k × k, bias per filter, stride 1, no padding, dLdy
F × H' × W'. Prints the same answer fields: output, grad (x, kernel, bias).
Usage: conv.py FILE (the JSON object dlsolve reads: x, kernel, bias, dLdy)."""
import json
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

with open(sys.argv[1]) as f:
    inp = json.load(f)
x = np.asarray(inp["x"], dtype=np.float64)
K = np.asarray(inp["kernel"], dtype=np.float64)
bias = np.asarray(inp["bias"], dtype=np.float64)
g = np.asarray(inp["dLdy"], dtype=np.float64)
C, H, W = x.shape
F, _, k, _ = K.shape
ho, wo = H - k + 1, W - k + 1
# im2col: a row per output position, a column per (channel, kernel row, kernel column)
cols = sliding_window_view(x, (k, k), axis=(1, 2)).transpose(1, 2, 0, 3, 4).reshape(ho * wo, C * k * k)
Kmat = K.reshape(F, C * k * k)
y = (cols @ Kmat.T).T.reshape(F, ho, wo) + bias[:, None, None]
gmat = g.reshape(F, ho * wo)
gK = (gmat @ cols).reshape(F, C, k, k)
gb = g.sum(axis=(1, 2))
# col2im: each position's column gradient added back into its window
gcols = (gmat.T @ Kmat).reshape(ho, wo, C, k, k)
gx = np.zeros_like(x)
for i in range(k):
    for j in range(k):
        gx[:, i : i + ho, j : j + wo] += gcols[:, :, :, i, j].transpose(2, 0, 1)
answer = {"output": y.tolist(), "grad": {"x": gx.tolist(), "kernel": gK.tolist(), "bias": gb.tolist()}}
sys.stdout.write(json.dumps({"problem": "conv", "answer": answer}) + "\n")
