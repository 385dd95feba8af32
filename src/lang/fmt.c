/* fmt.c — printing numbers and arrays. */
#include "fmt.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fmt_num(double v, int prec, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "nan");
	else if (isinf(v))
		snprintf(buf, n, v < 0 ? "-inf" : "inf");
	else if (prec < 0) /* fixed notation with -prec decimals, as "%.2f" */
		snprintf(buf, n, "%.*f", -prec, v == 0 ? 0.0 : v);
	else
		snprintf(buf, n, "%.*g", prec, v == 0 ? 0.0 : v); /* no "-0" */
	return buf;
}

#define FMT_EDGE 3   /* values kept at each end of a summarised dimension */
#define FMT_LONG 12  /* dimensions longer than this are summarised */

/* indices shown along a dimension of length n: all, or the first and last FMT_EDGE */
static int shown(int n, int i) { return n <= FMT_LONG || i < FMT_EDGE || i >= n - FMT_EDGE; }

typedef struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
} sbuf;

static void sb_put(sbuf *b, const char *t)
{
	size_t n = strlen(t);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;
		while (c < b->len + n + 1)
			c *= 2;
		char *s = realloc(b->s, c);
		if (!s) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = c;
	}
	memcpy(b->s + b->len, t, n + 1);
	b->len += n;
}

char *fmt_array(const tensor *t, int prec)
{
	char num[64];
	int w = 1;
	for (int r = 0; r < t->rows; r++)
		for (int c = 0; c < t->cols; c++)
			if (shown(t->rows, r) && shown(t->cols, c)) {
				int l = (int)strlen(fmt_num(t->v[(size_t)r * t->cols + c], prec, num, sizeof num));
				if (l > w)
					w = l;
			}
	sbuf b = { 0 };
	sb_put(&b, t->ndim == 2 ? "[" : "");
	for (int r = 0; r < t->rows; r++) {
		if (!shown(t->rows, r)) {
			if (r == FMT_EDGE)
				sb_put(&b, " ...\n");
			continue;
		}
		sb_put(&b, r && t->ndim == 2 ? " [" : "[");
		for (int c = 0; c < t->cols; c++) {
			if (!shown(t->cols, c)) {
				if (c == FMT_EDGE)
					sb_put(&b, " ...");
				continue;
			}
			char cell[80];
			snprintf(cell, sizeof cell, "%s%*s", c ? " " : "", w,
				 fmt_num(t->v[(size_t)r * t->cols + c], prec, num, sizeof num));
			sb_put(&b, cell);
		}
		sb_put(&b, "]");
		if (r < t->rows - 1)
			sb_put(&b, "\n");
	}
	sb_put(&b, t->ndim == 2 ? "]" : "");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *fmt_brief(const tensor *t, int prec, int max, char *buf, size_t n)
{
	size_t size = tensor_size(t), len = 0;
	char num[64];
	if (size == 1)
		return fmt_num(t->v[0], prec, buf, n);
	len += (size_t)snprintf(buf, n, "[");
	for (size_t i = 0; i < size && (int)i < max && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? " " : "",
					fmt_num(t->v[i], prec, num, sizeof num));
	if (len < n)
		snprintf(buf + len, n - len, "%s]", size > (size_t)max ? " …" : "");
	return buf;
}
