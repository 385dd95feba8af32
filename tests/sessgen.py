#!/usr/bin/env python3
"""sessgen.py — a structure-aware generator of dl sessions (issue 19), deterministic from a seed.

A session builds networks, makes or loads data, trains, changes the network's shape and the data
in the middle, travels in time (undo, rewind, diff, fork), looks (every plot view, show, print,
explain, gradcheck), saves, loads and exports, with huge, tiny and non-finite values mixed in.
The generator follows the session's state (the network's widths, the data's widths, the loss),
so that most commands are valid and reach deep code; a few are deliberately wrong.

  sessgen.py gen SEED DIR        write DIR/session.dl and DIR/in/ (the files it reads)
  sessgen.py gen SEED DIR COUNT  the sessions SEED .. SEED+COUNT-1 in DIR/SEED/ ...
  sessgen.py min DIR -- CMD...   shrink DIR/session.dl to the fewest lines for which CMD (run in
                                 a fresh copy of DIR/in/, the session on its standard input)
                                 still shows the same finding; print the result

Only the standard library; the same SEED gives the same session on every machine (random.Random
with an explicit seed and no hash-ordered iteration).
"""
import os
import random
import re
import shutil
import subprocess
import sys

ACTS = ["relu", "sigmoid", "tanh", "leaky_relu"]
OUTS = ["linear", "sigmoid", "softmax"]
LOSSES = ["mse", "ce", "bce"]
OPTIMS = ["sgd", "momentum", "nesterov", "rmsprop", "adam"]
INITS = ["he", "xavier", "normal", "uniform", "zeros"]
FNS = ["sigmoid", "relu", "leaky_relu", "tanh", "d_sigmoid", "d_relu", "d_leaky_relu", "d_tanh"]
GENS = ["xor", "circle", "spiral", "gauss"]
SPECIAL = ["1e308", "-1e308", "4.6e307", "1.7976931348623157e308", "1e-308", "5e-324", "-5e-324",
           "0", "-0", "1e300", "-1e300", "1e-300", "1e15", "inf", "-inf", "nan", "1e154", "-3e155"]


