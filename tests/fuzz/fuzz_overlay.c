/* libFuzzer target: overlays (datasets/SCHEMA.md, "Overlays"), which are
 * the one input that makes the loader open other files.  Each input is
 * written into a new temporary folder as two files: base.yaml, the part
 * before the first line "#%%", and overlay.yaml, the rest (without such a
 * line: a fixed small base, and the whole input as the overlay); then
 * overlay.yaml is loaded with terroir_model_load_yaml_file(), whose
 * default confinement (load option base_root: the overlay's folder) keeps
 * the fuzzer's bases inside that folder.  The loader
 * must never crash, hang, leak or read out of bounds; a failure explains
 * itself; a model it accepts is validated and writes back to YAML that
 * loads to an equal model.  The folder is removed after each input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SPLIT "\n#%%\n"

static const char default_base[] =
    "terroir: 1\n"
    "products: [{id: lettuce, temperature: chilled}, {id: apples}]\n"
    "producers:\n"
    "  - {id: ferme-a, lat: 45.30, lon: -73.25, supply: {lettuce: 400, apples: 1000}}\n"
    "hubs:\n"
    "  - {id: hub-a, lat: 45.40, lon: -72.73, capacity_kg: {ambient: 20000, chilled: 8000}}\n"
    "  - {id: hub-b, lat: 45.63, lon: -72.96, status: candidate, fixed_cost: 1200}\n"
    "points:\n"
    "  - {id: epicerie, lat: 45.41, lon: -72.72, demand: {lettuce: 120, apples: 100}}\n"
    "vehicle_types:\n"
    "  - {id: reefer-a, home_hub: hub-a, capacity: {kg: 3000}, temperatures: [chilled]}\n";

static int write_file(const char *dir, const char *name, const void *data, size_t len,
                      char *path, size_t path_size)
{
    snprintf(path, path_size, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The bytes of [data, data + size) from the first occurrence of `needle`,
 * or NULL (memmem is not in C11 or POSIX). */
static const uint8_t *find(const uint8_t *data, size_t size, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, needle, n) == 0)
            return data + i;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/terroir-fuzz-overlay-XXXXXX";
    if (!mkdtemp(dir))
        return 0; /* the machine, not the library */
    char base_path[128] = "", overlay_path[128] = "";
    const uint8_t *split = find(data, size, SPLIT);
    const void *base = split ? (const void *)data : default_base;
    size_t base_len = split ? (size_t)(split - data) : sizeof default_base - 1;
    const uint8_t *overlay = split ? split + strlen(SPLIT) : data;
    size_t overlay_len = (size_t)(data + size - overlay);
    terroir_model *model = NULL;
    terroir_diagnostics *diags = NULL;
    if (write_file(dir, "base.yaml", base, base_len, base_path, sizeof base_path) != 0 ||
        write_file(dir, "overlay.yaml", overlay, overlay_len, overlay_path,
                   sizeof overlay_path) != 0)
        goto done;

    terroir_load_options opts = TERROIR_LOAD_OPTIONS_INIT;
    opts.max_bytes = 1 << 20;
    opts.max_problems = 20;
    int rc = terroir_model_load_yaml_file(&model, overlay_path, &opts, &diags);
    if (rc != 0)
        fuzz_expect_explained(rc, model);
    else
        fuzz_expect_round_trip(model);
done:
    terroir_diagnostics_free(diags);
    terroir_model_free(model);
    terroir_error_clear();
    if (base_path[0])
        unlink(base_path);
    if (overlay_path[0])
        unlink(overlay_path);
    rmdir(dir);
    return 0;
}
