/* diagnose.c — why did training diverge, or stop learning, and what would help?  Every remedy
 * it suggests has been tried first: from the network as the run began, in a scratch copy (its
 * own optimizer, batch order and generator, copied from the session's so that the learner's run
 * repeats it exactly), for as many iterations as the run asked for. */
#include "tutor.h"
#include "diagnose.h"
#include "fmt.h"
#include "lex.h"
#include "engine/loss.h"
#include "engine/stab.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_TRIES 8         /* learning rates tried, each smaller than the last */
#define DIAG_WORK 2.5e8      /* parameters × rows × iterations one check may cost (~0.3 s) */
#define DIAG_TOTAL 1.5e9     /* and all the checks of one diagnosis together (~2 s) */
#define DIAG_LAYERS 16       /* dense layers followed in the replay */

/* ---- numbers to suggest ---- */

/* The largest of 1, 2, 5 × 10^k strictly below x (> 0). */
static double nice_below(double x)
{
	double e = pow(10, floor(log10(x)));
	static const double m[] = { 5, 2, 1, 0.5 };
	for (int i = 0; i < 4; i++)
		if (m[i] * e < x * (1 - 1e-9))
			return m[i] * e;
	return 0.2 * e;
}

/* ---- the scratch copy ---- */

/* What one check found. */
typedef struct probe {
	long iters;            /* iterations run */
	long bad;              /* the first iteration whose loss was not finite, else -1 */
	double before, after;  /* loss on the whole training set at the start and the end */
	int stuck, layer;      /* stab_stuck at the end, on the whole training set */
	int cut;               /* stopped early (Ctrl-C, a key): says nothing */
} probe;

/* A check's input: the data (the session's or a normalized copy), whether its batch order
 * is the session's (normalize forgets it), the learning rate. */
typedef struct trial {
	const dataset *ds;
	int same_order;
	const char *init;      /* a scheme the network is re-initialised with first, or NULL */
	double lr;
} trial;

static int probe_tick(void *ctx, long iter, double loss)
{
	session *s = ctx;
	(void)iter;
	(void)loss;
	return s->hk.tick ? s->hk.tick(s->hk.ctx) : 0; /* keeps the UI alive; may stop the check */
}

/* The iterations a check runs: the run's own count, within DIAG_WORK. */
static long probe_iters(const session *s, const net *nt, const dataset *ds, long want)
{
	double rows = train_batch_rows(s->batch, data_rows(ds));
	double can = DIAG_WORK / (fmax(1, (double)nt->P) * fmax(1, rows));
	return want < can ? want : (long)fmax(1, can);
}

/* A copy of the batch order of src into dst (trainer_init'ed); -1 when out of memory. */
static int order_copy(trainer *dst, const trainer *src)
{
	if (!src->permN)
		return 0;
	dst->perm = malloc((size_t)src->permN * sizeof *dst->perm);
	if (!dst->perm)
		return -1;
	memcpy(dst->perm, src->perm, (size_t)src->permN * sizeof *dst->perm);
	dst->permN = src->permN;
	dst->cursor = src->cursor;
	dst->epoch = src->epoch;
	return 0;
}

/* Loss on the whole training set, and which layer is stuck there (stab_stuck). */
static double whole_set(net *nt, const dataset *ds, int *stuck, int *layer)
{
	double loss = NAN, acc;
	*stuck = 0;
	if (!train_eval(nt, ds->X.v, ds->Y.v, data_rows(ds), &loss, &acc))
		*stuck = stab_stuck(nt, layer);
	return loss;
}

static int still_stuck(int kind, double before, double after);