class Gen:
    """The session being written and what the generator knows of dl's state."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.lines = []
        self.files = {}       # name -> text, written into in/
        self.sizes = []       # the network's widths, [] when there is none
        self.loss = "mse"
        self.xw = 0           # data input width (0: no data)
        self.yw = 0           # target width (0: no targets)
        self.n = 0            # samples
        self.names = []       # input column names when known
        self.models = []      # saved model files
        self.csvs = []        # CSV files that exist (in/ or written)
        self.forks = []
        self.trained = 0      # iterations trained (an estimate)
        self.nfile = 0
        self.big = False      # a network near the budget was made: no sweeps, cost maps or long
                              # training from then on ('undo' or 'load' may bring it back)

    # --- values -------------------------------------------------------------------------
    def num(self, wild=0.05):
        r = self.r
        if r.random() < wild:
            return r.choice(SPECIAL)
        k = r.random()
        if k < 0.5:
            return "%.3g" % r.uniform(-2, 2)
        if k < 0.8:
            return str(r.randint(-5, 5))
        if k < 0.98:
            return "%.6g" % (r.uniform(-1, 1) * 10 ** r.randint(-8, 8))
        # a number longer than any buffer: pi pasted to many digits, or zeros before a digit
        return r.choice(["3.14159265358979323846264338327950288419716939937510582097494459230781640628620899",
                         "0." + "0" * r.randint(60, 400) + "1", "1" + "0" * r.randint(60, 320),
                         "-" + "9" * r.randint(20, 80) + "e-" + str(r.randint(250, 330))])

    def literal(self, rows, cols, wild=0.03, ints=None):
        """a (rows, cols) literal; ints=K: integers 0..K-1 (class indices)"""
        def val():
            return str(self.r.randrange(ints)) if ints else self.num(wild)
        sep = self.r.choice([", ", " "])
        if rows == 0:
            return "[" + sep.join(val() for _ in range(cols)) + "]"
        return "[" + ", ".join("[" + sep.join(val() for _ in range(cols)) + "]"
                               for _ in range(rows)) + "]"

    def emit(self, line):
        self.lines.append(line)

    def ndense(self):
        return max(0, len(self.sizes) - 1)

    def fname(self, ext):
        self.nfile += 1
        return "f%d.%s" % (self.nfile, ext)

    def width(self):
        r = self.r.random()
        if r < 0.7:
            return self.r.randint(1, 5)
        if r < 0.95:
            return self.r.randint(6, 12)
        return self.r.choice([16, 32, 64])

    # --- the network ----------------------------------------------------------------------
    def c_net(self):
        r = self.r
        nin = self.xw if self.xw and r.random() < 0.8 else self.width()
        hidden = [self.width() for _ in range(r.choice([0, 1, 1, 2, 2, 3]))]
        if self.loss == "ce" and self.yw:
            nout = r.randint(2, 4)
        else:
            nout = self.yw if self.yw and r.random() < 0.8 else r.randint(1, 3)
        self.sizes = [nin] + hidden + [nout]
        opts = ""
        if r.random() < 0.5:
            opts += " act=" + r.choice(ACTS)
        if r.random() < 0.3:
            opts += " out=" + r.choice(OUTS)
        self.emit("net " + "-".join(map(str, self.sizes)) + opts)

    def same_count(self):
        """another shape with the same number of layers and parameters as the network, if any"""
        if len(self.sizes) < 2:
            return None
        want = sum(a * b + b for a, b in zip(self.sizes, self.sizes[1:]))
        found = []
        for _ in range(400):
            t = [self.r.randint(1, 8) for _ in self.sizes]
            if t != self.sizes and sum(a * b + b for a, b in zip(t, t[1:])) == want:
                found.append(t)
                break
        return found[0] if found else None

    def c_shape_travel(self):
        """change the shape but not the counts, then look and travel: what caches and
        snapshots keyed on counts get wrong"""
        r = self.r
        if not self.sizes:
            self.c_net()
        if r.random() < 0.5:
            self.c_train()
        look = ["plot net", "plot fit", "plot weights W1", "plot grad", "explain forward out", "rewind 1"]
        if not self.big:
            look.append("plot cost " + self.elem() + " " + self.elem())
        self.emit(r.choice(look))
        t = self.same_count()
        if t:
            self.sizes = t
            self.emit("net " + "-".join(map(str, t)) + r.choice(["", " act=tanh", " out=sigmoid"]))
        else:
            self.c_net()
        for _ in range(r.randint(1, 4)):
            r.choice([self.c_time, self.c_plot, self.c_look, self.c_train, self.c_set])()

    def c_big(self):
        """a network near the memory budget (64 MiB): snapshots, forks and sweeps that do not fit"""
        r = self.r
        w = r.choice([256, 512, 1024])
        self.sizes = [self.xw or 2, w, w, self.yw or 1]
        self.big = True
        self.emit("net " + "-".join(map(str, self.sizes)))
        self.emit(r.choice(["train 1", "train 2 every=1", "fork a lr=1", "undo", "save big.dl", "gradcheck max=2",
                            "plot net", "rewind 1", "init he", "plot lr 0.01 1 n=2 iters=1"]))
        self.emit(r.choice(["undo", "fork b batch=4", "train 1", "load big.dl", "print W1[0,0]", "net 2-3-1"]))

    def c_layers(self):
        """a network layer by layer, starting again from nothing"""
        r = self.r
        self.emit("reset net")
        prev = self.xw if self.xw and r.random() < 0.7 else self.width()
        self.sizes = [prev]
        for _ in range(r.randint(1, 3)):
            out = self.width()
            self.emit("layer %s %d %d" % (r.choice(["dense", "dense", "affine", "fc"]), prev, out))
            self.sizes.append(out)
            prev = out
            if r.random() < 0.6:
                a = r.choice(ACTS + ["softmax"])
                if a == "leaky_relu" and r.random() < 0.5:
                    a += " alpha=" + r.choice(["0.01", "0.2", "1", "-1", "1e300", "0"])
                self.emit("layer " + a)

    def c_set(self):
        r = self.r
        if not self.ndense():
            return self.c_net()
        k = r.randint(1, self.ndense())
        i, o = self.sizes[k - 1], self.sizes[k]
        wild = 0.3 if r.random() < 0.3 else 0.02
        if i * o > 2000:  # a big network: an element or a piece, not megabytes of literal
            if r.random() < 0.5:
                self.emit("set W%d[%d,%d] %s" % (k, r.randrange(i), r.randrange(o), self.num(0.5)))
            else:
                self.emit("set W%d %s at=%d" % (k, self.literal(0, r.randint(1, 200), wild), r.randrange(i * o - 200)))
        elif i * o == 1 and r.random() < 0.5:
            self.emit("set W%d %s" % (k, self.num(0.5)))
        elif r.random() < 0.4:
            self.emit("set W%d[%d,%d] %s" % (k, r.randrange(i), r.randrange(o), self.num(0.5)))
        elif r.random() < 0.7:
            self.emit("set W%d %s" % (k, self.literal(0, i * o, wild)))
        elif r.random() < 0.8:
            self.emit("set b%d %s" % (k, self.literal(0, o, wild)))
        else:
            self.emit("set W%d %s at=%d" % (k, self.literal(0, r.randint(1, i * o), wild),
                                             r.randrange(i * o)))

    def c_init(self):
        r = self.r
        opt = ""
        if r.random() < 0.3:
            opt += " std=" + r.choice(["0", "1", "0.1", "1e-300", "1e300", "10"])
        if r.random() < 0.5:
            opt += " seed=%d" % r.randint(0, 99)
        self.emit("init " + r.choice(INITS) + opt)

    def c_loss(self):
        r = self.r
        if r.random() < 0.2:
            return self.emit("loss")
        self.loss = r.choice(LOSSES)
        self.emit("loss " + self.loss)

    # --- data -------------------------------------------------------------------------------
    def c_gen(self):
        r = self.r
        into = " into=test" if r.random() < 0.15 else ""
        n = r.choice([2, 5, 20, 50, 100, 200])
        if r.random() < 0.4:
            opts = " n=%d" % n
            if r.random() < 0.5:
                opts += " noise=" + r.choice(["0", "0.1", "1", "100"])
            if r.random() < 0.3:
                opts += " income=" + r.choice(["k", "raw"])
            if r.random() < 0.2:
                opts += " edu=%d" % r.randint(0, 25)
            if r.random() < 0.3:
                opts += " seed=%d" % r.randint(0, 9)
            self.emit("data gen dates" + opts + into)
            if not into:
                self.xw, self.yw, self.n, self.names = 2, 1, n, ["education", "income"]
        else:
            g = r.choice(GENS)
            opts = " n=%d" % n if r.random() < 0.7 else ""
            if r.random() < 0.4:
                opts += " noise=" + r.choice(["0", "0.1", "0.5", "3"])
            self.emit("data gen " + g + opts + into)
            if not into:
                self.xw, self.yw, self.n, self.names = 2, 1, n if opts.startswith(" n=") else 200, ["x1", "x2"]
        if not into:
            self.fit_net()

    def c_xy(self):
        r = self.r
        n = r.randint(1, 12)
        xw = self.sizes[0] if self.sizes and r.random() < 0.7 else self.width()
        wild = 0.2 if r.random() < 0.2 else 0.0
        self.emit("x " + self.literal(n, xw, wild))
        self.xw, self.n, self.names = xw, n, []
        if r.random() < 0.85:
            if self.loss == "ce" and r.random() < 0.7:
                k = self.sizes[-1] if self.sizes else 2
                self.emit("y " + self.literal(0, n, ints=k))
                self.yw = 1
            else:
                yw = self.sizes[-1] if self.sizes and r.random() < 0.8 else r.randint(1, 3)
                if self.loss == "bce":
                    self.emit("y " + self.literal(n, yw, ints=2))
                else:
                    self.emit("y " + self.literal(n, yw, wild))
                self.yw = yw
        else:
            self.yw = 0
        self.fit_net()

    def csv_text(self):
        """a small CSV, mostly clean, sometimes with the awkward things CSV files hold"""
        r = self.r
        cols = r.randint(1, 5) if r.random() < 0.1 else r.randint(2, 5)
        rows = r.randint(0, 20)
        names = ["c%d" % i for i in range(cols)]
        if r.random() < 0.1:
            names[0] = '"q,uoted"'
        if r.random() < 0.05:
            names[0] = "\ufeff" + names[0]
        if r.random() < 0.05 and cols > 1:
            names[1] = names[0]
        out = [",".join(names)]
        for _ in range(rows):
            cells = [self.num(0.03) for _ in range(cols)]
            if r.random() < 0.03:
                cells[r.randrange(cols)] = r.choice(["", "abc", "0x10", "1e999", " 1 ", '"2"'])
            if r.random() < 0.02:
                cells.append("9")
            out.append(",".join(cells))
        text = "\n".join(out) + ("\n" if r.random() < 0.9 else "")
        if r.random() < 0.05:
            text = text.replace("\n", "\r\n")
        return text, cols, rows

    def c_load_data(self):
        r = self.r
        if self.csvs and r.random() < 0.4:
            name, cols, rows = r.choice(self.csvs)
        else:
            text, cols, rows = self.csv_text()
            name = self.fname("csv")
            self.files[name] = text
            self.csvs.append((name, cols, rows))
        tgt = ""
        if r.random() < 0.3:
            tgt = " target=" + r.choice(["c0", "c1", "0", "nosuch", "c%d" % (cols - 1)])
        self.emit("data load %s%s" % (name, tgt))
        if cols >= 2 and rows > 0:
            self.xw, self.yw, self.n = cols - 1, 1, rows
            self.names = ["c%d" % i for i in range(cols - 1)]
            self.fit_net()

    def c_data_misc(self):
        r = self.r
        k = r.random()
        if k < 0.35:
            self.emit("normalize")
        elif k < 0.6:
            self.emit("data split test=" + r.choice(["0.2", "0.5", "0.9", "0", "1", "0.01"]))
        elif k < 0.8:
            self.emit("data")
        else:
            name = self.fname("csv")
            self.emit("data save " + name)
            if self.xw and self.yw:
                self.csvs.append((name, self.xw + self.yw, self.n))

    # --- training ---------------------------------------------------------------------------
    def c_train(self):
        r = self.r
        n = r.choice([1, 2, 5, 10, 30, 100, 300]) if not self.big else r.choice([1, 2])
        opts = ""
        if r.random() < 0.6:
            opts += " every=" + r.choice(["0", "1", "10", "1000"])
        if r.random() < 0.15:
            opts += " until=" + r.choice(["loss<0.01", "acc>0.9", "loss<1e300", "acc>2"])
        if r.random() < 0.15:
            opts += " stop=" + r.choice(["diverge", "never"])
        self.trained += n
        if r.random() < 0.15:
            self.emit("step %d" % r.randint(1, 3))
        else:
            self.emit("train %d%s" % (n, opts))

    def c_settings(self):
        r = self.r
        k = r.random()
        if k < 0.35:
            self.emit("lr " + r.choice(["0.1", "0.01", "1", "10", "1e-6", "1e300", "0", "3"]))
        elif k < 0.55:
            self.emit("batch " + r.choice(["full", "1", "2", "7", "16", "1000"]))
        elif k < 0.85:
            o = r.choice(OPTIMS)
            opts = ""
            if o == "momentum" or o == "nesterov":
                if r.random() < 0.4:
                    opts = " momentum=" + r.choice(["0.9", "0", "0.99", "1"])
            elif o == "adam":
                if r.random() < 0.4:
                    opts = " beta1=" + r.choice(["0.9", "0", "0.5"]) + " eps=" + r.choice(["1e-8", "1"])
            elif o == "rmsprop" and r.random() < 0.4:
                opts = " alpha=" + r.choice(["0.99", "0.5", "0"])
            self.emit("optim " + o + opts)
        else:
            self.emit("seed %d" % r.randint(0, 1000))

    def c_pass(self):
        r = self.r
        k = r.random()
        if k < 0.3 and self.sizes:
            rows = r.randint(0, 3)
            self.emit("forward " + self.literal(rows, self.sizes[0], 0.05) + (" -v" if r.random() < 0.3 else ""))
        elif k < 0.45:
            self.emit("forward" + (" -v" if r.random() < 0.5 else ""))
        elif k < 0.7:
            self.emit("backward")
        elif k < 0.8:
            self.emit("update")
        else:
            self.emit("eval " + r.choice(["", "train", "test"]).strip() if r.random() < 0.8 else "eval")

    # --- time travel -------------------------------------------------------------------------
    def c_time(self):
        r = self.r
        k = r.random()
        nd = self.ndense() or 1
        if k < 0.35:
            for _ in range(r.choice([1, 1, 2, 3])):
                self.emit("undo")
        elif k < 0.55:
            self.emit("rewind %d" % r.choice([0, 1, 5, 50, self.trained, self.trained + 7, 10 ** 9]))
        elif k < 0.75:
            p = r.choice(["W", "b"]) + str(r.randint(1, nd))
            if r.random() < 0.3 and self.sizes:
                p = "W%d[0,0]" % r.randint(1, nd)
            at = r.choice(["@-1", "@-10", "@-%d" % max(1, self.trained // 2), "@0", "@%d" % (self.trained // 2),
                           "@%d" % (self.trained + 100)])
            self.emit("diff %s %s" % (p, at))
        else:
            kk = r.random()
            if kk < 0.6:
                name = "f%d" % r.randint(1, 4)
                opt = r.choice(["lr=" + r.choice(["0.1", "1", "1e-5"]), "batch=" + r.choice(["4", "full"]),
                                "act=" + r.choice(ACTS), "optim=" + r.choice(OPTIMS), "normalize=yes"])
                self.emit("fork %s %s" % (name, opt))
                self.forks.append(name)
            elif kk < 0.8:
                self.emit("fork")
            else:
                self.emit("fork drop " + (r.choice(self.forks) if self.forks and r.random() < 0.7 else "all"))

    # --- looking -------------------------------------------------------------------------------
    def param(self):
        nd = self.ndense() or 1
        k = self.r.randint(1, nd)
        return self.r.choice(["W%d", "b%d", "dW%d", "db%d", "z%d", "h%d"]) % k

    def elem(self):
        nd = self.ndense() or 1
        k = self.r.randint(1, nd)
        if self.sizes and len(self.sizes) > k:
            i, o = self.sizes[k - 1], self.sizes[k]
            if self.r.random() < 0.3:
                return "b%d[%d]" % (k, self.r.randrange(o))
            return "W%d[%d,%d]" % (k, self.r.randrange(i), self.r.randrange(o))
        return "W1[0,0]"

    def range(self):
        """XMIN XMAX: mostly in order"""
        a, b = self.num(0.2), self.num(0.2)
        try:
            if float(a) > float(b) and self.r.random() < 0.9:
                a, b = b, a
        except ValueError:
            pass
        return a, b

    def c_plot(self):
        r = self.r
        v = r.choice(["loss", "fn", "net", "fit", "lr", "cost", "grad", "weights", "fit", "net"])
        if self.big and v in ("lr", "cost"):  # minutes under ASan: a timeout that is no bug
            v = "weights"
        nd = self.ndense() or 1
        if v == "loss":
            o = r.choice(["", " log", " linear", " last=10", " x=log", " last=1", " linear x=log"])
            self.emit("plot loss" + o)
        elif v == "fn":
            rng = ""
            if r.random() < 0.5:
                rng = " %s %s" % self.range()
            self.emit("plot fn " + r.choice(FNS) + rng + (" at=" + self.num(0.2) if r.random() < 0.2 else ""))
        elif v == "net":
            o = ""
            if r.random() < 0.4:
                o += " %s %s" % self.range()
            if r.random() < 0.3:
                o += " input=%d" % r.randint(0, max(1, self.sizes[0] if self.sizes else 1))
            self.emit("plot net" + o)
        elif v == "fit":
            o = ""
            if r.random() < 0.6:
                if self.names and r.random() < 0.5:
                    o = " " + r.choice(self.names)
                else:
                    o = " %d" % r.randint(0, max(1, self.xw))
            if r.random() < 0.3 and self.xw:
                o += " %s=%s" % (self.names[-1] if self.names else "1", self.num(0.2))
            self.emit("plot fit" + o)
        elif v == "lr":
            a, b = r.choice([("1e-4", "1"), ("0.001", "10"), ("1e-300", "1e300"), ("1", "1e-3"), ("0.1", "0.1")])
            o = " n=%d iters=%d" % (r.randint(2, 6), r.choice([1, 5, 20]))
            self.emit("plot lr %s %s%s" % (a, b, o))
        elif v == "cost":
            p1, p2 = self.elem(), self.elem()
            o = ""
            if r.random() < 0.3:
                o = " x0=%s x1=%s" % (self.num(0.3), self.num(0.3))
            if r.random() < 0.2:
                o += " y0=%s y1=%s" % (self.num(0.3), self.num(0.3))
            self.emit("plot cost %s %s%s" % (p1, p2, o))
        elif v == "grad":
            self.emit("plot grad")
        else:
            self.emit("plot weights W%d" % r.randint(1, nd))

    def c_look(self):
        r = self.r
        k = r.random()
        nd = self.ndense() or 1
        if k < 0.2:
            self.emit("show " + r.choice(["net", "data", "settings", "layers"]))
        elif k < 0.4:
            names = [self.param() for _ in range(r.randint(1, 3))]
            names += r.sample(["out", "x", "y", "lr", "batch", "loss", "optim", "seed", "precision", "iteration"],
                              r.randint(0, 2))
            if r.random() < 0.3:
                names.append(self.elem())
            self.emit("print " + " ".join(names))
        elif k < 0.5:
            self.emit("grad")
        elif k < 0.7:
            s = (" sample=%d" % r.choice([0, 1, 3, 100])) if r.random() < 0.3 else ""
            if r.random() < 0.5:
                what = r.choice(["z%d", "h%d"]) % r.randint(1, nd) if r.random() < 0.7 else "out"
                self.emit("explain forward " + what + s)
            else:
                self.emit("explain backward %s%d%s" % (r.choice("Wb"), r.randint(1, nd), s))
        elif k < 0.8:
            o = ""
            if r.random() < 0.3:
                o += " h=" + r.choice(["1e-5", "1e-3", "1e-12", "1"])
            if r.random() < 0.5 or self.big:
                o += " max=" + (r.choice(["1", "5", "20"]) if not self.big else "1")
            self.emit("gradcheck" + o)
        elif k < 0.9:
            self.emit("watch " + " ".join(self.param() for _ in range(r.randint(1, 2))))
        elif k < 0.95:
            self.emit("unwatch")
        else:
            self.emit("precision %d%s" % (r.randint(1, 17), " fixed" if r.random() < 0.3 else ""))

    # --- files -----------------------------------------------------------------------------------
    def c_files(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            name = self.fname("dl")
            self.emit("save " + name)
            self.models.append(name)
        elif k < 0.5 and self.models:
            self.emit("load " + r.choice(self.models))
            # the loaded network's widths are not known here: guess they are the last saved
        elif k < 0.65:
            o = (" iterations=%d" % r.choice([0, 1, 10])) if r.random() < 0.4 else ""
            self.emit("export numpy %s%s" % (self.fname("py"), o))
        elif k < 0.75:
            self.emit("export csv " + self.fname("csv"))
        elif k < 0.85:
            self.emit("record " + self.fname("dl") if r.random() < 0.7 else "record off")
        elif k < 0.93:
            name = self.fname("dl")
            body = [r.choice(["print lr", "lr 0.05", "train 3 every=0", "undo", "plot loss", "show net",
                              "data", "net 2-3-1", "nosuchcommand", "source " + name]) for _ in range(r.randint(1, 4))]
            self.files[name] = "\n".join(body) + "\n"
            self.emit("source " + name)
        else:
            self.emit("say " + r.choice(["hello; print lr", "a [1, 2", "ünïcødé ✓"]))

    def c_reset(self):
        if self.r.random() < 0.5:
            self.emit("reset net")
            self.sizes = []
        else:
            self.emit("reset")
            self.sizes, self.loss, self.xw, self.yw, self.n, self.names = [], "mse", 0, 0, 0, []
        if self.r.random() < 0.8:  # mostly a session goes on with something to work on
            if not self.xw:
                self.c_gen()
            self.c_net()

    def fit_net(self):
        """after new data: mostly a network that fits it"""
        if self.r.random() < 0.6:
            self.c_net()

    # --- wrong ones -------------------------------------------------------------------------------
    def c_wrong(self):
        r = self.r
        nd = self.ndense() or 1
        self.emit(r.choice([
            "set W%d %s" % (nd + r.randint(0, 1), self.literal(r.randint(0, 3), r.randint(1, 4), 0.2)),
            "set W%d[%d,%d] 1" % (r.randint(1, nd), r.randint(-1, 99), r.randint(0, 99)),
            "x " + self.literal(2, 3)[:-1],
            "x [[1, 2], [3]]",
            "y []",
            "x [[[1]]]",
            "net 0-1",
            "net 2-x-1",
            "layer dense %d %d" % (r.randint(1, 5), r.randint(1, 5)),
            "plot cost W1[0,0] W1[0,0]",
            "plot cost W%d[9,9] b1[0]" % r.randint(1, nd),
            "plot weights b1",
            "plot fit nosuch",
            "plot net 1 1",
            "plot lr 0 0",
            "diff W9 @-1",
            "rewind -1",
            "explain forward z99",
            "explain backward W%d sample=-1" % nd,
            "train -1",
            "train 10 every=-1",
            "lr nan",
            "lr -1",
            "batch 0",
            "data load nosuch.csv",
            "load nosuch.dl",
            "fork",
            "fork x lr=1 lr=2",
            "tr 3",
            "pr lr",
            "unknownword",
            "data gen dates n=0",
            "data split test=2",
            "print W1[0]",
            "precision 0",
            "init he std=-1",
            "gradcheck h=0",
            "gradcheck max=0",
            "export numpy /nonexistent/dir/p.py",
            "save /nonexistent/dir/m.dl",
        ]))

    # --- the session --------------------------------------------------------------------------------
    def session(self, length):
        r = self.r
        # a start that makes the rest meaningful: data and a network that fits it, most of the time
        if r.random() < 0.8:
            (self.c_gen if r.random() < 0.6 else self.c_xy)()
        if r.random() < 0.3:
            self.c_loss()
        (self.c_net if r.random() < 0.8 else self.c_layers)()
        steps = [
            (6, self.c_train), (4, self.c_settings), (5, self.c_pass), (7, self.c_time),
            (8, self.c_plot), (6, self.c_look), (3, self.c_set), (3, self.c_init),
            (2, self.c_loss), (3, self.c_net), (1, self.c_layers), (3, self.c_gen), (3, self.c_xy),
            (2, self.c_load_data), (3, self.c_data_misc), (4, self.c_files), (1, self.c_wrong),
            (1, self.c_reset), (3, self.c_shape_travel), (0.2, self.c_big),
        ]
        total = sum(w for w, _ in steps)
        while len(self.lines) < length:
            x = r.uniform(0, total)
            for w, f in steps:
                x -= w
                if x <= 0:
                    f()
                    break
        return self.lines


def write_session(seed, d):
    g = Gen(seed)
    g.session(g.r.randint(15, 60))
    os.makedirs(os.path.join(d, "in"), exist_ok=True)
    for name in sorted(g.files):
        with open(os.path.join(d, "in", name), "w", encoding="utf-8", newline="") as f:
            f.write(g.files[name])
    with open(os.path.join(d, "session.dl"), "w", encoding="utf-8") as f:
        f.write("# dl session %d (tests/sessgen.py gen %d DIR)\n" % (seed, seed))
        f.write("\n".join(g.lines) + "\n")


# --- minimizing -------------------------------------------------------------------------------------
SAN = re.compile(r"ERROR: AddressSanitizer: [\w-]+|runtime error: [^\n]{0,60}|ERROR: LeakSanitizer|internal error")


def finding(rc, err):
    """the finding's signature, or None: a sanitizer report, a signal, a timeout, an internal error"""
    m = SAN.search(err)
    if m:
        return re.sub(r"0x[0-9a-f]+|\d+", "N", m.group(0))
    if rc == 124:
        return "timeout"
    if rc < 0:
        return "signal %d" % -rc
    if rc >= 128:
        return "signal %d" % (rc - 128)
    return None


