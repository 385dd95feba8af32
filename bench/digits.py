"""digits.py — benchmark (2): a 64-128-64-10 ReLU MLP with softmax cross-entropy on the 8×8
digits, batch 64, SGD at lr 0.1, 20 epochs, as numpy or PyTorch code; samples per second of
training and the test accuracy.

    python3 digits.py numpy|torch [--epochs E] [--csv digits16.csv] [--seed S]
    python3 digits.py prepare SRC.csv DST.csv    (pixels / 16, the inputs every peer uses)
    python3 digits.py check MODEL.dl [SEED [ACT]] (compare dl's saved initial weights with ours)
    --act tanh: the same MLP with tanh hidden layers (dl's Xavier initialisation)

What is the same as dl's run (dl -c 'data load …; data split test=0.2; net 64-128-64-10
act=relu; loss ce; lr 0.1; batch 64; train …'): the inputs (the CSV, pixels divided by 16, exact
in binary), the split (dl's shuffle of the 1797 rows with its generator, seed 1), the initial
weights (dl's He initialisation, the next draws of the same generator), the batch order (dl's
permutation, reshuffled each epoch, the 1438 mod 64 = 30 leftover rows of an epoch skipped),
the loss (mean over the batch) and the update (plain SGD).  dlrng.py reproduces dl's generator
bit for bit; 'check' confirms the weights against dl's own 'save'.  What differs: the order
of the floating-point sums inside the products (OpenBLAS blocks them; dl adds term by
term), so the runs drift apart by rounding and end a few hundredths of a percent apart, or one
test image either way.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlrng  # noqa: E402

SIZES = [64, 128, 64, 10]


def load_csv(path):
    X, y = [], []
    with open(path) as f:
        next(f)
        for line in f:
            if line.strip():
                v = [float(t) for t in line.split(",")]
                X.append(v[:-1])
                y.append(int(v[-1]))
    return X, y


def init(r, act):
    """dl's initial weights: He for a relu stack, Xavier for tanh"""
    return dlrng.he_init(r, SIZES) if act == "relu" else dlrng.xavier_init(r, SIZES)


def setup(path, seed, batch, epochs, act):
    """the split, the initial weights and every batch's rows, drawn as dl draws them"""
    X, y = load_csv(path)
    r = dlrng.Rng(seed)
    train, test = dlrng.split(r, len(X), 0.2)
    Ws, bs = init(r, act)
    per_epoch = len(train) // batch
    b = dlrng.Batches(r, len(train), batch)
    order = [b.next() for _ in range(per_epoch * epochs)]
    return X, y, train, test, Ws, bs, order


def run_numpy(X, y, train, test, Ws, bs, order, lr, act):
    import numpy as np
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.int64)
    Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
    W = [np.array(w, dtype=np.float64) for w in Ws]
    b = [np.array(v, dtype=np.float64) for v in bs]
    batches = [np.array(rows, dtype=np.int64) for rows in order]

    def forward(x):
        hs = [x]
        for i in range(len(W)):
            z = np.dot(hs[-1], W[i]) + b[i]
            if i == len(W) - 1:
                hs.append(z)
            else:
                hs.append(np.maximum(z, 0) if act == "relu" else np.tanh(z))
        return hs

    t0 = time.perf_counter()
    for rows in batches:
        x, t = Xtr[rows], ytr[rows]
        n = x.shape[0]
        hs = forward(x)
        z = hs[-1]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        p[np.arange(n), t] -= 1.0
        g = p / n                                   # d(mean ce)/dz
        for i in range(len(W) - 1, -1, -1):
            dW = np.dot(hs[i].T, g)
            db = g.sum(axis=0)
            if i:
                g = np.dot(g, W[i].T)
                if act == "relu":
                    g[hs[i] <= 0] = 0
                else:
                    g *= 1.0 - hs[i] * hs[i]        # tanh
            W[i] -= lr * dW
            b[i] -= lr * db
    secs = time.perf_counter() - t0
    out = forward(Xte)[-1]
    acc = float(np.mean(out.argmax(axis=1) == yte))
    return secs, acc


