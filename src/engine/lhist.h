/* lhist.h — the loss history, downsampled so that memory stays bounded and a redraw costs
 * the same however long training ran.  Each bucket covers `stride` iterations and keeps the
 * min, max and last finite loss; when the buckets fill up, neighbours merge and the stride
 * doubles.  Appending is O(1) and never allocates. */
#ifndef DL_LHIST_H
#define DL_LHIST_H

#define LHIST_CAP 2048

typedef struct lhist {
	long first;          /* iteration of bucket 0 */
	long stride;         /* iterations per bucket */
	int n;               /* buckets in use */
	int fill;            /* samples in the last bucket */
	long bad_iter;       /* first iteration whose loss was not finite, or -1 */
	long count;          /* samples appended */
	double lo[LHIST_CAP], hi[LHIST_CAP], last[LHIST_CAP];
} lhist;

void lhist_clear(lhist *h);
void lhist_add(lhist *h, long iter, double loss);
/* x (n,) of bucket iterations into xs; returns n. */
int lhist_xs(const lhist *h, double *xs);
/* Forget the samples of iteration iter and later (undo and rewind went back to iter), so that
 * the next lhist_add(h, iter, …) continues the curve there.  The samples are taken to be one per
 * iteration from `first` on, as training appends them.  A bucket that straddles iter keeps its
 * earlier part's place, but its min and max may still hold up to stride − 1 of the forgotten
 * samples (the buckets keep no more). */
void lhist_cut(lhist *h, long iter);

#endif
