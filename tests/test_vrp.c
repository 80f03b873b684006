/* Unit tests of the routing engine (lib/route/vrp_*.c): vrp__evaluate on
 * hand-made routes (schedule, loads, each kind of violation); the engine
 * against a brute-force solver on small random instances of every
 * constraint kind (multi-dimensional capacity, time windows, several
 * windows, duration limit, pickups with deliveries, temperatures, several
 * depots, optional stops, heterogeneous fleet, all at once); determinism for
 * a seed and an iteration limit; the time limit; cancellation; errors.
 * White-box: linked with the internal static library. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp.h"

#define TOL 1e-6

/* ------------------------------------------------------------ instances */

#define MAXN 64
#define MAXW 3

typedef struct inst {
    size_t n, nd, nt;
    vrp_node nodes[MAXN];
    vrp_window win[MAXN][MAXW];
    double x[MAXN], y[MAXN];
    double km[MAXN * MAXN], mins[MAXN * MAXN];
    vrp_vehicle_type types[8];
    vrp_problem p;
} inst;

static unsigned long long lcg_state;
static double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}
static int irand(int n)
{
    return (int)(urand() * n);
}

/* Euclidean distances, minutes = km. */
static void finish(inst *I)
{
    size_t i, j;
    for (i = 0; i < I->n; i++)
        for (j = 0; j < I->n; j++) {
            double d = hypot(I->x[i] - I->x[j], I->y[i] - I->y[j]);
            I->km[i * I->n + j] = d;
            I->mins[i * I->n + j] = d;
        }
    I->p.n_nodes = I->n;
    I->p.n_depots = I->nd;
    I->p.nodes = I->nodes;
    I->p.km = I->km;
    I->p.minutes = I->mins;
    I->p.types = I->types;
    I->p.n_types = I->nt;
}

static void base(inst *I, size_t nd, size_t n_stops)
{
    size_t i;
    memset(I, 0, sizeof *I);
    I->nd = nd;
    I->n = nd + n_stops;
    for (i = 0; i < I->n; i++) {
        I->x[i] = urand() * 100.0;
        I->y[i] = urand() * 100.0;
        I->nodes[i].site = i;
        I->nodes[i].unserved_penalty = -1.0;
    }
}

static vrp_vehicle_type *add_type(inst *I, size_t depot, size_t count)
{
    vrp_vehicle_type *t = &I->types[I->nt++];
    memset(t, 0, sizeof *t);
    t->depot = depot;
    t->count = count;
    t->capacity[0] = t->capacity[1] = t->capacity[2] = -1.0;
    t->temperatures = 7u;
    t->cost_per_km = 1.0;
    t->time_factor = 1.0;
    return t;
}

static void set_windows(inst *I, size_t i, size_t k, const double *oc)
{
    size_t w;
    for (w = 0; w < k; w++) {
        I->win[i][w].open = oc[2 * w];
        I->win[i][w].close = oc[2 * w + 1];
    }
    I->nodes[i].windows = I->win[i];
    I->nodes[i].n_windows = k;
}

/* ---------------------------------------------------------- brute force */

typedef struct bf {
    const vrp_problem *p;
    size_t n;
    int used[MAXN];
    size_t tused[8];
    size_t seq[MAXN];
    size_t top; /* stops in closed routes, at the start of seq */
    double cost, best;
    size_t t;
} bf;

static int route_ok(const vrp_problem *p, size_t type, const size_t *seq, size_t len, double *cost,
                    int prefix)
{
    vrp_route r;
    vrp_violation v[4 * MAXN];
    size_t nv, k;
    memset(&r, 0, sizeof r);
    r.type = type;
    r.stops = (size_t *)seq;
    r.n_stops = len;
    nv = vrp__evaluate(p, &r, NULL, v, 4 * MAXN);
    *cost = r.cost;
    if (!prefix)
        return nv == 0;
    /* For a prefix: only the violations that later stops cannot undo. */
    for (k = 0; k < nv && k < 4 * MAXN; k++)
        if (v[k].kind == VRP_VIOLATION_CAPACITY || v[k].kind == VRP_VIOLATION_TIME_WINDOW ||
            v[k].kind == VRP_VIOLATION_TEMPERATURE)
            return 0;
    return 1;
}

static void bf_rec(bf *b);

/* Extend the route of type b->t (holding stop s) by any unused stop; the
 * route is seq[start .. start + len), routes closed before it lie below. */
static void bf_ext(bf *b, size_t start, size_t len, size_t s, int has_s)
{
    const vrp_problem *p = b->p;
    size_t j, *seq = b->seq + start;
    double c;
    if (has_s && route_ok(p, b->t, seq, len, &c, 0) && b->cost + c < b->best) {
        size_t t = b->t, top = b->top;
        b->cost += c;
        b->tused[t]++;
        b->top = start + len;
        bf_rec(b);
        b->top = top;
        b->tused[t]--;
        b->cost -= c;
        b->t = t;
    }
    for (j = p->n_depots; j < p->n_nodes; j++) {
        if (b->used[j] || j < s)
            continue;
        seq[len] = j;
        b->used[j] = 1;
        if (route_ok(p, b->t, seq, len + 1, &c, 1) && b->cost + c < b->best)
            bf_ext(b, start, len + 1, s, has_s || j == s);
        b->used[j] = 0;
    }
}

