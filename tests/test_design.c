/* Unit tests of the design stage (lib/design/design.h): choosing the right
 * hub out of three with a hand-computed optimum, by the general MIP (two
 * products) and by the CFLP engine (one product, one source); hub statuses
 * open and closed respected; consistency with the allocation of the chosen
 * hubs; the time-limit path; argument errors.  Planar networks at rate 1 per
 * unit-km (a vehicle of capacity 2 kg at cost 1 per km per hub, see
 * alloc.h).  White-box: linked with the internal static library. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/model.h>

#include "alloc/alloc.h"
#include "core/core.h"
#include "design/design.h"
#include "lp/lp.h"
#include "model/model_internal.h"

#define TOL 1e-6

static terroir_model *planar_model(void)
{
    terroir_model *m = NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    return m;
}

static size_t add_product(terroir_model *m, const char *id)
{
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    size_t k;
    s.id = id;
    ck_assert_int_eq(terroir_model_add_product(m, &s, &k), 0);
    return k;
}

static size_t add_site_producer(terroir_model *m, const char *id, double x, double y)
{
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    ck_assert_int_eq(terroir_model_add_producer(m, &s, &k), 0);
    return k;
}

static size_t add_hub(terroir_model *m, const char *id, double x, double y,
                      terroir_hub_status status, double fixed, double cap)
{
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    char vid[64];
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.status = status;
    s.fixed_cost = fixed;
    s.capacity_kg = (const double[]){cap}; /* ambient */
    s.n_temperatures = 1;
    ck_assert_int_eq(terroir_model_add_hub(m, &s, &k), 0);
    snprintf(vid, sizeof vid, "truck-%s", id);
    v.id = vid;
    v.home_hub = k;
    v.capacity = (const double[]){2}; /* kg */
    v.n_dimensions = 1;
    v.cost_per_km = 1;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    return k;
}

static size_t add_point(terroir_model *m, const char *id, double x, double y, double penalty)
{
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.unserved_penalty_per_kg = penalty;
    ck_assert_int_eq(terroir_model_add_point(m, &s, &k), 0);
    return k;
}

static void validate(terroir_model *m)
{
    terroir_diagnostics *d = NULL;
    int rc = terroir_model_validate(m, &d);
    if (rc != 0 && terroir_diagnostics_count(d) > 0)
        ck_abort_msg("invalid test model: %s", terroir_diagnostics_get(d, 0)->message);
    terroir_diagnostics_free(d);
    ck_assert_int_eq(rc, 0);
}

static void teardown(void)
{
    lp__thread_cleanup();
}

/* A producer at x = 0 and a point at x = 10 wanting 10 units in all.  Hubs
 * on the line: H1 at 2 (fixed 30), H2 at 8 (fixed 20), both paths 10 per
 * unit; H3 at 20 (fixed 1), path 30 per unit.  Unserved costs 100 per kg.
 * Best: H2 alone, 20 + 10 * 10 = 120 (H1: 130, H3: 301, both: 150).
 * `two_products` splits the demand over two products (general MIP); with
 * one product and one source the CFLP engine solves it. */
static terroir_model *three_hubs(int two_products, terroir_hub_status h2_status)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg");
    size_t fruit = two_products ? add_product(m, "fruit") : veg;
    size_t pr = add_site_producer(m, "P", 0, 0);
    add_hub(m, "H1", 2, 0, TERROIR_HUB_CANDIDATE, 30, TERROIR_UNLIMITED);
    add_hub(m, "H2", 8, 0, h2_status, 20, TERROIR_UNLIMITED);
    add_hub(m, "H3", 20, 0, TERROIR_HUB_CANDIDATE, 1, TERROIR_UNLIMITED);
    size_t a = add_point(m, "A", 10, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, veg, 5), 0);
    if (two_products) {
        ck_assert_int_eq(terroir_model_add_supply(m, pr, fruit, 100), 0);
        ck_assert_int_eq(terroir_model_add_demand(m, a, fruit, 5), 0);
    } else {
        ck_assert_int_eq(terroir_model_add_demand(m, a, veg, 5), 0);
    }
    validate(m);
    return m;
}

