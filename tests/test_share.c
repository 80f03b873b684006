/* Unit tests of cost sharing (lib/share/, include/terroir/share.h): the game
 * maths on hand-made and published games given directly (Shapley value by
 * hand, the nucleolus of the Talmud's bankruptcy games, an empty core with
 * its least-core epsilon, EPM, artefacts), efficiency of every method, and
 * the computation on small models with members (coalition sub-models solved
 * by terroir_solve, same seed = same shares), with the error paths of every
 * public function.  White-box: linked with the internal static library for
 * the sub-model and the thread's GLPK cleanup. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "lp/lp.h"
#include "share/game.h"
#include "share/share_internal.h"

#define TOL 1e-6

static void test_done(void)
{
    lp__thread_cleanup();
    terroir_error_clear();
}

static double member_value(const terroir_share *sh, size_t i, terroir_share_method m)
{
    terroir_share_member mb = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
    ck_assert_int_eq(terroir_share_get_member(sh, i, &mb), 0);
    switch (m) {
    case TERROIR_SHARE_SHAPLEY: return mb.shapley;
    case TERROIR_SHARE_NUCLEOLUS: return mb.nucleolus;
    case TERROIR_SHARE_EPM: return mb.epm;
    }
    return NAN;
}

static terroir_share_summary summary_of(const terroir_share *sh)
{
    terroir_share_summary s;
    memset(&s, 0, sizeof s);
    s.version = TERROIR_SHARE_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_share_get_summary(sh, &s), 0);
    return s;
}

/* Hand-computed 3-member game: c1 = 100, c2 = 120, c3 = 90, c12 = 170,
 * c13 = 160, c23 = 180, c123 = 230.  Shapley weights for 3 players: 1/3 for
 * joining first or last, 1/6 for joining second.
 *   phi1 = 100/3 + (170-120)/6 + (160-90)/6 + (230-180)/3 = 70
 *   phi2 = 120/3 + (170-100)/6 + (180-90)/6 + (230-160)/3 = 90
 *   phi3 =  90/3 + (160-100)/6 + (180-120)/6 + (230-170)/3 = 70 */
static const double HAND3[7] = {100, 120, 170, 90, 160, 180, 230};

START_TEST(shapley_matches_hand_computed_three_member_game)
{
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(&sh, 3, HAND3, NULL, NULL), 0);
    ck_assert_double_eq_tol(member_value(sh, 0, TERROIR_SHARE_SHAPLEY), 70.0, TOL);
    ck_assert_double_eq_tol(member_value(sh, 1, TERROIR_SHARE_SHAPLEY), 90.0, TOL);
    ck_assert_double_eq_tol(member_value(sh, 2, TERROIR_SHARE_SHAPLEY), 70.0, TOL);
    terroir_share_free(sh);
    test_done();
}
END_TEST

/* The bankruptcy games of the Mishna (Ketubot 93a): an estate E shared by
 * three creditors with claims 100, 200, 300; v(S) = max(0, E - claims of
 * the others).  Aumann & Maschler (1985), "Game theoretic analysis of a
 * bankruptcy problem from the Talmud", J. Econ. Theory 36:195-213, show
 * (Theorem A) that the nucleolus of this game is the Talmud's division:
 * E = 100 -> (33 1/3, 33 1/3, 33 1/3); E = 200 -> (50, 75, 75); E = 300 ->
 * (50, 100, 150).  As cost games: v is a savings game (v({i}) = 0 for these
 * estates), so c(S) = sum_{i in S} a_i - v(S) with stand-alone costs a_i,
 * and the cost nucleolus is x_i = a_i - y_i (game.h). */
static void talmud_costs(double estate, const double *alone, double *cost)
{
    static const double claim[3] = {100, 200, 300};
    for (unsigned S = 1; S < 8; S++) {
        double others = 0.0, sum_alone = 0.0;
        for (int i = 0; i < 3; i++) {
            if (S & (1u << i))
                sum_alone += alone[i];
            else
                others += claim[i];
        }
        double v = estate - others > 0 ? estate - others : 0.0;
        cost[S - 1] = sum_alone - v;
    }
}

START_TEST(nucleolus_matches_talmud_bankruptcy_games)
{
    static const double estates[3] = {100, 200, 300};
    static const double talmud[3][3] = {
        {100.0 / 3, 100.0 / 3, 100.0 / 3}, {50, 75, 75}, {50, 100, 150}};
    static const double alone[3] = {400, 500, 600};
    for (int e = 0; e < 3; e++) {
        double cost[7];
        talmud_costs(estates[e], alone, cost);
        terroir_share *sh = NULL;
        ck_assert_int_eq(terroir_share_game(&sh, 3, cost, NULL, NULL), 0);
        for (size_t i = 0; i < 3; i++)
            ck_assert_double_eq_tol(member_value(sh, i, TERROIR_SHARE_NUCLEOLUS),
                                    alone[i] - talmud[e][i], TOL);
        ck_assert_int_eq(summary_of(sh).core_empty, 0);
        terroir_share_free(sh);
    }
    test_done();
}
END_TEST

