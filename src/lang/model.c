/* model.c — the saved model's format (model.h): writing version 2, and reading the training
 * state lines that version 2 adds to the script.
 *
 *   # dl model 2                         the script: layers, weights, settings
 *   reset net … set W1 [..] … lr … optim … batch …
 *   #= iter 50                           the iteration counter
 *   #= rng 0x… 0x… 0x… 0x… seed=1        the generator's four words (and a pending normal)
 *   #= optim adam steps=50               the optimizer's step count, then its buffers:
 *   #= m W1 [..]  #= v W1 [..]           per parameter, in pieces (at=K) when long
 *   #= order rows=60 cursor=16 epoch=2   the mini-batch position and this epoch's order:
 *   #= perm [..] at=0
 *   #= history first=0 stride=1 …     the loss curve's buckets (lhist.h):
 *   #= lo [..]  #= hi [..]  #= last [..]
 *   #= normalize inputs=2  #= mu [..]  #= sd [..]   the inputs' transform
 *   # end of dl model
 */
#include "model.h"
#include "cmd.h"
#include "engine/io.h"
#include "engine/loss.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* values on one line: a line of a saved model must stay below LEX_MAXLINE to load */
#define MODEL_CHUNK 1024
#define STATE "#="
#define WHOLE_MAX 9007199254740991L /* 2^53 − 1: every whole number up to it is exact */

int model_version(const char *line)
{
	return !strcmp(line, MODEL_HEAD) ? 2 : !strcmp(line, MODEL_HEAD_V1) ? 1 : 0;
}

/* ---- writing ---- */

/* v (rows, cols) as 'PREFIX NAME [..]': a matrix when ndim is 2, in flat pieces with at=K when
 * longer than a line takes */
static void put_values(FILE *f, const char *prefix, const char *name, const double *v, int rows, int cols, int ndim)
{
	size_t n = (size_t)rows * (size_t)cols;
	char num[IO_NUMLEN];
	if (n > MODEL_CHUNK) {
		for (size_t k = 0; k < n && !ferror(f); k += MODEL_CHUNK) { /* a failed write (or a stop) ends it */
			fprintf(f, "%s %s [", prefix, name);
			for (size_t i = k; i < n && i < k + MODEL_CHUNK; i++)
				fprintf(f, "%s%s", i > k ? ", " : "", io_num(v[i], num));
			fprintf(f, "] at=%zu\n", k);
		}
		return;
	}
	fprintf(f, "%s %s [", prefix, name);
	for (int r = 0; r < rows; r++) {
		if (ndim == 2)
			fprintf(f, "%s[", r ? ", " : "");
		for (int c = 0; c < cols; c++)
			fprintf(f, "%s%s", c ? ", " : "", io_num(v[(size_t)r * cols + c], num));
		if (ndim == 2)
			fprintf(f, "]");
	}
	fprintf(f, "]\n");
}

/* buf (P,) laid out as the parameters: 'PREFIX Wk [..]', 'PREFIX bk [..]' per dense layer */
static void put_per_param(FILE *f, const net *nt, const char *prefix, const double *buf)
{
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		char name[16];
		if (l->kind != LAYER_DENSE)
			continue;
		snprintf(name, sizeof name, "W%d", l->k);
		put_values(f, prefix, name, buf + l->off_W, l->W.rows, l->W.cols, l->W.ndim);
		snprintf(name, sizeof name, "b%d", l->k);
		put_values(f, prefix, name, buf + l->off_b, 1, l->b.cols, 1);
	}
}

/* the optimizer and the hyper-parameters it uses (the others carry nothing: 'optim' resets
 * them when the kind changes) */
static void put_optim(FILE *f, const optim *o)
{
	char a[IO_NUMLEN], b[IO_NUMLEN];
	fprintf(f, "optim %s", optim_name(o->kind));
	if (o->kind == OPT_MOMENTUM || o->kind == OPT_NESTEROV)
		fprintf(f, " momentum=%s", io_num(o->momentum, a));
	if (o->kind == OPT_RMSPROP)
		fprintf(f, " alpha=%s", io_num(o->alpha, a));
	if (o->kind == OPT_ADAM)
		fprintf(f, " beta1=%s beta2=%s", io_num(o->beta1, a), io_num(o->beta2, b));
	if (optim_uses_v(o->kind))
		fprintf(f, " eps=%s", io_num(o->eps, a));
	fprintf(f, "\n");
}

