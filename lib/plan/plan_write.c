/* Writing a plan as JSON or YAML: one walk over the plan through the
 * emitter.  The layout is documented in datasets/SCHEMA.md ("Plan output"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/emit.h"
#include "plan/plan_internal.h"

static void per_temperature(emitter *e, const char *key, const double *v, int unlimited_is_null)
{
    emit__begin_object(e, key);
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
        const char *name = terroir_temperature_to_string((terroir_temperature)t);
        if (unlimited_is_null && v[t] == TERROIR_UNLIMITED)
            emit__string(e, name, NULL);
        else
            emit__number(e, name, v[t]);
    }
    emit__end_object(e);
}

static void write_cost(emitter *e, const terroir_cost *c, double total)
{
    emit__begin_object(e, "cost");
    emit__number(e, "total", total);
    emit__number(e, "fixed_hub", c->fixed_hub);
    emit__number(e, "handling", c->handling);
    emit__number(e, "transport", c->transport);
    emit__number(e, "vehicle_fixed", c->vehicle_fixed);
    emit__number(e, "co2", c->co2);
    emit__number(e, "unserved_penalty", c->unserved_penalty);
    emit__end_object(e);
}

/* A hub's overnight storage: the limited classes only, and no key when
 * every class is unlimited (checking storage from the JSON). */
static void write_storage(emitter *e, const double *storage_kg)
{
    int any = 0;
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        any |= storage_kg[t] != TERROIR_UNLIMITED;
    if (!any)
        return;
    emit__begin_object(e, "storage_kg");
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        if (storage_kg[t] != TERROIR_UNLIMITED)
            emit__number(e, terroir_temperature_to_string((terroir_temperature)t), storage_kg[t]);
    emit__end_object(e);
}

static void write_hubs(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "hubs");
    for (size_t i = 0; i < p->n_hubs; i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        terroir_plan_get_hub(p, i, &h);
        emit__begin_object(e, NULL);
        emit__string(e, "id", h.id);
        emit__bool(e, "open", h.open);
        emit__number(e, "fixed_cost", h.fixed_cost);
        emit__number(e, "cross_dock_minutes", h.cross_dock_minutes);
        per_temperature(e, "throughput_kg", h.throughput_kg, 0);
        per_temperature(e, "capacity_kg", h.capacity_kg, 1);
        per_temperature(e, "utilisation", h.utilisation, 0);
        per_temperature(e, "capacity_value_per_kg", h.capacity_value_per_kg, 0);
        write_storage(e, p->hubs[i].storage_kg);
        emit__end_object(e);
    }
    emit__end_array(e);
}

/* What checking the plan's routes needs of the model's products and
 * vehicle types (datasets/SCHEMA.md, "Synchronisation"): shelf life, trips
 * per day, loading time, working-day length. */
static void write_products(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "products");
    for (size_t i = 0; i < p->n_products; i++) {
        emit__begin_object(e, NULL);
        emit__string(e, "id", p->product_ids[i]);
        emit__number(e, "shelf_life_hours", p->shelf_life_hours[i]);
        emit__string(e, "temperature", terroir_temperature_to_string(p->temperatures[i]));
        emit__end_object(e);
    }
    emit__end_array(e);
}

/* The points and producers whose days are restricted (the others receive
 * or ship every operating day): {id, delivery_days} / {id, pickup_days}. */
