/* cmd_file.c — scripts and models: source, record, save, load. */
#include "cmd.h"
#include "engine/io.h"
#include "engine/loss.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODEL_HEAD "# dl model 1"
#define MODEL_TAIL "# end of dl model"

int cmd_source(session *s, cmd_args *a) { return sess_source(s, a->argv[0]); }

int cmd_record(session *s, cmd_args *a)
{
	struct stat st;
	const char *path = a->argv[0];
	if (!strcmp(path, "off")) {
		sess_record_close(s);
		return SESS_OK;
	}
	/* an existing file is not overwritten: a recording would replace it line by line */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return CMD_ERR(s, a, "'%s' exists: record will not overwrite it (remove it or choose another name)", path);
	FILE *f = fopen(path, "w");
	if (!f)
		return CMD_ERR(s, a, "cannot write '%s': %s", path, strerror(errno));
	char *name = strdup(path);
	if (!name || fprintf(f, "# recorded by dl: 'dl %s' replays it\n", path) < 0 || fflush(f)) {
		int e = name ? errno : ENOMEM; /* a full disk says so now, not never */
		fclose(f);
		free(name);
		return CMD_ERR(s, a, "cannot write '%s': %s", path, strerror(e));
	}
	sess_record_close(s);
	s->record = f;
	s->record_path = name;
	return SESS_OK;
}

/* ---- save and load ---- */

/* values on one 'set' line: a line of a saved model must stay below LEX_MAXLINE to load */
#define MODEL_CHUNK 1024

static void write_tensor(FILE *f, const char *name, const tensor *t)
{
	size_t n = tensor_size(t);
	if (n > MODEL_CHUNK) { /* a long tensor in pieces: set NAME [v, …] at=K */
		for (size_t k = 0; k < n; k += MODEL_CHUNK) {
			fprintf(f, "set %s [", name);
			for (size_t i = k; i < n && i < k + MODEL_CHUNK; i++)
				fprintf(f, "%s%.17g", i > k ? ", " : "", t->v[i]);
			fprintf(f, "] at=%zu\n", k);
		}
		return;
	}
	fprintf(f, "set %s [", name);
	for (int r = 0; r < t->rows; r++) {
		if (t->ndim == 2)
			fprintf(f, "%s[", r ? ", " : "");
		for (int c = 0; c < t->cols; c++)
			fprintf(f, "%s%.17g", c ? ", " : "", t->v[(size_t)r * t->cols + c]);
		if (t->ndim == 2)
			fprintf(f, "]");
	}
	fprintf(f, "]\n");
}

static int write_model(session *s, FILE *f)
{
	const net *nt = &s->nt;
	fprintf(f, "%s\n# a dl script: 'load FILE' or 'source FILE' rebuilds this network\nreset net\n", MODEL_HEAD);
	fprintf(f, "loss %s\n", loss_name(nt->loss));
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE)
			fprintf(f, "layer dense %d %d\n", l->in, l->out);
		else if (l->kind == LAYER_LEAKY_RELU)
			fprintf(f, "layer leaky_relu alpha=%.17g\n", l->alpha);
		else
			fprintf(f, "layer %s\n", layer_kind_name(l->kind));
	}
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		char name[16];
		if (l->kind != LAYER_DENSE)
			continue;
		snprintf(name, sizeof name, "W%d", l->k);
		write_tensor(f, name, &l->W);
		snprintf(name, sizeof name, "b%d", l->k);
		write_tensor(f, name, &l->b);
	}
	fprintf(f, "lr %.17g\n", s->lr);
	fprintf(f, "optim %s momentum=%.17g alpha=%.17g beta1=%.17g beta2=%.17g eps=%.17g\n", optim_name(s->op.kind),
		s->op.momentum, s->op.alpha, s->op.beta1, s->op.beta2, s->op.eps);
	s->batch ? fprintf(f, "batch %d\n", s->batch) : fprintf(f, "batch full\n");
	fprintf(f, "%s\n", MODEL_TAIL);
	return ferror(f) ? -1 : 0;
}

static int write_model_to(FILE *f, void *s) { return write_model(s, f); }

int cmd_save(session *s, cmd_args *a)
{
	const char *path = a->argv[0];
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: nothing to save");
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return CMD_ERR(s, a, "'%s' is a directory", path);
	int err = sess_write_file(path, write_model_to, s);
	if (err)
		return CMD_ERR(s, a, "cannot write '%s': %s (any old file is unchanged)", path, strerror(err));
	sess_printf(s, "saved %zu parameters to %s\n", s->nt.P, path);
	return SESS_OK;
}

/* The first and last non-blank lines must be the model's markers: this refuses foreign,
 * empty and truncated files before anything runs. */
