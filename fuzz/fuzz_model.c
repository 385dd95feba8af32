/* fuzz_model.c — libFuzzer target: 'load'.  The input is a model file; it is loaded into a
 * session that already holds a trained network.  A refused file must leave that network, its
 * settings and its training state (optimizer, iteration, generator, batch order, the inputs'
 * transform) bit-identical; an accepted one must give a consistent network and state that
 * train. */
#include "../src/lang/session.h"
#include "sandbox.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#define BUDGET ((size_t)1 << 17)

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s\n", #c); abort(); } } while (0)

static void sink(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

typedef struct snap {
	int n, ndense;
	size_t P;
	loss_kind loss;
	layer_kind kinds[16];
	int ins[16], outs[16];
	double alphas[16];
	double *params;
	double lr;
	int batch;
	optim op;
	long iter;
	int nundo;
	rng r;
	uint64_t seed;
	trainer tr;
	int normalized;
	double *mu, *sd;
	long hist_count;
} snap;

static void take(const session *s, snap *p)
{
	memset(p, 0, sizeof *p);
	p->n = s->nt.n;
	p->ndense = s->nt.ndense;
	p->P = s->nt.P;
	p->loss = s->nt.loss;
	for (int i = 0; i < s->nt.n && i < 16; i++) {
		p->kinds[i] = s->nt.L[i].kind;
		p->ins[i] = s->nt.L[i].in;
		p->outs[i] = s->nt.L[i].out;
		p->alphas[i] = s->nt.L[i].alpha;
	}
	p->params = malloc(s->nt.P * sizeof(double));
	memcpy(p->params, s->nt.params, s->nt.P * sizeof(double));
	p->lr = s->lr;
	p->batch = s->batch;
	p->op = s->op;
	p->iter = s->iter;
	p->nundo = s->nundo;
	p->r = s->rng;
	p->seed = s->seed;
	p->tr = s->tr;
	p->normalized = s->ds.normalized;
	p->mu = s->ds.mu;
	p->sd = s->ds.sd;
	p->hist_count = s->hist.count;
}

static int unchanged(const session *s, const snap *p)
{
	if (s->nt.n != p->n || s->nt.ndense != p->ndense || s->nt.P != p->P || s->nt.loss != p->loss)
		return 0;
	for (int i = 0; i < s->nt.n && i < 16; i++)
		if (s->nt.L[i].kind != p->kinds[i] || s->nt.L[i].in != p->ins[i] || s->nt.L[i].out != p->outs[i] ||
		    memcmp(&s->nt.L[i].alpha, &p->alphas[i], sizeof(double)))
			return 0;
	const optim *o = &s->op, *q = &p->op;
	return !memcmp(s->nt.params, p->params, p->P * sizeof(double)) && !memcmp(&s->lr, &p->lr, sizeof p->lr) &&
	       s->batch == p->batch && o->kind == q->kind && o->momentum == q->momentum && o->alpha == q->alpha &&
	       o->beta1 == q->beta1 && o->beta2 == q->beta2 && o->eps == q->eps && o->t == q->t && o->P == q->P &&
	       o->m == q->m && o->v == q->v && s->iter == p->iter && s->nundo == p->nundo &&
	       !memcmp(&s->rng, &p->r, sizeof p->r) && s->seed == p->seed && s->tr.perm == p->tr.perm &&
	       s->tr.permN == p->tr.permN && s->tr.cursor == p->tr.cursor && s->tr.epoch == p->tr.epoch &&
	       s->ds.normalized == p->normalized && s->ds.mu == p->mu && s->ds.sd == p->sd && s->hist.count == p->hist_count;
}

/* the session loaded into: built once, and again only after a load replaced its network (a
 * refused load must leave it as it was, which is checked) */
static session *base;

static session *trained(void)
{
	if (base)
		return base;
	sess_hooks hk = { .emit = sink };
	base = sess_new(1, &hk);
	base->max_values = BUDGET;
	base->max_iters = 1000;
	base->lesson_dir = base->data_dir = NULL;
	/* a trained network with non-default settings */
	if (sess_run_text(base, "net 2-4-1 act=tanh; loss mse; x [[0,0],[0,1],[1,0],[1,1]]; y [0,1,1,0];"
				"normalize; optim adam beta1=0.8; lr 0.05; batch 2; train 5", NULL) != SESS_OK)
		abort();
	return base;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096], cmd[4200];
	sandbox_path("model.dl", path, sizeof path);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	session *s = trained();
	snap before;
	take(s, &before);
	snprintf(cmd, sizeof cmd, "load %s", path);
	int rc = sess_exec(s, cmd);
	if (rc == SESS_OK) {
		CHECK(s->nt.n >= 1 && s->nt.P <= BUDGET);
		for (int i = 1; i < s->nt.n; i++)
			CHECK(s->nt.L[i].in == s->nt.L[i - 1].out);
		/* the training state fits the network and the data */
		CHECK(!s->op.m || s->op.P == s->nt.P);
		CHECK(s->tr.permN == 0 || (s->tr.perm && s->tr.cursor >= 0 && s->tr.cursor <= s->tr.permN &&
					   train_is_perm(s->tr.perm, s->tr.permN)));
		CHECK(s->rng.s[0] | s->rng.s[1] | s->rng.s[2] | s->rng.s[3]);
		CHECK(!s->ds.normalized || (s->ds.mu && s->ds.sd));
		for (int d = 0; s->ds.normalized && d < s->ds.D; d++)
			CHECK(s->ds.sd[d] > 0 && isfinite(s->ds.mu[d]));
		/* it trains on from the state it loaded (when the network fits the data) */
		sess_exec(s, "train 3 every=0");
		/* the loaded network runs */
		sess_exec(s, "forward [[0, 1]]");
		sess_free(base);
		base = NULL;
	} else {
		CHECK(rc == SESS_ERROR);
		if (!unchanged(s, &before)) {
			fprintf(stderr, "a refused load changed the session\n");
			abort();
		}
	}
	free(before.params);
	sandbox_clean();
	return 0;
}
