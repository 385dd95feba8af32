/* ui.h — the front ends: plain readline prompt and the full-screen terminal UI, and what
 * both use (signals, history, completion).  These are the only files that include readline
 * or curses. */
#ifndef DL_UI_H
#define DL_UI_H
#include <signal.h>
#include "lang/session.h"

/* ---- ui_signals.c ---- */

/* Set by SIGINT while a command runs (training stops) and at the prompt (line cleared). */
extern volatile sig_atomic_t ui_interrupted;
/* Set by SIGTERM or SIGHUP (to its number): save the history and leave; main then ends by
 * that signal (status 143 or 129 to the parent, as python3 and sqlite3 do). */
extern volatile sig_atomic_t ui_terminate;

void ui_install_signals(void);
/* A batch run: SIGTERM and SIGHUP end it at once by their signal (status 143, 129), after
 * removing the temporary file of a save in progress; SIGINT too (130) unless inherited
 * ignored (a background job's). */
void ui_batch_signals(int keep_sigint_ignored);
/* The plain prompt: SIGQUIT and the crash signals put the terminal's modes back as they were
 * when this was called (readline leaves it -icanon -echo) before the signal ends dl. */
void ui_plain_guard(void);
/* After the session ended on SIGTERM/SIGHUP: end by that signal.  Returns when none. */
void ui_reraise_terminate(void);

/* ---- ui_history.c ---- */

/* Keep the last 1000 lines and read the history file ($XDG_STATE_HOME/dl/history or
 * ~/.local/state/dl/history, creating the directory).  Returns its path for the calls
 * below, or NULL when there is no home (then they do nothing). */
const char *ui_history_load(void);
/* Write the whole history to path. */
void ui_history_save(const char *path);
/* Append one line to the file at path at once. */
void ui_history_append(const char *path, const char *line);

/* ---- ui_complete.c ---- */

/* Readline completion over the session's commands, options, names and files. */
void ui_completion_init(session *s);

/* ---- the front ends ---- */

/* The interactive loop with a plain readline prompt; first (may be "") runs before the first
 * prompt (dl --lesson N).  Returns the exit status. */
int ui_plain_run(session *s, const char *first);

/* The full-screen UI (tui.c); returns the exit status, or -1 when the terminal cannot host it
 * (not a terminal, TERM=dumb, too small: the caller then falls back to ui_plain_run). */
int ui_tui_run(session *s, const char *first);

#endif
