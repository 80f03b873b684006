/* Writing output files so that a failure never destroys what was there:
 * the text goes to a new file next to the target (same directory, hence
 * same file system), is flushed to the disk, and only then renamed over the
 * target, which POSIX makes atomic.  A full disk, a quota, a write error or
 * a crash leave the previous file whole and no temporary behind (it is
 * removed on every failure the process sees).
 *
 * The temporary is created with O_EXCL and mode 0666, so the umask applies
 * as it would to the file itself; when the target exists, its permission
 * bits are copied.  A symbolic link is followed (its target is replaced,
 * not the link).  Targets that are not regular files (a character device
 * such as /dev/null or /dev/stdout, a FIFO) cannot be replaced by rename:
 * they are written in place. */
/* realpath() is an X/Open function. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/core.h"

/* Distinct names for temporaries made by the threads of one process. */
static _Thread_local unsigned long temp_counter;

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len > (size_t)1 << 30 ? (size_t)1 << 30 : len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Write to an existing non-regular file (device, FIFO) in place. */
static int write_in_place(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot open for writing: %s",
                              strerror(errno));
    int failed = write_all(fd, data, len) != 0;
    int err = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    return failed ? core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(err))
                  : 0;
}

/* Create a new temporary file next to `target`; its name goes to *name
 * (caller frees).  Returns the descriptor, or -1 with errno set. */
static int open_temp(const char *target, char **name)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned long k = ++temp_counter;
        *name = core__asprintf("%s.tmp-%ld-%lu-%lx", target, (long)getpid(), k,
                               (unsigned long)((uintptr_t)&temp_counter >> 4));
        if (!*name) {
            errno = ENOMEM;
            return -1;
        }
        int fd = open(*name, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0)
            return fd;
        int err = errno;
        free(*name);
        *name = NULL;
        if (err != EEXIST) {
            errno = err;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

int core__write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    char *resolved = NULL, *temp = NULL;
    const char *target = path;
    int have = 0, rc = 0;
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            /* Replace what the link points to; a dangling link is written
             * through (open follows it and creates the target). */
            if ((resolved = realpath(path, NULL)) != NULL)
                target = resolved;
            else
                return write_in_place(path, data, len);
            if (stat(target, &st) == 0)
                have = 1;
        } else {
            have = 1;
        }
        if (have && S_ISDIR(st.st_mode)) {
            rc = core__error_at(TERROIR_EIO, path, 0, 0, NULL, "is a directory");
            goto done;
        }
        if (have && !S_ISREG(st.st_mode)) {
            rc = write_in_place(target, data, len);
            goto done;
        }
    }
    int fd = open_temp(target, &temp);
    if (fd < 0) {
        /* ENOMEM: the temporary's name could not be allocated (or the
         * kernel is out of memory): the caller's out-of-memory path. */
        rc = errno == ENOMEM
                 ? core__error(TERROIR_ENOMEM, "out of memory writing '%s'", path)
                 : core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot open for writing: %s",
                                  strerror(errno));
        goto done;
    }
    int failed = write_all(fd, data, len) != 0;
    int err = errno;
    if (!failed && have)
        (void)fchmod(fd, st.st_mode & 07777);
    if (!failed && fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        failed = 1;
        err = errno;
    }
    if (close(fd) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (!failed && rename(temp, target) != 0) {
        failed = 1;
        err = errno;
    }
    if (failed) {
        unlink(temp);
        rc = core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(err));
    }
done:
    free(temp);
    free(resolved);
    return rc;
}

int core__make_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0)
        return 0;
    int err = errno;
    if (err == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    return core__error_at(TERROIR_EIO, dir, 0, 0, NULL,
                          err == EEXIST ? "exists and is not a directory"
                                        : "cannot create the directory: %s",
                          strerror(err));
}
