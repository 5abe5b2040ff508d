"""Baseline: batchnorm forward (training mode, biased variance) with numpy; prints the same answer fields as dlsolve --json.
Usage: batchnorm.py FILE (a JSON object with x and eps), or batchnorm.py --seed for x = [1, 7, 7, 9]."""
import json
import sys

import numpy as np

if sys.argv[1] == "--seed":
    inp = {"x": [1, 7, 7, 9], "eps": 0}
else:
    with open(sys.argv[1]) as f:
        inp = json.load(f)
x = np.asarray(inp["x"], dtype=np.float64)
eps = float(inp.get("eps", 0))
gamma = float(inp.get("gamma", 1))
beta = float(inp.get("beta", 0))
mean = x.mean()
var = ((x - mean) ** 2).mean()
std = np.sqrt(var + eps)
xhat = (x - mean) / std
y = gamma * xhat + beta
answer = {"mean": float(mean), "variance": float(var), "std": float(std), "xhat": xhat.tolist(), "y": y.tolist()}
sys.stdout.write(json.dumps({"problem": "batchnorm", "answer": answer}) + "\n")
