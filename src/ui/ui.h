/* ui.h — the front ends: plain readline prompt and the full-screen terminal UI.
 * These are the only files that include readline or curses. */
#ifndef DL_UI_H
#define DL_UI_H
#include <signal.h>
#include "lang/session.h"

/* Set by SIGINT while a command runs (training stops) and at the prompt (line cleared). */
extern volatile sig_atomic_t ui_interrupted;
/* Set by SIGTERM or SIGHUP: save the history and leave. */
extern volatile sig_atomic_t ui_terminate;

void ui_install_signals(void);

/* History file path ($XDG_STATE_HOME/dl/history or ~/.local/state/dl/history); creates the
 * directory.  Returns NULL when there is no home. */
const char *ui_history_path(void);

/* Readline completion over the session's commands, options, names and files. */
void ui_completion_init(session *s);

/* The interactive loop with a plain readline prompt; first (may be "") runs before the first
 * prompt (dl --lesson N).  Returns the exit status. */
int ui_plain_run(session *s, const char *first);

/* The full-screen UI; returns the exit status, or -1 when the terminal cannot host it
 * (not a terminal, TERM=dumb, too small: the caller then falls back to ui_plain_run). */
int ui_tui_run(session *s, const char *first);

#endif
