/* allocshim.c — LD_PRELOAD memory pressure for tests/harden.sh (not with AddressSanitizer,
 * which owns malloc): once the file named by DL_NOMEM_AFTER exists, every allocation of
 * DL_NOMEM_BYTES bytes or more fails with ENOMEM, as when memory runs out mid-session. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static int refused(size_t n)
{
	const char *flag = getenv("DL_NOMEM_AFTER"), *bytes = getenv("DL_NOMEM_BYTES");
	if (!flag || !bytes || n < strtoul(bytes, NULL, 10) || access(flag, F_OK))
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	return refused(n) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return size && n > (size_t)-1 / size ? __libc_calloc(n, size) : refused(n * size) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return refused(n) ? NULL : __libc_realloc(p, n);
}

extern void *__libc_memalign(size_t align, size_t n);

void *aligned_alloc(size_t align, size_t n)
{
	return refused(n) ? NULL : __libc_memalign(align, n);
}

int posix_memalign(void **p, size_t align, size_t n)
{
	if (refused(n))
		return ENOMEM;
	*p = __libc_memalign(align, n);
	return *p ? 0 : ENOMEM;
}
