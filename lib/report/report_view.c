/* The (model, plan) view every report writer starts from: a check that the
 * plan was made from the model (same products, sites and vehicle types, by
 * id and in order), then one entry per site with its name, location and
 * the kg the plan moves there. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* The plan's id tables are copies of the model's (plan__new), so equal
 * tables mean the plan's indices are the model's. */
static int plan_matches_model(const terroir_model *m, const terroir_plan *p)
{
    if (p->n_sites != terroir_model_site_count(m) ||
        p->n_products != terroir_model_count(m, TERROIR_ENTITY_PRODUCT) ||
        p->n_vehicle_types != terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE) ||
        p->n_hubs != terroir_model_count(m, TERROIR_ENTITY_HUB))
        return 0;
    for (size_t s = 0; s < p->n_sites; s++)
        if (strcmp(p->site_ids[s], terroir_model_site_id(m, s)) != 0)
            return 0;
    for (size_t k = 0; k < p->n_products; k++) {
        terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
        if (terroir_model_get_product(m, k, &spec) != 0 || strcmp(spec.id, p->product_ids[k]))
            return 0;
    }
    for (size_t t = 0; t < p->n_vehicle_types; t++) {
        terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if (terroir_model_get_vehicle_type(m, t, &spec) != 0 ||
            strcmp(spec.id, p->vehicle_type_ids[t]))
            return 0;
    }
    for (size_t h = 0; h < p->n_hubs; h++) {
        size_t site = 0;
        if (terroir_model_site_index(m, TERROIR_SITE_HUB, h, &site) != 0 ||
            site != p->hubs[h].site)
            return 0;
    }
    return 1;
}

typedef int (*line_getter)(const terroir_model *m, size_t site, size_t k, size_t *out_product,
                           double *out_quantity);

/* kg of the supply (or demand) lines of a producer (or point). */
static double lines_kg(const terroir_model *m, size_t index, size_t n, line_getter get)
{
    double kg = 0;
    for (size_t k = 0; k < n; k++) {
        size_t product = 0;
        double q = 0;
        terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
        if (get(m, index, k, &product, &q) == 0 && terroir_model_get_product(m, product, &spec) == 0)
            kg += q * spec.kg_per_unit;
    }
    return kg;
}

/* Id, name, kind, location and planned kg of one site. */
static void describe_site(report_view *v, size_t s)
{
    const terroir_model *m = v->model;
    report_site *site = &v->sites[s];
    terroir_location loc = {0};
    terroir_model_get_site(m, s, &site->kind, &site->index);
    if (site->kind == TERROIR_SITE_PRODUCER) {
        terroir_producer_spec spec = TERROIR_PRODUCER_SPEC_INIT;
        terroir_model_get_producer(m, site->index, &spec);
        site->id = spec.id;
        site->name = spec.name;
        loc = spec.location;
        site->kg = lines_kg(m, site->index, terroir_model_supply_count(m, site->index),
                            terroir_model_get_supply);
    } else if (site->kind == TERROIR_SITE_HUB) {
        terroir_hub_spec spec = TERROIR_HUB_SPEC_INIT;
        terroir_model_get_hub(m, site->index, &spec);
        site->id = spec.id;
        site->name = spec.name;
        loc = spec.location;
        site->hub_status = spec.status;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
            if (site->kg == TERROIR_UNLIMITED)
                break;
            site->kg = spec.capacity_kg[t] == TERROIR_UNLIMITED ? TERROIR_UNLIMITED
                                                                 : site->kg + spec.capacity_kg[t];
        }
        const plan_hub *h = &v->plan->hubs[site->index];
        site->open = h->open;
        v->n_hubs_open += h->open != 0;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            site->served_kg += h->throughput_kg[t];
    } else {
        terroir_point_spec spec = TERROIR_POINT_SPEC_INIT;
        terroir_model_get_point(m, site->index, &spec);
        site->id = spec.id;
        site->name = spec.name;
        loc = spec.location;
        site->point_kind = spec.kind;
        site->kg = lines_kg(m, site->index, terroir_model_demand_count(m, site->index),
                            terroir_model_get_demand);
    }
    if (!site->name)
        site->name = site->id;
    site->has_location = loc.has_location;
    site->x = v->planar ? loc.x : loc.lon;
    site->y = v->planar ? loc.y : loc.lat;
}

/* kg shipped by producers and received by points: the flows, less what
 * the routes left behind (unserved stops). */