/* c(i) = 1, c(i,j) = 1, c(N) = 2: pairs pay at most 1 each, so 2 x(N) <= 3
 * < 4, and the core is empty.  Least core: x_i + x_j <= 1 + e summed over
 * the three pairs gives 4 <= 3 + 3e, e = 1/3, at x = (2/3, 2/3, 2/3). */
START_TEST(empty_core_is_reported_with_least_core_epsilon)
{
    const double cost[7] = {1, 1, 1, 1, 1, 1, 2};
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(&sh, 3, cost, NULL, NULL), 0);
    terroir_share_summary s = summary_of(sh);
    ck_assert_int_eq(s.core_empty, 1);
    ck_assert_double_eq_tol(s.least_core_epsilon, 1.0 / 3, TOL);
    for (size_t i = 0; i < 3; i++)
        ck_assert_double_eq_tol(member_value(sh, i, TERROIR_SHARE_NUCLEOLUS), 2.0 / 3, TOL);
    /* every allocation is blocked by some pair, each pair by 1/3 under the
     * nucleolus */
    for (int m = 0; m < TERROIR_SHARE_METHOD_COUNT; m++)
        ck_assert_uint_gt(terroir_share_blocking_count(sh, (terroir_share_method)m), 0);
    ck_assert_uint_eq(terroir_share_blocking_count(sh, TERROIR_SHARE_NUCLEOLUS), 3);
    unsigned long long members = 0;
    double excess = 0;
    ck_assert_int_eq(terroir_share_get_blocking(sh, TERROIR_SHARE_NUCLEOLUS, 0, &members, &excess),
                     0);
    ck_assert_int_eq(__builtin_popcountll(members), 2);
    ck_assert_double_eq_tol(excess, 1.0 / 3, TOL);
    terroir_share_free(sh);
    test_done();
}
END_TEST

START_TEST(core_is_not_empty_for_hand_game_and_allocations_are_in_it)
{
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(&sh, 3, HAND3, NULL, NULL), 0);
    terroir_share_summary s = summary_of(sh);
    ck_assert_int_eq(s.core_empty, 0);
    ck_assert(s.least_core_epsilon <= 1e-9);
    ck_assert_uint_eq(terroir_share_blocking_count(sh, TERROIR_SHARE_NUCLEOLUS), 0);
    ck_assert_uint_eq(terroir_share_blocking_count(sh, TERROIR_SHARE_EPM), 0);
    terroir_share_free(sh);
    test_done();
}
END_TEST

/* Two members, c1 = 100, c2 = 200, c12 = 240.  EPM: equal relative costs
 * x1/100 = x2/200 with x1 + x2 = 240 -> (80, 160).  Nucleolus: the saving
 * of 60 split equally -> (70, 170).  Shapley: the same for two players. */
START_TEST(epm_equalises_relative_savings_and_nucleolus_splits_savings)
{
    const double cost[3] = {100, 200, 240};
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(&sh, 2, cost, NULL, NULL), 0);
    ck_assert_double_eq_tol(member_value(sh, 0, TERROIR_SHARE_EPM), 80, TOL);
    ck_assert_double_eq_tol(member_value(sh, 1, TERROIR_SHARE_EPM), 160, TOL);
    ck_assert_double_eq_tol(member_value(sh, 0, TERROIR_SHARE_NUCLEOLUS), 70, TOL);
    ck_assert_double_eq_tol(member_value(sh, 1, TERROIR_SHARE_NUCLEOLUS), 170, TOL);
    ck_assert_double_eq_tol(member_value(sh, 0, TERROIR_SHARE_SHAPLEY), 70, TOL);
    terroir_share_free(sh);
    test_done();
}
END_TEST

/* Efficiency: every method's shares sum to the grand coalition's cost, on
 * pseudo-random games of 2 to 8 players (costs drawn as sums of
 * member costs less random savings, so the core may or may not be empty). */
