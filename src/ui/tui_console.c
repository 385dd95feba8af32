/* tui_console.c — the console of the full-screen UI: a ring of the last lines of commands
 * and their output, the line being emitted, the scrollback position (PgUp/PgDn), and the
 * drawing of it all, wrapped at word boundaries, from the bottom up. */
#include "tui.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CON_CAP 4000       /* console scrollback, in lines */
#define CON_PART_MAX 65536 /* an unfinished line longer than this is cut into lines */
#define CON_WMAX 8192      /* characters of one line shown (longer lines are cut) */
#define CON_MAXROWS 256    /* screen rows one console line may wrap into */

typedef struct con_line {
	char *text;         /* UTF-8, no control characters; owned */
	unsigned char kind; /* CON_* */
} con_line;

/* a ring of lines plus the line being emitted */
static struct {
	con_line line[CON_CAP];
	int head, n;                /* index of the oldest line, lines held */
	char *part;                 /* the unfinished last line; owned */
	size_t part_len, part_cap;
	int scroll;                 /* lines scrolled back from the bottom (PgUp) */
} con;

static con_line *con_at(int i) /* i = 0: the oldest */
{
	return &con.line[(con.head + i) % CON_CAP];
}

void con_push(const char *text, size_t len, int kind)
{
	char *p = malloc(len + 1);
	if (!p)
		return;
	memcpy(p, text, len);
	p[len] = 0;
	if (con.n == CON_CAP) { /* drop the oldest */
		free(con.line[con.head].text);
		con.head = (con.head + 1) % CON_CAP;
		con.n--;
	}
	con_line *l = con_at(con.n++);
	l->text = p;
	l->kind = (unsigned char)kind;
	con.scroll = 0; /* new output snaps to the bottom */
	tui.dirty = 1;
}

/* the session's own lines: errors stand out */
static int con_line_kind(const char *text)
{
	return !strncmp(text, "error:", 6) || strstr(text, ": error: ") ? CON_ERR : CON_OUT;
}

static int con_part_add(char c)
{
	if (con.part_len + 2 > con.part_cap) {
		size_t cap = con.part_cap ? con.part_cap * 2 : 256;
		char *p = realloc(con.part, cap);
		if (!p)
			return -1;
		con.part = p;
		con.part_cap = cap;
	}
	con.part[con.part_len++] = c;
	con.part[con.part_len] = 0;
	return 0;
}

static void con_part_flush(int kind)
{
	const char *t = con.part ? con.part : "";
	con_push(t, con.part_len, kind < 0 ? con_line_kind(t) : kind);
	con.part_len = 0;
	if (con.part)
		con.part[0] = 0;
}

void con_end_line(void)
{
	if (con.part_len)
		con_part_flush(-1);
}

/* Text into the console: whole or partial lines; tabs become blanks, other control
 * characters are dropped (they would move the cursor).  kind < 0: classify each line. */
void con_write(const char *text, int kind)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			con_part_flush(kind);
			continue;
		}
		if (*p == '\t') {
			do
				con_part_add(' ');
			while (con.part_len % 8);
		} else if (*p >= 32 && *p != 127) {
			con_part_add((char)*p);
		}
		if (con.part_len >= CON_PART_MAX)
			con_part_flush(kind);
	}
	tui.dirty = 1;
}

void con_free(void)
{
	for (int i = 0; i < con.n; i++)
		free(con_at(i)->text);
	con.n = con.head = 0;
	free(con.part);
	con.part = NULL;
	con.part_len = con.part_cap = 0;
}

void con_scroll(int dir)
{
	int rows = tui.cons ? getmaxy(tui.cons) : 1, total = con.n + (con.part_len > 0);
	int step = rows > 3 ? rows - 2 : 1;
	con.scroll += dir > 0 ? step : -step;
	if (con.scroll > total - 1)
		con.scroll = total > 0 ? total - 1 : 0;
	if (con.scroll < 0)
		con.scroll = 0;
	tui.dirty = 1;
}

/* ---- drawing ---- */

static attr_t con_attr(int kind, short *pair)
{
	*pair = 0;
	switch (kind) {
	case CON_CMD: return A_BOLD;
	case CON_ERR: *pair = tui.color ? PAIR_ERR : 0; return tui.color ? A_NORMAL : A_BOLD;
	case CON_NOTE: *pair = tui.color ? PAIR_NOTE : 0; return tui.color ? A_NORMAL : A_DIM;
	default: return A_NORMAL;
	}
}

/* Where each screen row of a wrapped line starts; returns the row count.  A row ends after
 * its last blank, so that words (and numbers: "db1=-24.71") stay whole; a word wider than
 * the console is cut where it must be. */
static int con_wrap_rows(const wchar_t *w, int n, int width, int *starts, int max)
{
	int rows = 1, col = 0, blank = -1; /* blank: the last blank of the current row */
	starts[0] = 0;
	for (int i = 0; i < n; i++) {
		int cw = tui_wc_cols(w[i]);
		if (col + cw > width && col > 0) {
			if (rows == max)
				break;
			int at = blank >= 0 ? blank + 1 : i;
			starts[rows++] = at;
			col = 0;
			for (int j = at; j < i; j++)
				col += tui_wc_cols(w[j]);
			blank = -1;
			if (col + cw > width && rows < max) { /* the carried word fills the row: cut it */
				starts[rows++] = i;
				col = 0;
			}
		}
		if (w[i] == L' ')
			blank = i;
		col += cw;
	}
	return rows;
}

/* The console from the bottom up: the newest lines (or those PgUp scrolled to), wrapped. */
void con_draw(void)
{
	static wchar_t wbuf[CON_WMAX];
	static int starts[CON_MAXROWS + 1];
	WINDOW *w = tui.cons;
	if (!w)
		return;
	int rows, cols;
	getmaxyx(w, rows, cols);
	werase(w);
	int total = con.n + (con.part_len > 0), y = rows;
	if (con.scroll)
		y--; /* the last row says that more lies below */
	for (int i = total - 1 - con.scroll; i >= 0 && y > 0; i--) {
		const char *text = i < con.n ? con_at(i)->text : con.part;
		int kind = i < con.n ? con_at(i)->kind : con_line_kind(con.part);
		int n = tui_to_wide(text, wbuf, CON_WMAX);
		int nr = con_wrap_rows(wbuf, n, cols, starts, CON_MAXROWS);
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
	if (con.scroll) {
		char more[96];
		snprintf(more, sizeof more, "-- %d more line%s below: PgDn --", con.scroll, con.scroll == 1 ? "" : "s");
		wattr_set(w, A_REVERSE, 0, NULL);
		tui_put_text(w, rows - 1, 0, more, cols);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}
