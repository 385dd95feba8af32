/* ui_tui.c — the full-screen terminal UI: a plot pane, a status line, a side panel, a
 * console with scrollback and GNU readline's prompt, all inside one ncurses screen.
 *
 *   +-------------------------------------------+-------------+
 *   | plot pane (the live loss curve, plot ...) | side panel  |   ~55% of the rows
 *   +-------------------------------------------+-------------+
 *   | status: iteration, loss, lr, optimizer, batch, it/s, state |
 *   | console: commands and their output (PgUp/PgDn scroll)      |
 *   | dl> the readline prompt                                    |
 *
 * readline runs through its callback ("alternate") interface: it never touches the terminal
 * itself.  Bytes come from wgetch through rl_getc_function, the line is drawn by our
 * rl_redisplay_function, and its signal and terminal handling are off (style.md, "readline
 * inside ncurses").  The session talks to us only through its hooks: emit (text into the
 * console), tick (every ~15 ms of training: keys, and a redraw at most 30 times a second),
 * plot (the view changed) and pause.
 *
 * The terminal is restored exactly once on every way out: tui_end() for a normal exit and
 * SIGTERM/SIGHUP (flags checked by the loops), an atexit() guard for a stray exit(), and an
 * async-signal-safe restore for crash signals.  While curses owns the screen, stderr goes to
 * an unlinked temporary file: its text is shown in the console and copied to the real stderr
 * when the terminal is back.
 */
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
#include <fcntl.h>
#include <langinfo.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>

#define TUI_MIN_W 40       /* below this the plain prompt serves better */
#define TUI_MIN_H 12
#define TUI_FRAME 0.033    /* seconds between redraws while training: at most ~30 per second */
#define TUI_SIDE_W 28      /* side panel width on terminals wide enough for it */
#define TUI_SIDE_MIN_COLS 72
#define CON_CAP 4000       /* console scrollback, in lines */
#define CON_PART_MAX 65536 /* an unfinished line longer than this is cut into lines */
#define CON_WMAX 8192      /* characters of one line shown (longer lines are cut) */
#define CON_MAXROWS 256    /* screen rows one console line may wrap into */
#define KEYQ_CAP 1024      /* typed bytes waiting for readline (typeahead while training) */
#define PROMPT_MAX 4096    /* characters of prompt + line laid out for the prompt row */

/* What a console line is, for its colour. */
enum { CON_OUT, CON_CMD, CON_ERR, CON_NOTE };

/* Colour pairs: 1..PLOT_C_COUNT-1 are the plot's colours, the rest the UI's. */
enum { PAIR_STATUS = 16, PAIR_BANNER, PAIR_ERR, PAIR_NOTE, PAIR_HEAD, PAIR_STATE_BAD };

typedef struct con_line {
	char *text;         /* UTF-8, no control characters; owned */
	unsigned char kind; /* CON_* */
} con_line;

/* All of the UI's state: one instance, because readline's callbacks take no context. */
typedef struct tui_state {
	session *s;
	SCREEN *scr;
	int active;                 /* curses owns the terminal: restore it on the way out */
	WINDOW *plot, *side, *status, *cons, *prompt; /* NULL when the terminal has no room */
	plot_grid *grid;            /* the plot pane's cells, sized to the pane */
	int plot_stale;             /* re-render the view before the next draw */
	plot_glyphs glyphs;
	int color;                  /* colours in use (terminal has them, NO_COLOR unset) */
	/* console: a ring of lines plus the line being emitted */
	con_line con[CON_CAP];
	int con_head, con_n;        /* index of the oldest line, lines held */
	char *part;                 /* the unfinished last line; owned */
	size_t part_len, part_cap;
	int scroll;                 /* lines scrolled back from the bottom (PgUp) */
	int dirty;                  /* something changed since the last draw */
	/* input */
	int keyq[KEYQ_CAP];         /* bytes from wgetch not yet given to readline */
	int keyn;
	int eof;                    /* the terminal went away */
	/* the command loop */
	char *pending;              /* lines of a command continued with '\' or '['; owned */
	int running;                /* a command runs: readline's handler is removed */
	int pausing;                /* a lesson's pause waits for Enter */
	long count_at_cmd;          /* loss samples when the command began: did it train? */
	/* timing */
	double last_draw;
	double rate, rate_t;        /* iterations per second, and when it was last measured */
	long rate_iter;
	const char *hist;           /* the history file, or NULL */
	/* crash-safe restore: prepared in advance, used from signal handlers */
	struct termios tio;         /* the shell's terminal modes */
	char reset_seq[256];        /* exit the alternate screen, show the cursor, plain text */
	size_t reset_len;
	int err_saved;              /* the real stderr while it is captured, else -1 */
	int err_fd;                 /* the capture file, else -1 */
	off_t err_shown;            /* bytes of the capture already copied into the console */
	FILE *rl_null;              /* readline's output stream: it must not draw by itself */
} tui_state;

static tui_state T = { .err_saved = -1, .err_fd = -1 };

static void draw_all(void);
static void layout(void);

/* ---- small helpers ---- */

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* UTF-8 text as wide characters for drawing: invalid bytes become '?', control characters
 * a blank, so that nothing written can move the cursor.  Returns the count (at most max). */
static int to_wide(const char *s, wchar_t *out, int max)
{
	mbstate_t st;
	size_t len = strlen(s);
	int n = 0;
	memset(&st, 0, sizeof st);
	while (len && n < max) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = L'?';
			k = 1;
			memset(&st, 0, sizeof st);
		} else if (k == 0) {
			break;
		}
		if (wc < 32 || wc == 127)
			wc = L' ';
		else if (wcwidth(wc) < 0)
			wc = L'?';
		out[n++] = wc;
		s += k;
		len -= k;
	}
	return n;
}

