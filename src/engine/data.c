/* data.c — the tutorial's dates survey, toy classification sets, CSV files. */
#include "data.h"
#include "io.h"
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void data_init(dataset *ds) { memset(ds, 0, sizeof *ds); }

void data_free(dataset *ds)
{
	tensor_free(&ds->X);
	tensor_free(&ds->Y);
	tensor_free(&ds->TX);
	tensor_free(&ds->TY);
	free(ds->names);
	free(ds->mu);
	free(ds->sd);
	data_init(ds);
}

int data_clone(dataset *dst, const dataset *src)
{
	data_init(dst);
	dst->D = src->D;
	dst->K = src->K;
	dst->normalized = src->normalized;
	int n = src->D + src->K;
	if ((src->X.v && tensor_copy(&dst->X, &src->X)) || (src->Y.v && tensor_copy(&dst->Y, &src->Y)) ||
	    (src->TX.v && tensor_copy(&dst->TX, &src->TX)) || (src->TY.v && tensor_copy(&dst->TY, &src->TY)))
		goto oom;
	if (src->names) {
		dst->names = malloc((size_t)n * sizeof *dst->names);
		if (!dst->names)
			goto oom;
		memcpy(dst->names, src->names, (size_t)n * sizeof *dst->names);
	}
	if (src->normalized && src->mu) {
		dst->mu = malloc((size_t)src->D * sizeof(double));
		dst->sd = malloc((size_t)src->D * sizeof(double));
		if (!dst->mu || !dst->sd)
			goto oom;
		memcpy(dst->mu, src->mu, (size_t)src->D * sizeof(double));
		memcpy(dst->sd, src->sd, (size_t)src->D * sizeof(double));
	}
	return 0;
oom:
	data_free(dst);
	return -1;
}

int data_rows(const dataset *ds) { return ds->X.v ? ds->X.rows : 0; }
int data_test_rows(const dataset *ds) { return ds->TX.v ? ds->TX.rows : 0; }

/* A fresh set of n rows with the given column names (D inputs then K targets). */
static int data_make(dataset *out, int n, int D, int K, const char *const *names)
{
	data_init(out);
	out->D = D;
	out->K = K;
	out->names = calloc((size_t)(D + K), sizeof *out->names);
	if (!out->names || tensor_alloc(&out->X, 2, n, D) || tensor_alloc(&out->Y, 2, n, K)) {
		data_free(out);
		return -1;
	}
	for (int i = 0; i < D + K; i++)
		snprintf(out->names[i], DATA_NAMELEN, "%s", names[i]);
	return 0;
}

/* rows (n, 2) of the tutorial's survey; y (n, 1) dates */
static void gen_dates(dataset *g, const data_gen_opts *o, rng *r)
{
	for (int i = 0; i < o->n; i++) {
		double edu = o->edu >= 0 ? o->edu : (double)rng_below(r, 26);
		double inc = (double)rng_below(r, o->income_raw ? 10000 : 10);
		double y = 0.8 * edu + (o->income_raw ? 0.003 : 0.3) * inc + 2;
		y += y * o->noise * rng_normal(r);
		g->X.v[2 * i] = edu;
		g->X.v[2 * i + 1] = inc;
		g->Y.v[i] = y;
	}
}

/* two-input classification sets in the spirit of TensorFlow Playground; labels 0/1 */
static void gen_toy(dataset *g, const char *name, const data_gen_opts *o, rng *r)
{
	const double pi = 3.14159265358979323846;
	for (int i = 0; i < o->n; i++) {
		double a, b, label;
		if (!strcmp(name, "xor")) {
			a = 2 * rng_uniform(r) - 1;
			b = 2 * rng_uniform(r) - 1;
			label = (a > 0) != (b > 0);
		} else if (!strcmp(name, "circle")) {
			double rad = sqrt(rng_uniform(r)), th = 2 * pi * rng_uniform(r);
			a = rad * cos(th);
			b = rad * sin(th);
			label = rad < 0.5;
		} else if (!strcmp(name, "spiral")) {
			double t = rng_uniform(r);
			label = (double)(i % 2);
			double th = 3 * pi * t + label * pi;
			a = t * cos(th);
			b = t * sin(th);
		} else { /* gauss: two blobs */
			label = (double)(i % 2);
			double c = label ? 0.5 : -0.5;
			a = c + 0.25 * rng_normal(r);
			b = c + 0.25 * rng_normal(r);
		}
		g->X.v[2 * i] = a + o->noise * rng_normal(r);
		g->X.v[2 * i + 1] = b + o->noise * rng_normal(r);
		g->Y.v[i] = label;
	}
}

