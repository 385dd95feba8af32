/* test_lang.c — the command language through a session, without a terminal: output is
 * captured from the emit sink and compared. */
#include "check.h"
#include "../src/lang/session.h"
#include "../src/lang/lex.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char out[1 << 16];
static size_t outlen;

static void emit(void *ctx, const char *text)
{
	(void)ctx;
	size_t n = strlen(text);
	if (outlen + n < sizeof out) {
		memcpy(out + outlen, text, n + 1);
		outlen += n;
	}
}

static session *fresh(void)
{
	sess_hooks hk = { .emit = emit };
	outlen = 0;
	out[0] = 0;
	return sess_new(1, &hk);
}

static int run(session *s, const char *text)
{
	outlen = 0;
	out[0] = 0;
	return sess_run_text(s, text, NULL);
}

#define HAS(str) CHECK(strstr(out, str), "output lacks \"%s\":\n%s", str, out)

static void test_prefix_and_suggestions(void)
{
	session *s = fresh();
	CHECK(run(s, "lay dense 2 1") == SESS_OK, "%s", out);
	CHECK(s->nt.n == 1, "prefix ran layer");
	CHECK(run(s, "lyer relu") == SESS_ERROR, "typo");
	HAS("unknown command 'lyer' — did you mean 'layer'?");
	CHECK(run(s, "s") == SESS_ERROR, "ambiguous");
	HAS("ambiguous command 's': could be show, set, step, seed, source, say, save");
	CHECK(run(s, "layer dense 3 1") == SESS_ERROR, "mismatch");
	HAS("error: layer: IN is 3 but the previous layer outputs 1");
	CHECK(run(s, "set W1 [1, 2, 3]") == SESS_ERROR, "count");
	HAS("error: set: W1 expects 2 values (2, 1), got 3 (3,)");
	CHECK(run(s, "train 5 bogus=1") == SESS_ERROR, "option");
	HAS("unknown option 'bogus'");
	CHECK(run(s, "train 5 evry=1") == SESS_ERROR, "option typo");
	HAS("unknown option 'evry' — did you mean 'every='?");
	sess_free(s);
}

/* the edit distance behind "did you mean": exact up to 2, and anything farther is above 2 */
static void test_distance(void)
{
	static const struct { const char *a, *b; int d; } near[] = {
		{ "layer", "layer", 0 }, { "lyer", "layer", 1 }, { "laeyr", "layer", 1 }, { "tarin", "train", 1 },
		{ "trian", "train", 1 }, { "evry", "every", 1 }, { "nromalise", "normalize", 2 }, { "", "ab", 2 },
		{ "ab", "ba", 1 }, { "abcd", "badc", 2 }, { "plto", "plot", 1 }, { "xx", "", 2 },
	};
	for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
		CHECK(lex_distance(near[i].a, near[i].b) == near[i].d, "distance %s %s = %d, not %d", near[i].a, near[i].b,
		      lex_distance(near[i].a, near[i].b), near[i].d);
	static const char *far[][2] = { { "layer", "train" }, { "abc", "xyz" }, { "a", "abcd" },
					{ "normalize", "gradcheck" }, { "abcdefgh", "badcfehg" } };
	for (size_t i = 0; i < sizeof far / sizeof far[0]; i++) {
		int d = lex_distance(far[i][0], far[i][1]);
		CHECK(d > 2 && d <= 9, "distance %s %s = %d", far[i][0], far[i][1], d);
	}
}

static int ticks, stop_after;
static int tick_stop(void *ctx)
{
	(void)ctx;
	return ++ticks >= stop_after;
}

/* Ctrl-C (the tick hook saying stop) ends a loss surface between rows: nothing is drawn and
 * the parameters are as they were; without it the surface is drawn. */
