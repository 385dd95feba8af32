/* session.c — the session's state, the line interpreter, scripts, errors and undo. */
#include "session.h"
#include "cmd.h"
#include "engine/io.h"
#include "fmt.h"
#include "tutor.h"
#include "engine/loss.h"
#include "engine/stab.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


static void sess_defaults(session *s)
{
	s->lr = 0.01;
	s->batch = 0;
	s->precision = 6;
	s->last_loss = NAN;
	s->have_loss = 0;
	s->view = VIEW_NONE;
	s->view_logy = 1;
	s->view_last = 0;  /* plot loss last=N and x=log last only until a reset */
	s->view_logx = 0;
	s->view_has_here = 0;
}

session *sess_new(uint64_t seed, const sess_hooks *hk)
{
	session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	net_init(&s->nt);
	net_init(&s->picture);
	data_init(&s->ds);
	optim_init(&s->op, OPT_SGD);
	trainer_init(&s->tr);
	lhist_clear(&s->hist);
	monitor_init(&s->mon);
	s->seed = seed;
	rng_seed(&s->rng, seed);
	sess_defaults(s);
	/* the limits are the program's (dl --mem-mb), not settings: 'reset' keeps them */
	s->max_values = (size_t)1 << 27; /* 1 GiB of doubles */
	s->max_iters = 1000000000L;
	if (hk)
		s->hk = *hk;
	return s;
}

static void undo_clear(session *s)
{
	for (int i = 0; i < s->nundo; i++) {
		net_free(&s->undo[i].nt);
		free(s->undo[i].hist);
		free(s->undo[i].pts);
	}
	s->nundo = 0;
}

void sess_drop_fork(session *s, int i)
{
	sess_free(s->forks[i]);
	memmove(&s->forks[i], &s->forks[i + 1], (size_t)(s->nforks - i - 1) * sizeof s->forks[0]);
	memmove(s->fork_name[i], s->fork_name[i + 1], (size_t)(s->nforks - i - 1) * sizeof s->fork_name[0]);
	s->nforks--;
}

void sess_drop_forks(session *s)
{
	while (s->nforks)
		sess_drop_fork(s, s->nforks - 1);
}

void sess_free(session *s)
{
	if (!s)
		return;
	net_free(&s->nt);
	data_free(&s->ds);
	optim_free(&s->op);
	trainer_free(&s->tr);
	monitor_free(&s->mon);
	net_free(&s->picture);
	undo_clear(s);
	sess_drop_forks(s);
	sess_record_close(s);
	free(s->cost_grid);
	free(s);
}

/* Everything back to the defaults, as 'reset' does; hooks and paths stay. */
void sess_reset_all(session *s)
{
	net_free(&s->nt);
	net_init(&s->nt);
	data_free(&s->ds);
	optim_free(&s->op);
	optim_init(&s->op, OPT_SGD);
	trainer_free(&s->tr);
	undo_clear(s);
	lhist_clear(&s->hist);
	rng_seed(&s->rng, s->seed);
	free(s->cost_grid);
	s->cost_grid = NULL;
	monitor_clear(&s->mon);
	sess_drop_forks(s);
	s->tracking = 0;
	s->sweep_n = 0;
	s->nwatch = 0;
	s->iter = 0;
	s->diverged = 0;
	s->stuck = 0;
	sess_defaults(s);
}