static void write_site_days(emitter *e, const terroir_plan *p, const char *key,
                            const char *days_key, terroir_site_kind kind)
{
    emit__begin_array(e, key);
    for (size_t s = 0; s < p->n_sites; s++) {
        if (p->n_site_days[s] == 0 || p->site_kinds[s] != kind)
            continue;
        emit__begin_object(e, NULL);
        emit__string(e, "id", p->site_ids[s]);
        emit__begin_array(e, days_key);
        for (size_t k = 0; k < p->n_site_days[s]; k++)
            emit__number(e, NULL, p->site_days[s][k]);
        emit__end_array(e);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void write_vehicle_types(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "vehicle_types");
    for (size_t i = 0; i < p->n_vehicle_types; i++) {
        const plan_vehicle_type *vt = &p->vehicle_types[i];
        emit__begin_object(e, NULL);
        emit__string(e, "id", p->vehicle_type_ids[i]);
        emit__number(e, "trips_per_day", vt->trips_per_day);
        emit__number(e, "loading_minutes", vt->loading_minutes);
        emit__number(e, "max_duration_minutes", vt->max_duration_minutes);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void write_flows(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "flows");
    for (size_t i = 0; i < p->n_flows; i++) {
        terroir_plan_flow f = {0};
        f.version = TERROIR_PLAN_FLOW_VERSION;
        terroir_plan_get_flow(p, i, &f);
        emit__begin_object(e, NULL);
        emit__string(e, "product", f.product);
        emit__string(e, "from", f.from);
        emit__string(e, "via", f.via);
        emit__string(e, "to", f.to);
        emit__number(e, "quantity", f.quantity);
        emit__number(e, "kg", f.kg);
        emit__number(e, "km", f.km);
        emit__number(e, "cost", f.cost);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void write_unserved(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "unserved");
    for (size_t i = 0; i < p->n_unserved; i++) {
        terroir_plan_unserved u = {0};
        u.version = TERROIR_PLAN_UNSERVED_VERSION;
        terroir_plan_get_unserved(p, i, &u);
        emit__begin_object(e, NULL);
        emit__string(e, "point", u.point);
        emit__string(e, "product", u.product);
        emit__number(e, "quantity", u.quantity);
        emit__number(e, "kg", u.kg);
        emit__string(e, "reason", terroir_unserved_reason_to_string(u.reason));
        emit__string(e, "detail", u.detail);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void per_dimension(emitter *e, const char *key, const double *v)
{
    emit__begin_object(e, key);
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
        emit__number(e, terroir_dimension_to_string((terroir_dimension)d), v[d]);
    emit__end_object(e);
}

static void write_routes(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "routes");
    for (size_t i = 0; i < p->n_routes; i++) {
        terroir_plan_route r = {0};
        r.version = TERROIR_PLAN_ROUTE_VERSION;
        terroir_plan_get_route(p, i, &r);
        emit__begin_object(e, NULL);
        emit__string(e, "vehicle_type", r.vehicle_type);
        emit__number(e, "vehicle", (double)r.vehicle);
        emit__number(e, "day", (double)r.day);
        emit__string(e, "hub", r.hub);
        emit__number(e, "departure", r.departure);
        emit__number(e, "arrival", r.arrival);
        emit__number(e, "km", r.km);
        emit__number(e, "minutes", r.minutes);
        emit__number(e, "cost", r.cost);
        emit__number(e, "co2_kg", r.co2_kg);
        per_dimension(e, "load_start", r.load_start);
        emit__begin_array(e, "stops");
        for (size_t k = 0; k < r.n_stops; k++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            terroir_plan_get_route_stop(p, i, k, &st);
            emit__begin_object(e, NULL);
            emit__string(e, "site", st.site);
            emit__string(e, "kind", terroir_stop_kind_to_string(st.kind));
            emit__number(e, "arrival", st.arrival);
            emit__number(e, "start", st.start);
            emit__number(e, "departure", st.departure);
            per_dimension(e, st.kind == TERROIR_STOP_PICKUP ? "pickup" : "delivery",
                          st.kind == TERROIR_STOP_PICKUP ? st.pickup : st.delivery);
            per_dimension(e, "load", st.load);
            /* Known per product: {product id: {quantity, kg}}; absent when
             * the stop's goods are known in kg only. */
            if (st.n_products > 0) {
                emit__begin_object(e, "products");
                for (size_t j = 0; j < st.n_products; j++) {
                    terroir_plan_stop_product sp = {0};
                    sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
                    terroir_plan_get_route_stop_product(p, i, k, j, &sp);
                    emit__begin_object(e, sp.product);
                    emit__number(e, "quantity", sp.quantity);
                    emit__number(e, "kg", sp.kg);
                    emit__end_object(e);
                }
                emit__end_object(e);
            }
            emit__end_object(e);
        }
        emit__end_array(e);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void write_self_deliveries(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "self_deliveries");
    for (size_t i = 0; i < p->n_self_deliveries; i++) {
        terroir_plan_self_delivery d = {0};
        d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION;
        terroir_plan_get_self_delivery(p, i, &d);
        emit__begin_object(e, NULL);
        emit__string(e, "producer", d.producer);
        emit__string(e, "hub", d.hub);
        emit__string(e, "product", d.product);
        emit__number(e, "quantity", d.quantity);
        emit__number(e, "kg", d.kg);
        emit__number(e, "day", d.day);
        emit__number(e, "departure", d.departure);
        emit__number(e, "arrival", d.arrival);
        emit__end_object(e);
    }
    emit__end_array(e);
}

static void write_unserved_stops(emitter *e, const terroir_plan *p)
{
    emit__begin_array(e, "unserved_stops");
    for (size_t i = 0; i < p->n_unserved_stops; i++) {
        terroir_plan_unserved_stop u = {0};
        u.version = TERROIR_PLAN_UNSERVED_STOP_VERSION;
        terroir_plan_get_unserved_stop(p, i, &u);
        emit__begin_object(e, NULL);
        emit__string(e, "site", u.site);
        emit__string(e, "kind", terroir_stop_kind_to_string(u.kind));
        emit__string(e, "hub", u.hub);
        emit__number(e, "kg", u.kg);
        emit__number(e, "penalty", u.penalty);
        emit__string(e, "reason", terroir_unserved_stop_reason_to_string(u.reason));
        emit__string(e, "detail", u.detail);
        emit__end_object(e);
    }
    emit__end_array(e);
}

/* How far the allocation's transport estimate was from the routes. */
static void write_routing(emitter *e, const plan_summary *s)
{
    emit__begin_object(e, "routing");
    emit__number(e, "routes", (double)s->n_routes);
    emit__number(e, "unserved_stops", (double)s->n_unserved_stops);
    emit__number(e, "km", s->routed_km);
    emit__number(e, "minutes", s->routed_minutes);
    emit__number(e, "cost", s->routed_cost);
    emit__number(e, "transport_estimate", s->transport_estimate);
    emit__number(e, "transport_estimate_error", s->transport_estimate_error);
    emit__number(e, "polish_gain", s->route_polish_gain);
    emit__bool(e, "feedback_applied", s->route_feedback_applied);
    emit__end_object(e);
}

static double share(double part, double whole)
{
    return whole > 0 ? part / whole : 1.0;
}

static void write_kpis(emitter *e, const plan_summary *s)
{
    emit__begin_object(e, "kpis");
    emit__number(e, "tonne_km", s->tonne_km);
    emit__number(e, "co2_kg", s->co2_kg);
    emit__number(e, "demand_kg", s->demand_kg_total);
    emit__number(e, "served_kg", s->served_kg_total);
    emit__number(e, "served_share", share(s->served_kg_total, s->demand_kg_total));
    emit__begin_object(e, "by_point_kind");
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        emit__begin_object(e, terroir_point_kind_to_string((terroir_point_kind)k));
        emit__number(e, "demand_kg", s->demand_kg[k]);
        emit__number(e, "served_kg", s->served_kg[k]);
        emit__number(e, "served_share", share(s->served_kg[k], s->demand_kg[k]));
        emit__end_object(e);
    }
    emit__end_object(e);
    emit__end_object(e);
}

static char *plan_text(const terroir_plan *p, int json, size_t *len)
{
    const plan_summary *s = &p->summary;
    core_locale loc;
    core__locale_c_begin(&loc);
    emitter e;
    emit__init(&e, json);
    emit__begin_object(&e, NULL);
    emit__number(&e, "terroir_plan", 1);
    emit__string(&e, "model", p->model_name);
    emit__string(&e, "status", terroir_status_to_string(s->status));
    emit__number(&e, "objective", s->objective);
    emit__number(&e, "bound", s->bound);
    emit__number(&e, "gap", s->gap);
    emit__number(&e, "solve_seconds", s->solve_seconds);
    emit__begin_object(&e, "stage_seconds");
    for (int st = 0; st < TERROIR_STAGE_COUNT; st++)
        emit__number(&e, terroir_stage_to_string((terroir_stage)st), s->stage_seconds[st]);
    emit__end_object(&e);
    emit__begin_array(&e, "warnings");
    for (size_t i = 0; i < terroir_diagnostics_count(p->warnings); i++)
        emit__string(&e, NULL, terroir_diagnostics_get(p->warnings, i)->message);
    emit__end_array(&e);
    write_cost(&e, &s->cost, s->objective);
    /* Food-hub mode (a solve with producers): every hub's departures are
     * checked against its inbound goods; otherwise (pure VRP) hubs are
     * stocked from the start. */
    emit__bool(&e, "food_hub", !p->pure_vrp);
    emit__number(&e, "operating_days", p->operating_days);
    write_hubs(&e, p);
    write_products(&e, p);
    write_site_days(&e, p, "points", "delivery_days", TERROIR_SITE_POINT);
    write_site_days(&e, p, "producers", "pickup_days", TERROIR_SITE_PRODUCER);
    write_vehicle_types(&e, p);
    write_flows(&e, p);
    write_unserved(&e, p);
    write_routing(&e, s);
    write_routes(&e, p);
    write_self_deliveries(&e, p);
    write_unserved_stops(&e, p);
    write_kpis(&e, s);
    emit__end_object(&e);
    char *text = emit__finish(&e, len);
    core__locale_c_end(&loc);
    return text;
}

static int write_buffer(char **out, size_t *out_len, const terroir_plan *p, int json,
                        const char *fn)
{
    core__error_reset();
    if (!out || !p)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    char *text = plan_text(p, json, out_len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing a plan");
    *out = text;
    return 0;
}

static int write_file(const terroir_plan *p, const char *path, int json, const char *fn)
{
    core__error_reset();
    if (!p || !path)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    size_t len = 0;
    char *text = plan_text(p, json, &len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing a plan");
    int rc = core__write_file(path, text, len);
    free(text);
    return rc;
}

int terroir_plan_write_json_buffer(char **out, size_t *out_len, const terroir_plan *p)
{
    return write_buffer(out, out_len, p, 1, "terroir_plan_write_json_buffer");
}
int terroir_plan_write_yaml_buffer(char **out, size_t *out_len, const terroir_plan *p)
{
    return write_buffer(out, out_len, p, 0, "terroir_plan_write_yaml_buffer");
}
int terroir_plan_write_json_file(const terroir_plan *p, const char *path)
{
    return write_file(p, path, 1, "terroir_plan_write_json_file");
}
int terroir_plan_write_yaml_file(const terroir_plan *p, const char *path)
{
    return write_file(p, path, 0, "terroir_plan_write_yaml_file");
}