/* Run tr from start for iters iterations in a scratch copy; -1 when it could not run (memory). */
static int probe_run(session *s, const net *start, const trial *tr, long iters, probe *p)
{
	char err[256];
	net nt;
	optim op;
	trainer t;
	rng r = s->rng;
	lhist *h = malloc(sizeof *h);
	int N = data_rows(tr->ds), B = train_batch_rows(s->batch, N);
	memset(p, 0, sizeof *p);
	p->bad = -1;
	if (!h || 2 * start->P > s->max_values || sess_batch_fits(s, start, N > B ? N : B, err, sizeof err) ||
	    net_clone(&nt, start)) {
		free(h);
		return -1;
	}
	optim_init_like(&op, &s->op);
	trainer_init(&t);
	lhist_clear(h);
	int rc = tr->same_order ? order_copy(&t, &s->tr) : 0;
	if (!rc && tr->init)
		net_init_weights(&nt, tr->init, 0, &r);
	long it = 0;
	train_opts o = { .iters = iters, .lr = tr->lr, .batch = s->batch, .stop_diverge = 1 };
	train_hooks hk = { .ctx = s, .tick = probe_tick, .interrupt = s->interrupt };
	train_result res;
	if (!rc) {
		int stuck, layer;
		p->before = whole_set(&nt, tr->ds, &stuck, &layer);
		rc = train_run(&t, &nt, tr->ds, &op, &r, h, &it, &o, &hk, &res, err, sizeof err);
	}
	if (!rc) {
		p->iters = res.done;
		p->bad = res.why == TRAIN_DIVERGED ? res.bad_iter : -1;
		p->cut = res.why == TRAIN_INTERRUPTED || res.why == TRAIN_STOPPED;
		p->after = p->bad < 0 ? whole_set(&nt, tr->ds, &p->stuck, &p->layer) : NAN;
		if (!still_stuck(p->stuck, p->before, p->after))
			p->stuck = 0;
	}
	trainer_free(&t);
	optim_free(&op);
	net_free(&nt);
	free(h);
	return rc;
}

/* Did the check train as wanted: no divergence, the loss lower at the end (below `below`,
 * when the run being repaired got stuck there), and, for revive, no layer stuck? */
static int probe_good(const probe *p, double below, int revive)
{
	return !p->cut && p->bad < 0 && isfinite(p->after) && p->after < p->before && (!(below > 0) || p->after < below) &&
	       (!revive || !p->stuck);
}

/* "0.02 → diverged at its iteration 312, " appended to buf for one rate tried */
static void say_tried(char *buf, size_t n, double lr, const char *why, const probe *p, int good)
{
	char num[64];
	size_t len = strlen(buf);
	if (len + 1 >= n)
		return;
	const char *nl = strrchr(buf, '\n');
	size_t col = nl ? len - (size_t)(nl + 1 - buf) : len + 39; /* after "    how: learning rates tried in turn: " */
	len += (size_t)snprintf(buf + len, n - len, "%s%s%s → ", !len ? "" : col > 70 ? ",\n      " : ", ",
				fmt_num(lr, 3, num, sizeof num), why);
	if (len >= n)
		return;
	if (good)
		snprintf(buf + len, n - len, "trained");
	else if (p->bad >= 0)
		snprintf(buf + len, n - len, "diverged at its iteration %ld", p->bad);
	else if (p->stuck)
		snprintf(buf + len, n - len, "left a layer %s", p->stuck == STUCK_DEAD ? "dead" : "saturated");
	else
		snprintf(buf + len, n - len, "did not lower the loss");
}

/* Try tr with learning rates from lr0 down (1, 2, 5 steps), DIAG_TRIES at most: the first that
 * trains well is left in tr->lr and *p (1), else 0.  how: the rates tried and what each did
 * (why0 says where lr0 came from). */
static int search_lr(session *s, diag_run *run, trial *tr, double lr0, const char *why0, double below,
		     int revive, probe *p, long iters, char *how, size_t hn)
{
	how[0] = 0;
	double lr = lr0;
	double cost = (double)iters * fmax(1, (double)run->start->P) * train_batch_rows(s->batch, data_rows(tr->ds));
	for (int k = 0; k < DIAG_TRIES && lr > 0; k++, lr = nice_below(lr)) {
		char num[64];
		/* the rate as the learner will type it from the text: the same bits, the same run */
		if (lr == s->lr || lex_number(fmt_num(lr, 3, num, sizeof num), &tr->lr))
			tr->lr = lr;
		if (run->spent + cost > DIAG_TOTAL && k) { /* the others would take too long */
			size_t len = strlen(how);
			snprintf(how + len, hn - len, " (no more tried: the checks' time ran out)");
			return 0;
		}
		run->spent += cost;
		if (probe_run(s, run->start, tr, iters, p) || p->cut)
			return 0;
		int good = probe_good(p, below, revive);
		say_tried(how, hn, lr, k ? "" : why0, p, good);
		if (good)
			return 1;
	}
	return 0;
}