/* Decide the smallest undecided stop: unserved (optional) or in a new
 * route of some type that holds it (each set of routes once). */
static void bf_rec(bf *b)
{
    const vrp_problem *p = b->p;
    size_t s, t;
    for (s = p->n_depots; s < p->n_nodes && b->used[s]; s++)
        ;
    if (s == p->n_nodes) {
        if (b->cost < b->best)
            b->best = b->cost;
        return;
    }
    if (p->nodes[s].unserved_penalty >= 0.0) {
        b->used[s] = 1;
        b->cost += p->nodes[s].unserved_penalty;
        bf_rec(b);
        b->cost -= p->nodes[s].unserved_penalty;
        b->used[s] = 0;
    }
    for (t = 0; t < p->n_types; t++) {
        if (b->tused[t] >= p->types[t].count)
            continue;
        b->t = t;
        bf_ext(b, b->top, 0, s, 0);
    }
}

static double brute_force(const vrp_problem *p)
{
    bf b;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.best = HUGE_VAL;
    bf_rec(&b);
    return b.best;
}

/* ------------------------------------------------------------- helpers */

static vrp_params params_iter(unsigned long seed, unsigned long it)
{
    vrp_params pr;
    memset(&pr, 0, sizeof pr);
    pr.seed = seed;
    pr.iterations = it;
    return pr;
}

/* Every reported route re-evaluated: feasible, costs add up, each stop once. */
static void check_solution(const vrp_problem *p, const vrp_solution *s)
{
    int seen[MAXN * 8] = {0};
    double c = 0.0;
    size_t r, k;
    for (r = 0; r < s->n_routes; r++) {
        vrp_route q = s->routes[r];
        if (s->feasible)
            ck_assert_uint_eq(vrp__evaluate(p, &q, NULL, NULL, 0), 0);
        ck_assert_double_eq_tol(q.cost, s->routes[r].cost, TOL);
        c += q.cost;
        for (k = 0; k < q.n_stops; k++) {
            ck_assert_uint_ge(q.stops[k], p->n_depots);
            ck_assert_uint_lt(q.stops[k], p->n_nodes);
            seen[q.stops[k]]++;
        }
    }
    for (k = 0; k < s->n_unserved; k++) {
        seen[s->unserved[k]]++;
        if (p->nodes[s->unserved[k]].unserved_penalty >= 0)
            c += p->nodes[s->unserved[k]].unserved_penalty;
    }
    for (k = p->n_depots; k < p->n_nodes; k++)
        ck_assert_int_eq(seen[k], 1);
    ck_assert_double_eq_tol(c, s->cost, TOL * (1.0 + fabs(c)));
}

/* The engine against brute force on one instance. */
static void expect_optimum(const inst *I, const char *what, unsigned long seed)
{
    double opt = brute_force(&I->p);
    vrp_params pr = params_iter(seed, 1000);
    vrp_solution s;
    ck_assert_int_eq(vrp__solve(&I->p, &pr, &s), 0);
    check_solution(&I->p, &s);
    if (opt == HUGE_VAL) {
        ck_assert_msg(!s.feasible, "%s seed %lu: engine feasible, brute force found none", what,
                      seed);
    } else {
        ck_assert_msg(s.feasible, "%s seed %lu: engine infeasible (optimum %.6f)", what, seed,
                      opt);
        ck_assert_msg(fabs(s.cost - opt) <= TOL * (1.0 + opt),
                      "%s seed %lu: engine %.6f, brute force %.6f", what, seed, s.cost, opt);
    }
    vrp__solution_free(&s);
}

/* ------------------------------------------------------ evaluate tests */

/* Depot at 0, stops at x = 10 and x = 30 on a line. */
static void line(inst *I)
{
    base(I, 1, 2);
    I->x[0] = 0;
    I->x[1] = 10;
    I->x[2] = 30;
    I->y[0] = I->y[1] = I->y[2] = 0;
    add_type(I, 0, 1);
    finish(I);
}

START_TEST(evaluate_reports_schedule_loads_and_cost)
{
    inst I;
    size_t st[2] = {1, 2};
    vrp_route r = {0, st, 2, 0, 0, 0};
    vrp_stop_eval e[2];
    line(&I);
    I.nodes[1].delivery[0] = 3;
    I.nodes[2].delivery[0] = 2;
    I.nodes[2].pickup[0] = 4;
    I.nodes[1].service_minutes = 5;
    I.types[0].capacity[0] = 10;
    I.types[0].fixed_cost = 100;
    I.types[0].cost_per_km = 2;
    I.types[0].cost_per_hour = 60;
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, e, NULL, 0), 0);
    ck_assert_double_eq_tol(e[0].arrival, 10, TOL);
    ck_assert_double_eq_tol(e[0].departure, 15, TOL);
    ck_assert_double_eq_tol(e[1].arrival, 35, TOL);
    ck_assert_double_eq_tol(e[0].load[0], 2, TOL);
    ck_assert_double_eq_tol(e[1].load[0], 4, TOL);
    ck_assert_double_eq_tol(r.km, 60, TOL);
    ck_assert_double_eq_tol(r.minutes, 65, TOL);
    ck_assert_double_eq_tol(r.cost, 100 + 2 * 60 + 65, TOL);
}
END_TEST

