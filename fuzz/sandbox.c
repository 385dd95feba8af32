/* sandbox.c — see sandbox.h.  A path is allowed when it is relative without a ".." component
 * (it is then taken inside the scratch directory) or already inside the scratch directory;
 * anything else fails with EACCES, as a read-only file system would. */
#define SANDBOX_IMPL
#include "sandbox.h"
#include <errno.h>
#include <string.h>
/* the forced include of sandbox.h (fuzz builds) renamed these: here they are the real ones */
#undef fopen
#undef opendir
#undef mkstemp
#undef rename
#undef unlink
#undef stat

static char dir[256];

const char *sandbox_dir(void)
{
	if (!dir[0]) {
		const char *base = getenv("DL_FUZZ_TMP");
		if (!base || !*base)
			base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/dl-fuzz.%ld", base, (long)getpid());
		mkdir(dir, 0700);
	}
	return dir;
}

void sandbox_clean(void)
{
	DIR *d = opendir(sandbox_dir());
	struct dirent *e;
	char p[512];
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
	closedir(d);
}

const char *sandbox_path(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", sandbox_dir(), name);
	return buf;
}

/* the real path for path, or NULL (errno set) when it is outside the sandbox */
static const char *inside(const char *path, char *buf, size_t n)
{
	const char *d = sandbox_dir();
	size_t dl = strlen(d);
	if (!strncmp(path, d, dl) && path[dl] == '/' && !strstr(path + dl, "/.."))
		return path;
	int up = !strcmp(path, "..") || !strncmp(path, "../", 3) || strstr(path, "/../") ||
		 (strlen(path) >= 3 && !strcmp(path + strlen(path) - 3, "/.."));
	if (!*path || path[0] == '/' || up || (size_t)snprintf(buf, n, "%s/%s", d, path) >= n) {
		errno = *path ? EACCES : ENOENT;
		return NULL;
	}
	return buf;
}

FILE *sandbox_fopen(const char *path, const char *mode)
{
	char b[4096];
	const char *p = inside(path, b, sizeof b);
	return p ? fopen(p, mode) : NULL;
}

DIR *sandbox_opendir(const char *path)
{
	char b[4096];
	const char *p = inside(path, b, sizeof b);
	return p ? opendir(p) : NULL;
}

int sandbox_mkstemp(char *tmpl)
{
	char b[4096];
	const char *p = inside(tmpl, b, sizeof b);
	if (!p)
		return -1;
	if (p == tmpl)
		return mkstemp(tmpl);
	/* the template is relative: make the file inside, then give back its relative name */
	int fd = mkstemp(b);
	if (fd >= 0)
		memcpy(tmpl + strlen(tmpl) - 6, b + strlen(b) - 6, 6);
	return fd;
}

int sandbox_rename(const char *from, const char *to)
{
	char b1[4096], b2[4096];
	const char *p = inside(from, b1, sizeof b1), *q = p ? inside(to, b2, sizeof b2) : NULL;
	return p && q ? rename(p, q) : -1;
}

int sandbox_unlink(const char *path)
{
	char b[4096];
	const char *p = inside(path, b, sizeof b);
	return p ? unlink(p) : -1;
}

int sandbox_stat(const char *path, struct stat *st)
{
	char b[4096];
	const char *p = inside(path, b, sizeof b);
	return p ? stat(p, st) : -1;
}