/* One checked remedy, as the commands to type: "  - 'undo', 'lr 0.2', 'train 2000': the loss goes … ". */
static void say_try(session *s, const diag_run *run, const trial *tr, const probe *p, const char *how)
{
	char num[64], num2[64], cmds[256];
	size_t len = (size_t)snprintf(cmds, sizeof cmds, "'undo', %s", tr->ds != &s->ds ? "'normalize', " : "");
	if (tr->init && len < sizeof cmds)
		len += (size_t)snprintf(cmds + len, sizeof cmds - len, "'init %s', ", tr->init);
	if (tr->lr != s->lr && len < sizeof cmds)
		len += (size_t)snprintf(cmds + len, sizeof cmds - len, "'lr %s', ", fmt_num(tr->lr, 3, num, sizeof num));
	if (len < sizeof cmds)
		snprintf(cmds + len, sizeof cmds - len, "'%s %ld'", run->cmd, run->iters);
	sess_printf(s, "  - %s: the loss goes from %s to %s without diverging", cmds,
		    fmt_num(p->before, 4, num, sizeof num), fmt_num(p->after, 4, num2, sizeof num2));
	if (p->iters < run->iters)
		sess_printf(s, " (checked for its first %ld iterations:\n    a longer check would take too long)", p->iters);
	sess_printf(s, ".\n    how: learning rates tried in turn: %s.\n", how);
}

/* ---- why it diverged ---- */

/* the largest update/weight ratio among the parameters, from gradients at the start */
static double worst_ratio(session *s, net *nt, char *name, size_t n)
{
	double worst = -1;
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		for (int b = 0; b < 2; b++) {
			double w = tensor_norm2(b ? &l->b : &l->W), g = tensor_norm2(b ? &l->db : &l->dW);
			if (!(w > 0)) /* a zero parameter has no size to compare with */
				continue;
			double r = s->lr * g / w;
			if (isfinite(r) && r > worst) {
				worst = r;
				snprintf(name, n, "%s%d", b ? "b" : "W", l->k);
			}
		}
	}
	return worst;
}

static void say_start_ratio(session *s, const net *start)
{
	char num[64], who[16] = "?";
	net probe_nt;
	if (!start || net_clone(&probe_nt, start))
		return;
	trainer t;
	trainer_init(&t);
	double ratio = -1;
	if (!train_next_batch(&t, &s->ds, 0, NULL) && !net_reserve(&probe_nt, t.B)) {
		train_backward(&t, &probe_nt, NULL);
		ratio = worst_ratio(s, &probe_nt, who, sizeof who);
	}
	trainer_free(&t);
	net_free(&probe_nt);
	if (ratio > 0)
		sess_printf(s, "  - at the start, one step changes %s by %s times its own size (update/weight ratio;\n"
			    "    healthy is about 0.001): each step overshoots the minimum and lands further away.\n",
			    who, fmt_num(ratio, 3, num, sizeof num));
}

/* the input with the largest and the smallest scale: 1 when their scales differ over 10 times */
static int input_spread(const dataset *ds, int *big, int *small, double *bigv, double *smallv)
{
	int N = data_rows(ds);
	*big = *small = 0;
	*bigv = 0;
	*smallv = INFINITY;
	for (int d = 0; d < ds->D; d++) {
		double m = 0;
		for (int n = 0; n < N; n++)
			m = fmax(m, fabs(ds->X.v[(size_t)n * ds->D + d]));
		if (m > *bigv)
			*bigv = m, *big = d;
		if (m < *smallv)
			*smallv = m, *small = d;
	}
	return ds->D > 1 && !ds->normalized && *bigv > 10 * *smallv;
}