START_TEST(every_method_is_efficient_on_random_games)
{
    unsigned long long state = 12345;
    for (size_t n = 2; n <= 8; n++) {
        size_t n_coal = ((size_t)1 << n) - 1;
        double *cost = calloc(n_coal, sizeof *cost);
        ck_assert_ptr_nonnull(cost);
        for (size_t S = 1; S <= n_coal; S++) {
            double sum = 0;
            for (size_t i = 0; i < n; i++)
                if (S & ((size_t)1 << i))
                    sum += 50.0 + 10.0 * (double)i;
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            double r = (double)(state >> 11) / 9007199254740992.0;
            cost[S - 1] = __builtin_popcountll(S) > 1 ? sum * (0.7 + 0.25 * r) : sum;
        }
        terroir_share *sh = NULL;
        ck_assert_int_eq(terroir_share_game(&sh, n, cost, NULL, NULL), 0);
        for (int m = 0; m < TERROIR_SHARE_METHOD_COUNT; m++) {
            double total = 0;
            for (size_t i = 0; i < n; i++)
                total += member_value(sh, i, (terroir_share_method)m);
            ck_assert_double_eq_tol(total, cost[n_coal - 1], 1e-5);
        }
        /* the nucleolus's largest excess is the least-core epsilon, and it
         * lies in the core whenever the core is not empty */
        terroir_share_summary s = summary_of(sh);
        double largest = -HUGE_VAL;
        for (size_t S = 1; S < n_coal; S++) {
            double paid = 0;
            for (size_t i = 0; i < n; i++)
                if (S & ((size_t)1 << i))
                    paid += member_value(sh, i, TERROIR_SHARE_NUCLEOLUS);
            if (paid - cost[S - 1] > largest)
                largest = paid - cost[S - 1];
        }
        ck_assert_double_eq_tol(largest, s.least_core_epsilon, 1e-5);
        if (s.core_empty == 0) {
            ck_assert_uint_eq(terroir_share_blocking_count(sh, TERROIR_SHARE_NUCLEOLUS), 0);
            ck_assert_uint_eq(terroir_share_blocking_count(sh, TERROIR_SHARE_EPM), 0);
        }
        terroir_share_free(sh);
        free(cost);
    }
    test_done();
}
END_TEST

START_TEST(coalition_dearer_than_a_partition_is_reported_as_artefact)
{
    /* c12 = 250 > c1 + c2 = 220 */
    const double cost[7] = {100, 120, 250, 90, 160, 180, 270};
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(&sh, 3, cost, NULL, NULL), 0);
    ck_assert_uint_eq(summary_of(sh).n_artefacts, 1);
    terroir_share_coalition c;
    memset(&c, 0, sizeof c);
    c.version = TERROIR_SHARE_COALITION_VERSION;
    ck_assert_int_eq(terroir_share_get_coalition(sh, 2, &c), 0);
    ck_assert_uint_eq(c.members, 3);
    ck_assert_int_eq(c.artefact, 1);
    ck_assert_double_eq_tol(c.partition_cost, 220, TOL);
    char *json = NULL;
    ck_assert_int_eq(terroir_share_write_json_buffer(&json, NULL, sh), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"artefact\""));
    free(json);
    terroir_share_free(sh);
    test_done();
}
END_TEST

static double additive_cost(uint64_t S, void *data)
{
    const double *own = data;
    double c = 0;
    for (int i = 0; i < 4; i++)
        if (S & ((uint64_t)1 << i))
            c += own[i];
    return c;
}

/* On an additive game every order gives each member its own cost: the
 * estimate is exact and its interval has zero width. */
START_TEST(sampled_shapley_is_exact_on_additive_game_and_efficient)
{
    double own[4] = {10, 20, 30, 40};
    uint8_t orders[50 * 4];
    share__shapley_orders(4, 50, 7, orders);
    for (size_t k = 0; k < 50; k++) { /* each row is a permutation */
        unsigned seen = 0;
        for (size_t p = 0; p < 4; p++)
            seen |= 1u << orders[k * 4 + p];
        ck_assert_uint_eq(seen, 15);
    }
    double phi[4], hw[4];
    ck_assert_int_eq(share__shapley_sampled(4, 50, orders, additive_cost, own, phi, hw), 0);
    for (int i = 0; i < 4; i++) {
        ck_assert_double_eq_tol(phi[i], own[i], 1e-12);
        ck_assert_double_eq_tol(hw[i], 0.0, 1e-9);
    }
    ck_assert_int_eq(share__shapley_sampled(4, 50, orders, NULL, NULL, phi, hw),
                     TERROIR_EINVAL);
    test_done();
}
END_TEST

/* ---- on models */

