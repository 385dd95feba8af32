/* train.c — iterations of forward, loss, backward and update, with no allocation inside. */
#include "train.h"
#include "loss.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

void trainer_init(trainer *t) { memset(t, 0, sizeof *t); }

void trainer_free(trainer *t)
{
	free(t->perm);
	free(t->prev);
	fm_free(&t->nw);
	tensor_free(&t->xb);
	tensor_free(&t->yb);
	trainer_init(t);
}

void trainer_reset(trainer *t)
{
	t->permN = 0;
	t->cursor = 0;
	t->x = t->y = NULL;
	t->B = 0;
}

int train_is_perm(const int *perm, int N)
{
	unsigned char *seen = calloc(N > 0 ? (size_t)N : 1, 1);
	int ok = seen != NULL;
	for (int i = 0; ok && i < N; i++) {
		ok = perm[i] >= 0 && perm[i] < N && !seen[perm[i]];
		if (ok)
			seen[perm[i]] = 1;
	}
	free(seen);
	return ok;
}

int trainer_set_order(trainer *t, const int *perm, int N, int cursor, long epoch)
{
	if (N < 0 || cursor < 0 || cursor > N || epoch < 0 || (N && !train_is_perm(perm, N)))
		return -1;
	if (N) {
		int *p = realloc(t->perm, (size_t)N * sizeof *p);
		if (!p)
			return -1;
		memcpy(p, perm, (size_t)N * sizeof *p);
		t->perm = p;
	}
	t->permN = N;
	t->cursor = N ? cursor : 0;
	t->epoch = epoch;
	t->x = t->y = NULL;
	t->B = 0;
	return 0;
}

void track_reset(track *t, size_t a, size_t b)
{
	t->a = a;
	t->b = b;
	t->n = 0;
	t->stride = 1;
	t->skip = 0;
}

void track_add(track *t, const double *params)
{
	if (++t->skip < t->stride)
		return;
	t->skip = 0;
	if (t->n == TRACK_CAP) { /* keep every other point, and from now on every 2·stride-th */
		for (int i = 0; i < TRACK_CAP / 2; i++) {
			t->x[i] = t->x[2 * i];
			t->y[i] = t->y[2 * i];
		}
		t->n = TRACK_CAP / 2;
		t->stride *= 2;
	}
	t->x[t->n] = params[t->a];
	t->y[t->n] = params[t->b];
	t->n++;
}

int train_ready(const net *nt, const dataset *ds, char *err, size_t errn)
{
	if (!nt->n) {
		snprintf(err, errn, "the network is empty: add layers with 'layer' or 'net'");
		return -1;
	}
	if (!data_rows(ds)) {
		snprintf(err, errn, "no training data: use 'data gen', 'data load' or 'x'/'y'");
		return -1;
	}
	if (!ds->Y.v || ds->Y.rows != ds->X.rows) {
		snprintf(err, errn, "no targets for the %d samples: set them with 'y'", ds->X.rows);
		return -1;
	}
	if (ds->D != net_in(nt)) {
		snprintf(err, errn, "the data has %d input column%s but the network takes %d", ds->D,
			 ds->D == 1 ? "" : "s", net_in(nt));
		return -1;
	}
	if (nt->loss == LOSS_CE) {
		if (ds->K != 1) {
			snprintf(err, errn, "loss ce needs one target column of class indices, got %d", ds->K);
			return -1;
		}
		for (int i = 0; i < ds->Y.rows; i++) {
			double c = ds->Y.v[i];
			if (!(c >= 0 && c < net_out(nt)) || c != floor(c)) {
				snprintf(err, errn, "loss ce: target %d is %g, not a class index 0..%d", i, c,
					 net_out(nt) - 1);
				return -1;
			}
		}
	} else if (ds->K != net_out(nt)) {
		snprintf(err, errn, "the data has %d target column%s but the network outputs %d", ds->K,
			 ds->K == 1 ? "" : "s", net_out(nt));
		return -1;
	}
	return 0;
}

/* the next batch; copy_x 0 leaves the inputs of a mini-batch uncopied (the feature-major path
 * gathers them itself; fill_x copies them when someone may look) */
