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

/* swap snapshot slots i and j, values and iterations */
static void swap_slots(monitor *m, int i, int j)
{
	double *a = m->snap + (size_t)i * m->P, *b = m->snap + (size_t)j * m->P;
	for (size_t k = 0; k < m->P; k++) {
		double t = a[k];
		a[k] = b[k];
		b[k] = t;
	}
	long t = m->snap_iter[i];
	m->snap_iter[i] = m->snap_iter[j];
	m->snap_iter[j] = t;
}

static void reverse_slots(monitor *m, int i, int j)
{
	for (; i < j; i++, j--)
		swap_slots(m, i, j);
}

void monitor_cut(monitor *m, long iter)
{
	int cut = 0;
	while (m->nsnap && m->snap_iter[(m->head + MON_SNAPS - 1) % MON_SNAPS] > iter) {
		m->head = (m->head + MON_SNAPS - 1) % MON_SNAPS;
		m->nsnap--;
		cut = 1;
	}
	/* a ring that is not full holds its snapshots in slots 0..nsnap-1 (monitor_find and
	 * monitor_record count on it): rotate the oldest kept one to slot 0 */
	int start = (m->head + MON_SNAPS - m->nsnap) % MON_SNAPS;
	if (cut && start) {
		reverse_slots(m, 0, start - 1);
		reverse_slots(m, start, MON_SNAPS - 1);
		reverse_slots(m, 0, MON_SNAPS - 1);
	}
	if (cut)
		m->head = m->nsnap % MON_SNAPS;
	while (m->npts && m->pt_iter[m->npts - 1] > (double)iter)
		m->npts--;
	m->skip = 0;
}

void monitor_keep(monitor *m, const double *params, long iter)
{
	if (!m->snap)
		return;
	monitor_cut(m, iter);
	if (m->nsnap && m->snap_iter[(m->head + MON_SNAPS - 1) % MON_SNAPS] == iter) { /* replace it */
		m->head = (m->head + MON_SNAPS - 1) % MON_SNAPS;
		m->nsnap--;
	}
	memcpy(m->snap + (size_t)m->head * m->P, params, m->P * sizeof(double));
	m->snap_iter[m->head] = iter;
	m->head = (m->head + 1) % MON_SNAPS;
	if (m->nsnap < MON_SNAPS)
		m->nsnap++;
}

void monitor_points_get(const monitor *m, mon_points *p)
{
	p->nlayers = m->nlayers;
	p->npts = m->npts;
	p->stride = m->stride;
	p->skip = m->skip;
	memcpy(p->pt_iter, m->pt_iter, sizeof p->pt_iter);
	memcpy(p->gnorm, m->gnorm, sizeof p->gnorm);
	memcpy(p->test_loss, m->test_loss, sizeof p->test_loss);
}

void monitor_points_put(monitor *m, const mon_points *p)
{
	m->nlayers = p->nlayers;
	m->npts = p->npts;
	m->stride = p->stride;
	m->skip = p->skip;
	memcpy(m->pt_iter, p->pt_iter, sizeof p->pt_iter);
	memcpy(m->gnorm, p->gnorm, sizeof p->gnorm);
	memcpy(m->test_loss, p->test_loss, sizeof p->test_loss);
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
