"""Baseline: backprop through y = gamma (x - mean): dL/dx = gamma (dL/dy - mean(dL/dy)); prints the same answer fields."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
g = np.asarray(inp["dLdy"], dtype=np.float64)
gamma = float(inp["gamma"])
m = g.mean()
dx = gamma * (g - m)
sys.stdout.write(json.dumps({"problem": "demean-backprop", "answer": {"dLdx": dx.tolist(), "meanDLdy": float(m)}}) + "\n")