static int next_batch(trainer *t, const dataset *ds, int batch, rng *r, int copy_x)
{
	int N = data_rows(ds);
	if (batch <= 0 || batch >= N) { /* full batch: use the data in place */
		t->B = N;
		t->x = ds->X.v;
		t->y = ds->Y.v;
		return 0;
	}
	if (t->permN != N) {
		int *p = realloc(t->perm, (size_t)N * sizeof *p);
		if (!p)
			return -1;
		t->perm = p;
		for (int i = 0; i < N; i++)
			p[i] = i;
		rng_shuffle(r, p, N);
		t->permN = N;
		t->cursor = 0;
	}
	if (tensor_reshape(&t->xb, 2, batch, ds->D) || tensor_reshape(&t->yb, 2, batch, ds->K))
		return -1;
	/* each epoch visits every row once, in a fresh order; a batch never spans two epochs */
	if (t->cursor + batch > N) {
		rng_shuffle(r, t->perm, N);
		t->cursor = 0;
		t->epoch++;
	}
	for (int i = 0; i < batch; i++) {
		int row = t->perm[t->cursor + i];
		if (copy_x)
			memcpy(t->xb.v + (size_t)i * ds->D, ds->X.v + (size_t)row * ds->D, ds->D * sizeof(double));
		memcpy(t->yb.v + (size_t)i * ds->K, ds->Y.v + (size_t)row * ds->K, ds->K * sizeof(double));
	}
	t->cursor += batch;
	t->B = batch;
	t->x = t->xb.v;
	t->y = t->yb.v;
	return 0;
}

int train_next_batch(trainer *t, const dataset *ds, int batch, rng *r)
{
	return next_batch(t, ds, batch, r, 1);
}

/* the rows of the last mini-batch into xb, after next_batch(…, 0) */
static void fill_x(trainer *t, const dataset *ds)
{
	const int *rows = t->perm + t->cursor - t->B;
	for (int i = 0; i < t->B; i++)
		memcpy(t->xb.v + (size_t)i * ds->D, ds->X.v + (size_t)rows[i] * ds->D, ds->D * sizeof(double));
}

/* After feature-major steps, the layers' own outputs and gradients (and, for mini-batches, the
 * batch's inputs) as the general path leaves them, for whoever looks: ran holds the parameters
 * the last step ran with. */
static void fm_catch_up(trainer *t, net *nt, const dataset *ds, const double *ran)
{
	if (net_reserve(nt, t->B))
		return;
	fm_sync(&t->nw, nt, ran);
	if (t->B < data_rows(ds))
		fill_x(t, ds);
}

double train_backward(trainer *t, net *nt, double *acc)
{
	int B = t->B, K = net_out(nt);
	layer *last = &nt->L[nt->n - 1];
	const double *out = net_forward(nt, t->x, B);
	double J = loss_eval(nt->loss, last->kind, out, t->y, B, K, last->g.v);
	if (acc) {
		int ok = loss_correct(nt->loss, last->kind, out, t->y, B, K);
		*acc = ok < 0 ? -1 : (double)ok / B;
	}
	net_backward(nt, t->x);
	return J;
}

static int until_met(int until, double v, double loss, double acc)
{
	switch (until) {
	case UNTIL_LOSS_LT: return loss < v;
	case UNTIL_LOSS_GT: return loss > v;
	case UNTIL_ACC_GT: return acc > v;
	case UNTIL_ACC_LT: return acc >= 0 && acc < v;
	default: return 0;
	}
}

/* Before a run: the data fits the network, the batch's workspaces, the optimizer's state and
 * the copy of the parameters before each update are there.  *B: the batch's rows. */
static int run_prepare(trainer *t, net *nt, const dataset *ds, optim *op, const train_opts *o, int *B,
		       char *err, size_t errn)
{
	if (train_ready(nt, ds, err, errn))
		return -1;
	*B = train_batch_rows(o->batch, data_rows(ds));
	if (net_reserve(nt, *B) || optim_reserve(op, nt->P)) {
		snprintf(err, errn, "out of memory for a batch of %d", *B);
		return -1;
	}
	if (t->prevP != nt->P) {
		double *p = dbl_grow(t->prev, t->prevP, nt->P);
		if (!p) {
			snprintf(err, errn, "out of memory");
			return -1;
		}
		t->prev = p;
		t->prevP = nt->P;
	}
	return 0;
}

/* speed=K: the done-th iteration is due at t0 + done/K; wait for it in slices of at most
 * 15 ms, the UI's ticks going on (nonzero: the tick asked to stop). */
static int pace(const train_opts *o, const train_hooks *hk, double t0, long done, long iter, double J)
{
	for (;;) {
		double wait = t0 + (double)done / o->speed - poll_now();
		if (wait <= 0 || (hk->interrupt && *hk->interrupt))
			return 0;
		struct timespec ts = { 0, (long)(fmin(wait, 0.015) * 1e9) };
		nanosleep(&ts, NULL);
		if (hk->tick && hk->tick(hk->ctx, iter, J))
			return 1;
	}
}

