#define _DEFAULT_SOURCE /* mkdtemp, strsep */
/* Languages of the messages: the catalog, the thread's message language
 * scoped to one call, the loader's diagnostics in French, the languages of
 * the report options, and the route sheets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "core/core.h"

/* A small network: one farm, one hub with a van, two points; a product
 * counted in dozens. */
static const char model_yaml[] =
    "terroir: 1\n"
    "name: Petit\n"
    "products:\n"
    "  - {id: eggs, name: Oeufs, temperature: chilled, unit: dozen, kg_per_unit: 0.7}\n"
    "  - {id: veg, name: Legumes}\n"
    "producers:\n"
    "  - {id: farm, name: Ferme, lat: 45.6, lon: -73.4, supply: {eggs: 100, veg: 300}}\n"
    "hubs:\n"
    "  - {id: hub, name: Carrefour, lat: 45.5, lon: -73.6}\n"
    "points:\n"
    "  - {id: shop, name: Epicerie, lat: 45.4, lon: -73.8, demand: {eggs: 40, veg: 100}}\n"
    "  - {id: bank, name: Banque, kind: food_bank, lat: 45.55, lon: -73.9,\n"
    "     demand: {eggs: 80, veg: 50}}\n"
    "vehicle_types:\n"
    "  - {id: van, name: Fourgon, home_hub: hub, capacity: {kg: 2000},\n"
    "     temperatures: [ambient, chilled], trips_per_day: 2}\n";

/* The same with an unknown key at line 3, column 3. */
static const char bad_yaml[] = "terroir: 1\n"
                               "products:\n"
                               "  - {id: veg, colour: green}\n";

static terroir_model *load(const char *text)
{
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, text, strlen(text), "m.yaml", NULL, NULL);
    ck_assert_msg(rc == 0, "load: %s", terroir_error_last() ? terroir_error_last()->message : "?");
    return m;
}

static terroir_plan *solve(const terroir_model *m)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.route_iterations = 50;
    terroir_plan *p = NULL;
    ck_assert_int_eq(terroir_solve(&p, m, &o), 0);
    ck_assert_uint_ge(terroir_plan_route_count(p), 1);
    return p;
}

START_TEST(language_names_read_locales_and_reject_others)
{
    terroir_language l = TERROIR_LANGUAGE_EN;
    ck_assert_str_eq(terroir_language_to_string(TERROIR_LANGUAGE_FR), "fr");
    ck_assert_str_eq(terroir_language_to_string(TERROIR_LANGUAGE_EN), "en");
    ck_assert_str_eq(terroir_language_to_string((terroir_language)9), "unknown");
    static const char *const french[] = {"fr", "fr_CA.UTF-8", "fr-CA", "fr.UTF-8", "fr@euro"};
    for (size_t i = 0; i < sizeof french / sizeof french[0]; i++) {
        l = TERROIR_LANGUAGE_EN;
        ck_assert_int_eq(terroir_language_from_string(&l, french[i]), 0);
        ck_assert_int_eq(l, TERROIR_LANGUAGE_FR);
    }
    ck_assert_int_eq(terroir_language_from_string(&l, "en_US"), 0);
    ck_assert_int_eq(l, TERROIR_LANGUAGE_EN);
    ck_assert_int_eq(terroir_language_from_string(&l, "french"), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_language_from_string(&l, "de_DE"), TERROIR_ENOTFOUND);
    ck_assert_str_eq(terroir_error_last()->message, "unknown language 'de_DE' (known: en, fr)");
    ck_assert_int_eq(terroir_language_from_string(NULL, "fr"), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_language_from_string(&l, NULL), TERROIR_EINVAL);
}
END_TEST

START_TEST(message_translate_finds_the_french_of_a_msgid)
{
    ck_assert_str_eq(terroir_message_translate(TERROIR_LANGUAGE_FR, "out of memory"),
                     "mémoire insuffisante");
    const char *msgid = "out of memory";
    ck_assert_ptr_eq(terroir_message_translate(TERROIR_LANGUAGE_EN, msgid), msgid);
    const char *unknown = "no such message in the catalog";
    ck_assert_ptr_eq(terroir_message_translate(TERROIR_LANGUAGE_FR, unknown), unknown);
    ck_assert_ptr_eq(terroir_message_translate((terroir_language)7, msgid), msgid);
    ck_assert_ptr_null(terroir_message_translate(TERROIR_LANGUAGE_FR, NULL));
}
END_TEST