START_TEST(evaluate_reports_capacity_at_start_and_after_pickup)
{
    inst I;
    size_t st[2] = {1, 2};
    vrp_route r = {0, st, 2, 0, 0, 0};
    vrp_violation v[8];
    line(&I);
    I.nodes[1].delivery[1] = 6; /* m3: 6 on board at the start, capacity 5 */
    I.nodes[2].pickup[0] = 12;  /* kg: 12 after stop 2, capacity 10 */
    I.types[0].capacity[0] = 10;
    I.types[0].capacity[1] = 5;
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, NULL, v, 8), 2);
    ck_assert_int_eq(v[0].kind, VRP_VIOLATION_CAPACITY);
    ck_assert_uint_eq(v[0].position, 2); /* the depot: load leaving it */
    ck_assert_double_eq_tol(v[0].amount, 1, TOL);
    ck_assert_int_eq(v[1].kind, VRP_VIOLATION_CAPACITY);
    ck_assert_uint_eq(v[1].position, 1);
    ck_assert_double_eq_tol(v[1].amount, 2, TOL);
}
END_TEST

START_TEST(evaluate_reports_late_stop_and_waits_for_open)
{
    inst I;
    size_t st[2] = {1, 2};
    vrp_route r = {0, st, 2, 0, 0, 0};
    vrp_violation v[8];
    vrp_stop_eval e[2];
    double w1[2] = {50, 60}, w2[2] = {0, 55};
    line(&I);
    set_windows(&I, 1, 1, w1);
    set_windows(&I, 2, 1, w2);
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, e, v, 8), 1);
    /* departure delayed to 40 (no waiting at stop 1), arrival 70 at stop 2 */
    ck_assert_double_eq_tol(e[0].arrival, 50, TOL);
    ck_assert_double_eq_tol(e[0].start, 50, TOL);
    ck_assert_double_eq_tol(e[1].arrival, 70, TOL);
    ck_assert_int_eq(v[0].kind, VRP_VIOLATION_TIME_WINDOW);
    ck_assert_uint_eq(v[0].position, 1);
    ck_assert_double_eq_tol(v[0].amount, 15, TOL);
    ck_assert_double_eq_tol(r.minutes, 60, TOL);
}
END_TEST

START_TEST(evaluate_uses_the_next_window)
{
    inst I;
    size_t st[1] = {2};
    vrp_route r = {0, st, 1, 0, 0, 0};
    vrp_stop_eval e[1];
    double w[4] = {0, 20, 100, 120}, dw[2] = {0, 1000};
    line(&I);
    set_windows(&I, 2, 2, w);
    set_windows(&I, 0, 1, dw);
    /* depart at 0, arrive 30: too late for [0,20]; the departure waits so
     * that service starts at 100 in the second window */
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, e, NULL, 0), 0);
    ck_assert_double_eq_tol(e[0].start, 100, TOL);
    ck_assert_double_eq_tol(e[0].arrival, 100, TOL);
    ck_assert_double_eq_tol(r.minutes, 60, TOL);
}
END_TEST

START_TEST(evaluate_reports_duration_depot_hours_temperature_and_depot_stop)
{
    inst I;
    size_t st[3] = {1, 0, 2};
    vrp_route r = {0, st, 3, 0, 0, 0};
    vrp_violation v[8];
    double dw[2] = {0, 50};
    size_t k, kinds[6] = {0};
    line(&I);
    set_windows(&I, 0, 1, dw);
    I.types[0].max_duration_minutes = 40;
    I.types[0].temperatures = 1;
    I.nodes[2].temperatures = 4;
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, NULL, v, 8), 4);
    for (k = 0; k < 4; k++)
        kinds[v[k].kind]++;
    ck_assert_uint_eq(kinds[VRP_VIOLATION_DEPOT], 1);
    ck_assert_uint_eq(kinds[VRP_VIOLATION_TEMPERATURE], 1);
    ck_assert_uint_eq(kinds[VRP_VIOLATION_DEPOT_HOURS], 1);
    ck_assert_uint_eq(kinds[VRP_VIOLATION_DURATION], 1);
    for (k = 0; k < 4; k++) {
        if (v[k].kind == VRP_VIOLATION_DEPOT)
            ck_assert_uint_eq(v[k].position, 1);
        if (v[k].kind == VRP_VIOLATION_DEPOT_HOURS)
            ck_assert_double_eq_tol(v[k].amount, 10, TOL);
        if (v[k].kind == VRP_VIOLATION_DURATION)
            ck_assert_double_eq_tol(v[k].amount, 20, TOL);
    }
    /* more violations than room: all counted, none written past the room */
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, NULL, v, 1), 4);
}
END_TEST

