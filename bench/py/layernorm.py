"""Baseline: layer normalisation of an N x D batch (each row on its own), with numpy; prints dlsolve's answer fields.
Usage: layernorm.py FILE (a JSON object with x, an N x D matrix, and eps)."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
x = np.asarray(inp["x"], dtype=np.float64)
eps = float(inp.get("eps", 0))
mean = x.mean(axis=1, keepdims=True)
var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
std = np.sqrt(var + eps)
xhat = (x - mean) / std
answer = {
    "mean": mean[:, 0].tolist(),
    "variance": var[:, 0].tolist(),
    "std": std[:, 0].tolist(),
    "xhat": xhat.tolist(),
    "y": xhat.tolist(),
}
sys.stdout.write(json.dumps({"problem": "layernorm", "answer": answer}) + "\n")
