/* tui_prompt.c — the prompt row of the full-screen UI: GNU readline through its callback
 * ("alternate") interface, so that it never touches the terminal itself.  Bytes come from
 * the key queue through rl_getc_function, the line is drawn by our rl_redisplay_function,
 * its signal and terminal handling are off (style.md, "readline inside ncurses"); PgUp/PgDn
 * and Ctrl-L are bound here, and Tab's list of candidates goes into the console. */
#include "tui.h"
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>

#define PROMPT_MAX 4096    /* characters of prompt + line laid out for the prompt row */

static FILE *prompt_null;  /* readline's output stream: it must not draw by itself */

/* The prompt and readline's line as the characters shown (a control character as ^X) and
 * the screen column where each starts; returns their count, and in *cursor the index of the
 * cursor's character, found with mbrtowc + wcwidth because rl_point counts bytes. */
static int prompt_layout(wchar_t *disp, int *col, int *cursor)
{
	const char *parts[2] = { rl_display_prompt ? rl_display_prompt : "", rl_line_buffer ? rl_line_buffer : "" };
	int n = 0;
	*cursor = -1;
	col[0] = 0;
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];
		size_t len = strlen(s), off = 0;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		while (off < len && n < PROMPT_MAX) {
			if (p == 1 && (int)off >= rl_point && *cursor < 0)
				*cursor = n;
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
			col[n + 1] = col[n] + tui_wc_cols(disp[n]);
			n++;
		}
	}
	if (*cursor < 0)
		*cursor = n;
	return n;
}

/* The prompt and readline's line; a line wider than the row scrolls to keep the cursor in
 * view. */
static void prompt_draw_line(WINDOW *w)
{
	static wchar_t disp[PROMPT_MAX + 2];
	static int col[PROMPT_MAX + 3];
	int cursor, cols = getmaxx(w);
	int n = prompt_layout(disp, col, &cursor);
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

/* The prompt row: readline's line, or what runs or waits instead of it. */
void prompt_draw(void)
{
	WINDOW *w = tui.prompt;
	if (!w)
		return;
	if (tui.pausing || tui.running) {
		werase(w);
		wattr_set(w, A_REVERSE, 0, NULL);
		tui_put_text(w, 0, 0, tui.pausing == 2 ? "-- more -- (any key: the next page; q: the rest without stops; PgUp/PgDn scroll)"
				      : tui.pausing ? "-- press Enter to continue --"
						    : "(running: Ctrl-C stops it, PgUp/PgDn scroll)", getmaxx(w));
		wattr_set(w, A_NORMAL, 0, NULL);
		curs_set(0);
	} else {
		prompt_draw_line(w);
		curs_set(1);
	}
	wnoutrefresh(w);
}

/* readline's redisplay: only the prompt row changes */
static void prompt_redisplay(void)
{
	prompt_draw();
	doupdate();
}

/* readline's input: the next queued byte, waiting for one if need be */
static int prompt_getc(FILE *f)
{
	(void)f;
	while (!tui.keyn) {
		if (ui_terminate || tui.eof)
			return EOF;
		key_wait(250);
	}
	int c = tui.keyq[0];
	key_drop(0, 1);
	return c;
}

/* readline asks whether more of a key sequence is there (ESC [ A ...) */
static int prompt_avail(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return tui.keyn > 0 || poll(&p, 1, 0) > 0;
}

static int prompt_scroll_up(int count, int key)
{
	(void)count;
	(void)key;
	con_scroll(1);
	tui_draw_all();
	return 0;
}

static int prompt_scroll_down(int count, int key)
{
	(void)count;
	(void)key;
	con_scroll(-1);
	tui_draw_all();
	return 0;
}

/* Ctrl-L: repaint the whole screen */
static int prompt_repaint(int count, int key)
{
	(void)count;
	(void)key;
	clearok(curscr, TRUE);
	tui_draw_all();
	return 0;
}

/* Tab completion's list of candidates goes into the console, in columns. */
static void prompt_show_matches(char **matches, int num, int max_len)
{
	int cols = tui.cons ? getmaxx(tui.cons) : 80, w = max_len + 2, per = cols / w > 0 ? cols / w : 1;
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
			con_write(line, CON_NOTE);
			con_write("\n", CON_NOTE);
			len = 0;
		}
	}
	tui_draw_all();
	rl_forced_update_display();
}

void prompt_start(void)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = prompt_getc;
	rl_input_available_hook = prompt_avail;
	rl_redisplay_function = prompt_redisplay;
	rl_completion_display_matches_hook = prompt_show_matches;
	prompt_null = fopen("/dev/null", "w");
	if (prompt_null)
		rl_outstream = prompt_null;
	Keymap maps[] = { emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap };
	for (int i = 0; i < 3; i++) {
		rl_bind_keyseq_in_map("\033[5~", prompt_scroll_up, maps[i]);
		rl_bind_keyseq_in_map("\033[6~", prompt_scroll_down, maps[i]);
		rl_bind_keyseq_in_map("\033[5;2~", prompt_scroll_up, maps[i]);
		rl_bind_keyseq_in_map("\033[6;2~", prompt_scroll_down, maps[i]);
		rl_bind_key_in_map('\f', prompt_repaint, maps[i]);
	}
}

/* readline writes to stdout again */
void prompt_stop(void)
{
	if (prompt_null) {
		rl_outstream = stdout;
		fclose(prompt_null);
		prompt_null = NULL;
	}
}
