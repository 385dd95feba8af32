/* model.h — the saved model's format: a dl script that rebuilds the network and its settings,
 * and, from version 2 on, the training state in '#=' lines (comments to 'source', read by
 * 'load'): the iteration counter, the generator, the optimizer's step count and buffers, the
 * mini-batch position, the loss history and the inputs' normalization transform.  (Internal to the language.) */
#ifndef DL_MODEL_H
#define DL_MODEL_H
#include "session.h"
#include <stdio.h>

#define MODEL_VERSION 2
#define MODEL_HEAD "# dl model 2"
#define MODEL_HEAD_V1 "# dl model 1"
#define MODEL_TAIL "# end of dl model"

/* The version a model's first line names (1, 2), or 0 when it is not a model's first line. */
int model_version(const char *line);

/* Write s as a model of the current version; -1 on a write error. */
int model_write(FILE *f, const session *s);

/* What a model carries beyond the scratch session it is loaded into: the inputs' transform,
 * which belongs to the data (D 0: the model has none). */
typedef struct model_extra {
	int D;
	double *mu, *sd; /* (D,); owned */
} model_extra;

void model_extra_free(model_extra *x);

/* Bring ds's training and test inputs under x's transform (as 'normalize' left the model's),
 * taking x's arrays: 1 when done (or they already were), 0 when x has no transform, -1 when ds
 * has no training inputs of its width (ds and x untouched). */
int model_take_transform(dataset *ds, model_extra *x);

/* Read the training state lines of f (a version-2 model, rewound) into tmp, whose network and
 * settings the file's script has built: tmp's iteration counter, generator (and seed),
 * optimizer step count and buffers, batch order (in tmp->tr), loss history, and the
 * transform into *x.  0, or -1 with "line N: …" in err when a line is damaged, out of range, of the wrong shape,
 * or missing (tmp half-filled then: the caller throws it away). */
int model_read_state(session *tmp, FILE *f, model_extra *x, char *err, size_t errn);

#endif
