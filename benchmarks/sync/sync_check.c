/* Issue 11's measurement, library side: solve each model with a time limit
 * and check the plan's own routes with the library's route checker
 * (terroir_route_check_plan: synchronisation, stock, shelf life, vehicle
 * days and every route rule), writing the plan's JSON for the independent
 * check (check_sync.py).  Public API only.
 *
 * Usage: sync_check [--time S] [--seed N] --out DIR MODEL.yaml...
 * One TSV line per model on stdout: model, status, served %, routes, km,
 * operating cost (fixed hubs + handling + transport + vehicles + CO2, no
 * penalty), violations in all, then per kind (synchronisation, stock,
 * shelf_life, vehicle_day, other, then day and storage: last, so that
 * readers of the first columns keep theirs).  Exit status 1 when a model fails to
 * load or solve, or a plan has a violation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int run(const char *path, double seconds, unsigned long seed, const char *out_dir)
{
    terroir_model *m = NULL;
    terroir_plan *p = NULL;
    terroir_route_report *rep = NULL;
    int bad = 1;
    if (terroir_model_load_yaml_file(&m, path, NULL, NULL) != 0) {
        fprintf(stderr, "%s: %s\n", path, terroir_error_last()->message);
        goto done;
    }
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.time_limit_seconds = seconds;
    o.seed = seed;
    if (terroir_solve(&p, m, &o) != 0 || terroir_route_check_plan(&rep, m, p) != 0) {
        fprintf(stderr, "%s: %s\n", path, terroir_error_last()->message);
        goto done;
    }
    char json[4096];
    snprintf(json, sizeof json, "%s/%s.json", out_dir, base_name(path));
    if (terroir_plan_write_json_file(p, json) != 0) {
        fprintf(stderr, "%s: %s\n", json, terroir_error_last()->message);
        goto done;
    }
    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    terroir_plan_get_summary(p, &s);
    double km = 0;
    for (size_t i = 0; i < terroir_plan_route_count(p); i++) {
        terroir_plan_route r;
        memset(&r, 0, sizeof r);
        r.version = TERROIR_PLAN_ROUTE_VERSION;
        terroir_plan_get_route(p, i, &r);
        km += r.km;
    }
    size_t kinds[7] = {0, 0, 0, 0, 0, 0, 0}, n = terroir_route_report_violation_count(rep);
    for (size_t i = 0; i < n; i++) {
        terroir_route_violation v;
        memset(&v, 0, sizeof v);
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        terroir_route_report_get_violation(rep, i, &v);
        switch (v.kind) {
        case TERROIR_VIOLATION_SYNCHRONISATION: kinds[0]++; break;
        case TERROIR_VIOLATION_STOCK: kinds[1]++; break;
        case TERROIR_VIOLATION_SHELF_LIFE: kinds[2]++; break;
        case TERROIR_VIOLATION_VEHICLE_DAY: kinds[3]++; break;
        case TERROIR_VIOLATION_DAY: kinds[5]++; break;
        case TERROIR_VIOLATION_STORAGE: kinds[6]++; break;
        default: kinds[4]++; break;
        }
        fprintf(stderr, "%s: %s: %s\n", path, terroir_violation_kind_to_string(v.kind), v.detail);
    }
    const terroir_cost *c = &s.cost;
    double money = c->fixed_hub + c->handling + c->transport + c->vehicle_fixed + c->co2;
    printf("%s\t%s\t%.2f\t%zu\t%.1f\t%.2f\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\n", base_name(path),
           terroir_status_to_string(s.status),
           s.demand_kg_total > 0 ? 100.0 * s.served_kg_total / s.demand_kg_total : 100.0,
           terroir_plan_route_count(p), km, money, n, kinds[0], kinds[1], kinds[2], kinds[3],
           kinds[4], kinds[5], kinds[6]);
    fflush(stdout);
    bad = n > 0;
done:
    terroir_route_report_free(rep);
    terroir_plan_free(p);
    terroir_model_free(m);
    return bad;
}

int main(int argc, char **argv)
{
    double seconds = 30;
    unsigned long seed = 1;
    const char *out_dir = NULL;
    int i = 1, bad = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--time") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out_dir = argv[++i];
        else {
            fprintf(stderr, "usage: sync_check [--time S] [--seed N] --out DIR MODEL.yaml...\n");
            return 2;
        }
    }
    if (!out_dir || i == argc) {
        fprintf(stderr, "usage: sync_check [--time S] [--seed N] --out DIR MODEL.yaml...\n");
        return 2;
    }
    printf("model\tstatus\tserved_pct\troutes\tkm\toperating_cost\tviolations\tsynchronisation"
           "\tstock\tshelf_life\tvehicle_day\tother\tday\tstorage\n");
    for (; i < argc; i++)
        bad |= run(argv[i], seconds, seed, out_dir);
    return bad;
}