static void data_untransform(const dataset *ds, double *x, int N);

int data_gen(dataset *ds, const char *name, const data_gen_opts *o, rng *r, int into_test,
	     char *err, size_t errn)
{
	static const char *dates_names[] = { "education", "income", "dates" };
	static const char *toy_names[] = { "x1", "x2", "label" };
	int dates = !strcmp(name, "dates");
	if (!dates && strcmp(name, "xor") && strcmp(name, "circle") && strcmp(name, "spiral") &&
	    strcmp(name, "gauss")) {
		snprintf(err, errn, "unknown generator '%s' (dates, xor, circle, spiral, gauss)", name);
		return -1;
	}
	if (into_test && ds->D && ds->D != 2) {
		snprintf(err, errn, "the training set has %d inputs; '%s' has 2", ds->D, name);
		return -1;
	}
	if (into_test && ds->K > 1) {
		snprintf(err, errn, "the training set has %d targets; '%s' has 1", ds->K, name);
		return -1;
	}
	dataset g;
	if (data_make(&g, o->n, 2, 1, dates ? dates_names : toy_names)) {
		snprintf(err, errn, "out of memory for %d samples", o->n);
		return -1;
	}
	if (dates)
		gen_dates(&g, o, r);
	else
		gen_toy(&g, name, o, r);
	if (into_test) {
		tensor_free(&ds->TX);
		tensor_free(&ds->TY);
		ds->TX = g.X;
		ds->TY = g.Y;
		g.X = g.Y = (tensor){ 0 };
		if (!ds->D) { /* a test set before any training set: take its names */
			ds->D = 2;
			ds->K = 1;
			free(ds->names); /* 'y' alone may have named its column */
			ds->names = g.names;
			g.names = NULL;
		}
		if (ds->normalized)
			data_transform(ds, ds->TX.v, ds->TX.rows);
		data_free(&g);
		return 0;
	}
	if (ds->TX.v && ds->D == 2 && ds->K == 1) { /* a test set of the same shape stays */
		data_untransform(ds, ds->TX.v, ds->TX.rows); /* the new training set is not normalized */
		g.TX = ds->TX;
		g.TY = ds->TY;
		ds->TX = ds->TY = (tensor){ 0 };
	}
	data_free(ds);
	*ds = g;
	return 0;
}

/* ---- CSV ---- */

#define DATA_MAXLINE (1 << 20) /* bytes in one CSV line: 4096 columns of long numbers fit */

enum { CSV_UNCLOSED = -1, CSV_AFTER_QUOTE = -2 };

/* Split line into fields at sep, in place, as RFC 4180 has them: a field in double quotes may
 * hold the separator, and "" inside it is one quote.  An unquoted field loses its blanks at
 * both ends (the same blanks at both: fuzz/regress/csv), a quoted one keeps what the quotes
 * hold.  f (max + 1,) the fields, q (max + 1,) whether each was quoted.  Returns the count
 * (max + 1 when there are more), or CSV_UNCLOSED / CSV_AFTER_QUOTE with *col the field. */
static int csv_fields(char *line, int sep, char **f, char *q, int max, int *col)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p != sep && isspace((unsigned char)*p))
			p++;
		if (n == max)
			return max + 1;
		char *end, *t = p;
		f[n] = p;
		q[n] = *p == '"';
		*col = ++n;
		if (q[n - 1]) {
			for (p++; *p != '"' || p[1] == '"'; p++) {
				if (!*p)
					return CSV_UNCLOSED;
				if (*p == '"')
					p++; /* "" is one quote */
				*t++ = *p;
			}
			for (end = p + 1; *end != sep && isspace((unsigned char)*end); end++)
				;
			if (*end && *end != sep)
				return CSV_AFTER_QUOTE;
		} else {
			char *c = strchr(p, sep);
			end = c ? c : p + strlen(p);
			for (t = end; t > p && isspace((unsigned char)t[-1]); t--)
				;
		}
		int more = *end == sep;
		*t = 0;
		if (!more)
			return n;
		p = end + 1;
	}
}

