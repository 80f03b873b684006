/* Checking, before a long solve, that the files and folders the command
 * will write can be written: a typo in -o or --report is reported at once,
 * not after minutes of search, and nothing has been computed for nothing.
 *
 * The library writes every file through a temporary in the same folder,
 * renamed over the target (so a failed write keeps an earlier file): what
 * must be writable is therefore the folder.  The check creates and removes
 * such a temporary, the one test that answers for permissions, read-only
 * mounts, quotas on new files and missing folders alike.  A target that
 * exists and is not a regular file (/dev/null, a FIFO) is written in
 * place: it is opened for writing instead. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The folder of `path` ("." when it has none) into buf. */
static const char *folder_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= size)
        n = size - 1;
    memcpy(buf, path, n);
    buf[n] = '\0';
    return buf;
}

/* 0 when a new file can be created in folder `dir`, else errno. */
static int probe_folder(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return errno;
    if (!S_ISDIR(st.st_mode))
        return ENOTDIR;
    char name[4200];
    snprintf(name, sizeof name, "%s/.terroir-write-check-%ld", dir, (long)getpid());
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return errno;
    close(fd);
    unlink(name);
    return 0;
}

int cli_check_output(const char *path, int is_folder)
{
    struct stat st;
    char buf[4096];
    int err = 0;
    if (!path || strcmp(path, "-") == 0)
        return CLI_EXIT_OK;
    if (stat(path, &st) == 0) {
        if (is_folder)
            err = S_ISDIR(st.st_mode) ? probe_folder(path) : ENOTDIR;
        else if (S_ISDIR(st.st_mode))
            err = EISDIR;
        else if (!S_ISREG(st.st_mode))
            err = access(path, W_OK) == 0 ? 0 : errno;
        else
            err = probe_folder(folder_of(path, buf, sizeof buf));
    } else {
        /* a new file, or a folder the library creates: its parent must
         * take it */
        err = probe_folder(folder_of(path, buf, sizeof buf));
    }
    if (err == 0)
        return CLI_EXIT_OK;
    cli_errorf("cannot write '%s': %s (checked before solving)", path, strerror(err));
    return CLI_EXIT_INTERNAL;
}