/* A linear model trained on mse: the one case the learning-rate bound governs. */
static int is_linear(const net *nt)
{
	return nt->n == 1 && nt->L[0].kind == LAYER_DENSE && nt->loss == LOSS_MSE;
}

static void say_bound(session *s, double bound)
{
	const dataset *ds = &s->ds;
	char num[64], num2[64], num3[64], num4[64];
	double ms = 0;
	size_t M = (size_t)data_rows(ds) * ds->D;
	for (size_t i = 0; i < M; i++)
		ms += ds->X.v[i] * ds->X.v[i];
	ms /= (double)M;
	sess_printf(s, "  - for this linear model, plain gradient descent is stable only for\n"
		    "    lr < 2/λmax((2/N)·XᵀX) = %s; lr %s is %s times that (lr · mean(x²) = %s).\n",
		    fmt_num(bound, 3, num, sizeof num), fmt_num(s->lr, 3, num2, sizeof num2),
		    fmt_num(s->lr / bound, 3, num3, sizeof num3), fmt_num(s->lr * ms, 3, num4, sizeof num4));
}

/* The replay: when each dense layer's weights first grew to 10 times their size at the start. */
typedef struct replay {
	const net *nt;
	int nd;                          /* dense layers followed */
	double norm0[DIAG_LAYERS];       /* |Wk| at the start (or after the first update, from 0) */
	long first[DIAG_LAYERS];         /* that iteration, or -1 */
	double grow[DIAG_LAYERS];        /* |Wk| / norm0 at the last step seen */
} replay;

static void replay_norms(const net *nt, int nd, double *norms)
{
	for (int i = 0, k = 0; i < nt->n && k < nd; i++)
		if (nt->L[i].kind == LAYER_DENSE)
			norms[k++] = tensor_norm2(&nt->L[i].W);
}

static void replay_line(void *ctx, long iter, double loss)
{
	replay *rp = ctx;
	double nrm[DIAG_LAYERS];
	(void)loss;
	replay_norms(rp->nt, rp->nd, nrm);
	for (int k = 0; k < rp->nd; k++) {
		if (!(rp->norm0[k] > 0)) { /* all zeros at the start: measure from the first step */
			rp->norm0[k] = nrm[k];
			continue;
		}
		rp->grow[k] = nrm[k] / rp->norm0[k];
		if (rp->first[k] < 0 && !(rp->grow[k] < 10))
			rp->first[k] = iter;
	}
}

/* the layer that blew up first (the largest growth on a tie), or -1 when none did */
static int replay_first(const replay *rp)
{
	int who = -1;
	for (int k = 0; k < rp->nd; k++)
		if (rp->first[k] >= 0 && (who < 0 || rp->first[k] < rp->first[who] ||
					  (rp->first[k] == rp->first[who] && rp->grow[k] > rp->grow[who])))
			who = k;
	return who;
}

static void say_blowup(session *s, const replay *rp)
{
	char num[64];
	int who = replay_first(rp);
	if (who < 0) {
		who = 0;
		for (int k = 1; k < rp->nd; k++)
			if (rp->grow[k] > rp->grow[who])
				who = k;
		sess_printf(s, "no layer's weights grew 10 times before the loss overflowed; W%d grew most (%s times).\n",
			    who + 1, fmt_num(rp->grow[who], 3, num, sizeof num));
		return;
	}
	sess_printf(s, "W%d's updates blew up first: after iteration %ld its weights were\n"
		    "    10 times their size at the start", who + 1, rp->first[who]);
	int others = 0;
	for (int k = 0; k < rp->nd; k++)
		if (k != who && rp->first[k] >= 0)
			sess_printf(s, "%sW%d after %ld", others++ ? ", " : " (then ", k + 1, rp->first[k]);
	sess_printf(s, "%s.\n    Each layer's gradient is scaled by the weights of the layers above it, so once one layer's\n"
		    "    steps overshoot, the others' grow too: the learning rate must suit the most sensitive layer,\n"
		    "    and no bound computed from the inputs alone says which.\n",
		    others ? ")" : "");
}

/* Replay the run from its start (the session's batch order and generator as they are now: the
 * same batches for full-batch training) and say which layer's updates blew up first. */