static void test_cost_interrupted(void)
{
	sess_hooks hk = { .emit = emit, .tick = tick_stop };
	session *s = sess_new(1, &hk);
	CHECK(run(s, "data gen dates; net 2-3-1; lr 1e-2") == SESS_OK, "%s", out);
	double before[64];
	memcpy(before, s->nt.params, s->nt.P * sizeof *before);
	ticks = 0, stop_after = 3;
	CHECK(run(s, "plot cost W1[0,0] b2[0]") == SESS_ERROR, "interrupted surface: %s", out);
	HAS("interrupted (Ctrl-C)");
	CHECK(ticks == 3 && !s->cost_grid, "stopped after the third row (%d), no surface", ticks);
	CHECK(!memcmp(before, s->nt.params, s->nt.P * sizeof *before), "parameters restored");
	ticks = 0, stop_after = 1000;
	CHECK(run(s, "plot cost W1[0,0] b2[0]") == SESS_OK, "surface: %s", out);
	CHECK(s->cost_grid && ticks == s->cost_rows, "one tick per row: %d of %d", ticks, s->cost_rows);
	CHECK(!memcmp(before, s->nt.params, s->nt.P * sizeof *before), "parameters restored");
	sess_free(s);
}

/* 'reset' starts over but keeps the program's limits (found by fuzz_cmd: a reset lifted them) */
static void test_reset_keeps_limits(void)
{
	session *s = fresh();
	s->max_values = 1 << 14;
	s->max_iters = 100;
	CHECK(run(s, "reset") == SESS_OK, "%s", out);
	CHECK(s->max_values == 1 << 14 && s->max_iters == 100, "limits kept: %zu %ld", s->max_values, s->max_iters);
	CHECK(run(s, "net 2-5-5-999999") == SESS_ERROR, "a network over the budget after reset: %s", out);
	HAS("memory budget");
	CHECK(run(s, "data gen xor n=201201") == SESS_ERROR, "data over the budget after reset: %s", out);
	HAS("memory budget");
	sess_free(s);
}

/* a new training set keeps a test set of its shape, in the test set's own units */
static void test_gen_keeps_test_set(void)
{
	session *s = fresh();
	CHECK(run(s, "data gen xor n=10 into=test") == SESS_OK, "%s", out);
	double t[20];
	memcpy(t, s->ds.TX.v, sizeof t);
	CHECK(run(s, "data gen xor n=20") == SESS_OK, "%s", out);
	HAS("xor: 20 samples into the training set (the test set of 10 is kept)");
	CHECK(run(s, "normalize") == SESS_OK && s->ds.normalized, "%s", out);
	CHECK(memcmp(t, s->ds.TX.v, sizeof t), "normalize transformed the test set");
	CHECK(run(s, "data gen circle n=30") == SESS_OK && !s->ds.normalized, "%s", out);
	CHECK(s->ds.TX.rows == 10, "test set kept: %d rows", s->ds.TX.rows);
	for (int i = 0; i < 20; i++)
		CHECK(fabs(s->ds.TX.v[i] - t[i]) <= 1e-12 * (1 + fabs(t[i])), "test value %d back in its units: %g, %g", i,
		      s->ds.TX.v[i], t[i]);
	CHECK(run(s, "x [[1, 2, 3]]; data gen xor n=5") == SESS_OK, "%s", out);
	CHECK(!s->ds.TX.v, "a test set of another shape goes");
	sess_free(s);
}

