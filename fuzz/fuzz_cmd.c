/* fuzz_cmd.c — libFuzzer target: the command interpreter.  Each input is what a learner might
 * type: its lines run one by one in a fresh session (an error does not stop the next line, as
 * at the prompt), lines continued with '\' or an open '[' are joined as the prompt joins them,
 * and an empty line repeats the last step/train.  The session has a memory budget of 128 KiB,
 * train/step take at most 20 iterations and stop after 0.5 ms
 * (the tick hook, as Ctrl-C would), files live in a scratch
 * directory (sandbox.h), and nothing touches the terminal.  After every line the session's
 * invariants are checked: a violation aborts, so the fuzzer reports it. */
#include "../src/lang/session.h"
#include "../src/lang/lex.h"
#include "../src/plot/view.h"
#include "sandbox.h"
#include <stdint.h>
#include <string.h>
#include <time.h>

/* doubles: 128 KiB, an eighth of 'dl --mem-mb 1' (the regression test replays inputs with that):
 * small enough that no command's arithmetic slows the fuzzer down */
#define BUDGET ((size_t)1 << 14)

static double deadline;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sink(void *ctx, const char *text)
{
	(void)ctx;
	/* every message is a string the UI can print */
	if (!text || strlen(text) > ((size_t)1 << 26))
		abort();
}

/* plots rendered as text through the sink, as batch mode does */
static int show(void *ctx, session *s)
{
	(void)ctx;
	return view_print(s);
}

static int tick(void *ctx)
{
	(void)ctx;
	return now() > deadline;
}

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s\n", #c); abort(); } } while (0)

static void check_tensor(const tensor *t, int rows_known)
{
	if (!t->v)
		return;
	CHECK(t->ndim == 1 || t->ndim == 2);
	CHECK(t->rows >= 0 && t->cols >= 0);
	if (rows_known)
		CHECK(t->ndim == 2 || t->rows == 1);
}

static void check_session(const session *s)
{
	const net *nt = &s->nt;
	size_t P = 0;
	int ndense = 0;
	CHECK(nt->n >= 0 && nt->n <= nt->cap);
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		CHECK(l->in >= 1 && l->out >= 1);
		if (i)
			CHECK(l->in == nt->L[i - 1].out);
		if (l->kind == LAYER_DENSE) {
			ndense++;
			CHECK(l->k == ndense);
			CHECK(l->off_W == P && l->W.v == nt->params + P && l->dW.v == nt->grads + P);
			P += (size_t)l->in * (size_t)l->out;
			CHECK(l->off_b == P && l->b.v == nt->params + P);
			P += (size_t)l->out;
		} else {
			CHECK(l->in == l->out);
		}
	}
	CHECK(P == nt->P && ndense == nt->ndense);
	CHECK(P <= BUDGET);
	const dataset *ds = &s->ds;
	check_tensor(&ds->X, 1);
	check_tensor(&ds->Y, 1);
	if (ds->X.v)
		CHECK(ds->X.cols == ds->D);
	if (ds->Y.v)
		CHECK(ds->Y.cols == ds->K);
	if (ds->X.v && ds->Y.v)
		CHECK(ds->X.rows == ds->Y.rows);
	if (ds->TX.v)
		CHECK(ds->TX.cols == ds->D && ds->TY.v && ds->TY.cols == ds->K && ds->TX.rows == ds->TY.rows);
	if (ds->X.v || ds->TX.v)
		CHECK(ds->names != NULL);
	if (ds->normalized)
		CHECK(ds->mu && ds->sd);
	CHECK(tensor_size(&ds->X) + tensor_size(&ds->Y) <= 2 * BUDGET);
	CHECK(s->nundo >= 0 && s->nundo <= SESS_UNDO);
	CHECK(s->nwatch >= 0 && s->nwatch <= SESS_MAXWATCH);
	CHECK(s->depth == 0 && s->file == NULL && !s->training);
}

/* Tab completion on the line so far: the prompt asks for it with any text */
static void complete(session *s, const char *line)
{
	int pos = 0, inword = 0;
	size_t n = strlen(line), start = 0;
	for (size_t i = 0; i < n; i++) {
		int blank = line[i] == ' ' || line[i] == '\t';
		if (!blank && !inword) {
			pos++;
			start = i;
		}
		inword = !blank;
	}
	if (!inword) {
		start = n;
	} else {
		pos--;
	}
	int files;
	for (int k = 0; k < 16 && sess_complete(s, line, pos, line + start, k, &files); k++)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	sess_hooks hk = { .emit = sink, .tick = tick, .show = show };
	session *s = sess_new(1, &hk);
	s->max_values = BUDGET;
	s->max_iters = 20;
	s->lesson_dir = "lessons"; /* inside the scratch directory: none there */
	s->data_dir = NULL;
	char *pending = NULL;
	char *line = text;
	while (line && !s->quit) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		/* join a continued line, as the prompt does */
		if (pending) {
			size_t a = strlen(pending), b = strlen(line);
			char *j = realloc(pending, a + b + 2);
			if (!j)
				break;
			if (a && j[a - 1] == '\\')
				a--;
			j[a] = ' ';
			memcpy(j + a + 1, line, b + 1);
			pending = j;
		} else {
			pending = strdup(line);
		}
		line = nl ? nl + 1 : NULL;
		if (line && sess_incomplete(pending) && strlen(pending) < LEX_MAXLINE)
			continue;
		deadline = now() + 0.0005;
		complete(s, pending);
		if (!pending[strspn(pending, " \t")])
			sess_repeat(s);
		else
			sess_run_text(s, pending, NULL);
		free(pending);
		pending = NULL;
		check_session(s);
	}
	free(pending);
	sess_free(s);
	free(text);
	sandbox_clean();
	return 0;
}