static int check_markers(session *s, cmd_args *a, FILE *f, const char *path)
{
	char *line = NULL, last[64] = "";
	size_t cap = 0;
	ssize_t got;
	int first = 1, rc = SESS_OK;
	while ((got = io_getline(&line, &cap, f, LEX_MAXLINE)) >= 0) {
		if (memchr(line, 0, (size_t)got)) {
			rc = CMD_ERR(s, a, "'%s' is binary, not a dl model", path);
			break;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (!line[strspn(line, " \t")])
			continue;
		if (first && strcmp(line, MODEL_HEAD)) {
			rc = CMD_ERR(s, a, "'%s' is not a dl model (its first line should be '%s')", path, MODEL_HEAD);
			break;
		}
		first = 0;
		snprintf(last, sizeof last, "%.63s", line);
	}
	if (rc == SESS_OK && got < -1)
		rc = CMD_ERR(s, a, "'%s' has a line longer than %d bytes: not a dl model", path, LEX_MAXLINE);
	else if (rc == SESS_OK && ferror(f))
		rc = CMD_ERR(s, a, "cannot read '%s': %s", path, strerror(errno));
	else if (rc == SESS_OK && first)
		rc = CMD_ERR(s, a, "'%s' is empty", path);
	else if (rc == SESS_OK && strcmp(last, MODEL_TAIL))
		rc = CMD_ERR(s, a, "'%s' is truncated (it does not end with '%s')", path, MODEL_TAIL);
	free(line);
	rewind(f);
	return rc;
}

/* f itself when it is a regular file; else (a pipe, a terminal, /dev/stdin) a temporary copy
 * of what it holds, at most what a model within the memory budget can take, so that it can
 * be read twice (markers, then commands).  f is closed when copied; NULL on an error. */
static FILE *seekable_copy(const session *s, FILE *f)
{
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		return f;
	FILE *c = tmpfile();
	double cap = (double)s->max_values * 32 + (1 << 20), got = 0;
	char buf[65536];
	size_t n;
	while (c && got <= cap && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		got += (double)n;
		if (fwrite(buf, 1, n, c) != n) {
			fclose(c);
			c = NULL;
		}
	}
	if (c && (ferror(f) || fflush(c))) {
		fclose(c);
		c = NULL;
	}
	fclose(f);
	if (c)
		rewind(c);
	return c;
}

int cmd_load(session *s, cmd_args *a)
{
	const char *path = a->argv[0];
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return CMD_ERR(s, a, "'%s' is a directory", path);
	FILE *f = fopen(path, "r");
	if (!f)
		return CMD_ERR(s, a, "cannot open '%s': %s", path, strerror(errno));
	if (!(f = seekable_copy(s, f))) /* a pipe or /dev/stdin is read once, then twice from the copy */
		return CMD_ERR(s, a, "cannot read '%s': %s", path, strerror(errno ? errno : EIO));
	if (check_markers(s, a, f, path)) {
		fclose(f);
		sess_printf(s, "load: nothing was changed\n");
		return SESS_ERROR;
	}
	/* build into a scratch session; only when the whole file ran does it replace ours */
	session *tmp = sess_new(s->seed, &s->hk);
	if (!tmp) {
		fclose(f);
		return CMD_ERR(s, a, "out of memory");
	}
	tmp->loading = 1;
	tmp->max_values = s->max_values;
	int rc = sess_run_stream(tmp, f, path);
	fclose(f);
	if (rc == SESS_OK && !tmp->nt.n)
		rc = CMD_ERR(s, a, "'%s' defines no layers", path);
	for (int i = 0; rc == SESS_OK && i < tmp->nt.n; i++) { /* every weight set: no line missing */
		const layer *l = &tmp->nt.L[i];
		for (size_t j = l->off_W; l->kind == LAYER_DENSE && j < l->off_b + (size_t)l->out; j++)
			if (sess_is_unset(tmp->nt.params[j])) {
				rc = CMD_ERR(s, a, "'%s' does not set all of %s%d: a line is missing or damaged", path,
					     j < l->off_b ? "W" : "b", l->k);
				break;
			}
	}
	if (rc != SESS_OK) {
		sess_free(tmp);
		sess_printf(s, "load: nothing was changed\n");
		return SESS_ERROR;
	}
	sess_push_undo(s, "load");
	net_free(&s->nt);
	s->nt = tmp->nt;
	net_init(&tmp->nt);
	optim_free(&s->op);
	s->op = tmp->op;
	optim_init(&tmp->op, OPT_SGD);
	s->lr = tmp->lr;
	s->batch = tmp->batch;
	sess_free(tmp);
	sess_net_changed(s);
	sess_printf(s, "loaded %d layers, %zu parameters from %s\n", s->nt.n, s->nt.P, path);
	return SESS_OK;
}
