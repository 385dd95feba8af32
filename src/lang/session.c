/* session.c — the session's state, the line interpreter, scripts, errors and undo. */
#include "session.h"
#include "cmd.h"
#include "engine/io.h"
#include "fmt.h"
#include "engine/loss.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SESS_MAXDEPTH 16 /* nested source/lesson */

static void sess_defaults(session *s)
{
	s->lr = 0.01;
	s->batch = 0;
	s->precision = 6;
	s->last_loss = NAN;
	s->have_loss = 0;
	s->view = VIEW_NONE;
	s->view_logy = 1;
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
	for (int i = 0; i < s->nundo; i++)
		net_free(&s->undo[i].nt);
	s->nundo = 0;
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
	fork_free_all(s);
	if (s->record)
		fclose(s->record);
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
	fork_free_all(s);
	s->tracking = 0;
	s->sweep_n = 0;
	s->nwatch = 0;
	s->iter = 0;
	s->diverged = 0;
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
	if (s->hk.emit)
		s->hk.emit(s->hk.ctx, buf);
	else
		fputs(buf, stdout);
	if (buf != stack)
		free(buf);
}

int sess_error(session *s, const char *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s->file)
		sess_printf(s, "%s:%d: error: %s%s%s\n", s->file, s->line, cmd ? cmd : "", cmd ? ": " : "", msg);
	else
		sess_printf(s, "error: %s%s%s\n", cmd ? cmd : "", cmd ? ": " : "", msg);
	return SESS_ERROR;
}

int sess_push_undo(session *s, const char *what)
{
	/* the snapshots (parameters and gradients each) share one memory budget: drop the oldest
	 * until this one fits, as when all SESS_UNDO slots are taken */
	size_t held = 0, want = 2 * s->nt.P;
	if (want > s->max_values)
		return 0; /* too big: this command simply cannot be undone */
	for (int i = 0; i < s->nundo; i++)
		held += 2 * s->undo[i].nt.P;
	while (s->nundo && (s->nundo == SESS_UNDO || held + want > s->max_values)) {
		held -= 2 * s->undo[0].nt.P;
		net_free(&s->undo[0].nt);
		memmove(&s->undo[0], &s->undo[1], (SESS_UNDO - 1) * sizeof s->undo[0]);
		s->nundo--;
	}
	undo_slot *u = &s->undo[s->nundo];
	if (net_clone(&u->nt, &s->nt))
		return 0; /* out of memory: this command simply cannot be undone */
	u->iter = s->iter;
	snprintf(u->what, sizeof u->what, "%s", what);
	s->nundo++;
	return 1;
}

static void sess_pop_undo(session *s)
{
	if (s->nundo)
		net_free(&s->undo[--s->nundo].nt);
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
	const net *nt = &s->nt;
	if (i < 1 || i >= nt->n || !nt->N || !nt->L[i - 1].y.v)
		return -1;
	const layer *l = &nt->L[i];
	double lim;
	switch (l->kind) {
	case LAYER_RELU: case LAYER_LEAKY_RELU: lim = 0; break;
	case LAYER_SIGMOID: lim = 4; break;  /* σ' < 0.018 beyond |z| = 4 */
	case LAYER_TANH: lim = 2.5; break;   /* tanh' < 0.027 beyond |z| = 2.5 */
	default: return -1;
	}
	const double *z = nt->L[i - 1].y.v;
	int N = nt->N, W = l->in, count = 0;
	for (int u = 0; u < W; u++) {
		int hit = 0;
		for (int n = 0; n < N; n++) {
			double v = z[(size_t)n * W + u];
			hit += lim == 0 ? v <= 0 : fabs(v) > lim;
		}
		count += lim == 0 ? hit == N : hit >= 0.9 * N;
	}
	*bad = count;
	*units = W;
	return 0;
}

int sess_batch_fits(const session *s, const net *nt, long N, char *err, size_t errn)
{
	/* every layer keeps its output and the gradient with respect to it, for N samples */
	double width = 0;
	for (int i = 0; i < nt->n; i++)
		width += nt->L[i].out;
	double need = 2 * width * (double)N;
	if (need <= (double)s->max_values)
		return 0;
	snprintf(err, errn, "%ld samples through this network need %.0f values of workspace, over the memory "
		 "budget of %zu (use fewer samples, a smaller batch or a narrower network; dl --mem-mb raises it)",
		 N, need, s->max_values);
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
}

/* ---- the interpreter ---- */

