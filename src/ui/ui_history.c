/* ui_history.c — the command history both front ends keep with GNU readline: the last
 * 1000 lines, in $XDG_STATE_HOME/dl/history (or ~/.local/state/dl/history). */
#include "ui.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>

/* The history file's path; creates its directory.  NULL when there is no home. */
static const char *ui_history_path(void)
{
	static char path[4096];
	char dir[4000];
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/dl", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/dl", home);
	else
		return NULL;
	/* mkdir -p, one level at a time */
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/history", dir);
	return path;
}

const char *ui_history_load(void)
{
	stifle_history(1000);
	const char *path = ui_history_path();
	if (path)
		read_history(path);
	return path;
}

void ui_history_save(const char *path)
{
	if (path)
		write_history(path);
}

/* Written at once, so that a crash loses nothing; ui_history_save rewrites the whole
 * (stifled) history on a normal exit. */
void ui_history_append(const char *path, const char *line)
{
	if (!path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		n = 0;
	close(fd);
}
