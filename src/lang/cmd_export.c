/* cmd_export.c — graduate: export numpy FILE.py writes a standalone numpy program with the
 * session's network, weights, data and training settings, in the tutorial's forward/backward
 * style; export csv FILE writes the loss history. */
#include "cmd.h"
#include "engine/io.h"
#include "engine/loss.h"
#include <errno.h>
#include <math.h>
#include <string.h>

static void py_array(FILE *f, const char *name, const double *v, int rows, int cols, int ndim)
{
	char num[IO_NUMLEN];
	fprintf(f, "%s = np.array([", name);
	for (int r = 0; r < rows && !ferror(f); r++) { /* a failed write (or a stop) ends it */
		if (ndim == 2)
			fprintf(f, "%s[", r ? ",\n    " : "");
		for (int c = 0; c < cols; c++) {
			double x = v[(size_t)r * cols + c];
			if (isnan(x))
				fprintf(f, "%snp.nan", c ? ", " : "");
			else if (isinf(x))
				fprintf(f, "%s%snp.inf", c ? ", " : "", x < 0 ? "-" : "");
			else if (x == 0 && signbit(x)) /* Python's -0 is the integer 0: the sign would go */
				fprintf(f, "%s-0.0", c ? ", " : "");
			else
				fprintf(f, "%s%s", c ? ", " : "", io_num(x, num));
		}
		if (ndim == 2)
			fprintf(f, "]");
	}
	fprintf(f, "], dtype=np.float64)\n");
}

static const char *PY_LAYERS =
	"# ---- layers: each forward returns its output and what its backward needs ----\n"
	"def affine_forward(x, W, b):\n"
	"    # x: (N, D), W: (D, K), b: (K,) -> out: (N, K)\n"
	"    return x.dot(W) + b, x\n\n"
	"def affine_backward(dout, x, W):\n"
	"    # dout: (N, K) -> dx: (N, D), dW: (D, K), db: (K,)\n"
	"    return dout.dot(W.T), x.T.dot(dout), dout.sum(axis=0)\n\n"
	"def act_forward(kind, z, alpha):\n"
	"    if kind == 'relu':\n"
	"        return np.maximum(0, z)\n"
	"    if kind == 'leaky_relu':\n"
	"        return np.where(z > 0, z, alpha * z)\n"
	"    if kind == 'sigmoid':\n"
	"        return 1 / (1 + np.exp(-z))\n"
	"    if kind == 'tanh':\n"
	"        return np.tanh(z)\n"
	"    e = np.exp(z - z.max(axis=1, keepdims=True))  # softmax, row by row\n"
	"    return e / e.sum(axis=1, keepdims=True)\n\n"
	"def act_backward(kind, dh, z, h, alpha):\n"
	"    # dh: dJ/dh (N, K) -> dJ/dz (N, K)\n"
	"    if kind == 'relu':\n"
	"        return dh * (z > 0)\n"
	"    if kind == 'leaky_relu':\n"
	"        return np.where(z > 0, dh, alpha * dh)\n"
	"    if kind == 'sigmoid':\n"
	"        return dh * h * (1 - h)\n"
	"    if kind == 'tanh':\n"
	"        return dh * (1 - h * h)\n"
	"    return h * (dh - (dh * h).sum(axis=1, keepdims=True))\n\n";

static const char *PY_LOSSES =
	"# ---- the loss and dJ/dout ----\n"
	"def loss_and_grad(out, y):\n"
	"    N, K = out.shape\n"
	"    if LOSS == 'mse':  # mean over samples, sum over outputs\n"
	"        return np.sum(np.square(out - y)) / N, 2 * (out - y) / N\n"
	"    if LOSS == 'ce':   # softmax cross-entropy, y holds class indices\n"
	"        c = y[:, 0].astype(int)\n"
	"        if LAYERS[-1][0] == 'softmax':\n"
	"            p = np.maximum(out[np.arange(N), c], 1e-300)\n"
	"            d = np.zeros_like(out)\n"
	"            d[np.arange(N), c] = -1 / (N * p)\n"
	"            return -np.log(p).sum() / N, d\n"
	"        m = out.max(axis=1, keepdims=True)\n"
	"        lse = m + np.log(np.exp(out - m).sum(axis=1, keepdims=True))\n"
	"        d = np.exp(out - lse) / N\n"
	"        d[np.arange(N), c] -= 1 / N\n"
	"        return (lse[:, 0] - out[np.arange(N), c]).sum() / N, d\n"
	"    M = out.size       # bce: mean over every output\n"
	"    if LAYERS[-1][0] == 'sigmoid':\n"
	"        p = out\n"
	"        J = -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100)).sum() / M\n"
	"        return J, (p - y) / np.maximum(p * (1 - p), 1e-12) / M\n"
	"    J = (np.maximum(out, 0) - out * y + np.log1p(np.exp(-np.abs(out)))).sum() / M\n"
	"    return J, (1 / (1 + np.exp(-out)) - y) / M\n\n";

