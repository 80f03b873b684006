/* `terroir validate FILE...`: load and validate YAML models, print a one-line
 * summary per valid file on stdout and every problem of an invalid one on
 * stderr, in the FILE:LINE:COL: error: MESSAGE [field] format. */
#include <stdio.h>

#include "cli.h"

static const char usage[] = "terroir validate [--help] FILE...";

enum { OPT_HELP };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
};

void cli_help_validate(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "Load each YAML model FILE (schema: datasets/SCHEMA.md) and check it as a\n"
            "whole: syntax, schema, references between entities, quantities.\n"
            "\n"
            "A valid file gets one line on standard output:\n"
            "  FILE: valid (N products, N producers, N hubs, N points, N vehicle types)\n"
            "Every problem of an invalid file goes to standard error as\n"
            "  FILE:LINE:COLUMN: error: MESSAGE [field]\n"
            "\n"
            "Options:\n"
            "  -h, --help   show this help and exit\n"
            "\n"
            "Exit status: 0 when every file is valid, 1 when one is not or cannot be\n"
            "read, 2 on an internal error.\n"),
            usage);
}

/* "N thing" or "N things" (French: the singular for 0 and 1). */
static void print_count(size_t n, const char *singular, const char *plural, const char *sep)
{
    int one = cli_language == TERROIR_LANGUAGE_FR ? n <= 1 : n == 1;
    printf("%zu %s%s", n, one ? TR(singular) : TR(plural), sep);
}

static int validate_one(const char *path)
{
    terroir_model *model = NULL;
    int status = cli_load_model(&model, path, NULL, 0, NULL);
    if (status != CLI_EXIT_OK)
        return status;
    printf(TR("%s: valid ("), path);
    print_count(terroir_model_count(model, TERROIR_ENTITY_PRODUCT), TRN("product"),
                TRN("products"), ", ");
    print_count(terroir_model_count(model, TERROIR_ENTITY_PRODUCER), TRN("producer"),
                TRN("producers"), ", ");
    print_count(terroir_model_count(model, TERROIR_ENTITY_HUB), TRN("hub"), TRN("hubs"), ", ");
    print_count(terroir_model_count(model, TERROIR_ENTITY_POINT), TRN("point"), TRN("points"),
                ", ");
    print_count(terroir_model_count(model, TERROIR_ENTITY_VEHICLE_TYPE), TRN("vehicle type"),
                TRN("vehicle types"), ")\n");
    terroir_model_free(model);
    return CLI_EXIT_OK;
}

int cli_cmd_validate(int argc, char **argv)
{
    cli_parser p;
    int files = 0;
    int status = CLI_EXIT_OK;
    int opt;

    /* Parse everything first: a usage error must not leave half the files
     * validated. */
    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_validate(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case CLI_OPT_POSITIONAL:
            files++;
            break;
        default:
            return cli_usage_error("validate", usage, "%s", p.error);
        }
    }
    if (files == 0)
        return cli_usage_error("validate", usage, "no FILE given");

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        if (opt != CLI_OPT_POSITIONAL)
            continue;
        int one = validate_one(p.arg);
        /* Keep the worst outcome: internal beats bad input beats ok. */
        if (one > status)
            status = one;
        /* Keep stdout and stderr in order when both go to one terminal. */
        fflush(stdout);
    }
    return cli_finish_stdout(status);
}
