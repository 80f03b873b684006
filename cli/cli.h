/* Helpers shared by the subcommands of the `terroir` command: exit codes,
 * error reporting in the compiler-like FILE:LINE:COL format, a small option
 * parser, aligned plain-text tables, model loading with every problem
 * reported, and the embedded default dataset.
 *
 * The command uses only the public API of libterroir, like any user of the
 * library would.  Everything the command prints goes through these helpers
 * so that the formats stay the same across subcommands. */
#ifndef TERROIR_CLI_H
#define TERROIR_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <terroir/terroir.h>

#if defined(__GNUC__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* Exit codes of the command. */
enum {
    CLI_EXIT_OK = 0,          /* success */
    CLI_EXIT_INPUT = 1,       /* bad input or bad usage */
    CLI_EXIT_INTERNAL = 2,    /* out of memory, bug, or output that could not be written */
    CLI_EXIT_INTERRUPTED = 130 /* stopped by Ctrl-C (128 + SIGINT); outputs written */
};

/* ---- subcommands (one file each) */

/* Each subcommand gets the arguments that follow the command name: argv[0]
 * is the subcommand's own name.  It returns an exit code, and prints its
 * result on stdout and its problems on stderr.  The _help functions print
 * the subcommand's full help text. */
int cli_cmd_validate(int argc, char **argv);
void cli_help_validate(FILE *out);
int cli_cmd_info(int argc, char **argv);
void cli_help_info(FILE *out);
int cli_cmd_import(int argc, char **argv);
void cli_help_import(FILE *out);
int cli_cmd_solve(int argc, char **argv);
void cli_help_solve(FILE *out);
int cli_cmd_route(int argc, char **argv);
void cli_help_route(FILE *out);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
void cli_help_export(FILE *out);
void cli_help_compare(FILE *out);
int cli_cmd_share(int argc, char **argv);
void cli_help_share(FILE *out);

/* ---- the summary of a solve (solve_summary.c) */

/* Print the summary of `plan` (made from `model`) on stdout in
 * cli_language; with the comparison to producers driving alone when
 * `baseline` is not NULL. */
void cli_print_solve_summary(const terroir_model *model, const terroir_plan *plan,
                             const terroir_baseline *baseline);

/* ---- outputs checked before a solve (output.c) */

/* CLI_EXIT_OK when `path` (NULL or "-": nothing to check) can be written:
 * a file (is_folder 0) or a folder of files (1), new or existing;
 * otherwise prints why and returns CLI_EXIT_INTERNAL. */
int cli_check_output(const char *path, int is_folder);

/* ---- Ctrl-C during a solve (interrupt.c) */

/* Catch SIGINT until cli_interrupt_end(); cli_interrupted() tells whether
 * it came (the progress callbacks return it). */
void cli_interrupt_begin(void);
void cli_interrupt_end(void);
int cli_interrupted(void);

/* ---- errors (report.c) */

/* The exit code for a library error code: CLI_EXIT_INTERNAL for
 * TERROIR_ENOMEM, TERROIR_EINTERNAL, unknown codes, and TERROIR_EIO when
 * `writing` output; CLI_EXIT_INPUT for the others; CLI_EXIT_OK for 0. */
int cli_exit_code(int code, int writing);

/* Print one problem on `out` as "FILE:LINE:COL: error: MESSAGE [field]".
 * Parts that are unknown are left out: "FILE: error: MESSAGE" without a
 * line, "terroir: error: MESSAGE" without a file.  `fallback_file` (may be
 * NULL) stands for the file when the problem names none. */
void cli_print_problem(FILE *out, const terroir_error *err, const char *fallback_file);

/* Print the calling thread's last library error on stderr (as
 * cli_print_problem(), or terroir_strerror(code) when the library left no
 * message) and return cli_exit_code(code, writing).  Call it right after the
 * failing call, before any other library call replaces the error. */
int cli_report_error(int code, const char *fallback_file, int writing);

/* Print on stderr what the solve of `plan` worked around (a GLPK failure
 * inside a stage: terroir_plan_warnings), one "FILE: warning: MESSAGE"
 * line each; `file` may be NULL ("terroir"). */
void cli_print_plan_warnings(const terroir_plan *plan, const char *file);

/* Print "terroir: error: MESSAGE" on stderr. */
void cli_errorf(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Print "terroir: error: MESSAGE", then the one-line `usage` of command `cmd`
 * (NULL for the top level) and where to find more help, on stderr.  Returns
 * CLI_EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...) CLI_PRINTF(3, 4);

/* Flush stdout and report a write error ("terroir: error: cannot write
 * standard output").  Returns `status` when the output went out, otherwise
 * CLI_EXIT_INTERNAL. */
int cli_finish_stdout(int status);

/* ---- language (lang.c) */

#if defined(__GNUC__)
#define CLI_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define CLI_FORMAT_ARG(n)
#endif

/* The language of everything the command prints for people. */
extern terroir_language cli_language;

/* Set cli_language from LC_ALL, LC_MESSAGES, LANG (first non-empty;
 * "fr..." is French, anything else English), without setlocale(). */
void cli_lang_from_env(void);
/* Set cli_language from a --lang value: 0, or -1 for anything but "fr" and
 * "en". */
int cli_lang_set(const char *value);

/* ---- options of every command (global.c) */

