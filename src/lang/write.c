/* write.c — replacing a file atomically: what save, data save and export write. */
#include "cmd.h"
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write the stream to an existing file that is not a regular one (/dev/full, /dev/null, a pipe):
 * there is nothing to rename over, and a device must stay a device. */
static int write_in_place(const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "w");
	int err = f ? 0 : errno;
	errno = 0;
	if (f && (put(f, ctx) || fflush(f)))
		err = errno ? errno : EIO;
	if (f && fclose(f) && !err)
		err = errno ? errno : EIO;
	return err;
}

/* '-': standard output in batch mode and at the plain prompt; the console in the full-screen UI */
static int write_stdout(session *s, int (*put)(FILE *f, void *ctx), void *ctx)
{
	if (!s || !s->hk.emit) {
		errno = 0;
		int bad = put(stdout, ctx) || fflush(stdout);
		return bad ? (errno ? errno : EIO) : 0;
	}
	char *text = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	if (!m)
		return ENOMEM;
	int bad = put(m, ctx);
	if (fclose(m) || bad) {
		free(text);
		return EIO;
	}
	sess_printf(s, "%s", text);
	free(text);
	return 0;
}

int sess_write_out(session *s, const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
{
	return strcmp(path, "-") ? sess_write_file(path, put, ctx) : write_stdout(s, put, ctx);
}

int sess_write_file(const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
{
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return write_in_place(path, put, ctx);
	/* a temporary file beside the target (through a symbolic link: beside the file it names),
	 * flushed to disk, renamed over the target; then the directory is flushed */
	char *real = exists ? realpath(path, NULL) : NULL;
	const char *target = real ? real : path;
	char *tmp;
	int fd = sess_temp_open(target, &tmp), err = 0;
	if (fd < 0) {
		/* the file exists but nothing can be made beside it (/proc): not "no such file" */
		err = errno == ENOENT && exists ? EPERM : errno;
		free(real);
		return err;
	}
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~um)); /* mkstemp made it 0600 */
	FILE *f = fdopen(fd, "w");
	errno = 0;
	if (!f) {
		err = errno;
		close(fd);
	} else {
		if (put(f, ctx) || fflush(f) || fsync(fileno(f)))
			err = errno ? errno : EIO;
		if (fclose(f) && !err)
			err = errno ? errno : EIO;
	}
	if (!err && rename(tmp, target))
		err = errno;
	if (err)
		unlink(tmp);
	sess_temp_done();
	if (!err) {
		char *slash = strrchr(tmp, '/'); /* the rename lasts once the directory is on disk */
		if (slash)
			slash[slash == tmp] = 0;
		int dfd = open(slash ? tmp : ".", O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(tmp);
	free(real);
	return err;
}