void sess_printf(session *s, const char *fmt, ...)
{
	char stack[1024], *buf = stack;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(stack, sizeof stack, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof stack) {
		buf = malloc((size_t)n + 1);
		if (!buf)
			return;
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (s->mute)
		; /* a lesson's quiet replay */
	else if (tutor_pages(s))
		tutor_emit(s, buf); /* a lesson's page stops before it scrolls away */
	else if (s->hk.emit)
		s->hk.emit(s->hk.ctx, buf);
	else
		fputs(buf, stdout);
	if (buf != stack)
		free(buf);
}

/* Errors and warnings: the front end's err hook, else its console, else standard error
 * (after what standard output holds, so that the two stay in order on one terminal). */
static void sess_emit_diag(session *s, const char *text)
{
	if (s->hk.err)
		s->hk.err(s->hk.ctx, text);
	else if (s->hk.emit)
		s->hk.emit(s->hk.ctx, text);
	else {
		fflush(stdout);
		fputs(text, stderr);
	}
}

void sess_note(session *s, const char *fmt, ...)
{
	char msg[1536];
	if (s->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sess_printf(s, "%s", msg);
}

void sess_warn(session *s, const char *fmt, ...)
{
	char msg[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sess_emit_diag(s, msg);
}

int sess_error(session *s, const char *cmd, const char *fmt, ...)
{
	char msg[1024], line[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* errors always show, even in a lesson's quiet replay; they say where they happened */
	if (s->file)
		snprintf(line, sizeof line, "%s:%d: error: %s%s%s\n", s->file, s->line, cmd ? cmd : "", cmd ? ": " : "", msg);
	else if (s->text_name && s->depth == 1)
		snprintf(line, sizeof line, "%s:%d: error: %s%s%s\n", s->text_name, s->line, cmd ? cmd : "", cmd ? ": " : "", msg);
	else
		snprintf(line, sizeof line, "error: %s%s%s\n", cmd ? cmd : "", cmd ? ": " : "", msg);
	sess_emit_diag(s, line);
	return SESS_ERROR;
}

void sess_record_close(session *s)
{
	if (s->record)
		fclose(s->record);
	s->record = NULL;
	free(s->record_path);
	s->record_path = NULL;
}

void sess_record_failed(session *s, int e)
{
	sess_error(s, "record", "cannot write '%s': %s: recording stopped (what was written before is kept)",
		   s->record_path ? s->record_path : "?", strerror(e ? e : EIO));
	sess_record_close(s);
}

static void undo_drop_oldest(session *s)
{
	net_free(&s->undo[0].nt);
	free(s->undo[0].hist);
	free(s->undo[0].pts);
	memmove(&s->undo[0], &s->undo[1], (SESS_UNDO - 1) * sizeof s->undo[0]);
	s->nundo--;
}

int sess_push_undo(session *s, const char *what)
{
	/* the snapshots (parameters and gradients each) are in the session's one memory budget:
	 * drop the oldest until this one fits, as when all SESS_UNDO slots are taken */
	double want = 2.0 * s->nt.P;
	char err[512];
	s->undo_keep = 0; /* a new command: whether it keeps its snapshot on failure is its own */
	s->undo_lost = 0;
	while (s->nundo && (s->nundo == SESS_UNDO || sess_budget_fits(s, want, 0, "undo", err, sizeof err)))
		undo_drop_oldest(s);
	undo_slot *u = &s->undo[s->nundo];
	if (sess_budget_fits(s, want, 0, "undo", err, sizeof err) || net_clone(&u->nt, &s->nt)) {
		/* this command cannot be undone; nor can those before it, or undo would skip a step */
		s->undo_lost = s->nundo ? s->nundo : -1;
		while (s->nundo)
			undo_drop_oldest(s);
		return 0;
	}
	u->iter = s->iter;
	/* the loss history too (LHIST_CAP buckets, not in the budget): undoing a rewind brings its
	 * cut-off part back; without it, undo cuts the history at u->iter */
	u->hist = malloc(sizeof *u->hist);
	if (u->hist)
		*u->hist = s->hist;
	u->pts = NULL;
	snprintf(u->what, sizeof u->what, "%s", what);
	s->nundo++;
	return 1;
}

void sess_pop_undo(session *s)
{
	if (s->undo_keep) { /* it failed, but it changed the network: undo must get back */
		s->undo_keep = 0;
		return;
	}
	if (s->nundo) {
		net_free(&s->undo[--s->nundo].nt);
		free(s->undo[s->nundo].hist);
		free(s->undo[s->nundo].pts);
	}
}

void sess_net_changed(session *s)
{
	optim_free(&s->op);
	trainer_reset(&s->tr);
	s->tracking = 0; /* the tracked offsets may point elsewhere now */
	monitor_clear(&s->mon);
}

int sess_layer_health(const session *s, int i, int *bad, int *units)
{
	return stab_layer_health(&s->nt, i, bad, units);
}

static double optim_values(const optim *o)
{
	return (double)((o->m ? o->P : 0) + (o->v ? o->P : 0));
}

static double data_values(const dataset *ds)
{
	return (double)(tensor_size(&ds->X) + tensor_size(&ds->Y) + tensor_size(&ds->TX) + tensor_size(&ds->TY)) +
	       (ds->mu ? 2.0 * ds->D : 0);
}

double sess_held_get(const session *s, sess_held *h)
{
	*h = (sess_held){ .net = 2.0 * s->nt.P, .optim = optim_values(&s->op), .data = data_values(&s->ds) };
	for (int i = 0; i < s->nundo; i++)
		h->undo += 2.0 * s->undo[i].nt.P;
	h->snaps = s->mon.snap ? (double)MON_SNAPS * s->mon.P : 0;
	h->other = (double)s->cost_rows * s->cost_cols + 2.0 * s->picture.P;
	for (int i = 0; i < s->nforks; i++) {
		sess_held f;
		h->forks += sess_held_get(s->forks[i], &f);
	}
	return h->net + h->optim + h->data + h->undo + h->snaps + h->forks + h->other;
}

double sess_held_total(const session *s)
{
	while (s->parent)
		s = s->parent;
	sess_held h;
	return sess_held_get(s, &h);
}

int sess_budget_fits(const session *s, double want, double freed, const char *what, char *err, size_t errn)
{
	const session *root = s;
	while (root->parent)
		root = root->parent;
	sess_held h;
	double held = sess_held_get(root, &h);
	if (held - freed + want <= (double)root->max_values)
		return 0;
	char parts[256];
	size_t n = 0;
	const char *names[] = { "network", "optimizer", "data", "undo", "snapshots", "forks", "plots" };
	const double v[] = { h.net, h.optim, h.data, h.undo, h.snaps, h.forks, h.other };
	for (int i = 0; i < 7; i++)
		if (v[i] > 0 && n < sizeof parts)
			n += (size_t)snprintf(parts + n, sizeof parts - n, "%s%s %.0f", n ? ", " : "", names[i], v[i]);
	snprintf(err, errn, "%s needs %.0f values: over the memory budget of %zu values, of which the session holds %.0f%s%s%s "
		 "(dl --mem-mb raises it)", what, want, root->max_values, held, n ? " (" : "", n ? parts : "", n ? ")" : "");
	return -1;
}

static int long_tick(void *ctx, long iter, double loss)
{
	session *s = ctx;
	(void)iter;
	(void)loss;
	return s->hk.tick ? s->hk.tick(s->hk.ctx) : 0;
}

train_hooks sess_long_hooks(session *s)
{
	if (s->interrupt)
		*s->interrupt = 0;
	return (train_hooks){ .ctx = s, .tick = long_tick, .interrupt = s->interrupt };
}

int sess_poll(session *s, train_clock *c)
{
	train_hooks hk = { .ctx = s, .tick = long_tick, .interrupt = s->interrupt };
	return train_poll(&hk, c, 0, 0);
}

int sess_same_shape(const net *a, const net *b)
{
	if (a->n != b->n || a->P != b->P || a->ndense != b->ndense)
		return 0;
	for (int i = 0; i < a->n; i++) {
		const layer *x = &a->L[i], *y = &b->L[i];
		if ((x->kind == LAYER_DENSE) != (y->kind == LAYER_DENSE) || x->in != y->in || x->out != y->out)
			return 0;
	}
	return 1;
}

int sess_batch_fits(const session *s, const net *nt, long N, char *err, size_t errn)
{
	/* every layer keeps its output and the gradient with respect to it, for N samples */
	double width = 0;
	for (int i = 0; i < nt->n; i++)
		width += nt->L[i].out;
	double need = 2 * width * (double)N, held = sess_held_total(s);
	if (need + held <= (double)s->max_values)
		return 0;
	snprintf(err, errn, "%ld samples through this network need %.0f values of workspace, over the memory budget of "
		 "%zu values, of which the session holds %.0f (use fewer samples, a smaller batch or a narrower network; dl "
		 "--mem-mb raises it)", N, need, s->max_values, held);
	return -1;
}

void sess_shape_input(session *s, tensor *t)
{
	if (t->ndim != 1)
		return;
	int in = net_in(&s->nt) ? net_in(&s->nt) : s->ds.D;
	if (in == 1 && t->cols != 1) { /* one value per sample */
		t->rows = t->cols;
		t->cols = 1;
	}
	t->ndim = 2;
}

const char *sess_find_file(session *s, const char *path, const char *dir, char *buf, size_t n)
{
	struct stat st;
	(void)s;
	if (stat(path, &st) == 0 || !dir || path[0] == '/')
		return path;
	snprintf(buf, n, "%s/%s", dir, path);
	if (stat(buf, &st) == 0)
		return buf;
	/* "data/digits.csv" given, the data directory holds "digits.csv" */
	const char *base = strrchr(path, '/');
	if (base) {
		snprintf(buf, n, "%s/%s", dir, base + 1);
		if (stat(buf, &st) == 0)
			return buf;
	}
	return path;
}

/* ---- values by name ---- */

const char *sess_setting(session *s, const char *name, char *buf, size_t n)
{
	char num[64];
	if (!strcmp(name, "lr"))
		snprintf(buf, n, "%s", fmt_num(s->lr, s->precision, num, sizeof num));
	else if (!strcmp(name, "batch"))
		s->batch ? (void)snprintf(buf, n, "%d", s->batch) : (void)snprintf(buf, n, "full");
	else if (!strcmp(name, "loss") && s->have_loss)
		snprintf(buf, n, "%s", fmt_num(s->last_loss, s->precision, num, sizeof num));
	else if (!strcmp(name, "loss"))
		snprintf(buf, n, "%s (no loss computed yet)", loss_name(s->nt.loss));
	else if (!strcmp(name, "optim"))
		snprintf(buf, n, "%s", optim_name(s->op.kind));
	else if (!strcmp(name, "seed"))
		snprintf(buf, n, "%llu", (unsigned long long)s->seed);
	else if (!strcmp(name, "precision"))
		snprintf(buf, n, "%d%s", abs(s->precision), s->precision < 0 ? " fixed" : "");
	else if (!strcmp(name, "iteration") || !strcmp(name, "iter"))
		snprintf(buf, n, "%ld", s->iter);
	else
		return NULL;
	return buf;
}

/* Parse "NAME[i,j]" or "NAME[i]": splits name off into base, indices into idx (count in *ni).
 * Returns -1 on a malformed index. */
static int split_index(const char *name, char *base, size_t bn, long *idx, int *ni)
{
	const char *br = strchr(name, '[');
	*ni = 0;
	if (!br) {
		snprintf(base, bn, "%s", name);
		return 0;
	}
	snprintf(base, bn, "%.*s", (int)(br - name), name);
	const char *p = br + 1;
	while (*ni < 2) {
		char *end;
		errno = 0;
		long v = strtol(p, &end, 10);
		if (end == p || errno)
			return -1;
		idx[(*ni)++] = v;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == ',') {
			p++;
			continue;
		}
		break;
	}
	return (p[0] == ']' && !p[1]) ? 0 : -1;
}

int sess_lookup(session *s, const char *name, tensor *view, long *elem, char *err, size_t errn)
{
	char base[SESS_NAMELEN];
	long idx[2];
	int ni;
	if (split_index(name, base, sizeof base, idx, &ni)) {
		snprintf(err, errn, "malformed index in '%s' (write NAME[i,j], 0-based)", name);
		return -1;
	}
	tensor *p = net_param(&s->nt, base);
	if (p) {
		*view = *p;
	} else if (!strcmp(base, "x") || !strcmp(base, "y")) {
		tensor *t = base[0] == 'x' ? &s->ds.X : &s->ds.Y;
		if (!t->v) {
			snprintf(err, errn, "%s is not set (use 'data gen', 'data load' or '%s ARRAY')", base, base);
			return -1;
		}
		*view = *t;
	} else if (net_output(&s->nt, base, view) == 0) {
		/* a layer output of the last forward pass */
	} else {
		if ((base[0] == 'z' || base[0] == 'h' || !strcmp(base, "out")) && s->nt.n)
			snprintf(err, errn, "'%s' has no value yet: run 'forward' first (or there is no such layer)", base);
		else if ((base[0] == 'W' || base[0] == 'b' || base[0] == 'd') && isdigit((unsigned char)base[strlen(base) - 1]))
			snprintf(err, errn, "no parameter '%s': the network has %d dense layer%s", base,
				 s->nt.ndense, s->nt.ndense == 1 ? "" : "s");
		else
			snprintf(err, errn, "unknown name '%s' (parameters Wk bk, gradients dWk dbk, zk hk out, x y)", base);
		return -1;
	}
	*elem = -1;
	if (!ni)
		return 0;
	long r = 0, c;
	if (ni == 1 && view->ndim == 1)
		c = idx[0];
	else if (ni == 2 && view->ndim == 2) {
		r = idx[0];
		c = idx[1];
	} else if (ni == 1 && view->ndim == 2 && view->cols == 1) { /* W1[3] on a column */
		r = idx[0];
		c = 0;
	} else {
		char sh[32];
		snprintf(err, errn, "%s has shape %s: give %d index%s", base, tensor_shape_str(view, sh, sizeof sh),
			 view->ndim, view->ndim == 1 ? "" : "es");
		return -1;
	}
	if (r < 0 || r >= view->rows || c < 0 || c >= view->cols) {
		char sh[32];
		snprintf(err, errn, "index out of range: %s has shape %s", base, tensor_shape_str(view, sh, sizeof sh));
		return -1;
	}
	*elem = r * view->cols + c;
	return 0;
}

void sess_value_brief(session *s, const char *name, char *buf, size_t n)
{
	tensor v;
	long e;
	char err[256];
	if (sess_lookup(s, name, &v, &e, err, sizeof err))
		snprintf(buf, n, "?");
	else if (e >= 0)
		fmt_num(v.v[e], 4, buf, n);
	else
		fmt_brief(&v, 4, 6, buf, n);
}

int sess_grad_norms(const session *s, double *norms, int max)
{
	int k = 0;
	for (int i = 0; i < s->nt.n && k < max; i++)
		if (s->nt.L[i].kind == LAYER_DENSE)
			norms[k++] = sqrt(pow(tensor_norm2(&s->nt.L[i].dW), 2) + pow(tensor_norm2(&s->nt.L[i].db), 2));
	return k;
}

void sess_iter_line(session *s, long iter, double loss)
{
	char line[2048], num[64];
	size_t len = (size_t)snprintf(line, sizeof line, "iteration %ld: loss=%s", iter,
				      fmt_num(loss, 4, num, sizeof num));
	for (int i = 0; i < s->nwatch && len < sizeof line; i++) {
		char val[512];
		sess_value_brief(s, s->watch[i], val, sizeof val);
		len += (size_t)snprintf(line + len, sizeof line - len, " %s=%s", s->watch[i], val);
	}
	sess_printf(s, "%s\n", line);
}

void sess_status_get(const session *s, sess_status *st)
{
	st->iter = s->iter;
	st->loss = s->last_loss;
	st->lr = s->lr;
	st->optim = optim_name(s->op.kind);
	st->batch = s->batch;
	st->training = s->training;
	st->diverged = s->diverged;
	st->bad_iter = s->hist.bad_iter;
	st->stuck = s->stuck;
	st->stuck_layer = s->stuck_layer;
}

