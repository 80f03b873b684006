/* Overlays (datasets/SCHEMA.md, "Overlays"): a model document with a
 * top-level `base` key names a base model file and changes it (open a hub,
 * remove a truck, scale demand...).  The loader (yaml_load.c) reads such a
 * document through io__overlay_read(): overlay_base.c finds and loads the
 * base (which may itself be an overlay), overlay_apply.c builds the
 * resulting model from the base model and the changes.
 *
 * Everything that loads models through terroir_model_load_yaml_file() or
 * _buffer() thus accepts overlays: the result is an ordinary validated
 * model. */
#ifndef TERROIR_IO_OVERLAY_H
#define TERROIR_IO_OVERLAY_H

#include <terroir/io.h>

#include "io/yaml_read_internal.h"

/* At most this many overlays in a chain (an overlay, its base, the base's
 * base...): deeper chains are refused, not followed. */
#define IO_OVERLAY_MAX_DEPTH 8

/* The documents being loaded, from the one being read up to the one the
 * caller gave: for cycle detection and messages. */
typedef struct io_ychain io_ychain;
struct io_ychain {
    const io_ychain *parent; /* the overlay that named this document as its base */
    const char *file;        /* the document's name in messages */
    const char *dir;         /* folder of its relative bases; "" = current directory */
    int has_identity;        /* 1 when dev/ino identify a file (not a buffer) */
    unsigned long long dev, ino;
    unsigned int depth; /* 0 for the caller's document */
};

/* The folder part of `path` without its last '/' ("" when there is none;
 * "/" for a file at the root): a new string, NULL when memory is short. */
char *io__path_dir(const char *path);

/* The device and inode of the file at `path` (stat()): 0, or -1 with errno
 * set. */
int io__file_identity(const char *path, unsigned long long *dev, unsigned long long *ino);

/* The loader proper (yaml_load.c): parse `len` bytes named chain->file and
 * read them as a model or an overlay, then validate.  The contract of
 * terroir_model_load_yaml_buffer(), with resolved options. */
int io__yaml_load(terroir_model **out, const char *data, size_t len, const io_ychain *chain,
                  const terroir_load_options *opts, terroir_diagnostics **diags_out);

/* Read the overlay document `root` into r->model (overlay_base.c): its
 * top-level keys, its base (loaded through io__yaml_load(); when the base
 * fails, its problems go to r->inherited and one problem at `base` says
 * so), then the changes (io__overlay_apply()).  Validation is left to the
 * caller, as for a model document. */
void io__overlay_read(io_yreader *r, const io_ynode *root, const io_ychain *chain,
                      const terroir_load_options *opts);

/* Build r->model from the validated model `base` and the changes of the
 * overlay document `root` (overlay_apply.c).  Problems are recorded in r,
 * at the overlay's nodes. */
void io__overlay_apply(io_yreader *r, const io_ynode *root, const terroir_model *base);

#endif