/* The separator, from the header line: a comma when it has one outside quotes, else ';' or a
 * tab when it has one of them (European spreadsheets and TSV files); 0 when it has both. */
static int csv_sep(const char *line)
{
	int inq = 0, semi = 0, tab = 0;
	for (const char *p = line; *p; p++) {
		if (*p == '"')
			inq = !inq;
		else if (!inq && *p == ',')
			return ',';
		else if (!inq)
			semi |= *p == ';', tab |= *p == '\t';
	}
	return semi && tab ? 0 : semi ? ';' : tab ? '\t' : ',';
}

/* A field as a number: 0, or 1 when it is not a number, 2 when it is not finite or hex (refused
 * as the command language refuses them: a network cannot train on them, and the divergence
 * they cause would mislead).  Blanks around the number are allowed, inside quotes too. */
static int csv_number(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	if (end == s)
		return 1;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return 1;
	return !isfinite(*v) || strpbrk(s, "xX") ? 2 : 0;
}

/* A column name as pandas' to_csv() writes its index: empty, or 'Unnamed: K' after a
 * read_csv/to_csv round trip (quoted, it is a name: data_write_csv quotes such names). */
static int csv_is_index(const char *name, int quoted)
{
	if (!*name)
		return 1;
	if (quoted || strncmp(name, "Unnamed: ", 9) || !name[9])
		return 0;
	return strspn(name + 9, "0123456789") == strlen(name + 9);
}

static void strip_eol(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
}

/* One CSV file being read: the header's columns, then the rows' values, row-major. */
typedef struct csv_read {
	const char *path;
	FILE *f;
	char *line, **fld, *quoted; /* the current line; (DATA_MAXCOLS + 1,) its fields (pointers
				     * into it) and whether each was quoted */
	size_t cap;
	char (*hdr)[DATA_NAMELEN]; /* (ncol,) the file's column names, for messages */
	double *vals;              /* (rows, ncol - skip) so far, of vcap */
	size_t nv, vcap, max;
	int sep;                   /* ',', ';' or '\t' */
	int ncol, skip;            /* the file's columns; the first skip (pandas' index) are left out */
	int tcol, rows, lineno;    /* tcol: the target's column in the file */
	int headerless;            /* line 1 is data: the columns are x1..xN */
	char *err, *note;          /* note: what was made of the file, lines of text */
	size_t errn, noten;
	const train_hooks *hk;     /* may be NULL: looked at between rows */
	train_clock clk;
	int stopped;               /* the hooks stopped it */
} csv_read;

static void csv_note(csv_read *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void csv_note(csv_read *r, const char *fmt, ...)
{
	size_t len = r->note ? strlen(r->note) : 0;
	if (!r->note || len + 1 >= r->noten)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->note + len, r->noten - len, fmt, ap);
	va_end(ap);
}

/* The current line's fields; their count, or -1 with the error of a broken quote. */
static int csv_split(csv_read *r)
{
	int col = 0, n = csv_fields(r->line, r->sep, r->fld, r->quoted, DATA_MAXCOLS, &col);
	if (n == CSV_UNCLOSED)
		snprintf(r->err, r->errn, "%s:%d: column %d: the quote is not closed on this line (dl reads a row per "
			 "line: a quoted field cannot hold a line break)", r->path, r->lineno, col);
	else if (n == CSV_AFTER_QUOTE)
		snprintf(r->err, r->errn, "%s:%d: column %d: text after the closing quote (a quote inside quotes is "
			 "written \"\")", r->path, r->lineno, col);
	return n < 0 ? -1 : n;
}