START_TEST(design_picks_the_right_hub_out_of_three_by_mip)
{
    terroir_model *m = three_hubs(1, TERROIR_HUB_CANDIDATE);
    design_result r;
    ck_assert_int_eq(design__solve(m, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_int_eq(r.used_cflp, 0);
    ck_assert_double_eq_tol(r.objective, 120.0, TOL);
    ck_assert_double_le(r.bound, r.objective + TOL);
    ck_assert_double_ge(r.bound, 120.0 * (1 - 1e-6) - TOL);
    ck_assert_uint_eq(r.n_hubs, 3);
    ck_assert_int_eq(r.hub_open[0], 0);
    ck_assert_int_eq(r.hub_open[1], 1);
    ck_assert_int_eq(r.hub_open[2], 0);
    /* the allocation of the chosen hubs costs the same, fixed cost included */
    alloc_result a;
    ck_assert_int_eq(alloc__solve(m, r.hub_open, NULL, &a), 0);
    ck_assert_double_eq_tol(a.objective, 120.0, TOL);
    ck_assert_double_eq_tol(a.cost.fixed_hub, 20.0, TOL);
    alloc__result_free(&a);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

START_TEST(design_picks_the_right_hub_out_of_three_by_cflp_engine)
{
    terroir_model *m = three_hubs(0, TERROIR_HUB_CANDIDATE);
    design_result r;
    ck_assert_int_eq(design__solve(m, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_int_eq(r.used_cflp, 1);
    ck_assert_double_eq_tol(r.objective, 120.0, TOL);
    ck_assert_int_eq(r.hub_open[0], 0);
    ck_assert_int_eq(r.hub_open[1], 1);
    ck_assert_int_eq(r.hub_open[2], 0);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* H2 closed by status: the best left is H1 (130); with H2 open by status it
 * is used and its fixed cost is not paid (100). */
START_TEST(design_respects_closed_and_open_statuses)
{
    for (int two = 0; two <= 1; two++) {
        terroir_model *m = three_hubs(two, TERROIR_HUB_CLOSED);
        design_result r;
        ck_assert_int_eq(design__solve(m, NULL, &r), 0);
        ck_assert_int_eq(r.status, LP_OPTIMAL);
        ck_assert_double_eq_tol(r.objective, 130.0, TOL);
        ck_assert_int_eq(r.hub_open[0], 1);
        ck_assert_int_eq(r.hub_open[1], 0);
        design__result_free(&r);
        terroir_model_free(m);

        m = three_hubs(two, TERROIR_HUB_OPEN);
        ck_assert_int_eq(design__solve(m, NULL, &r), 0);
        ck_assert_int_eq(r.status, LP_OPTIMAL);
        ck_assert_double_eq_tol(r.objective, 100.0, TOL);
        ck_assert_int_eq(r.hub_open[0], 0);
        ck_assert_int_eq(r.hub_open[1], 1);
        ck_assert_int_eq(r.hub_open[2], 0);
        design__result_free(&r);
        terroir_model_free(m);
    }
}
END_TEST

/* The cheaper hub H2 holds only 6 of the 10 units: H2 alone costs 20 + 60
 * + 4 * 100 = 480, both 50 + 100 = 150, H1 alone (capacity 100) 130. */
START_TEST(design_skips_the_cheap_hub_that_is_too_small)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg"), fruit = add_product(m, "fruit");
    size_t pr = add_site_producer(m, "P", 0, 0);
    add_hub(m, "H1", 2, 0, TERROIR_HUB_CANDIDATE, 30, 100);
    add_hub(m, "H2", 8, 0, TERROIR_HUB_CANDIDATE, 20, 6);
    size_t a = add_point(m, "A", 10, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, fruit, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, veg, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, fruit, 5), 0);
    validate(m);
    design_result r;
    ck_assert_int_eq(design__solve(m, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 130.0, TOL);
    ck_assert_int_eq(r.hub_open[0], 1);
    ck_assert_int_eq(r.hub_open[1], 0);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* No candidate: nothing to decide; the answer is the allocation. */
START_TEST(design_without_candidates_returns_the_allocation)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg");
    size_t pr = add_site_producer(m, "P", 0, 0);
    add_hub(m, "H", 8, 0, TERROIR_HUB_OPEN, 20, TERROIR_UNLIMITED);
    size_t a = add_point(m, "A", 10, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, veg, 10), 0);
    validate(m);
    design_result r;
    ck_assert_int_eq(design__solve(m, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 100.0, TOL);
    ck_assert_int_eq(r.hub_open[0], 1);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* ---- random networks */

static unsigned long rng_state;
static double rnd(void)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)((rng_state >> 11) & ((1UL << 53) - 1)) / (double)(1UL << 53);
}

static terroir_model *random_design(unsigned long seed, size_t n_prod, size_t n_hub, size_t n_pt)
{
    terroir_model *m = planar_model();
    rng_state = seed;
    size_t p0 = add_product(m, "a"), p1 = add_product(m, "b");
    for (size_t i = 0; i < n_prod; i++) {
        char id[32];
        snprintf(id, sizeof id, "prod%zu", i);
        size_t k = add_site_producer(m, id, rnd() * 100, rnd() * 100);
        ck_assert_int_eq(terroir_model_add_supply(m, k, rnd() < 0.5 ? p0 : p1, 10 + 30 * rnd()),
                         0);
    }
    for (size_t h = 0; h < n_hub; h++) {
        char id[32];
        snprintf(id, sizeof id, "hub%zu", h);
        add_hub(m, id, rnd() * 100, rnd() * 100, TERROIR_HUB_CANDIDATE, 50 + 300 * rnd(),
                100 + 200 * rnd());
    }
    for (size_t j = 0; j < n_pt; j++) {
        char id[32];
        snprintf(id, sizeof id, "pt%zu", j);
        size_t k = add_point(m, id, rnd() * 100, rnd() * 100, 200);
        ck_assert_int_eq(terroir_model_add_demand(m, k, p0, 1 + 9 * rnd()), 0);
        ck_assert_int_eq(terroir_model_add_demand(m, k, p1, 1 + 9 * rnd()), 0);
    }
    validate(m);
    return m;
}

/* The design objective is the allocation objective of the chosen hubs. */
START_TEST(design_objective_matches_allocation_of_its_hubs)
{
    terroir_model *m = random_design(3, 20, 6, 30);
    design_result r;
    ck_assert_int_eq(design__solve(m, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_le(r.gap, 1e-6);
    alloc_result a;
    ck_assert_int_eq(alloc__solve(m, r.hub_open, NULL, &a), 0);
    ck_assert_msg(fabs(a.objective - r.objective) <= 1e-6 * (1 + fabs(r.objective)),
                  "design %.10g, allocation %.10g", r.objective, a.objective);
    alloc__result_free(&a);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* A time limit of a few allocations (measured first, so that the test means
 * the same under valgrind), far less than the search needs (about 30
 * allocations here), still gives a plan with a proven bound. */
START_TEST(design_time_limit_returns_feasible_and_bound)
{
    terroir_model *m = random_design(5, 80, 16, 160);
    design_params p;
    design_result r;
    alloc_result a;
    memset(&p, 0, sizeof p);
    double t0 = core__now();
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &a), 0);
    double one = core__now() - t0;
    alloc__result_free(&a);
    p.time_limit_seconds = 4 * one;
    ck_assert_int_eq(design__solve(m, &p, &r), 0);
    ck_assert_msg(r.status == LP_FEASIBLE || r.status == LP_OPTIMAL, "status %d", r.status);
    ck_assert(isfinite(r.objective));
    ck_assert(isfinite(r.bound));
    ck_assert_double_gt(r.bound, 0.0);
    ck_assert_double_le(r.bound, r.objective + 1e-6 * fabs(r.objective));
    ck_assert_ptr_nonnull(r.hub_open);
    ck_assert_int_eq(alloc__solve(m, r.hub_open, NULL, &a), 0);
    ck_assert_double_le(a.objective, r.objective * (1 + 1e-6) + 1e-6);
    alloc__result_free(&a);
    design__result_free(&r);
    terroir_model_free(m);
}
END_TEST

START_TEST(design_rejects_null_and_unvalidated_models)
{
    terroir_model *m = planar_model();
    design_result r;
    design_params p;
    ck_assert_int_eq(design__solve(NULL, NULL, &r), TERROIR_EINVAL);
    ck_assert_int_eq(design__solve(m, NULL, &r), TERROIR_EINVAL);
    ck_assert_int_eq(design__solve(m, NULL, NULL), TERROIR_EINVAL);
    terroir_model_free(m);
    m = three_hubs(1, TERROIR_HUB_CANDIDATE);
    memset(&p, 0, sizeof p);
    p.time_limit_seconds = -1;
    ck_assert_int_eq(design__solve(m, &p, &r), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    design__result_free(NULL);
    terroir_model_free(m);
}
END_TEST

static Suite *design_suite(void)
{
    Suite *s = suite_create("design");
    TCase *tc = tcase_create("design");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, design_picks_the_right_hub_out_of_three_by_mip);
    tcase_add_test(tc, design_picks_the_right_hub_out_of_three_by_cflp_engine);
    tcase_add_test(tc, design_respects_closed_and_open_statuses);
    tcase_add_test(tc, design_skips_the_cheap_hub_that_is_too_small);
    tcase_add_test(tc, design_without_candidates_returns_the_allocation);
    tcase_add_test(tc, design_objective_matches_allocation_of_its_hubs);
    tcase_add_test(tc, design_time_limit_returns_feasible_and_bound);
    tcase_add_test(tc, design_rejects_null_and_unvalidated_models);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(design_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
