/* libFuzzer target: the spreadsheet import (lib/io/csv_model.c) on
 * arbitrary bytes.  The input is cut at form feeds ('\f') into the tables
 * of a folder, in the order settings.csv, products.csv, producers.csv,
 * hubs.csv, points.csv, vehicles.csv, distances.csv, arcs.csv, members.csv (missing
 * parts: absent tables), and
 * read by the core of terroir_model_load_csv_dir() without touching the
 * file system.  It must never crash, hang, leak or read out of bounds; a
 * model it accepts must be validated, a refusal must set the last error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "io/csv_model.h"
#include "io/load_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *parts[IO_CSV_N_TABLES] = {NULL};
    size_t lens[IO_CSV_N_TABLES] = {0};
    const char *text = (const char *)data;
    size_t start = 0;
    for (int t = 0; t < IO_CSV_N_TABLES && start <= size; t++) {
        const char *ff = start < size ? memchr(text + start, '\f', size - start) : NULL;
        size_t end = ff ? (size_t)(ff - text) : size;
        parts[t] = text + start;
        lens[t] = end - start;
        start = end + 1;
        if (!ff)
            break;
    }
    terroir_load_options opts;
    io__load_options_resolve(NULL, &opts);
    opts.max_bytes = 1 << 20;
    terroir_model *model = NULL;
    terroir_diagnostics *diags = NULL;
    int rc = io__csv_load_tables(&model, io__csv_file_names, parts, lens, &opts, &diags);
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        if (model || !e || e->code != rc || !e->message)
            abort();
    } else if (!model || !terroir_model_is_validated(model)) {
        abort();
    }
    terroir_diagnostics_free(diags);
    terroir_model_free(model);
    terroir_error_clear();
    return 0;
}
