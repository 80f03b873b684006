/* `terroir import FORMAT IN [-o OUT.yaml] [--capacity C]`: turn a benchmark
 * instance (VRPLIB/CVRPLIB, Solomon VRPTW, OR-Library capacitated warehouse
 * location, Cordeau multi-depot VRP, Prodhon capacitated location-routing), or a
 * folder of CSV tables (`csv`), into a terroir YAML model, written to OUT or to stdout. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] =
    "terroir import [--help] csv|vrplib|solomon|orlib-cap|cordeau|clrp IN [-o OUT.yaml] "
    "[--capacity C]";

enum { OPT_HELP, OPT_OUTPUT, OPT_CAPACITY };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"capacity", 0, 1, OPT_CAPACITY},
};

void cli_help_import(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "Import the benchmark instance IN and write it as a terroir YAML model.\n"
            "\n"
            "Formats:\n"
            "  csv         a folder of CSV tables (products.csv, producers.csv, ...;\n"
            "              see datasets/SCHEMA.md)\n"
            "  vrplib      TSPLIB/CVRPLIB .vrp (EUC_2D): the depot becomes an open hub,\n"
            "              customers become points with a demand of product \"demand\"\n"
            "  solomon     Solomon VRPTW text: depot hours, customer windows and\n"
            "              service times, the fleet of the VEHICLE block\n"
            "  orlib-cap   OR-Library capacitated warehouse location (cap41..cap134,\n"
            "              capa/capb/capc): warehouses become candidate hubs\n"
            "  cordeau     Cordeau multi-depot VRP (p01..p23, pr01..pr10): each depot\n"
            "              becomes an open hub with its own fleet (vehicles, capacity,\n"
            "              maximum route duration), customers become points\n"
            "  clrp        capacitated location-routing, Prodhon's format (also Barreto,\n"
            "              Tuzun-Burke): each depot becomes a candidate hub with its\n"
            "              opening cost, capacity and own fleet (capacity Q, fixed cost\n"
            "              F per route), customers become points; distances\n"
            "              ceil(100 * euclid) when the file's flag is 0, Euclidean when 1\n"
            "\n"
            "Options:\n"
            "  -o, --output OUT.yaml   write the model to OUT.yaml (default: stdout)\n"
            "      --capacity C        orlib-cap: warehouse capacity replacing the word\n"
            "                          \"capacity\" in capa/capb/capc (e.g. 8000)\n"
            "  -h, --help              show this help and exit\n"
            "\n"
            "Exit status: 0 on success, 1 when IN cannot be read or is not a valid\n"
            "instance, 2 on an internal error or when the output cannot be written.\n"),
            usage);
}

/* Write `model` as YAML on stdout. */
static int write_stdout(const terroir_model *model)
{
    char *text = NULL;
    size_t len = 0;
    int rc = terroir_model_write_yaml_buffer(&text, &len, model);
    if (rc != 0)
        return cli_report_error(rc, NULL, 1);
    errno = 0;
    size_t written = fwrite(text, 1, len, stdout);
    int e = errno;
    terroir_free(text);
    if (written != len) {
        cli_errorf("cannot write standard output%s%s", e ? ": " : "", e ? strerror(e) : "");
        return CLI_EXIT_INTERNAL;
    }
    return cli_finish_stdout(CLI_EXIT_OK);
}

int cli_cmd_import(int argc, char **argv)
{
    cli_parser p;
    const char *format_name = NULL, *in = NULL, *out = NULL;
    terroir_import_options opts = TERROIR_IMPORT_OPTIONS_INIT;
    terroir_format format;
    terroir_model *model = NULL;
    int opt, rc, status;

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_import(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_OUTPUT:
            if (!p.arg[0])
                return cli_usage_error("import", usage, "empty output file name");
            out = p.arg;
            break;
        case OPT_CAPACITY:
            if (cli_parse_number(p.arg, &opts.capacity) != 0 || !(opts.capacity > 0))
                return cli_usage_error("import", usage,
                                       "--capacity needs a positive number, not '%s'", p.arg);
            break;
        case CLI_OPT_POSITIONAL:
            if (!format_name)
                format_name = p.arg;
            else if (!in)
                in = p.arg;
            else
                return cli_usage_error("import", usage, "unexpected argument '%s'", p.arg);
            break;
        default:
            return cli_usage_error("import", usage, "%s", p.error);
        }
    }
    if (!format_name)
        return cli_usage_error("import", usage, "no FORMAT given");
    if (strcmp(format_name, "csv") != 0 && terroir_format_from_string(&format, format_name) != 0)
        return cli_usage_error("import", usage,
                               "unknown format '%s' (expected csv, vrplib, solomon, "
                               "orlib-cap, cordeau or clrp)",
                               format_name);
    if (!in)
        return cli_usage_error("import", usage, "no input file given");
    if (strcmp(format_name, "csv") == 0) {
        struct stat st;
        if (stat(in, &st) != 0 || !S_ISDIR(st.st_mode)) {
            cli_errorf("%s: not a folder (csv imports a folder of tables)", in);
            return CLI_EXIT_INPUT;
        }
        /* Every problem of every table, not just the first. */
        if ((status = cli_load_model(&model, in, NULL, 0, NULL)) != CLI_EXIT_OK)
            return status;
        goto write;
    }

    rc = terroir_model_import_file(&model, format, in, &opts);
    if (rc != 0) {
        /* The library's message names the API field; tell the user the
         * option instead. */
        const terroir_error *err = terroir_error_last();
        int hint = format == TERROIR_FORMAT_ORLIB_CAP && opts.capacity == 0 &&
                   rc == TERROIR_EINPUT && err && err->message &&
                   strstr(err->message, "capacity") != NULL;
        status = cli_report_error(rc, in, 0);
        if (hint)
            fprintf(stderr, TR("%s: note: give the warehouse capacity with --capacity C\n"), in);
        return status;
    }
write:
    if (out) {
        rc = terroir_model_write_yaml_file(model, out);
        status = rc == 0 ? CLI_EXIT_OK : cli_report_error(rc, out, 1);
    } else {
        status = write_stdout(model);
    }
    terroir_model_free(model);
    return status;
}