static int wc_cols(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* Write UTF-8 text at (y, x), cut to maxcols screen columns; returns the columns used. */
static int put_text(WINDOW *w, int y, int x, const char *text, int maxcols)
{
	static wchar_t buf[1024];
	int n = to_wide(text, buf, 1023), cols = 0, k = 0;
	while (k < n && cols + wc_cols(buf[k]) <= maxcols)
		cols += wc_cols(buf[k++]);
	if (k)
		mvwaddnwstr(w, y, x, buf, k);
	return cols;
}

/* ---- colours ---- */

/* Plot colour (PLOT_C_*) to curses attributes and pair; without colours, emphasis only. */
static attr_t plot_attr(int c, short *pair)
{
	*pair = 0;
	if (T.color && c > 0 && c < PLOT_C_COUNT) {
		*pair = (short)c;
		return c == PLOT_C_BAD ? A_BOLD : A_NORMAL;
	}
	return (c == PLOT_C_BAD || c == PLOT_C_MARK) ? A_BOLD : A_NORMAL;
}

/* Start colours when the terminal has them and NO_COLOR (https://no-color.org) is unset. */
static void colors_init(void)
{
	static const short fg[PLOT_C_COUNT] = {
		[PLOT_C_DEFAULT] = -1, [PLOT_C_AXIS] = -1, [PLOT_C_SERIES1] = COLOR_CYAN,
		[PLOT_C_SERIES2] = COLOR_YELLOW, [PLOT_C_SERIES3] = COLOR_GREEN, [PLOT_C_BAD] = COLOR_RED,
		[PLOT_C_MARK] = COLOR_MAGENTA, [PLOT_C_NEG] = COLOR_BLUE, [PLOT_C_POS] = COLOR_YELLOW,
	};
	const char *nc = getenv("NO_COLOR");
	T.color = 0;
	if ((nc && *nc) || !has_colors() || start_color() == ERR || COLORS < 8 || COLOR_PAIRS <= PAIR_STATE_BAD)
		return;
	short dfg = -1, dbg = -1;
	if (use_default_colors() == ERR) { /* no "default" colour: assume white on black */
		dfg = COLOR_WHITE;
		dbg = COLOR_BLACK;
	}
	for (int c = 1; c < PLOT_C_COUNT; c++)
		init_pair((short)c, fg[c] < 0 ? dfg : fg[c], dbg);
	init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_BANNER, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_ERR, COLOR_RED, dbg);
	init_pair(PAIR_NOTE, COLOR_MAGENTA, dbg);
	init_pair(PAIR_HEAD, COLOR_CYAN, dbg);
	init_pair(PAIR_STATE_BAD, COLOR_WHITE, COLOR_RED);
	T.color = 1;
}

/* attributes for a UI element: a colour pair, or a monochrome stand-in */
static void ui_attr(WINDOW *w, short pair, attr_t mono)
{
	if (T.color)
		wattr_set(w, pair == PAIR_BANNER || pair == PAIR_STATE_BAD ? A_BOLD : A_NORMAL, pair, NULL);
	else
		wattr_set(w, mono, 0, NULL);
}

/* ---- the terminal: restore on every way out ---- */

/* Prepare the bytes that undo curses' screen, for the crash path where endwin is unsafe. */
static void reset_seq_init(void)
{
	static const char *caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };
	T.reset_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		char *v = tigetstr((char *)caps[i]);
		size_t l = v && v != (char *)-1 ? strlen(v) : 0;
		if (l && T.reset_len + l < sizeof T.reset_seq) {
			memcpy(T.reset_seq + T.reset_len, v, l);
			T.reset_len += l;
		}
	}
}

/* Copy the captured stderr text to fd, without the bells readline rang into it at the
 * prompt (async-signal-safe: read and write only). */
static void stderr_copy_to(int fd)
{
	char buf[4096];
	off_t off = 0;
	ssize_t n;
	while (T.err_fd >= 0 && (n = pread(T.err_fd, buf, sizeof buf, off)) > 0) {
		size_t k = 0;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != '\a')
				buf[k++] = buf[i];
		if (write(fd, buf, k) < 0)
			break;
		off += n;
	}
}

/* Send stderr to an unlinked temporary file while curses draws: a stray message must not
 * scribble over the screen.  Without a temporary file it goes to /dev/null. */
static void stderr_capture(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/dl-stderr.XXXXXX", dir && *dir ? dir : "/tmp");
	fflush(stderr);
	int fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);
		fcntl(fd, F_SETFL, O_APPEND);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	} else {
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	}
	if (fd < 0)
		return;
	T.err_saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (T.err_saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
		close(fd);
		return;
	}
	T.err_fd = fd;
	T.err_shown = 0;
}

/* Put the real stderr back and show it what was written meanwhile (async-signal-safe). */
static void stderr_release(void)
{
	if (T.err_saved < 0)
		return;
	dup2(T.err_saved, STDERR_FILENO);
	close(T.err_saved);
	T.err_saved = -1;
	stderr_copy_to(STDERR_FILENO);
	if (T.err_fd >= 0)
		close(T.err_fd);
	T.err_fd = -1;
}

/* The crash path: terminal modes and screen back without curses (endwin may allocate or
 * take locks a crashed process holds), then stderr. */
static void term_restore_raw(void)
{
	if (!T.active)
		return;
	T.active = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &T.tio);
	if (write(STDOUT_FILENO, T.reset_seq, T.reset_len) < 0)
		T.reset_len = 0;
	stderr_release();
}

static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
#define NCRASH ((int)(sizeof crash_sigs / sizeof crash_sigs[0]))
static struct sigaction crash_old[NCRASH];

/* A crash signal: restore the terminal, then let the previous action (the default, or a
 * sanitizer's report) happen.  A fault re-executes when the handler returns; a signal that
 * was sent (kill, abort) is raised again. */
static void on_crash(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	term_restore_raw();
	for (int i = 0; i < NCRASH; i++)
		if (crash_sigs[i] == sig)
			sigaction(sig, &crash_old[i], NULL);
	if (info->si_code <= 0 || sig == SIGABRT || sig == SIGQUIT)
		raise(sig);
}