START_TEST(errors_are_translated_only_while_a_call_asks_for_french)
{
    ck_assert_int_eq(core__lang(), TERROIR_LANGUAGE_EN);
    terroir_language previous = core__lang_begin(TERROIR_LANGUAGE_FR);
    core__error(TERROIR_ENOMEM, "out of memory while loading %s", "a.yaml");
    ck_assert_str_eq(terroir_error_last()->message,
                     "mémoire insuffisante pendant le chargement de a.yaml");
    core__lang_end(previous);
    core__error(TERROIR_ENOMEM, "out of memory while loading %s", "a.yaml");
    ck_assert_str_eq(terroir_error_last()->message, "out of memory while loading a.yaml");
    /* An unknown language is English. */
    previous = core__lang_begin((terroir_language)5);
    ck_assert_int_eq(core__lang(), TERROIR_LANGUAGE_EN);
    core__lang_end(previous);
    terroir_error_clear();
}
END_TEST

START_TEST(loader_reports_problems_in_the_language_of_its_options)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.language = TERROIR_LANGUAGE_FR;
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, bad_yaml, strlen(bad_yaml), "b.yaml", &o, &d),
        TERROIR_EINPUT);
    ck_assert_uint_ge(terroir_diagnostics_count(d), 1);
    const terroir_error *e = terroir_diagnostics_get(d, 0);
    ck_assert_msg(strstr(e->message, "clé inconnue 'colour'") != NULL, "%s", e->message);
    ck_assert_uint_eq(e->line, 3);
    ck_assert_str_eq(terroir_error_last()->message, e->message);
    terroir_diagnostics_free(d);
    /* The language lasts for the call only. */
    ck_assert_int_eq(core__lang(), TERROIR_LANGUAGE_EN);
    /* Version 2 callers have no language field: English. */
    o.version = 2;
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, bad_yaml, strlen(bad_yaml), "b.yaml", &o, &d),
        TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_diagnostics_get(d, 0)->message, "unknown key 'colour'"));
    terroir_diagnostics_free(d);
    /* Validation problems too. */
    static const char invalid[] = "terroir: 1\nproducts: [{id: veg}]\n";
    o.version = TERROIR_LOAD_OPTIONS_VERSION;
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, invalid, strlen(invalid), "v.yaml", &o, NULL),
        TERROIR_EINPUT);
    ck_assert_str_eq(terroir_error_last()->message,
                     "le modèle n'a ni producteurs, ni carrefours, ni points");
    /* Unknown languages are refused; file loads read the option as well. */
    o.language = (terroir_language)3;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, bad_yaml, strlen(bad_yaml), NULL, &o, NULL),
                     TERROIR_EINVAL);
    o.language = TERROIR_LANGUAGE_FR;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, "no-such-file.yaml", &o, NULL), TERROIR_EIO);
    ck_assert_ptr_null(m);
    terroir_load_options v3;
    ck_assert_int_eq(terroir_load_options_init(&v3, 3), 0);
    ck_assert_int_eq(v3.language, TERROIR_LANGUAGE_EN);
    ck_assert_int_eq(terroir_load_options_init(&v3, TERROIR_LOAD_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
}
END_TEST

START_TEST(solve_checks_its_language_and_reads_older_options)
{
    terroir_model *m = load(model_yaml);
    terroir_plan *p = NULL;
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.language = (terroir_language)4;
    ck_assert_int_eq(terroir_solve(&p, m, &o), TERROIR_EINVAL);
    o.language = TERROIR_LANGUAGE_FR;
    o.mip_gap = 2;
    ck_assert_int_eq(terroir_solve(&p, m, &o), TERROIR_EINVAL);
    ck_assert_int_eq(core__lang(), TERROIR_LANGUAGE_EN);
    /* A version 2 structure ends before the language: never read. */
    terroir_solve_options v2;
    ck_assert_int_eq(terroir_solve_options_init(&v2, 2), 0);
    v2.route_iterations = 20;
    ck_assert_int_eq(terroir_solve(&p, m, &v2), 0);
    terroir_plan_free(p);
    ck_assert_int_eq(terroir_solve_options_init(&v2, TERROIR_SOLVE_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

START_TEST(report_is_written_in_the_language_of_its_options)
{
    terroir_model *m = load(model_yaml);
    terroir_plan *p = solve(m);
    char *html = NULL;
    terroir_report_options o;
    ck_assert_int_eq(terroir_report_options_init(&o, TERROIR_REPORT_OPTIONS_VERSION), 0);
    ck_assert_int_eq(o.language, TERROIR_LANGUAGE_EN);
    o.language = TERROIR_LANGUAGE_FR;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, m, p, &o), 0);
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"fr\">"));
    ck_assert_ptr_nonnull(strstr(html, "Coût total"));
    ck_assert_ptr_nonnull(strstr(html, "Banques alimentaires"));
    ck_assert_ptr_null(strstr(html, "Total cost"));
    terroir_free(html);
    ck_assert_int_eq(core__lang(), TERROIR_LANGUAGE_EN);
    /* Version 1 options: English. */
    terroir_report_options v1;
    ck_assert_int_eq(terroir_report_options_init(&v1, 1), 0);
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, m, p, &v1), 0);
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"en\">"));
    ck_assert_ptr_nonnull(strstr(html, "Total cost"));
    terroir_free(html);
    html = NULL;
    o.language = (terroir_language)2;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, m, p, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(html);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