static void say_replay(session *s, const diag_run *run)
{
	char err[256];
	net nt;
	optim op;
	trainer t;
	rng r = s->rng;
	lhist *h = malloc(sizeof *h);
	long iters = run->bad_iter - run->start_iter + 1;
	if (!h || !run->start || iters < 1 || probe_iters(s, run->start, &s->ds, iters) < iters ||
	    sess_batch_fits(s, run->start, data_rows(&s->ds), err, sizeof err) || net_clone(&nt, run->start)) {
		free(h);
		return;
	}
	optim_init_like(&op, &s->op);
	trainer_init(&t);
	lhist_clear(h);
	replay rp = { .nt = &nt, .nd = nt.ndense < DIAG_LAYERS ? nt.ndense : DIAG_LAYERS };
	replay_norms(&nt, rp.nd, rp.norm0);
	for (int k = 0; k < DIAG_LAYERS; k++)
		rp.first[k] = -1;
	long it = run->start_iter;
	train_opts o = { .iters = iters, .every = 1, .lr = s->lr, .batch = s->batch, .stop_diverge = 1 };
	train_hooks hk = { .ctx = &rp, .line = replay_line, .interrupt = s->interrupt };
	train_result res;
	int ok = !order_copy(&t, &s->tr) && !train_run(&t, &nt, &s->ds, &op, &r, h, &it, &o, &hk, &res, err, sizeof err) &&
		 res.why == TRAIN_DIVERGED;
	trainer_free(&t);
	optim_free(&op);
	net_free(&nt);
	free(h);
	if (!ok)
		return;
	sess_printf(s, "  - replayed in a scratch copy, ");
	say_blowup(s, &rp);
}

/* ---- what to try ---- */

/* "try" after a divergence: normalize (when the inputs' scales differ), a smaller rate. */
static void try_divergence(session *s, diag_run *run, int spread)
{
	char failed[512], num[64];
	probe p;
	int shown = 0;
	long iters = probe_iters(s, run->start, &s->ds, run->iters);
	sess_printf(s, "try (each one checked first: run from iteration %ld, where this %s began, in a scratch copy):\n",
		    run->start_iter, run->cmd);
	dataset dn;
	if (spread && !data_clone(&dn, &s->ds)) {
		trial tr = { .ds = &dn, .lr = s->lr };
		double lr0 = s->lr;
		if (!data_normalize(&dn, failed, sizeof failed)) {
			double bn = is_linear(run->start) ? stab_lr_bound(dn.X.v, data_rows(&dn), dn.D) : 0;
			char why[96] = " (the current rate)";
			if (bn > 0) { /* the bound of the normalized inputs, rounded down */
				lr0 = nice_below(bn);
				snprintf(why, sizeof why, " (the 1-2-5 step below the normalized inputs' bound %s)",
					 fmt_num(bn, 3, num, sizeof num));
			}
			if (search_lr(s, run, &tr, lr0, why, 0, 1, &p, iters, failed, sizeof failed)) {
				say_try(s, run, &tr, &p, failed);
				shown++;
			}
		}
		data_free(&dn);
	}
	trial tr = { .ds = &s->ds, .same_order = 1 };
	double bound = is_linear(run->start) ? stab_lr_bound(s->ds.X.v, data_rows(&s->ds), s->ds.D) : 0;
	double lr0 = nice_below(bound > 0 && bound < s->lr ? bound : s->lr);
	char why[96];
	if (bound > 0 && bound < s->lr)
		snprintf(why, sizeof why, " (the 1-2-5 step below the bound %s)", fmt_num(bound, 3, num, sizeof num));
	else
		snprintf(why, sizeof why, " (the first 1-2-5 step below %s)", fmt_num(s->lr, 3, num, sizeof num));
	if (search_lr(s, run, &tr, lr0, why, 0, 1, &p, iters, failed, sizeof failed)) {
		say_try(s, run, &tr, &p, failed);
		shown++;
	}
	if (!shown)
		sess_printf(s, "  - none found: no rate down to %s trained without diverging from there%s; the network\n"
			    "    itself may need changing (its size, its activations, its initial weights).\n",
			    fmt_num(tr.lr, 2, num, sizeof num), spread ? ", normalized or not" : "");
}