static void test_undo_after_divergence(void)
{
	const char *setup = "data gen dates income=raw; layer dense 2 1; set W1 [0.1, 0.1]; lr 1e-6";
	session *s = fresh();
	CHECK(run(s, setup) == SESS_OK, "%s", out);
	CHECK(run(s, "train 1000 every=0") == SESS_ERROR, "diverges");
	HAS("stopped at iteration");
	HAS("why it diverged");
	HAS("income");
	CHECK(s->diverged, "flag");
	CHECK(!tensor_all_finite(&s->nt.L[0].W) || tensor_norm2(&s->nt.L[0].W) > 1e100, "weights blew up");
	long bad = s->hist.bad_iter;
	CHECK(bad > 10 && bad < 600, "diverged at %ld (tutorial: within 600)", bad);
	/* the last finite state: rewind 1 (issue 16: undo goes back to where the train began) */
	CHECK(run(s, "rewind 1") == SESS_OK, "%s", out);
	CHECK(tensor_all_finite(&s->nt.L[0].W), "rewind: finite weights");
	CHECK(s->iter == bad - 1, "rewind: back to iteration %ld, at %ld", bad - 1, s->iter);
	{ /* exactly the parameters of iteration bad − 1: the same run stopped there */
		session *s2 = fresh();
		char cmd[64];
		snprintf(cmd, sizeof cmd, "train %ld every=0", bad - 1);
		CHECK(run(s2, setup) == SESS_OK && run(s2, cmd) == SESS_OK, "%s", out);
		CHECK(s2->nt.P == s->nt.P && !memcmp(s2->nt.params, s->nt.params, s->nt.P * sizeof(double)),
		      "rewind 1: the parameters of iteration %ld (W1 %.17g %.17g, b1 %.17g)", bad - 1,
		      s->nt.params[0], s->nt.params[1], s->nt.params[2]);
		sess_free(s2);
	}
	CHECK(run(s, "forward") == SESS_OK, "%s", out);
	CHECK(isfinite(s->last_loss), "the loss is finite again: %g", s->last_loss);
	CHECK(run(s, "undo") == SESS_OK && s->iter == bad, "undo: the rewind undone, at %ld", s->iter);
	CHECK(run(s, "undo") == SESS_OK, "%s", out);
	CHECK(s->iter == 0 && s->nt.params[0] == 0.1, "second undo: before train");
	sess_free(s);
}

static void test_regression_numbers(void)
{
	session *s = fresh();
	CHECK(run(s, "data gen dates; layer dense 2 1; set W1 [0.1, 0.1]; set b1 0; lr 1e-4; train 100000 every=0") == SESS_OK, "%s", out);
	CHECK(fabs(s->nt.params[0] - 0.8) < 0.02 && fabs(s->nt.params[1] - 0.3) < 0.03, "W1 = %g %g", s->nt.params[0], s->nt.params[1]);
	CHECK(fabs(s->nt.params[2] - 2) < 0.15, "b1 = %g", s->nt.params[2]);
	CHECK(run(s, "expect W1[0,0] 0.8 tol=0.02; expect b1 2 tol=0.15") == SESS_OK, "%s", out);
	sess_free(s);
}

static void test_gradcheck_everywhere(void)
{
	static const char *nets[] = {
		"net 2-4-3-1 act=relu; loss mse",
		"net 2-4-3-1 act=sigmoid; loss mse",
		"net 2-4-3-1 act=tanh; loss mse",
		"net 2-4-3-1 act=leaky_relu; loss mse",
		"net 2-4-1 act=tanh out=sigmoid; loss bce",
		"net 2-4-1 act=tanh; loss bce",
		"net 2-4-2 act=tanh; loss ce",
		"net 2-4-2 act=sigmoid out=softmax; loss ce",
		"layer dense 2 3; layer softmax; layer dense 3 2; loss mse",
	};
	for (size_t i = 0; i < sizeof nets / sizeof *nets; i++) {
		session *s = fresh();
		char cmd[256];
		snprintf(cmd, sizeof cmd, "data gen gauss n=20; seed 4; %s; init xavier seed=2", nets[i]);
		CHECK(run(s, cmd) == SESS_OK, "%s: %s", nets[i], out);
		if (strstr(nets[i], "layer dense 2 3")) /* mse with 2 outputs wants 2 targets */
			run(s, "y [[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0],[0,1],[1,0]]");
		CHECK(run(s, "gradcheck") == SESS_OK, "%s:\n%s", nets[i], out);
		HAS("gradcheck: pass");
		sess_free(s);
	}
}