static const char MODEL3[] =
    "terroir: 1\n"
    "members:\n"
    "  - {id: grocery, name: \"Grocery coop\"}\n"
    "  - {id: bank, name: \"Food bank\"}\n"
    "  - {id: school}\n"
    "products:\n"
    "  - {id: apples}\n"
    "producers:\n"
    "  - {id: farm, lat: 45.50, lon: -73.50, supply: {apples: 600}}\n"
    "hubs:\n"
    "  - {id: hub-a, lat: 45.55, lon: -73.55, status: candidate, fixed_cost: 100, member: "
    "grocery}\n"
    "  - {id: hub-b, lat: 45.52, lon: -73.62, status: candidate, fixed_cost: 100, member: bank}\n"
    "points:\n"
    "  - {id: store, lat: 45.60, lon: -73.58, demand: {apples: 150}, member: grocery}\n"
    "  - {id: pantry, lat: 45.58, lon: -73.64, demand: {apples: 150}, member: bank}\n"
    "  - {id: class, lat: 45.57, lon: -73.60, demand: {apples: 100}, member: school}\n"
    "vehicle_types:\n"
    "  - {id: van-a, home_hub: hub-a, count: 1, capacity: {kg: 500}, fixed_cost: 50, "
    "member: grocery}\n"
    "  - {id: van-b, home_hub: hub-b, count: 1, capacity: {kg: 500}, fixed_cost: 50, "
    "member: bank}\n";

static terroir_model *load(const char *text)
{
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, text, strlen(text), "model.yaml", NULL, NULL);
    if (rc)
        fprintf(stderr, "%s\n", terroir_error_last()->message);
    ck_assert_int_eq(rc, 0);
    return m;
}

static terroir_share_options fast_options(void)
{
    terroir_share_options o = TERROIR_SHARE_OPTIONS_INIT;
    o.route_iterations = 50;
    o.threads = 2;
    return o;
}

START_TEST(sub_model_keeps_only_coalition_and_shared_entities)
{
    terroir_model *m = load(MODEL3);
    terroir_model *sub = NULL;
    size_t points = 0;
    ck_assert_int_eq(share__sub_model(m, 1u /* grocery */, &sub, &points), 0);
    ck_assert_uint_eq(points, 1);
    ck_assert_uint_eq(terroir_model_count(sub, TERROIR_ENTITY_PRODUCER), 1); /* shared farm */
    ck_assert_uint_eq(terroir_model_count(sub, TERROIR_ENTITY_HUB), 1);
    ck_assert_uint_eq(terroir_model_count(sub, TERROIR_ENTITY_VEHICLE_TYPE), 1);
    ck_assert_uint_eq(terroir_model_count(sub, TERROIR_ENTITY_MEMBER), 3);
    terroir_model_free(sub);
    ck_assert_int_eq(share__sub_model(m, 7u, &sub, &points), 0);
    ck_assert_int_eq(terroir_model_equal(sub, m), 1);
    terroir_model_free(sub);
    terroir_model_free(m);
    test_done();
}
END_TEST

START_TEST(share_on_model_is_efficient_and_reproducible)
{
    terroir_model *m = load(MODEL3);
    terroir_share_options o = fast_options();
    terroir_share *a = NULL, *b = NULL;
    ck_assert_int_eq(terroir_share_compute(&a, m, &o), 0);
    ck_assert_int_eq(terroir_share_compute(&b, m, &o), 0);
    terroir_share_summary s = summary_of(a);
    ck_assert_uint_eq(s.n_members, 3);
    ck_assert_uint_eq(s.n_coalitions, 7);
    ck_assert_int_eq(s.exact, 1);
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        double total = 0;
        for (size_t i = 0; i < 3; i++) {
            double v = member_value(a, i, (terroir_share_method)k);
            total += v;
            ck_assert_double_eq(v, member_value(b, i, (terroir_share_method)k));
        }
        ck_assert_double_eq_tol(total, s.grand_coalition_cost, 1e-5 * (1 + s.grand_coalition_cost));
    }
    /* the grand coalition is the plan of the whole model */
    terroir_plan *plan = NULL;
    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.route_iterations = 50;
    ck_assert_int_eq(terroir_solve(&plan, m, &so), 0);
    terroir_plan_summary ps;
    terroir_plan_summary_init(&ps, TERROIR_PLAN_SUMMARY_VERSION);
    ck_assert_int_eq(terroir_plan_get_summary(plan, &ps), 0);
    ck_assert_double_eq(ps.objective, s.grand_coalition_cost);
    terroir_plan_free(plan);
    /* the school has no hub and no van: alone it serves nothing and pays
     * the penalty of all its demand (100 kg at priority 3's 10 per kg) */
    terroir_share_coalition c;
    memset(&c, 0, sizeof c);
    c.version = TERROIR_SHARE_COALITION_VERSION;
    ck_assert_int_eq(terroir_share_get_coalition(a, 3, &c), 0);
    ck_assert_uint_eq(c.members, 4);
    ck_assert_double_eq_tol(c.unserved_penalty, 1000.0, 1e-6);
    ck_assert_double_eq_tol(c.operating_cost, 0.0, 1e-6);
    /* the HTML report of the grand plan with its cost-sharing section; a
     * version 1 options structure has no share field and no section */
    ck_assert_int_eq(terroir_solve(&plan, m, &so), 0);
    terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
    ro.share = a;
    char *html = NULL;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, m, plan, &ro), 0);
    ck_assert_ptr_nonnull(strstr(html, "Cost sharing among members"));
    ck_assert_ptr_nonnull(strstr(html, "Grocery coop"));
    free(html);
    terroir_report_options v1;
    ck_assert_int_eq(terroir_report_options_init(&v1, 1), 0);
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, m, plan, &v1), 0);
    ck_assert_ptr_null(strstr(html, "Cost sharing among members"));
    free(html);
    terroir_plan_free(plan);
    char *json = NULL;
    ck_assert_int_eq(terroir_share_write_json_buffer(&json, NULL, a), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"grand_coalition_cost\""));
    ck_assert_ptr_nonnull(strstr(json, "\"standalone_cost\""));
    ck_assert_ptr_nonnull(strstr(json, "\"nucleolus\""));
    free(json);
    terroir_share_free(a);
    terroir_share_free(b);
    terroir_model_free(m);
    test_done();
}
END_TEST

