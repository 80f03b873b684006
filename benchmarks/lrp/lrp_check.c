/* The independent check of a CLRP solution (lrp.h): routes against the raw
 * instance the runner read itself.  Sites are mapped back by the ids that
 * both the importer and dat2yaml.py give them: depot k is hub "d<k>",
 * customer i is point "c<i>" (1-based, the order of the .dat file).
 *
 * Cost convention (Prins, Prodhon & Wolfler Calvo 2006): opening cost of
 * every depot with at least one route + F per route + the length of every
 * arc, depot -> customers -> depot, by the file's distance rule.  The check
 * reports, never repairs: a violation counts as an error and the cost is
 * still computed from the routes as they are. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrp.h"

/* Relative tolerance of the comparisons of money and kg. */
#define LRP_TOLERANCE 1e-6

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int lrp_solution_add_route(lrp_solution *s, const char *hub)
{
    if (s->n_routes == s->cap_routes) {
        size_t cap = s->cap_routes ? 2 * s->cap_routes : 16;
        lrp_route *grown = realloc(s->routes, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->routes = grown;
        s->cap_routes = cap;
    }
    lrp_route *r = &s->routes[s->n_routes];
    memset(r, 0, sizeof *r);
    if (!(r->hub = dup(hub)))
        return -1;
    s->n_routes++;
    return 0;
}

int lrp_solution_add_stop(lrp_solution *s, const char *site, double kg)
{
    if (s->n_routes == 0)
        return -1;
    lrp_route *r = &s->routes[s->n_routes - 1];
    char **stops = realloc(r->stops, (r->n_stops + 1) * sizeof *stops);
    if (!stops)
        return -1;
    r->stops = stops;
    double *kgs = realloc(r->kg, (r->n_stops + 1) * sizeof *kgs);
    if (!kgs)
        return -1;
    r->kg = kgs;
    if (!(r->stops[r->n_stops] = dup(site)))
        return -1;
    r->kg[r->n_stops++] = kg;
    return 0;
}

int lrp_solution_add_open(lrp_solution *s, const char *hub)
{
    char **open = realloc(s->open, (s->n_open + 1) * sizeof *open);
    if (!open)
        return -1;
    s->open = open;
    if (!(s->open[s->n_open] = dup(hub)))
        return -1;
    s->n_open++;
    return 0;
}

void lrp_solution_free(lrp_solution *s)
{
    for (size_t r = 0; r < s->n_routes; r++) {
        for (size_t k = 0; k < s->routes[r].n_stops; k++)
            free(s->routes[r].stops[k]);
        free(s->routes[r].stops);
        free(s->routes[r].kg);
        free(s->routes[r].hub);
    }
    free(s->routes);
    for (size_t k = 0; k < s->n_open; k++)
        free(s->open[k]);
    free(s->open);
    memset(s, 0, sizeof *s);
}

int lrp_solution_read(lrp_solution *s, const char *path, char *err, size_t n_err)
{
    memset(s, 0, sizeof *s);
    s->objective = NAN;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, n_err, "%s: cannot read", path);
        return -1;
    }
    char line[1 << 16];
    unsigned long no = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        no++;
        char *save = NULL, *word = strtok_r(line, " \t\r\n", &save);
        if (!word || word[0] == '#')
            continue;
        if (strcmp(word, "status") == 0) {
            char *v = strtok_r(NULL, " \t\r\n", &save);
            snprintf(s->status, sizeof s->status, "%s", v ? v : "?");
        } else if (strcmp(word, "objective") == 0) {
            char *v = strtok_r(NULL, " \t\r\n", &save);
            s->objective = v ? strtod(v, NULL) : NAN;
        } else if (strcmp(word, "open") == 0) {
            for (char *v; rc == 0 && (v = strtok_r(NULL, " \t\r\n", &save));)
                rc = lrp_solution_add_open(s, v);
        } else if (strcmp(word, "route") == 0) {
            char *hub = strtok_r(NULL, " \t\r\n", &save);
            if (!hub) {
                snprintf(err, n_err, "%s:%lu: route without hub", path, no);
                rc = -1;
                break;
            }
            rc = lrp_solution_add_route(s, hub);
            for (char *v; rc == 0 && (v = strtok_r(NULL, " \t\r\n", &save));) {
                char *colon = strchr(v, ':');
                double kg = NAN;
                if (colon) {
                    *colon = '\0';
                    kg = strtod(colon + 1, NULL);
                }
                rc = lrp_solution_add_stop(s, v, kg);
            }
        } else {
            snprintf(err, n_err, "%s:%lu: unknown line '%s'", path, no, word);
            rc = -1;
        }
    }
    if (rc && !err[0])
        snprintf(err, n_err, "%s: out of memory", path);
    fclose(f);
    if (rc)
        lrp_solution_free(s);
    return rc;
}

/* ---- the check */

/* Append "error: MESSAGE" (counted in c->errors) or "note: MESSAGE". */
static void say(lrp_check *c, int is_error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(lrp_check *c, int is_error, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error)
        c->errors++;
    if (n < 0)
        return;
    size_t need = c->len + strlen(msg) + 9;
    if (need > c->cap) {
        size_t cap = c->cap ? c->cap : 256;
        while (cap < need)
            cap *= 2;
        char *grown = realloc(c->messages, cap);
        if (!grown)
            return; /* the count stays right; the text is lost */
        c->messages = grown;
        c->cap = cap;
    }
    c->len += (size_t)sprintf(c->messages + c->len, "%s: %s\n", is_error ? "error" : "note", msg);
}

