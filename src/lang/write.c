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
	if (!strcmp(path, "-"))
		return write_stdout(s, put, ctx);
	train_hooks hk = sess_long_hooks(s);
	return sess_write_file(&hk, path, put, ctx);
}

/* The stream a write goes through: each buffer that stdio hands over is written to fd after
 * the hooks were looked at, so that Ctrl-C stops a long write (EINTR) with no change to the
 * writers, and the UI draws meanwhile. */
typedef struct stop_stream {
	int fd;
	const train_hooks *hk;
	train_clock clk;
} stop_stream;

static ssize_t stop_write(void *cookie, const char *buf, size_t n)
{
	stop_stream *w = cookie;
	if (train_poll(w->hk, &w->clk, 0, 0)) {
		errno = EINTR;
		return -1;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t k = write(w->fd, buf + done, n - done);
		if (k < 0 && errno == EINTR && !(w->hk && w->hk->interrupt && *w->hk->interrupt))
			continue; /* a signal that did not ask to stop (a resize) */
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return (ssize_t)n;
}

static int stop_close(void *cookie)
{
	(void)cookie; /* the caller closes fd, after fsync */
	return 0;
}

/* put into fd through a stop_stream, flushed and on disk; 0 or an errno value */
static int put_fd(int fd, const train_hooks *hk, int (*put)(FILE *f, void *ctx), void *ctx)
{
	stop_stream w = { .fd = fd, .hk = hk };
	train_clock_start(&w.clk);
	FILE *f = fopencookie(&w, "w", (cookie_io_functions_t){ .write = stop_write, .close = stop_close });
	if (!f)
		return errno ? errno : ENOMEM;
	errno = 0;
	int err = 0;
	if (put(f, ctx) || fflush(f))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	if (!err && fsync(fd))
		err = errno;
	return err;
}

int sess_write_file(const train_hooks *hk, const char *path, int (*put)(FILE *f, void *ctx), void *ctx)
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
	err = put_fd(fd, hk, put, ctx);
	if (close(fd) && !err)
		err = errno;
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

int sess_write_failed(session *s, cmd_args *a, const char *path, int e)
{
	if (e == EINTR)
		return CMD_ERR(s, a, "interrupted (Ctrl-C): '%s' was not written (any old file is unchanged)", path);
	return CMD_ERR(s, a, "cannot write '%s': %s (any old file is unchanged)", path, strerror(e));
}
