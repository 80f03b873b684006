/* Opening an overlay's base: a path written inside a file, hence untrusted
 * (DESIGN.md, "Known pitfalls").  Without these checks an overlay could
 * name /etc/shadow or /proc/self/environ (and the loader's messages would
 * quote their top-level keys), a FIFO (the read blocks for ever) or
 * /dev/zero (read up to the size limit).
 *
 * Rules, in order, each decided before a byte is read:
 * 1. The path is resolved (realpath(): symlinks, "." and "..") and must lie
 *    inside the confinement folder, itself resolved.  A path that does not
 *    resolve (no such file) is judged by its spelling, made absolute and
 *    normalised, so that the answer "no such file" is only ever given for
 *    paths inside the folder: the loader tells nothing about the files
 *    outside it, not even whether they exist.
 * 2. The resolved path must name a regular file (stat()): FIFOs, devices,
 *    sockets and folders are refused without being opened.
 * 3. It is opened with O_NONBLOCK (an open that would block — a FIFO put
 *    there since step 2 — returns at once) and O_NOFOLLOW, and fstat() must
 *    find the same regular file as step 2; only then is it read. */
#define _XOPEN_SOURCE 700 /* realpath(); -std=c11 hides it */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "io/overlay.h"

/* 1 when the absolute, normalised `path` is `root` or lies below it. */
static int is_inside(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return path[0] == '/';
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* `path` made absolute (against the current directory) with "." and ".."
 * components and repeated '/' removed, without looking at the file system:
 * a new string, NULL when memory is short or the current directory is
 * unknown. */
static char *lexical_absolute(const char *path)
{
    char *joined = NULL;
    if (path[0] == '/') {
        joined = core__strdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        joined = cwd ? core__asprintf("%s/%s", cwd, path) : NULL;
        free(cwd);
    }
    if (!joined)
        return NULL;
    /* Components are copied down over the string itself: the result is
     * never longer than the input. */
    size_t out = 0;
    const char *p = joined;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (out > 0 && joined[out - 1] != '/')
                out--;
            if (out > 0)
                out--; /* the '/' before the dropped component */
        } else {
            joined[out++] = '/';
            memmove(joined + out, p, n);
            out += n;
        }
        p += n;
    }
    if (out == 0)
        joined[out++] = '/';
    joined[out] = '\0';
    return joined;
}

static io_confine_status file_kind(mode_t mode)
{
    return S_ISREG(mode)                    ? IO_CONFINE_OK
           : S_ISDIR(mode)                  ? IO_CONFINE_FOLDER
           : S_ISFIFO(mode)                 ? IO_CONFINE_FIFO
           : S_ISCHR(mode) || S_ISBLK(mode) ? IO_CONFINE_DEVICE
                                            : IO_CONFINE_SPECIAL;
}

/* The reading of a path that realpath() could not resolve (errno `err`):
 * IO_CONFINE_OUTSIDE when its spelling leaves the folder (real_root, or
 * `root` as given), else IO_CONFINE_ERRNO with err. */
static io_confine_status unresolved(const char *path, const char *root, const char *real_root,
                                    int err, io_confined *out)
{
    char *lex_path = lexical_absolute(path), *lex_root = lexical_absolute(root);
    io_confine_status st = IO_CONFINE_NOMEM;
    if (lex_path && lex_root) {
        int inside = is_inside(lex_path, real_root) || is_inside(lex_path, lex_root);
        st = inside ? IO_CONFINE_ERRNO : IO_CONFINE_OUTSIDE;
        out->err = err;
    }
    free(lex_path);
    free(lex_root);
    return st;
}

io_confine_status io__confined_open(const char *path, const char *root, io_confined *out)
{
    io_confine_status st;
    char *real_root = NULL, *real = NULL;
    struct stat before, after;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (!(real_root = realpath(root, NULL))) {
        out->err = errno;
        st = out->err == ENOMEM ? IO_CONFINE_NOMEM : IO_CONFINE_ROOT;
        goto done;
    }
    if (!(real = realpath(path, NULL))) {
        st = errno == ENOMEM ? IO_CONFINE_NOMEM : unresolved(path, root, real_root, errno, out);
        goto done;
    }
    if (!is_inside(real, real_root)) {
        st = IO_CONFINE_OUTSIDE;
        goto done;
    }
    if (stat(real, &before) != 0) {
        out->err = errno;
        st = IO_CONFINE_ERRNO;
        goto done;
    }
    if ((st = file_kind(before.st_mode)) != IO_CONFINE_OK)
        goto done;
    out->fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (out->fd < 0) {
        out->err = errno;
        st = IO_CONFINE_ERRNO;
        goto done;
    }
    if (fstat(out->fd, &after) != 0) {
        out->err = errno;
        st = IO_CONFINE_ERRNO;
        goto done;
    }
    if ((st = file_kind(after.st_mode)) != IO_CONFINE_OK)
        goto done;
    if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
        /* Replaced between the check and the open. */
        out->err = EAGAIN;
        st = IO_CONFINE_ERRNO;
        goto done;
    }
    out->dev = (unsigned long long)after.st_dev;
    out->ino = (unsigned long long)after.st_ino;
done:
    if (st != IO_CONFINE_OK && out->fd >= 0) {
        close(out->fd);
        out->fd = -1;
    }
    free(real);
    free(real_root);
    return st;
}