/* Room for one more row of values; -1 with the error when over the budget or memory. */
static int csv_grow(csv_read *r)
{
	size_t ncol = (size_t)(r->ncol - r->skip);
	if (r->nv + ncol > r->max) {
		snprintf(r->err, r->errn, "%s:%d: more than %zu values: over the memory budget", r->path, r->lineno, r->max);
		return -1;
	}
	if (r->nv + ncol <= r->vcap)
		return 0;
	size_t nc = r->vcap ? 2 * r->vcap : 1024;
	while (nc < r->nv + ncol)
		nc *= 2;
	double *nvp = realloc(r->vals, nc * sizeof *nvp);
	if (!nvp) {
		snprintf(r->err, r->errn, "out of memory at line %d", r->lineno);
		return -1;
	}
	r->vals = nvp;
	r->vcap = nc;
	return 0;
}

/* The current line's fields (ncol of them) as a row of values; an error names the field's
 * own column.  -1 with the error. */
static int csv_values(csv_read *r)
{
	if (csv_grow(r))
		return -1;
	for (int c = r->skip; c < r->ncol; c++) {
		double v;
		const char *s = r->fld[c];
		int bad = csv_number(s, &v);
		if (bad) {
			snprintf(r->err, r->errn, "%s:%d: column %d ('%s'): '%.40s' is %s%s", r->path, r->lineno, c + 1,
				 r->hdr[c], s, bad == 1 ? "not a number" : "not a finite decimal number (nan, inf and "
				 "hex cannot be trained on)", bad == 1 && strchr(s, ',') ? " (a decimal comma? dl reads "
				 "1.5, not 1,5)" : "");
			return -1;
		}
		r->vals[r->nv++] = v;
	}
	r->rows++;
	return 0;
}

/* The header's names: pandas' index left out, the target found (by name, else the last), and
 * g's names: inputs in file order, then the target.  -1 with the error. */
static int csv_columns(csv_read *r, dataset *g, const char *target)
{
	int ncol = r->ncol, numbers = 0;
	for (int c = 0; c < ncol; c++) /* a quoted field is a name: the writer's way to keep "2024" */
		numbers += !r->quoted[c] && !csv_number(r->fld[c], &(double){ 0 });
	r->headerless = numbers == ncol;
	while (!r->headerless && r->skip < ncol - 2 && csv_is_index(r->fld[r->skip], r->quoted[r->skip]) &&
	       !(target && !strcmp(target, r->fld[r->skip])))
		r->skip++;
	r->tcol = -1;
	for (int c = 0; c < ncol; c++) {
		const char *name = r->fld[c];
		if (r->headerless)
			snprintf(r->hdr[c], DATA_NAMELEN, "x%d", c + 1), name = r->hdr[c];
		else
			snprintf(r->hdr[c], DATA_NAMELEN, "%s", name);
		if (c >= r->skip && !*name) {
			snprintf(r->err, r->errn, "%s:1: column %d has an empty name", r->path, c + 1);
			return -1;
		}
		if (c >= r->skip && target && !strcmp(name, target))
			r->tcol = c;
	}
	if (target && r->tcol < 0) {
		snprintf(r->err, r->errn, "%s: no column named '%s' in the header%s", r->path, target,
			 r->headerless ? " (the file has none: its columns are x1, x2, ...)" : "");
		return -1;
	}
	if (r->tcol < 0)
		r->tcol = ncol - 1;
	int k = ncol - r->skip;
	for (int c = r->skip, j = 0; c < ncol; c++)
		if (c != r->tcol)
			memcpy(g->names[j++], r->hdr[c], DATA_NAMELEN);
	memcpy(g->names[k - 1], r->hdr[r->tcol], DATA_NAMELEN);
	if (r->skip == 1)
		csv_note(r, "%s: column 1 ('%s') is pandas' unnamed index (to_csv() writes it unless index=False): "
			 "left out\n", r->path, r->hdr[0]);
	else if (r->skip)
		csv_note(r, "%s: columns 1 to %d ('%s', '%s'%s) are pandas' unnamed indexes (to_csv() writes one "
			 "unless index=False): left out\n", r->path, r->skip, r->hdr[0], r->hdr[1], r->skip > 2 ? ", ..." : "");
	if (r->headerless)
		csv_note(r, "%s: no header row (every field of line 1 is a number): line 1 is data, the columns "
			 "are x1 to x%d\n", r->path, ncol);
	return 0;
}

