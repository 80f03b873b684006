/* How terroir_solve() splits a time limit between its stages.  Every
 * number here is a policy, named, with its reason. */
#include "plan/solve_internal.h"

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
/* The second round's design re-prices the same network with the model
 * learned from the first round's routes: it gets this share of the time
 * left (not the half of a first design), because the plan it leads to
 * still needs all its routing, and a second design that ends without a plan
 * costs nothing (the first round's plan is routed again). */
#define SECOND_DESIGN_SHARE 0.3

double solve__time_left(const solve_ctx *c)
{
    if (c->opts->time_limit_seconds <= 0)
        return 0;
    double left = c->opts->time_limit_seconds - (core__now() - c->start);
    return left > 1e-3 ? left : 1e-3;
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

double solve__route_seconds(const solve_ctx *c)
{
    const terroir_solve_options *o = c->opts;
    double left = solve__time_left(c), b = o->route_seconds;
    if (left > 0 && (b <= 0 || b > left))
        b = left;
    if (b <= 0 && o->route_iterations == 0)
        b = TERROIR_ROUTE_DEFAULT_SECONDS;
    return b;
}

double solve__first_round_share(void)
{
    return FIRST_ROUND_SHARE;
}

double solve__second_design_seconds(double left)
{
    return left > 0 ? SECOND_DESIGN_SHARE * left : 0;
}
