/* Loading a model for the terroir command — a YAML file, or a folder of
 * spreadsheet tables (datasets/SCHEMA.md, "Spreadsheet folders") — with
 * every problem the loader found printed as FILE:LINE:COL: error: MESSAGE
 * [field] — not just the first — so that a planner fixes a file in one
 * pass.  Overlays may read their bases inside the current directory, or
 * the folder of --base-dir (global.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* A copy of the last error, taken before other library calls replace it. */
typedef struct saved_error {
    terroir_error err;
    char *message;
    char *file;
    char *field;
} saved_error;

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Copy the last error (or a bare one for `code`).  A string that cannot be
 * copied is dropped, never the whole report. */
static void save_last_error(saved_error *s, int code)
{
    const terroir_error *e = terroir_error_last();
    memset(s, 0, sizeof *s);
    s->err.code = code;
    if (!e)
        return;
    s->err.code = e->code;
    s->message = dup_or_null(e->message);
    s->file = dup_or_null(e->file);
    s->field = dup_or_null(e->field);
    s->err.line = e->line;
    s->err.column = e->column;
}

static void free_saved_error(saved_error *s)
{
    free(s->message);
    free(s->file);
    free(s->field);
}

int cli_load_model(terroir_model **out, const char *path, const char *data, size_t len,
                   const char *name)
{
    terroir_model *model = NULL;
    terroir_diagnostics *diags = NULL;
    terroir_load_options opts = TERROIR_LOAD_OPTIONS_INIT;
    opts.language = cli_language;
    /* Overlays read bases under the current directory (or --base-dir),
     * whatever folder the overlay itself is in; the directory is named in
     * full in messages. */
    char *cwd = cli_base_dir ? NULL : getcwd(NULL, 0);
    opts.base_root = cli_base_dir ? cli_base_dir : cwd ? cwd : ".";
    saved_error saved;
    const char *shown = path ? path : name;
    struct stat st;
    int rc;
    if (path && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        rc = terroir_model_load_csv_dir(&model, path, &opts, &diags);
    else if (path)
        rc = terroir_model_load_yaml_file(&model, path, &opts, &diags);
    else
        rc = terroir_model_load_yaml_buffer(&model, data, len, name, &opts, &diags);
    free(cwd);
    if (rc == 0) {
        terroir_diagnostics_free(diags);
        *out = model;
        return CLI_EXIT_OK;
    }
    save_last_error(&saved, rc);
    size_t n = terroir_diagnostics_count(diags);
    if (n == 0) {
        /* Failures before parsing (unreadable file, out of memory) come with
         * the last error only. */
        saved.err.message = saved.message ? saved.message : TR(terroir_strerror(rc));
        saved.err.file = saved.file;
        saved.err.field = saved.field;
        cli_print_problem(stderr, &saved.err, shown);
    }
    for (size_t i = 0; i < n; i++) {
        const terroir_error *e = terroir_diagnostics_get(diags, i);
        if (e)
            cli_print_problem(stderr, e, shown);
    }
    if (n >= opts.max_problems)
        fprintf(stderr, TR("%s: note: stopped after %zu problems\n"), shown, n);
    free_saved_error(&saved);
    terroir_diagnostics_free(diags);
    terroir_model_free(model);
    return cli_exit_code(rc, 0);
}