/* The folder that overlays may read (--base-dir; NULL: the current
 * directory). */
extern const char *cli_base_dir;

/* Take the options that every command accepts, anywhere before "--":
 * --lang fr|en (else the language of the environment) and --base-dir DIR.
 * They are removed from argv, which stays NULL-terminated.  -1 after
 * printing an error for a missing or bad value. */
int cli_global_options(int *argc, char **argv);

/* The translation of `msgid` into cli_language.  TR() marks a message for
 * the catalog and translates it; TRN() only marks it (static tables).
 * cli_errorf() and cli_usage_error() translate their format themselves. */
const char *cli_tr(const char *msgid) CLI_FORMAT_ARG(1);
#define TR(msgid) cli_tr(msgid)
#define TRN(msgid) msgid

/* Numbers for people in cli_language (into buf, returned): grouped
 * thousands with `decimals` decimals; money ("$1,234.56" / "1 234,56 $");
 * a ratio as a percentage ("84.8%" / "84,8 %").  "-" when not finite. */
char *cli_num(char *buf, size_t size, double v, int decimals);
char *cli_money(char *buf, size_t size, double v);
char *cli_percent(char *buf, size_t size, double ratio, int decimals);

/* Width of a UTF-8 text in characters, and printing it padded to `width`
 * (right-aligned when `right`). */
size_t cli_text_width(const char *s);
void cli_print_padded(FILE *out, const char *s, size_t width, int right);

/* ---- options (options.c) */

/* One option a subcommand accepts: "--long", "-s" (short may be 0), with a
 * required argument when takes_arg is 1.  `id` is what cli_parser_next()
 * returns for it (>= 0). */
typedef struct cli_option {
    const char *long_name;
    char short_name;
    int takes_arg;
    int id;
} cli_option;

/* Results of cli_parser_next() other than an option id. */
enum {
    CLI_OPT_END = -1,        /* no more arguments */
    CLI_OPT_POSITIONAL = -2, /* a positional argument, in parser->arg */
    CLI_OPT_ERROR = -3       /* unknown option or missing argument: parser->error */
};

/* A parser over argv[1..argc-1] (argv[0] is the command name).  Options and
 * positional arguments may come in any order; "--" ends the options;
 * "-" alone is a positional argument.  Long options take their argument as
 * "--name=VALUE" or "--name VALUE", short ones as "-xVALUE" or "-x VALUE".
 * The parser keeps pointers into argv and allocates nothing. */
typedef struct cli_parser {
    int argc;
    char **argv;
    int next;
    const cli_option *options;
    size_t n_options;
    int only_positionals;
    const char *arg; /* argument of the option or the positional just returned */
    char error[160]; /* message after CLI_OPT_ERROR */
} cli_parser;

void cli_parser_init(cli_parser *p, int argc, char **argv, const cli_option *options,
                     size_t n_options);
int cli_parser_next(cli_parser *p);

/* ---- numbers (format.c) */

/* Format a quantity for a table into buf (at least 32 bytes): integers
 * without decimals, others with at most 4 decimals and no trailing zeros,
 * "unlimited" for negative values when `unlimited_if_negative`, and "-" for
 * values that are not finite.  Returns buf. */
char *cli_format_number(char *buf, size_t size, double v, int unlimited_if_negative);

/* Parse a finite number that fills the whole string.  Returns 0 or -1. */
int cli_parse_number(const char *s, double *out);

/* ---- tables (table.c) */

typedef enum cli_align { CLI_ALIGN_LEFT = 0, CLI_ALIGN_RIGHT = 1 } cli_align;

/* A plain-text table: a header row and rows of cells, printed with columns
 * aligned on the widest cell (width counted in UTF-8 characters), two spaces
 * between columns, and a dashed rule under the header.  Cells are copied. */
typedef struct cli_table cli_table;

/* A new table with `ncols` columns whose headers and alignments are given.
 * NULL when memory is short. */
cli_table *cli_table_new(size_t ncols, const char *const *headers, const cli_align *align);

/* Append a row of ncols cells (NULL cells print as empty).  0 or
 * TERROIR_ENOMEM; after a failure the table remembers it and later calls are
 * no-ops. */
int cli_table_add_row(cli_table *t, const char *const *cells);

/* Print the table on `out`, each line starting with `indent` spaces.
 * Returns 0, or TERROIR_ENOMEM when a row was lost earlier (nothing is
 * printed then). */
int cli_table_print(const cli_table *t, FILE *out, unsigned indent);

/* Free a table; NULL is a no-op. */
void cli_table_free(cli_table *t);

/* ---- loading (load.c) */

/* Load and validate a model: from the YAML file at `path` (a folder: its
 * spreadsheet tables), or from YAML `len` bytes at `data` named `name` in messages when path is NULL.  On
 * success *out receives the model (free with terroir_model_free()) and
 * CLI_EXIT_OK is returned.  Otherwise every problem found is printed on
 * stderr as FILE:LINE:COL: error: MESSAGE [field], *out is untouched and the
 * exit code is returned. */
int cli_load_model(terroir_model **out, const char *path, const char *data, size_t len,
                   const char *name);

/* ---- the default dataset (generated by cli/embed.py at build time) */

extern const unsigned char cli_default_dataset[];
extern const size_t cli_default_dataset_len;
extern const char cli_default_dataset_name[];

#endif
