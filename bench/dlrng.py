"""dlrng.py — dl's random number generator (src/rng.c) in Python, bit for bit.

xoshiro256** seeded by splitmix64, with dl's rng_below (rejection), rng_normal (Marsaglia's
polar method, keeping the spare) and rng_shuffle (Fisher-Yates from the end).  The benchmark
uses it to give the numpy and PyTorch peers the very split, initial weights and batch order
that dl draws from its session generator (seed 1 unless --seed).  Python's math.log and
math.sqrt are the C library's, so the normals are the same doubles as dl's.
"""
import math

M64 = (1 << 64) - 1


def _splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Rng:
    def __init__(self, seed=1):
        x = seed & M64
        self.s = []
        for _ in range(4):
            x, v = _splitmix64(x)
            self.s.append(v)
        self.spare = None

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))

    def below(self, n):
        lim = M64 - M64 % n
        while True:
            x = self.next()
            if x < lim:
                return x % n

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = 2.0 * self.uniform() - 1.0
            v = 2.0 * self.uniform() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(s) / s)
        self.spare = v * f
        return u * f

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]


def split(rng, n, test_frac):
    """dl's data_split: shuffled row order; the first round(frac·n) rows are the test set.
    Returns (train_rows, test_rows) as lists of indices into the loaded rows."""
    idx = list(range(n))
    rng.shuffle(idx)
    m = int(math.floor(test_frac * n + 0.5))
    return idx[m:], idx[:m]


def he_init(rng, sizes):
    """dl's 'net SIZES act=relu': He weights N(0, 2/in) row-major (in, out), zero biases."""
    Ws, bs = [], []
    for i in range(len(sizes) - 1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        s = math.sqrt(2.0 / fan_in)
        Ws.append([[s * rng.normal() for _ in range(fan_out)] for _ in range(fan_in)])
        bs.append([0.0] * fan_out)
    return Ws, bs


def xavier_init(rng, sizes):
    """dl's 'net SIZES act=tanh' (or sigmoid): Xavier weights N(0, 2/(in+out)) row-major
    (in, out), zero biases."""
    Ws, bs = [], []
    for i in range(len(sizes) - 1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        s = math.sqrt(2.0 / (fan_in + fan_out))
        Ws.append([[s * rng.normal() for _ in range(fan_out)] for _ in range(fan_in)])
        bs.append([0.0] * fan_out)
    return Ws, bs


class Batches:
    """dl's train_next_batch for a mini-batch smaller than the set: a permutation shuffled at the
    first batch and again at each epoch; a batch never spans two epochs (the leftover rows of an
    epoch are skipped)."""

    def __init__(self, rng, n, batch):
        self.rng, self.n, self.batch = rng, n, batch
        self.perm = None
        self.cursor = 0

    def next(self):
        if self.perm is None:
            self.perm = list(range(self.n))
            self.rng.shuffle(self.perm)
            self.cursor = 0
        if self.cursor + self.batch > self.n:
            self.rng.shuffle(self.perm)
            self.cursor = 0
        rows = self.perm[self.cursor:self.cursor + self.batch]
        self.cursor += self.batch
        return rows