static void crash_handlers(int install)
{
	for (int i = 0; i < NCRASH; i++) {
		if (install) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_sigaction = on_crash;
			sa.sa_flags = SA_SIGINFO;
			sigemptyset(&sa.sa_mask);
			sigaction(crash_sigs[i], &sa, &crash_old[i]);
		} else {
			sigaction(crash_sigs[i], &crash_old[i], NULL);
		}
	}
}

/* The normal way out: curses ends exactly once, then stderr comes back. */
static void tui_end(void)
{
	if (!T.active)
		return;
	T.active = 0;
	crash_handlers(0);
	WINDOW **wins[] = { &T.plot, &T.side, &T.status, &T.cons, &T.prompt };
	for (size_t i = 0; i < sizeof wins / sizeof wins[0]; i++)
		if (*wins[i]) {
			delwin(*wins[i]);
			*wins[i] = NULL;
		}
	curs_set(1);
	endwin();
	delscreen(T.scr);
	T.scr = NULL;
	stderr_release();
}

/* exit() from anywhere while curses is up must not leave the terminal raw */
static void tui_atexit(void)
{
	tui_end();
}

/* ---- the console: a ring of lines ---- */

static con_line *con_at(int i) /* i = 0: the oldest */
{
	return &T.con[(T.con_head + i) % CON_CAP];
}

static void con_push(const char *text, size_t len, int kind)
{
	char *p = malloc(len + 1);
	if (!p)
		return;
	memcpy(p, text, len);
	p[len] = 0;
	if (T.con_n == CON_CAP) { /* drop the oldest */
		free(T.con[T.con_head].text);
		T.con_head = (T.con_head + 1) % CON_CAP;
		T.con_n--;
	}
	con_line *l = con_at(T.con_n++);
	l->text = p;
	l->kind = (unsigned char)kind;
	T.scroll = 0; /* new output snaps to the bottom */
	T.dirty = 1;
}

/* the session's own lines: errors stand out */
static int line_kind(const char *text)
{
	return !strncmp(text, "error:", 6) || strstr(text, ": error: ") ? CON_ERR : CON_OUT;
}

static int part_add(char c)
{
	if (T.part_len + 2 > T.part_cap) {
		size_t cap = T.part_cap ? T.part_cap * 2 : 256;
		char *p = realloc(T.part, cap);
		if (!p)
			return -1;
		T.part = p;
		T.part_cap = cap;
	}
	T.part[T.part_len++] = c;
	T.part[T.part_len] = 0;
	return 0;
}

static void part_flush(int kind)
{
	const char *t = T.part ? T.part : "";
	con_push(t, T.part_len, kind < 0 ? line_kind(t) : kind);
	T.part_len = 0;
	if (T.part)
		T.part[0] = 0;
}

/* Text into the console: whole or partial lines; tabs become blanks, other control
 * characters are dropped (they would move the cursor).  kind < 0: classify each line. */
static void console_write(const char *text, int kind)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			part_flush(kind);
			continue;
		}
		if (*p == '\t') {
			do
				part_add(' ');
			while (T.part_len % 8);
		} else if (*p >= 32 && *p != 127) {
			part_add((char)*p);
		}
		if (T.part_len >= CON_PART_MAX)
			part_flush(kind);
	}
	T.dirty = 1;
}

/* Show new stderr text in the console (the capture file keeps it for the real stderr). */
static void stderr_drain(void)
{
	struct stat st;
	if (T.err_fd < 0 || fstat(T.err_fd, &st) || st.st_size <= T.err_shown)
		return;
	char buf[4096];
	ssize_t n;
	while ((n = pread(T.err_fd, buf, sizeof buf - 1, T.err_shown)) > 0) {
		T.err_shown += n;
		buf[n] = 0;
		char *line = buf, *nl;
		do { /* each piece its own line, apart from the session's unfinished one */
			nl = strchr(line, '\n');
			if (nl)
				*nl = 0;
			size_t k = 0;
			for (char *q = line; *q; q++)
				if ((unsigned char)*q >= 32 && *q != 127)
					line[k++] = *q;
			if (k)
				con_push(line, k, CON_NOTE);
			line = nl ? nl + 1 : NULL;
		} while (line && *line);
	}
}

static void console_free(void)
{
	for (int i = 0; i < T.con_n; i++)
		free(con_at(i)->text);
	T.con_n = T.con_head = 0;
	free(T.part);
	T.part = NULL;
	T.part_len = T.part_cap = 0;
}

/* Scroll the console back (dir > 0) or forward by most of its height. */
static void console_scroll(int dir)
{
	int rows = T.cons ? getmaxy(T.cons) : 1, total = T.con_n + (T.part_len > 0);
	int step = rows > 3 ? rows - 2 : 1;
	T.scroll += dir > 0 ? step : -step;
	if (T.scroll > total - 1)
		T.scroll = total > 0 ? total - 1 : 0;
	if (T.scroll < 0)
		T.scroll = 0;
	T.dirty = 1;
}

/* ---- drawing ---- */

static attr_t con_attr(int kind, short *pair)
{
	*pair = 0;
	switch (kind) {
	case CON_CMD: return A_BOLD;
	case CON_ERR: *pair = T.color ? PAIR_ERR : 0; return T.color ? A_NORMAL : A_BOLD;
	case CON_NOTE: *pair = T.color ? PAIR_NOTE : 0; return T.color ? A_NORMAL : A_DIM;
	default: return A_NORMAL;
	}
}

/* Where each screen row of a wrapped line starts; returns the row count. */
static int wrap_rows(const wchar_t *w, int n, int width, int *starts, int max)
{
	int rows = 1, col = 0;
	starts[0] = 0;
	for (int i = 0; i < n; i++) {
		int cw = wc_cols(w[i]);
		if (col + cw > width && col > 0) {
			if (rows == max)
				break;
			starts[rows++] = i;
			col = 0;
		}
		col += cw;
	}
	return rows;
}