/* The 1-based number in an id "<prefix><k>" with 1 <= k <= max; 0 otherwise. */
static size_t id_number(const char *id, char prefix, size_t max)
{
    if (!id || id[0] != prefix || id[1] < '1' || id[1] > '9')
        return 0;
    char *end;
    unsigned long long k = strtoull(id + 1, &end, 10);
    return *end || k > max ? 0 : (size_t)k;
}

static int near(double a, double b)
{
    return fabs(a - b) <= LRP_TOLERANCE * fmax(1.0, fmax(fabs(a), fabs(b)));
}

int lrp_check_solution(const lrp_instance *inst, const lrp_solution *sol, lrp_check *out)
{
    memset(out, 0, sizeof *out);
    unsigned *visits = calloc(inst->n, sizeof *visits);
    double *load = calloc(inst->m, sizeof *load);
    size_t *routes_of = calloc(inst->m, sizeof *routes_of);
    unsigned char *open = calloc(inst->m, 1);
    if (!visits || !load || !routes_of || !open) {
        free(visits);
        free(load);
        free(routes_of);
        free(open);
        return -1;
    }
    for (size_t r = 0; r < sol->n_routes; r++) {
        const lrp_route *rt = &sol->routes[r];
        size_t depot = id_number(rt->hub, 'd', inst->m);
        if (!depot) {
            say(out, 1, "route %zu starts at '%s', not a depot", r + 1, rt->hub);
            continue;
        }
        depot--;
        if (rt->n_stops == 0) {
            say(out, 1, "route %zu from d%zu has no stop", r + 1, depot + 1);
            continue;
        }
        double x = inst->depot_x[depot], y = inst->depot_y[depot], kg = 0;
        for (size_t k = 0; k < rt->n_stops; k++) {
            size_t c = id_number(rt->stops[k], 'c', inst->n);
            if (!c) {
                say(out, 1, "route %zu stop %zu is '%s', not a customer", r + 1, k + 1,
                    rt->stops[k]);
                continue;
            }
            c--;
            visits[c]++;
            kg += inst->demand[c];
            if (!isnan(rt->kg[k]) && !near(rt->kg[k], inst->demand[c]))
                say(out, 1, "route %zu delivers %g kg to c%zu, whose demand is %g", r + 1,
                    rt->kg[k], c + 1, inst->demand[c]);
            out->arcs += lrp_distance(inst, x, y, inst->cust_x[c], inst->cust_y[c]);
            x = inst->cust_x[c];
            y = inst->cust_y[c];
        }
        out->arcs += lrp_distance(inst, x, y, inst->depot_x[depot], inst->depot_y[depot]);
        if (kg > inst->q * (1 + LRP_TOLERANCE))
            say(out, 1, "route %zu from d%zu carries %g, above the vehicle capacity %g", r + 1,
                depot + 1, kg, inst->q);
        load[depot] += kg;
        routes_of[depot]++;
        out->routes++;
    }
    for (size_t i = 0; i < inst->n; i++) {
        if (visits[i] == 0 && inst->demand[i] > 0)
            say(out, 1, "customer c%zu (demand %g) is not served", i + 1, inst->demand[i]);
        else if (visits[i] > 1)
            say(out, 1, "customer c%zu is visited %u times", i + 1, visits[i]);
    }
    for (size_t k = 0; k < sol->n_open; k++) {
        size_t depot = id_number(sol->open[k], 'd', inst->m);
        if (depot)
            open[depot - 1] = 1;
        else
            say(out, 1, "the plan opens '%s', not a depot", sol->open[k]);
    }
    for (size_t k = 0; k < inst->m; k++) {
        if (load[k] > inst->capacity[k] * (1 + LRP_TOLERANCE))
            say(out, 1, "depot d%zu ships %g, above its capacity %g", k + 1, load[k],
                inst->capacity[k]);
        if (routes_of[k]) {
            out->depots_used++;
            out->opening += inst->opening[k];
            if (!open[k])
                say(out, 1, "depot d%zu has %zu route(s) but is not open in the plan", k + 1,
                    routes_of[k]);
        } else if (open[k]) {
            say(out, 0,
                "depot d%zu is open in the plan but has no route (opening cost %g not "
                "counted in the recomputed cost)",
                k + 1, inst->opening[k]);
        }
    }
    out->fixed = inst->f * (double)out->routes;
    out->cost = out->opening + out->fixed + out->arcs;
    if (!isnan(sol->objective) && !near(sol->objective, out->cost))
        say(out, 1,
            "the plan's objective %.6f differs from the recomputed cost %.6f (opening "
            "%.6f + routes %.6f + arcs %.6f)",
            sol->objective, out->cost, out->opening, out->fixed, out->arcs);
    free(visits);
    free(load);
    free(routes_of);
    free(open);
    return 0;
}

void lrp_check_free(lrp_check *c)
{
    free(c->messages);
    memset(c, 0, sizeof *c);
}
