/* faultshim.c — LD_PRELOAD fault injection for tests/faults.sh.  DL_FAULT chooses the fault:
 *   enospc  the file mkstemp makes is real, but its descriptor writes to /dev/full (ENOSPC)
 *   fsync   fsync fails with EIO
 *   rename  rename fails with EIO
 * stdio writes go through glibc's internal write, which a preload cannot replace: hence the
 * descriptor swap for a full disk. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fault(const char *what)
{
	const char *f = getenv("DL_FAULT");
	return f && !strcmp(f, what);
}

int mkstemp(char *tmpl)
{
	int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
	int fd = real(tmpl);
	if (fd >= 0 && fault("enospc")) {
		int full = open("/dev/full", O_WRONLY);
		if (full >= 0) {
			dup2(full, fd);
			close(full);
		}
	}
	return fd;
}

int fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fault("fsync")) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (fault("rename")) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}
