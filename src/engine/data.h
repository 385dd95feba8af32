/* data.h — data sets: generators, CSV loading, split and normalisation. */
#ifndef DL_DATA_H
#define DL_DATA_H
#include <stdio.h>
#include "tensor.h"
#include "rng.h"
#include "poll.h"

#define DATA_MAXCOLS 4096
#define DATA_NAMELEN 32

typedef struct dataset {
	tensor X, Y;       /* training inputs (N, D) and targets (N, K); owned */
	tensor TX, TY;     /* test set (M, D), (M, K); owned; M may be 0 */
	int D, K;          /* widths (0 when there is no data) */
	char (*names)[DATA_NAMELEN]; /* (D + K,) column names, inputs first; owned */
	int normalized;    /* X and TX are standardised by mu, sd */
	double *mu, *sd;   /* (D,) the transform; owned */
} dataset;

void data_init(dataset *ds);
void data_free(dataset *ds);
int data_clone(dataset *dst, const dataset *src); /* deep copy; -1 when out of memory */
int data_rows(const dataset *ds);      /* N */
int data_test_rows(const dataset *ds); /* M */

/* The options of 'data gen'. */
typedef struct data_gen_opts {
	int n;          /* samples */
	double noise;   /* dates: relative noise; toy sets: absolute noise */
	int income_raw; /* dates: income 0..9999 instead of 0..9 (thousands) */
	int edu;        /* dates: fixed education, or -1 for uniform 0..25 */
} data_gen_opts;

/* Generate a set by name: dates, xor, circle, spiral, gauss.  Replaces the training set
 * (into_test = 0: a test set of the same shape, 2 inputs and 1 target, is kept, in its own units)
 * or the test set (1).  -1 with a message in err on a bad name or no memory. */
int data_gen(dataset *ds, const char *name, const data_gen_opts *o, rng *r, int into_test,
	     char *err, size_t errn);

/* Load a CSV file (RFC 4180: quoted fields, "" inside quotes, CRLF; a UTF-8 byte order mark
 * skipped; ';' or tabs as the separator when the header has no comma).  target is a column
 * name or NULL for the last column.  pandas' unnamed index columns (to_csv's default) are left
 * out; a first row of numbers only is data, the columns then named x1..xN.  On success
 * replaces ds and note (noten bytes, may be NULL) says what was made of the file, lines
 * ending in '\n' or ""; on failure ds is untouched and err says which line and column.  hk
 * (may be NULL) is polled between rows: 1 when it stopped the load (ds untouched, err says
 * where), -1 on an error. */
int data_load_csv(dataset *ds, const char *path, const char *target, size_t max_values, const train_hooks *hk,
		  char *note, size_t noten, char *err, size_t errn);

/* Write the training set as CSV with a header row (inputs, then targets), names quoted when
 * they would not read back, numbers in the shortest digits that do (io_num); -1 with err. */
int data_save_csv(const dataset *ds, const char *path, char *err, size_t errn);
/* The same into an open stream (the caller makes the write atomic); -1 on a write error. */
int data_write_csv(const dataset *ds, FILE *f);

/* Move a random fraction of the training rows to the test set (appending). */
int data_split(dataset *ds, double frac, rng *r, char *err, size_t errn);

/* Standardise the inputs (z-score, over the training set); applies to X and TX and remembers
 * the transform.  A constant column (its values within 16 ulps of each other: the spread of
 * rounding) gets sd = 1 and becomes 0.  Re-normalising first undoes. */
int data_normalize(dataset *ds, char *err, size_t errn);
/* Apply the remembered transform to raw inputs x (N, D) in place (nothing if none). */
void data_transform(const dataset *ds, double *x, int N);

/* Set the inputs or targets directly; x (N, D).  Clears the test set if widths change. */
int data_set_x(dataset *ds, const tensor *x, char *err, size_t errn);
int data_set_y(dataset *ds, const tensor *y, char *err, size_t errn);

#endif