/* Data that is not finite (x [nan], y [inf]) makes the loss nan at once, whatever the rate:
 * 1 and the place said when it is so. */
static int say_bad_data(session *s)
{
	const dataset *ds = &s->ds;
	const tensor *t[2] = { &ds->X, &ds->Y };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; t[k]->v && i < tensor_size(t[k]); i++)
			if (!isfinite(t[k]->v[i])) {
				char num[64];
				sess_printf(s, "why it diverged: the %s are not all finite: row %zu, column %zu is %s.  Every loss\n"
					    "  computed with it is nan, whatever the learning rate: set the data again (%s ARRAY, data …).\n",
					    k ? "targets" : "inputs", i / (size_t)t[k]->cols, i % (size_t)t[k]->cols,
					    fmt_num(t[k]->v[i], 4, num, sizeof num), k ? "y" : "x");
				return 1;
			}
	return 0;
}

void diagnose_divergence(session *s, diag_run *run)
{
	const dataset *ds = &s->ds;
	char num[64], num2[64];
	int big, small;
	double bigv, smallv;
	tutor *t = s->tutor;
	if (t && t->interactive && t->diag_shown) { /* a lesson explains it once; then a reference */
		sess_printf(s, "(why it diverged and what to try: as in this lesson's first diagnosis, above)\n");
		return;
	}
	if (say_bad_data(s)) /* no rate can help: say so, suggest none */
		return;
	if (t && t->interactive)
		t->diag_shown = 1;
	sess_printf(s, "why it diverged:\n");
	say_start_ratio(s, run->start);
	int spread = input_spread(ds, &big, &small, &bigv, &smallv);
	if (spread)
		sess_printf(s, "  - input '%s' goes up to %s while '%s' stays within %s: the gradient for the large\n"
			    "    input is that much larger, and one learning rate cannot suit both.\n",
			    ds->names[big], fmt_num(bigv, 4, num, sizeof num), ds->names[small],
			    fmt_num(smallv, 4, num2, sizeof num2));
	double bound = run->start && is_linear(run->start) ? stab_lr_bound(ds->X.v, data_rows(ds), ds->D) : 0;
	if (bound > 0)
		say_bound(s, bound);
	else if (run->start && run->start->ndense > 1)
		say_replay(s, run);
	if (!run->start) {
		sess_printf(s, "dl kept no copy of the network as this %s began (the memory budget), so no remedy\n"
			    "could be checked: try a smaller learning rate after restoring the weights.\n", run->cmd);
		return;
	}
	try_divergence(s, run, spread);
}

/* ---- a network that stopped learning ---- */

static void say_stuck(session *s, const net *nt, int kind, int li, double loss)
{
	char num[64];
	const layer *l = &nt->L[li];
	const char *units = l->in == 1 ? "unit" : "units";
	if (kind == STUCK_DEAD)
		sess_printf(s, "note: every unit of h%d (%s, %d %s) is dead: its input is <= 0 for every sample, so it\n"
			    "  outputs 0 whatever the input, no gradient flows back through it, and the weights before it\n"
			    "  stop learning.  The network now gives one output for all samples: the loss stays at %s.\n",
			    l->k, layer_kind_name(l->kind), l->in, units, fmt_num(loss, 4, num, sizeof num));
	else
		sess_printf(s, "note: every unit of h%d (%s, %d %s) is saturated: for 90%% of the samples its input is\n"
			    "  far out on the flat tails, where the slope is nearly 0, so almost no gradient flows back\n"
			    "  and the weights before it barely learn: the loss is %s and hardly fell in this train.\n",
			    l->k, layer_kind_name(l->kind), l->in, units, fmt_num(loss, 4, num, sizeof num));
	sess_printf(s, "why: a unit's input z = x·W + b goes far %s when the weights are large, from the start or\n"
		    "  after large steps (a large learning rate%s);\n"
		    "  from there the gradient that could bring it back is %s.\n", kind == STUCK_DEAD ? "below 0" : "out",
		    s->ds.normalized ? "" : ", or inputs that are not normalized", kind == STUCK_DEAD ? "exactly 0" : "tiny");
}