START_TEST(evaluate_leaves_when_the_goods_of_every_stop_are_there)
{
    inst I;
    size_t st[2] = {1, 2};
    vrp_route r = {0, st, 2, 0, 0, 0};
    vrp_stop_eval e[2];
    double dw[2] = {0, 1000};
    line(&I);
    set_windows(&I, 0, 1, dw);
    I.nodes[1].delivery[0] = 1;
    I.nodes[2].delivery[0] = 1;
    I.nodes[1].release = 40; /* the latest release: the route leaves at 40 */
    I.nodes[2].release = 25;
    I.types[0].cost_per_hour = 60;
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, e, NULL, 0), 0);
    ck_assert_double_eq_tol(e[0].arrival, 50, TOL);
    ck_assert_double_eq_tol(e[1].arrival, 70, TOL);
    ck_assert_double_eq_tol(r.minutes, 60, TOL); /* leaving at 40, back at 100 */
    ck_assert_double_eq_tol(r.cost, 60 + 60, TOL);
}
END_TEST

START_TEST(evaluate_reports_a_release_too_late_for_the_windows)
{
    inst I;
    size_t st[1] = {1};
    vrp_route r = {0, st, 1, 0, 0, 0};
    vrp_violation v[8];
    double dw[2] = {0, 100}, w[2] = {0, 30};
    line(&I);
    set_windows(&I, 0, 1, dw);
    set_windows(&I, 1, 1, w);
    I.nodes[1].release = 95; /* arrives at 105: 75 late, back at 115: 15 late */
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, NULL, v, 8), 2);
    ck_assert_int_eq(v[0].kind, VRP_VIOLATION_TIME_WINDOW);
    ck_assert_double_eq_tol(v[0].amount, 75, TOL);
    ck_assert_int_eq(v[1].kind, VRP_VIOLATION_DEPOT_HOURS);
    ck_assert_double_eq_tol(v[1].amount, 15, TOL);
}
END_TEST

START_TEST(evaluate_rejects_bad_type)
{
    inst I;
    size_t st[1] = {1};
    vrp_route r = {5, st, 1, 0, 0, 0};
    line(&I);
    ck_assert_uint_eq(vrp__evaluate(&I.p, &r, NULL, NULL, 0), VRP_NONE);
    ck_assert_uint_eq(vrp__evaluate(NULL, &r, NULL, NULL, 0), VRP_NONE);
}
END_TEST

/* ------------------------------------------------ engine vs brute force */

#ifndef N_SEEDS
#define N_SEEDS 6
#endif

START_TEST(engine_finds_optimum_with_multidimensional_capacity)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *t;
        lcg_state = 1000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            I.nodes[i].delivery[0] = 1 + irand(5);
            I.nodes[i].delivery[2] = irand(3);
        }
        t = add_type(&I, 0, 7);
        t->capacity[0] = 10;
        t->capacity[2] = 4;
        finish(&I);
        expect_optimum(&I, "capacity", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_time_windows)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        double dw[2] = {0, 400};
        lcg_state = 2000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            double o = urand() * 200, w[2];
            w[0] = o;
            w[1] = o + 30 + urand() * 60;
            set_windows(&I, i, 1, w);
            I.nodes[i].service_minutes = 10;
            I.nodes[i].delivery[0] = 1;
        }
        set_windows(&I, 0, 1, dw);
        add_type(&I, 0, 7)->capacity[0] = 4;
        finish(&I);
        expect_optimum(&I, "time windows", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_several_windows)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        lcg_state = 3000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            double a = urand() * 100, w[4];
            w[0] = a;
            w[1] = a + 20;
            w[2] = a + 120;
            w[3] = a + 160;
            set_windows(&I, i, 2, w);
            I.nodes[i].service_minutes = 5;
        }
        add_type(&I, 0, 3)->cost_per_hour = 30;
        finish(&I);
        expect_optimum(&I, "several windows", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_duration_limit)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *t;
        lcg_state = 4000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++)
            I.nodes[i].service_minutes = 15;
        t = add_type(&I, 0, 7);
        t->max_duration_minutes = 200;
        t->fixed_cost = 20;
        finish(&I);
        expect_optimum(&I, "duration", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_pickups_and_deliveries)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        lcg_state = 5000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            if (urand() < 0.5)
                I.nodes[i].delivery[0] = 2 + irand(4);
            else
                I.nodes[i].pickup[0] = 2 + irand(4);
            if (urand() < 0.3)
                I.nodes[i].pickup[0] += 1 + irand(3);
        }
        add_type(&I, 0, 7)->capacity[0] = 10;
        finish(&I);
        expect_optimum(&I, "pickups", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_temperatures)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *a, *b;
        lcg_state = 6000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            I.nodes[i].temperatures = urand() < 0.4 ? 2u : 1u; /* chilled or ambient */
            I.nodes[i].delivery[0] = 1 + irand(3);
        }
        a = add_type(&I, 0, 3); /* ambient only, cheap */
        a->temperatures = 1;
        a->capacity[0] = 8;
        b = add_type(&I, 0, 2); /* ambient and chilled, dearer */
        b->temperatures = 3;
        b->capacity[0] = 6;
        b->cost_per_km = 1.5;
        finish(&I);
        expect_optimum(&I, "temperatures", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_several_depots)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        lcg_state = 7000 + s;
        base(&I, 2, 7);
        for (i = 2; i < I.n; i++)
            I.nodes[i].delivery[0] = 1 + irand(4);
        add_type(&I, 0, 2)->capacity[0] = 8;
        add_type(&I, 1, 2)->capacity[0] = 8;
        finish(&I);
        expect_optimum(&I, "depots", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_optional_stops)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        lcg_state = 8000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++) {
            I.nodes[i].delivery[0] = 2 + irand(3);
            if (urand() < 0.6)
                I.nodes[i].unserved_penalty = urand() * 120;
        }
        add_type(&I, 0, 2)->capacity[0] = 9;
        finish(&I);
        expect_optimum(&I, "optional", s);
    }
}
END_TEST

