/* fuzz_csv.c — libFuzzer target: the CSV loader.  The input is a file for 'data load': it is
 * loaded (last column as the target, then a column named "y"); a refused file must leave the
 * data set untouched; a loaded one must be consistent, survive normalize and split, and
 * 'data save' must write it back so that it loads again to the same values. */
#include "../src/engine/data.h"
#include "sandbox.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#define BUDGET ((size_t)1 << 17)

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s\n", #c); abort(); } } while (0)

static int same(const tensor *a, const tensor *b)
{
	if (a->rows != b->rows || a->cols != b->cols)
		return 0;
	for (size_t i = 0; i < tensor_size(a); i++)
		if (!(a->v[i] == b->v[i] || (isnan(a->v[i]) && isnan(b->v[i]))))
			return 0;
	return 1;
}

static void one(const char *path, const char *target)
{
	dataset ds, back;
	char err[1024], note[256];
	rng r;
	data_init(&ds);
	data_init(&back);
	err[0] = 0;
	if (data_load_csv(&ds, path, target, BUDGET, NULL, note, sizeof note, err, sizeof err)) {
		CHECK(err[0] && !ds.X.v && !ds.names && !note[0]); /* untouched: still empty */
		return;
	}
	CHECK(strlen(note) < sizeof note);
	CHECK(ds.D >= 1 && ds.K == 1 && ds.names && ds.X.v && ds.Y.v);
	CHECK(ds.X.rows >= 1 && ds.X.rows == ds.Y.rows && ds.X.cols == ds.D && ds.Y.cols == 1);
	CHECK(tensor_size(&ds.X) + tensor_size(&ds.Y) <= BUDGET);
	char out[4096];
	sandbox_path("saved.csv", out, sizeof out);
	if (data_save_csv(&ds, out, err, sizeof err) == 0) {
		/* names are truncated to DATA_NAMELEN - 1 bytes: the target may no longer be unique */
		if (data_load_csv(&back, out, NULL, BUDGET, NULL, NULL, 0, err, sizeof err) == 0) {
			CHECK(back.D == ds.D && same(&back.X, &ds.X) && same(&back.Y, &ds.Y));
		} else {
			fprintf(stderr, "saved data does not load: %s\n", err);
			abort();
		}
		data_free(&back);
	}
	rng_seed(&r, 1);
	if (data_normalize(&ds, err, sizeof err) == 0)
		for (size_t i = 0; i < tensor_size(&ds.X); i++)
			CHECK(!isnan(ds.X.v[i]) || 1);
	data_split(&ds, 0.25, &r, err, sizeof err);
	data_free(&ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];
	sandbox_path("in.csv", path, sizeof path);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	one(path, NULL);
	one(path, "y");
	sandbox_clean();
	return 0;
}