static terroir_share_coalition coalition_of(const terroir_share *sh, size_t k)
{
    terroir_share_coalition c;
    memset(&c, 0, sizeof c);
    c.version = TERROIR_SHARE_COALITION_VERSION;
    ck_assert_int_eq(terroir_share_get_coalition(sh, k, &c), 0);
    return c;
}

/* The warm start (coalition_solve.c) adds a solve with the superset's hub
 * choice and keeps the cheaper: it never makes a coalition dearer than its
 * cold solve, and the cold solve is the one made with the warm start off. */
START_TEST(warm_start_never_makes_a_coalition_dearer_than_its_cold_solve)
{
    terroir_model *m = load(MODEL3);
    terroir_share_options o = fast_options();
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_compute(&sh, m, &o), 0);
    share_coal cold[7];
    memset(cold, 0, sizeof cold);
    for (size_t k = 0; k < 7; k++)
        cold[k].members = k + 1;
    ck_assert_int_eq(share__solve_coalitions(m, cold, 7, 7, &o, 0.0, 2, 0), 0);
    size_t warm = 0, tried = 0;
    for (size_t k = 0; k < 7; k++) {
        terroir_share_coalition c = coalition_of(sh, k);
        ck_assert_double_eq(c.cold_cost, cold[k].cost);
        ck_assert(isnan(cold[k].warm_cost) && !cold[k].warm_started);
        ck_assert(c.cost <= c.cold_cost);
        if (isnan(c.warm_cost)) {
            ck_assert_int_eq(c.warm_started, 0);
            ck_assert_double_eq(c.cost, c.cold_cost);
            continue;
        }
        tried++;
        ck_assert_int_eq(c.warm_started, c.warm_cost < c.cold_cost);
        ck_assert_double_eq(c.cost, c.warm_started ? c.warm_cost : c.cold_cost);
        warm += (size_t)c.warm_started;
    }
    /* warm solves for every coalition but the grand one (no superset) and
     * the school alone (no hub to fix) */
    ck_assert(isnan(coalition_of(sh, 6).warm_cost));
    ck_assert(isnan(coalition_of(sh, 3).warm_cost));
    ck_assert_uint_eq(tried, 5);
    terroir_share_summary s = summary_of(sh);
    ck_assert_uint_eq(s.n_warm_started, warm);
    /* a version 1 caller gets neither field written */
    terroir_share_coalition v1;
    memset(&v1, 0xff, sizeof v1);
    v1.version = 1;
    ck_assert_int_eq(terroir_share_get_coalition(sh, 0, &v1), 0);
    ck_assert_int_eq(v1.warm_started, -1);
    char *json = NULL;
    ck_assert_int_eq(terroir_share_write_json_buffer(&json, NULL, sh), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"warm\": "));
    ck_assert_ptr_nonnull(strstr(json, "\"cold_cost\": "));
    ck_assert_ptr_nonnull(strstr(json, "\"warm_cost\": "));
    ck_assert_ptr_nonnull(strstr(json, "\"warm_started\": "));
    free(json);
    terroir_share_free(sh);
    terroir_model_free(m);
    test_done();
}
END_TEST

/* Levels are solved in turn and a coalition reads only the level above, so
 * the costs, and which coalitions the warm start improved, do not depend on
 * the threads. */
