/* tui_term.c — the terminal under the full-screen UI: whether it can host the UI, curses
 * start (modes, colours, glyphs) and end, and its restore on every way out.
 *
 * The terminal is restored exactly once: term_end() for a normal exit and SIGTERM/SIGHUP
 * (flags checked by the loops), an atexit() guard for a stray exit(), and an
 * async-signal-safe restore for crash signals.  While curses owns the screen, stderr goes to
 * an unlinked temporary file: its text is shown in the console and copied to the real stderr
 * when the terminal is back.  Only this file starts or ends curses (as htop's CRT.c).
 */
#include "tui.h"
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* The terminal's own state, prepared in advance for the restore from signal handlers. */
static struct {
	SCREEN *scr;
	int active;                 /* curses owns the terminal: restore it on the way out */
	struct termios tio;         /* the shell's terminal modes */
	char reset_seq[256];        /* exit the alternate screen, show the cursor, plain text */
	size_t reset_len;
	int err_saved;              /* the real stderr while it is captured, else -1 */
	int err_fd;                 /* the capture file, else -1 */
	off_t err_shown;            /* bytes of the capture already copied into the console */
} term = { .err_saved = -1, .err_fd = -1 };

/* ---- colours ---- */

/* Start colours when the terminal has them and NO_COLOR (https://no-color.org) is unset. */
static void term_colors_init(void)
{
	static const short fg[PLOT_C_COUNT] = {
		[PLOT_C_DEFAULT] = -1, [PLOT_C_AXIS] = -1, [PLOT_C_SERIES1] = COLOR_CYAN,
		[PLOT_C_SERIES2] = COLOR_YELLOW, [PLOT_C_SERIES3] = COLOR_GREEN, [PLOT_C_BAD] = COLOR_RED,
		[PLOT_C_MARK] = COLOR_MAGENTA, [PLOT_C_NEG] = COLOR_BLUE, [PLOT_C_POS] = COLOR_YELLOW,
	};
	const char *nc = getenv("NO_COLOR");
	tui.color = 0;
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
	tui.color = 1;
}

/* ---- stderr while curses draws ---- */

/* Copy the captured stderr text to fd, without the bells readline rang into it at the
 * prompt (async-signal-safe: read and write only). */
static void term_stderr_copy_to(int fd)
{
	char buf[4096];
	off_t off = 0;
	ssize_t n;
	while (term.err_fd >= 0 && (n = pread(term.err_fd, buf, sizeof buf, off)) > 0) {
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
static void term_stderr_capture(void)
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
	term.err_saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (term.err_saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
		close(fd);
		return;
	}
	term.err_fd = fd;
	term.err_shown = 0;
}

/* Put the real stderr back and show it what was written meanwhile (async-signal-safe). */
static void term_stderr_release(void)
{
	if (term.err_saved < 0)
		return;
	dup2(term.err_saved, STDERR_FILENO);
	close(term.err_saved);
	term.err_saved = -1;
	term_stderr_copy_to(STDERR_FILENO);
	if (term.err_fd >= 0)
		close(term.err_fd);
	term.err_fd = -1;
}

/* Show new stderr text in the console (the capture file keeps it for the real stderr). */
void term_stderr_drain(void)
{
	struct stat st;
	if (term.err_fd < 0 || fstat(term.err_fd, &st) || st.st_size <= term.err_shown)
		return;
	char buf[4096];
	ssize_t n;
	while ((n = pread(term.err_fd, buf, sizeof buf - 1, term.err_shown)) > 0) {
		term.err_shown += n;
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

/* ---- restore on every way out ---- */

/* Prepare the bytes that undo curses' screen, for the crash path where endwin is unsafe. */
static void term_reset_seq_init(void)
{
	static const char *caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };
	term.reset_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		char *v = tigetstr((char *)caps[i]);
		size_t l = v && v != (char *)-1 ? strlen(v) : 0;
		if (l && term.reset_len + l < sizeof term.reset_seq) {
			memcpy(term.reset_seq + term.reset_len, v, l);
			term.reset_len += l;
		}
	}
}

/* The crash path: terminal modes and screen back without curses (endwin may allocate or
 * take locks a crashed process holds), then stderr. */
static void term_restore_raw(void)
{
	if (!term.active)
		return;
	term.active = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &term.tio);
	if (write(STDOUT_FILENO, term.reset_seq, term.reset_len) < 0)
		term.reset_len = 0;
	term_stderr_release();
}

static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
#define NCRASH ((int)(sizeof crash_sigs / sizeof crash_sigs[0]))
static struct sigaction crash_old[NCRASH];

/* A crash signal: restore the terminal, then let the previous action (the default, or a
 * sanitizer's report) happen.  A fault re-executes when the handler returns; a signal that
 * was sent (kill, abort) is raised again. */
static void term_on_crash(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	term_restore_raw();
	for (int i = 0; i < NCRASH; i++)
		if (crash_sigs[i] == sig)
			sigaction(sig, &crash_old[i], NULL);
	if (info->si_code <= 0 || sig == SIGABRT || sig == SIGQUIT)
		raise(sig);
}

static void term_crash_handlers(int install)
{
	for (int i = 0; i < NCRASH; i++) {
		if (install) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_sigaction = term_on_crash;
			sa.sa_flags = SA_SIGINFO;
			sigemptyset(&sa.sa_mask);
			sigaction(crash_sigs[i], &sa, &crash_old[i]);
		} else {
			sigaction(crash_sigs[i], &crash_old[i], NULL);
		}
	}
}

/* The normal way out: curses ends exactly once, then stderr comes back. */
void term_end(void)
{
	if (!term.active)
		return;
	term.active = 0;
	term_crash_handlers(0);
	tui_windows_free();
	curs_set(1);
	endwin();
	delscreen(term.scr);
	term.scr = NULL;
	term_stderr_release();
}

/* exit() from anywhere while curses is up must not leave the terminal raw */
static void term_atexit(void)
{
	term_end();
}

/* ---- start ---- */

/* Can this terminal host the UI?  Checked before curses starts, so that the plain prompt
 * takes over without a flash. */
int term_possible(void)
{
	const char *t = getenv("TERM");
	struct winsize ws;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !t || !*t || !strcmp(t, "dumb"))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
	    (ws.ws_col < TUI_MIN_W || ws.ws_row < TUI_MIN_H))
		return 0;
	return 1;
}

/* Start curses on the terminal; 0, or -1 (nothing changed) when it cannot. */
static int term_curses_start(void)
{
	if (tcgetattr(STDIN_FILENO, &term.tio))
		return -1;
	fflush(stdout);
	term.scr = newterm(NULL, stdout, stdin);
	if (!term.scr)
		return -1;
	set_term(term.scr);
	if (LINES < TUI_MIN_H || COLS < TUI_MIN_W) {
		endwin();
		delscreen(term.scr);
		term.scr = NULL;
		return -1;
	}
	term.active = 1;
	cbreak(); /* keys one at a time; Ctrl-C still raises SIGINT */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	term_colors_init();
	const char *cs = nl_langinfo(CODESET);
	tui.glyphs = cs && !strcmp(cs, "UTF-8") ? PLOT_BRAILLE : PLOT_ASCII;
	term_reset_seq_init();
	return 0;
}

/* Curses on the terminal, and the guards that give the terminal back however we leave;
 * 0, or -1 (nothing changed) when curses cannot start. */
int term_start(void)
{
	static int atexit_done;
	if (term_curses_start())
		return -1;
	if (!atexit_done)
		atexit_done = !atexit(term_atexit);
	term_crash_handlers(1);
	term_stderr_capture();
	return 0;
}