/* An option is key=value with a plain identifier as the key. */
static int is_option(const char *w)
{
	const char *eq = strchr(w, '=');
	if (!eq || eq == w || w[0] == '[')
		return 0;
	for (const char *p = w; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return 0;
	return 1;
}

static int sess_usage(session *s, const cmd_entry *c, const char *why)
{
	return sess_error(s, c->name, "%s; usage: %s", why, c->usage);
}

int sess_exec(session *s, const char *line)
{
	char err[512];
	words w;
	if (lex_split(line, &w, err, sizeof err))
		return sess_error(s, NULL, "%s", err);
	if (!w.n) {
		lex_free(&w);
		return SESS_OK;
	}
	const cmd_entry *c = cmd_find(w.w[0], err, sizeof err);
	if (!c) {
		lex_free(&w);
		return sess_error(s, NULL, "%s", err);
	}
	char padded[40];
	snprintf(padded, sizeof padded, " %s ", c->name);
	if (s->loading && !strstr(" reset loss layer set lr optim batch precision ", padded)) {
		lex_free(&w);
		return sess_error(s, NULL, "'%s' does not belong in a saved model", c->name);
	}
	cmd_args a = { .cmd = c, .rest = w.n > 1 ? w.rest[1] : "" };
	if (c->fn != cmd_say) {
		for (int i = 1; i < w.n; i++) {
			if (!is_option(w.w[i])) {
				a.argv[a.argc++] = w.w[i];
				continue;
			}
			char *eq = strchr(w.w[i], '=');
			*eq = 0;
			const char *o = c->opts;
			size_t kl = strlen(w.w[i]);
			int known = o && !strcmp(o, "*"); /* any key: plot fit COL=VALUE */
			while (o && *o) {
				size_t l = strcspn(o, " ");
				if (l == kl && !strncmp(o, w.w[i], l))
					known = 1;
				o += l + (o[l] == ' ');
			}
			if (!known || a.nopt == CMD_MAXOPTS) {
				char near[40] = "";
				int best = 3;
				for (const char *o2 = c->opts; o2 && *o2;) { /* "did you mean" for options too */
					size_t l = strcspn(o2, " ");
					char cand[32];
					snprintf(cand, sizeof cand, "%.*s", (int)(l < sizeof cand ? l : sizeof cand - 1), o2);
					int d = lex_distance(w.w[i], cand);
					if (d < best && d < (int)strlen(w.w[i])) {
						best = d;
						snprintf(near, sizeof near, "%s", cand);
					}
					o2 += l + (o2[l] == ' ');
				}
				int rc = near[0] ? sess_error(s, c->name, "unknown option '%s' — did you mean '%s='?", w.w[i], near)
						 : sess_error(s, c->name, "unknown option '%s'%s%s%s", w.w[i], c->opts ? " (options: " : "",
							      c->opts ? c->opts : "", c->opts ? ")" : "");
				lex_free(&w);
				return rc;
			}
			a.key[a.nopt] = w.w[i];
			a.val[a.nopt++] = eq + 1;
		}
		if (a.argc < c->min || (c->max >= 0 && a.argc > c->max)) {
			int rc = sess_usage(s, c, a.argc < c->min ? "missing argument" : "too many arguments");
			lex_free(&w);
			return rc;
		}
	}
	/* a lesson shows each command as if typed, so the learner sees what made the output */
	if (s->echo_depth && s->depth == s->echo_depth && c->fn != cmd_say && c->fn != cmd_pause)
		sess_printf(s, "dl> %s\n", line + strspn(line, " \t"));
	/* a snapshot for 'undo'; not in load's scratch session, which is thrown away */
	int snap = c->changes && !s->loading && sess_push_undo(s, c->name);
	int nundo = s->nundo;
	int rc = c->fn(s, &a);
	if (rc == SESS_ERROR && snap && s->nundo == nundo)
		sess_pop_undo(s); /* nothing changed: nothing to undo */
	/* what the user typed (at the prompt or with -c) is recorded, not what scripts ran */
	if (rc == SESS_OK && s->record && (!s->depth || (s->depth == 1 && !s->file)) && c->fn != cmd_record)
		fprintf(s->record, "%s\n", line), fflush(s->record);
	/* Enter on an empty line repeats the previous command only when it was step or train */
	if (!s->depth || !s->file) {
		int again = rc == SESS_OK && (c->fn == cmd_step || c->fn == cmd_train) && strlen(line) < sizeof s->last_run;
		snprintf(s->last_run, sizeof s->last_run, "%s", again ? line : "");
	}
	lex_free(&w);
	return rc;
}

int sess_repeat(session *s)
{
	return s->last_run[0] ? sess_exec(s, s->last_run) : SESS_OK;
}

int sess_incomplete(const char *buf)
{
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		n--;
	if (n && buf[n - 1] == '\\')
		return 1;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '#' && depth == 0 && (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '\t' || buf[i - 1] == '\n'))
			while (i < n && buf[i] != '\n')
				i++;
		else if (buf[i] == '[')
			depth++;
		else if (buf[i] == ']' && depth)
			depth--;
	}
	return depth > 0;
}

/* Append line to the logical line being built in *acc (a continuation drops its '\'). */
static int join_line(char **acc, size_t *len, const char *line)
{
	size_t l = strlen(line);
	if (*len && (*acc)[*len - 1] == '\\')
		(*len)--;
	if (*len + l + 2 > LEX_MAXLINE + 2)
		return -1;
	char *p = realloc(*acc, *len + l + 2);
	if (!p)
		return -1;
	*acc = p;
	if (*len)
		p[(*len)++] = ' ';
	memcpy(p + *len, line, l + 1);
	*len += l;
	return 0;
}