static void test_step_and_repeat(void)
{
	session *s = fresh();
	run(s, "x [[1, 2], [3, 4]]; y [1, 2]; layer dense 2 1; watch W1; lr 0.01");
	CHECK(run(s, "step 2") == SESS_OK, "%s", out);
	HAS("iteration 0: loss=");
	HAS("iteration 1: loss=");
	CHECK(s->iter == 2, "two iterations");
	outlen = 0;
	CHECK(sess_repeat(s) == SESS_OK && s->iter == 4, "empty line repeats step: %ld", s->iter);
	run(s, "print lr");
	CHECK(sess_repeat(s) == SESS_OK && s->iter == 4, "after print, Enter repeats nothing: %ld", s->iter);
	sess_free(s);
}

static void test_print_format(void)
{
	session *s = fresh();
	run(s, "layer dense 2 3; set W1 [[0.7, 0.05, 0], [0.3, 0.01, 0.01]]; set b1 [0, 0, 0]; print W1 b1 lr batch");
	HAS("W1 (2, 3)\n[[ 0.7 0.05    0]\n [ 0.3 0.01 0.01]]\n");
	HAS("b1 (3,)\n[0 0 0]\n");
	HAS("lr = 0.01\n");
	HAS("batch = full\n");
	run(s, "print W1[1,2]");
	HAS("W1[1,2] = 0.01\n");
	sess_free(s);
}

/* a refused load leaves the network as it was */
static void test_load_refused(void)
{
	static const char *bad[] = {
		"", "# dl model 1\nreset net\nlayer dense 2 1\n", "name,age\nbob,3\n",
		"# dl model 1\nreset net\nlayer dense 2 1\nset W1 [1, oops]\n# end of dl model\n",
		"# dl model 1\nreset net\nlayer dense 2 1\ntrain 5\n# end of dl model\n",
		"# dl model 1\nreset net\nlayer dense 2 1\nset W1 [1, 2, 3]\n# end of dl model\n",
		"# dl model 1\nreset net\n# end of dl model\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		session *s = fresh();
		FILE *f = fopen("test_lang.model.tmp", "w");
		fputs(bad[i], f);
		fclose(f);
		run(s, "layer dense 3 1; set W1 [7, 8, 9]; set b1 1; lr 0.5");
		CHECK(run(s, "load test_lang.model.tmp") == SESS_ERROR, "case %zu loaded:\n%s", i, out);
		HAS("nothing was changed");
		CHECK(s->nt.n == 1 && s->nt.P == 4 && s->nt.params[0] == 7 && s->nt.params[2] == 9 && s->lr == 0.5,
		      "case %zu: the network changed", i);
		sess_free(s);
	}
	remove("test_lang.model.tmp");
}

static void test_incomplete(void)
{
	CHECK(sess_incomplete("set W1 [[1, 2],"), "open bracket");
	CHECK(sess_incomplete("set W1 \\"), "backslash");
	CHECK(!sess_incomplete("set W1 [1, 2]"), "closed");
	CHECK(!sess_incomplete("say hi # a [ in a comment"), "comment");
}

