/* cmd_data.c — the data set: data gen|load|split, normalize, x, y. */
#include "cmd.h"
#include <math.h>
#include <errno.h>
#include <string.h>

static int data_gen_cmd(session *s, cmd_args *a)
{
	char err[512];
	const char *name = a->argv[1];
	int dates = !strcmp(name, "dates");
	data_gen_opts o = { .n = dates ? 100 : 200, .noise = dates ? 0.01 : 0.0, .edu = -1 };
	long n = o.n, edu = -1, seed = -1;
	if (cmd_opt_int(s, a, "n", 1, 10000000, &n) || cmd_opt_num(s, a, "noise", &o.noise) ||
	    cmd_opt_int(s, a, "edu", 0, 1000, &edu) || cmd_opt_int(s, a, "seed", 0, 2147483647L, &seed))
		return SESS_ERROR;
	if (!(o.noise >= 0) || !isfinite(o.noise))
		return CMD_ERR(s, a, "noise must be a finite number >= 0");
	if ((double)n * 3 > (double)s->max_values)
		return CMD_ERR(s, a, "n=%ld is over the memory budget", n);
	const char *inc = cmd_opt(a, "income");
	if (inc && strcmp(inc, "k") && strcmp(inc, "raw"))
		return CMD_ERR(s, a, "income=%.40s: use k (thousands, 0..9) or raw (0..9999)", inc);
	if (!dates && (inc || edu >= 0))
		return CMD_ERR(s, a, "income= and edu= are options of 'data gen dates' only");
	const char *into = cmd_opt(a, "into");
	if (into && strcmp(into, "train") && strcmp(into, "test"))
		return CMD_ERR(s, a, "into=%.40s: use train or test", into);
	o.n = (int)n;
	o.edu = (int)edu;
	o.income_raw = inc && !strcmp(inc, "raw");
	rng r, *use = &s->rng;
	if (seed >= 0) {
		rng_seed(&r, (uint64_t)seed);
		use = &r;
	}
	int test = into && !strcmp(into, "test");
	if (data_gen(&s->ds, name, &o, use, test, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	trainer_reset(&s->tr);
	char kept[64] = ""; /* data_gen keeps a test set of the same shape */
	if (!test && data_test_rows(&s->ds))
		snprintf(kept, sizeof kept, " (the test set of %d is kept)", data_test_rows(&s->ds));
	sess_note(s, "%s: %d samples into the %s set%s\n", name, o.n, test ? "test" : "training", kept);
	return SESS_OK;
}

/* the session's training set (the stream itself stops on Ctrl-C: sess_write_file) */
static int write_csv_to(FILE *f, void *ds) { return data_write_csv(ds, f); }

/* data alone: the summary */
int cmd_data(session *s, cmd_args *a)
{
	cmd_args b = *a;
	b.argc = 1;
	b.argv[0] = "data";
	return cmd_show(s, &b);
}

static int data_load_cmd(session *s, cmd_args *a)
{
	char err[1024], note[1024], path[4096];
	const char *p = sess_find_file(s, a->argv[1], s->data_dir, path, sizeof path);
	train_hooks hk = sess_long_hooks(s);
	if (data_load_csv(&s->ds, p, cmd_opt(a, "target"), s->max_values, &hk, note, sizeof note, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	trainer_reset(&s->tr);
	if (*note) /* what was made of the file: pandas' index left out, no header row */
		sess_note(s, "%s", note);
	sess_note(s, "%s: %d samples, %d inputs, target '%s'\n", a->argv[1], data_rows(&s->ds), s->ds.D,
		    s->ds.names[s->ds.D]);
	return SESS_OK;
}

static int data_split_cmd(session *s, cmd_args *a)
{
	char err[1024];
	double f;
	if (!cmd_opt(a, "test"))
		return CMD_ERR(s, a, "usage: data split test=F (a fraction, e.g. 0.2)");
	if (cmd_opt_num(s, a, "test", &f))
		return SESS_ERROR;
	if (data_split(&s->ds, f, &s->rng, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	trainer_reset(&s->tr);
	sess_note(s, "split: %d training, %d test samples\n", data_rows(&s->ds), data_test_rows(&s->ds));
	return SESS_OK;
}

static int data_save_cmd(session *s, cmd_args *a)
{
	if (!data_rows(&s->ds) || !s->ds.Y.v)
		return CMD_ERR(s, a, "no training data (inputs and targets) to save");
	int e = sess_write_out(s, a->argv[1], write_csv_to, &s->ds);
	if (e)
		return sess_write_failed(s, a, a->argv[1], e);
	if (strcmp(a->argv[1], "-")) /* on standard output the data is all */
		sess_note(s, "wrote %d samples to %s\n", data_rows(&s->ds), a->argv[1]);
	return SESS_OK;
}

/* What 'data' does: the interpreter checks each one's arguments and options from here. */
const cmd_sub data_subs[] = {
	{ .name = "gen", .min = 1, .max = 1,
	  .usage = "data gen dates|xor|circle|spiral|gauss [n=N] [noise=F] [income=k|raw] [edu=E] [seed=S] [into=train|test]",
	  .opts = "n noise income edu seed into", .complete = COMP_WORDS, .words = "dates xor circle spiral gauss",
	  .fn = data_gen_cmd },
	{ .name = "load", .min = 1, .max = 1, .usage = "data load FILE [target=COL]", .opts = "target",
	  .complete = COMP_FILE, .fn = data_load_cmd },
	{ .name = "split", .min = 0, .max = 0, .usage = "data split test=F", .opts = "test", .fn = data_split_cmd },
	{ .name = "save", .min = 1, .max = 1, .usage = "data save FILE", .complete = COMP_FILE, .fn = data_save_cmd },
	{ .name = NULL },
};

int cmd_normalize(session *s, cmd_args *a)
{
	char err[256];
	if (data_normalize(&s->ds, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	trainer_reset(&s->tr);
	for (int d = 0; d < s->ds.D && d < 8; d++)
		sess_printf(s, "%s: mean %g, std %g\n", s->ds.names[d], s->ds.mu[d], s->ds.sd[d]);
	if (s->ds.D > 8)
		sess_printf(s, "... (%d columns in all)\n", s->ds.D);
	return SESS_OK;
}

static int set_xy(session *s, cmd_args *a, int is_x)
{
	char err[512];
	tensor t;
	if (lex_array(a->argv[0], &t, s->max_values, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	int rc;
	if (is_x) {
		sess_shape_input(s, &t);
		rc = data_set_x(&s->ds, &t, err, sizeof err);
	} else {
		rc = data_set_y(&s->ds, &t, err, sizeof err);
	}
	tensor_free(&t);
	if (rc)
		return CMD_ERR(s, a, "%s", err);
	trainer_reset(&s->tr);
	return SESS_OK;
}

int cmd_x(session *s, cmd_args *a) { return set_xy(s, a, 1); }
int cmd_y(session *s, cmd_args *a) { return set_xy(s, a, 0); }
