"""Baseline: a two-layer network with numpy, as bench/run.mjs gives it to `dlsolve network --quiet --json`: relu
hidden layer, softmax output, cross-entropy averaged over the batch (y: class numbers 1…K), one gradient step.
Prints the same answer fields: z and a per layer, yPred, loss, delta per layer, grad (W1, b1, W2, b2, x), next.
Usage: network.py FILE (the JSON object dlsolve reads: x, W1, b1, W2, b2, y, lr)."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
x = np.asarray(inp["x"], dtype=np.float64)
W1, b1, W2, b2 = (np.asarray(inp[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2"))
lr = float(inp["lr"])
N = x.shape[0]
Y = np.zeros((N, W2.shape[0]))
Y[np.arange(N), np.asarray(inp["y"]) - 1] = 1
z1 = x @ W1.T + b1
a1 = np.maximum(z1, 0)
z2 = a1 @ W2.T + b2
e = np.exp(z2 - z2.max(axis=1, keepdims=True))
p = e / e.sum(axis=1, keepdims=True)
loss = float(-(Y * np.log(p)).sum() / N)
d2 = (p - Y) / N
gW2 = d2.T @ a1
gb2 = d2.sum(axis=0)
d1 = (d2 @ W2) * (z1 > 0)
gW1 = d1.T @ x
gb1 = d1.sum(axis=0)
gx = d1 @ W1
answer = {
    "z": [z1.tolist(), z2.tolist()],
    "a": [a1.tolist(), p.tolist()],
    "yPred": p.tolist(),
    "loss": loss,
    "delta": [d1.tolist(), d2.tolist()],
    "grad": {"W1": gW1.tolist(), "b1": gb1.tolist(), "W2": gW2.tolist(), "b2": gb2.tolist(), "x": gx.tolist()},
    "next": {"W1": (W1 - lr * gW1).tolist(), "b1": (b1 - lr * gb1).tolist(), "W2": (W2 - lr * gW2).tolist(),
             "b2": (b2 - lr * gb2).tolist()},
}
sys.stdout.write(json.dumps({"problem": "network", "answer": answer}) + "\n")
