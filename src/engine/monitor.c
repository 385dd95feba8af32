/* monitor.c — snapshots, gradient norms and test loss recorded during training. */
#include "monitor.h"
#include "loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void monitor_init(monitor *m)
{
	memset(m, 0, sizeof *m);
	m->stride = 1;
	m->every = 1;
}

void monitor_free(monitor *m)
{
	free(m->snap);
	monitor_init(m);
}

void monitor_clear(monitor *m)
{
	m->nsnap = m->head = 0;
	m->npts = 0;
	m->stride = 1;
	m->skip = 0;
}

int monitor_start(monitor *m, const net *nt, long iters)
{
	if (m->P != nt->P || !m->snap) {
		double *s = realloc(m->snap, MON_SNAPS * (nt->P ? nt->P : 1) * sizeof *s);
		if (!s)
			return -1;
		m->snap = s;
		if (m->P != nt->P)
			monitor_clear(m);
		m->P = nt->P;
	}
	m->nlayers = nt->ndense < MON_LAYERS ? nt->ndense : MON_LAYERS;
	/* the snapshots of one run span it: about MON_SNAPS/2 per run, at least one per iteration */
	m->every = iters / (MON_SNAPS / 2) > 1 ? iters / (MON_SNAPS / 2) : 1;
	m->countdown = m->every;
	return 0;
}

static void record_points(monitor *m, net *nt, long iter)
{
	if (++m->skip < m->stride)
		return;
	m->skip = 0;
	if (m->npts == MON_POINTS) { /* keep every other sample */
		for (int i = 0; i < MON_POINTS / 2; i++) {
			m->pt_iter[i] = m->pt_iter[2 * i];
			m->test_loss[i] = m->test_loss[2 * i];
			for (int k = 0; k < m->nlayers; k++)
				m->gnorm[k][i] = m->gnorm[k][2 * i];
		}
		m->npts = MON_POINTS / 2;
		m->stride *= 2;
	}
	int i = m->npts++, k = 0;
	m->pt_iter[i] = (double)iter;
	for (int j = 0; j < nt->n && k < m->nlayers; j++)
		if (nt->L[j].kind == LAYER_DENSE) {
			double w = tensor_norm2(&nt->L[j].dW), b = tensor_norm2(&nt->L[j].db);
			m->gnorm[k++][i] = sqrt(w * w + b * b);
		}
	m->test_loss[i] = NAN;
	if (m->tx && m->tm > 0 && iter >= m->next_test && net_reserve(nt, m->tm) == 0) {
		m->next_test = iter + m->test_gap;
		/* the test pass reuses the workspaces: the training batch's values are recomputed next iteration */
		const double *out = net_forward(nt, m->tx, m->tm);
		m->test_loss[i] = loss_eval(nt->loss, nt->L[nt->n - 1].kind, out, m->ty, m->tm, net_out(nt), NULL);
	}
}

void monitor_record(monitor *m, net *nt, long iter)
{
	if (!m->snap)
		return;
	memcpy(m->snap + (size_t)m->head * m->P, nt->params, m->P * sizeof(double));
	m->snap_iter[m->head] = iter;
	m->head = (m->head + 1) % MON_SNAPS;
	if (m->nsnap < MON_SNAPS)
		m->nsnap++;
	record_points(m, nt, iter);
}

void monitor_tick(monitor *m, net *nt, long iter)
{
	if (--m->countdown > 0)
		return;
	m->countdown = m->every;
	monitor_record(m, nt, iter);
}

int monitor_find(const monitor *m, long iter)
{
	int best = -1;
	for (int i = 0; i < m->nsnap; i++)
		if (m->snap_iter[i] <= iter && (best < 0 || m->snap_iter[i] > m->snap_iter[best]))
			best = i;
	return best;
}

const double *monitor_snap(const monitor *m, int i) { return m->snap + (size_t)i * m->P; }