static void put_script(FILE *f, const session *s)
{
	const net *nt = &s->nt;
	char num[IO_NUMLEN];
	fprintf(f, "%s\n# a dl script: 'load FILE' or 'source FILE' rebuilds this network and its settings;\n"
		   "# 'load' also restores the training state in the '#=' lines at the end\nreset net\n",
		MODEL_HEAD);
	fprintf(f, "loss %s\n", loss_name(nt->loss));
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE)
			fprintf(f, "layer dense %d %d\n", l->in, l->out);
		else if (l->kind == LAYER_LEAKY_RELU)
			fprintf(f, "layer leaky_relu alpha=%s\n", io_num(l->alpha, num));
		else
			fprintf(f, "layer %s\n", layer_kind_name(l->kind));
	}
	put_per_param(f, nt, "set", nt->params);
	fprintf(f, "lr %s\n", io_num(s->lr, num));
	put_optim(f, &s->op);
	s->batch ? fprintf(f, "batch %d\n", s->batch) : fprintf(f, "batch full\n");
}

/* the order of this epoch's mini-batches, in pieces */
static void put_order(FILE *f, const trainer *t)
{
	fprintf(f, STATE " order rows=%d cursor=%d epoch=%ld\n", t->permN, t->cursor, t->epoch);
	for (int k = 0; k < t->permN; k += MODEL_CHUNK) {
		fprintf(f, STATE " perm [");
		for (int i = k; i < t->permN && i < k + MODEL_CHUNK; i++)
			fprintf(f, "%s%d", i > k ? ", " : "", t->perm[i]);
		fprintf(f, "] at=%d\n", k);
	}
}

static void put_state(FILE *f, const session *s)
{
	const optim *o = &s->op;
	char num[IO_NUMLEN];
	fprintf(f, "# the training state: 'load' restores it, and training goes on exactly where it stopped\n");
	fprintf(f, STATE " iter %ld\n", s->iter);
	fprintf(f, STATE " rng 0x%016llx 0x%016llx 0x%016llx 0x%016llx seed=%llu", (unsigned long long)s->rng.s[0],
		(unsigned long long)s->rng.s[1], (unsigned long long)s->rng.s[2], (unsigned long long)s->rng.s[3],
		(unsigned long long)s->seed);
	s->rng.has_spare ? fprintf(f, " spare=%s\n", io_num(s->rng.spare, num)) : fprintf(f, "\n");
	long steps = o->m && o->P == s->nt.P ? o->t : 0; /* no buffers yet, or for another network: none */
	fprintf(f, STATE " optim %s steps=%ld\n", optim_name(o->kind), steps);
	if (steps && optim_uses_m(o->kind))
		put_per_param(f, &s->nt, STATE " m", o->m);
	if (steps && optim_uses_v(o->kind))
		put_per_param(f, &s->nt, STATE " v", o->v);
	if (s->tr.permN && s->tr.perm)
		put_order(f, &s->tr);
	const lhist *h = &s->hist;
	if (h->count) { /* the loss curve, as its buckets hold it */
		fprintf(f, STATE " history first=%ld stride=%ld buckets=%d fill=%d count=%ld bad=%ld\n", h->first,
			h->stride, h->n, h->fill, h->count, h->bad_iter);
		if (h->n) {
			put_values(f, STATE, "lo", h->lo, 1, h->n, 1);
			put_values(f, STATE, "hi", h->hi, 1, h->n, 1);
			put_values(f, STATE, "last", h->last, 1, h->n, 1);
		}
	}
	const dataset *ds = &s->ds;
	if (ds->normalized && ds->mu && ds->sd) {
		fprintf(f, STATE " normalize inputs=%d\n", ds->D);
		put_values(f, STATE, "mu", ds->mu, 1, ds->D, 1);
		put_values(f, STATE, "sd", ds->sd, 1, ds->D, 1);
	}
}

