"""playground.py — benchmark (4): TensorFlow-Playground-sized classifiers with tanh or sigmoid
hidden layers, as numpy or PyTorch code; iterations per second of training.

    python3 playground.py numpy|torch --act tanh|sigmoid --csv spiral.csv [--batch B]
                          [--iters N] [--lr F] [--seed S]
    python3 playground.py prepare DST.csv    (the data every implementation loads)

The workload: a 2-16-16-3 network (two hidden layers of 16, Playground's width), the hidden
activation tanh (Playground's default) or sigmoid, softmax cross-entropy on the logits, plain
SGD, on 300 points of a three-armed spiral (Playground's spiral, with a third class), full
batch (N = 300) or mini-batches (Playground's default of 10).

What is the same as dl's run (dl -c 'data load spiral.csv target=label; net 2-16-16-3
act=tanh; loss ce; lr 0.1; batch B; train N'): the data (one CSV), the initial weights (dl's
Xavier initialisation for tanh and sigmoid stacks from its generator, seed 1: dlrng.py), the
batch order (dl's permutation, reshuffled each epoch), the loss (mean cross-entropy) and the
update.  Prints one line: RESULT impl=… iters=… seconds=… it_per_s=… loss=…
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlrng  # noqa: E402

SIZES = [2, 16, 16, 3]


def prepare(dst, n=300, seed=7):
    """three interleaved arms of n/3 points each, radius 0..1, a little noise"""
    r = dlrng.Rng(seed)
    with open(dst + ".tmp", "w") as f:
        f.write("x1,x2,label\n")
        per = n // 3
        for c in range(3):
            for i in range(per):
                t = i / per
                a = 2 * math.pi * c / 3 + 1.75 * 2 * math.pi * t
                x1 = t * math.sin(a) + 0.05 * r.normal()
                x2 = t * math.cos(a) + 0.05 * r.normal()
                f.write("%r,%r,%d\n" % (x1, x2, c))
    os.replace(dst + ".tmp", dst)


def load_csv(path):
    X, y = [], []
    with open(path) as f:
        next(f)
        for line in f:
            if line.strip():
                v = line.split(",")
                X.append([float(v[0]), float(v[1])])
                y.append(int(v[2]))
    return X, y


def setup(path, seed, batch, iters):
    X, y = load_csv(path)
    r = dlrng.Rng(seed)
    Ws, bs = dlrng.xavier_init(r, SIZES)
    order = None
    if batch < len(X):
        b = dlrng.Batches(r, len(X), batch)
        order = [b.next() for _ in range(iters)]
    return X, y, Ws, bs, order


def run_numpy(X, y, Ws, bs, order, iters, lr, act):
    import numpy as np
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.int64)
    W = [np.array(w, dtype=np.float64) for w in Ws]
    b = [np.array(v, dtype=np.float64) for v in bs]
    batches = [np.array(rows, dtype=np.int64) for rows in order] if order else None
    if act == "tanh":
        f = np.tanh
        df = lambda h: 1.0 - h * h  # noqa: E731
    else:
        f = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
        df = lambda h: h * (1.0 - h)  # noqa: E731

    t0 = time.perf_counter()
    for it in range(iters):
        if batches is not None:
            rows = batches[it]
            x, t = X[rows], y[rows]
        else:
            x, t = X, y
        n = x.shape[0]
        hs = [x]
        for i in range(len(W)):
            z = np.dot(hs[-1], W[i]) + b[i]
            hs.append(f(z) if i < len(W) - 1 else z)
        z = hs[-1]
        m = z.max(axis=1, keepdims=True)
        e = np.exp(z - m)
        s = e.sum(axis=1, keepdims=True)
        loss = float(np.mean(m[:, 0] + np.log(s[:, 0]) - z[np.arange(n), t]))
        p = e / s
        p[np.arange(n), t] -= 1.0
        g = p / n
        for i in range(len(W) - 1, -1, -1):
            dW = np.dot(hs[i].T, g)
            db = g.sum(axis=0)
            if i:
                g = np.dot(g, W[i].T) * df(hs[i])
            W[i] -= lr * dW
            b[i] -= lr * db
    return time.perf_counter() - t0, loss


def run_torch(X, y, Ws, bs, order, iters, lr, act):
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    X = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(y, dtype=torch.int64)
    layers = []
    for i, (w, v) in enumerate(zip(Ws, bs)):
        lin = torch.nn.Linear(len(w), len(w[0])).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w, dtype=torch.float64).T)
            lin.bias.copy_(torch.tensor(v, dtype=torch.float64))
        layers.append(lin)
        if i < len(Ws) - 1:
            layers.append(torch.nn.Tanh() if act == "tanh" else torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    lossf = torch.nn.CrossEntropyLoss()
    batches = [torch.tensor(rows) for rows in order] if order else None
    t0 = time.perf_counter()
    for it in range(iters):
        if batches is not None:
            x, t = X[batches[it]], y[batches[it]]
        else:
            x, t = X, y
        opt.zero_grad()
        loss = lossf(model(x), t)
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, float(loss)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "prepare":
        prepare(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("impl", choices=["numpy", "torch"])
    ap.add_argument("--act", choices=["tanh", "sigmoid"], default="tanh")
    ap.add_argument("--csv", required=True)
    ap.add_argument("--batch", type=int, default=300)
    ap.add_argument("--iters", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    X, y, Ws, bs, order = setup(a.csv, a.seed, a.batch, a.iters)
    run = run_numpy if a.impl == "numpy" else run_torch
    secs, loss = run(X, y, Ws, bs, order, a.iters, a.lr, a.act)
    print("RESULT impl=%s iters=%d seconds=%.6f it_per_s=%.1f loss=%.6g"
          % (a.impl, a.iters, secs, a.iters / secs, loss))


if __name__ == "__main__":
    main()
