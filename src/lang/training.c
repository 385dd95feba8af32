/* training.c — the one way a session trains (sess_train): 'step', 'train' and the forks that
 * train beside the main network all come here.  It prepares the run (workspaces within the
 * memory budget, the feature-major path's share, snapshots for rewind and diff), runs the
 * engine's train_run, and reports: iteration lines, the divergence and its diagnosis, the
 * summary, then the forks. */
#include "cmd.h"
#include "diagnose.h"
#include "fmt.h"
#include <math.h>
#include <string.h>

static void line_hook(void *ctx, long iter, double loss)
{
	session *s = ctx;
	sess_set_loss(s, loss);
	sess_iter_line(s, iter, loss);
}

static int tick_hook(void *ctx, long iter, double loss)
{
	session *s = ctx;
	(void)iter;
	sess_set_loss(s, loss);
	return s->hk.tick ? s->hk.tick(s->hk.ctx) : 0;
}

/* The rows the workspaces hold: a batch, and the test set when its loss is followed. */
static int work_rows(const session *s)
{
	int B = train_batch_rows(s->batch, data_rows(&s->ds));
	return B > data_test_rows(&s->ds) ? B : data_test_rows(&s->ds);
}

/* Snapshots for rewind and diff, and the test loss, when they fit in the memory budget. */
static void monitor_prepare(session *s, train_opts *o, long n)
{
	char err[512];
	double held = s->mon.snap ? (double)MON_SNAPS * s->mon.P : 0; /* monitor_start reuses or replaces them */
	if (sess_budget_fits(s, (double)MON_SNAPS * s->nt.P, held, "rewind's snapshots", err, sizeof err) ||
	    monitor_start(&s->mon, &s->nt, n))
		return;
	const dataset *ds = &s->ds;
	int B = train_batch_rows(s->batch, data_rows(ds));
	int test = data_test_rows(ds) && ds->TX.cols == net_in(&s->nt) && ds->TY.cols == ds->K;
	s->mon.tx = test ? ds->TX.v : NULL;
	s->mon.ty = test ? ds->TY.v : NULL;
	s->mon.tm = test ? ds->TX.rows : 0;
	/* a test pass costs M rows forward, an iteration about 3B: keep the test loss under
	 * about 2% of the work (5% measured 4.5% slower training on the digits benchmark) */
	s->mon.test_gap = (long)ceil((s->mon.tm + B) / (0.06 * B));
	s->mon.next_test = s->iter;
	if (!s->mon.nsnap || s->mon.snap_iter[(s->mon.head + MON_SNAPS - 1) % MON_SNAPS] != s->iter)
		monitor_record(&s->mon, &s->nt, s->iter); /* where this run starts */
	o->mon = &s->mon;
}

/* Check that the data and workspaces fit the run and fill the engine's options; SESS_ERROR
 * with a message. */
static int train_prepare(session *s, const char *cmd, const sess_train_req *rq, train_opts *o)
{
	char err[512];
	*o = (train_opts){ .iters = rq->iters, .every = rq->every, .lr = s->lr, .batch = s->batch,
			   .stop_diverge = rq->stop_diverge, .until = rq->until, .until_val = rq->until_val,
			   .track = s->tracking ? &s->trk : NULL, .speed = rq->speed };
	if (train_ready(&s->nt, &s->ds, err, sizeof err) || sess_batch_fits(s, &s->nt, work_rows(s), err, sizeof err))
		return sess_error(s, cmd, "%s", err);
	/* training feature-major takes about as much again as the workspaces: only within the
	 * memory budget (else the general path trains, slower, to the same digits) */
	double width = 0, rows = work_rows(s);
	for (int i = 0; i < s->nt.n; i++)
		width += s->nt.L[i].out;
	double left = (double)s->max_values - sess_held_total(s) - 2 * width * rows;
	o->fm_max = left >= 1 ? (size_t)left : 1;
	monitor_prepare(s, o, rq->iters);
	return SESS_OK;
}

/* The undo snapshot taken as this train began (interp.c pushes it before a command that
 * changes the network), or NULL when there is none (not kept, or a fork's run). */
static const net *run_start(const session *s, const char *cmd, long start)
{
	const undo_slot *u = s->nundo ? &s->undo[s->nundo - 1] : NULL;
	return u && u->iter == start && !strcmp(u->what, cmd) ? &u->nt : NULL;
}

static int report_divergence(session *s, const char *cmd, const sess_train_req *rq, const train_result *res,
			     long start)
{
	char num[64];
	s->diverged = 1;
	s->undo_keep = 1; /* an error, but the network changed: its undo snapshot stays */
	/* the parameters before the last update were the last with a finite loss: a snapshot for
	 * rewind (the run's own snapshot of the non-finite state, if it took one, goes) */
	int kept = s->mon.snap && s->mon.P == s->nt.P && res->done;
	if (kept)
		monitor_keep(&s->mon, s->tr.prev, res->bad_iter - 1);
	int rc = sess_error(s, cmd, "stopped at iteration %ld: the loss is %s (diverged after %ld update%s)",
			    res->bad_iter, fmt_num(res->loss, 4, num, sizeof num), res->done, res->done == 1 ? "" : "s");
	const net *st = run_start(s, cmd, start);
	diag_run run = { .start = st, .cmd = cmd, .start_iter = start, .iters = rq->iters, .bad_iter = res->bad_iter };
	diagnose_divergence(s, &run);
	if (st)
		sess_printf(s, "'undo' returns the network to iteration %ld, where this %s began", start, cmd);
	if (kept)
		sess_printf(s, "%s'rewind 1' to iteration %ld, its last finite loss (its weights have already grown)",
			    st ? ";\n" : "", res->bad_iter - 1);
	if (st || kept)
		sess_printf(s, ".\n");
	return rc;
}

