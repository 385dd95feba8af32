/* cmd_fork.c — fork NAME: a copy of the session that differs in one setting (learning rate,
 * batch, activation, optimizer, normalisation) and trains beside it, so that both loss curves
 * can be compared in one plot. */
#include "cmd.h"
#include "fmt.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static int fork_find(const session *s, const char *name)
{
	for (int i = 0; i < s->nforks; i++)
		if (!strcmp(s->fork_name[i], name))
			return i;
	return -1;
}

/* a quiet session: forks train without printing iteration lines */
static void fork_emit(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

/* The fork's setting key=v through the command that sets it (lr, batch, optim), called
 * directly with v as its one argument, so that its checks apply; its own message goes to the
 * fork's quiet sink.  SESS_OK, or SESS_ERROR when the command refused v. */
static int fork_setting(session *f, const char *key, const char *v)
{
	char err[256];
	const cmd_entry *c = cmd_find(key, err, sizeof err);
	cmd_args fa = { .cmd = c, .argc = 1, .argv = { (char *)v }, .rest = v };
	return c ? c->fn(f, &fa) : SESS_ERROR;
}

/* A copy of s's training state: the network, data, settings, the optimizer's buffers and step
 * count, the generator and the mini-batch position, so that a fork that changes nothing trains
 * exactly as s.  NULL when out of memory. */
static session *fork_copy(session *s)
{
	sess_hooks hk = { .emit = fork_emit };
	session *f = sess_new(s->seed, &hk);
	if (!f)
		return NULL;
	f->rng = s->rng;
	f->lr = s->lr;
	f->batch = s->batch;
	f->iter = s->iter;
	f->max_values = s->max_values;
	f->parent = s; /* one budget: the fork's allocations count against its original's */
	f->max_iters = s->max_iters;
	f->interrupt = s->interrupt;
	optim_free(&f->op);
	net_free(&f->nt);
	if (optim_copy(&f->op, &s->op) || net_clone(&f->nt, &s->nt) || data_clone(&f->ds, &s->ds) ||
	    trainer_set_order(&f->tr, s->tr.perm, s->tr.permN, s->tr.cursor, s->tr.epoch)) {
		sess_free(f);
		return NULL;
	}
	return f;
}

static int fork_make(session *s, cmd_args *a, session **out)
{
	char err[512];
	sess_held h;
	sess_held_get(s, &h);
	if (sess_budget_fits(s, h.net + h.optim + h.data, 0, "a fork (a copy of the network, optimizer and data)", err,
			     sizeof err))
		return CMD_ERR(s, a, "%s", err);
	session *f = fork_copy(s);
	if (!f)
		return CMD_ERR(s, a, "out of memory");
	/* the one change, by the commands' own setting functions so that their checks apply */
	static const char *keys[] = { "lr", "batch", "optim" };
	for (int i = 0; i < 3; i++) {
		const char *v = cmd_opt(a, keys[i]);
		if (v && fork_setting(f, keys[i], v) != SESS_OK) {
			sess_free(f);
			return CMD_ERR(s, a, "%s=%.40s is not a valid setting", keys[i], v);
		}
	}
	const char *act = cmd_opt(a, "act");
	if (act) {
		layer_kind k; /* a hidden activation: the engine's kinds but dense and softmax */
		if (layer_kind_parse(act, &k) || k == LAYER_DENSE || k == LAYER_SOFTMAX) {
			sess_free(f);
			return CMD_ERR(s, a, "act=%.40s: use relu, sigmoid, tanh or leaky_relu", act);
		}
		int changed = 0; /* hidden activations: those a dense layer follows */
		for (int i = 0; i + 1 < f->nt.n; i++)
			if (f->nt.L[i].kind != LAYER_DENSE && f->nt.L[i].kind != LAYER_SOFTMAX) {
				f->nt.L[i].kind = k;
				f->nt.L[i].alpha = 0.01;
				changed++;
			}
		if (!changed) {
			sess_free(f);
			return CMD_ERR(s, a, "act=: the network has no hidden activation to change");
		}
	}
	const char *norm = cmd_opt(a, "normalize");
	if (norm && strcmp(norm, "yes") && strcmp(norm, "no")) {
		sess_free(f);
		return CMD_ERR(s, a, "normalize=%.40s: use yes or no", norm);
	}
	if (norm && !strcmp(norm, "yes") && data_normalize(&f->ds, err, sizeof err)) {
		sess_free(f);
		return CMD_ERR(s, a, "%s", err);
	}
	*out = f;
	return SESS_OK;
}

int cmd_fork(session *s, cmd_args *a)
{
	char num[64];
	if (!a->argc) {
		if (!s->nforks)
			sess_printf(s, "no forks ('fork NAME lr=F' makes one)\n");
		for (int i = 0; i < s->nforks; i++) {
			session *f = s->forks[i];
			char batch[24];
			f->batch ? snprintf(batch, sizeof batch, "%d", f->batch) : snprintf(batch, sizeof batch, "full");
			sess_printf(s, "%-12s lr %g, batch %s, optim %s%s: ", s->fork_name[i], f->lr, batch, optim_name(f->op.kind),
				    f->ds.normalized ? ", normalized" : "");
			if (isnan(f->last_loss))
				sess_printf(s, "not trained yet\n");
			else
				sess_printf(s, "loss %s at iteration %ld\n", fmt_num(f->last_loss, 4, num, sizeof num), f->iter);
		}
		return SESS_OK;
	}
	const char *name = a->argv[0];
	if (!strcmp(name, "drop")) {
		if (a->argc != 2)
			return CMD_ERR(s, a, "usage: fork drop NAME|all");
		if (!strcmp(a->argv[1], "all")) {
			sess_drop_forks(s);
			return SESS_OK;
		}
		int i = fork_find(s, a->argv[1]);
		if (i < 0)
			return CMD_ERR(s, a, "no fork '%.40s'", a->argv[1]);
		sess_drop_fork(s, i);
		return SESS_OK;
	}
	if (a->argc != 1)
		return CMD_ERR(s, a, "usage: %s", a->cmd->usage);
	if (strlen(name) >= sizeof s->fork_name[0] || name[0] == '-')
		return CMD_ERR(s, a, "'%.40s' is not a fork name", name);
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: nothing to fork");
	if (!a->nopt)
		return CMD_ERR(s, a, "say what the fork changes: lr=, batch=, act=, optim= or normalize=yes");
	int old = fork_find(s, name);
	if (old < 0 && s->nforks == SESS_MAXFORKS)
		return CMD_ERR(s, a, "at most %d forks ('fork drop NAME' first)", SESS_MAXFORKS);
	session *f = NULL;
	if (fork_make(s, a, &f))
		return SESS_ERROR;
	if (old >= 0)
		sess_drop_fork(s, old);
	s->forks[s->nforks] = f;
	snprintf(s->fork_name[s->nforks++], sizeof s->fork_name[0], "%s", name);
	sess_printf(s, "fork '%s' made: 'train N' now trains it beside the main network; 'plot loss' shows both\n", name);
	return SESS_OK;
}
