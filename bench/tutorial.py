"""tutorial.py — benchmark (1): the tutorial's 2-5-5-5-1 ReLU network on the dates survey,
full batch (N = 100), mse loss, plain gradient descent at lr 1e-4, as numpy or PyTorch code.

    python3 tutorial.py numpy|torch [--iters N] [--data dates.csv] [--seed S]

The numpy version is written the way the tutorial writes it: an Affine layer and a Relu layer,
each with forward() keeping what backward() needs, and backward() returning the gradient of
its input, the network a list of them; the loss is the tutorial's mse, J = 1/N Σ_n Σ_k (out − y)²
and dJ/dout = 2 (out − y) / N.  (Written for this benchmark, in the tutorial's style; not copied.)
The PyTorch version is the same network as torch.nn layers in float64 with autograd and
torch.optim.SGD, on one thread.

Both start from the weights dl draws for 'net 2-5-5-5-1 act=relu' with the same seed (He
initialisation from dl's generator, see dlrng.py), so all three train the same network from the
same point on the same data.  Prints one line: RESULT impl=… iters=… seconds=… it_per_s=… loss=…
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlrng  # noqa: E402

SIZES = [2, 5, 5, 5, 1]


def load_csv(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            if line.strip():
                rows.append([float(v) for v in line.split(",")])
    return rows


def run_numpy(rows, Ws, bs, iters, lr):
    import numpy as np

    class Affine:
        def __init__(self, W, b):
            self.W = np.array(W, dtype=np.float64)
            self.b = np.array(b, dtype=np.float64)

        def forward(self, x):
            self.x = x
            return np.dot(x, self.W) + self.b

        def backward(self, dout):
            self.dW = np.dot(self.x.T, dout)
            self.db = np.sum(dout, axis=0)
            return np.dot(dout, self.W.T)

    class Relu:
        def forward(self, x):
            self.mask = x <= 0
            out = x.copy()
            out[self.mask] = 0
            return out

        def backward(self, dout):
            dout[self.mask] = 0
            return dout

    layers = []
    for i, (W, b) in enumerate(zip(Ws, bs)):
        layers.append(Affine(W, b))
        if i < len(Ws) - 1:
            layers.append(Relu())
    data = np.array(rows, dtype=np.float64)
    x, y = data[:, :2].copy(), data[:, 2:].copy()
    N = x.shape[0]

    def step():
        out = x
        for l in layers:
            out = l.forward(out)
        loss = np.sum((out - y) ** 2) / N
        dout = 2.0 * (out - y) / N
        for l in reversed(layers):
            dout = l.backward(dout)
        for l in layers:
            if isinstance(l, Affine):
                l.W -= lr * l.dW
                l.b -= lr * l.db
        return loss

    t0 = time.perf_counter()
    for _ in range(iters):
        loss = step()
    return time.perf_counter() - t0, float(loss)


def run_torch(rows, Ws, bs, iters, lr):
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    layers = []
    for i, (W, b) in enumerate(zip(Ws, bs)):
        lin = torch.nn.Linear(len(W), len(W[0])).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(W, dtype=torch.float64).T)
            lin.bias.copy_(torch.tensor(b, dtype=torch.float64))
        layers.append(lin)
        if i < len(Ws) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    data = torch.tensor(rows, dtype=torch.float64)
    x, y = data[:, :2].contiguous(), data[:, 2:].contiguous()
    N = x.shape[0]
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    t0 = time.perf_counter()
    for _ in range(iters):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).sum() / N
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, float(loss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("impl", choices=["numpy", "torch"])
    ap.add_argument("--iters", type=int, default=100000)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "data", "dates.csv"))
    a = ap.parse_args()
    rows = load_csv(a.data)
    Ws, bs = dlrng.he_init(dlrng.Rng(a.seed), SIZES)
    run = run_numpy if a.impl == "numpy" else run_torch
    secs, loss = run(rows, Ws, bs, a.iters, a.lr)
    print("RESULT impl=%s iters=%d seconds=%.6f it_per_s=%.1f loss=%.6g"
          % (a.impl, a.iters, secs, a.iters / secs, loss))


if __name__ == "__main__":
    main()
