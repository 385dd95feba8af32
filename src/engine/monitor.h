/* monitor.h — what training leaves behind for looking inside: snapshots of the parameters (for
 * rewind and diff), each layer's gradient norm over time, and the test loss over time.  Every
 * buffer is allocated before the loop; recording costs a counter check per iteration and a
 * copy every `every` iterations. */
#ifndef DL_MONITOR_H
#define DL_MONITOR_H
#include <stddef.h>
#include "lhist.h"
#include "net.h"

#define MON_SNAPS 64   /* parameter snapshots kept */
#define MON_LAYERS 16  /* dense layers whose gradient norm is followed */
#define MON_POINTS 512 /* samples of gradient norms and test loss kept */

typedef struct monitor {
	long every;               /* record every `every` iterations */
	long countdown;
	/* snapshots: a ring of parameter copies */
	size_t P;
	double *snap;             /* (MON_SNAPS, P) owned */
	long snap_iter[MON_SNAPS];
	int nsnap, head;          /* count, next slot */
	/* gradient norms per dense layer, and the test loss, sampled at the same times */
	int nlayers;
	int npts;
	long stride;              /* samples are taken every stride-th record (doubles when full) */
	long skip;
	double pt_iter[MON_POINTS];
	double gnorm[MON_LAYERS][MON_POINTS];
	double test_loss[MON_POINTS];   /* NAN when there is no test set */
	/* the test set, when there is one: (M, D) inputs and (M, K) targets, not owned */
	const double *tx, *ty;
	int tm;
	long test_gap, next_test; /* the test loss is measured every test_gap iterations at most */
} monitor;

void monitor_init(monitor *m);
void monitor_free(monitor *m);
void monitor_clear(monitor *m); /* forget everything recorded (the network changed) */
/* Prepare for a run of `iters` iterations on nt; -1 when out of memory. */
int monitor_start(monitor *m, const net *nt, long iters);
/* Called after each update; records when its turn comes.  iter: the iteration just done.
 * A test-set pass leaves the layer outputs holding the test set: the caller runs the batch
 * forward again after training when tm > 0. */
void monitor_tick(monitor *m, net *nt, long iter);
/* Record now. */
void monitor_record(monitor *m, net *nt, long iter);
/* Keep params (P,) as the snapshot of iteration iter, without gradient norms or test loss (the
 * last finite state of a run that diverged, for rewind).  Snapshots after iter are dropped
 * first; one already at iter is replaced. */
void monitor_keep(monitor *m, const double *params, long iter);
/* Forget what was recorded after iteration iter (undo and rewind went back to it): snapshots,
 * gradient norms and test losses.  The ring holds snapshots in the order of their iterations
 * (monitor_cut keeps it so), so the newest are dropped until one at or before iter is left. */
void monitor_cut(monitor *m, long iter);
/* The points (gradient norms, test losses) as they were, kept aside by a rewind so that undoing
 * it brings back what monitor_cut dropped (the snapshots after it stay dropped). */
typedef struct mon_points {
	int nlayers, npts;
	long stride, skip;
	double pt_iter[MON_POINTS];
	double gnorm[MON_LAYERS][MON_POINTS];
	double test_loss[MON_POINTS];
} mon_points;
void monitor_points_get(const monitor *m, mon_points *p);
void monitor_points_put(monitor *m, const mon_points *p);
/* The snapshot at or just before iteration `iter`: its index, or -1. */
int monitor_find(const monitor *m, long iter);
const double *monitor_snap(const monitor *m, int i); /* (P,) */

#endif
