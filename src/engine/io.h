/* io.h — reading text files line by line within a length limit (the engine's and the
 * language's readers share it). */
#ifndef DL_IO_H
#define DL_IO_H
#include <stddef.h>
#include <stdio.h>

/* Read one line of f (with its newline) into *buf, growing it as getline does, but never past
 * max bytes: /dev/zero or a file without newlines cannot take all memory.  Returns the length,
 * -1 at the end of the file or on a read error (ferror tells), -2 when the line is longer
 * than max (the rest of that line is left unread). */
long io_getline(char **buf, size_t *cap, FILE *f, size_t max);

#endif
