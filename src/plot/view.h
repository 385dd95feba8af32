/* view.h — the session's plot view as a picture (for the UI's pane and for text output). */
#ifndef DL_VIEW_H
#define DL_VIEW_H
#include "grid.h"
#include "lang/session.h"

/* Render the current view (s->view) into g.  Returns 0, or -1 when there is nothing to draw
 * (g then holds a one-line message). */
int view_render(session *s, plot_grid *g, plot_glyphs glyphs);

/* Render the current view as text (braille in a UTF-8 locale, else ASCII) through the
 * session's output; -1 when out of memory.  Text front ends hook it as sess_hooks.show. */
int view_print(session *s);

#endif
