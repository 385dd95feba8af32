/* diagnose.c — why did training diverge? */
#include "diagnose.h"
#include "fmt.h"
#include "engine/loss.h"
#include "engine/stab.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* the largest update/weight ratio among the parameters, from gradients at the last finite
 * state; writes the parameter's name */
static double worst_ratio(session *s, net *nt, char *name, size_t n)
{
	double worst = -1;
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		for (int b = 0; b < 2; b++) {
			double w = tensor_norm2(b ? &l->b : &l->W), g = tensor_norm2(b ? &l->db : &l->dW);
			if (!(w > 0)) /* a zero parameter has no size to compare with */
				continue;
			double r = s->lr * g / w;
			if (isfinite(r) && r > worst) {
				worst = r;
				snprintf(name, n, "%s%d", b ? "b" : "W", l->k);
			}
		}
	}
	return worst;
}

void diagnose_divergence(session *s, const net *start)
{
	dataset *ds = &s->ds;
	char num[64], num2[64], who[16] = "?";
	net probe;
	if (!start || net_clone(&probe, start))
		return;
	trainer t;
	trainer_init(&t);
	double ratio = -1;
	if (!train_next_batch(&t, ds, 0, NULL) && !net_reserve(&probe, t.B)) {
		train_backward(&t, &probe, NULL);
		ratio = worst_ratio(s, &probe, who, sizeof who);
	}
	trainer_free(&t);
	net_free(&probe);
	sess_printf(s, "why it diverged:\n");
	if (ratio > 0)
		sess_printf(s, "  - at the start, one step changes %s by %s times its own size (update/weight ratio;\n"
			    "    healthy is about 0.001): each step overshoots the minimum and lands further away.\n",
			    who, fmt_num(ratio, 3, num, sizeof num));
	int N = data_rows(ds), big = 0, small = 0;
	double bigv = 0, smallv = INFINITY;
	for (int d = 0; d < ds->D; d++) {
		double m = 0;
		for (int n = 0; n < N; n++)
			m = fmax(m, fabs(ds->X.v[(size_t)n * ds->D + d]));
		if (m > bigv)
			bigv = m, big = d;
		if (m < smallv)
			smallv = m, small = d;
	}
	if (ds->D > 1 && !ds->normalized && bigv > 10 * smallv)
		sess_printf(s, "  - input '%s' goes up to %s while '%s' stays within %s: the gradient for the large\n"
			    "    input is that much larger, and one learning rate cannot suit both.\n",
			    ds->names[big], fmt_num(bigv, 4, num, sizeof num), ds->names[small],
			    fmt_num(smallv, 4, num2, sizeof num2));
	double bound = stab_lr_bound(ds->X.v, N, ds->D);
	if (bound > 0) {
		double ms = 0;
		for (size_t i = 0; i < (size_t)N * ds->D; i++)
			ms += ds->X.v[i] * ds->X.v[i];
		ms /= (double)N * ds->D;
		sess_printf(s, "  - for the first (linear) layer, plain gradient descent is stable only for\n"
			    "    lr < 2/λmax((2/N)·XᵀX) = %s; lr %s is %s times that (lr · mean(x²) = %s).\n",
			    fmt_num(bound, 3, num, sizeof num), fmt_num(s->lr, 3, num2, sizeof num2),
			    fmt_num(s->lr / bound, 3, (char[64]){ 0 }, 64), fmt_num(s->lr * ms, 3, (char[64]){ 0 }, 64));
	}
	sess_printf(s, "try:\n");
	if (!ds->normalized && ds->D > 1 && bigv > 10 * smallv)
		sess_printf(s, "  - 'normalize' to put the inputs on one scale, then train again;\n");
	if (bound > 0)
		sess_printf(s, "  - 'undo', then 'lr %s' (below the bound) and train again.\n", fmt_num(bound / 2, 2, num, sizeof num));
	else
		sess_printf(s, "  - 'undo', then a learning rate ten times smaller ('lr %s').\n", fmt_num(s->lr / 10, 3, num, sizeof num));
}