static const char *PY_TRAIN =
	"def forward_backward(x, y):\n"
	"    cache, h = [], x\n"
	"    for kind, k, alpha in LAYERS:\n"
	"        if kind == 'dense':\n"
	"            z, xin = affine_forward(h, W[k], b[k])\n"
	"            cache.append((kind, k, alpha, xin, z))\n"
	"            h = z\n"
	"        else:\n"
	"            a = act_forward(kind, h, alpha)\n"
	"            cache.append((kind, k, alpha, h, a))\n"
	"            h = a\n"
	"    loss, d = loss_and_grad(h, y)\n"
	"    dW, db = {}, {}\n"
	"    for kind, k, alpha, xin, out in reversed(cache):\n"
	"        if kind == 'dense':\n"
	"            d, dW[k], db[k] = affine_backward(d, xin, W[k])\n"
	"        else:\n"
	"            d = act_backward(kind, d, xin, out, alpha)\n"
	"    return loss, dW, db\n\n"
	"# ---- the optimizer, with torch.optim's update rules; STATE holds dl's buffers ----\n"
	"state = STATE\n"
	"def update(p, g, key, t):\n"
	"    if OPTIM == 'sgd':\n"
	"        p -= LR * g\n"
	"    elif OPTIM in ('momentum', 'nesterov'):\n"
	"        buf = g.copy() if t == 1 else MOMENTUM * state[key] + g\n"
	"        state[key] = buf\n"
	"        p -= LR * (g + MOMENTUM * buf if OPTIM == 'nesterov' else buf)\n"
	"    elif OPTIM == 'rmsprop':\n"
	"        v = ALPHA * state.get(key, 0) + (1 - ALPHA) * g * g\n"
	"        state[key] = v\n"
	"        p -= LR * g / (np.sqrt(v) + EPS)\n"
	"    else:  # adam\n"
	"        m, v = state.get(key, (0, 0))\n"
	"        m = BETA1 * m + (1 - BETA1) * g\n"
	"        v = BETA2 * v + (1 - BETA2) * g * g\n"
	"        state[key] = (m, v)\n"
	"        bc1, bc2 = 1 - BETA1 ** t, 1 - BETA2 ** t\n"
	"        p -= (LR / bc1) * m / (np.sqrt(v) / np.sqrt(bc2) + EPS)\n\n"
	"# ---- mini-batches in dl's order: its generator (xoshiro256**), each epoch a fresh shuffle ----\n"
	"M64 = (1 << 64) - 1\n"
	"def rng_next():\n"
	"    s = RNG\n"
	"    rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64\n"
	"    result = (rotl((s[1] * 5) & M64, 7) * 9) & M64\n"
	"    t = (s[1] << 17) & M64\n"
	"    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t\n"
	"    s[3] = rotl(s[3], 45)\n"
	"    return result\n\n"
	"def rng_below(n):  # uniform in [0, n), unbiased: draws below the largest multiple of n\n"
	"    lim = M64 - M64 % n\n"
	"    while True:\n"
	"        x = rng_next()\n"
	"        if x < lim:\n"
	"            return x % n\n\n"
	"def shuffle(a):  # Fisher-Yates, as dl's rng_shuffle\n"
	"    for i in range(len(a) - 1, 0, -1):\n"
	"        j = rng_below(i + 1)\n"
	"        a[i], a[j] = a[j], a[i]\n\n"
	"def next_batch():\n"
	"    global PERM, CURSOR\n"
	"    N = X.shape[0]\n"
	"    if BATCH <= 0 or BATCH >= N:\n"
	"        return X, Y\n"
	"    if PERM is None or len(PERM) != N:\n"
	"        PERM, CURSOR = list(range(N)), 0\n"
	"        shuffle(PERM)\n"
	"    if CURSOR + BATCH > N:  # a batch never spans two epochs\n"
	"        shuffle(PERM)\n"
	"        CURSOR = 0\n"
	"    rows = PERM[CURSOR:CURSOR + BATCH]\n"
	"    CURSOR += BATCH\n"
	"    return X[rows], Y[rows]\n\n"
	"if __name__ == '__main__':\n"
	"    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else ITERATIONS\n"
	"    every = max(1, iterations // 10)\n"
	"    loss = float('nan')\n"
	"    for i in range(iterations):\n"
	"        loss, dW, db = forward_backward(*next_batch())\n"
	"        if not np.isfinite(loss):\n"
	"            print(f'iteration {ITER0 + i}: loss={loss:.4} (not finite: stopping)')\n"
	"            break\n"
	"        for k in W:\n"
	"            update(W[k], dW[k], ('W', k), STEPS + i + 1)\n"
	"            update(b[k], db[k], ('b', k), STEPS + i + 1)\n"
	"        if i % every == 0:\n"
	"            print(f'iteration {ITER0 + i}: loss={loss:.4}')\n"
	"    final, _, _ = forward_backward(X, Y)\n"
	"    print(f'loss after {iterations} iterations: {final:.17g}')\n";

