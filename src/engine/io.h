/* io.h — text files: reading lines within a length limit (the engine's and the language's
 * readers share it), and writing numbers that read back exactly (every writer uses it). */
#ifndef DL_IO_H
#define DL_IO_H
#include <stddef.h>
#include <stdio.h>

/* Read one line of f (with its newline) into *buf, growing it as getline does, but never past
 * max bytes: /dev/zero or a file without newlines cannot take all memory.  Returns the length,
 * -1 at the end of the file or on a read error (ferror tells), -2 when the line is longer
 * than max (the rest of that line is left unread).  A read that a signal interrupts (EINTR) is
 * retried: the caller looks at its own interrupt between lines. */
long io_getline(char **buf, size_t *cap, FILE *f, size_t max);

#define IO_NUMLEN 32 /* room for any double io_num writes: "-2.2250738585072014e-308" */

/* v as the shortest decimal that strtod reads back to the same bits (0.9, not
 * 0.90000000000000002; -0 keeps its sign; 5e-324), in %g's style: plain digits for decimal
 * exponents -4 to 15 (100, 0.0001), else an exponent (1e+16, 1e-05).  Always a '.' for the
 * decimal point, whatever the locale.  nan and ±inf are written as printf writes them ("nan",
 * "-nan", "inf", "-inf"; a reader that must refuse them does).  Returns buf, which has IO_NUMLEN bytes. */
char *io_num(double v, char buf[IO_NUMLEN]);

#endif