/* The header row: the separator, the columns and their names (csv_columns); a file without
 * one gets its first row of values.  -1 with the error. */
static int csv_header(csv_read *r, dataset *g, const char *target)
{
	long got = io_getline(&r->line, &r->cap, r->f, DATA_MAXLINE);
	r->lineno = 1;
	if (got < 0) {
		snprintf(r->err, r->errn, got < -1 ? "%s:1: line longer than %d bytes" : "%s: empty file (a header row is needed)",
			 r->path, DATA_MAXLINE);
		return -1;
	}
	if (!strncmp(r->line, "\xEF\xBB\xBF", 3)) /* a UTF-8 byte order mark, as spreadsheets write */
		memmove(r->line, r->line + 3, strlen(r->line + 3) + 1);
	strip_eol(r->line);
	if (!(r->sep = csv_sep(r->line))) {
		snprintf(r->err, r->errn, "%s:1: the header has both ';' and tabs and no comma: which separates the "
			 "columns?", r->path);
		return -1;
	}
	int ncol = r->ncol = csv_split(r);
	if (ncol < 0)
		return -1;
	if (ncol > DATA_MAXCOLS || ncol < 2) {
		if (ncol < 2)
			snprintf(r->err, r->errn, "%s:1: one column ('%.40s'): dl needs 2 or more (inputs, then the target), "
				 "separated by commas (or ';' or tabs)", r->path, r->fld[0]);
		else
			snprintf(r->err, r->errn, "%s:1: more than %d columns", r->path, DATA_MAXCOLS);
		return -1;
	}
	r->hdr = calloc((size_t)ncol, sizeof *r->hdr);
	g->names = calloc((size_t)ncol, sizeof *g->names);
	if (!r->hdr || !g->names) {
		snprintf(r->err, r->errn, "out of memory");
		return -1;
	}
	if (csv_columns(r, g, target))
		return -1;
	return r->headerless ? csv_values(r) : 0;
}

/* The data rows after the header into r->vals; -1 with the error. */
static int csv_rows(csv_read *r)
{
	long got;
	for (r->lineno = 2; (got = io_getline(&r->line, &r->cap, r->f, DATA_MAXLINE)) >= 0; r->lineno++) {
		if (train_poll(r->hk, &r->clk, 0, 0)) {
			snprintf(r->err, r->errn, "interrupted (Ctrl-C) at %s:%d: nothing was loaded", r->path, r->lineno);
			r->stopped = 1;
			return -1;
		}
		strip_eol(r->line);
		if (!r->line[strspn(r->line, " \t")])
			continue;
		int n = csv_split(r);
		if (n < 0)
			return -1;
		if (n != r->ncol) {
			snprintf(r->err, r->errn, "%s:%d: expected %d fields, got %d", r->path, r->lineno, r->ncol, n);
			return -1;
		}
		if (csv_values(r))
			return -1;
	}
	if (got < -1) {
		snprintf(r->err, r->errn, "%s:%d: line longer than %d bytes", r->path, r->lineno, DATA_MAXLINE);
		return -1;
	}
	if (ferror(r->f)) { /* not the end of the file: a failed read (the rows so far are not all) */
		snprintf(r->err, r->errn, "%s:%d: cannot read: %s", r->path, r->lineno, strerror(errno ? errno : EIO));
		return -1;
	}
	if (!r->rows) {
		snprintf(r->err, r->errn, "%s: no data rows after the header", r->path);
		return -1;
	}
	return 0;
}

/* The rows' values (rows, ncol - skip) into g's inputs X (rows, D) and targets Y (rows, 1). */
static int csv_into(const csv_read *r, dataset *g)
{
	int ncol = r->ncol - r->skip, rows = r->rows, tcol = r->tcol - r->skip;
	g->D = ncol - 1;
	g->K = 1;
	if (tensor_alloc(&g->X, 2, rows, g->D) || tensor_alloc(&g->Y, 2, rows, 1)) {
		snprintf(r->err, r->errn, "out of memory for %d rows", rows);
		return -1;
	}
	for (int i = 0; i < rows; i++) {
		const double *v = r->vals + (size_t)i * ncol;
		for (int c = 0, j = 0; c < ncol; c++)
			if (c != tcol)
				g->X.v[(size_t)i * g->D + j++] = v[c];
		g->Y.v[i] = v[tcol];
	}
	return 0;
}

