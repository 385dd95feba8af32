/* fuzz_model.c — libFuzzer target: 'load'.  The input is a model file; it is loaded into a
 * session that already holds a trained network.  A refused file must leave that network and
 * its settings bit-identical; an accepted one must give a consistent network that runs. */
#include "../src/lang/session.h"
#include "sandbox.h"
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
	       o->m == q->m && o->v == q->v && s->iter == p->iter && s->nundo == p->nundo;
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
				"optim adam beta1=0.8; lr 0.05; batch 2; train 5", NULL) != SESS_OK)
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
