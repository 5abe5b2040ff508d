"""Baseline: a vanilla tanh RNN with numpy, as bench/run.mjs gives it to `dlsolve rnn --quiet --json`:
h_t = tanh(Wh h_(t-1) + Wx x_t + b), h_0 = 0, loss ½‖h_T − y‖², backpropagation through time. Prints the same
answer fields: h (T × H), loss, dLdh (the total ∂L/∂h_t, T × H), grad (Wx, Wh, b, h0).
Usage: rnn.py FILE (the JSON object dlsolve reads: x T × F, Wx, Wh, b, y)."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
x = np.asarray(inp["x"], dtype=np.float64)
Wx, Wh, b, y = (np.asarray(inp[k], dtype=np.float64) for k in ("Wx", "Wh", "b", "y"))
T, H = x.shape[0], Wh.shape[0]
h = np.zeros((T + 1, H))
for t in range(T):
    h[t + 1] = np.tanh(Wh @ h[t] + Wx @ x[t] + b)
loss = float(0.5 * ((h[T] - y) ** 2).sum())
dLdh = np.zeros((T, H))
gWx, gWh, gb = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
g = h[T] - y
for t in range(T, 0, -1):
    dLdh[t - 1] = g
    dz = g * (1 - h[t] ** 2)
    gWx += np.outer(dz, x[t - 1])
    gWh += np.outer(dz, h[t - 1])
    gb += dz
    g = Wh.T @ dz
answer = {"h": h[1:].tolist(), "loss": loss, "dLdh": dLdh.tolist(),
          "grad": {"Wx": gWx.tolist(), "Wh": gWh.tolist(), "b": gb.tolist(), "h0": g.tolist()}}
sys.stdout.write(json.dumps({"problem": "rnn", "answer": answer}) + "\n")