def run_once(d, lines, cmd, timeout):
    run = os.path.join(d, "run")
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(os.path.join(d, "in"), run)
    try:
        p = subprocess.run(cmd, cwd=run, input="\n".join(lines) + "\n", capture_output=True, text=True,
                           errors="replace", timeout=timeout)
        return finding(p.returncode, p.stdout + p.stderr)
    except subprocess.TimeoutExpired:
        return "timeout"


def minimize(d, cmd, timeout=60, budget=240):
    with open(os.path.join(d, "session.dl"), encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if l and not l.startswith("#")]
    want = run_once(d, lines, cmd, timeout)
    if want is None:
        print("# the finding did not happen again", file=sys.stderr)
        return 1
    n = 2
    import time
    end = time.monotonic() + budget
    while len(lines) >= 2 and time.monotonic() < end:  # ddmin over lines: drop chunks, then single lines
        chunk = max(1, len(lines) // n)
        cut = False
        for i in range(0, len(lines), chunk):
            trial = lines[:i] + lines[i + chunk:]
            if trial and run_once(d, trial, cmd, timeout) == want:
                lines, n, cut = trial, max(n - 1, 2), True
                break
        if not cut:
            if chunk == 1:
                break
            n = min(len(lines), n * 2)
    with open(os.path.join(d, "min.dl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("# finding: %s%s (in %s)" % (want, "" if time.monotonic() < end else ", shrinking stopped at its time limit",
                                       os.path.join(d, "min.dl")))
    for l in lines:
        print(l if len(l) < 400 else l[:300] + " … (%d characters)" % len(l))
    return 0


def main(argv):
    if len(argv) in (3, 4) and argv[0] == "gen":
        if len(argv) == 3:
            write_session(int(argv[1]), argv[2])
        for seed in range(int(argv[1]), int(argv[1]) + int(argv[3])) if len(argv) == 4 else ():
            write_session(seed, os.path.join(argv[2], str(seed)))
        return 0
    if len(argv) >= 4 and argv[0] == "min" and argv[2] == "--":
        return minimize(argv[1], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