/* The console from the bottom up: the newest lines (or those PgUp scrolled to), wrapped. */
static void draw_console(void)
{
	static wchar_t wbuf[CON_WMAX];
	static int starts[CON_MAXROWS + 1];
	WINDOW *w = T.cons;
	if (!w)
		return;
	int rows, cols;
	getmaxyx(w, rows, cols);
	werase(w);
	int total = T.con_n + (T.part_len > 0), y = rows;
	if (T.scroll)
		y--; /* the last row says that more lies below */
	for (int i = total - 1 - T.scroll; i >= 0 && y > 0; i--) {
		const char *text = i < T.con_n ? con_at(i)->text : T.part;
		int kind = i < T.con_n ? con_at(i)->kind : line_kind(T.part);
		int n = to_wide(text, wbuf, CON_WMAX);
		int nr = wrap_rows(wbuf, n, cols, starts, CON_MAXROWS);
		starts[nr] = n;
		short pair;
		attr_t a = con_attr(kind, &pair);
		wattr_set(w, a, pair, NULL);
		for (int r = nr - 1; r >= 0 && y > 0; r--) {
			y--;
			if (starts[r + 1] > starts[r])
				mvwaddnwstr(w, y, 0, wbuf + starts[r], starts[r + 1] - starts[r]);
		}
	}
	if (T.scroll) {
		char more[96];
		snprintf(more, sizeof more, "-- %d more line%s below: PgDn --", T.scroll, T.scroll == 1 ? "" : "s");
		wattr_set(w, A_REVERSE, 0, NULL);
		put_text(w, rows - 1, 0, more, cols);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}

/* Iterations per second, measured from the session's counter over half-second windows. */
static void rate_update(void)
{
	double now = mono_now();
	if (T.rate_t <= 0) {
		T.rate_t = now;
		T.rate_iter = T.s->iter;
		return;
	}
	if (now - T.rate_t >= 0.5) {
		T.rate = (double)(T.s->iter - T.rate_iter) / (now - T.rate_t);
		T.rate_t = now;
		T.rate_iter = T.s->iter;
	}
}

static void fmt_rate(double r, char *buf, size_t n)
{
	if (r < 0)
		snprintf(buf, n, "- it/s");
	else if (r >= 1e6)
		snprintf(buf, n, "%.2fM it/s", r / 1e6);
	else if (r >= 1e4)
		snprintf(buf, n, "%.1fk it/s", r / 1e3);
	else
		snprintf(buf, n, "%.0f it/s", r);
}

/* The status line: where training stands, in reverse video across the screen; the state
 * keeps its place at the right end even when the numbers must be cut. */
static void draw_status(void)
{
	WINDOW *w = T.status;
	if (!w)
		return;
	sess_status st;
	sess_status_get(T.s, &st);
	char loss[32], rate[32], batch[24], line[256];
	if (isnan(st.loss) && !st.diverged)
		snprintf(loss, sizeof loss, "-");
	else
		snprintf(loss, sizeof loss, "%.4g", st.loss);
	fmt_rate(T.rate, rate, sizeof rate);
	if (st.batch)
		snprintf(batch, sizeof batch, "%d", st.batch);
	else
		snprintf(batch, sizeof batch, "full");
	snprintf(line, sizeof line, " iter %ld  loss %s  lr %.4g  %s  batch %s  %s", st.iter, loss, st.lr,
		 st.optim ? st.optim : "?", batch, rate);
	const char *state = st.training ? "training" : st.diverged ? "DIVERGED" : T.pausing ? "paused"
			  : T.running ? "running" : "ready";
	int cols = getmaxx(w), sw = (int)strlen(state) + 1;
	werase(w);
	ui_attr(w, PAIR_STATUS, A_REVERSE);
	mvwprintw(w, 0, 0, "%*s", cols, "");
	put_text(w, 0, 0, line, cols - sw - 1);
	if (st.diverged)
		ui_attr(w, PAIR_STATE_BAD, A_REVERSE | A_BOLD);
	put_text(w, 0, cols > sw ? cols - sw : 0, state, sw);
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}

static void side_head(WINDOW *w, int *y, const char *title)
{
	int h = getmaxy(w), cols = getmaxx(w);
	if (*y >= h)
		return;
	ui_attr(w, PAIR_HEAD, A_BOLD);
	put_text(w, (*y)++, 2, title, cols - 2);
	wattr_set(w, A_NORMAL, 0, NULL);
}

static void side_line(WINDOW *w, int *y, const char *text)
{
	int h = getmaxy(w), cols = getmaxx(w);
	if (*y < h)
		put_text(w, (*y)++, 3, text, cols - 3);
}

/* "2-5-5-5-1" and the activations: the network at a glance */
static void net_summary(const net *nt, char *sizes, size_t sn, char *acts, size_t an)
{
	size_t sl = 0, al = 0;
	sizes[0] = acts[0] = 0;
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE) {
			if (!sl && sl < sn)
				sl += (size_t)snprintf(sizes + sl, sn - sl, "%d", l->in);
			if (sl < sn)
				sl += (size_t)snprintf(sizes + sl, sn - sl, "-%d", l->out);
		} else if (al < an) {
			al += (size_t)snprintf(acts + al, an - al, "%s%s", al ? " " : "", layer_kind_name(l->kind));
		}
	}
}