START_TEST(engine_finds_optimum_with_heterogeneous_fleet)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *a, *b;
        lcg_state = 9000 + s;
        base(&I, 1, 7);
        for (i = 1; i < I.n; i++)
            I.nodes[i].delivery[0] = 1 + irand(5);
        a = add_type(&I, 0, 1);
        a->capacity[0] = 15;
        a->fixed_cost = 80;
        a->cost_per_km = 1.2;
        b = add_type(&I, 0, 3);
        b->capacity[0] = 7;
        b->fixed_cost = 30;
        finish(&I);
        expect_optimum(&I, "heterogeneous", s);
    }
}
END_TEST

/* A food-hub mix: two hubs, a slow refrigerated truck, windows, pickups,
 * pallets, optional stops. */
START_TEST(engine_finds_optimum_with_everything_at_once)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *a, *b, *c;
        double dw[2] = {0, 600};
        lcg_state = 10000 + s;
        base(&I, 2, 7);
        set_windows(&I, 0, 1, dw);
        for (i = 2; i < I.n; i++) {
            double o = urand() * 300, w[2] = {o, o + 120};
            if (urand() < 0.6)
                set_windows(&I, i, 1, w);
            I.nodes[i].service_minutes = 10;
            if (urand() < 0.7)
                I.nodes[i].delivery[0] = 50 + irand(300);
            else
                I.nodes[i].pickup[0] = 50 + irand(300);
            I.nodes[i].delivery[2] = irand(2);
            I.nodes[i].temperatures = urand() < 0.3 ? 2u : 1u;
            if (urand() < 0.3)
                I.nodes[i].unserved_penalty = 100 + urand() * 200;
        }
        a = add_type(&I, 0, 2);
        a->capacity[0] = 600;
        a->capacity[2] = 3;
        a->temperatures = 1;
        a->fixed_cost = 40;
        a->cost_per_hour = 20;
        b = add_type(&I, 0, 1);
        b->capacity[0] = 400;
        b->temperatures = 3;
        b->fixed_cost = 60;
        b->time_factor = 1.25;
        b->max_duration_minutes = 300;
        c = add_type(&I, 1, 1);
        c->capacity[0] = 500;
        c->temperatures = 3;
        c->cost_per_km = 1.1;
        finish(&I);
        expect_optimum(&I, "everything", s);
    }
}
END_TEST

/* Cross-dock synchronisation: deliveries whose goods reach the hub at
 * different times (release dates), with pickups, windows, a cost per hour
 * and a duration limit; then stops with several windows (the scan). */
START_TEST(engine_finds_optimum_with_release_dates)
{
    unsigned long s;
    int binding = 0;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        vrp_vehicle_type *t;
        double dw[2] = {0, 500};
        lcg_state = 11000 + s;
        base(&I, 1, 7);
        set_windows(&I, 0, 1, dw);
        for (i = 1; i < I.n; i++) {
            double o = 60 + urand() * 200, w[2] = {o, o + 60 + urand() * 60};
            set_windows(&I, i, 1, w);
            I.nodes[i].service_minutes = 10;
            if (urand() < 0.75) {
                I.nodes[i].delivery[0] = 1 + irand(3);
                I.nodes[i].release = urand() < 0.6 ? urand() * 150 : 0;
            } else {
                I.nodes[i].pickup[0] = 1 + irand(3);
            }
        }
        t = add_type(&I, 0, 4);
        t->capacity[0] = 6;
        t->fixed_cost = 30;
        t->cost_per_hour = 30;
        t->max_duration_minutes = 300;
        finish(&I);
        expect_optimum(&I, "release dates", s);
        {
            /* the releases bind: without them the optimum is lower */
            double with = brute_force(&I.p), without;
            for (i = 1; i < I.n; i++)
                I.nodes[i].release = 0;
            without = brute_force(&I.p);
            binding += without < with - TOL;
        }
    }
    ck_assert_msg(binding > 0, "no seed where the release dates change the optimum");
}
END_TEST

