/* write.c — replacing a file atomically: what save, data save and export write. */
#include "session.h"
#include <errno.h>
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
	size_t pl = strlen(target);
	char *tmp = malloc(pl + 16);
	if (!tmp) {
		free(real);
		return ENOMEM;
	}
	snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", target);
	int fd = mkstemp(tmp), err = 0;
	if (fd < 0) {
		/* the file exists but nothing can be made beside it (/proc): not "no such file" */
		err = errno == ENOENT && exists ? EPERM : errno;
		free(tmp);
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
	if (err) {
		unlink(tmp);
	} else {
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