static void test_completion(void)
{
	session *s = fresh();
	int files;
	run(s, "layer dense 2 1");
	CHECK(!strcmp(sess_complete(s, "tr", 0, "tr", 0, &files), "train"), "command");
	CHECK(!strcmp(sess_complete(s, "print ", 1, "W", 0, &files), "W1"), "parameter");
	CHECK(!strcmp(sess_complete(s, "train 5 ", 2, "ev", 0, &files), "every="), "option");
	CHECK(!strcmp(sess_complete(s, "optim ", 1, "ad", 0, &files), "adam"), "word");
	CHECK(!sess_complete(s, "load ", 1, "x", 0, &files) && files, "file");
	/* sub-commands: their names after the command, then the chosen one's own table */
	CHECK(!strcmp(sess_complete(s, "plot ", 1, "l", 0, &files), "loss") &&
	      !strcmp(sess_complete(s, "plot ", 1, "l", 1, &files), "lr") && !sess_complete(s, "plot ", 1, "l", 2, &files),
	      "plot's sub-commands");
	CHECK(!strcmp(sess_complete(s, "plot fn ", 2, "l", 0, &files), "leaky_relu") &&
	      !sess_complete(s, "plot fn ", 2, "l", 1, &files), "plot fn l<Tab>: leaky_relu only");
	CHECK(!strcmp(sess_complete(s, "plot lr 1e-3 1e-2 ", 4, "it", 0, &files), "iters=") &&
	      !sess_complete(s, "plot lr 1e-3 1e-2 ", 4, "it", 1, &files), "plot lr's options");
	CHECK(!sess_complete(s, "plot grad ", 2, "", 0, &files) && !files, "plot grad takes nothing");
	CHECK(!strcmp(sess_complete(s, "plot cost ", 2, "W", 0, &files), "W1"), "plot cost: parameters");
	CHECK(!sess_complete(s, "data load ", 2, "x", 0, &files) && files, "data load: a file");
	CHECK(!strcmp(sess_complete(s, "data load f ", 3, "t", 0, &files), "target=") && !files, "data load's option");
	CHECK(!sess_complete(s, "data gen ", 2, "x", 0, &files) || !files, "data gen: no files");
	CHECK(!strcmp(sess_complete(s, "data gen ", 2, "x", 0, &files), "xor"), "data gen's generators");
	CHECK(!strcmp(sess_complete(s, "help ", 1, "pl", 0, &files), "plot"), "help: commands");
	sess_free(s);
}

/* A command whose undo snapshot does not fit says so, instead of undo later going back two steps. */
static void test_cannot_undo(void)
{
	session *s = fresh();
	run(s, "net 2-300-1");
	s->max_values = 2000; /* the 1201 parameters' snapshot (2 x 1201 values) no longer fits */
	CHECK(run(s, "net 2-1") == SESS_OK && strstr(out, "'net' cannot be undone"), "the note: %s", out);
	CHECK(run(s, "net 2-2-1") == SESS_OK && !strstr(out, "cannot be undone"), "a small one can: %s", out);
	CHECK(run(s, "undo") == SESS_OK && s->nt.P == 3, "undo goes back one step: P=%zu", s->nt.P);
	sess_free(s);
}

/* Options are checked against the sub-command's own table, with "did you mean". */
static void test_sub_options(void)
{
	session *s = fresh();
	run(s, "data gen dates; net 2-1");
	CHECK(run(s, "plot lr 1e-3 1e-2 ite=5") == SESS_ERROR && strstr(out, "did you mean 'iters='"), "ite=: %s", out);
	CHECK(run(s, "plot cost W1[0,0] b1[0] x=5") == SESS_ERROR && strstr(out, "unknown option 'x' for plot cost"),
	      "x=: %s", out);
	CHECK(run(s, "plot net input=0 n=3") == SESS_ERROR && strstr(out, "unknown option 'n' for plot net"), "n=: %s", out);
	CHECK(run(s, "data gen xor target=y") == SESS_ERROR && strstr(out, "unknown option 'target' for data gen"),
	      "target=: %s", out);
	CHECK(run(s, "data load f.csv tagret=y") == SESS_ERROR && strstr(out, "did you mean 'target='"), "tagret=: %s", out);
	CHECK(run(s, "plot fx") == SESS_ERROR && strstr(out, "did you mean 'fn'"), "plot fx: %s", out);
	CHECK(run(s, "plot lr 1e-3 1e-2 n=3 iters=5") == SESS_OK, "good options: %s", out);
	sess_free(s);
}

int main(void)
{
	test_prefix_and_suggestions();
	test_distance();
	test_cost_interrupted();
	test_reset_keeps_limits();
	test_gen_keeps_test_set();
	test_undo_after_divergence();
	test_regression_numbers();
	test_gradcheck_everywhere();
	test_step_and_repeat();
	test_print_format();
	test_load_refused();
	test_incomplete();
	test_completion();
	test_sub_options();
	test_cannot_undo();
	return check_done("test_lang");
}
