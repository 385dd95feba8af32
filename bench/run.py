"""run.py — dl's benchmark: dl against numpy and PyTorch, alternating, several repetitions,
medians and ratios.  Run it through bench/run.sh (or 'make bench'); see bench/README.md.

This script needs only the standard library: the peers run as separate processes
(tutorial.py, digits.py, kernels.py) under /usr/bin/python3 or $PYTHON3, and their rows are
skipped, saying why, when numpy or torch is missing or numpy is not on OpenBLAS.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ENV1 = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "GOTO_NUM_THREADS": "1", "LC_ALL": "C", "PYTHONDONTWRITEBYTECODE": "1"}

# the targets
T1_NUMPY, T1_TORCH, T1_ABS = 50.0, 150.0, 430e3
T2_PEER, T2_ABS = 1.5, 300e3
T3_FRAC = 0.5
T4_PEER, T5_PEER = 3.0, 1.5   # issue 18: tanh/sigmoid Playground nets, digits with tanh


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, args):
        self.a = args
        self.env = dict(os.environ)
        self.env.update(ENV1)
        self.pin = []
        if shutil.which("taskset") and not args.no_pin:
            probe = subprocess.run(["taskset", "-c", str(args.cpu), "true"], capture_output=True)
            if probe.returncode == 0:
                self.pin = ["taskset", "-c", str(args.cpu)]

    def run(self, argv, timeout=3600):
        p = subprocess.run(self.pin + argv, capture_output=True, text=True, env=self.env,
                           timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(argv[:3]), p.returncode,
                                                      (p.stderr or p.stdout).strip()[-400:]))
        return p.stdout

    def py(self, script, *args, **kw):
        return self.run([self.a.python, os.path.join(HERE, script)] + [str(x) for x in args], **kw)

    def dl(self, commands):
        return self.run([self.a.dl, "--no-tui", "-c", commands])


def results(text):
    """the RESULT lines of a peer: a list of dicts"""
    out = []
    for line in text.splitlines():
        if line.startswith("RESULT "):
            d = {}
            for kv in line.split()[1:]:
                k, v = kv.split("=", 1)
                try:
                    d[k] = float(v)
                except ValueError:
                    d[k] = v
            out.append(d)
    return out


TRAINED = re.compile(r"trained (\d+) iterations in ([0-9.]+) s \((\d+) it/s\), loss=(\S+)")


def dl_trained(text):
    m = TRAINED.search(text)
    if not m:
        raise RuntimeError("no 'trained' line in dl's output:\n" + text[-400:])
    return int(m.group(1)), float(m.group(2)), float(m.group(4))


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_rate(x):
    if x != x:
        return "-"
    if x >= 1e6:
        return "%.2f M" % (x / 1e6)
    if x >= 1e3:
        return "%.1f k" % (x / 1e3)
    return "%.0f" % x


def verdict(ok):
    return "met" if ok else "MISSED"


def probe_peers(r):
    """which peers can run: {'numpy': reason-or-None, 'torch': reason-or-None}"""
    why = {}
    code = ("import numpy as np\n"
            "a = np.ones((64, 64)); np.dot(a, a)\n"
            "libs = open('/proc/self/maps').read()\n"
            "print('openblas' if 'openblas' in libs.lower() else 'other')\n")
    try:
        out = r.run([r.a.python, "-c", code]).strip()
        why["numpy"] = None if out.endswith("openblas") else (
            "numpy is not using OpenBLAS (the reference BLAS is ten times slower and would "
            "flatter dl): apt-get install libopenblas0-pthread")
    except (RuntimeError, OSError):
        why["numpy"] = "no numpy for %s: apt-get install python3-numpy libopenblas0-pthread" % r.a.python
    try:
        r.run([r.a.python, "-c", "import torch"])
        why["torch"] = None
    except (RuntimeError, OSError):
        why["torch"] = "no PyTorch for %s: apt-get install python3-torch" % r.a.python
    return why


def bench_startup(r, rows):
    ts = []
    for _ in range(max(10, r.a.reps * 3)):
        t0 = time.perf_counter()
        r.run([r.a.dl, "--no-tui", "-c", "quit"])
        ts.append(time.perf_counter() - t0)
    ms = med(ts) * 1e3
    print("\n## 0. startup: dl -c quit\n")
    print("median %.1f ms over %d runs (target < 20 ms: %s)" % (ms, len(ts), verdict(ms < 20)))
    rows.append(("startup", "dl -c quit", "%.1f ms" % ms, "< 20 ms", ms < 20))


def bench_tutorial(r, peers, rows):
    a = r.a
    data = os.path.join(a.data, "dates.csv")
    iters, piters = a.iters1, a.peer_iters1
    cmd = ("data load %s target=dates; net 2-5-5-5-1 act=relu; lr 1e-4; train %d every=0"
           % (data, iters))
    res = {"dl": [], "numpy": [], "torch": []}
    loss = {}
    for rep in range(a.reps):
        log("(1) repetition %d/%d" % (rep + 1, a.reps))
        n, secs, l = dl_trained(r.dl(cmd))
        res["dl"].append(n / secs)
        loss["dl"] = l
        for p in ("numpy", "torch"):
            if peers[p] is None:
                d = results(r.py("tutorial.py", p, "--iters", piters, "--data", data))[0]
                res[p].append(d["it_per_s"])
                loss[p] = d["loss"]
    print("\n## 1. tutorial 2-5-5-5-1 ReLU, N = 100 full batch, lr 1e-4, %d iterations\n" % iters)
    if piters != iters:
        print("(peers timed over %d iterations; their loss is after those)\n" % piters)
    print("| | it/s (median of %d) | dl is | final loss |" % a.reps)
    print("|---|---:|---:|---:|")
    dl = med(res["dl"])
    print("| dl | %s | | %.6g |" % (fmt_rate(dl), loss["dl"]))
    for p, tgt in (("numpy", T1_NUMPY), ("torch", T1_TORCH)):
        if peers[p] is None:
            x = med(res[p])
            print("| %s | %s | %.1f× (target %g×: %s) | %.6g |" % (
                p, fmt_rate(x), dl / x, tgt, verdict(dl / x >= tgt), loss[p]))
            rows.append(("(1) vs " + p, "%.1f×" % (dl / x), "≥ %g×" % tgt, dl / x >= tgt))
        else:
            print("| %s | skipped: %s | | |" % (p, peers[p]))
    print("\nabsolute: %s it/s (target ≈ %s it/s: %s)" % (fmt_rate(dl), fmt_rate(T1_ABS),
                                                          verdict(dl >= T1_ABS)))
    rows.append(("(1) dl it/s", fmt_rate(dl), "≥ %s" % fmt_rate(T1_ABS), dl >= T1_ABS))


def bench_digits(r, peers, rows, tmp, act="relu"):
    """(2) with act=relu; (5), the same MLP with tanh hidden layers, with act=tanh"""
    a = r.a
    sec, tgt = ("2", T2_PEER) if act == "relu" else ("5", T5_PEER)
    csv = os.path.join(tmp, "digits16.csv")
    r.run([a.python, os.path.join(HERE, "digits.py"), "prepare",
           os.path.join(a.data, "digits.csv"), csv])
    per_epoch = 1438 // 64
    iters = per_epoch * a.epochs
    model = os.path.join(tmp, "init.dl")
    cmd = ("data load %s target=digit; data split test=0.2; net 64-128-64-10 act=%s; "
           "loss ce; lr 0.1; batch 64; save %s; train %d every=0; eval test"
           % (csv, act, model, iters))
    res = {"dl": [], "numpy": [], "torch": []}
    acc = {}
    same = None
    for rep in range(a.reps2):
        log("(%s) repetition %d/%d" % (sec, rep + 1, a.reps2))
        out = r.dl(cmd)
        n, secs, _ = dl_trained(out)
        res["dl"].append(n * 64 / secs)
        m = re.search(r"test: loss=\S+ acc=([0-9.]+)", out)
        acc["dl"] = float(m.group(1)) if m else float("nan")
        if same is None and (peers["numpy"] is None or peers["torch"] is None):
            try:
                same = "yes" in r.run([a.python, os.path.join(HERE, "digits.py"), "check", model,
                                       "1", act])
            except RuntimeError:
                same = False
        for p in ("numpy", "torch"):
            if peers[p] is None:
                d = results(r.py("digits.py", p, "--csv", csv, "--epochs", a.epochs,
                                 "--act", act))[0]
                res[p].append(d["samples_per_s"])
                acc[p] = d["acc"]
    print("\n## %s. digits 64-128-64-10 %s + softmax CE, batch 64, SGD lr 0.1, %d epochs "
          "(%d iterations, %d samples)\n" % (sec, "ReLU" if act == "relu" else "tanh", a.epochs,
                                              iters, iters * 64))
    print("| | samples/s (median of %d) | dl is | test accuracy |" % a.reps2)
    print("|---|---:|---:|---:|")
    dl = med(res["dl"])
    print("| dl | %s | | %.2f %% |" % (fmt_rate(dl), 100 * acc["dl"]))
    best = 0
    for p in ("numpy", "torch"):
        if peers[p] is None:
            x = med(res[p])
            best = max(best, x)
            print("| %s | %s | %.2f× | %.2f %% |" % (p, fmt_rate(x), dl / x, 100 * acc[p]))
        else:
            print("| %s | skipped: %s | | |" % (p, peers[p]))
    print("\nsame split, initial weights and batch order in every row: %s" % (
        "yes (dl's saved initial weights equal the peers')" if same else
        "NOT CONFIRMED (dl's initial weights differ from dlrng.py's: see bench/README.md)"
        if same is False else "n/a"))
    if best:
        ok = dl >= tgt * best
        print("target ≥ %g× the faster peer: %.2f× (%s)" % (tgt, dl / best, verdict(ok)))
        rows.append(("(%s) vs faster peer" % sec, "%.2f×" % (dl / best), "≥ %g×" % tgt, ok))
    if act == "relu":
        print("absolute: %s samples/s (target ≥ %s: %s)" % (fmt_rate(dl), fmt_rate(T2_ABS),
                                                           verdict(dl >= T2_ABS)))
        rows.append(("(2) dl samples/s", fmt_rate(dl), "≥ %s" % fmt_rate(T2_ABS), dl >= T2_ABS))


PLAYGROUND = [("tanh", 300), ("tanh", 10), ("sigmoid", 300), ("sigmoid", 10)]


def bench_playground(r, peers, rows, tmp):
    """(4) 2-16-16-3 tanh and sigmoid classifiers on 300 points, full batch and batch 10"""
    a = r.a
    csv = os.path.join(tmp, "spiral.csv")
    r.run([a.python, os.path.join(HERE, "playground.py"), "prepare", csv])
    res = {(c, i): [] for c in PLAYGROUND for i in ("dl", "numpy", "torch")}
    loss = {}

    def dl_cmd(act, b, n):
        return ("data load %s target=label; net 2-16-16-3 act=%s; loss ce; lr 0.1; batch %d; "
                "train %d every=0" % (csv, act, b, n))

    def iters(b, peer):
        full = b >= 300
        if peer:
            return a.peer_iters4 if full else 2 * a.peer_iters4
        return a.iters4 if full else 5 * a.iters4

    for rep in range(a.reps):
        log("(4) repetition %d/%d" % (rep + 1, a.reps))
        for act, b in PLAYGROUND:   # every implementation of a workload back to back
            n, secs, _ = dl_trained(r.dl(dl_cmd(act, b, iters(b, False))))
            res[((act, b), "dl")].append(n / secs)
            for p in ("numpy", "torch"):
                if peers[p] is None:
                    d = results(r.py("playground.py", p, "--act", act, "--batch", b,
                                     "--iters", iters(b, True), "--csv", csv))[0]
                    res[((act, b), p)].append(d["it_per_s"])
                    loss[((act, b), p)] = d["loss"]
    for act, b in PLAYGROUND:  # the same run as the peers': the loss after their iterations
        loss[((act, b), "dl")] = dl_trained(r.dl(dl_cmd(act, b, iters(b, True))))[2]
    print("\n## 4. TensorFlow-Playground-sized nets: 2-16-16-3, softmax CE, SGD lr 0.1, 300 "
          "points (a three-armed spiral)\n")
    print("dl %d iterations full batch, %d at batch 10; the peers %d and %d; iterations per "
          "second, medians of %d; the loss after the peers' iterations (the same start and "
          "batch order in every column)\n" % (iters(300, False), iters(10, False),
                                              iters(300, True), iters(10, True), a.reps))
    print("| hidden, batch | dl | numpy | torch | dl / faster peer | loss dl / numpy / torch |")
    print("|---|---:|---:|---:|---:|---:|")
    for act, b in PLAYGROUND:
        c = (act, b)
        dl = med(res[(c, "dl")])
        best, cells, ls = 0, [], ["%.6g" % loss[(c, "dl")]]
        for p in ("numpy", "torch"):
            if peers[p] is None:
                x = med(res[(c, p)])
                best = max(best, x)
                cells.append(fmt_rate(x))
                ls.append("%.6g" % loss[(c, p)])
            else:
                cells.append("skipped")
        name = "%s, %s" % (act, "N = 300" if b >= 300 else "batch %d" % b)
        ratio = "%.1f× (≥ %g×: %s)" % (dl / best, T4_PEER, verdict(dl >= T4_PEER * best)) \
            if best else "-"
        print("| %s | %s | %s | %s | %s |" % (name, fmt_rate(dl), " | ".join(cells), ratio,
                                             " / ".join(ls)))
        if best:
            rows.append(("(4) %s vs faster peer" % name, "%.1f×" % (dl / best),
                         "≥ %g×" % T4_PEER, dl >= T4_PEER * best))


def bench_kernels(r, peers, rows):
    a = r.a
    configs = [(S, N) for S in a.sizes for N in a.batches]
    impls = ["dl", "dl fm"] + [p for p in ("numpy", "torch") if peers[p] is None]
    if peers["numpy"] is None:
        impls.append("dgemm")
    res = {(i, c): [] for i in impls for c in configs}
    for rep in range(a.reps):
        log("(3) repetition %d/%d" % (rep + 1, a.reps))
        # every implementation of one shape back to back: their ratios come from the same
        # minute of a machine whose speed drifts
        for S, N in configs:
            for i in impls:
                if i in ("dl", "dl fm"):
                    out = r.run([a.kernels, "time" if i == "dl" else "timefm", str(S), str(N),
                                 str(a.secs)])
                    m = re.search(r"([0-9.]+) GFLOP/s", out)
                    res[(i, (S, N))].append(float(m.group(1)) if m else float("nan"))
                else:
                    d = results(r.py("kernels.py", i, S, N, a.secs))[0]
                    res[(i, (S, N))].append(d["gflops"])
    print("\n## 3. dense forward + backward (two layers S→S→S, 10·N·S² flops), GFLOP/s, "
          "medians of %d\n" % a.reps)
    print("dl fm: the products as training runs them, the batch along the vector lanes "
          "(src/engine/fm.c; its loss and transposes in the time): the target is on it.  dl: "
          "net_forward + net_backward, sample-major (what DL_FM=off, CPUs without AVX2 and the "
          "commands that show a network's insides run), for reference\n")
    head = ("| S | N | dl |" + "".join(" %s |" % i for i in impls[1:]) + " dl / dgemm |" +
            (" dl fm / dgemm |" if "dgemm" in impls else ""))
    print(head)
    print("|" + "---:|" * (head.count("|") - 1))
    for S, N in configs:
        dl = med(res[("dl", (S, N))])
        line = "| %d | %d | %.1f |" % (S, N, dl)
        for i in impls[1:]:
            line += " %.1f |" % med(res[(i, (S, N))])
        if "dgemm" in impls:
            # the target is on what training runs (dl fm); the sample-major path for reference
            for name in ("dl", "dl fm"):
                frac = med(res[(name, (S, N))]) / med(res[("dgemm", (S, N))])
                tgt = name == "dl fm" and S >= 256
                line += " %.0f %%%s |" % (100 * frac, "" if not tgt else " (≥ %d %%: %s)" % (
                    100 * T3_FRAC, verdict(frac >= T3_FRAC)))
                if tgt:
                    rows.append(("(3) S=%d N=%d, as training runs it" % (S, N),
                                 "%.0f %% of dgemm" % (100 * frac), "≥ %d %%" % (100 * T3_FRAC),
                                 frac >= T3_FRAC))
        else:
            line += " - |"
        print(line)
    if "dgemm" not in impls:
        print("\n(no dgemm row: it needs numpy on OpenBLAS)")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dl", required=True)
    ap.add_argument("--kernels", required=True)
    ap.add_argument("--data", required=True, help="the directory of dates.csv and digits.csv")
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--reps", type=int, default=3, help="repetitions of (1) and (3)")
    ap.add_argument("--reps2", type=int, default=9,
                    help="repetitions of (2) and (5) (numpy's speed there differs by up to 30 %% "
                         "from one process to the next: more than (1)'s three)")
    ap.add_argument("--iters1", type=int, default=100000)
    ap.add_argument("--peer-iters1", type=int, default=None,
                    help="iterations of the peers in (1) (default: as dl)")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--sizes", default="64,128,256,512,1024")
    ap.add_argument("--batches", default="64,256")
    ap.add_argument("--secs", type=float, default=0.5, help="seconds per timing in (3)")
    ap.add_argument("--iters4", type=int, default=20000,
                    help="dl's iterations in (4) full batch (five times as many at batch 10)")
    ap.add_argument("--peer-iters4", type=int, default=2000,
                    help="the peers' iterations in (4) full batch (twice as many at batch 10)")
    ap.add_argument("--only", default="0,1,2,3,4,5")
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--no-pin", action="store_true")
    a = ap.parse_args()
    a.sizes = [int(s) for s in a.sizes.split(",")]
    a.batches = [int(s) for s in a.batches.split(",")]
    a.peer_iters1 = a.peer_iters1 or a.iters1
    only = set(a.only.split(","))
    r = Runner(a)
    if not os.path.exists(a.python):
        a.python = shutil.which("python3") or a.python
    peers = probe_peers(r)
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    print("# dl benchmark\n")
    print("machine: %s, %d CPUs; pinned: %s; %s; peers: %s" % (
        cpu, os.cpu_count() or 0, " ".join(r.pin) or "no (no taskset)",
        " ".join("%s=%s" % kv for kv in sorted(ENV1.items()) if "THREADS" in kv[0]),
        ", ".join("%s %s" % (p, "yes" if peers[p] is None else "no") for p in ("numpy", "torch"))))
    rows = []
    tmp = tempfile.mkdtemp(prefix="dlbench.")
    try:
        if "0" in only:
            bench_startup(r, rows)
        if "1" in only:
            bench_tutorial(r, peers, rows)
        if "2" in only:
            bench_digits(r, peers, rows, tmp)
        if "3" in only:
            bench_kernels(r, peers, rows)
        if "4" in only:
            bench_playground(r, peers, rows, tmp)
        if "5" in only:
            bench_digits(r, peers, rows, tmp, act="tanh")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n## targets\n")
    print("| what | measured | target | |")
    print("|---|---:|---:|---|")
    for row in rows:
        if len(row) == 5:
            row = (row[0] + ": " + row[1],) + row[2:]
        name, got, want, ok = row
        print("| %s | %s | %s | %s |" % (name, got, want, verdict(ok)))
    for p in ("numpy", "torch"):
        if peers[p]:
            print("\n%s rows skipped: %s" % (p, peers[p]))


if __name__ == "__main__":
    main()
