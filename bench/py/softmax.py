"""Baseline: softmax cross-entropy over a batch (mean), with numpy; prints the answer fields dlsolve --json prints.
Usage: softmax.py FILE (a JSON object with z, an N x K matrix, and target, N class numbers counted from 1)."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
z = np.asarray(inp["z"], dtype=np.float64)
c = np.asarray(inp["target"], dtype=np.int64) - 1
n = z.shape[0]
m = z.max(axis=1, keepdims=True)
e = np.exp(z - m)
s = e.sum(axis=1, keepdims=True)
p = e / s
lse = (m + np.log(s))[:, 0]
y = np.zeros_like(z)
y[np.arange(n), c] = 1.0
loss = float((lse - z[np.arange(n), c]).mean())
grad = (p - y) / n
answer = {"p": p.tolist(), "loss": loss, "grad": grad.tolist(), "logSumExp": lse.tolist()}
sys.stdout.write(json.dumps({"problem": "softmax-ce", "answer": answer}) + "\n")