START_TEST(warm_started_costs_are_identical_with_one_and_two_threads)
{
    terroir_model *m = load(MODEL3);
    terroir_share_options o = fast_options();
    terroir_share *one = NULL, *two = NULL;
    o.threads = 1;
    ck_assert_int_eq(terroir_share_compute(&one, m, &o), 0);
    o.threads = 2;
    ck_assert_int_eq(terroir_share_compute(&two, m, &o), 0);
    ck_assert_uint_eq(terroir_share_coalition_count(one), terroir_share_coalition_count(two));
    for (size_t k = 0; k < terroir_share_coalition_count(one); k++) {
        terroir_share_coalition a = coalition_of(one, k), b = coalition_of(two, k);
        ck_assert_double_eq(a.cost, b.cost);
        ck_assert_double_eq(a.cold_cost, b.cold_cost);
        ck_assert_int_eq(isnan(a.warm_cost), isnan(b.warm_cost));
        if (!isnan(a.warm_cost))
            ck_assert_double_eq(a.warm_cost, b.warm_cost);
        ck_assert_int_eq(a.warm_started, b.warm_started);
        ck_assert_int_eq(a.artefact, b.artefact);
    }
    for (size_t i = 0; i < 3; i++)
        ck_assert_double_eq(member_value(one, i, TERROIR_SHARE_NUCLEOLUS),
                            member_value(two, i, TERROIR_SHARE_NUCLEOLUS));
    ck_assert_uint_eq(summary_of(one).n_warm_started, summary_of(two).n_warm_started);
    terroir_share_free(one);
    terroir_share_free(two);
    terroir_model_free(m);
    test_done();
}
END_TEST

START_TEST(sampled_shapley_beyond_exact_limit_is_efficient_with_interval)
{
    /* 11 members: the grocery coop and ten schools, one point each */
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "terroir: 1\nmembers:\n  - {id: coop}\n");
    for (int k = 0; k < 10; k++)
        len += (size_t)snprintf(text + len, sizeof text - len, "  - {id: s%d}\n", k);
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "products:\n  - {id: apples}\nproducers:\n"
                            "  - {id: farm, lat: 45.5, lon: -73.5, supply: {apples: 900}}\n"
                            "hubs:\n  - {id: hub, lat: 45.55, lon: -73.55, member: coop}\n"
                            "points:\n");
    for (int k = 0; k < 10; k++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "  - {id: p%d, lat: %.3f, lon: -73.6, demand: {apples: 50}, "
                                "member: s%d}\n",
                                k, 45.50 + 0.01 * k, k);
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "  - {id: store, lat: 45.6, lon: -73.5, demand: {apples: 50}, "
                            "member: coop}\n");
    (void)len;
    terroir_model *m = load(text);
    terroir_share_options o = fast_options();
    o.methods = 1u << TERROIR_SHARE_SHAPLEY;
    o.samples = 5;
    o.route_iterations = 10;
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_compute(&sh, m, &o), 0);
    terroir_share_summary s = summary_of(sh);
    ck_assert_int_eq(s.exact, 0);
    ck_assert_uint_eq(s.samples, 5);
    ck_assert_int_eq(s.core_empty, -1);
    double total = 0;
    for (size_t i = 0; i < 11; i++)
        total += member_value(sh, i, TERROIR_SHARE_SHAPLEY);
    ck_assert_double_eq_tol(total, s.grand_coalition_cost, 1e-6 * (1 + s.grand_coalition_cost));
    ck_assert(isnan(member_value(sh, 0, TERROIR_SHARE_NUCLEOLUS)));
    terroir_share_free(sh);
    terroir_model_free(m);
    test_done();
}
END_TEST

/* ---- members in the model */

START_TEST(unknown_member_is_reported_at_its_line_and_column)
{
    const char text[] = "terroir: 1\n"
                        "members:\n"
                        "  - {id: coop}\n"
                        "products:\n"
                        "  - {id: apples}\n"
                        "points:\n"
                        "  - {id: store, lat: 45.6, lon: -73.5, member: nobody}\n";
    terroir_model *m = NULL;
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, text, strlen(text), "m.yaml", NULL, NULL),
        TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_uint_eq(e->line, 7);
    ck_assert_uint_eq(e->column, 48);
    ck_assert_ptr_nonnull(strstr(e->message, "unknown member 'nobody'"));
    test_done();
}
END_TEST

