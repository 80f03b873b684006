/* The terroir command: a dispatcher from the first argument to one
 * subcommand (validate, info, solve, import, export, route, compare, share, help), plus
 * the top-level --help and --version.  Each subcommand lives in its own
 * cmd_*.c file and uses only the public API of libterroir.
 *
 * Exit codes: 0 ok, 1 bad input or usage, 2 internal error. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "terroir [--help] [--version] COMMAND [ARGS...]";

typedef struct command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
} command;

static int run_help(int argc, char **argv);
static void help_help(FILE *out);

static const command commands[] = {
    {"validate", TRN("check YAML models and report every problem"), cli_cmd_validate,
     cli_help_validate},
    {"info", TRN("summarise a model (default: the built-in dataset)"), cli_cmd_info,
     cli_help_info},
    {"solve", TRN("choose hubs, allocate food, route trucks (default: the built-in dataset)"),
     cli_cmd_solve, cli_help_solve},
    {"import", TRN("convert a benchmark instance or a CSV folder to a YAML model"), cli_cmd_import,
     cli_help_import},
    {"export", TRN("write a model as a folder of CSV tables"), cli_cmd_export, cli_help_export},
    {"route", TRN("check planner-made vehicle routes against a model"), cli_cmd_route,
     cli_help_route},
    {"compare", TRN("solve scenarios and compare their plans side by side"), cli_cmd_compare,
     cli_help_compare},
    {"share", TRN("share the network's cost among its members (Shapley, nucleolus, EPM)"),
     cli_cmd_share, cli_help_share},
    {"help", TRN("show help for the command or one of its subcommands"), run_help, help_help},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void main_help(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
               "\n"
               "Plan the logistics of local food networks: producers -> hubs ->\n"
               "distribution points.\n"
               "\n"
               "Commands:\n"),
            usage);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, TR(commands[i].summary));
    fputs(TR("\n"
             "Options:\n"
             "  -h, --help      show this help and exit\n"
             "      --version   print the library version and exit\n"
             "      --lang fr|en  language of the output (any command; default: from\n"
             "                  LC_ALL, LC_MESSAGES or LANG, French when it starts with fr)\n"
             "      --base-dir DIR  the folder whose files overlays may name as their base\n"
             "                  (any command; default: the current directory)\n"
             "\n"
             "Run 'terroir COMMAND --help' for the options of a command.\n"
             "Exit status: 0 on success, 1 on bad input or usage, 2 on an internal\n"
             "error.\n"),
          out);
}

static void help_help(FILE *out)
{
    fputs(TR("usage: terroir help [--help] [COMMAND]\n"
             "\n"
             "Show the list of commands, or the help of COMMAND.\n"
             "\n"
             "Options:\n"
             "  -h, --help   show this help and exit\n"),
          out);
}

static int run_help(int argc, char **argv)
{
    static const cli_option options[] = {{"help", 'h', 0, 0}};
    static const char help_usage[] = "terroir help [--help] [COMMAND]";
    cli_parser p;
    const char *topic = NULL;
    int opt;

    cli_parser_init(&p, argc, argv, options, 1);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        if (opt == 0) {
            help_help(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        }
        if (opt != CLI_OPT_POSITIONAL)
            return cli_usage_error("help", help_usage, "%s", p.error);
        if (topic)
            return cli_usage_error("help", help_usage, "unexpected argument '%s'", p.arg);
        topic = p.arg;
    }
    if (!topic) {
        main_help(stdout);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    const command *c = find_command(topic);
    if (!c)
        return cli_usage_error("help", help_usage, "unknown command '%s'", topic);
    c->help(stdout);
    return cli_finish_stdout(CLI_EXIT_OK);
}

int main(int argc, char **argv)
{
    if (cli_global_options(&argc, argv) != 0)
        return CLI_EXIT_INPUT;
    if (argc < 2)
        return cli_usage_error(NULL, usage, "no command given");
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        main_help(stdout);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(first, "--version") == 0) {
        printf("terroir %s\n", terroir_version());
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (first[0] == '-')
        return cli_usage_error(NULL, usage, "unknown option '%s'", first);
    const command *c = find_command(first);
    if (!c)
        return cli_usage_error(NULL, usage, "unknown command '%s'", first);
    int status = c->run(argc - 1, argv + 1);
    /* The library keeps the last error per thread; release it before exit so
     * that leak checkers see a clean run. */
    terroir_error_clear();
    return status;
}
