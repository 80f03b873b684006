/* Reading a caller's terroir_load_options of any known version. */
#ifndef TERROIR_IO_LOAD_OPTIONS_H
#define TERROIR_IO_LOAD_OPTIONS_H

#include <terroir/io.h>

/* The options to use: the caller's `opts` (NULL: the defaults), with the
 * fields of later versions than the caller's at their defaults.  0, or
 * TERROIR_EINVAL (last error set) for an unknown version. */
int io__load_options_resolve(const terroir_load_options *opts, terroir_load_options *out);

/* Read the input file `path` (at most max_bytes) into *data (NUL-terminated,
 * free()) and *len.  On failure the last error says why and, when diags is
 * not NULL, *diags gets a list holding that same problem (not on ENOMEM),
 * as the loaders promise. */
int io__read_input(const char *path, size_t max_bytes, char **data, size_t *len,
                   terroir_diagnostics **diags);

#endif