/* The side panel: the network, the watched values and each dense layer's gradient norm. */
static void draw_side(void)
{
	WINDOW *w = T.side;
	if (!w)
		return;
	int h = getmaxy(w), y = 0;
	char a[256], b[256], line[320];
	werase(w);
	for (int r = 0; r < h; r++) /* a drawn line, not ACS: terminals and tmux differ on ACS */
		mvwaddnwstr(w, r, 0, T.glyphs == PLOT_BRAILLE ? L"\x2502" : L"|", 1);
	side_head(w, &y, "network");
	net_summary(&T.s->nt, a, sizeof a, b, sizeof b);
	side_line(w, &y, T.s->nt.n ? a : "(empty)");
	if (b[0])
		side_line(w, &y, b);
	if (T.s->nwatch) {
		y += y < h;
		side_head(w, &y, "watched");
		for (int i = 0; i < T.s->nwatch && y < h; i++) {
			sess_value_brief(T.s, T.s->watch[i], a, sizeof a);
			snprintf(line, sizeof line, "%s = %s", T.s->watch[i], a);
			side_line(w, &y, line);
		}
	}
	double norms[64];
	int k = sess_grad_norms(T.s, norms, 64);
	if (k) {
		y += y < h;
		side_head(w, &y, "gradient norms");
		for (int i = 0; i < k && y < h; i++) {
			snprintf(line, sizeof line, "layer %d  %.4g", i + 1, norms[i]);
			side_line(w, &y, line);
		}
	}
	/* inside the layers: dead ReLUs and saturated sigmoid/tanh units, from the last pass */
	int head = 0;
	for (int i = 0; i < T.s->nt.n && y < h; i++) {
		int bad, units;
		if (sess_layer_health(T.s, i, &bad, &units))
			continue;
		if (!head++) {
			y += y < h;
			side_head(w, &y, "units");
		}
		const layer *l = &T.s->nt.L[i];
		int relu = l->kind == LAYER_RELU || l->kind == LAYER_LEAKY_RELU;
		snprintf(line, sizeof line, "h%d %d/%d %s", l->k, bad, units, relu ? "dead" : "saturated");
		side_line(w, &y, line);
	}
	wnoutrefresh(w);
}

/* Is the loss growing?  Over the last ~5% of the history (at least 8 buckets), the lowest
 * loss of the window's last quarter is over 10x the window's lowest.  Minima of buckets, not
 * single samples, so that mini-batch noise does not raise the alarm. */
static int loss_growing(const lhist *h, double *factor, long *span)
{
	int n = h->n, win = h->n / 20;
	if (win < 8)
		win = 8;
	if (n < win)
		return 0;
	int tail = win / 4;
	double lo = INFINITY, tail_lo = INFINITY;
	for (int i = n - win; i < n; i++) {
		lo = fmin(lo, h->lo[i]);
		if (i >= n - tail)
			tail_lo = fmin(tail_lo, h->lo[i]);
	}
	if (!(lo > 0) || !(tail_lo > 10 * lo))
		return 0;
	*factor = tail_lo / lo;
	*span = (long)win * h->stride;
	return 1;
}

/* The banner over the plot: divergence (inf/nan), or a loss that grows while training.
 * The long form when the pane is wide enough, else the short one. */
static int banner_text(char *buf, size_t n, int cols)
{
	const session *s = T.s;
	double f;
	long span;
	int len;
	if (s->diverged && s->hist.bad_iter >= 0) {
		/* train stops at the non-finite loss without counting that iteration, so s->iter
		 * names it; hist.bad_iter keeps the first divergence the history ever saw */
		const char *what = isnan(s->last_loss) ? "nan" : isinf(s->last_loss) ? "inf" : "not finite";
		len = snprintf(buf, n, " DIVERGED at iteration %ld: loss is %s  (the console says why; 'undo' goes back) ",
			       s->iter, what);
		if (len > cols)
			snprintf(buf, n, " DIVERGED at iteration %ld: loss is %s ", s->iter, what);
		return 1;
	}
	if (s->hist.count != T.count_at_cmd && loss_growing(&s->hist, &f, &span)) {
		len = snprintf(buf, n, " DIVERGING: the loss grew %.3gx over the last %ld iterations (iteration %ld) ", f,
			       span, s->iter);
		if (len > cols)
			snprintf(buf, n, " DIVERGING: loss grew %.3gx in %ld iterations ", f, span);
		return 1;
	}
	return 0;
}

/* Re-render the view into the grid when it may have changed.  Views that run the network
 * (net, fit, decision regions) use the session's picture copy, so they refresh live while
 * training without touching the learner's last forward pass. */
static void plot_render(void)
{
	session *s = T.s;
	if (!T.grid || !T.plot_stale)
		return;
	view_render(s, T.grid, T.glyphs);
	T.plot_stale = 0;
}

/* The plot pane: the grid cell by cell, runs of one colour at a time, and the banner. */
static void draw_plot(void)
{
	static wchar_t run[1024];
	WINDOW *w = T.plot;
	if (!w || !T.grid)
		return;
	plot_render();
	werase(w);
	const plot_grid *g = T.grid;
	for (int y = 0; y < g->h; y++)
		for (int x = 0; x < g->w;) {
			int c = g->cells[y * g->w + x].color, n = 0, x0 = x;
			while (x < g->w && g->cells[y * g->w + x].color == c && n < 1023) {
				uint32_t ch = g->cells[y * g->w + x].ch;
				run[n++] = ch < 32 || wcwidth((wchar_t)ch) != 1 ? L' ' : (wchar_t)ch;
				x++;
			}
			short pair;
			attr_t a = plot_attr(c, &pair);
			wattr_set(w, a, pair, NULL);
			mvwaddnwstr(w, y, x0, run, n);
		}
	char banner[256];
	if (banner_text(banner, sizeof banner, getmaxx(w))) {
		ui_attr(w, PAIR_BANNER, A_REVERSE | A_BOLD);
		int cols = getmaxx(w), len = (int)strlen(banner);
		wmove(w, 0, 0);
		wclrtoeol(w);
		put_text(w, 0, len < cols ? (cols - len) / 2 : 0, banner, cols);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}

/* ---- the prompt row ---- */

/* The prompt and readline's line: the cursor column comes from mbrtowc + wcwidth, because
 * rl_point counts bytes.  A line wider than the row scrolls to keep the cursor in view. */
static void draw_readline(WINDOW *w)
{
	static wchar_t disp[PROMPT_MAX + 2];
	static int col[PROMPT_MAX + 3];
	const char *parts[2] = { rl_display_prompt ? rl_display_prompt : "", rl_line_buffer ? rl_line_buffer : "" };
	int n = 0, cursor = -1, cols = getmaxx(w);
	col[0] = 0;
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];
		size_t len = strlen(s), off = 0;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		while (off < len && n < PROMPT_MAX) {
			if (p == 1 && (int)off >= rl_point && cursor < 0)
				cursor = n;
			wchar_t wc;
			size_t k = mbrtowc(&wc, s + off, len - off, &st);
			if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
				wc = L'?';
				k = 1;
				memset(&st, 0, sizeof st);
			}
			off += k;
			if (p == 0 && (wc == 1 || wc == 2)) /* readline's invisible-text markers */
				continue;
			if (wc < 32 || wc == 127) { /* a control character shows as ^X, as readline does */
				disp[n] = L'^';
				col[n + 1] = col[n] + 1;
				n++;
				wc = wc == 127 ? L'?' : wc + 64;
			}
			disp[n] = wcwidth(wc) < 0 ? L'?' : wc;
			col[n + 1] = col[n] + wc_cols(disp[n]);
			n++;
		}
	}
	if (cursor < 0)
		cursor = n;
	int start = 0; /* first character shown: the cursor stays inside the row */
	while (start < cursor && col[cursor] - col[start] > cols - 1)
		start++;
	int end = start;
	while (end < n && col[end + 1] - col[start] <= cols)
		end++;
	werase(w);
	if (end > start)
		mvwaddnwstr(w, 0, 0, disp + start, end - start);
	wmove(w, 0, col[cursor] - col[start] < cols ? col[cursor] - col[start] : cols - 1);
}