/* After the main network trained n iterations: the forks do the same, quietly. */
static void train_forks(session *s, long n)
{
	char num[64];
	sess_train_req rq = { .iters = n, .every = 0, .stop_diverge = 1 };
	for (int i = 0; i < s->nforks; i++) {
		session *f = s->forks[i];
		f->hk.tick = s->hk.tick;
		f->hk.ctx = s->hk.ctx;
		int rc = sess_train(f, "train", &rq);
		sess_printf(s, "fork %-10s %s at iteration %ld: loss %s\n", s->fork_name[i], rc == SESS_OK ? "trained" : "stopped",
			    f->iter, fmt_num(f->last_loss, 4, num, sizeof num));
		if (s->interrupt && *s->interrupt)
			break;
	}
}

/* What a run that did not diverge says at its end. */
static void report_end(session *s, const char *cmd, const sess_train_req *rq, const train_result *res, long start)
{
	char num[64];
	if (!rq->stop_diverge && s->hist.bad_iter >= start) {
		sess_printf(s, "note: the loss stopped being finite at iteration %ld (stop=never kept going)\n",
			    s->hist.bad_iter);
		diag_run run = { .start = run_start(s, cmd, start), .cmd = cmd, .start_iter = start, .iters = rq->iters,
				 .bad_iter = s->hist.bad_iter };
		diagnose_divergence(s, &run);
	}
	if (s->nforks && rq->every != 1 && res->why != TRAIN_INTERRUPTED)
		train_forks(s, rq->iters);
	if (res->why == TRAIN_INTERRUPTED)
		sess_printf(s, "interrupted at iteration %ld (Ctrl-C): the network keeps what it learned\n", s->iter);
	else if (res->why == TRAIN_UNTIL)
		sess_printf(s, "stopped at iteration %ld: %s holds\n", s->iter - 1, rq->until_text ? rq->until_text : "until=");
	if (rq->every != 1) {
		double rate = res->seconds > 0 ? (double)res->done / res->seconds : 0;
		s->train_rate = rate; /* the status line shows this number too */
		sess_note(s, "trained %ld iterations in %.3f s (%.0f it/s), loss=%s\n", s->iter - start, res->seconds,
			    rate, fmt_num(res->loss, s->precision, num, sizeof num));
	}
	if (!strcmp(cmd, "train") && s->hist.bad_iter < start && res->why != TRAIN_INTERRUPTED) {
		/* did it leave a layer's units all dead or saturated? */
		diag_run run = { .start = run_start(s, cmd, start), .cmd = cmd, .start_iter = start, .iters = rq->iters,
				 .bad_iter = -1 };
		if (diagnose_stuck(s, &run) && s->hk.plot) /* the pane shows it (session.stuck) */
			s->hk.plot(s->hk.ctx);
	}
}

int sess_train(session *s, const char *cmd, const sess_train_req *rq)
{
	char err[512];
	train_opts o;
	if (!s->nt.n)
		return sess_error(s, cmd, "the network is empty: add layers with 'layer' or 'net'");
	if (optim_reserve(&s->op, s->nt.P))
		return sess_error(s, cmd, "out of memory");
	train_hooks hk = { .ctx = s, .line = line_hook, .tick = tick_hook, .interrupt = s->interrupt };
	train_result res;
	if (s->interrupt)
		*s->interrupt = 0;
	if (!sess_view_follows_training(s->view)) /* train shows the live loss curve */
		s->view = VIEW_LOSS;
	s->training = 1;
	s->diverged = 0;
	s->stuck = 0;
	long start = s->iter;
	s->hist.bad_iter = -1; /* a new run: an earlier divergence is history, not news */
	if (train_prepare(s, cmd, rq, &o)) {
		s->training = 0;
		return SESS_ERROR;
	}
	int rc = train_run(&s->tr, &s->nt, &s->ds, &s->op, &s->rng, &s->hist, &s->iter, &o, &hk, &res, err, sizeof err);
	s->training = 0;
	if (o.mon && s->mon.tm && s->tr.x && !rc) /* the layer outputs of the last batch, not the test set */
		net_forward(&s->nt, s->tr.x, s->tr.B);
	if (rc)
		return sess_error(s, cmd, "%s", err);
	sess_set_loss(s, res.loss);
	if (s->hk.plot)
		s->hk.plot(s->hk.ctx);
	if (res.why == TRAIN_DIVERGED)
		return report_divergence(s, cmd, rq, &res, start);
	report_end(s, cmd, rq, &res, start);
	return SESS_OK;
}
