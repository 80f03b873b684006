/* Internal interface between the importer front end (import.c: format names,
 * options, reading files, dispatch) and one parser per benchmark format
 * (import_vrplib.c, import_solomon.c, import_orlib_cap.c,
 * import_cordeau.c, import_clrp.c). */
#ifndef TERROIR_IO_IMPORT_H
#define TERROIR_IO_IMPORT_H

#include <terroir/io.h>

#include "io/tokens.h"

/* Each parser reads `len` bytes at `data` (not NUL-terminated; may be NULL
 * when len is 0); `file` names the input in messages (never NULL); `opts` is
 * never NULL.  On success *out receives a validated model; on failure *out
 * is untouched, nothing leaks and the last error is set (TERROIR_EINPUT with
 * file:line:column, or TERROIR_ENOMEM). */
int io__import_vrplib(terroir_model **out, const char *data, size_t len, const char *file,
                      const terroir_import_options *opts);
int io__import_solomon(terroir_model **out, const char *data, size_t len, const char *file,
                       const terroir_import_options *opts);
int io__import_orlib_cap(terroir_model **out, const char *data, size_t len, const char *file,
                         const terroir_import_options *opts);
int io__import_cordeau(terroir_model **out, const char *data, size_t len, const char *file,
                       const terroir_import_options *opts);
int io__import_clrp(terroir_model **out, const char *data, size_t len, const char *file,
                    const terroir_import_options *opts);

/* After a failed builder call (which set its own last error), report the
 * failure at `tok` as TERROIR_EINPUT with the builder's message and field;
 * TERROIR_ENOMEM is passed through unchanged.  Returns the code to return. */
int io__import_builder_error(int rc, const io_lexer *lx, const io_token *tok);

/* The instance name implied by a file name: its base name without
 * directories and without the last extension ("data/cap41.txt" -> "cap41").
 * "" for a placeholder such as "<buffer>".  A new string (free with free()),
 * or NULL when memory is short. */
char *io__import_base_name(const char *file);

/* 1 when the token is valid UTF-8 and may serve as a model name. */
int io__import_name_ok(const io_token *tok);

/* Record `file` as the model's source, validate the model, and on success
 * hand it to *out.  On failure the model is freed and the last error is the
 * first validation problem (or TERROIR_ENOMEM). */
int io__import_finish(terroir_model **out, terroir_model *m, const char *file);

/* Fills a new model from a parsed instance (`parsed`, the importer's own
 * type) under the model name `name`.  0 or an error code. */
typedef int (*io_import_build_fn)(const void *parsed, const char *name, terroir_model *m);

/* The steps every importer shares once its file is parsed: the model name
 * from the file name (io__import_base_name), a new model, `build`, then
 * io__import_finish.  Nothing leaks on failure. */
int io__import_build(terroir_model **out, const char *file, io_import_build_fn build,
                     const void *parsed);

#endif
