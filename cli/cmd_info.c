/* `terroir info [FILE]`: a readable summary of a model for planners — its
 * settings, how many entities of each kind it holds, total supply and
 * demand per product with the supply/demand ratio, the hubs and the fleet —
 * as aligned plain-text tables.  Without FILE it describes the default
 * dataset embedded in the command at build time (cli/embed.py). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "terroir info [--help] [FILE]";

enum { OPT_HELP };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
};

void cli_help_info(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "Print a summary of the YAML model FILE: name and settings, counts per\n"
            "entity and per point kind, total supply and demand per product with the\n"
            "supply/demand ratio, hubs (status, fixed cost, capacity per temperature\n"
            "class, handling cost) and fleet per vehicle type (home hub, count,\n"
            "capacities, temperature classes, costs).\n"
            "\n"
            "Without FILE, describe the default dataset built into the command\n"
            "(%s).\n"
            "\n"
            "Options:\n"
            "  -h, --help   show this help and exit\n"
            "\n"
            "Exit status: 0 on success, 1 when FILE is invalid or cannot be read,\n"
            "2 on an internal error.\n"),
            usage, cli_default_dataset_name);
}

#define NUM 32 /* room for a formatted number */

static const char *num(char buf[NUM], double v)
{
    return cli_format_number(buf, NUM, v, 1);
}

/* Print a table and free it; CLI_EXIT_INTERNAL when a row was lost. */
static int flush_table(cli_table *t)
{
    int rc = cli_table_print(t, stdout, 2);
    cli_table_free(t);
    if (rc != 0) {
        cli_errorf("%s", terroir_strerror(TERROIR_ENOMEM));
        return CLI_EXIT_INTERNAL;
    }
    fputc('\n', stdout);
    return CLI_EXIT_OK;
}

static int out_of_memory(void)
{
    cli_errorf("%s", terroir_strerror(TERROIR_ENOMEM));
    return CLI_EXIT_INTERNAL;
}

/* "  label         value": the label padded to 13 characters (UTF-8). */
static void setting(const char *label, const char *fmt, ...) CLI_PRINTF(2, 3);

