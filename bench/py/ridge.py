"""Baseline: ridge regression with numpy (LAPACK): x = solve(AtA + lambda I, Atb), singular values of A, shrink, objective."""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
A = np.asarray(inp["A"], dtype=np.float64)
b = np.asarray(inp["b"], dtype=np.float64)
lam = float(inp["lambda"])
AtA = A.T @ A
Atb = A.T @ b
M = AtA + lam * np.eye(A.shape[1])
x = np.linalg.solve(M, Atb)
s = np.linalg.svd(A, compute_uv=False)
r = A @ x - b
answer = {"x": x.tolist(), "AtA": AtA.tolist(), "AtAPlusLambdaI": M.tolist(), "Atb": Atb.tolist(),
          "singularValues": s.tolist(), "shrink": (s**2 / (s**2 + lam)).tolist(), "objective": float(r @ r + lam * x @ x)}
sys.stdout.write(json.dumps({"problem": "ridge", "answer": answer}) + "\n")
