/* cmd_inside.c — looking inside training: rewind and diff (snapshots), the layers' health,
 * gradient norms over time (plot grad) and a Hinton view of a weight matrix (plot weights). */
#include "cmd.h"
#include "fmt.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "@-10" (relative to now) or "@500" (absolute) into an iteration number */
static int parse_when(session *s, cmd_args *a, const char *w, long *iter)
{
	long v;
	if (w[0] != '@' || lex_int(w + 1, -1000000000000L, 1000000000000L, &v))
		return CMD_ERR(s, a, "'%.40s': write @-K (K iterations ago) or @N (iteration N)", w);
	*iter = w[1] == '-' ? s->iter + v : v;
	return SESS_OK;
}

static int find_snap(session *s, cmd_args *a, long when)
{
	int i = monitor_find(&s->mon, when);
	if (i < 0 || s->mon.P != s->nt.P) {
		CMD_ERR(s, a, "no snapshot at or before iteration %ld (snapshots are taken while training; %d kept)", when,
			s->mon.nsnap);
		return -1;
	}
	return i;
}

int cmd_rewind(session *s, cmd_args *a)
{
	long n;
	if (cmd_arg_int(s, a, 0, 0, 1000000000000L, &n))
		return SESS_ERROR;
	long target = s->iter - n;
	int i = find_snap(s, a, target);
	if (i < 0)
		return SESS_ERROR;
	if (sess_push_undo(s, "rewind")) { /* undoing it brings the points monitor_cut drops back */
		undo_slot *u = &s->undo[s->nundo - 1];
		u->pts = malloc(sizeof *u->pts);
		if (u->pts)
			monitor_points_get(&s->mon, u->pts);
	}
	memcpy(s->nt.params, monitor_snap(&s->mon, i), s->nt.P * sizeof(double));
	optim_reset(&s->op);
	s->iter = s->mon.snap_iter[i];
	s->diverged = 0;
	s->stuck = 0;
	lhist_cut(&s->hist, s->iter); /* the next train continues the curve here ('undo' brings it back) */
	monitor_cut(&s->mon, s->iter);
	sess_printf(s, "rewound to iteration %ld (the nearest snapshot at or before %ld; 'undo' comes back)\n", s->iter,
		    target);
	if (s->hk.plot) /* the loss curve was cut back: the pane redraws it */
		s->hk.plot(s->hk.ctx);
	return SESS_OK;
}

int cmd_diff(session *s, cmd_args *a)
{
	char err[512], sh[32];
	long when = 0;
	tensor v;
	long e;
	if (parse_when(s, a, a->argv[1], &when))
		return SESS_ERROR;
	if (sess_lookup(s, a->argv[0], &v, &e, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (v.v < s->nt.params || v.v >= s->nt.params + s->nt.P)
		return CMD_ERR(s, a, "%s is not a parameter: only weights and biases are kept in snapshots", a->argv[0]);
	int i = find_snap(s, a, when);
	if (i < 0)
		return SESS_ERROR;
	size_t off = (size_t)(v.v - s->nt.params);
	const double *then = monitor_snap(&s->mon, i) + off;
	size_t n = e >= 0 ? 1 : tensor_size(&v);
	size_t from = e >= 0 ? (size_t)e : 0;
	tensor d;
	if (tensor_alloc(&d, e >= 0 ? 1 : v.ndim, e >= 0 ? 1 : v.rows, e >= 0 ? 1 : v.cols))
		return CMD_ERR(s, a, "out of memory");
	double change = 0, size = 0;
	for (size_t j = 0; j < n; j++) {
		d.v[j] = v.v[from + j] - then[from + j];
		change += d.v[j] * d.v[j];
		size += then[from + j] * then[from + j];
	}
	char *txt = fmt_array(&d, s->precision);
	char num[64], num2[64];
	sess_printf(s, "%s now (iteration %ld) minus %s at iteration %ld, %s:\n%s\n", a->argv[0], s->iter, a->argv[0],
		    s->mon.snap_iter[i], tensor_shape_str(&d, sh, sizeof sh), txt ? txt : "");
	sess_printf(s, "norm of the change %s, %s of the norm then\n", fmt_num(sqrt(change), 4, num, sizeof num),
		    size > 0 ? fmt_num(sqrt(change / size), 3, num2, sizeof num2) : "(zero then)");
	free(txt);
	tensor_free(&d);
	return SESS_OK;
}

void inside_show_layers(session *s)
{
	if (!s->nt.n) {
		sess_printf(s, "the network is empty\n");
		return;
	}
	int any = 0;
	for (int i = 0; i < s->nt.n; i++) {
		int bad, units;
		if (sess_layer_health(s, i, &bad, &units))
			continue;
		any = 1;
		const layer *l = &s->nt.L[i];
		int relu = l->kind == LAYER_RELU || l->kind == LAYER_LEAKY_RELU;
		sess_printf(s, "h%d %-10s %d of %d units %s%s\n", l->k, layer_kind_name(l->kind), bad, units,
			    relu ? "dead (input ≤ 0 for every sample: no gradient flows back)"
				 : "saturated (on the flat tails for 90% of the samples: tiny gradients)",
			    bad && relu && l->kind == LAYER_RELU ? "; leaky_relu keeps a small slope" : "");
	}
	if (!any)
		sess_printf(s, "no activation layer has values yet: run 'forward' or train first\n");
	double norms[MON_LAYERS];
	int k = sess_grad_norms(s, norms, MON_LAYERS);
	for (int i = 0; i < k; i++) {
		char num[64];
		sess_printf(s, "%s|dW%d, db%d| = %s", i ? "  " : "gradient norms: ", i + 1, i + 1, fmt_num(norms[i], 3, num, sizeof num));
	}
	if (k)
		sess_printf(s, "\n");
}


