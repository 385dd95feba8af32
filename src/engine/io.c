/* io.c — a bounded getline. */
#include "io.h"
#include <stdlib.h>

long io_getline(char **buf, size_t *cap, FILE *f, size_t max)
{
	size_t n = 0;
	int c = EOF;
	while ((c = getc(f)) != EOF) {
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