static void setting(const char *label, const char *fmt, ...)
{
    va_list ap;
    fputs("  ", stdout);
    cli_print_padded(stdout, label, 13, 0);
    fputc(' ', stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

static int print_settings(const terroir_model *m, const char *source)
{
    terroir_settings s = TERROIR_SETTINGS_INIT;
    char a[NUM], b[NUM];
    int rc = terroir_model_get_settings(m, &s);
    if (rc != 0)
        return cli_report_error(rc, NULL, 0);
    printf("%s\n", TR("Model"));
    setting(TR("name"), "%s", s.name && s.name[0] ? s.name : TR("(unnamed)"));
    setting(TR("source"), "%s", source);
    if (s.coordinates == TERROIR_COORDINATES_LATLON)
        setting(TR("coordinates"), TR("latlon (great-circle km x road factor %s)"),
                num(a, s.road_factor));
    else
        setting(TR("coordinates"), "%s", terroir_coordinates_to_string(s.coordinates));
    setting(TR("rounding"), "%s", terroir_rounding_to_string(s.rounding));
    setting(TR("speed"), "%s km/h", num(a, s.speed_kmh));
    size_t matrix = terroir_model_matrix_size(m);
    if (matrix > 0)
        setting(TR("distances"), TR("explicit matrix over %zu sites"), matrix);
    if (s.arcs == TERROIR_ARCS_LISTED)
        setting(TR("arcs"), TR("listed (%zu arcs)"), terroir_model_arc_count(m));
    else
        setting(TR("arcs"), "%s", terroir_arcs_to_string(s.arcs));
    setting(TR("co2 price"), TR("%s per kg CO2"), cli_format_number(b, NUM, s.co2_price, 0));
    setting(TR("op. days"), TR("%u (one route per vehicle and day)"), s.operating_days);
    printf("\n");
    return CLI_EXIT_OK;
}

static int print_counts(const terroir_model *m)
{
    static const struct {
        terroir_entity kind;
        const char *label;
    } entities[] = {
        {TERROIR_ENTITY_PRODUCT, TRN("products")},
        {TERROIR_ENTITY_PRODUCER, TRN("producers")},
        {TERROIR_ENTITY_HUB, TRN("hubs")},
        {TERROIR_ENTITY_POINT, TRN("points")},
        {TERROIR_ENTITY_VEHICLE_TYPE, TRN("vehicle types")},
    };
    const char *headers[] = {TR("entity"), TR("count")};
    const char *kind_headers[] = {TR("point kind"), TR("count")};
    static const cli_align align[] = {CLI_ALIGN_LEFT, CLI_ALIGN_RIGHT};
    size_t per_kind[TERROIR_POINT_KIND_COUNT] = {0};
    char n[NUM];
    int status;

    cli_table *t = cli_table_new(2, headers, align);
    if (!t)
        return out_of_memory();
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        snprintf(n, sizeof n, "%zu", terroir_model_count(m, entities[i].kind));
        const char *row[] = {TR(entities[i].label), n};
        cli_table_add_row(t, row);
    }
    if (terroir_model_count(m, TERROIR_ENTITY_MEMBER) > 0) {
        /* only models that list members (terroir share) show the row */
        snprintf(n, sizeof n, "%zu", terroir_model_count(m, TERROIR_ENTITY_MEMBER));
        const char *row[] = {TR("members"), n};
        cli_table_add_row(t, row);
    }
    printf("%s\n", TR("Entities"));
    if ((status = flush_table(t)) != CLI_EXIT_OK)
        return status;

    size_t npoints = terroir_model_count(m, TERROIR_ENTITY_POINT);
    for (size_t i = 0; i < npoints; i++) {
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        int rc = terroir_model_get_point(m, i, &p);
        if (rc != 0)
            return cli_report_error(rc, NULL, 0);
        if ((unsigned)p.kind < TERROIR_POINT_KIND_COUNT)
            per_kind[p.kind]++;
    }
    t = cli_table_new(2, kind_headers, align);
    if (!t)
        return out_of_memory();
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        snprintf(n, sizeof n, "%zu", per_kind[k]);
        /* The kinds as written in YAML, with their words in French. */
        static const char *const kinds[TERROIR_POINT_KIND_COUNT] = {
            TRN("grocery"), TRN("food_bank"), TRN("school"), TRN("market"), TRN("pickup")};
        const char *row[] = {TR(kinds[k]), n};
        cli_table_add_row(t, row);
    }
    printf("%s\n", TR("Points by kind"));
    return flush_table(t);
}

/* Total supply (over producers) and demand (over points) per product, in
 * product units, into arrays of `nproducts` entries. */
static int sum_quantities(const terroir_model *m, size_t nproducts, double *supply, double *demand)
{
    size_t nproducers = terroir_model_count(m, TERROIR_ENTITY_PRODUCER);
    size_t npoints = terroir_model_count(m, TERROIR_ENTITY_POINT);
    size_t product;
    double q;
    int rc;
    for (size_t i = 0; i < nproducers; i++) {
        size_t n = terroir_model_supply_count(m, i);
        for (size_t k = 0; k < n; k++) {
            if ((rc = terroir_model_get_supply(m, i, k, &product, &q)) != 0)
                return cli_report_error(rc, NULL, 0);
            if (product < nproducts)
                supply[product] += q;
        }
    }
    for (size_t i = 0; i < npoints; i++) {
        size_t n = terroir_model_demand_count(m, i);
        for (size_t k = 0; k < n; k++) {
            if ((rc = terroir_model_get_demand(m, i, k, &product, &q)) != 0)
                return cli_report_error(rc, NULL, 0);
            if (product < nproducts)
                demand[product] += q;
        }
    }
    return CLI_EXIT_OK;
}

static const char *ratio(char buf[NUM], double supply, double demand)
{
    if (demand > 0)
        cli_num(buf, NUM, supply / demand, 2);
    else
        snprintf(buf, NUM, "-");
    return buf;
}