def run_torch(X, y, train, test, Ws, bs, order, lr, act):
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    X = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(y, dtype=torch.int64)
    tr, te = torch.tensor(train), torch.tensor(test)
    Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
    layers = []
    for i, (w, v) in enumerate(zip(Ws, bs)):
        lin = torch.nn.Linear(len(w), len(w[0])).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w, dtype=torch.float64).T)
            lin.bias.copy_(torch.tensor(v, dtype=torch.float64))
        layers.append(lin)
        if i < len(Ws) - 1:
            layers.append(torch.nn.ReLU() if act == "relu" else torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    lossf = torch.nn.CrossEntropyLoss()
    batches = [torch.tensor(rows) for rows in order]
    t0 = time.perf_counter()
    for rows in batches:
        opt.zero_grad()
        loss = lossf(model(Xtr[rows]), ytr[rows])
        loss.backward()
        opt.step()
    secs = time.perf_counter() - t0
    with torch.no_grad():
        acc = float((model(Xte).argmax(dim=1) == yte).double().mean())
    return secs, acc


def prepare(src, dst):
    with open(src) as f, open(dst + ".tmp", "w") as g:
        g.write(next(f))
        for line in f:
            if line.strip():
                v = line.strip().split(",")
                g.write(",".join(repr(float(t) / 16.0) for t in v[:-1]) + "," + v[-1] + "\n")
    os.replace(dst + ".tmp", dst)


def parse_dl_model(path):
    """the W and b of a model saved by dl, flattened row-major: its 'set NAME [...]' lines,
    large tensors in chunks 'set NAME [...] at=OFFSET'"""
    import ast
    vals = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("set "):
                continue
            _, name, rest = line.split(" ", 2)
            rest = rest.strip()
            at = 0
            if " at=" in rest and not rest.endswith("]"):
                rest, at = rest.rsplit(" at=", 1)
                at = int(at)
            lit = ast.literal_eval(rest)
            flat = []
            def walk(v):
                if isinstance(v, list):
                    for e in v:
                        walk(e)
                else:
                    flat.append(float(v))
            walk(lit)
            cur = vals.setdefault(name, [])
            if len(cur) < at + len(flat):
                cur.extend([None] * (at + len(flat) - len(cur)))
            cur[at:at + len(flat)] = flat
    n = len(SIZES) - 1
    return [vals["W%d" % (i + 1)] for i in range(n)], [vals["b%d" % (i + 1)] for i in range(n)]


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
        r = dlrng.Rng(seed)
        dlrng.split(r, 1797, 0.2)
        Ws, bs = init(r, sys.argv[4] if len(sys.argv) > 4 else "relu")
        dWs, dbs = parse_dl_model(sys.argv[2])
        flat = [[v for row in W for v in row] for W in Ws]
        same = flat == dWs and bs == dbs
        print("CHECK initial_weights_identical=%s" % ("yes" if same else "no"))
        sys.exit(0 if same else 1)
    ap = argparse.ArgumentParser()
    ap.add_argument("impl", choices=["numpy", "torch"])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--act", choices=["relu", "tanh"], default="relu")
    a = ap.parse_args()
    X, y, train, test, Ws, bs, order = setup(a.csv, a.seed, a.batch, a.epochs, a.act)
    run = run_numpy if a.impl == "numpy" else run_torch
    secs, acc = run(X, y, train, test, Ws, bs, order, a.lr, a.act)
    samples = len(order) * a.batch
    print("RESULT impl=%s iters=%d samples=%d seconds=%.6f samples_per_s=%.1f acc=%.6f"
          % (a.impl, len(order), samples, secs, samples / secs, acc))


if __name__ == "__main__":
    main()
