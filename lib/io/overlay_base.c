/* Reading an overlay document: its top-level keys and its base — where the
 * base file is (relative to the overlay's folder, or to the buffer's base
 * folder), confined to the folder that overlays may read (confine.c: a
 * path from a file is untrusted), refusing chains of overlays deeper than
 * IO_OVERLAY_MAX_DEPTH
 * and chains that come back to a file being loaded (compared by device and
 * inode, so that two spellings of one path are the same file), then the
 * base itself through the loader, which may recurse into the base's own
 * base.  The changes are applied by overlay_apply.c.
 *
 * A base that fails to load is reported twice over: its own problems, with
 * its file name, go to r->inherited (listed first by the loader), and one
 * problem at the overlay's `base` key says that the base is at fault — so
 * that a problem three files down a chain still shows which overlay led
 * there. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "io/overlay.h"
#include "io/yaml_read_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const OVERLAY_KEYS[] = {"terroir", "base", "name", "changes"};

char *io__path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return core__strdup("");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    return core__strndup(path, n);
}

int io__file_identity(const char *path, unsigned long long *dev, unsigned long long *ino)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    *dev = (unsigned long long)st.st_dev;
    *ino = (unsigned long long)st.st_ino;
    return 0;
}

/* The last path component of `path`, for messages. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* "a.yaml -> b.yaml -> c.yaml": the chain from the caller's document down
 * to `chain`, then `last`. */
static char *chain_text(const io_ychain *chain, const char *last)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    const io_ychain *order[IO_OVERLAY_MAX_DEPTH + 1];
    size_t n = 0;
    for (const io_ychain *c = chain; c && n < COUNT(order); c = c->parent)
        order[n++] = c;
    while (n > 0) {
        core__sb_puts(&sb, order[--n]->file);
        core__sb_puts(&sb, " -> ");
    }
    core__sb_puts(&sb, last);
    return core__sb_take(&sb, NULL);
}

/* "cannot read base 'x' (dir/x): why", the path only when it differs. */
static void cannot_read(io_yreader *r, const io_ynode *v, const char *text, const char *path,
                        const char *why)
{
    if (strcmp(text, path) == 0)
        io__yr_problem(r, v, "cannot read base '%.*s%s': %s", IO_YR_Q(text), why);
    else
        io__yr_problem(r, v, "cannot read base '%.*s%s' (%s): %s", IO_YR_Q(text), path, why);
}

/* Open the base `path` (written `text` at node `v`) inside the folder
 * `root` (confine.c).  1 with file->fd open, or 0 after recording why not:
 * for a path outside the folder the message names the folder, never what
 * the path leads to. */
static int open_confined(io_yreader *r, const io_ynode *v, const char *text, const char *path,
                         const char *root, io_confined *file)
{
    switch (io__confined_open(path, root, file)) {
    case IO_CONFINE_OK:
        return 1;
    case IO_CONFINE_OUTSIDE:
        io__yr_problem(r, v,
                       "base '%.*s%s' is outside the folder that overlays may read (%s); a "
                       "wider folder may be given (terroir --base-dir, "
                       "terroir_load_options.base_root)",
                       IO_YR_Q(text), root);
        return 0;
    case IO_CONFINE_FOLDER:
        io__yr_problem(r, v, "base '%.*s%s' is a folder, not a model file", IO_YR_Q(text));
        return 0;
    case IO_CONFINE_FIFO:
    case IO_CONFINE_DEVICE:
    case IO_CONFINE_SPECIAL:
        io__yr_problem(r, v,
                       "base '%.*s%s' is not a regular file (a FIFO, device or socket): "
                       "overlays read only model files",
                       IO_YR_Q(text));
        return 0;
    case IO_CONFINE_ERRNO:
        cannot_read(r, v, text, path, strerror(file->err));
        return 0;
    case IO_CONFINE_ROOT:
        io__yr_problem(r, v, "cannot resolve the folder that overlays may read (%s): %s", root,
                       strerror(file->err));
        return 0;
    case IO_CONFINE_NOMEM:
    default:
        io__yr_nomem(r);
        return 0;
    }
}