static int print_products(const terroir_model *m)
{
    const char *headers[] = {TR("product"), TR("name"),   TR("temperature"),  TR("unit"),
                             TR("supply"),  TR("demand"), TR("supply/demand")};
    static const cli_align align[] = {CLI_ALIGN_LEFT, CLI_ALIGN_LEFT,  CLI_ALIGN_LEFT,
                                      CLI_ALIGN_LEFT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT};
    size_t nproducts = terroir_model_count(m, TERROIR_ENTITY_PRODUCT);
    double *supply = calloc(nproducts ? nproducts : 1, sizeof *supply);
    double *demand = calloc(nproducts ? nproducts : 1, sizeof *demand);
    cli_table *t = cli_table_new(7, headers, align);
    double kg_supply = 0, kg_demand = 0;
    char a[NUM], b[NUM], c[NUM];
    int status = CLI_EXIT_OK;

    if (!supply || !demand || !t) {
        status = out_of_memory();
        goto done;
    }
    if ((status = sum_quantities(m, nproducts, supply, demand)) != CLI_EXIT_OK)
        goto done;
    for (size_t i = 0; i < nproducts; i++) {
        terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
        int rc = terroir_model_get_product(m, i, &p);
        if (rc != 0) {
            status = cli_report_error(rc, NULL, 0);
            goto done;
        }
        kg_supply += supply[i] * p.kg_per_unit;
        kg_demand += demand[i] * p.kg_per_unit;
        const char *row[] = {p.id,
                             p.name ? p.name : p.id,
                             TR(terroir_temperature_to_string(p.temperature)),
                             p.unit ? p.unit : "kg",
                             cli_format_number(a, NUM, supply[i], 0),
                             cli_format_number(b, NUM, demand[i], 0),
                             ratio(c, supply[i], demand[i])};
        cli_table_add_row(t, row);
    }
    /* Products have their own units; the total is comparable in kg only. */
    const char *total[] = {TR("total"),
                           TR("all products"),
                           "",
                           "kg",
                           cli_format_number(a, NUM, kg_supply, 0),
                           cli_format_number(b, NUM, kg_demand, 0),
                           ratio(c, kg_supply, kg_demand)};
    cli_table_add_row(t, total);
    printf(TR("Products (%zu)\n"), nproducts);
    status = flush_table(t);
    t = NULL;
done:
    cli_table_free(t);
    free(supply);
    free(demand);
    return status;
}

static int print_hubs(const terroir_model *m)
{
    const char *headers[] = {TR("hub"),        TR("status"),    TR("fixed cost"), TR("ambient kg"),
                             TR("chilled kg"), TR("frozen kg"), TR("handling/kg"),
                             TR("cross-dock min")};
    static const cli_align align[] = {CLI_ALIGN_LEFT,  CLI_ALIGN_LEFT,  CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT};
    size_t nhubs = terroir_model_count(m, TERROIR_ENTITY_HUB);
    char f[NUM], c0[NUM], c1[NUM], c2[NUM], h[NUM], xd[NUM];
    cli_table *t = cli_table_new(8, headers, align);
    if (!t)
        return out_of_memory();
    for (size_t i = 0; i < nhubs; i++) {
        terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
        int rc = terroir_model_get_hub(m, i, &s);
        if (rc != 0) {
            cli_table_free(t);
            return cli_report_error(rc, NULL, 0);
        }
        const char *row[] = {s.id,
                             TR(terroir_hub_status_to_string(s.status)),
                             cli_format_number(f, NUM, s.fixed_cost, 0),
                             num(c0, s.capacity_kg[TERROIR_TEMPERATURE_AMBIENT]),
                             num(c1, s.capacity_kg[TERROIR_TEMPERATURE_CHILLED]),
                             num(c2, s.capacity_kg[TERROIR_TEMPERATURE_FROZEN]),
                             cli_format_number(h, NUM, s.handling_cost_per_kg, 0),
                             cli_format_number(xd, NUM, s.cross_dock_minutes, 0)};
        cli_table_add_row(t, row);
    }
    printf(TR("Hubs (%zu)\n"), nhubs);
    return flush_table(t);
}