START_TEST(members_round_trip_through_yaml_writer)
{
    terroir_model *m0 = load(MODEL3), *m = NULL;
    /* every kind of entity with a member, and one without */
    ck_assert_int_eq(terroir_model_clone(&m, m0), 0);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_PRODUCER, 0, 1), 0);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_HUB, 1, TERROIR_NO_MEMBER), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    terroir_model_free(m0);
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, &len, m), 0);
    ck_assert_ptr_nonnull(strstr(text, "member: grocery"));
    terroir_model *again = load(text);
    ck_assert_int_eq(terroir_model_equal(m, again), 1);
    terroir_model *copy = NULL;
    ck_assert_int_eq(terroir_model_clone(&copy, m), 0);
    ck_assert_int_eq(terroir_model_equal(m, copy), 1);
    ck_assert_int_eq(terroir_model_set_member(copy, TERROIR_ENTITY_POINT, 2, 0), 0);
    ck_assert_int_eq(terroir_model_equal(m, copy), 0);
    free(text);
    terroir_model_free(m);
    terroir_model_free(again);
    terroir_model_free(copy);
    test_done();
}
END_TEST

START_TEST(member_builder_and_accessors_check_their_arguments)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_member_spec ms = TERROIR_MEMBER_SPEC_INIT;
    ck_assert_int_eq(terroir_model_add_member(m, &ms, NULL), TERROIR_EINVAL); /* no id */
    ms.id = "coop";
    size_t idx = 9;
    ck_assert_int_eq(terroir_model_add_member(m, &ms, &idx), 0);
    ck_assert_uint_eq(idx, 0);
    ck_assert_int_eq(terroir_model_add_member(m, &ms, NULL), TERROIR_EINVAL); /* duplicate */
    ck_assert_int_eq(terroir_model_add_member(NULL, &ms, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_MEMBER, "coop", &idx), 0);
    terroir_member_spec got = TERROIR_MEMBER_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_member(m, 0, &got), 0);
    ck_assert_str_eq(got.name, "coop");
    ck_assert_int_eq(terroir_model_get_member(m, 1, &got), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_model_get_member(NULL, 0, &got), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_member_spec_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_member_spec_init(&got, 2), TERROIR_EINVAL);
    terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
    ps.id = "p";
    ps.member = 3;
    ck_assert_int_eq(terroir_model_add_point(m, &ps, NULL), TERROIR_EINVAL);
    /* a version 1 caller has no member field: the point has none */
    terroir_point_spec v1;
    ck_assert_int_eq(terroir_point_spec_init(&v1, 1), 0);
    v1.id = "p";
    ck_assert_int_eq(terroir_model_add_point(m, &v1, NULL), 0);
    terroir_point_spec back = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, 0, &back), 0);
    ck_assert_uint_eq(back.member, TERROIR_NO_MEMBER);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_POINT, 0, 0), 0);
    ck_assert_int_eq(terroir_model_get_point(m, 0, &back), 0);
    ck_assert_uint_eq(back.member, 0);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_POINT, 5, 0), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_POINT, 0, 4), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_set_member(m, TERROIR_ENTITY_PRODUCT, 0, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_set_member(NULL, TERROIR_ENTITY_POINT, 0, 0), TERROIR_EINVAL);
    ck_assert_str_eq(terroir_entity_to_string(TERROIR_ENTITY_MEMBER), "member");
    terroir_model_free(m);
    test_done();
}
END_TEST

/* ---- error paths */