static char *slurp(const char *dir, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s missing", path);
    char *buf = calloc(1, 1 << 17);
    size_t n = fread(buf, 1, (1 << 17) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(route_sheets_give_each_stop_its_products_in_order)
{
    terroir_model *m = load(model_yaml);
    terroir_plan *p = solve(m);
    char dir[] = "route_sheets_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char sub[64];
    snprintf(sub, sizeof sub, "%s/sheets", dir);
    terroir_report_options o = TERROIR_REPORT_OPTIONS_INIT;
    o.language = TERROIR_LANGUAGE_FR;
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, sub, &o), 0);
    char *page = slurp(sub, "route-01.html");
    ck_assert_ptr_nonnull(strstr(page, "<html lang=\"fr\">"));
    ck_assert_ptr_nonnull(strstr(page, "Arrêts dans l'ordre"));
    ck_assert_ptr_nonnull(strstr(page, "Oeufs"));
    ck_assert_ptr_nonnull(strstr(page, "dozen"));
    /* The CSV: one row per product moved at each stop; at the pickup the
     * farm gives what both points receive. */
    char *csv = slurp(sub, "route_sheets.csv");
    ck_assert_int_eq(strncmp(csv, "route,vehicle_type,vehicle,day,hub,stop,site,name,kind,", 55),
                     0);
    double eggs_delivered = 0, eggs_collected = 0;
    size_t rows = 0;
    for (char *line = strstr(csv, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
        char buf[512];
        size_t n = strcspn(line + 2, "\r");
        ck_assert_uint_lt(n, sizeof buf);
        memcpy(buf, line + 2, n);
        buf[n] = '\0';
        char *field[19];
        size_t k = 0;
        for (char *s = buf, *tok; k < 19 && (tok = strsep(&s, ",")) != NULL;)
            field[k++] = tok;
        ck_assert_uint_eq(k, 19);
        rows++;
        if (strcmp(field[12], "eggs") == 0) {
            ck_assert_str_eq(field[14], "dozen");
            ck_assert_double_eq_tol(atof(field[15]), 0.7 * atof(field[13]), 1e-6);
            if (strcmp(field[8], "delivery") == 0)
                eggs_delivered += atof(field[13]);
            else
                eggs_collected += atof(field[13]);
        }
    }
    ck_assert_uint_ge(rows, 4);
    /* 100 dozen supplied, 120 asked: all 100 travel through the hub. */
    ck_assert_double_eq_tol(eggs_delivered, 100, 1e-6);
    ck_assert_double_eq_tol(eggs_collected, 100, 1e-6);
    free(page);
    free(csv);
    char path[512];
    for (size_t r = 0; r < terroir_plan_route_count(p); r++) {
        snprintf(path, sizeof path, "%s/route-%02zu.html", sub, r + 1);
        ck_assert_int_eq(unlink(path), 0);
    }
    snprintf(path, sizeof path, "%s/route_sheets.csv", sub);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_sheets_of_a_model_without_producers_carry_the_demand)
{
    static const char vrp_yaml[] =
        "terroir: 1\n"
        "products: [{id: box, unit: crate, kg_per_unit: 5}, {id: veg}]\n"
        "hubs: [{id: depot, lat: 45.5, lon: -73.6}]\n"
        "points:\n"
        "  - {id: a, lat: 45.4, lon: -73.8, demand: {box: 10, veg: 20}}\n"
        "  - {id: b, lat: 45.6, lon: -73.9, demand: {veg: 30}}\n"
        "vehicle_types: [{id: van, home_hub: depot, capacity: {kg: 500}}]\n";
    terroir_model *m = load(vrp_yaml);
    terroir_plan *p = solve(m);
    char dir[] = "route_sheets_vrp_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, dir, NULL), 0);
    char *csv = slurp(dir, "route_sheets.csv");
    /* a: 10 crates (50 kg) and 20 kg of veg; b: 30 kg of veg. */
    ck_assert_ptr_nonnull(strstr(csv, ",a,a,delivery,"));
    ck_assert_ptr_nonnull(strstr(csv, ",box,10,crate,50,70,"));
    ck_assert_ptr_nonnull(strstr(csv, ",veg,20,kg,20,70,"));
    ck_assert_ptr_nonnull(strstr(csv, ",veg,30,kg,30,30,"));
    free(csv);
    char path[512];
    for (size_t r = 0; r < terroir_plan_route_count(p); r++) {
        snprintf(path, sizeof path, "%s/route-%02zu.html", dir, r + 1);
        ck_assert_int_eq(unlink(path), 0);
    }
    snprintf(path, sizeof path, "%s/route_sheets.csv", dir);
    unlink(path);
    rmdir(dir);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_sheets_reject_bad_arguments)
{
    terroir_model *m = load(model_yaml);
    terroir_plan *p = solve(m);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, "", NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(NULL, p, "x", NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, NULL, "x", NULL), TERROIR_EINVAL);
    terroir_report_options o = TERROIR_REPORT_OPTIONS_INIT;
    o.version = 9;
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, "x", &o), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, "no-such-dir/sub", NULL),
                     TERROIR_EIO);
    /* A plan of another model. */
    static const char other_yaml[] = "terroir: 1\nproducts: [{id: veg}]\n"
                                     "producers: [{id: f, lat: 45, lon: -73, supply: {veg: 1}}]\n"
                                     "points: [{id: p, lat: 45.1, lon: -73, demand: {veg: 1}}]\n";
    terroir_model *other = load(other_yaml);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(other, p, "x", NULL), TERROIR_EINVAL);
    terroir_model_free(other);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

static Suite *language_suite(void)
{
    Suite *s = suite_create("language");
    TCase *tc = tcase_create("language");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, language_names_read_locales_and_reject_others);
    tcase_add_test(tc, message_translate_finds_the_french_of_a_msgid);
    tcase_add_test(tc, errors_are_translated_only_while_a_call_asks_for_french);
    tcase_add_test(tc, loader_reports_problems_in_the_language_of_its_options);
    tcase_add_test(tc, solve_checks_its_language_and_reads_older_options);
    tcase_add_test(tc, report_is_written_in_the_language_of_its_options);
    tcase_add_test(tc, route_sheets_give_each_stop_its_products_in_order);
    tcase_add_test(tc, route_sheets_of_a_model_without_producers_carry_the_demand);
    tcase_add_test(tc, route_sheets_reject_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(language_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
