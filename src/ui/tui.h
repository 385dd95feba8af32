/* tui.h — inside the full-screen UI (ui_tui_run in ui.h is its only way in): the state its
 * files share, and what each file offers the others.
 *
 *   tui.c          the loop: the session's hooks, running command lines, ui_tui_run
 *   tui_term.c     the terminal: curses start and end, crash and signal restore, stderr capture
 *   tui_widgets.c  the windows' layout; status line, side panel, plot pane and its banner
 *   tui_fresh.c    whether the loss and the picture shown are still the session's (state keys)
 *   tui_console.c  the console: scrollback of lines, drawn wrapped at words from the bottom up
 *   tui_prompt.c   the prompt row: readline's callbacks, key bindings, completion list
 *   tui_input.c    the key queue between the terminal and readline; scroll keys, waiting
 *   tui_text.c     UTF-8 text as wide characters, cut to a width
 *
 * The screen looks like this:
 *
 *   +-------------------------------------------+-------------+
 *   | plot pane (the live loss curve, plot ...) | side panel  |   ~55% of the rows
 *   +-------------------------------------------+-------------+
 *   | status: iteration, loss, lr, optimizer, batch, it/s, state |
 *   | console: commands and their output (PgUp/PgDn scroll)      |
 *   | dl> the readline prompt                                    |
 */
#ifndef DL_TUI_H
#define DL_TUI_H
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include "ui.h"
#include "plot/view.h"
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define TUI_MIN_W 40       /* below this the plain prompt serves better */
#define TUI_MIN_H 12
#define TUI_FRAME 0.033    /* seconds between redraws while training: at most ~30 per second */
#define KEYQ_MAX (1 << 20) /* typed bytes held at most; past it the terminal keeps the rest until read */

/* What a console line is, for its colour. */
enum { CON_OUT, CON_CMD, CON_ERR, CON_NOTE };

/* Colour pairs: 1..PLOT_C_COUNT-1 are the plot's colours, the rest the UI's. */
enum { PAIR_STATUS = 16, PAIR_BANNER, PAIR_ERR, PAIR_NOTE, PAIR_HEAD, PAIR_STATE_BAD };

/* The state more than one file of the UI reads or writes: one instance, because readline's
 * callbacks take no context.  What only one file needs is static in that file. */
typedef struct tui_state {
	session *s;
	WINDOW *plot, *side, *status, *cons, *prompt; /* NULL when the terminal has no room */
	plot_grid *grid;            /* the plot pane's cells, sized to the pane */
	int plot_stale;             /* re-render the view before the next draw */
	plot_glyphs glyphs;
	int color;                  /* colours in use (terminal has them, NO_COLOR unset) */
	int dirty;                  /* something changed since the last draw */
	/* input */
	int *keyq;                  /* (keyn,) bytes from wgetch not yet given to readline: a window into keybuf */
	int keyn;
	int *keybuf;                /* (keycap,) the queue's storage, grown as typing ahead needs */
	int keycap;
	int eof;                    /* the terminal went away */
	/* the command loop */
	int running;                /* a command runs: readline's handler is removed */
	int pausing;                /* a lesson's pause waits for Enter */
	long count_at_cmd;          /* loss samples when the command began: did it train? */
	/* timing */
	double last_draw;
	double rate, rate_t;        /* iterations per second, and when it was last measured */
	long rate_iter;
} tui_state;

extern tui_state tui;

/* tui.c */
double tui_now(void); /* a monotonic clock, in seconds */

/* tui_term.c: the terminal */
int term_possible(void);    /* can this terminal host the UI?  Asked before curses starts */
int term_start(void);       /* curses, colours, crash restore, stderr capture; 0, or -1 */
void term_end(void);        /* the normal way out: exactly once, then stderr comes back */
void term_stderr_drain(void); /* new stderr text into the console */

/* tui_widgets.c: the windows */
void tui_layout(void);       /* (re)build every window for the current size */
void tui_windows_free(void);
void tui_draw_all(void);     /* everything, in one screen update */
void status_rate_update(void); /* iterations per second, for the status line */
void pane_follow_training(void); /* training: a view that does not change with it gives way to the loss */

/* tui_fresh.c: is what the screen shows still the session's? */
int fresh_observe(void);     /* look at the session: 1 when it trained since the last look */
int fresh_loss(void);        /* 1 when the session's last loss is that of the network and data as they are */
int fresh_since_train(void); /* 1 when nothing changed the network or data since the last train ended */
uint64_t fresh_pane_key(void); /* a hash of all the pane's picture is drawn from */

/* tui_console.c: the console */
void con_push(const char *text, size_t len, int kind); /* one whole line */
void con_write(const char *text, int kind); /* text, whole or partial lines; kind < 0: classify */
void con_end_line(void);     /* an unfinished line becomes a line of its own */
void con_scroll(int dir);    /* back (dir > 0) or forward by most of the console's height */
void con_draw(void);
void con_free(void);

/* tui_prompt.c: the prompt row */
void prompt_start(void);     /* readline drives only a line buffer: we feed and draw it */
void prompt_stop(void);
void prompt_draw(void);

/* tui_input.c: the key queue */
void key_read(void);         /* what the terminal has, never blocking; KEY_RESIZE re-lays out */
void key_wait(int ms);       /* up to ms (-1: forever) for a key or a signal, then key_read */
void key_drop(int i, int n); /* n queued bytes from the i-th */
void key_free(void);         /* the queue's storage, at the end */
void key_take_scroll(void);  /* PgUp/PgDn out of the queue, scrolling the console */

/* tui_text.c: text for drawing */
int tui_to_wide(const char *s, wchar_t *out, int max);
int tui_wc_cols(wchar_t wc);
int tui_put_text(WINDOW *w, int y, int x, const char *text, int maxcols);

#endif
