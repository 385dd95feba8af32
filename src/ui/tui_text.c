/* tui_text.c — UTF-8 text for curses windows: as wide characters that cannot move the
 * cursor, their screen columns, and a write cut to a width. */
#include "tui.h"
#include <string.h>

/* UTF-8 text as wide characters for drawing: invalid bytes become '?', control characters
 * a blank, so that nothing written can move the cursor.  Returns the count (at most max). */
int tui_to_wide(const char *s, wchar_t *out, int max)
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

/* screen columns of one character (an unprintable one shows as one '?') */
int tui_wc_cols(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* Write UTF-8 text at (y, x), cut to maxcols screen columns; returns the columns used. */
int tui_put_text(WINDOW *w, int y, int x, const char *text, int maxcols)
{
	static wchar_t buf[1024];
	int n = tui_to_wide(text, buf, 1023), cols = 0, k = 0;
	while (k < n && cols + tui_wc_cols(buf[k]) <= maxcols)
		cols += tui_wc_cols(buf[k++]);
	if (k)
		mvwaddnwstr(w, y, x, buf, k);
	return cols;
}