int model_write(FILE *f, const session *s)
{
	put_script(f, s);
	put_state(f, s);
	fprintf(f, "%s\n", MODEL_TAIL);
	return ferror(f) ? -1 : 0;
}

/* ---- reading the state lines ---- */

int model_take_transform(dataset *ds, model_extra *x)
{
	int N = data_rows(ds), M = data_test_rows(ds);
	if (!x->D)
		return 0;
	if (!N || ds->D != x->D)
		return -1;
	size_t bytes = (size_t)x->D * sizeof(double);
	if (ds->normalized && ds->mu && ds->sd && !memcmp(ds->mu, x->mu, bytes) && !memcmp(ds->sd, x->sd, bytes))
		return 1;
	if (ds->normalized && ds->mu && ds->sd) { /* back to the inputs' own units first */
		for (size_t i = 0; i < (size_t)N * ds->D; i++)
			ds->X.v[i] = ds->X.v[i] * ds->sd[i % ds->D] + ds->mu[i % ds->D];
		for (size_t i = 0; i < (size_t)M * ds->D; i++)
			ds->TX.v[i] = ds->TX.v[i] * ds->sd[i % ds->D] + ds->mu[i % ds->D];
	}
	free(ds->mu);
	free(ds->sd);
	ds->mu = x->mu;
	ds->sd = x->sd;
	x->mu = x->sd = NULL;
	x->D = 0;
	ds->normalized = 1;
	data_transform(ds, ds->X.v, N);
	data_transform(ds, ds->TX.v, M);
	return 1;
}

void model_extra_free(model_extra *x)
{
	free(x->mu);
	free(x->sd);
	memset(x, 0, sizeof *x);
}

/* One state line: its keyword, positional words and key=value options. */
typedef struct sline {
	const char *key;
	int argc, nopt;
	char *argv[8], *okey[8], *oval[8];
} sline;

/* The reader: what the lines so far have given. */
typedef struct reader {
	session *s;
	model_extra *x;
	int line;
	char *err;
	size_t errn;
	int have_iter, have_rng, have_optim, have_order, have_norm, have_hist;
	long steps;
	int *perm, rows, cursor; /* perm (rows,): -1 where no line set it */
	long epoch;
} reader;

#define BAD(r, ...) (snprintf((r)->err, (r)->errn, __VA_ARGS__), -1)

static const char *opt(const sline *l, const char *key)
{
	for (int i = 0; i < l->nopt; i++)
		if (!strcmp(l->okey[i], key))
			return l->oval[i];
	return NULL;
}

/* every option of l is one of the space-separated keys (whole words) */
static int opts_known(reader *r, const sline *l, const char *keys)
{
	for (int i = 0; i < l->nopt; i++) {
		size_t n = strlen(l->okey[i]);
		int known = 0;
		for (const char *p = keys; *p && !known; p += strspn(p, " ")) {
			size_t w = strcspn(p, " ");
			known = n && w == n && !strncmp(p, l->okey[i], n);
			p += w;
		}
		if (!known)
			return BAD(r, "line %d: '%s' takes no option %s=", r->line, l->key, l->okey[i]);
	}
	return 0;
}

/* option key as a whole number in [lo, hi]; a missing one is an error */
static int opt_whole(reader *r, const sline *l, const char *key, long lo, long hi, long *v)
{
	const char *o = opt(l, key);
	if (!o)
		return BAD(r, "line %d: '%s' needs %s=", r->line, l->key, key);
	if (lex_int(o, lo, hi, v))
		return BAD(r, "line %d: %s %s=%.40s is not a whole number from %ld to %ld", r->line, l->key, key, o, lo, hi);
	return 0;
}

static int split_line(reader *r, words *w, sline *l)
{
	memset(l, 0, sizeof *l);
	l->key = w->w[0];
	for (int i = 1; i < w->n; i++) {
		char *eq = w->w[i][0] != '[' ? strchr(w->w[i], '=') : NULL;
		if (eq && l->nopt < 8) {
			*eq = 0;
			l->okey[l->nopt] = w->w[i];
			l->oval[l->nopt++] = eq + 1;
		} else if (!eq && l->argc < 8) {
			l->argv[l->argc++] = w->w[i];
		} else {
			return BAD(r, "line %d: too many words", r->line);
		}
	}
	return 0;
}

