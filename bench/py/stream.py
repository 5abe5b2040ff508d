"""Baseline: a loop over NDJSON batchnorm problems, one numpy computation and one JSON line out per problem."""
import json
import sys

import numpy as np

out = sys.stdout
with open(sys.argv[1]) as f:
    for line in f:
        p = json.loads(line)
        inp = p["input"]
        x = np.asarray(inp["x"], dtype=np.float64)
        eps = float(inp.get("eps", 0))
        mean = x.mean()
        var = ((x - mean) ** 2).mean()
        std = np.sqrt(var + eps)
        xhat = (x - mean) / std
        answer = {"mean": float(mean), "variance": float(var), "std": float(std), "xhat": xhat.tolist(), "y": xhat.tolist()}
        out.write(json.dumps({"problem": "batchnorm", "answer": answer}) + "\n")
