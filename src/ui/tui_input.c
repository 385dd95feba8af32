/* tui_input.c — the keys of the full-screen UI: bytes read from the terminal (never
 * blocking) wait in a queue until readline asks for them, so that typing ahead while a
 * command runs is kept; PgUp/PgDn are taken out of the queue while readline is not reading;
 * waiting for a key or a signal. */
#include "tui.h"
#include <poll.h>
#include <string.h>
#include <unistd.h>

void key_read(void)
{
	int c, resized = 0;
	while (tui.prompt && (c = wgetch(tui.prompt)) != ERR) {
		if (c == KEY_RESIZE)
			resized = 1;
		else if (c >= 0 && c < 256 && tui.keyn < KEYQ_CAP)
			tui.keyq[tui.keyn++] = c;
	}
	if (resized) {
		tui_layout();
		tui_draw_all();
	}
}

void key_wait(int ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int r = poll(&p, 1, ms);
	if (r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p.revents & POLLIN))
		tui.eof = 1; /* the terminal hung up */
	key_read();
}

void key_drop(int i, int n)
{
	memmove(tui.keyq + i, tui.keyq + i + n, (size_t)(tui.keyn - i - n) * sizeof tui.keyq[0]);
	tui.keyn -= n;
}

/* PgUp/PgDn while a command runs or a pause waits (readline is not reading then): take
 * their escape sequences out of the queue and scroll.  An unfinished sequence at the end
 * of the queue stays for the next call. */
void key_take_scroll(void)
{
	static const char *seqs[] = { "\033[5~", "\033[6~", "\033[5;2~", "\033[6;2~" };
	for (int i = 0; i < tui.keyn; i++) {
		if (tui.keyq[i] != 27)
			continue;
		for (int k = 0; k < 4; k++) {
			int len = (int)strlen(seqs[k]), j = 0;
			while (j < len && i + j < tui.keyn && tui.keyq[i + j] == (unsigned char)seqs[k][j])
				j++;
			if (j == len) {
				con_scroll(seqs[k][2] == '5' ? 1 : -1);
				key_drop(i, len);
				i--;
				break;
			}
			if (i + j == tui.keyn)
				return;
		}
	}
}
