/* view_inside.h — the views of view_inside.c, which view_render dispatches to (internal to
 * src/plot).  Each draws the session's current view into g with sp's glyphs and returns 0,
 * or -1 when it cannot (view_render then draws the view's message instead).
 */
#ifndef DL_VIEW_INSIDE_H
#define DL_VIEW_INSIDE_H
#include "view.h"

int view_lr(session *s, plot_grid *g, plot_spec *sp);      /* plot lr: the sweep's final losses */
int view_cost(session *s, plot_grid *g, plot_spec *sp);    /* plot cost: the loss surface */
int view_grad(session *s, plot_grid *g, plot_spec *sp);    /* plot grad: gradient norms */
int view_weights(session *s, plot_grid *g, plot_spec *sp); /* plot weights: Hinton diagram */

#endif