/* buf (P,) as per-parameter arrays: W[k]'s shape and b[k]'s, in a dict keyed ('W', k) */
static void py_per_param(FILE *f, const net *nt, const char *dict, const double *buf)
{
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		char name[48];
		if (l->kind != LAYER_DENSE)
			continue;
		snprintf(name, sizeof name, "%s[('W', %d)]", dict, l->k);
		py_array(f, name, buf + l->off_W, l->in, l->out, 2);
		snprintf(name, sizeof name, "%s[('b', %d)]", dict, l->k);
		py_array(f, name, buf + l->off_b, 1, l->out, 1);
	}
}

/* the training state: iteration, the optimizer's steps and buffers, the batch order */
static void put_state(FILE *f, const session *s)
{
	const optim *o = &s->op;
	const trainer *t = &s->tr;
	long steps = o->m && o->P == s->nt.P ? o->t : 0;
	fprintf(f, "\n# the training state: dl's iteration counter, the optimizer's steps and buffers\n"
		   "ITER0, STEPS = %ld, %ld\nSTATE = {}\n", s->iter, steps);
	if (steps && optim_uses_m(o->kind) && optim_uses_v(o->kind)) {
		fprintf(f, "M, V = {}, {}\n");
		py_per_param(f, &s->nt, "M", o->m);
		py_per_param(f, &s->nt, "V", o->v);
		fprintf(f, "STATE = {key: (M[key], V[key]) for key in M}\n");
	} else if (steps && (optim_uses_m(o->kind) || optim_uses_v(o->kind))) {
		py_per_param(f, &s->nt, "STATE", optim_uses_m(o->kind) ? o->m : o->v);
	}
	int N = data_rows(&s->ds);
	fprintf(f, "# mini-batches (0: full batch): this epoch's order of the rows and the next place in it\n"
		   "BATCH = %d\nCURSOR = %d\nPERM = ", s->batch, t->permN == N ? t->cursor : 0);
	if (t->permN == N && t->perm) {
		fprintf(f, "[");
		for (int i = 0; i < N; i++)
			fprintf(f, "%s%d", i ? (i % 20 ? ", " : ",\n    ") : "", t->perm[i]);
		fprintf(f, "]\n");
	} else {
		fprintf(f, "None\n");
	}
	fprintf(f, "RNG = [0x%016llx, 0x%016llx, 0x%016llx, 0x%016llx]  # dl's generator, xoshiro256**\n",
		(unsigned long long)s->rng.s[0], (unsigned long long)s->rng.s[1], (unsigned long long)s->rng.s[2],
		(unsigned long long)s->rng.s[3]);
}

/* What export numpy writes (ctx: the request); nonzero on a write error. */
typedef struct export_req {
	session *s;
	const char *path;
	long iters;
} export_req;

