/* `terroir export csv [FILE] -o DIR`: write a model (default: the built-in
 * dataset) as a folder of CSV tables that spreadsheets open and
 * `terroir import csv` reads back (datasets/SCHEMA.md, "Spreadsheet
 * folders"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "terroir export [--help] csv [FILE] -o DIR";

enum { OPT_HELP, OPT_OUTPUT };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
};

void cli_help_export(FILE *out)
{
    fprintf(out,
            "usage: %s\n"
            "\n"
            "Write the model FILE (YAML, an overlay, or a CSV folder; default: the\n"
            "built-in dataset) as CSV tables in DIR (products.csv, producers.csv,\n"
            "...; see datasets/SCHEMA.md).\n"
            "\n"
            "Options:\n"
            "  -o, --output DIR   the folder to write (created when missing)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 on success, 1 on bad input or usage, 2 when DIR cannot\n"
            "be written.\n",
            usage);
}

int cli_cmd_export(int argc, char **argv)
{
    cli_parser p;
    const char *format = NULL, *in = NULL, *out = NULL;
    terroir_model *model = NULL;
    int opt, status;

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_export(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_OUTPUT:
            if (!p.arg[0])
                return cli_usage_error("export", usage, "empty output folder name");
            out = p.arg;
            break;
        case CLI_OPT_POSITIONAL:
            if (!format)
                format = p.arg;
            else if (!in)
                in = p.arg;
            else
                return cli_usage_error("export", usage, "unexpected argument '%s'", p.arg);
            break;
        default:
            return cli_usage_error("export", usage, "%s", p.error);
        }
    }
    if (!format || strcmp(format, "csv") != 0)
        return cli_usage_error("export", usage, "the only format is csv");
    if (!out)
        return cli_usage_error("export", usage, "no output folder given (-o DIR)");
    if (in)
        status = cli_load_model(&model, in, NULL, 0, NULL);
    else
        status = cli_load_model(&model, NULL, (const char *)cli_default_dataset,
                                cli_default_dataset_len, cli_default_dataset_name);
    if (status != CLI_EXIT_OK)
        return status;
    int rc = terroir_model_write_csv_dir(model, out);
    status = rc == 0 ? CLI_EXIT_OK : cli_report_error(rc, out, 1);
    terroir_model_free(model);
    return status;
}