static void draw_prompt(void)
{
	WINDOW *w = T.prompt;
	if (!w)
		return;
	if (T.pausing || T.running) {
		werase(w);
		wattr_set(w, A_REVERSE, 0, NULL);
		put_text(w, 0, 0, T.pausing ? "-- press Enter to continue --"
					     : "(running: Ctrl-C stops training, PgUp/PgDn scroll)", getmaxx(w));
		wattr_set(w, A_NORMAL, 0, NULL);
		curs_set(0);
	} else {
		draw_readline(w);
		curs_set(1);
	}
	wnoutrefresh(w);
}

/* readline's redisplay: only the prompt row changes */
static void rl_redisplay_cb(void)
{
	draw_prompt();
	doupdate();
}

/* Everything, in one screen update.  The prompt goes last: its cursor is the screen's. */
static void draw_all(void)
{
	draw_plot();
	draw_status();
	draw_side();
	draw_console();
	draw_prompt();
	doupdate();
	T.dirty = 0;
	T.last_draw = mono_now();
}

/* ---- layout ---- */

static WINDOW *win_new(int h, int w, int y, int x)
{
	if (h <= 0 || w <= 0)
		return NULL;
	WINDOW *win = newwin(h, w, y, x);
	if (win)
		leaveok(win, TRUE);
	return win;
}

/* (Re)build every window for the current size: plot pane and side panel on top, then the
 * status line, the console and the prompt row.  Also after SIGWINCH (KEY_RESIZE). */
static void layout(void)
{
	WINDOW **wins[] = { &T.plot, &T.side, &T.status, &T.cons, &T.prompt };
	for (size_t i = 0; i < sizeof wins / sizeof wins[0]; i++)
		if (*wins[i]) {
			delwin(*wins[i]);
			*wins[i] = NULL;
		}
	int H = LINES, W = COLS;
	int ph = H >= 10 ? (H - 2) * 55 / 100 : 0;
	int sw = W >= TUI_SIDE_MIN_COLS ? TUI_SIDE_W : 0;
	T.plot = win_new(ph, W - sw, 0, 0);
	T.side = win_new(ph, sw, 0, W - sw);
	T.status = H >= 2 ? win_new(1, W, ph, 0) : NULL;
	T.cons = win_new(H - ph - 2, W, ph + 1, 0);
	T.prompt = newwin(1, W > 0 ? W : 1, H > 0 ? H - 1 : 0, 0);
	if (T.prompt) {
		nodelay(T.prompt, TRUE);
		keypad(T.prompt, FALSE); /* readline decodes escape sequences itself (and inputrc) */
	}
	plot_grid_free(T.grid);
	T.grid = T.plot ? plot_grid_new(getmaxx(T.plot), getmaxy(T.plot)) : NULL;
	T.plot_stale = 1;
	clearok(curscr, TRUE);
	T.dirty = 1;
}

/* ---- input ---- */

/* Read what the terminal has (never blocking) into the key queue; KEY_RESIZE re-lays out. */
static void read_keys(void)
{
	int c, resized = 0;
	while (T.prompt && (c = wgetch(T.prompt)) != ERR) {
		if (c == KEY_RESIZE)
			resized = 1;
		else if (c >= 0 && c < 256 && T.keyn < KEYQ_CAP)
			T.keyq[T.keyn++] = c;
	}
	if (resized) {
		layout();
		draw_all();
	}
}

/* Wait up to ms (-1: forever) for a key or a signal, then read what came. */
static void wait_keys(int ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int r = poll(&p, 1, ms);
	if (r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p.revents & POLLIN))
		T.eof = 1; /* the terminal hung up */
	read_keys();
}

static void keyq_drop(int i, int n)
{
	memmove(T.keyq + i, T.keyq + i + n, (size_t)(T.keyn - i - n) * sizeof T.keyq[0]);
	T.keyn -= n;
}

/* PgUp/PgDn while a command runs or a pause waits (readline is not reading then): take
 * their escape sequences out of the queue and scroll.  An unfinished sequence at the end
 * of the queue stays for the next call. */
