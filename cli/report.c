/* Error reporting of the terroir command: compiler-like messages
 * ("FILE:LINE:COL: error: MESSAGE [field]") that editors and CI logs can
 * jump to, short usage reminders, and the mapping from library error codes
 * to the command's exit codes (0 ok, 1 bad input or usage, 2 internal). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_exit_code(int code, int writing)
{
    switch (code) {
    case TERROIR_OK:
        return CLI_EXIT_OK;
    case TERROIR_EINVAL:
    case TERROIR_EINPUT:
    case TERROIR_ENOTFOUND:
    case TERROIR_ESOLVER:
    case TERROIR_ECANCELED:
        return CLI_EXIT_INPUT;
    case TERROIR_EIO:
        /* A file the user named could not be read: their input is wrong.  Our
         * own output could not be written: the run failed. */
        return writing ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    case TERROIR_ENOMEM:
    case TERROIR_EINTERNAL:
    default:
        return CLI_EXIT_INTERNAL;
    }
}

void cli_print_problem(FILE *out, const terroir_error *err, const char *fallback_file)
{
    const char *file = err->file ? err->file : fallback_file;
    const char *message = err->message ? err->message : TR(terroir_strerror(err->code));
    const char *error = TR("error");
    if (!file)
        fprintf(out, "terroir: %s: %s", error, message);
    else if (err->line == 0)
        fprintf(out, "%s: %s: %s", file, error, message);
    else if (err->column == 0)
        fprintf(out, "%s:%lu: %s: %s", file, err->line, error, message);
    else
        fprintf(out, "%s:%lu:%lu: %s: %s", file, err->line, err->column, error, message);
    if (err->field && err->field[0])
        fprintf(out, " [%s]", err->field);
    fputc('\n', out);
}

int cli_report_error(int code, const char *fallback_file, int writing)
{
    const terroir_error *err = terroir_error_last();
    if (err) {
        cli_print_problem(stderr, err, fallback_file);
    } else {
        terroir_error bare = {code, TR(terroir_strerror(code)), NULL, 0, 0, NULL};
        cli_print_problem(stderr, &bare, fallback_file);
    }
    return cli_exit_code(code, writing);
}

void cli_print_plan_warnings(const terroir_plan *plan, const char *file)
{
    const terroir_diagnostics *w = terroir_plan_warnings(plan);
    for (size_t i = 0; i < terroir_diagnostics_count(w); i++)
        fprintf(stderr, "%s: %s: %s\n", file ? file : "terroir", TR("warning"),
                terroir_diagnostics_get(w, i)->message);
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "terroir: %s: ", TR("error"));
    vfprintf(stderr, TR(fmt), ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "terroir: %s: ", TR("error"));
    vfprintf(stderr, TR(fmt), ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, TR("usage: %s\n"), usage);
    if (cmd)
        fprintf(stderr, TR("Try 'terroir %s --help' for more information.\n"), cmd);
    else
        fputs(TR("Try 'terroir --help' for more information.\n"), stderr);
    return CLI_EXIT_INPUT;
}

int cli_finish_stdout(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        if (e)
            cli_errorf("cannot write standard output: %s", strerror(e));
        else
            cli_errorf("cannot write standard output");
        return CLI_EXIT_INTERNAL;
    }
    return status;
}
