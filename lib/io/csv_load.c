/* terroir_model_load_csv_dir(): read the tables of a spreadsheet folder
 * and hand them to csv_model.c.  A missing optional table is an empty one;
 * any other failure to read a file is TERROIR_EIO. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <terroir/io.h>

#include "core/core.h"
#include "io/csv_model.h"
#include "io/load_options.h"

int terroir_model_load_csv_dir(terroir_model **out, const char *dir,
                               const terroir_load_options *opts, terroir_diagnostics **diags)
{
    terroir_load_options o;
    char *paths[IO_CSV_N_TABLES] = {NULL};
    char *data[IO_CSV_N_TABLES] = {NULL};
    size_t len[IO_CSV_N_TABLES] = {0};
    struct stat st;
    int rc = 0;
    core__error_reset();
    if (diags)
        *diags = NULL;
    if (!out || !dir)
        return core__error(TERROIR_EINVAL, "terroir_model_load_csv_dir: %s is NULL",
                           out ? "dir" : "out");
    if ((rc = io__load_options_resolve(opts, &o)) != 0)
        return rc;
    if (stat(dir, &st) != 0)
        return core__error_at(TERROIR_EIO, dir, 0, 0, NULL, "cannot read the folder: %s",
                              strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return core__error_at(TERROIR_EIO, dir, 0, 0, NULL,
                              "not a folder: give the folder that holds products.csv");
    for (int ti = 0; ti < IO_CSV_N_TABLES; ti++) {
        size_t n = strlen(dir);
        int slash = n > 0 && dir[n - 1] == '/';
        if (!(paths[ti] =
                  core__asprintf("%s%s%s", dir, slash ? "" : "/", io__csv_file_names[ti]))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", dir);
            goto done;
        }
        /* Optional tables may be absent; products.csv may not. */
        if (ti != IO_CSV_PRODUCTS && stat(paths[ti], &st) != 0 && errno == ENOENT)
            continue;
        if ((rc = io__read_input(paths[ti], o.max_bytes, &data[ti], &len[ti], diags)) != 0)
            goto done;
    }
    rc = io__csv_load_tables(out, (const char *const *)paths, (const char *const *)data, len, &o,
                             diags);
done:
    for (int ti = 0; ti < IO_CSV_N_TABLES; ti++) {
        free(paths[ti]);
        free(data[ti]);
    }
    return rc;
}