/* Load the base that node `v` names.  Returns the validated base model and
 * the base as written in *text, or NULL after recording why not. */
static terroir_model *load_base(io_yreader *r, const io_ynode *v, const io_ychain *chain,
                                const terroir_load_options *opts, const char **out_text)
{
    const char *text = NULL;
    char *path = NULL, *dir = NULL, *data = NULL, *cycle = NULL;
    size_t len = 0;
    terroir_model *base = NULL;
    terroir_diagnostics *diags = NULL;

    if (!opts->allow_overlays) {
        io__yr_problem(r, v,
                       "overlays are not allowed here: this loader reads no file but its input "
                       "(terroir_load_options.allow_overlays is 0)");
        goto done;
    }
    if (io__yr_string(r, v, &text) != 0)
        goto done;
    if (chain->depth + 1 > IO_OVERLAY_MAX_DEPTH) {
        io__yr_problem(r, v, "too many overlays in a chain: at most %d overlays may stack up",
                       IO_OVERLAY_MAX_DEPTH);
        goto done;
    }
    if (text[0] == '/' || !chain->dir[0])
        path = core__strdup(text);
    else
        path = core__asprintf("%s%s%s", chain->dir,
                              chain->dir[strlen(chain->dir) - 1] == '/' ? "" : "/", text);
    dir = path ? io__path_dir(path) : NULL;
    if (!path || !dir) {
        io__yr_nomem(r);
        goto done;
    }
    io_ychain next = {chain, path, dir, chain->root, 1, 0, 0, chain->depth + 1};
    io_confined file;
    if (!open_confined(r, v, text, path, chain->root, &file))
        goto done;
    next.dev = file.dev;
    next.ino = file.ino;
    for (const io_ychain *c = chain; c; c = c->parent)
        if (c->has_identity && c->dev == next.dev && c->ino == next.ino) {
            close(file.fd);
            cycle = chain_text(chain, path);
            if (!cycle) {
                io__yr_nomem(r);
                goto done;
            }
            io__yr_problem(r, v, "overlay cycle: base '%.*s%s' is already being loaded (%s)",
                           IO_YR_Q(text), cycle);
            goto done;
        }
    int rc = core__read_fd(file.fd, path, opts->max_bytes, &data, &len);
    if (rc == TERROIR_ENOMEM) {
        io__yr_nomem(r);
        goto done;
    }
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        cannot_read(r, v, text, path, e ? e->message : terroir_strerror(rc));
        goto done;
    }
    rc = io__yaml_load(&base, data, len, &next, opts, &diags);
    if (rc == TERROIR_ENOMEM) {
        io__yr_nomem(r);
    } else if (rc != 0) {
        size_t n = terroir_diagnostics_count(diags);
        io__yr_problem(r, v, "base '%.*s%s' is not a valid model: %zu problem%s in %s", IO_YR_Q(text),
                       n, n == 1 ? "" : "s", path);
        r->inherited = diags;
        diags = NULL;
    }
    *out_text = text;
done:
    terroir_diagnostics_free(diags);
    free(cycle);
    free(data);
    free(dir);
    free(path);
    return base;
}

void io__overlay_read(io_yreader *r, const io_ynode *root, const io_ychain *chain,
                      const terroir_load_options *opts)
{
    r->overlay = 1;
    if (io__yr_check_top(r, root) != 0)
        return;
    io__yr_check_keys(r, root, "an overlay", OVERLAY_KEYS, COUNT(OVERLAY_KEYS));
    const io_ynode *v = io__yr_get(root, "base");
    size_t mark = io__yr_path_key(r, "base");
    const char *text = NULL;
    terroir_model *base = load_base(r, v, chain, opts, &text);
    io__yr_path_restore(r, mark);
    if (!base)
        return;
    r->base_label = base_name(text);
    io__overlay_apply(r, root, base);
    r->base_label = NULL;
    terroir_model_free(base);
}