static void take_scroll_keys(void)
{
	static const char *seqs[] = { "\033[5~", "\033[6~", "\033[5;2~", "\033[6;2~" };
	for (int i = 0; i < T.keyn; i++) {
		if (T.keyq[i] != 27)
			continue;
		for (int k = 0; k < 4; k++) {
			int len = (int)strlen(seqs[k]), j = 0;
			while (j < len && i + j < T.keyn && T.keyq[i + j] == (unsigned char)seqs[k][j])
				j++;
			if (j == len) {
				console_scroll(seqs[k][2] == '5' ? 1 : -1);
				keyq_drop(i, len);
				i--;
				break;
			}
			if (i + j == T.keyn)
				return;
		}
	}
}

/* readline's input: the next queued byte, waiting for one if need be */
static int rl_getc_cb(FILE *f)
{
	(void)f;
	while (!T.keyn) {
		if (ui_terminate || T.eof)
			return EOF;
		wait_keys(250);
	}
	int c = T.keyq[0];
	keyq_drop(0, 1);
	return c;
}

/* readline asks whether more of a key sequence is there (ESC [ A ...) */
static int rl_avail_cb(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return T.keyn > 0 || poll(&p, 1, 0) > 0;
}

static int rl_scroll_up(int count, int key)
{
	(void)count;
	(void)key;
	console_scroll(1);
	draw_all();
	return 0;
}

static int rl_scroll_down(int count, int key)
{
	(void)count;
	(void)key;
	console_scroll(-1);
	draw_all();
	return 0;
}

/* Ctrl-L: repaint the whole screen */
static int rl_repaint(int count, int key)
{
	(void)count;
	(void)key;
	clearok(curscr, TRUE);
	draw_all();
	return 0;
}

/* Tab completion's list of candidates goes into the console, in columns. */
static void rl_show_matches(char **matches, int num, int max_len)
{
	int cols = T.cons ? getmaxx(T.cons) : 80, w = max_len + 2, per = cols / w > 0 ? cols / w : 1;
	char line[1024];
	size_t len = 0;
	for (int i = 1; i <= num; i++) {
		const char *m = matches[i];
		const char *slash = rl_filename_completion_desired ? strrchr(m, '/') : NULL;
		if (slash && slash[1])
			m = slash + 1;
		if (len < sizeof line)
			len += (size_t)snprintf(line + len, sizeof line - len, "%-*s", w, m);
		if (i % per == 0 || i == num) {
			console_write(line, CON_NOTE);
			console_write("\n", CON_NOTE);
			len = 0;
		}
	}
	draw_all();
	rl_forced_update_display();
}

/* ---- the session's hooks ---- */

static void on_emit(void *ctx, const char *text)
{
	(void)ctx;
	console_write(text, -1);
	/* outside training (a lesson's text, help): show it as it comes, ~30 times a second */
	if (!T.s->training && mono_now() - T.last_draw >= TUI_FRAME)
		draw_all();
}

/* ~every 15 ms of training: keys, stderr, and a redraw when a frame's time has passed.
 * Nonzero stops training (SIGTERM/SIGHUP: we are leaving). */
static int on_tick(void *ctx)
{
	(void)ctx;
	read_keys();
	take_scroll_keys();
	if (ui_interrupted)
		T.keyn = 0; /* Ctrl-C: what was typed ahead goes too */
	if (ui_terminate || T.eof)
		return 1;
	rate_update();
	if (mono_now() - T.last_draw >= TUI_FRAME) {
		stderr_drain();
		T.plot_stale = 1;
		draw_all();
	}
	return 0;
}

static void on_plot(void *ctx)
{
	(void)ctx;
	T.plot_stale = 1;
	draw_all();
}

/* A lesson's pause: wait for Enter (Ctrl-C goes on too), scrolling and resizing meanwhile. */
/* 'plot' shows its view in the pane */
static int on_show(void *ctx, session *s)
{
	(void)s;
	on_plot(ctx);
	return 0;
}

static void on_pause(void *ctx)
{
	(void)ctx;
	T.pausing = 1;
	T.keyn = 0;
	draw_all();
	while (!ui_terminate && !T.eof) {
		if (ui_interrupted) {
			ui_interrupted = 0;
			break;
		}
		wait_keys(250);
		take_scroll_keys();
		int enter = 0;
		for (int i = 0; i < T.keyn; i++)
			enter |= T.keyq[i] == '\r' || T.keyq[i] == '\n';
		if (!enter && T.keyn && T.keyq[T.keyn - 1] == 27)
			continue; /* maybe the start of PgUp/PgDn */
		T.keyn = 0;
		if (enter)
			break;
		stderr_drain();
		if (T.dirty)
			draw_all();
	}
	T.pausing = 0;
	draw_all();
}

/* ---- commands ---- */

/* Append one entered line to the history file at once, so that a crash loses nothing;
 * the whole (stifled) history is rewritten on a normal exit. */
