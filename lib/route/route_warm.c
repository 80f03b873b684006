/* Warm start of a routing problem from an earlier routing of the same
 * model (route_stage_params.warm): the earlier routes in the problem's
 * node indices, for the engine to start from (vrp_params.initial).
 *
 * Why: the pipeline may route the same flows, or similar ones, more than
 * once (solve_foodhub.c routes briefly to learn its cost model, then long);
 * without a warm start the long search would begin again from random
 * tours and the brief one's time would be lost to routing quality.
 *
 * The mapping is by what a route does, not by node numbers, which differ
 * between problems: a route is kept for the problem's vehicle type of its
 * model vehicle type (routes of other hubs have none here), and each of
 * its stops maps to a node of the problem at the same site with the same
 * kind (delivery or pickup), each node at most once.  Stops with no such
 * node are skipped; nodes no route reaches are left for the engine's local
 * search to insert.  Quantities may differ from the earlier routing's: the
 * engine evaluates the routes afresh. */
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"
#include "route/route_stage.h"

int route__warm_start(const terroir_model *m, const route_problem *rp,
                      const route_stage_result *warm, vrp_solution *out)
{
    memset(out, 0, sizeof *out);
    if (!warm || warm->n_routes == 0)
        return 0;
    size_t n_sites = m->n_sites ? m->n_sites : 1;
    size_t *head = core__calloc(n_sites, sizeof *head);
    size_t *next = core__calloc(rp->n_nodes ? rp->n_nodes : 1, sizeof *next);
    out->routes = core__calloc(warm->n_routes, sizeof *out->routes);
    if (!head || !next || !out->routes)
        goto nomem;
    /* nodes by site, in index order: head[site] -> next[node] -> ... */
    for (size_t i = 0; i < n_sites; i++)
        head[i] = VRP_NONE;
    for (size_t i = rp->n_nodes; i-- > rp->n_depots;) {
        next[i] = head[rp->info[i].site];
        head[rp->info[i].site] = i;
    }
    for (size_t r = 0; r < warm->n_routes; r++) {
        const plan_route *pr = &warm->routes[r];
        size_t t = 0;
        while (t < rp->n_types && rp->type_model[t] != pr->vehicle_type)
            t++;
        if (t == rp->n_types || pr->n_stops == 0)
            continue;
        vrp_route *vr = &out->routes[out->n_routes];
        if (!(vr->stops = core__calloc(pr->n_stops, sizeof *vr->stops)))
            goto nomem;
        vr->type = t;
        out->n_routes++;
        for (size_t k = 0; k < pr->n_stops; k++) {
            const plan_stop *ps = &pr->stops[k];
            if (ps->site >= m->n_sites)
                continue;
            /* the first node of this site and kind not yet used; a used
             * node leaves the chain */
            size_t *link = &head[ps->site];
            while (*link != VRP_NONE && rp->info[*link].kind != ps->kind)
                link = &next[*link];
            if (*link == VRP_NONE)
                continue;
            vr->stops[vr->n_stops++] = *link;
            *link = next[*link];
        }
    }
    free(head);
    free(next);
    return 0;
nomem:
    free(head);
    free(next);
    vrp__solution_free(out);
    return core__error(TERROIR_ENOMEM, "out of memory starting the routes from earlier ones");
}