int train_run(trainer *t, net *nt, const dataset *ds, optim *op, rng *r, lhist *h, long *iter,
	      const train_opts *o, const train_hooks *hk, train_result *res, char *err,
	      size_t errn)
{
	memset(res, 0, sizeof *res);
	res->acc = -1;
	int B;
	if (run_prepare(t, nt, ds, op, o, &B, err, errn))
		return -1;
	int need_acc = o->until == UNTIL_ACC_GT || o->until == UNTIL_ACC_LT;
	/* the network trains feature-major where it can (src/engine/fm.c: the same bits, faster); the layers'
	 * own outputs and gradients are brought up to date whenever someone may look at them: the
	 * hooks and the end of the run.  Over the budget or out of memory for it: the general
	 * path. */
	fm *nw = fm_fits(nt) && (!o->fm_max || fm_size(nt, B) <= o->fm_max) &&
			 fm_reserve(&t->nw, nt, B) == 0 ? &t->nw : NULL;
	int stepped = 0; /* a feature-major step has run (and the full batch been taken in) */
	const double *ran = nt->params; /* the parameters of the last step: before the update */
	const int mini = B < data_rows(ds); /* mini-batches: gathered by fm_input_rows */
#define NW_SYNC() ((nw && stepped) ? fm_catch_up(t, nt, ds, ran) : (void)0)
	double t0 = poll_now();
	train_clock clk = { .next = t0 + 0.015, .every = 1 };
	res->why = TRAIN_DONE;
	for (long i = 0; i < o->iters; i++) {
		if (next_batch(t, ds, o->batch, r, !nw)) {
			NW_SYNC();
			snprintf(err, errn, "out of memory for a batch of %d", o->batch);
			return -1;
		}
		double acc = -1, J;
		if (nw) {
			if (mini)
				fm_input_rows(nw, ds->X.v, t->perm + t->cursor - B);
			else if (!stepped) /* the full batch is the same every iteration */
				fm_input_rows(nw, ds->X.v, NULL);
			stepped = 1;
			ran = nt->params;
			J = fm_step(nw, nt, t->y, need_acc ? &acc : NULL);
			res->fm_steps++;
		} else {
			J = train_backward(t, nt, need_acc ? &acc : NULL);
		}
		res->loss = J;
		lhist_add(h, *iter, J);
		if (!isfinite(J) && o->stop_diverge) {
			res->why = TRAIN_DIVERGED;
			res->bad_iter = *iter;
			break;
		}
		optim_step_keep(op, o->lr, nt->params, nt->grads, nt->P, t->prev);
		ran = t->prev;
		if (o->track)
			track_add(o->track, nt->params);
		if (o->mon)
			monitor_tick(o->mon, nt, *iter + 1); /* the state after update *iter */
		res->done++;
		if (hk->line && o->every > 0 && *iter % o->every == 0) {
			NW_SYNC();
			hk->line(hk->ctx, *iter, J);
		}
		(*iter)++;
		res->acc = acc;
		if (o->until && until_met(o->until, o->until_val, J, acc)) {
			res->why = TRAIN_UNTIL;
			break;
		}
		if (hk->interrupt && *hk->interrupt) {
			res->why = TRAIN_INTERRUPTED;
			break;
		}
		if (hk->tick && train_clock_due(&clk)) {
			NW_SYNC();
			if (hk->tick(hk->ctx, *iter, J)) {
				res->why = TRAIN_STOPPED;
				break;
			}
		}
		if (o->speed > 0) { /* the numbers as at full speed; only the clock differs */
			NW_SYNC();
			if (pace(o, hk, t0, res->done, *iter, J)) {
				res->why = TRAIN_STOPPED;
				break;
			}
		}
	}
	res->seconds = poll_now() - t0;
	NW_SYNC();
#undef NW_SYNC
	return 0;
}

int train_eval(net *nt, const double *x, const double *y, int N, double *loss, double *acc)
{
	if (net_reserve(nt, N))
		return -1;
	layer *last = &nt->L[nt->n - 1];
	const double *out = net_forward(nt, x, N);
	*loss = loss_eval(nt->loss, last->kind, out, y, N, net_out(nt), NULL);
	int ok = loss_correct(nt->loss, last->kind, out, y, N, net_out(nt));
	*acc = ok < 0 ? -1 : (double)ok / N;
	return 0;
}