/* "ambient,chilled" from a bit set of temperature classes. */
static const char *temperature_list(char *buf, size_t size, unsigned int bits)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < TERROIR_TEMPERATURE_COUNT; k++) {
        if (!(bits & (1u << k)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                         TR(terroir_temperature_to_string((terroir_temperature)k)));
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    if (used == 0)
        snprintf(buf, size, "%s", TR("none"));
    return buf;
}

static int print_fleet(const terroir_model *m)
{
    const char *headers[] = {TR("vehicle type"), TR("home hub"), TR("count"),        "kg",
                             "m3",               TR("pallets"),  TR("temperatures"), TR("fixed cost"),
                             TR("cost/km"),      TR("cost/h"),   TR("co2 kg/km"),    TR("trips/day"),
                             TR("loading min")};
    static const cli_align align[] = {CLI_ALIGN_LEFT,  CLI_ALIGN_LEFT,  CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_LEFT,  CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT};
    size_t ntypes = terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE);
    size_t total = 0;
    char n[NUM], kg[NUM], m3[NUM], pal[NUM], temps[64], fc[NUM], km[NUM], hr[NUM], co2[NUM],
        trips[NUM], load[NUM];
    cli_table *t = cli_table_new(13, headers, align);
    if (!t)
        return out_of_memory();
    for (size_t i = 0; i < ntypes; i++) {
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
        int rc = terroir_model_get_vehicle_type(m, i, &v);
        if (rc == 0)
            rc = terroir_model_get_hub(m, v.home_hub, &hub);
        if (rc != 0) {
            cli_table_free(t);
            return cli_report_error(rc, NULL, 0);
        }
        total += v.count;
        snprintf(n, sizeof n, "%zu", v.count);
        snprintf(trips, sizeof trips, "%u", v.trips_per_day);
        const char *row[] = {v.id,
                             hub.id,
                             n,
                             num(kg, v.capacity[TERROIR_DIMENSION_KG]),
                             num(m3, v.capacity[TERROIR_DIMENSION_M3]),
                             num(pal, v.capacity[TERROIR_DIMENSION_PALLETS]),
                             temperature_list(temps, sizeof temps, v.temperatures),
                             cli_format_number(fc, NUM, v.fixed_cost, 0),
                             cli_format_number(km, NUM, v.cost_per_km, 0),
                             cli_format_number(hr, NUM, v.cost_per_hour, 0),
                             cli_format_number(co2, NUM, v.co2_kg_per_km, 0),
                             trips,
                             cli_format_number(load, NUM, v.loading_minutes, 0)};
        cli_table_add_row(t, row);
    }
    printf(TR("Fleet (%zu vehicle types, %zu vehicles)\n"), ntypes, total);
    return flush_table(t);
}

static int print_info(const terroir_model *m, const char *source)
{
    int status;
    if ((status = print_settings(m, source)) != CLI_EXIT_OK)
        return status;
    if ((status = print_counts(m)) != CLI_EXIT_OK)
        return status;
    if ((status = print_products(m)) != CLI_EXIT_OK)
        return status;
    if ((status = print_hubs(m)) != CLI_EXIT_OK)
        return status;
    return print_fleet(m);
}

int cli_cmd_info(int argc, char **argv)
{
    cli_parser p;
    const char *path = NULL;
    terroir_model *model = NULL;
    int opt;
    int status;

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_info(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case CLI_OPT_POSITIONAL:
            if (path)
                return cli_usage_error("info", usage, "more than one FILE given");
            path = p.arg;
            break;
        default:
            return cli_usage_error("info", usage, "%s", p.error);
        }
    }
    if (path)
        status = cli_load_model(&model, path, NULL, 0, NULL);
    else
        status = cli_load_model(&model, NULL, (const char *)cli_default_dataset,
                                cli_default_dataset_len, cli_default_dataset_name);
    if (status != CLI_EXIT_OK)
        return status;
    if (path) {
        status = print_info(model, path);
    } else {
        char source[256];
        snprintf(source, sizeof source, TR("%s (built in)"), cli_default_dataset_name);
        status = print_info(model, source);
    }
    terroir_model_free(model);
    return cli_finish_stdout(status);
}
