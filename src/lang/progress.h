/* progress.h — the learner's progress through the lessons' exercises (progress.c). */
#ifndef DL_PROGRESS_H
#define DL_PROGRESS_H
#include <stddef.h>

#define PROG_MAXEX 64      /* exercises in one lesson */

enum { PROG_NONE = 0, PROG_SOLVED, PROG_HELPED, PROG_SKIPPED };

/* Where the file is: $XDG_STATE_HOME/dl/progress, else ~/.local/state/dl/progress; -1: no home. */
int prog_path(char *buf, size_t n);
/* state[1..PROG_MAXEX] (PROG_*) of the lesson named key; returns how many are recorded. */
int prog_load(const char *key, unsigned char *state);
/* Replace key's lines with state[1..PROG_MAXEX], atomically; 0 or an errno value. */
int prog_save(const char *key, const unsigned char *state);
/* How many exercises the lesson file has (its 'end' lines). */
int prog_count(const char *lesson_path);

#endif
