/* The JSON form of `terroir compare` (-o FILE): one object per scenario
 * with its label, file, status, every figure of the text table under the
 * keys of compare_metrics[] (null when it does not apply, e.g. the share
 * served at food banks when there is none), the ids of the hubs it opens,
 * and its differences to the first scenario (null for the first):
 *
 *   {"scenarios": [{"label": "...", "file": "...", "status": "feasible",
 *     "metrics": {"objective": 1234.5, ...}, "hubs_open": ["hub-a"],
 *     "delta": null}, {..., "delta": {"objective": -12.5, ...}}]}
 *
 * Numbers are written with 17 significant digits in the "C" notation (the
 * command never changes LC_NUMERIC), so they read back exactly. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "compare.h"

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == '"' || *u == '\\')
            fprintf(f, "\\%c", *u);
        else if (*u < 0x20)
            fprintf(f, "\\u%04x", *u);
        else
            fputc(*u, f);
    }
    fputc('"', f);
}

static void put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

/* {"key": value, ...} of every metric, minus `base` when not NULL. */
static void put_metrics(FILE *f, const double *value, const double *base)
{
    fputc('{', f);
    for (size_t m = 0; m < COMPARE_N_METRICS; m++) {
        fprintf(f, "%s\"%s\": ", m ? ", " : "", compare_metrics[m].key);
        put_number(f, base ? value[m] - base[m] : value[m]);
    }
    fputc('}', f);
}

static void put_hubs_open(FILE *f, const terroir_plan *plan)
{
    int first = 1;
    fputc('[', f);
    for (size_t i = 0; i < terroir_plan_hub_count(plan); i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        if (terroir_plan_get_hub(plan, i, &h) != 0 || !h.open)
            continue;
        if (!first)
            fputs(", ", f);
        put_string(f, h.id);
        first = 0;
    }
    fputc(']', f);
}

int compare_write_json(const compare_scenario *sc, size_t n, const char *path)
{
    int to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "w");
    if (!f) {
        cli_errorf("cannot write %s", path);
        return CLI_EXIT_INTERNAL;
    }
    fputs("{\"scenarios\": [", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n  {" : "\n  {", f);
        fputs("\"label\": ", f);
        put_string(f, sc[i].label);
        fputs(", \"file\": ", f);
        put_string(f, sc[i].file);
        fputs(", \"status\": ", f);
        put_string(f, terroir_status_to_string(sc[i].status));
        fputs(",\n   \"metrics\": ", f);
        put_metrics(f, sc[i].value, NULL);
        fputs(",\n   \"hubs_open\": ", f);
        put_hubs_open(f, sc[i].plan);
        fputs(",\n   \"delta\": ", f);
        if (i == 0)
            fputs("null", f);
        else
            put_metrics(f, sc[i].value, sc[0].value);
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    if (to_stdout)
        return cli_finish_stdout(CLI_EXIT_OK);
    int failed = ferror(f);
    if (fclose(f) != 0 || failed) {
        cli_errorf("cannot write %s", path);
        return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_OK;
}