/* "try" for a stuck network: normalize, a smaller rate; from the start, or re-initialised
 * when the start was already stuck. */
static void try_stuck(session *s, diag_run *run, double loss, int start_stuck)
{
	char failed[512], num[64];
	probe p;
	int shown = 0;
	long iters = probe_iters(s, run->start, &s->ds, run->iters);
	const char *init = start_stuck ? (s->nt.L[s->stuck_layer].kind == LAYER_RELU ? "he" : "xavier") : NULL;
	sess_printf(s, "try (each one checked first: run from iteration %ld, where this %s began, in a scratch copy,\n"
		    "it trains without diverging, lowers the loss below %s and leaves no layer stuck):\n",
		    run->start_iter, run->cmd, fmt_num(loss, 4, num, sizeof num));
	dataset dn;
	double big = 0;
	for (size_t i = 0; i < (size_t)data_rows(&s->ds) * s->ds.D; i++)
		big = fmax(big, fabs(s->ds.X.v[i]));
	if (!s->ds.normalized && big > 3 && !data_clone(&dn, &s->ds)) {
		trial tr = { .ds = &dn, .init = init };
		if (!data_normalize(&dn, failed, sizeof failed) &&
		    search_lr(s, run, &tr, s->lr, " (the current rate)", loss, 1, &p, iters, failed, sizeof failed)) {
			say_try(s, run, &tr, &p, failed);
			shown++;
		}
		data_free(&dn);
	}
	trial tr = { .ds = &s->ds, .same_order = 1, .init = init };
	/* re-initialised, the current rate may do; else the first step below it */
	snprintf(num, sizeof num, init ? " (the current rate)" : " (the first 1-2-5 step below %s)",
		 fmt_num(s->lr, 3, failed, sizeof failed));
	if (search_lr(s, run, &tr, init ? s->lr : nice_below(s->lr), num, loss, 1, &p, iters, failed, sizeof failed)) {
		say_try(s, run, &tr, &p, failed);
		shown++;
	}
	if (!shown)
		sess_printf(s, "  - none found: no smaller rate%s revived it from there.  A leaky_relu\n"
			    "    (net … act=leaky_relu) keeps a small slope below 0, so its units cannot die.\n",
			    s->ds.normalized ? "" : ", normalized or not,");
}

/* Saturated units matter when they stop learning: a sigmoid output that has learned to be sure
 * is saturated too.  So saturation counts when the loss fell by less than 10% over the run. */
static int still_stuck(int kind, double before, double after)
{
	return kind == STUCK_DEAD || (kind == STUCK_SATURATED && !(after < 0.9 * before));
}

int diagnose_stuck(session *s, diag_run *run)
{
	char err[256];
	int li, kind = stab_stuck(&s->nt, &li); /* on the last batch: cheap, and usually no */
	s->stuck = 0;
	if (!kind || !data_rows(&s->ds) || sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
		return 0;
	net whole;
	if (net_clone(&whole, &s->nt))
		return 0;
	int wkind, wl, start_kind = 0, sl;
	double loss = whole_set(&whole, &s->ds, &wkind, &wl), before = NAN; /* confirmed on every sample */
	net_free(&whole);
	if (run->start && !net_clone(&whole, run->start)) {
		before = whole_set(&whole, &s->ds, &start_kind, &sl);
		net_free(&whole);
	}
	if (!wkind || (wkind == STUCK_SATURATED && !run->start) || !still_stuck(wkind, before, loss))
		return 0;
	s->stuck = wkind;
	s->stuck_layer = wl;
	say_stuck(s, &s->nt, wkind, wl, loss);
	if (!run->start) {
		sess_printf(s, "dl kept no copy of the network as this %s began (the memory budget): no remedy could be\n"
			    "checked.\n", run->cmd);
		return s->stuck;
	}
	try_stuck(s, run, loss, start_kind);
	return s->stuck;
}