START_TEST(engine_finds_optimum_with_release_dates_and_several_windows)
{
    unsigned long s;
    for (s = 1; s <= N_SEEDS; s++) {
        inst I;
        size_t i;
        double dw[2] = {0, 600};
        lcg_state = 12000 + s;
        base(&I, 1, 7);
        set_windows(&I, 0, 1, dw);
        for (i = 1; i < I.n; i++) {
            double a = urand() * 100, w[4] = {a, a + 30, a + 150, a + 200};
            set_windows(&I, i, urand() < 0.5 ? 2 : 1, w);
            I.nodes[i].service_minutes = 5;
            I.nodes[i].delivery[0] = 1;
            I.nodes[i].release = urand() < 0.5 ? urand() * 180 : 0;
        }
        add_type(&I, 0, 3)->cost_per_hour = 30;
        finish(&I);
        expect_optimum(&I, "release dates, several windows", s);
    }
}
END_TEST

/* ------------------------------------------------------------ behaviour */

static void random_cvrp(inst *I, size_t n_stops, int windows)
{
    size_t i;
    double dw[2] = {0, 1000};
    base(I, 1, n_stops);
    for (i = 1; i < I->n; i++) {
        I->nodes[i].delivery[0] = 1 + irand(9);
        if (windows) {
            double o = urand() * 600, w[2] = {o, o + 100};
            set_windows(I, i, 1, w);
            I->nodes[i].service_minutes = 10;
        }
    }
    if (windows)
        set_windows(I, 0, 1, dw);
    add_type(I, 0, n_stops)->capacity[0] = 40;
    finish(I);
}

START_TEST(engine_is_deterministic_for_a_seed_and_iteration_limit)
{
    static inst I;
    vrp_params pr = params_iter(42, 300);
    vrp_solution a, b;
    size_t r;
    lcg_state = 77;
    random_cvrp(&I, 40, 1);
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &a), 0);
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &b), 0);
    ck_assert_uint_eq(a.n_routes, b.n_routes);
    ck_assert_uint_eq(a.iterations, b.iterations);
    ck_assert(a.cost == b.cost);
    for (r = 0; r < a.n_routes; r++) {
        ck_assert_uint_eq(a.routes[r].type, b.routes[r].type);
        ck_assert_uint_eq(a.routes[r].n_stops, b.routes[r].n_stops);
        ck_assert(memcmp(a.routes[r].stops, b.routes[r].stops,
                         a.routes[r].n_stops * sizeof(size_t)) == 0);
    }
    check_solution(&I.p, &a);
    vrp__solution_free(&a);
    vrp__solution_free(&b);
}
END_TEST

/* A warm start: the search never returns worse than a feasible one, even
 * with almost no iterations of its own. */
START_TEST(engine_starts_from_initial_routes)
{
    static inst I;
    vrp_params pr = params_iter(3, 500);
    vrp_solution a, b;
    lcg_state = 91;
    random_cvrp(&I, 40, 1);
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &a), 0);
    ck_assert(a.feasible);
    pr = params_iter(4, 1);
    pr.initial = &a;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &b), 0);
    check_solution(&I.p, &b);
    ck_assert(b.feasible);
    ck_assert_double_le_tol(b.cost, a.cost, 1e-9 * a.cost);
    vrp__solution_free(&a);
    vrp__solution_free(&b);
}
END_TEST

/* Warm starts from another problem may hold anything: stops out of range,
 * depots, repeats, unknown types, more routes than vehicles.  They are
 * skipped; every stop is still served. */
START_TEST(engine_skips_invalid_initial_routes)
{
    static inst I;
    size_t s1[] = {1, 0, 2, 2, 999, 3}, s2[] = {4, 1, 5}, s3[] = {6};
    vrp_route routes[] = {{0, s1, 6, 0, 0, 0}, {0, s2, 3, 0, 0, 0}, {7, s3, 1, 0, 0, 0}};
    vrp_solution init, b;
    vrp_params pr = params_iter(5, 50);
    lcg_state = 5;
    random_cvrp(&I, 12, 0);
    I.types[0].count = 1; /* one vehicle: the second route has none */
    I.types[0].capacity[0] = 1000;
    memset(&init, 0, sizeof init);
    init.routes = routes;
    init.n_routes = 3;
    pr.initial = &init;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &b), 0);
    check_solution(&I.p, &b);
    ck_assert(b.feasible);
    ck_assert_uint_eq(b.n_unserved, 0);
    vrp__solution_free(&b);
}
END_TEST

static void time_limit_case(int polish)
{
    static inst I;
    vrp_params pr;
    vrp_solution s;
    lcg_state = 99;
    random_cvrp(&I, MAXN - 1, 0);
    memset(&pr, 0, sizeof pr);
    pr.time_limit_seconds = 1.0;
    pr.seed = 3;
    pr.polish = polish;
    /* The time it takes is the benchmark's business (benchmarks/deadline),
     * not a test's: only the outcome is checked. */
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), 0);
    ck_assert(s.feasible);
    check_solution(&I.p, &s);
    ck_assert(s.cost <= s.cost_before_polish + TOL);
    vrp__solution_free(&s);
}