static void history_append(const char *line)
{
	if (!T.hist)
		return;
	int fd = open(T.hist, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		n = 0;
	close(fd);
}

static void on_line(char *line);

static void install(void)
{
	rl_callback_handler_install(T.pending ? "...> " : "dl> ", on_line);
}

/* Run one command line (or repeat the last train/step on an empty one) with the prompt
 * row showing that something runs. */
static void run_line(const char *text)
{
	session *s = T.s;
	T.running = 1; /* keys typed ahead stay queued for the prompt */
	ui_interrupted = 0;
	T.count_at_cmd = s->hist.count;
	T.rate = -1;
	T.rate_t = 0;
	long iter0 = s->iter;
	double t0 = mono_now();
	draw_all();
	if (!text[strspn(text, " \t")]) {
		sess_repeat(s);
	} else {
		add_history(text);
		history_append(text);
		sess_exec(s, text);
	}
	ui_interrupted = 0; /* a Ctrl-C that stopped training is spent */
	if (T.rate < 0 && s->iter > iter0) /* too short for the tick's measure */
		T.rate = (double)(s->iter - iter0) / fmax(mono_now() - t0, 1e-6);
	T.running = 0;
	T.plot_stale = 1;
	stderr_drain();
	draw_all();
}

/* readline's line handler: echo into the console, join continuation lines, run. */
static void on_line(char *line)
{
	const char *prompt = T.pending ? "...> " : "dl> ";
	if (T.part_len) /* the echo starts a line of its own */
		part_flush(-1);
	if (!line) { /* Ctrl-D */
		console_write(prompt, CON_CMD);
		console_write("\n", CON_CMD);
		T.s->quit = 1;
		return;
	}
	console_write(prompt, CON_CMD);
	console_write(line, CON_CMD);
	console_write("\n", CON_CMD);
	if (T.pending) {
		size_t a = strlen(T.pending), b = strlen(line);
		char *j = realloc(T.pending, a + b + 2);
		if (j) {
			if (a && j[a - 1] == '\\')
				a--;
			j[a] = ' ';
			memcpy(j + a + 1, line, b + 1);
			T.pending = j;
		}
		free(line);
	} else {
		T.pending = line;
	}
	if (sess_incomplete(T.pending) && strlen(T.pending) < 65536) {
		install();
		return;
	}
	char *text = T.pending;
	T.pending = NULL;
	rl_callback_handler_remove();
	run_line(text);
	free(text);
	if (!T.s->quit)
		install();
}

/* Ctrl-C at the prompt: the line (and a continued command) is dropped, the shell stays. */
static void prompt_interrupt(void)
{
	ui_interrupted = 0;
	console_write(rl_display_prompt ? rl_display_prompt : "dl> ", CON_CMD);
	console_write(rl_line_buffer ? rl_line_buffer : "", CON_CMD);
	console_write("^C\n", CON_CMD);
	free(T.pending);
	T.pending = NULL;
	T.keyn = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_callback_handler_remove();
	install();
	draw_all();
}

/* ---- setup ---- */

/* Can this terminal host the UI?  Checked before curses starts, so that the plain prompt
 * takes over without a flash. */
static int tui_possible(void)
{
	const char *term = getenv("TERM");
	struct winsize ws;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term || !strcmp(term, "dumb"))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
	    (ws.ws_col < TUI_MIN_W || ws.ws_row < TUI_MIN_H))
		return 0;
	return 1;
}

/* Start curses on the terminal; 0, or -1 (nothing changed) when it cannot. */
static int curses_start(void)
{
	if (tcgetattr(STDIN_FILENO, &T.tio))
		return -1;
	fflush(stdout);
	T.scr = newterm(NULL, stdout, stdin);
	if (!T.scr)
		return -1;
	set_term(T.scr);
	if (LINES < TUI_MIN_H || COLS < TUI_MIN_W) {
		endwin();
		delscreen(T.scr);
		T.scr = NULL;
		return -1;
	}
	T.active = 1;
	cbreak(); /* keys one at a time; Ctrl-C still raises SIGINT */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	colors_init();
	const char *cs = nl_langinfo(CODESET);
	T.glyphs = cs && !strcmp(cs, "UTF-8") ? PLOT_BRAILLE : PLOT_ASCII;
	reset_seq_init();
	return 0;
}

/* readline drives only a line buffer: we feed its bytes and draw its line. */
static void readline_start(void)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = rl_getc_cb;
	rl_input_available_hook = rl_avail_cb;
	rl_redisplay_function = rl_redisplay_cb;
	rl_completion_display_matches_hook = rl_show_matches;
	T.rl_null = fopen("/dev/null", "w");
	if (T.rl_null)
		rl_outstream = T.rl_null;
	Keymap maps[] = { emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap };
	for (int i = 0; i < 3; i++) {
		rl_bind_keyseq_in_map("\033[5~", rl_scroll_up, maps[i]);
		rl_bind_keyseq_in_map("\033[6~", rl_scroll_down, maps[i]);
		rl_bind_keyseq_in_map("\033[5;2~", rl_scroll_up, maps[i]);
		rl_bind_keyseq_in_map("\033[6;2~", rl_scroll_down, maps[i]);
		rl_bind_key_in_map('\f', rl_repaint, maps[i]);
	}
	stifle_history(1000);
	T.hist = ui_history_path();
	if (T.hist)
		read_history(T.hist);
}

int ui_tui_run(session *s, const char *first)
{
	static int atexit_done;
	if (!tui_possible())
		return -1;
	/* readline reads inputrc and the terminal's description once, before curses owns the
	 * terminal (its tgetent would otherwise replace curses' terminal); it must not export
	 * LINES/COLUMNS, which would pin curses to the first size */
	rl_change_environment = 0;
	ui_completion_init(s);
	rl_initialize();
	if (curses_start())
		return -1;
	if (!atexit_done)
		atexit_done = !atexit(tui_atexit);
	crash_handlers(1);
	stderr_capture();
	readline_start();
	T.s = s;
	T.rate = -1;
	s->hk = (sess_hooks){ .ctx = &T, .emit = on_emit, .tick = on_tick, .plot = on_plot, .show = on_show, .pause = on_pause };
	s->interrupt = &ui_interrupted;
	T.count_at_cmd = s->hist.count;
	layout();
	console_write("dl: type 'help' for the commands, 'lessons' for the lessons; PgUp/PgDn scroll, Ctrl-D quits\n",
		      CON_NOTE);
	draw_all();
	if (first && *first)
		run_line(first);
	install();
	while (!s->quit && !ui_terminate && !T.eof) {
		if (ui_interrupted) {
			prompt_interrupt();
			continue;
		}
		if (T.keyn) {
			rl_callback_read_char();
			continue;
		}
		stderr_drain();
		if (T.dirty)
			draw_all();
		wait_keys(250);
	}
	rl_callback_handler_remove();
	if (T.hist)
		write_history(T.hist);
	tui_end();
	s->hk = (sess_hooks){ 0 };
	free(T.pending);
	T.pending = NULL;
	plot_grid_free(T.grid);
	T.grid = NULL;
	console_free();
	if (T.rl_null) {
		rl_outstream = stdout;
		fclose(T.rl_null);
		T.rl_null = NULL;
	}
	return 0;
}