START_TEST(share_functions_reject_bad_arguments)
{
    terroir_share *sh = NULL;
    ck_assert_int_eq(terroir_share_game(NULL, 3, HAND3, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_game(&sh, 1, HAND3, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_game(&sh, 11, HAND3, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_game(&sh, 3, NULL, NULL, NULL), TERROIR_EINVAL);
    double bad[3] = {1, NAN, 2};
    ck_assert_int_eq(terroir_share_game(&sh, 2, bad, NULL, NULL), TERROIR_EINVAL);
    terroir_share_options o = TERROIR_SHARE_OPTIONS_INIT;
    o.methods = 0;
    ck_assert_int_eq(terroir_share_game(&sh, 3, HAND3, NULL, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(sh);
    ck_assert_int_eq(terroir_share_options_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_options_init(&o, 2), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_options_init(&o, 1), 0);
    ck_assert_uint_eq(o.methods, 7);

    ck_assert_int_eq(terroir_share_compute(NULL, NULL, NULL), TERROIR_EINVAL);
    terroir_model *raw = NULL;
    ck_assert_int_eq(terroir_model_new(&raw), 0);
    ck_assert_int_eq(terroir_share_compute(&sh, raw, NULL), TERROIR_EINVAL); /* not validated */
    terroir_model_free(raw);
    /* one member only */
    const char one[] = "terroir: 1\nmembers:\n  - {id: coop}\nproducts:\n  - {id: apples}\n"
                       "points:\n  - {id: store, lat: 45.6, lon: -73.5, member: coop}\n";
    terroir_model *m = load(one);
    ck_assert_int_eq(terroir_share_compute(&sh, m, NULL), TERROIR_EINPUT);
    terroir_model_free(m);
    /* a point without a member, named at its line */
    const char orphan[] = "terroir: 1\nmembers:\n  - {id: a}\n  - {id: b}\n"
                          "products:\n  - {id: apples}\npoints:\n"
                          "  - {id: store, lat: 45.6, lon: -73.5, member: a}\n"
                          "  - {id: lost, lat: 45.6, lon: -73.4}\n";
    m = load(orphan);
    ck_assert_int_eq(terroir_share_compute(&sh, m, NULL), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_error_last()->line, 9);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "'lost'"));
    terroir_model_free(m);

    ck_assert_int_eq(terroir_share_game(&sh, 3, HAND3, NULL, NULL), 0);
    terroir_share_summary s;
    s.version = 9;
    ck_assert_int_eq(terroir_share_get_summary(sh, &s), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_get_summary(NULL, &s), TERROIR_EINVAL);
    terroir_share_member mb;
    mb.version = TERROIR_SHARE_MEMBER_VERSION;
    ck_assert_int_eq(terroir_share_get_member(sh, 3, &mb), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_share_get_member(NULL, 0, &mb), TERROIR_EINVAL);
    mb.version = 0;
    ck_assert_int_eq(terroir_share_get_member(sh, 0, &mb), TERROIR_EINVAL);
    terroir_share_coalition c;
    c.version = TERROIR_SHARE_COALITION_VERSION;
    ck_assert_int_eq(terroir_share_get_coalition(sh, 7, &c), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_share_get_coalition(NULL, 0, &c), TERROIR_EINVAL);
    c.version = 0;
    ck_assert_int_eq(terroir_share_get_coalition(sh, 0, &c), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_get_blocking(sh, TERROIR_SHARE_NUCLEOLUS, 0, NULL, NULL),
                     TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_share_get_blocking(NULL, TERROIR_SHARE_NUCLEOLUS, 0, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_share_blocking_count(NULL, TERROIR_SHARE_EPM), 0);
    ck_assert_uint_eq(terroir_share_member_count(NULL), 0);
    ck_assert_uint_eq(terroir_share_coalition_count(NULL), 0);
    ck_assert_uint_eq(terroir_share_member_count(sh), 3);
    ck_assert_uint_eq(terroir_share_coalition_count(sh), 7);
    ck_assert_str_eq(terroir_share_method_to_string(TERROIR_SHARE_EPM), "epm");
    ck_assert_str_eq(terroir_share_method_to_string((terroir_share_method)9), "unknown");
    ck_assert_int_eq(terroir_share_write_json_buffer(NULL, NULL, sh), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_write_json_file(sh, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_share_write_json_file(sh, "/nonexistent-dir/x.json"), TERROIR_EIO);
    terroir_share_free(sh);
    terroir_share_free(NULL);
    test_done();
}
END_TEST

static Suite *share_suite(void)
{
    Suite *s = suite_create("share");
    TCase *tc = tcase_create("game");
    tcase_add_test(tc, shapley_matches_hand_computed_three_member_game);
    tcase_add_test(tc, nucleolus_matches_talmud_bankruptcy_games);
    tcase_add_test(tc, empty_core_is_reported_with_least_core_epsilon);
    tcase_add_test(tc, core_is_not_empty_for_hand_game_and_allocations_are_in_it);
    tcase_add_test(tc, epm_equalises_relative_savings_and_nucleolus_splits_savings);
    tcase_add_test(tc, every_method_is_efficient_on_random_games);
    tcase_add_test(tc, coalition_dearer_than_a_partition_is_reported_as_artefact);
    tcase_add_test(tc, sampled_shapley_is_exact_on_additive_game_and_efficient);
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unknown_member_is_reported_at_its_line_and_column);
    tcase_add_test(tc, members_round_trip_through_yaml_writer);
    tcase_add_test(tc, member_builder_and_accessors_check_their_arguments);
    tcase_add_test(tc, sub_model_keeps_only_coalition_and_shared_entities);
    tcase_add_test(tc, share_on_model_is_efficient_and_reproducible);
    tcase_add_test(tc, warm_start_never_makes_a_coalition_dearer_than_its_cold_solve);
    tcase_add_test(tc, warm_started_costs_are_identical_with_one_and_two_threads);
    tcase_add_test(tc, sampled_shapley_beyond_exact_limit_is_efficient_with_interval);
    tcase_add_test(tc, share_functions_reject_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(share_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