static int put_numpy(FILE *f, void *ctx)
{
	const export_req *rq = ctx;
	session *s = rq->s;
	const net *nt = &s->nt;
	const char *path = rq->path;
	long iters = rq->iters;
	fprintf(f, "#!/usr/bin/env python3\n# Written by dl's 'export numpy': the session's network, weights, data, training\n"
		   "# settings and training state (the optimizer's buffers and steps, the mini-batch order and\n"
		   "# dl's random generator) as a standalone numpy program.  Run: python3 %s [ITERATIONS]\n"
		   "# It trains as dl goes on from here and prints the loss as dl computes it.  numpy's matrix\n"
		   "# products add in another order than dl's kernels, so the last bits of a gradient may\n"
		   "# differ: the losses agree to about 1e-12 relative, not to the last bit.\n"
		   "import sys\nimport numpy as np\n\n", path);
	char n1[IO_NUMLEN], n2[IO_NUMLEN], n3[IO_NUMLEN], n4[IO_NUMLEN], n5[IO_NUMLEN], n6[IO_NUMLEN];
	fprintf(f, "LR = %s\nOPTIM = '%s'\nMOMENTUM, ALPHA, BETA1, BETA2, EPS = %s, %s, %s, %s, %s\n", io_num(s->lr, n1),
		optim_name(s->op.kind), io_num(s->op.momentum, n2), io_num(s->op.alpha, n3), io_num(s->op.beta1, n4),
		io_num(s->op.beta2, n5), io_num(s->op.eps, n6));
	fprintf(f, "LOSS = '%s'\nITERATIONS = %ld\n\n", loss_name(nt->loss), iters);
	fprintf(f, "# the network, layer by layer: (kind, k, alpha); dense layer k owns W[k] (IN, OUT), b[k] (OUT,)\nLAYERS = [");
	for (int i = 0; i < nt->n; i++)
		fprintf(f, "%s('%s', %d, %s)", i ? ", " : "", layer_kind_name(nt->L[i].kind), nt->L[i].k,
			io_num(nt->L[i].alpha, n1));
	fprintf(f, "]\nW, b = {}, {}\n");
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		char name[32];
		if (l->kind != LAYER_DENSE)
			continue;
		snprintf(name, sizeof name, "W[%d]", l->k);
		py_array(f, name, l->W.v, l->in, l->out, 2);
		snprintf(name, sizeof name, "b[%d]", l->k);
		py_array(f, name, l->b.v, 1, l->out, 1);
	}
	fprintf(f, "\n# the training data%s: X (N, %d), Y (N, %d)\n", s->ds.normalized ? " (already normalized)" : "", s->ds.D,
		s->ds.K);
	py_array(f, "X", s->ds.X.v, s->ds.X.rows, s->ds.D, 2);
	py_array(f, "Y", s->ds.Y.v, s->ds.Y.rows, s->ds.K, 2);
	put_state(f, s);
	fprintf(f, "\n%s%s%s", PY_LAYERS, PY_LOSSES, PY_TRAIN);
	return ferror(f);
}

static int export_numpy(session *s, cmd_args *a, const char *path, long iters)
{
	char err[512];
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: nothing to export");
	if (train_ready(&s->nt, &s->ds, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	export_req rq = { s, path, iters };
	train_hooks hk = sess_long_hooks(s);
	int e = sess_write_file(&hk, path, put_numpy, &rq);
	if (e)
		return sess_write_failed(s, a, path, e);
	sess_note(s, "wrote %s: run it with 'python3 %s [ITERATIONS]'\n", path, path);
	return SESS_OK;
}

static int put_csv(FILE *f, void *ctx)
{
	static double xs[LHIST_CAP];
	const lhist *h = ctx;
	int n = lhist_xs(h, xs);
	char lo[IO_NUMLEN], hi[IO_NUMLEN], last[IO_NUMLEN];
	fprintf(f, "iteration,loss_min,loss_max,loss_last\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "%.0f,%s,%s,%s\n", xs[i], io_num(h->lo[i], lo), io_num(h->hi[i], hi), io_num(h->last[i], last));
	return ferror(f);
}

static int export_csv(session *s, cmd_args *a, const char *path)
{
	static double xs[LHIST_CAP];
	const lhist *h = &s->hist;
	int n = lhist_xs(h, xs);
	if (!n)
		return CMD_ERR(s, a, "no loss history yet: train first");
	int e = sess_write_out(s, path, put_csv, &s->hist);
	if (e)
		return sess_write_failed(s, a, path, e);
	if (strcmp(path, "-")) /* on standard output the data is all */
		sess_note(s, "wrote %d rows (%ld iterations, %ld per row) to %s\n", n, h->count, h->stride, path);
	return SESS_OK;
}

int cmd_export(session *s, cmd_args *a)
{
	long iters = 1000;
	if (cmd_opt_int(s, a, "iterations", 0, s->max_iters, &iters))
		return SESS_ERROR;
	if (!strcmp(a->argv[0], "numpy"))
		return export_numpy(s, a, a->argv[1], iters);
	if (!strcmp(a->argv[0], "csv"))
		return export_csv(s, a, a->argv[1]);
	return CMD_ERR(s, a, "export numpy FILE.py or export csv FILE (got '%.40s')", a->argv[0]);
}
