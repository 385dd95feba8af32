/* tui_input.c — the keys of the full-screen UI: bytes read from the terminal (never
 * blocking) wait in a queue until readline asks for them, so that typing ahead while a
 * command runs is kept; PgUp/PgDn are taken out of the queue while readline is not reading;
 * waiting for a key or a signal. */
#include "tui.h"
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for one more byte at tui.keyq[tui.keyn]: the queue moves to the front of its storage
 * or the storage grows; 0 when it holds KEYQ_MAX bytes (or no memory): then the bytes wait
 * in the terminal, unread, and nothing is lost. */
static int key_room(void)
{
	if (!tui.keyq)
		tui.keyq = tui.keybuf;
	if (tui.keybuf && (tui.keyq - tui.keybuf) + tui.keyn < tui.keycap)
		return 1;
	if (tui.keybuf && tui.keyq > tui.keybuf) {
		memmove(tui.keybuf, tui.keyq, (size_t)tui.keyn * sizeof *tui.keybuf);
		tui.keyq = tui.keybuf;
		return 1;
	}
	if (tui.keycap >= KEYQ_MAX)
		return 0;
	int cap = tui.keycap ? 2 * tui.keycap : 4096;
	int *nb = realloc(tui.keybuf, (size_t)cap * sizeof *nb);
	if (!nb)
		return 0;
	tui.keybuf = tui.keyq = nb;
	tui.keycap = cap;
	return 1;
}

void key_read(void)
{
	int c, resized = 0;
	while (tui.prompt && key_room() && (c = wgetch(tui.prompt)) != ERR) {
		if (c == KEY_RESIZE)
			resized = 1;
		else if (c >= 0 && c < 256)
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

/* Take bytes i..i+n out of the queue; from its head (readline's byte) without copying. */
void key_drop(int i, int n)
{
	if (i == 0)
		tui.keyq += n;
	else
		memmove(tui.keyq + i, tui.keyq + i + n, (size_t)(tui.keyn - i - n) * sizeof tui.keyq[0]);
	tui.keyn -= n;
}

void key_free(void)
{
	free(tui.keybuf);
	tui.keybuf = tui.keyq = NULL;
	tui.keycap = tui.keyn = 0;
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