START_TEST(engine_returns_within_time_limit)
{
    time_limit_case(0);
}
END_TEST

START_TEST(engine_returns_within_time_limit_with_polish)
{
    time_limit_case(1);
}
END_TEST

/* Large problems compute their distances from coordinates (vrp_geo)
 * instead of reading matrices: the same distances, the same evaluation of
 * a route, and solutions as good. */
START_TEST(engine_computes_distances_from_coordinates)
{
    static inst I;
    vrp_params pr;
    vrp_solution a, b;
    size_t r;
    lcg_state = 7;
    random_cvrp(&I, MAXN - 1, 0);
    vrp_geo g = {VRP_GEO_PLANE, I.x, I.y, NULL, 1.0, 60.0}; /* minutes = km, as finish() */
    vrp_problem q = I.p;
    q.km = NULL;
    q.minutes = NULL;
    q.geo = &g;
    memset(&pr, 0, sizeof pr);
    pr.iterations = 300;
    pr.seed = 1;
    pr.polish = 1;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &a), 0);
    ck_assert_int_eq(vrp__solve(&q, &pr, &b), 0);
    ck_assert(b.feasible);
    check_solution(&q, &b);
    for (r = 0; r < b.n_routes; r++) {
        vrp_route x = b.routes[r], y = b.routes[r];
        ck_assert_uint_eq(vrp__evaluate(&q, &x, NULL, NULL, 0), 0);
        ck_assert_uint_eq(vrp__evaluate(&I.p, &y, NULL, NULL, 0), 0);
        ck_assert_double_eq_tol(x.km, y.km, 1e-9 * (1 + y.km));
        ck_assert_double_eq_tol(x.cost, y.cost, 1e-9 * (1 + y.cost));
    }
    ck_assert_msg(b.cost <= a.cost * 1.05, "coordinates %.3f, matrices %.3f", b.cost, a.cost);
    vrp__solution_free(&a);
    vrp__solution_free(&b);
    /* latitude/longitude: the product form of the haversine agrees with the
     * sines of half differences (lib/model's formula) */
    for (r = 0; r < 2000; r++) {
        double la1 = 44 + 4 * urand(), lo1 = -75 + 5 * urand();
        double la2 = r % 3 ? 44 + 4 * urand() : la1 + 1e-5 * urand(), lo2 = -75 + 5 * urand();
        vrp_geo_trig tr[2] = {vrp__geo_trig(la1, lo1), vrp__geo_trig(la2, lo2)};
        double lat[2] = {la1, la2}, lon[2] = {lo1, lo2};
        vrp_geo ll = {VRP_GEO_LATLON, lat, lon, tr, 1.3, 60.0};
        double rad = 3.14159265358979323846 / 180.0, dlat = (la2 - la1) * rad,
               dlon = (lo2 - lo1) * rad;
        double h = sin(dlat / 2) * sin(dlat / 2) +
                   cos(la1 * rad) * cos(la2 * rad) * sin(dlon / 2) * sin(dlon / 2);
        double want = 2 * VRP_EARTH_RADIUS_KM * asin(sqrt(h)) * 1.3;
        ck_assert_double_eq_tol(vrp__geo_km(&ll, 0, 1), want, 1e-9 * (1e-3 + want));
        ck_assert_double_eq_tol(vrp__geo_km(&ll, 1, 0), want, 1e-9 * (1e-3 + want));
    }
    /* coordinates must be finite */
    double keep = I.x[3];
    I.x[3] = NAN;
    ck_assert_int_eq(vrp__solve(&q, &pr, &b), TERROIR_EINVAL);
    I.x[3] = keep;
}
END_TEST

static int calls;
static int stop_at_once(double best, void *data)
{
    (void)best;
    (void)data;
    calls++;
    return 1;
}

START_TEST(engine_stops_when_progress_asks)
{
    static inst I;
    vrp_params pr;
    vrp_solution s;
    double t0;
    lcg_state = 5;
    random_cvrp(&I, 50, 0);
    memset(&pr, 0, sizeof pr);
    pr.time_limit_seconds = 30;
    pr.progress = stop_at_once;
    calls = 0;
    t0 = core__now();
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), 0);
    ck_assert(core__now() - t0 < 5.0);
    ck_assert_int_ge(calls, 1);
    check_solution(&I.p, &s);
    vrp__solution_free(&s);
}
END_TEST

START_TEST(engine_leaves_costly_optional_stop_out)
{
    inst I;
    vrp_params pr = params_iter(1, 200);
    vrp_solution s;
    line(&I);
    I.nodes[2].unserved_penalty = 5; /* 40 km detour */
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), 0);
    ck_assert(s.feasible);
    ck_assert_uint_eq(s.n_unserved, 1);
    ck_assert_uint_eq(s.unserved[0], 2);
    ck_assert_double_eq_tol(s.cost, 20 + 5, TOL);
    vrp__solution_free(&s);
}
END_TEST

