/* lhist.c — bounded min/max loss history. */
#include "lhist.h"
#include <math.h>

void lhist_clear(lhist *h)
{
	h->first = 0;
	h->stride = 1;
	h->n = 0;
	h->fill = 0;
	h->bad_iter = -1;
	h->count = 0;
}

/* merge bucket pairs (2i, 2i+1) into i: half the buckets, twice the stride */
static void lhist_halve(lhist *h)
{
	int m = 0;
	for (int i = 0; i < h->n; i += 2, m++) {
		double lo = h->lo[i], hi = h->hi[i], last = h->last[i];
		if (i + 1 < h->n) {
			lo = fmin(lo, h->lo[i + 1]);
			hi = fmax(hi, h->hi[i + 1]);
			last = h->last[i + 1];
		}
		h->lo[m] = lo;
		h->hi[m] = hi;
		h->last[m] = last;
	}
	h->fill = h->n % 2 ? h->fill : h->fill + h->stride;
	h->n = m;
	h->stride *= 2;
}

void lhist_add(lhist *h, long iter, double loss)
{
	if (!h->count)
		h->first = iter;
	h->count++;
	if (!isfinite(loss)) {
		if (h->bad_iter < 0)
			h->bad_iter = iter;
		return;
	}
	if (h->n && h->fill < h->stride) {
		int i = h->n - 1;
		h->lo[i] = fmin(h->lo[i], loss);
		h->hi[i] = fmax(h->hi[i], loss);
		h->last[i] = loss;
		h->fill++;
		return;
	}
	if (h->n == LHIST_CAP)
		lhist_halve(h);
	if (h->n && h->fill < h->stride) { /* halving left room in the last bucket */
		lhist_add(h, iter, loss);
		h->count--;
		return;
	}
	h->lo[h->n] = h->hi[h->n] = h->last[h->n] = loss;
	h->n++;
	h->fill = 1;
}

int lhist_xs(const lhist *h, double *xs)
{
	for (int i = 0; i < h->n; i++)
		xs[i] = (double)h->first + (double)i * (double)h->stride;
	return h->n;
}

void lhist_cut(lhist *h, long iter)
{
	long keep = iter - h->first; /* samples before iter */
	if (keep <= 0 || !h->count) {
		lhist_clear(h);
		return;
	}
	if (h->bad_iter >= iter)
		h->bad_iter = -1;
	if (keep >= h->count)
		return;
	h->count = keep;
	/* the finite samples fill the buckets from position 0; non-finite ones take no place and
	 * only come last (a loss that is inf or nan stays so) */
	long held = h->n ? (long)(h->n - 1) * h->stride + h->fill : 0;
	if (keep >= held)
		return;
	h->n = (int)((keep + h->stride - 1) / h->stride);
	h->fill = (int)(keep - (long)(h->n - 1) * h->stride);
}