/* A fingerprint of which side of the kink every ReLU / leaky ReLU input is on: when a
 * perturbation changes it, the central difference straddles a kink and says nothing. */
static uint64_t kink_print(const net *nt)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 1; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->kind != LAYER_RELU && l->kind != LAYER_LEAKY_RELU)
			continue;
		const double *x = nt->L[i - 1].y.v;
		size_t M = (size_t)nt->N * (size_t)l->in;
		for (size_t j = 0; j < M; j++)
			h = (h ^ (uint64_t)(x[j] > 0) ^ (j << 1)) * 1099511628211ull;
	}
	return h;
}

static double batch_loss(trainer *t, net *nt)
{
	layer *last = &nt->L[nt->n - 1];
	const double *out = net_forward(nt, t->x, t->B);
	return loss_eval(nt->loss, last->kind, out, t->y, t->B, net_out(nt), NULL);
}

/* What checking one tensor needs and finds. */
typedef struct gc_run {
	trainer *t;
	net *nt;
	const double *ana; /* (P,) the analytic gradient */
	double h, floor_abs;
	uint64_t base;     /* kink_print of the unperturbed network */
	int kinks;
	const train_hooks *hk;
	train_clock clk;
} gc_run;

/* The worst relative error over every step-th of the n parameters at off; *checked those
 * compared (not at a kink).  1 when the hooks stopped it (the parameter restored). */
static int gc_tensor(gc_run *g, size_t off, size_t n, size_t step, double *worst, int *checked)
{
	*worst = 0;
	*checked = 0;
	for (size_t j = 0; j < n; j += step) {
		if (train_poll(g->hk, &g->clk, 0, NAN))
			return 1;
		double *p = g->nt->params + off + j, keep = *p;
		*p = keep + g->h;
		double jp = batch_loss(g->t, g->nt);
		uint64_t kp = kink_print(g->nt);
		*p = keep - g->h;
		double jm = batch_loss(g->t, g->nt);
		uint64_t km = kink_print(g->nt);
		*p = keep;
		if (kp != g->base || km != g->base) {
			g->kinks++;
			continue;
		}
		(*checked)++;
		double num = (jp - jm) / (2 * g->h), a = g->ana[off + j], diff = fabs(a - num);
		double rel = diff / fmax(fmax(fabs(a), fabs(num)), 1e-300);
		/* the central difference itself is only good to about ε·J/h: below that
		 * noise floor two gradients agree whatever their relative error */
		if (diff <= g->floor_abs)
			rel = fmin(rel, 1e-7);
		if (!(rel <= *worst))
			*worst = isnan(rel) ? INFINITY : rel;
	}
	return 0;
}

int train_gradcheck(trainer *t, net *nt, const dataset *ds, double h, int max_per,
		    gradcheck_report report, void *ctx, int *failed, int *kinks, const train_hooks *hk,
		    char *err, size_t errn)
{
	if (train_ready(nt, ds, err, errn))
		return -1;
	if (train_next_batch(t, ds, 0, NULL) || net_reserve(nt, t->B)) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	double *ana = malloc((nt->P ? nt->P : 1) * sizeof *ana);
	if (!ana) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	train_backward(t, nt, NULL);
	memcpy(ana, nt->grads, nt->P * sizeof *ana);
	gc_run g = { .t = t, .nt = nt, .ana = ana, .h = h, .base = kink_print(nt), .hk = hk };
	g.floor_abs = 1e3 * 2.2e-16 * fmax(1, fabs(batch_loss(t, nt))) / h;
	train_clock_start(&g.clk);
	*failed = 0;
	int stopped = 0;
	for (int i = 0; i < nt->n && !stopped; i++) {
		layer *l = &nt->L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		for (int which = 0; which < 2 && !stopped; which++) {
			size_t off = which ? l->off_b : l->off_W;
			size_t n = which ? (size_t)l->out : (size_t)l->in * (size_t)l->out;
			size_t step = n > (size_t)max_per ? (n + max_per - 1) / max_per : 1;
			double worst;
			int checked;
			stopped = gc_tensor(&g, off, n, step, &worst, &checked);
			if (stopped)
				break;
			char name[16];
			snprintf(name, sizeof name, "%s%d", which ? "b" : "W", l->k);
			int pass = worst < 1e-5;
			*failed += !pass;
			report(ctx, name, worst, checked, pass);
		}
	}
	*kinks = g.kinks;
	memcpy(nt->grads, ana, nt->P * sizeof *ana);
	free(ana);
	return stopped;
}
