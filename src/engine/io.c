/* io.c — a bounded getline; the shortest decimal that reads back exactly. */
#include "io.h"
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

long io_getline(char **buf, size_t *cap, FILE *f, size_t max)
{
	size_t n = 0;
	int c = EOF;
	for (;;) {
		errno = 0;
		if ((c = getc(f)) == EOF && ferror(f) && errno == EINTR) {
			clearerr(f); /* a signal (Ctrl-C, a resize) during a read from a pipe: read on; the */
			continue;    /* caller looks at its interrupt between lines */
		}
		if (c == EOF)
			break;
		if (n + 2 > *cap) {
			size_t nc = *cap ? 2 * *cap : 256;
			if (nc > max + 2)
				nc = max + 2;
			char *nb = realloc(*buf, nc);
			if (!nb)
				return -1;
			*buf = nb;
			*cap = nc;
		}
		(*buf)[n++] = (char)c;
		if (c == '\n')
			break;
		if (n > max)
			return -2;
	}
	if (!n)
		return -1;
	(*buf)[n] = 0;
	return (long)n;
}

/* v with p significant digits in %g's style, but plain digits (not an exponent) while the
 * decimal exponent e is below 16: %g would write 100 as 1e+02 at one digit.  1 when the text
 * reads back (in this locale's strtod) to v's very bits. */
static int num_try(double v, int p, char *buf)
{
	int e = v != 0 ? (int)floor(log10(fabs(v))) : 0; /* may be off by one: only the style */
	int q = e >= p && e < 16 ? e + 1 : p;
	snprintf(buf, IO_NUMLEN, "%.*g", q, v);
	double back = strtod(buf, NULL);
	return memcmp(&back, &v, sizeof v) == 0;
}

/* the locale's decimal point as '.' (dl runs with the C numeric locale; a program that links
 * the engine may not) */
static void num_point(char *buf)
{
	const char *dp = localeconv()->decimal_point;
	if (!dp || !strcmp(dp, "."))
		return;
	char *at = *dp ? strstr(buf, dp) : NULL;
	if (at) {
		size_t dl = strlen(dp);
		*at = '.';
		memmove(at + 1, at + dl, strlen(at + dl) + 1);
	}
}

char *io_num(double v, char buf[IO_NUMLEN])
{
	if (!isfinite(v)) {
		snprintf(buf, IO_NUMLEN, "%g", v); /* as printf has them: nan, -nan, inf, -inf */
		return buf;
	}
	/* most numbers read by people are short and most computed ones take 16 or 17 digits:
	 * 15 decides which search to make; 17 digits always read back */
	int p = 17;
	if (num_try(v, 15, buf)) {
		for (p = 1; p < 15 && !num_try(v, p, buf); p++)
			;
		if (p == 15)
			num_try(v, 15, buf);
	} else if (!num_try(v, 16, buf)) {
		num_try(v, 17, buf);
	}
	num_point(buf);
	return buf;
}