static void add_flows(report_view *v)
{
    const terroir_plan *p = v->plan;
    /* Pure VRP plans have no flows: their routes carry each point's demand. */
    for (size_t s = 0; p->pure_vrp && s < v->n_sites; s++)
        if (v->sites[s].kind == TERROIR_SITE_POINT)
            v->sites[s].served_kg = v->sites[s].kg;
    for (size_t i = 0; i < p->n_flows; i++) {
        v->sites[p->flows[i].from].served_kg += p->flows[i].kg;
        v->sites[p->flows[i].to].served_kg += p->flows[i].kg;
    }
    for (size_t i = 0; i < p->n_unserved_stops; i++) {
        report_site *site = &v->sites[p->unserved_stops[i].site];
        site->served_kg -= p->unserved_stops[i].kg;
        if (site->served_kg < 0)
            site->served_kg = 0;
    }
}

/* Vehicles are numbered over all types in model order, so that each one
 * keeps its colour from day to day. */
static int number_vehicles(report_view *v)
{
    const terroir_plan *p = v->plan;
    size_t n_types = p->n_vehicle_types;
    size_t *first = core__calloc(n_types + 1, sizeof *first);
    v->route_vehicle = core__calloc(p->n_routes + 1, sizeof *v->route_vehicle);
    if (!first || !v->route_vehicle) {
        free(first);
        return TERROIR_ENOMEM;
    }
    for (size_t t = 0; t < n_types; t++) {
        terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_model_get_vehicle_type(v->model, t, &spec);
        first[t + 1] = first[t] + spec.count;
    }
    for (size_t r = 0; r < p->n_routes; r++) {
        size_t t = p->routes[r].vehicle_type;
        v->route_vehicle[r] = (t < n_types ? first[t] : 0) + p->routes[r].vehicle;
    }
    free(first);
    return 0;
}

int report__view_open(report_view *v, const terroir_model *model, const terroir_plan *plan,
                      const char *fn)
{
    memset(v, 0, sizeof *v);
    if (!model || !plan)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (!terroir_model_is_validated(model))
        return core__error(TERROIR_EINVAL, "%s: the model is not validated", fn);
    if (!plan_matches_model(model, plan))
        return core__error(TERROIR_EINVAL,
                           "%s: the plan was not made from this model (its products, sites "
                           "or vehicle types differ)",
                           fn);
    v->model = model;
    v->plan = plan;
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(model, &settings);
    v->planar = settings.coordinates == TERROIR_COORDINATES_PLANAR;
    v->model_name = settings.name;
    v->summary.version = TERROIR_PLAN_SUMMARY_VERSION;
    terroir_plan_get_summary(plan, &v->summary);
    v->n_sites = plan->n_sites;
    v->n_hubs = plan->n_hubs;
    v->sites = core__calloc(v->n_sites + 1, sizeof *v->sites);
    if (!v->sites || number_vehicles(v) != 0) {
        report__view_close(v);
        return core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
    }
    for (size_t s = 0; s < v->n_sites; s++)
        describe_site(v, s);
    add_flows(v);
    /* The accessors above cleared the last error: nothing failed. */
    return 0;
}

void report__view_close(report_view *v)
{
    free(v->sites);
    free(v->route_vehicle);
    v->sites = NULL;
    v->route_vehicle = NULL;
}

const char *report__vehicle_type_name(const report_view *v, size_t t)
{
    terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    if (terroir_model_get_vehicle_type(v->model, t, &spec) != 0)
        return "?";
    return spec.name ? spec.name : spec.id;
}

/* Bytes of the options structure that a caller of `version` has. */
static size_t options_size(unsigned int version)
{
    return version >= 3   ? sizeof(terroir_report_options)
           : version == 2 ? offsetof(terroir_report_options, language)
                          : offsetof(terroir_report_options, share);
}

int report__options(terroir_report_options *out, const terroir_report_options *in,
                    const char *fn)
{
    terroir_report_options defaults = TERROIR_REPORT_OPTIONS_INIT;
    *out = defaults;
    if (!in)
        return 0;
    if (in->version == 0 || in->version > TERROIR_REPORT_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "%s: unknown options version %u", fn, in->version);
    if (!isfinite(in->map_width) || in->map_width < 0)
        return core__error(TERROIR_EINVAL, "%s: map_width must be a finite number >= 0", fn);
    /* Version 1 callers have a shorter structure: read only its fields. */
    memcpy(out, in, options_size(in->version));
    out->version = TERROIR_REPORT_OPTIONS_VERSION;
    if (!core__lang_valid((int)out->language))
        return core__error(TERROIR_EINVAL, "%s: unknown language %d", fn, (int)out->language);
    return 0;
}

int terroir_report_options_init(terroir_report_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts || version == 0 || version > TERROIR_REPORT_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_report_options_init: NULL or unknown version");
    terroir_report_options defaults = TERROIR_REPORT_OPTIONS_INIT;
    memcpy(opts, &defaults, options_size(version));
    opts->version = version;
    return 0;
}
