/* sandbox.h — forced into every engine source of the fuzz builds (clang -include): the files
 * the interpreter opens, creates, renames or removes are redirected into the harness's
 * scratch directory, so that a fuzzed 'save /etc/x' or 'source ../../y' touches nothing
 * outside it.  Only the fuzz builds see this; dl itself is unchanged. */
#ifndef DL_FUZZ_SANDBOX_H
#define DL_FUZZ_SANDBOX_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The scratch directory (created on first use; absolute, no trailing '/'). */
const char *sandbox_dir(void);
/* Remove every file in it (between inputs). */
void sandbox_clean(void);
/* An absolute path for a harness file inside it. */
const char *sandbox_path(const char *name, char *buf, size_t n);

FILE *sandbox_fopen(const char *path, const char *mode);
DIR *sandbox_opendir(const char *path);
int sandbox_mkstemp(char *tmpl);
int sandbox_rename(const char *from, const char *to);
int sandbox_unlink(const char *path);
int sandbox_stat(const char *path, struct stat *st);

#ifndef SANDBOX_IMPL
#define fopen sandbox_fopen
#define opendir sandbox_opendir
#define mkstemp sandbox_mkstemp
#define rename sandbox_rename
#define unlink sandbox_unlink
#define stat(p, st) sandbox_stat(p, st)
#endif
#endif