static int need_args(reader *r, const sline *l, int n, const char *usage)
{
	if (l->argc != n)
		return BAD(r, "line %d: expected '#= %s %s'", r->line, l->key, usage);
	return 0;
}

static int read_iter(reader *r, const sline *l)
{
	long v;
	if (need_args(r, l, 1, "N") || opts_known(r, l, ""))
		return -1;
	if (lex_int(l->argv[0], 0, WHOLE_MAX, &v))
		return BAD(r, "line %d: the iteration count %.40s is not a whole number >= 0", r->line, l->argv[0]);
	r->s->iter = v;
	r->have_iter = 1;
	return 0;
}

/* a generator word: 0x and at most 16 hex digits */
static int parse_word(const char *w, uint64_t *v)
{
	char *end;
	if (strncmp(w, "0x", 2) || !isxdigit((unsigned char)w[2]))
		return -1;
	errno = 0;
	unsigned long long x = strtoull(w + 2, &end, 16);
	if (errno || *end)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

static int read_rng(reader *r, const sline *l)
{
	uint64_t st[4];
	double spare = 0;
	long seed;
	if (need_args(r, l, 4, "0xWORD 0xWORD 0xWORD 0xWORD seed=N [spare=F]") || opts_known(r, l, "seed spare") ||
	    opt_whole(r, l, "seed", 0, WHOLE_MAX, &seed))
		return -1;
	for (int i = 0; i < 4; i++)
		if (parse_word(l->argv[i], &st[i]))
			return BAD(r, "line %d: the generator's state word %.40s is out of range (0x and 1 to 16 hex digits)",
				   r->line, l->argv[i]);
	const char *sp = opt(l, "spare");
	if ((sp && lex_number(sp, &spare)) || rng_set_state(&r->s->rng, st, sp != NULL, spare))
		return BAD(r, "line %d: the generator's state is out of range (all four words zero, or a spare "
			      "normal that is not a finite number)", r->line);
	r->s->seed = (uint64_t)seed;
	r->have_rng = 1;
	return 0;
}

static int read_optim(reader *r, const sline *l)
{
	optim *o = &r->s->op;
	optim_kind k;
	if (r->have_optim)
		return BAD(r, "line %d: a second '#= optim' line", r->line);
	if (need_args(r, l, 1, "NAME steps=N") || opts_known(r, l, "steps") ||
	    opt_whole(r, l, "steps", 0, WHOLE_MAX, &r->steps))
		return -1;
	if (optim_parse(l->argv[0], &k) || k != o->kind)
		return BAD(r, "line %d: the optimizer state is %.40s's, but the model's 'optim' line says %s", r->line,
			   l->argv[0], optim_name(o->kind));
	r->have_optim = 1;
	if (!r->steps || !r->s->nt.P)
		return 0;
	if (optim_reserve(o, r->s->nt.P))
		return BAD(r, "cannot be read: out of memory");
	for (size_t i = 0; i < o->P; i++) { /* every value a line must set */
		o->m[i] = optim_uses_m(k) ? sess_unset_value() : 0;
		o->v[i] = optim_uses_v(k) ? sess_unset_value() : 0;
	}
	return 0;
}

/* The literal lit into dst (n,), shaped like shape, from flat element at= on when given (a
 * piece): the count and shape must fit.  what names the target in errors. */
static int fill_values(reader *r, const sline *l, const char *what, const char *lit, const tensor *shape,
		       double *dst, size_t n)
{
	char err[256], sh[32], sh2[32];
	tensor t;
	long at = -1;
	if (opts_known(r, l, "at") || (opt(l, "at") && opt_whole(r, l, "at", 0, (long)n - 1, &at)))
		return -1;
	if (lex_array(lit, &t, r->s->max_values, err, sizeof err))
		return BAD(r, "line %d: %s: %s", r->line, what, err);
	size_t got = tensor_size(&t);
	int rc = 0;
	if (at >= 0 && got > n - (size_t)at)
		rc = BAD(r, "line %d: %s has %zu values: %zu from element %ld run past its end", r->line, what, n, got, at);
	else if (at < 0 && got != n)
		rc = BAD(r, "line %d: %s expects %zu values %s, got %zu %s", r->line, what, n,
			 shape ? tensor_shape_str(shape, sh, sizeof sh) : "", got, tensor_shape_str(&t, sh2, sizeof sh2));
	else if (at < 0 && shape && shape->ndim == 2 && t.ndim == 2 && (t.rows != shape->rows || t.cols != shape->cols))
		rc = BAD(r, "line %d: %s has shape %s; the literal is %s", r->line, what,
			 tensor_shape_str(shape, sh, sizeof sh), tensor_shape_str(&t, sh2, sizeof sh2));
	else
		memcpy(dst + (at < 0 ? 0 : at), t.v, got * sizeof *dst);
	tensor_free(&t);
	return rc;
}

/* '#= m NAME [..]' or '#= v NAME [..]': a piece of an optimizer buffer */
static int read_buffer(reader *r, const sline *l, int is_m)
{
	optim *o = &r->s->op;
	char what[64];
	if (need_args(r, l, 2, "NAME [VALUES] [at=K]"))
		return -1;
	if (!r->have_optim)
		return BAD(r, "line %d: '%s' comes before the '#= optim' line", r->line, l->key);
	if (!r->steps || !(is_m ? optim_uses_m(o->kind) : optim_uses_v(o->kind)))
		return BAD(r, "line %d: %s after %ld steps keeps no buffer %s", r->line, optim_name(o->kind), r->steps,
			   l->key);
	const char *name = l->argv[0];
	tensor *p = (name[0] == 'W' || name[0] == 'b') ? net_param(&r->s->nt, name) : NULL;
	if (!p)
		return BAD(r, "line %d: the network has no parameter %.40s", r->line, name);
	snprintf(what, sizeof what, "%s %s", l->key, name);
	double *buf = (is_m ? o->m : o->v) + (p->v - r->s->nt.params);
	return fill_values(r, l, what, l->argv[1], p, buf, tensor_size(p));
}

static int read_order(reader *r, const sline *l)
{
	long rows, cursor, epoch;
	if (r->have_order)
		return BAD(r, "line %d: a second '#= order' line", r->line);
	long most = r->s->max_values < (size_t)1 << 30 ? (long)r->s->max_values : 1L << 30;
	if (need_args(r, l, 0, "rows=N cursor=K epoch=E") || opts_known(r, l, "rows cursor epoch") ||
	    opt_whole(r, l, "rows", 1, most, &rows) || opt_whole(r, l, "cursor", 0, rows, &cursor) ||
	    opt_whole(r, l, "epoch", 0, WHOLE_MAX, &epoch))
		return -1;
	r->perm = malloc((size_t)rows * sizeof *r->perm);
	if (!r->perm)
		return BAD(r, "cannot be read: out of memory");
	for (long i = 0; i < rows; i++)
		r->perm[i] = -1;
	r->rows = (int)rows;
	r->cursor = (int)cursor;
	r->epoch = epoch;
	r->have_order = 1;
	return 0;
}

/* '#= perm [..] at=K': a piece of this epoch's order, whole numbers that are rows */
static int read_perm(reader *r, const sline *l)
{
	char err[256];
	tensor t;
	long at = -1;
	if (need_args(r, l, 1, "[ROWS] [at=K]") || opts_known(r, l, "at"))
		return -1;
	if (!r->have_order)
		return BAD(r, "line %d: 'perm' comes before the '#= order' line", r->line);
	if (opt(l, "at") && opt_whole(r, l, "at", 0, r->rows - 1, &at))
		return -1;
	if (lex_array(l->argv[0], &t, r->s->max_values, err, sizeof err))
		return BAD(r, "line %d: perm: %s", r->line, err);
	size_t got = tensor_size(&t), from = at < 0 ? 0 : (size_t)at;
	int rc = 0;
	if (at < 0 && got != (size_t)r->rows)
		rc = BAD(r, "line %d: perm expects %d rows, got %zu", r->line, r->rows, got);
	else if (got > (size_t)r->rows - from)
		rc = BAD(r, "line %d: perm has %d rows: %zu from element %zu run past its end", r->line, r->rows, got, from);
	for (size_t i = 0; !rc && i < got; i++) {
		double v = t.v[i];
		if (!(v >= 0 && v < r->rows) || v != floor(v))
			rc = BAD(r, "line %d: perm: %.17g is not a row (0 to %d)", r->line, v, r->rows - 1);
		else
			r->perm[from + i] = (int)v;
	}
	tensor_free(&t);
	return rc;
}

static int read_norm(reader *r, const sline *l)
{
	long D;
	model_extra *x = r->x;
	if (r->have_norm)
		return BAD(r, "line %d: a second '#= normalize' line", r->line);
	if (need_args(r, l, 0, "inputs=D") || opts_known(r, l, "inputs") || opt_whole(r, l, "inputs", 1, DATA_MAXCOLS, &D))
		return -1;
	x->mu = malloc((size_t)D * sizeof *x->mu);
	x->sd = malloc((size_t)D * sizeof *x->sd);
	if (!x->mu || !x->sd)
		return BAD(r, "cannot be read: out of memory");
	for (long d = 0; d < D; d++)
		x->mu[d] = x->sd[d] = sess_unset_value();
	x->D = (int)D;
	r->have_norm = 1;
	return 0;
}

static int read_transform(reader *r, const sline *l, int is_mu)
{
	if (need_args(r, l, 1, "[VALUES] [at=K]"))
		return -1;
	if (!r->have_norm)
		return BAD(r, "line %d: '%s' comes before the '#= normalize' line", r->line, l->key);
	return fill_values(r, l, l->key, l->argv[0], NULL, is_mu ? r->x->mu : r->x->sd, (size_t)r->x->D);
}

static int read_history(reader *r, const sline *l)
{
	lhist *h = &r->s->hist;
	long first, stride, n, fill, count, bad;
	if (r->have_hist)
		return BAD(r, "line %d: a second '#= history' line", r->line);
	if (need_args(r, l, 0, "first=I stride=S buckets=N fill=K count=C bad=B") ||
	    opts_known(r, l, "first stride buckets fill count bad") || opt_whole(r, l, "first", 0, WHOLE_MAX, &first) ||
	    opt_whole(r, l, "stride", 1, WHOLE_MAX, &stride) || opt_whole(r, l, "buckets", 0, LHIST_CAP, &n) ||
	    opt_whole(r, l, "fill", n ? 1 : 0, n ? stride : 0, &fill) || opt_whole(r, l, "count", 1, WHOLE_MAX, &count) ||
	    opt_whole(r, l, "bad", -1, WHOLE_MAX, &bad))
		return -1;
	if ((n - 1) * stride + fill > count)
		return BAD(r, "line %d: the history's %ld buckets of %ld hold more than its %ld samples", r->line, n,
			   stride, count);
	*h = (lhist){ .first = first, .stride = stride, .n = (int)n, .fill = (int)fill, .count = count, .bad_iter = bad };
	for (long i = 0; i < n; i++)
		h->lo[i] = h->hi[i] = h->last[i] = sess_unset_value();
	r->have_hist = 1;
	return 0;
}

/* '#= lo|hi|last [..]': the history's buckets */
static int read_buckets(reader *r, const sline *l, double *dst)
{
	if (need_args(r, l, 1, "[VALUES] [at=K]"))
		return -1;
	if (!r->have_hist || !r->s->hist.n)
		return BAD(r, "line %d: '%s' without a '#= history' line of buckets before it", r->line, l->key);
	return fill_values(r, l, l->key, l->argv[0], NULL, dst, (size_t)r->s->hist.n);
}

static int read_line(reader *r, const sline *l)
{
	static const char *keys[] = { "iter", "rng", "optim", "m", "v", "order", "perm", "normalize", "mu", "sd",
				      "history", "lo", "hi", "last" };
	lhist *h = &r->s->hist;
	int k = -1;
	for (int i = 0; i < (int)(sizeof keys / sizeof *keys); i++)
		if (!strcmp(l->key, keys[i]))
			k = i;
	switch (k) {
	case 0: return read_iter(r, l);
	case 1: return read_rng(r, l);
	case 2: return read_optim(r, l);
	case 3: case 4: return read_buffer(r, l, k == 3);
	case 5: return read_order(r, l);
	case 6: return read_perm(r, l);
	case 7: return read_norm(r, l);
	case 8: case 9: return read_transform(r, l, k == 8);
	case 10: return read_history(r, l);
	case 11: case 12: case 13: return read_buckets(r, l, k == 11 ? h->lo : k == 12 ? h->hi : h->last);
	default: return BAD(r, "line %d: '#= %.40s' is not part of a model's training state", r->line, l->key);
	}
}

/* after the last line: nothing missing, every buffer and order complete */
static int read_done(reader *r)
{
	session *s = r->s;
	const optim *o = &s->op;
	if (!r->have_iter || !r->have_rng || !r->have_optim)
		return BAD(r, "has no '#= %s' line in its training state: the file is damaged",
			   !r->have_iter ? "iter" : !r->have_rng ? "rng" : "optim");
	for (int i = 0; r->steps && s->nt.P && i < s->nt.n; i++) {
		const layer *l = &s->nt.L[i];
		for (size_t j = l->off_W; l->kind == LAYER_DENSE && j < l->off_b + (size_t)l->out; j++)
			if (sess_is_unset(o->m[j]) || sess_is_unset(o->v[j]))
				return BAD(r, "has an incomplete optimizer buffer %s for %s%d: a line is missing or damaged",
					   sess_is_unset(o->m[j]) ? "m" : "v", j < l->off_b ? "W" : "b", l->k);
	}
	s->op.t = r->steps;
	if (r->have_order) {
		for (int i = 0; i < r->rows; i++)
			if (r->perm[i] < 0)
				return BAD(r, "has an incomplete batch order: a '#= perm' line is missing or damaged");
		if (!train_is_perm(r->perm, r->rows))
			return BAD(r, "has a batch order that is not a permutation of the %d rows", r->rows);
		if (trainer_set_order(&s->tr, r->perm, r->rows, r->cursor, r->epoch))
			return BAD(r, "cannot be read: out of memory");
	}
	const lhist *h = &s->hist;
	for (int i = 0; i < h->n; i++) /* the buckets hold finite losses, each between its min and max */
		if (!(h->lo[i] <= h->last[i] && h->last[i] <= h->hi[i]) || !isfinite(h->lo[i]) || !isfinite(h->hi[i]))
			return BAD(r, "has %s loss history (bucket %d)",
				   sess_is_unset(h->lo[i]) || sess_is_unset(h->hi[i]) || sess_is_unset(h->last[i]) ?
				   "an incomplete" : "a damaged", i);
	for (int d = 0; d < r->x->D; d++)
		if (!isfinite(r->x->mu[d]) || !(r->x->sd[d] > 0) || !isfinite(r->x->sd[d]))
			return BAD(r, "has %s normalization for input %d (mean %g, std %g)",
				   sess_is_unset(r->x->mu[d]) || sess_is_unset(r->x->sd[d]) ? "an incomplete" : "a bad", d + 1,
				   r->x->mu[d], r->x->sd[d]);
	return 0;
}

int model_read_state(session *tmp, FILE *f, model_extra *x, char *err, size_t errn)
{
	reader r = { .s = tmp, .x = x, .err = err, .errn = errn };
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	memset(x, 0, sizeof *x);
	rewind(f);
	while (!rc && io_getline(&line, &cap, f, LEX_MAXLINE) >= 0) {
		char msg[256];
		words w;
		sline l;
		r.line++;
		if (strncmp(line, STATE, 2))
			continue;
		line[strcspn(line, "\r\n")] = 0;
		if (lex_split(line + 2, &w, msg, sizeof msg)) {
			rc = BAD(&r, "line %d: %s", r.line, msg);
			break;
		}
		if (!w.n)
			rc = BAD(&r, "line %d: an empty '#=' line", r.line);
		else if (split_line(&r, &w, &l) || read_line(&r, &l))
			rc = -1;
		lex_free(&w);
	}
	free(line);
	rewind(f);
	if (!rc)
		rc = read_done(&r);
	free(r.perm);
	return rc ? -1 : 0;
}
