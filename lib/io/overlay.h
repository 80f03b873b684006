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
    const char *root;        /* the folder every base must lie in (confine.c), as given */
    int has_identity;        /* 1 when dev/ino identify a file (not a buffer) */
    unsigned long long dev, ino;
    unsigned int depth; /* 0 for the caller's document */
};

/* The folder part of `path` without its last '/' ("" when there is none;
 * "/" for a file at the root): a new string, NULL when memory is short. */
char *io__path_dir(const char *path);

/* Opening a base inside the confinement folder (confine.c, which says
 * why and how). */
typedef enum io_confine_status {
    IO_CONFINE_OK = 0,
    IO_CONFINE_OUTSIDE, /* the path resolves outside the folder */
    IO_CONFINE_FOLDER,  /* not a regular file: a folder */
    IO_CONFINE_FIFO,    /* ... a FIFO */
    IO_CONFINE_DEVICE,  /* ... a device */
    IO_CONFINE_SPECIAL, /* ... a socket or another special file */
    IO_CONFINE_ERRNO,   /* inside the folder, but cannot be opened: err says why */
    IO_CONFINE_ROOT,    /* the folder itself cannot be resolved: err says why */
    IO_CONFINE_NOMEM
} io_confine_status;

typedef struct io_confined {
    int fd;                      /* open for reading when IO_CONFINE_OK, else -1 */
    unsigned long long dev, ino; /* the file's identity when IO_CONFINE_OK */
    int err;                     /* errno for IO_CONFINE_ERRNO and IO_CONFINE_ROOT */
} io_confined;

/* Open the regular file `path` for reading when it lies inside the folder
 * `root` once both are resolved; nothing is read, and nothing that is not
 * a regular file inside the folder is opened.  The caller closes out->fd
 * (core__read_fd() does). */
io_confine_status io__confined_open(const char *path, const char *root, io_confined *out);

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