/* Run lines from f (a script); stops at the first error. */
int sess_run_stream(session *s, FILE *f, const char *name)
{
	const char *ofile = s->file;
	int oline = s->line, rc = SESS_OK, lineno = 0, start = 0;
	char *line = NULL, *acc = NULL;
	size_t cap = 0, len = 0;
	ssize_t got;
	s->file = name;
	s->depth++;
	while ((got = io_getline(&line, &cap, f, LEX_MAXLINE)) >= 0) {
		lineno++;
		if (memchr(line, 0, (size_t)got)) {
			s->line = lineno;
			rc = sess_error(s, NULL, "binary data (a NUL byte): not a dl script");
			break;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (!len)
			start = lineno;
		if (join_line(&acc, &len, line)) {
			s->line = start;
			rc = sess_error(s, NULL, "line too long (the limit is %d bytes)", LEX_MAXLINE);
			break;
		}
		if (sess_incomplete(acc))
			continue;
		s->line = start;
		rc = sess_exec(s, acc);
		len = 0;
		if (rc != SESS_OK || s->quit)
			break;
	}
	if (rc == SESS_OK && got < -1) {
		s->line = lineno + 1;
		rc = sess_error(s, NULL, "line too long (the limit is %d bytes)", LEX_MAXLINE);
	} else if (rc == SESS_OK && ferror(f)) {
		s->line = lineno + 1;
		rc = sess_error(s, NULL, "cannot read: %s", strerror(errno));
	} else if (rc == SESS_OK && len && sess_incomplete(acc)) {
		s->line = start;
		rc = sess_error(s, NULL, "the file ends inside a continued line (unclosed '[' or a trailing '\\')");
	}
	free(line);
	free(acc);
	s->depth--;
	s->file = ofile;
	s->line = oline;
	return rc == SESS_QUIT ? SESS_OK : rc;
}

/* Write the stream to an existing file that is not a regular one (/dev/full, /dev/null, a pipe):
 * there is nothing to rename over, and a device must stay a device. */
static int write_in_place(const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "w");
	int err = f ? 0 : errno;
	errno = 0;
	if (f && (put(f, ctx) || fflush(f)))
		err = errno ? errno : EIO;
	if (f && fclose(f) && !err)
		err = errno ? errno : EIO;
	return err;
}

int sess_write_file(const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
{
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return write_in_place(path, put, ctx);
	/* a temporary file beside the target (through a symbolic link: beside the file it names),
	 * flushed to disk, renamed over the target; then the directory is flushed */
	char *real = exists ? realpath(path, NULL) : NULL;
	const char *target = real ? real : path;
	size_t pl = strlen(target);
	char *tmp = malloc(pl + 16);
	if (!tmp) {
		free(real);
		return ENOMEM;
	}
	snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", target);
	int fd = mkstemp(tmp), err = 0;
	if (fd < 0) {
		err = errno;
		free(tmp);
		free(real);
		return err;
	}
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~um)); /* mkstemp made it 0600 */
	FILE *f = fdopen(fd, "w");
	errno = 0;
	if (!f) {
		err = errno;
		close(fd);
	} else {
		if (put(f, ctx) || fflush(f) || fsync(fileno(f)))
			err = errno ? errno : EIO;
		if (fclose(f) && !err)
			err = errno ? errno : EIO;
	}
	if (!err && rename(tmp, target))
		err = errno;
	if (err) {
		unlink(tmp);
	} else {
		char *slash = strrchr(tmp, '/'); /* the rename lasts once the directory is on disk */
		if (slash)
			slash[slash == tmp] = 0;
		int dfd = open(slash ? tmp : ".", O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(tmp);
	free(real);
	return err;
}

int sess_source(session *s, const char *path)
{
	if (s->depth >= SESS_MAXDEPTH)
		return sess_error(s, "source", "scripts nested more than %d deep", SESS_MAXDEPTH);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sess_error(s, "source", "'%s' is a directory", path);
	FILE *f = fopen(path, "r");
	if (!f)
		return sess_error(s, "source", "cannot open '%s': %s", path, strerror(errno));
	int rc = sess_run_stream(s, f, path);
	fclose(f);
	return rc;
}

int sess_run_text(session *s, const char *text, const char *name)
{
	/* ';' separates commands like a newline, except inside an array literal */
	size_t n = strlen(text);
	if (!n)
		return SESS_OK;
	char *copy = malloc(n + 1);
	if (!copy)
		return sess_error(s, NULL, "out of memory");
	int depth = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = text[i];
		depth += c == '[' ? 1 : (c == ']' && depth ? -1 : 0);
		copy[i] = (c == ';' && !depth) ? '\n' : c;
	}
	FILE *f = fmemopen(copy, n, "r");
	if (!f) {
		free(copy);
		return sess_error(s, NULL, "out of memory");
	}
	int rc = sess_run_stream(s, f, name);
	fclose(f);
	free(copy);
	return rc;
}