int data_load_csv(dataset *ds, const char *path, const char *target, size_t max_values, const train_hooks *hk,
		  char *note, size_t noten, char *err, size_t errn)
{
	csv_read r = { .path = path, .max = max_values, .err = err, .errn = errn, .note = note, .noten = noten, .hk = hk };
	train_clock_start(&r.clk);
	if (note && noten)
		*note = 0;
	if (!(r.f = fopen(path, "r"))) {
		snprintf(err, errn, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	dataset g;
	data_init(&g);
	int rc = -1;
	struct stat st;
	r.fld = malloc((DATA_MAXCOLS + 1) * sizeof *r.fld);
	r.quoted = malloc(DATA_MAXCOLS + 1);
	if (fstat(fileno(r.f), &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(err, errn, "'%s' is a directory, not a CSV file", path);
	else if (!r.fld || !r.quoted)
		snprintf(err, errn, "out of memory");
	else if (!csv_header(&r, &g, target) && !csv_rows(&r) && !csv_into(&r, &g)) {
		data_free(ds);
		*ds = g;
		data_init(&g);
		rc = 0;
	}
	if (rc && note && noten)
		*note = 0; /* a refused file: nothing was made of it */
	data_free(&g);
	free(r.vals);
	free(r.line);
	free(r.fld);
	free(r.quoted);
	free(r.hdr);
	fclose(r.f);
	return rc && r.stopped ? 1 : rc;
}

/* A column name as CSV: in quotes when it holds a comma, a quote or a line end, has blanks at
 * an end, or would read back as something else (a number: a file without a header; pandas'
 * index; a byte order mark). */
static void csv_put_name(FILE *f, const char *name)
{
	size_t n = strlen(name);
	int quote = !n || strpbrk(name, ",\";\t\r\n") || isspace((unsigned char)name[0]) ||
		    isspace((unsigned char)name[n - 1]) || csv_number(name, &(double){ 0 }) != 1 ||
		    csv_is_index(name, 0) || !strncmp(name, "\xEF\xBB\xBF", 3);
	if (!quote) {
		fputs(name, f);
		return;
	}
	fputc('"', f);
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

int data_write_csv(const dataset *ds, FILE *f)
{
	int N = data_rows(ds);
	char num[IO_NUMLEN];
	for (int c = 0; c < ds->D + ds->K; c++) {
		if (c)
			fputc(',', f);
		csv_put_name(f, ds->names[c]);
	}
	fputc('\n', f);
	for (int n = 0; n < N && !ferror(f); n++) { /* a failed write (or a stop) ends it */
		for (int d = 0; d < ds->D; d++) { /* raw values: undo a normalisation */
			double v = ds->X.v[(size_t)n * ds->D + d];
			fprintf(f, "%s%s", d ? "," : "", io_num(ds->normalized ? v * ds->sd[d] + ds->mu[d] : v, num));
		}
		for (int k = 0; k < ds->K; k++)
			fprintf(f, ",%s", io_num(ds->Y.v[(size_t)n * ds->K + k], num));
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int data_save_csv(const dataset *ds, const char *path, char *err, size_t errn)
{
	if (!data_rows(ds) || !ds->Y.v) {
		snprintf(err, errn, "no training data (inputs and targets) to save");
		return -1;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, errn, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	errno = 0;
	int bad = data_write_csv(ds, f);
	if (fclose(f) || bad) {
		snprintf(err, errn, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* ---- split, normalise, direct values ---- */

static int append_rows(tensor *dst, const double *rows, int n, int w)
{
	int old = dst->v ? dst->rows : 0;
	if (!dst->v) {
		if (tensor_alloc(dst, 2, n, w))
			return -1;
	} else if (tensor_reshape(dst, 2, old + n, w)) {
		return -1;
	}
	memcpy(dst->v + (size_t)old * w, rows, (size_t)n * w * sizeof(double));
	return 0;
}

int data_split(dataset *ds, double frac, rng *r, char *err, size_t errn)
{
	int N = data_rows(ds);
	if (!N) {
		snprintf(err, errn, "no training data to split");
		return -1;
	}
	if (!ds->Y.v || ds->Y.rows != N) { /* the test set needs targets beside its inputs */
		snprintf(err, errn, "no targets for the %d samples: set them with 'y' before splitting", N);
		return -1;
	}
	if (!(frac > 0 && frac < 1)) {
		snprintf(err, errn, "test fraction must be between 0 and 1 (got %g)", frac);
		return -1;
	}
	int m = (int)floor(frac * N + 0.5);
	if (m < 1 || m >= N) {
		snprintf(err, errn, "test=%g of %d samples leaves an empty set", frac, N);
		return -1;
	}
	int *idx = malloc((size_t)N * sizeof *idx);
	tensor X = { 0 }, Y = { 0 };
	if (!idx || tensor_alloc(&X, 2, N, ds->D) || tensor_alloc(&Y, 2, N, ds->K)) {
		free(idx);
		tensor_free(&X);
		tensor_free(&Y);
		snprintf(err, errn, "out of memory");
		return -1;
	}
	for (int i = 0; i < N; i++)
		idx[i] = i;
	rng_shuffle(r, idx, N);
	/* X, Y get the rows in shuffled order: the first m go to the test set */
	for (int i = 0; i < N; i++) {
		memcpy(X.v + (size_t)i * ds->D, ds->X.v + (size_t)idx[i] * ds->D, ds->D * sizeof(double));
		memcpy(Y.v + (size_t)i * ds->K, ds->Y.v + (size_t)idx[i] * ds->K, ds->K * sizeof(double));
	}
	free(idx);
	if (append_rows(&ds->TX, X.v, m, ds->D) || append_rows(&ds->TY, Y.v, m, ds->K)) {
		tensor_free(&X);
		tensor_free(&Y);
		snprintf(err, errn, "out of memory");
		return -1;
	}
	memmove(X.v, X.v + (size_t)m * ds->D, (size_t)(N - m) * ds->D * sizeof(double));
	memmove(Y.v, Y.v + (size_t)m * ds->K, (size_t)(N - m) * ds->K * sizeof(double));
	X.rows = Y.rows = N - m;
	tensor_free(&ds->X);
	tensor_free(&ds->Y);
	ds->X = X;
	ds->Y = Y;
	return 0;
}

void data_transform(const dataset *ds, double *x, int N)
{
	if (!ds->normalized)
		return;
	for (int n = 0; n < N; n++)
		for (int d = 0; d < ds->D; d++)
			x[(size_t)n * ds->D + d] = (x[(size_t)n * ds->D + d] - ds->mu[d]) / ds->sd[d];
}

/* x (N, D) back in its own units: the inverse of data_transform */
static void data_untransform(const dataset *ds, double *x, int N)
{
	if (!ds->normalized)
		return;
	for (int n = 0; n < N; n++)
		for (int d = 0; d < ds->D; d++)
			x[(size_t)n * ds->D + d] = x[(size_t)n * ds->D + d] * ds->sd[d] + ds->mu[d];
}

/* The mean and spread of column x (N, stride apart).  A column whose values all lie within
 * 16 ulps of each other (max - min <= 16 DBL_EPSILON max(|min|, |max|), about 3.6e-15
 * relative) is constant: its spread is rounding, in the data or in the sums (0.1 three times
 * has a mean of 0.10000000000000002 and a std of 1.4e-17), and dividing by it would make
 * noise into ±1.  It gets sd = 1 and the middle of its range as the mean, as an exactly
 * constant one does (its values become 0, or within rounding of 0). */
static void norm_column(const double *x, int N, int stride, double *mu, double *sd)
{
	double s = 0, q = 0, lo = x[0], hi = x[0];
	for (int n = 0; n < N; n++) {
		double v = x[(size_t)n * stride];
		s += v;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	double big = fmax(fabs(lo), fabs(hi));
	if (hi - lo <= 16 * DBL_EPSILON * big) {
		*mu = lo + (hi - lo) / 2;
		*sd = 1;
		return;
	}
	*mu = s / N;
	for (int n = 0; n < N; n++) {
		double e = x[(size_t)n * stride] - *mu;
		q += e * e;
	}
	*sd = sqrt(q / N);
	if (!(*sd > 0) || !isfinite(*sd))
		*sd = 1;
}

int data_normalize(dataset *ds, char *err, size_t errn)
{
	int N = data_rows(ds);
	if (!N) {
		snprintf(err, errn, "no training data to normalize");
		return -1;
	}
	if (ds->normalized) { /* undo first, so normalising twice is the same as once */
		data_untransform(ds, ds->X.v, N);
		data_untransform(ds, ds->TX.v, data_test_rows(ds));
		ds->normalized = 0;
	}
	double *mu = realloc(ds->mu, (size_t)ds->D * sizeof *mu);
	if (mu)
		ds->mu = mu;
	double *sd = realloc(ds->sd, (size_t)ds->D * sizeof *sd);
	if (sd)
		ds->sd = sd;
	if (!mu || !sd) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	for (int d = 0; d < ds->D; d++)
		norm_column(ds->X.v + d, N, ds->D, &mu[d], &sd[d]);
	ds->normalized = 1;
	data_transform(ds, ds->X.v, N);
	data_transform(ds, ds->TX.v, data_test_rows(ds));
	return 0;
}

static int data_ensure_names(dataset *ds, int D, int K)
{
	if (ds->names && ds->D == D && ds->K == K)
		return 0;
	char(*names)[DATA_NAMELEN] = calloc((size_t)(D + K), sizeof *names);
	if (!names)
		return -1;
	for (int i = 0; i < D; i++)
		snprintf(names[i], DATA_NAMELEN, "x%d", i + 1);
	for (int i = 0; i < K; i++)
		snprintf(names[D + i], DATA_NAMELEN, K == 1 ? "y" : "y%d", i + 1);
	free(ds->names);
	ds->names = names;
	return 0;
}

int data_set_x(dataset *ds, const tensor *x, char *err, size_t errn)
{
	int D = x->cols, N = x->rows; /* a flat list is one sample: the caller reshapes */
	tensor X;
	if (tensor_alloc(&X, 2, N, D)) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	memcpy(X.v, x->v, tensor_size(x) * sizeof(double));
	int K = ds->Y.v && ds->Y.rows == N ? ds->K : 1;
	if (ds->D != D) { /* a new width: the old transform and test set no longer apply */
		tensor_free(&ds->TX);
		tensor_free(&ds->TY);
		ds->normalized = 0;
		free(ds->mu); /* (D,) of the old width */
		free(ds->sd);
		ds->mu = ds->sd = NULL;
	}
	if (data_ensure_names(ds, D, K)) {
		tensor_free(&X);
		snprintf(err, errn, "out of memory");
		return -1;
	}
	if (ds->normalized && ds->D == D)
		data_transform(ds, X.v, N);
	tensor_free(&ds->X);
	ds->X = X;
	ds->D = D;
	ds->K = K;
	if (ds->Y.v && ds->Y.rows != N)
		tensor_free(&ds->Y);
	return 0;
}

int data_set_y(dataset *ds, const tensor *y, char *err, size_t errn)
{
	/* a flat list is one target per sample: shape (N, 1) */
	int N = y->ndim == 1 ? y->cols : y->rows;
	int K = y->ndim == 1 ? 1 : y->cols;
	if (ds->X.v && ds->X.rows != N) {
		snprintf(err, errn, "x has %d samples but y has %d", ds->X.rows, N);
		return -1;
	}
	tensor Y;
	if (tensor_alloc(&Y, 2, N, K)) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	memcpy(Y.v, y->v, tensor_size(y) * sizeof(double));
	if (ds->K != K) {
		tensor_free(&ds->TX);
		tensor_free(&ds->TY);
	}
	if (data_ensure_names(ds, ds->D, K)) {
		tensor_free(&Y);
		snprintf(err, errn, "out of memory");
		return -1;
	}
	tensor_free(&ds->Y);
	ds->Y = Y;
	ds->K = K;
	return 0;
}
