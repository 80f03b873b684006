/* How terroir_solve() spends its time: the deadline of the whole solve,
 * when a search stops for lack of progress, and how the time splits
 * between stages.  Every number here is a policy, named, with its reason.
 *
 * The deadline (solve_ctx.end) is the caller's time limit, or, without
 * one, the automatic cap below; every stage polls it, and after it each
 * stage still finishes with the cheapest plan it has (greedy flows, routes
 * built without search), so a solve always returns a complete plan.
 *
 * The automatic rule (documented in include/terroir/solve.h): when the
 * caller sets no time limit, iteration count, routing time or stall time,
 * each search stops after stall(n) seconds without a better solution
 * (n = the model's sites: the work of a local search or a routing
 * iteration grows with n, so a larger model needs longer to find its next
 * improvement), and the solve is capped at cap(n) seconds.  The rule is for
 * solves that route (the routing search has no natural end); a solve
 * without routes, design and allocation only, ends on its own (the design
 * when its search is done, the allocation when it is optimal), the same on
 * every run. */
#include "plan/solve_internal.h"

/* stall(n) = min(STALL_BASE + n / STALL_SITES_PER_SECOND, STALL_MAX).
 * Measured on Chaudière-Appalaches (882 sites): stall 1.9 s ended in 19 s
 * 31% above the plan of a 110 s limit, stall 4 s in 77 s 4% above. */
#define STALL_BASE 1.5
#define STALL_SITES_PER_SECOND 400.0
#define STALL_MAX 6.0
/* cap(n) = min(CAP_BASE + n / CAP_SITES_PER_SECOND, CAP_MAX): the 17
 * regional datasets (up to 2,800 sites) each solve within a minute with
 * room for loading, writing and a loaded machine. */
#define CAP_BASE 20.0
#define CAP_SITES_PER_SECOND 60.0
#define CAP_MAX 45.0

/* Without routes, the design keeps a quarter of the time (at most
 * DESIGN_RESERVE_MAX s) for the allocation: a design without its
 * allocation is no plan. */
#define DESIGN_RESERVE_SHARE 0.25
#define DESIGN_RESERVE_MAX 10.0
/* With routes to follow, the design gets half of the time left: the
 * routing search of a regional network needs time too. */
#define DESIGN_SHARE_WITH_ROUTES 0.5
/* The first round of a calibrated food-hub solve is the a-priori plan and
 * what the model learns from: its design and allocation get their usual
 * budget, its routes only this share of the time left after them (enough to
 * learn from); the plan chosen then gets the rest in one routing search,
 * since one long search beats two short ones. */
#define FIRST_ROUND_SHARE 0.2
/* A second round starts only with at least this share of the limit left:
 * less would only delay the end past the deadline. */
#define SECOND_ROUND_MIN_SHARE 0.1
/* ...and only when the time left after the first round's allocation is at
 * least this many times what the first round took so far (the second
 * designs and allocates again, and its routes need the most time); else
 * the first round's routes get all the time left. */
#define SECOND_ROUND_FACTOR 4.0
/* With routes to follow, the allocation gets at most this share of the
 * time left: it always has flows (a greedy start), and routes without time
 * are the worse loss. */
#define ALLOC_SHARE_WITH_ROUTES 0.5

/* The second round's design re-prices the same network with the model
 * learned from the first round's routes: it gets this share of the time
 * left (not the half of a first design), because the plan it leads to
 * still needs all its routing, and a second design that ends without a plan
 * costs nothing (the first round's plan is routed again). */
#define SECOND_DESIGN_SHARE 0.3

void solve__budget_init(solve_ctx *c, const terroir_model *m)
{
    const terroir_solve_options *o = c->opts;
    double n = (double)m->n_sites;
    c->end = 0;
    c->stall = o->stall_seconds;
    c->automatic = 0;
    if (o->time_limit_seconds > 0) {
        c->end = c->start + o->time_limit_seconds;
    } else if (o->route_iterations == 0 && o->route_seconds <= 0 && o->stall_seconds <= 0) {
        double stall = STALL_BASE + n / STALL_SITES_PER_SECOND;
        double cap = CAP_BASE + n / CAP_SITES_PER_SECOND;
        int routes = (o->stages & (1u << TERROIR_STAGE_ROUTE)) && m->n_vehicle_types > 0;
        if (routes) {
            c->stall = stall < STALL_MAX ? stall : STALL_MAX;
            c->end = c->start + (cap < CAP_MAX ? cap : CAP_MAX);
            c->automatic = 1;
        }
    }
}

double solve__limit(const solve_ctx *c)
{
    return c->end > 0 ? c->end - c->start : 0;
}

double solve__left_until(double end)
{
    if (end <= 0)
        return 0;
    double t = end - core__now();
    return t > 1e-3 ? t : 1e-3;
}

double solve__time_left(const solve_ctx *c)
{
    return solve__left_until(c->end);
}

int solve__time_is_up(const solve_ctx *c)
{
    return c->canceled || (c->end > 0 && core__now() >= c->end);
}

int solve__second_round_worth(const solve_ctx *c)
{
    return !c->canceled &&
           (c->end <= 0 || c->end - core__now() >= SECOND_ROUND_MIN_SHARE * solve__limit(c));
}

int solve__second_round_fits(double round_start, double end)
{
    if (end <= 0)
        return 1;
    double now = core__now();
    return end - now >= SECOND_ROUND_FACTOR * (now - round_start);
}

double solve__alloc_end(double end, int routes_follow)
{
    if (end <= 0 || !routes_follow)
        return end;
    double now = core__now();
    return now + ALLOC_SHARE_WITH_ROUTES * (end > now ? end - now : 0);
}

double solve__design_seconds(double left, int routes_follow)
{
    if (left <= 0)
        return 0;
    if (routes_follow)
        return DESIGN_SHARE_WITH_ROUTES * left;
    double reserve = DESIGN_RESERVE_SHARE * left;
    return left - (reserve < DESIGN_RESERVE_MAX ? reserve : DESIGN_RESERVE_MAX);
}

double solve__route_seconds_until(const solve_ctx *c, double end)
{
    const terroir_solve_options *o = c->opts;
    double left = solve__left_until(end), b = o->route_seconds;
    if (left > 0 && (b <= 0 || b > left))
        b = left;
    if (b <= 0 && o->route_iterations == 0 && c->stall <= 0)
        b = TERROIR_ROUTE_DEFAULT_SECONDS;
    return b;
}

double solve__route_seconds(const solve_ctx *c)
{
    return solve__route_seconds_until(c, c->end);
}

double solve__first_round_share(void)
{
    return FIRST_ROUND_SHARE;
}

double solve__second_design_seconds(double left)
{
    return left > 0 ? SECOND_DESIGN_SHARE * left : 0;
}
