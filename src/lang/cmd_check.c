/* cmd_check.c — checks on the session's state: 'expect' (a script fails unless it holds)
 * and the evaluation that an exercise's 'goal' shares with it (check_eval, check_goal). */
#include "cmd.h"
#include "check.h"
#include "fmt.h"
#include <math.h>
#include <string.h>

/* A quantity of the whole run: loss, lr, iteration, bad_iter, acc, test_loss, test_acc.
 * 1 and *got when name is one, 0 when it is not, -1 with err when it cannot be computed. */
static int check_run_value(session *s, const char *name, double *got, char *err, size_t n)
{
	if (!strcmp(name, "bad_iter")) { /* where the loss first stopped being finite, -1 if never */
		*got = (double)s->hist.bad_iter;
		return 1;
	}
	if (!strcmp(name, "loss") || !strcmp(name, "lr") || !strcmp(name, "iteration") || !strcmp(name, "iter")) {
		*got = !strcmp(name, "loss") ? s->last_loss : !strcmp(name, "lr") ? s->lr : (double)s->iter;
		return 1;
	}
	if (strcmp(name, "acc") && strcmp(name, "test_loss") && strcmp(name, "test_acc"))
		return 0;
	int test = !strncmp(name, "test", 4);
	const tensor *X = test ? &s->ds.TX : &s->ds.X, *Y = test ? &s->ds.TY : &s->ds.Y;
	double l, acc;
	char why[256];
	if (s->nt.n && Y->v && (s->nt.loss == LOSS_CE ? Y->cols != 1 : Y->cols != net_out(&s->nt))) {
		snprintf(err, n, "%s: the targets have %d columns; the network outputs %d", name, Y->cols, net_out(&s->nt));
		return -1;
	}
	if (s->nt.n && sess_batch_fits(s, &s->nt, X->rows, why, sizeof why)) {
		snprintf(err, n, "%s: %s", name, why);
		return -1;
	}
	if (!s->nt.n || !X->v || !Y->v || X->cols != net_in(&s->nt) || train_eval(&s->nt, X->v, Y->v, X->rows, &l, &acc)) {
		snprintf(err, n, "%s: no network or %s data to evaluate", name, test ? "test" : "training");
		return -1;
	}
	*got = !strcmp(name, "acc") || !strcmp(name, "test_acc") ? acc : l;
	return 1;
}

int check_eval(session *s, const char *name, const char *wv, double tol, check_res *r, char *err, size_t n)
{
	memset(r, 0, sizeof *r);
	/* NAME VALUE, or a bound: NAME >=VALUE / NAME <=VALUE */
	r->bound = !strncmp(wv, ">=", 2) ? 1 : !strncmp(wv, "<=", 2) ? -1 : 0;
	if (lex_number(wv + (r->bound ? 2 : 0), &r->want)) {
		snprintf(err, n, r->bound ? "'%.40s' is not a number after %.2s" : "'%.40s' is not a number",
			 wv + (r->bound ? 2 : 0), wv);
		return -2;
	}
	int got = check_run_value(s, name, &r->got, err, n);
	if (got < 0)
		return -1;
	if (!got) {
		tensor view = { 0 };
		long elem = -1;
		if (sess_lookup(s, name, &view, &elem, err, n))
			return -1;
		if (elem < 0 && tensor_size(&view) != 1) {
			snprintf(err, n, "%s has %zu values: name one element, e.g. %s[0,0]", name, tensor_size(&view), name);
			return -1;
		}
		r->got = view.v[elem < 0 ? 0 : elem];
	}
	r->lim = tol >= 0 ? tol : 1e-6 * fmax(1, fabs(r->want));
	r->ok = r->bound > 0 ? r->got >= r->want
		: r->bound < 0 ? r->got <= r->want
		: (isnan(r->want) && isnan(r->got)) || (isinf(r->want) && r->got == r->want) || fabs(r->got - r->want) <= r->lim;
	return 0;
}

int cmd_expect(session *s, cmd_args *a)
{
	char err[512], num[64], num2[64];
	double tol = -1;
	const char *name = a->argv[0], *wv = a->argv[1];
	check_res r;
	if (strncmp(wv, ">=", 2) && strncmp(wv, "<=", 2) && cmd_arg_num(s, a, 1, &r.want))
		return SESS_ERROR;
	if (cmd_opt_num(s, a, "tol", &tol))
		return SESS_ERROR;
	if (check_eval(s, name, wv, tol, &r, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (!r.ok && sess_checks_quiet(s)) { /* a learner's own route: say so, and the lesson goes on */
		sess_warn(s, "(the lesson expected %s = %s here; yours is %s: it goes on from your state)\n", name,
			  r.bound ? wv : fmt_num(r.want, 6, num2, sizeof num2), fmt_num(r.got, 6, num, sizeof num));
		return SESS_OK;
	}
	if (!r.ok) {
		s->failed_expect++;
		if (r.bound)
			return CMD_ERR(s, a, "%s is %s, expected %s", name, fmt_num(r.got, 10, num, sizeof num), wv);
		return CMD_ERR(s, a, "%s is %s, expected %s (tol %g)", name, fmt_num(r.got, 10, num, sizeof num),
			       fmt_num(r.want, 10, num2, sizeof num2), r.lim);
	}
	/* an interactive lesson checks quietly: its learner reads the lesson, not its tests */
	if (sess_checks_quiet(s))
		return SESS_OK;
	sess_printf(s, "ok: %s = %s (expected %s)\n", name, fmt_num(r.got, s->precision, num, sizeof num),
		    r.bound ? wv : fmt_num(r.want, s->precision, num2, sizeof num2));
	return SESS_OK;
}

/* A goal's condition (spec §9): expect's forms "NAME VALUE [tol=F]", "NAME >=V", "NAME <=V",
 * and "diverged", "not diverged".  1 holds, 0 does not (why says what is there instead), -1
 * the condition itself is wrong (err). */
int check_goal(session *s, const char *cond, char *why, size_t n)
{
	char err[512], num[64];
	words w;
	if (lex_split(cond, &w, err, sizeof err)) {
		snprintf(why, n, "%s", err);
		return -1;
	}
	int rc = -1;
	double tol = -1;
	int nw = w.n;
	if (nw == 3 && !strncmp(w.w[2], "tol=", 4) && !lex_number(w.w[2] + 4, &tol) && tol >= 0)
		nw = 2;
	if (nw == 1 && !strcmp(w.w[0], "diverged")) {
		rc = s->diverged != 0;
		snprintf(why, n, "training has not diverged");
	} else if (nw == 2 && !strcmp(w.w[0], "not") && !strcmp(w.w[1], "diverged")) {
		rc = !s->diverged;
		snprintf(why, n, "the last training diverged");
	} else if (nw == 2) {
		check_res r;
		int e = check_eval(s, w.w[0], w.w[1], tol, &r, err, sizeof err);
		if (e) {
			/* a value that does not exist yet (no network, no forward pass) is a goal not met */
			snprintf(why, n, "%s", err);
			rc = e == -2 ? -1 : 0;
		} else {
			rc = r.ok;
			snprintf(why, n, "%s is %s", w.w[0], fmt_num(r.got, 6, num, sizeof num));
		}
	} else {
		snprintf(why, n, "a goal is 'NAME VALUE [tol=F]', 'NAME >=V', 'NAME <=V', 'diverged' or 'not diverged' (got '%.60s')", cond);
	}
	lex_free(&w);
	return rc;
}
