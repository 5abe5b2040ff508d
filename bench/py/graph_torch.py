"""Baseline: PyTorch autograd (CPU, float64) on the expression bench/run.mjs gives graph: a chain of n lines
a_i = tanh(a_{i-1} * w + a_{i-2}) (a_1 = tanh(x*w + b), a_2 = tanh(a_1*w + x)), L = a_n * a_n. Like
`dlsolve graph --quiet --json` it keeps every node's value and gradient (retain_grad) and prints them with the
output's value and the inputs' gradients.
Usage: graph_torch.py FILE (the JSON object {expr, at} dlsolve reads; only n, x, w and b are taken from it)."""
import json
import re
import sys

import torch

with open(sys.argv[1]) as f:
    inp = json.load(f)
n = len(re.findall(r"= tanh", inp["expr"]))
at = dict(pair.split("=") for pair in inp["at"].split())
x, w, b = (torch.tensor(float(at[k]), dtype=torch.float64, requires_grad=True) for k in ("x", "w", "b"))
nodes = []


def keep(t):
    t.retain_grad()
    nodes.append(t)
    return t


def line(prev, other):
    return keep(torch.tanh(keep(keep(prev * w) + other)))


a = [line(x, b)]
a.append(line(a[0], x))
for i in range(2, n):
    a.append(line(a[i - 1], a[i - 2]))
L = keep(a[-1] * a[-1])
L.backward()
answer = {
    "value": L.item(),
    "grad": {"x": x.grad.item(), "w": w.grad.item(), "b": b.grad.item()},
    "nodes": [{"value": t.item(), "grad": t.grad.item()} for t in nodes],
}
sys.stdout.write(json.dumps({"problem": "graph", "answer": answer}) + "\n")
