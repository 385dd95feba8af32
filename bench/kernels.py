"""kernels.py — benchmark (3) for the peers: the dense forward + backward that bench/kernels.c
times in dl, with numpy or PyTorch, and OpenBLAS dgemm through numpy as the practical peak.

    python3 kernels.py numpy|torch|dgemm S N [seconds]

numpy and torch do what dl's net_forward + net_backward do on two dense layers S→S→S with a
batch of N (see kernels.c): z1 = x·W1 + b1, z2 = z1·W2 + b2; dW2 = z1ᵀg, db2 = Σg, dx = g·W2ᵀ,
dW1 = xᵀdx, db1 = Σdx — 10·N·S² flops (the sums not counted), into preallocated arrays where
the library allows it.  dgemm is one (N, S)·(S, S) product, 2·N·S² flops: the best a dense
layer's products can do on this core.  Prints: RESULT impl=… S=… N=… us=… gflops=…
"""
import sys
import time


def timeit(fn, secs):
    fn()
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        t = time.perf_counter() - t0
        if t >= secs:
            return t / reps
        reps = reps * 10 if t < secs / 20 else int(reps * secs / t * 1.05) + 1


def numpy_case(S, N):
    import numpy as np
    rng = np.random.default_rng(1)
    x = rng.standard_normal((N, S))
    W1, W2 = rng.standard_normal((S, S)), rng.standard_normal((S, S))
    b1, b2 = np.zeros(S), np.zeros(S)
    g = 0.01 * rng.standard_normal((N, S))
    z1, z2, dx = np.empty((N, S)), np.empty((N, S)), np.empty((N, S))
    dW1, dW2 = np.empty((S, S)), np.empty((S, S))

    def step():
        np.dot(x, W1, out=z1)
        np.add(z1, b1, out=z1)
        np.dot(z1, W2, out=z2)
        np.add(z2, b2, out=z2)
        np.dot(z1.T, g, out=dW2)
        g.sum(axis=0)
        np.dot(g, W2.T, out=dx)
        np.dot(x.T, dx, out=dW1)
        dx.sum(axis=0)
    return step, 10.0 * N * S * S


def dgemm_case(S, N):
    import numpy as np
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((N, S)), rng.standard_normal((S, S))
    c = np.empty((N, S))
    return (lambda: np.dot(a, b, out=c)), 2.0 * N * S * S


def torch_case(S, N):
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    gen = torch.Generator().manual_seed(1)
    r = lambda *s: torch.randn(*s, generator=gen, dtype=torch.float64)  # noqa: E731
    x, W1, W2, g = r(N, S), r(S, S), r(S, S), 0.01 * r(N, S)
    b1, b2 = torch.zeros(S, dtype=torch.float64), torch.zeros(S, dtype=torch.float64)
    z1, z2, dx = (torch.empty(N, S, dtype=torch.float64) for _ in range(3))
    dW1, dW2 = torch.empty(S, S, dtype=torch.float64), torch.empty(S, S, dtype=torch.float64)

    def step():
        torch.addmm(b1, x, W1, out=z1)
        torch.addmm(b2, z1, W2, out=z2)
        torch.mm(z1.t(), g, out=dW2)
        g.sum(dim=0)
        torch.mm(g, W2.t(), out=dx)
        torch.mm(x.t(), dx, out=dW1)
        dx.sum(dim=0)
    return step, 10.0 * N * S * S


def main():
    impl, S, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    secs = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    make = {"numpy": numpy_case, "torch": torch_case, "dgemm": dgemm_case}[impl]
    fn, flops = make(S, N)
    t = timeit(fn, secs)
    print("RESULT impl=%s S=%d N=%d us=%.3f gflops=%.3f" % (impl, S, N, t * 1e6, flops / t * 1e-9))


if __name__ == "__main__":
    main()
