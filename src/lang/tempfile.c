/* tempfile.c — the temporary file that sess_write_file writes beside its target and then
 * renames over it: named FILE.tmp.PID.XXXXXX, known to the batch run's SIGTERM/SIGHUP
 * handler (which removes it), and the ones a killed dl left behind removed on the next
 * write to the same target. */
#include "session.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char temp_name[4096];              /* the live temporary's path, for the handler */
static volatile sig_atomic_t temp_live;  /* temp_name is a file this process is writing */

void sess_temp_discard(void)
{
	if (temp_live)
		unlink(temp_name);
	temp_live = 0;
}

void sess_temp_done(void)
{
	temp_live = 0;
}

/* name (a directory entry beside base's file) is base.tmp.PID.XXXXXX of a process that is
 * gone, or an unnumbered base.tmp.XXXXXX (dl before 2026-12) older than an hour */
static int temp_stale(const char *dir, const char *name, const char *base)
{
	size_t bl = strlen(base);
	if (strncmp(name, base, bl) || strncmp(name + bl, ".tmp.", 5))
		return 0;
	const char *p = name + bl + 5;
	char *end;
	errno = 0;
	long pid = strtol(p, &end, 10);
	if (end > p && *end == '.' && strlen(end + 1) == 6 && !errno && pid > 0)
		return pid != (long)getpid() && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
	if (strlen(p) != 6)
		return 0;
	char path[4096];
	struct stat st;
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < time(NULL) - 3600;
}

/* remove the stale temporaries beside target (a path) */
static void temp_sweep(const char *target)
{
	char dir[4096];
	const char *slash = strrchr(target, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - target) ? (int)(slash - target) : 1, target);
	else
		snprintf(dir, sizeof dir, ".");
	const char *base = slash ? slash + 1 : target;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (temp_stale(dir, e->d_name, base)) {
			char path[4096];
			if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
				unlink(path);
		}
	closedir(d);
}

int sess_temp_open(const char *target, char **path)
{
	temp_sweep(target);
	size_t n = strlen(target) + 40;
	char *tmp = malloc(n);
	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(tmp, n, "%s.tmp.%ld.XXXXXX", target, (long)getpid());
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return -1;
	}
	if (strlen(tmp) < sizeof temp_name) {
		memcpy(temp_name, tmp, strlen(tmp) + 1);
		temp_live = 1;
	}
	*path = tmp;
	return fd;
}
