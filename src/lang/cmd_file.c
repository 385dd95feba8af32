/* cmd_file.c — scripts and models: source, record, save, load (the model's format: model.c). */
#include "cmd.h"
#include "model.h"
#include "engine/io.h"
#include "engine/loss.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


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

static int write_model_to(FILE *f, void *s) { return model_write(f, s); }

int cmd_save(session *s, cmd_args *a)
{
	const char *path = a->argv[0];
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: nothing to save");
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return CMD_ERR(s, a, "'%s' is a directory", path);
	train_hooks hk = sess_long_hooks(s);
	int err = sess_write_file(&hk, path, write_model_to, s);
	if (err)
		return sess_write_failed(s, a, path, err);
	sess_note(s, "saved %zu parameters to %s\n", s->nt.P, path);
	return SESS_OK;
}

/* The first and last non-blank lines must be the model's markers: this refuses foreign,
 * empty and truncated files before anything runs.  *version: the one the first line names. */
static int check_markers(session *s, cmd_args *a, FILE *f, const char *path, int *version)
{
	char *line = NULL, last[64] = "";
	size_t cap = 0;
	ssize_t got;
	int first = 1, rc = SESS_OK;
	train_clock clk;
	train_clock_start(&clk);
	while ((got = io_getline(&line, &cap, f, LEX_MAXLINE)) >= 0) {
		if (sess_poll(s, &clk)) {
			rc = CMD_ERR(s, a, "interrupted (Ctrl-C) while reading '%s'", path);
			break;
		}
		if (memchr(line, 0, (size_t)got)) {
			rc = CMD_ERR(s, a, "'%s' is binary, not a dl model", path);
			break;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (!line[strspn(line, " \t")])
			continue;
		if (first && !(*version = model_version(line))) {
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
static FILE *seekable_copy(session *s, FILE *f)
{
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		return f;
	FILE *c = tmpfile();
	double cap = (double)s->max_values * 32 + (1 << 20), got = 0;
	char buf[65536];
	size_t n;
	train_clock clk;
	train_clock_start(&clk);
	int stopped = 0;
	while (c && got <= cap && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		if ((stopped = sess_poll(s, &clk))) { /* Ctrl-C: as a read error, EINTR */
			fclose(c);
			c = NULL;
			break;
		}
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
	if (stopped)
		errno = EINTR;
	return c;
}

/* Every weight set (no line missing), and for version 2 the training state read: SESS_OK, or
 * the error shown. */
static int load_check(session *s, cmd_args *a, session *tmp, FILE *f, const char *path, int version,
		      model_extra *x)
{
	char err[512];
	if (!tmp->nt.n)
		return CMD_ERR(s, a, "'%s' defines no layers", path);
	for (int i = 0; i < tmp->nt.n; i++) {
		const layer *l = &tmp->nt.L[i];
		for (size_t j = l->off_W; l->kind == LAYER_DENSE && j < l->off_b + (size_t)l->out; j++)
			if (sess_is_unset(tmp->nt.params[j]))
				return CMD_ERR(s, a, "'%s' does not set all of %s%d: a line is missing or damaged", path,
					       j < l->off_b ? "W" : "b", l->k);
	}
	if (version >= 2 && model_read_state(tmp, f, x, err, sizeof err))
		return CMD_ERR(s, a, "'%s' %s", path, err);
	return SESS_OK;
}

/* What a loaded model brought: its network, and its training state or what a version 1 lacks
 * (each line whole: the sink takes whole lines). */
static void load_say(session *s, const char *path, int version, int transform)
{
	char pos[96] = "";
	if (version < 2) {
		sess_note(s, "loaded %d layers, %zu parameters from %s\n", s->nt.n, s->nt.P, path);
		sess_printf(s, "note: %s is a version 1 model: it holds no optimizer state, iteration count, generator "
			       "state or batch position (training goes on with a fresh %s)\n", path, optim_name(s->op.kind));
		return;
	}
	if (s->tr.permN)
		snprintf(pos, sizeof pos, ", the mini-batches at row %d of %d in epoch %ld", s->tr.cursor, s->tr.permN,
			 s->tr.epoch);
	sess_note(s, "loaded %d layers, %zu parameters from %s with its training state: iteration %ld, %s after "
		       "%ld step%s%s%s\n", s->nt.n, s->nt.P, path, s->iter, optim_name(s->op.kind), s->op.t,
		    s->op.t == 1 ? "" : "s", pos, transform > 0 ? ", the inputs normalized as the model's were" : "");
	if (transform < 0)
		sess_printf(s, "note: the model was trained on normalized inputs, but there is no data of its width "
			       "to normalize: load it after the data to resume\n");
}

/* The loaded model replaces ours: network, settings and (version 2) the training state. */
static void load_commit(session *s, session *tmp, int version, model_extra *x, const char *path)
{
	sess_push_undo(s, "load");
	net_free(&s->nt);
	s->nt = tmp->nt;
	net_init(&tmp->nt);
	sess_net_changed(s); /* forgets the old optimizer state and batches */
	optim_free(&s->op);
	s->op = tmp->op;
	optim_init(&tmp->op, OPT_SGD);
	s->lr = tmp->lr;
	s->batch = tmp->batch;
	int transform = 0;
	if (version >= 2) {
		s->iter = tmp->iter;
		s->rng = tmp->rng;
		s->seed = tmp->seed;
		trainer tr = s->tr; /* the batch order: tmp's, its buffers ours */
		s->tr.perm = tmp->tr.perm;
		s->tr.permN = tmp->tr.permN;
		s->tr.cursor = tmp->tr.cursor;
		s->tr.epoch = tmp->tr.epoch;
		tmp->tr.perm = tr.perm;
		s->hist = tmp->hist; /* the model's curve (none: the old network's is not this one's) */
		transform = model_take_transform(&s->ds, x);
	}
	sess_free(tmp);
	load_say(s, path, version, transform);
}

int cmd_load(session *s, cmd_args *a)
{
	const char *path = a->argv[0];
	struct stat st;
	int version = 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return CMD_ERR(s, a, "'%s' is a directory", path);
	FILE *f = fopen(path, "r");
	if (!f)
		return CMD_ERR(s, a, "cannot open '%s': %s", path, strerror(errno));
	if (s->interrupt) /* from here Ctrl-C stops the reading, and nothing changes */
		*s->interrupt = 0;
	if (!(f = seekable_copy(s, f))) /* a pipe or /dev/stdin is read once, then twice from the copy */
		return errno == EINTR ? CMD_ERR(s, a, "interrupted (Ctrl-C) while reading '%s': nothing was changed", path)
				      : CMD_ERR(s, a, "cannot read '%s': %s", path, strerror(errno ? errno : EIO));
	if (check_markers(s, a, f, path, &version)) {
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
	tmp->interrupt = s->interrupt; /* Ctrl-C stops the reading */
	tmp->max_values = s->max_values;
	model_extra x = { 0 };
	int rc = sess_run_stream(tmp, f, path);
	if (rc == SESS_OK)
		rc = load_check(s, a, tmp, f, path, version, &x);
	fclose(f);
	if (rc != SESS_OK) {
		model_extra_free(&x);
		sess_free(tmp);
		sess_printf(s, "load: nothing was changed\n");
		return SESS_ERROR;
	}
	load_commit(s, tmp, version, &x, path);
	model_extra_free(&x);
	return SESS_OK;
}