START_TEST(engine_reports_infeasible_when_no_vehicle_fits)
{
    inst I;
    vrp_params pr = params_iter(1, 100);
    vrp_solution s;
    line(&I);
    I.nodes[2].temperatures = 4; /* frozen; the truck carries ambient only */
    I.types[0].temperatures = 1;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), 0);
    ck_assert(!s.feasible);
    ck_assert_uint_eq(s.n_unserved, 1);
    ck_assert_uint_eq(s.unserved[0], 2);
    check_solution(&I.p, &s);
    vrp__solution_free(&s);
}
END_TEST

START_TEST(engine_solves_problem_without_stops)
{
    inst I;
    vrp_params pr = params_iter(1, 10);
    vrp_solution s;
    base(&I, 1, 0);
    add_type(&I, 0, 1);
    finish(&I);
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), 0);
    ck_assert(s.feasible);
    ck_assert_uint_eq(s.n_routes, 0);
    ck_assert_double_eq_tol(s.cost, 0, TOL);
    vrp__solution_free(&s);
}
END_TEST

START_TEST(engine_rejects_bad_input)
{
    inst I;
    vrp_params pr = params_iter(1, 10);
    vrp_solution s;
    line(&I);
    ck_assert_int_eq(vrp__solve(NULL, &pr, &s), TERROIR_EINVAL);
    ck_assert_int_eq(vrp__solve(&I.p, NULL, &s), TERROIR_EINVAL);
    pr.iterations = 0;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), TERROIR_EINVAL);
    pr.iterations = 10;
    I.km[1] = NAN;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "matrix"));
    I.km[1] = 10;
    I.types[0].depot = 3;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), TERROIR_EINVAL);
    I.types[0].depot = 0;
    I.types[0].time_factor = 0;
    ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), TERROIR_EINVAL);
    I.types[0].time_factor = 1;
    {
        double w[4] = {50, 60, 40, 70}; /* not sorted */
        set_windows(&I, 1, 2, w);
        ck_assert_int_eq(vrp__solve(&I.p, &pr, &s), TERROIR_EINVAL);
    }
}
END_TEST

static Suite *vrp_suite(void)
{
    Suite *s = suite_create("vrp");
    TCase *ev = tcase_create("evaluate"), *tb = tcase_create("brute_force"),
          *be = tcase_create("behaviour");
    tcase_add_test(ev, evaluate_reports_schedule_loads_and_cost);
    tcase_add_test(ev, evaluate_reports_capacity_at_start_and_after_pickup);
    tcase_add_test(ev, evaluate_reports_late_stop_and_waits_for_open);
    tcase_add_test(ev, evaluate_uses_the_next_window);
    tcase_add_test(ev, evaluate_reports_duration_depot_hours_temperature_and_depot_stop);
    tcase_add_test(ev, evaluate_leaves_when_the_goods_of_every_stop_are_there);
    tcase_add_test(ev, evaluate_reports_a_release_too_late_for_the_windows);
    tcase_add_test(ev, evaluate_rejects_bad_type);
    tcase_set_timeout(tb, 120);
    tcase_add_test(tb, engine_finds_optimum_with_multidimensional_capacity);
    tcase_add_test(tb, engine_finds_optimum_with_time_windows);
    tcase_add_test(tb, engine_finds_optimum_with_several_windows);
    tcase_add_test(tb, engine_finds_optimum_with_duration_limit);
    tcase_add_test(tb, engine_finds_optimum_with_pickups_and_deliveries);
    tcase_add_test(tb, engine_finds_optimum_with_temperatures);
    tcase_add_test(tb, engine_finds_optimum_with_several_depots);
    tcase_add_test(tb, engine_finds_optimum_with_optional_stops);
    tcase_add_test(tb, engine_finds_optimum_with_heterogeneous_fleet);
    tcase_add_test(tb, engine_finds_optimum_with_everything_at_once);
    tcase_add_test(tb, engine_finds_optimum_with_release_dates);
    tcase_add_test(tb, engine_finds_optimum_with_release_dates_and_several_windows);
    tcase_set_timeout(be, 60);
    tcase_add_test(be, engine_is_deterministic_for_a_seed_and_iteration_limit);
    tcase_add_test(be, engine_starts_from_initial_routes);
    tcase_add_test(be, engine_skips_invalid_initial_routes);
    tcase_add_test(be, engine_returns_within_time_limit);
    tcase_add_test(be, engine_computes_distances_from_coordinates);
    tcase_add_test(be, engine_returns_within_time_limit_with_polish);
    tcase_add_test(be, engine_stops_when_progress_asks);
    tcase_add_test(be, engine_leaves_costly_optional_stop_out);
    tcase_add_test(be, engine_reports_infeasible_when_no_vehicle_fits);
    tcase_add_test(be, engine_solves_problem_without_stops);
    tcase_add_test(be, engine_rejects_bad_input);
    suite_add_tcase(s, ev);
    suite_add_tcase(s, tb);
    suite_add_tcase(s, be);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vrp_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
