/* Unit tests of the spreadsheet folders (terroir_model_load_csv_dir,
 * terroir_model_write_csv_dir), through the public API: the malformed
 * folders of tests/data/csv/bad each report their first problem at its
 * FILE:LINE:COL with the column name; the hand-written template
 * (datasets/templates/small-csv: `;`, decimal commas, a byte order mark)
 * is the model of its YAML twin and solves to the same plan; the default
 * dataset round-trips through a folder; the dialects (CRLF, quotes, line
 * breaks in cells) read; every entry point reports its errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <terroir/terroir.h>

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        const terroir_error *e_ = terroir_error_last();                                            \
        ck_assert_msg(rc_ == 0, "%s -> %d: %s:%lu:%lu: %s", #call, rc_,                            \
                      e_ && e_->file ? e_->file : "", e_ ? e_->line : 0, e_ ? e_->column : 0,      \
                      e_ ? e_->message : "?");                                                     \
    } while (0)

/* "a/b" in a new string. */
static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* A fresh empty folder under /tmp; the caller removes it with rm_dir(). */
static char *temp_dir(void)
{
    char tmpl[] = "/tmp/terroir-csv-XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    char *copy = malloc(strlen(d) + 1);
    strcpy(copy, d);
    return copy;
}

static void write_text(const char *dir, const char *file, const char *text)
{
    char *p = join(dir, file);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static const char *const TABLES[] = {"settings.csv",  "products.csv", "producers.csv",
                                     "hubs.csv",      "points.csv",   "vehicles.csv",
                                     "distances.csv", "arcs.csv",     "members.csv"};

static void rm_dir(char *dir)
{
    for (size_t i = 0; i < sizeof TABLES / sizeof TABLES[0]; i++) {
        char *p = join(dir, TABLES[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    free(dir);
}

/* ------------------------------------------------------------------ corpus */

/* Each folder of tests/data/csv/bad holds the tables and `expected`:
 * "TABLE:LINE:COL [COLUMN] start of the message" for the first problem. */
static const char *const BAD[] = {"unterminated_quote",
                                  "quote_in_cell",
                                  "bad_utf8",
                                  "unknown_column",
                                  "unknown_product",
                                  "not_a_number",
                                  "bad_window",
                                  "unknown_home_hub",
                                  "short_row",
                                  "negative_capacity",
                                  "overlapping_windows",
                                  "bad_boolean",
                                  "duplicate_site_id",
                                  "missing_id_column",
                                  "missing_distance_pair",
                                  "unknown_site_in_distances",
                                  "arcs_not_listed",
                                  "unknown_member",
                                  "duplicate_member_id"};

START_TEST(csv_bad_folders_report_their_first_problem_at_file_line_column_and_column_name)
{
    const char *name = BAD[_i];
    char *bad = join(data_dir(), "csv/bad");
    char *dir = join(bad, name);
    free(bad);
    char *exp_path = join(dir, "expected");
    FILE *f = fopen(exp_path, "r");
    ck_assert_msg(f != NULL, "missing %s", exp_path);
    char line[512] = "", table[64] = "", column[64] = "";
    unsigned long want_line = 0, want_col = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    int consumed = 0;
    ck_assert_msg(
        sscanf(line, "%63[^:]:%lu:%lu [%63[^]]] %n", table, &want_line, &want_col, column,
               &consumed) == 4 ||
            sscanf(line, "%63[^:]:%lu:%lu [] %n", table, &want_line, &want_col, &consumed) == 3,
        "%s: malformed expected line '%s'", name, line);
    const char *want_text = line + consumed;

    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    int rc = terroir_model_load_csv_dir(&m, dir, NULL, &diags);
    ck_assert_int_eq(rc, TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_ge(terroir_diagnostics_count(diags), 1);
    const terroir_error *e = terroir_diagnostics_get(diags, 0);
    const terroir_error *last = terroir_error_last();
    ck_assert_ptr_nonnull(last);
    ck_assert_str_eq(last->message, e->message);
    ck_assert_ptr_nonnull(e->file);
    char *want_file = join(dir, table);
    ck_assert_str_eq(e->file, want_file);
    ck_assert_msg(e->line == want_line && e->column == want_col, "%s: at %lu:%lu, expected %s",
                  name, e->line, e->column, line);
    if (column[0]) {
        ck_assert_msg(e->field != NULL, "%s: no field, expected [%s]", name, column);
        ck_assert_str_eq(e->field, column);
    } else {
        ck_assert_ptr_null(e->field);
    }
    ck_assert_msg(strncmp(e->message, want_text, strlen(want_text)) == 0,
                  "%s: message '%s', expected '%s...'", name, e->message, want_text);
    free(want_file);
    terroir_diagnostics_free(diags);
    free(exp_path);
    free(dir);
}
END_TEST

START_TEST(csv_reports_every_problem_of_every_table_not_just_the_first)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv", "id,temperature\napples,warm\nlettuce,chilled\n");
    write_text(dir, "points.csv",
               "id,lat,lon,demand:apples,demand:lettuce\n"
               "a,45.1,-73.2,-1,2\n"
               "b,95,-73.2,1,x\n");
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EINPUT);
    /* products first (table order), then points by position. */
    ck_assert_uint_eq(terroir_diagnostics_count(diags), 4);
    const terroir_error *e0 = terroir_diagnostics_get(diags, 0);
    ck_assert_ptr_nonnull(strstr(e0->file, "products.csv"));
    ck_assert_str_eq(e0->field, "temperature");
    ck_assert_uint_eq(e0->line, 2);
    const terroir_error *e1 = terroir_diagnostics_get(diags, 1);
    ck_assert_ptr_nonnull(strstr(e1->file, "points.csv"));
    ck_assert_str_eq(e1->field, "demand:apples");
    const terroir_error *e2 = terroir_diagnostics_get(diags, 2);
    ck_assert_str_eq(e2->field, "lat");
    const terroir_error *e3 = terroir_diagnostics_get(diags, 3);
    ck_assert_str_eq(e3->field, "demand:lettuce");
    ck_assert_uint_eq(e3->line, 3);
    terroir_diagnostics_free(diags);
    rm_dir(dir);
}
END_TEST

START_TEST(csv_reports_duplicate_columns_and_settings_problems_at_their_cells)
{
    char *dir = temp_dir();
    write_text(dir, "settings.csv", "key,value\nroad_factor,0.5\ncolour,red\n");
    write_text(dir, "products.csv", "id,name,kg_per_unit,name\na,A,1,B\n");
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(diags), 3);
    const terroir_error *e = terroir_diagnostics_get(diags, 0);
    ck_assert_ptr_nonnull(strstr(e->file, "settings.csv"));
    ck_assert_uint_eq(e->line, 2);
    ck_assert_uint_eq(e->column, 13);
    ck_assert_str_eq(e->field, "road_factor");
    e = terroir_diagnostics_get(diags, 1);
    ck_assert_uint_eq(e->line, 3);
    ck_assert_str_eq(e->field, "key");
    ck_assert_ptr_nonnull(strstr(e->message, "unknown setting 'colour'"));
    e = terroir_diagnostics_get(diags, 2);
    ck_assert_ptr_nonnull(strstr(e->file, "products.csv"));
    ck_assert_uint_eq(e->line, 1);
    ck_assert_uint_eq(e->column, 21);
    ck_assert_str_eq(e->field, "name");
    ck_assert_str_eq(e->message, "duplicate column 'name' (first at 1:4)");
    terroir_diagnostics_free(diags);
    rm_dir(dir);
}
END_TEST

START_TEST(csv_reports_bad_cross_dock_trips_and_loading_at_their_cells)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv", "id\np\n");
    write_text(dir, "hubs.csv",
               "id,lat,lon,cross_dock_minutes\n"
               "k,45.0,-73.0,30\n"
               "h,45.1,-73.2,-5\n"
               "g,45.2,-73.1,soon\n");
    write_text(dir, "vehicles.csv",
               "id,home_hub,trips_per_day,loading_minutes\n"
               "v,k,0,1\n"
               "w,k,1.5,2\n"
               "x,k,2,-1\n"
               "y,k,101,\n");
    static const struct {
        const char *table, *column;
        unsigned long line, col;
        const char *message;
    } want[] = {
        {"hubs.csv", "cross_dock_minutes", 3, 14, "negative value '-5'"},
        {"hubs.csv", "cross_dock_minutes", 4, 14, "expected a number"},
        {"vehicles.csv", "trips_per_day", 2, 5, "trips_per_day must be between 1 and 100, got 0"},
        {"vehicles.csv", "trips_per_day", 3, 5, "expected a whole number, got '1.5'"},
        {"vehicles.csv", "loading_minutes", 4, 7, "negative value '-1'"},
        {"vehicles.csv", "trips_per_day", 5, 5, "trips_per_day must be between 1 and 100, got 101"},
    };
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(diags), sizeof want / sizeof want[0]);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const terroir_error *e = terroir_diagnostics_get(diags, k);
        ck_assert_msg(strstr(e->file, want[k].table) != NULL, "%zu: %s", k, e->file);
        ck_assert_str_eq(e->field, want[k].column);
        ck_assert_msg(e->line == want[k].line && e->column == want[k].col,
                      "%zu: at %lu:%lu, expected %lu:%lu", k, e->line, e->column, want[k].line,
                      want[k].col);
        ck_assert_msg(strstr(e->message, want[k].message) != NULL, "%zu: %s", k, e->message);
    }
    terroir_diagnostics_free(diags);
    rm_dir(dir);
}
END_TEST

/* ------------------------------------------------------------------ template */

static terroir_model *load_yaml(const char *path)
{
    terroir_model *m = NULL;
    OK(terroir_model_load_yaml_file(&m, path, NULL, NULL));
    return m;
}

static terroir_model *load_csv(const char *dir)
{
    terroir_model *m = NULL;
    OK(terroir_model_load_csv_dir(&m, dir, NULL, NULL));
    ck_assert(terroir_model_is_validated(m));
    return m;
}

START_TEST(csv_template_with_semicolons_and_decimal_commas_is_the_model_of_its_yaml_twin)
{
    char *dir = join(data_dir(), "../../datasets/templates/small-csv");
    char *yaml = join(data_dir(), "csv/small.yaml");
    terroir_model *a = load_csv(dir), *b = load_yaml(yaml);
    ck_assert(terroir_model_equal(a, b));
    /* Spot checks of the spreadsheet habits: "0,0016" and "1,3". */
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    OK(terroir_model_get_product(a, 0, &p));
    ck_assert_double_eq(p.m3_per_unit, 0.0016);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    OK(terroir_model_get_settings(a, &s));
    ck_assert_double_eq(s.road_factor, 1.3);
    ck_assert_str_eq(s.name, "Modèle d'exemple (tableur)");
    terroir_model_free(a);
    terroir_model_free(b);
    free(dir);
    free(yaml);
}
END_TEST

static terroir_plan *solve_small(const terroir_model *m)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.seed = 7;
    o.route_iterations = 300;
    terroir_plan *plan = NULL;
    OK(terroir_solve(&plan, m, &o));
    return plan;
}

START_TEST(csv_template_solves_to_the_same_plan_as_its_yaml_twin)
{
    char *dir = join(data_dir(), "../../datasets/templates/small-csv");
    char *yaml = join(data_dir(), "csv/small.yaml");
    terroir_model *a = load_csv(dir), *b = load_yaml(yaml);
    terroir_plan *pa = solve_small(a), *pb = solve_small(b);
    terroir_plan_summary sa, sb;
    terroir_plan_summary_init(&sa, TERROIR_PLAN_SUMMARY_VERSION);
    terroir_plan_summary_init(&sb, TERROIR_PLAN_SUMMARY_VERSION);
    OK(terroir_plan_get_summary(pa, &sa));
    OK(terroir_plan_get_summary(pb, &sb));
    ck_assert_double_eq(sa.objective, sb.objective);
    ck_assert_uint_gt(terroir_plan_route_count(pa), 0);
    ck_assert_uint_eq(terroir_plan_route_count(pa), terroir_plan_route_count(pb));
    for (size_t r = 0; r < terroir_plan_route_count(pa); r++) {
        terroir_plan_route ra, rb;
        memset(&ra, 0, sizeof ra);
        memset(&rb, 0, sizeof rb);
        ra.version = rb.version = TERROIR_PLAN_ROUTE_VERSION;
        OK(terroir_plan_get_route(pa, r, &ra));
        OK(terroir_plan_get_route(pb, r, &rb));
        ck_assert_str_eq(ra.vehicle_type, rb.vehicle_type);
        ck_assert_uint_eq(ra.n_stops, rb.n_stops);
        ck_assert_double_eq(ra.km, rb.km);
        for (size_t k = 0; k < ra.n_stops; k++) {
            terroir_plan_route_stop xa, xb;
            memset(&xa, 0, sizeof xa);
            memset(&xb, 0, sizeof xb);
            xa.version = xb.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            OK(terroir_plan_get_route_stop(pa, r, k, &xa));
            OK(terroir_plan_get_route_stop(pb, r, k, &xb));
            ck_assert_str_eq(xa.site, xb.site);
        }
    }
    terroir_plan_free(pa);
    terroir_plan_free(pb);
    terroir_model_free(a);
    terroir_model_free(b);
    free(dir);
    free(yaml);
}
END_TEST

START_TEST(csv_writer_round_trips_the_default_dataset_and_matches_the_committed_export)
{
    char *yaml = join(data_dir(), "../../datasets/quebec/monteregie.yaml");
    char *committed = join(data_dir(), "../../datasets/templates/monteregie-csv");
    terroir_model *m = load_yaml(yaml);
    char *dir = temp_dir();
    OK(terroir_model_write_csv_dir(m, dir));
    terroir_model *back = load_csv(dir);
    ck_assert(terroir_model_equal(m, back));
    /* The committed folder is the export of the current dataset. */
    terroir_model *shipped = load_csv(committed);
    ck_assert(terroir_model_equal(m, shipped));
    terroir_model_free(shipped);
    terroir_model_free(back);
    terroir_model_free(m);
    rm_dir(dir);
    free(yaml);
    free(committed);
}
END_TEST

START_TEST(csv_writer_round_trips_planar_models_without_windows_and_with_odd_text)
{
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.coordinates = TERROIR_COORDINATES_PLANAR;
    s.name = "a \"quoted\", name; with\nline";
    OK(terroir_model_set_settings(m, &s));
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    p.id = "p,1";
    p.name = " padded ";
    OK(terroir_model_add_product(m, &p, NULL));
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "h";
    h.location.has_location = 1;
    h.location.x = 1.0 / 3.0;
    h.location.y = 2;
    h.capacity_kg = (const double[]){TERROIR_UNLIMITED, TERROIR_UNLIMITED, 0}; /* no frozen */
    h.n_temperatures = TERROIR_TEMPERATURE_COUNT;
    OK(terroir_model_add_hub(m, &h, NULL));
    OK(terroir_model_add_time_window(m, TERROIR_SITE_HUB, 0, 12.5, 70000));
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    pt.id = "q";
    pt.location.has_location = 1;
    pt.unserved_penalty_per_kg = 7;
    OK(terroir_model_add_point(m, &pt, NULL));
    OK(terroir_model_add_demand(m, 0, 0, 0.1));
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "v";
    v.capacity = (const double[]){10}; /* kg */
    v.n_dimensions = 1;
    v.temperatures = 1u << TERROIR_TEMPERATURE_FROZEN;
    OK(terroir_model_add_vehicle_type(m, &v, NULL));
    OK(terroir_model_validate(m, NULL));
    char *dir = temp_dir();
    OK(terroir_model_write_csv_dir(m, dir));
    terroir_model *back = load_csv(dir);
    ck_assert(terroir_model_equal(m, back));
    terroir_model_free(back);
    terroir_model_free(m);
    rm_dir(dir);
}
END_TEST

/* 1 when `dir` holds `file`. */
static int has_file(const char *dir, const char *file)
{
    char *p = join(dir, file);
    struct stat st;
    int yes = stat(p, &st) == 0;
    free(p);
    return yes;
}

/* The first line of `dir`/`file` in `out`. */
static void first_line(const char *dir, const char *file, char *out, size_t n)
{
    char *p = join(dir, file);
    FILE *f = fopen(p, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(out, (int)n, f));
    fclose(f);
    free(p);
}

START_TEST(csv_writer_writes_members_only_when_the_model_has_some_and_drops_a_stale_members_table)
{
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    p.id = "apples";
    OK(terroir_model_add_product(m, &p, NULL));
    terroir_member_spec mb = TERROIR_MEMBER_SPEC_INIT;
    mb.id = "coop";
    mb.name = "Coop, \"A\"";
    OK(terroir_model_add_member(m, &mb, NULL));
    mb.id = "bank";
    mb.name = NULL;
    OK(terroir_model_add_member(m, &mb, NULL));
    terroir_producer_spec pr = TERROIR_PRODUCER_SPEC_INIT;
    pr.id = "farm";
    pr.location.has_location = 1;
    pr.member = 0;
    OK(terroir_model_add_producer(m, &pr, NULL));
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub"; /* shared: no member */
    h.location.has_location = 1;
    OK(terroir_model_add_hub(m, &h, NULL));
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    pt.id = "pantry";
    pt.location.has_location = 1;
    pt.member = 1;
    OK(terroir_model_add_point(m, &pt, NULL));
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    v.home_hub = 0;
    v.member = 1;
    OK(terroir_model_add_vehicle_type(m, &v, NULL));
    OK(terroir_model_validate(m, NULL));

    char *dir = temp_dir();
    char line[256];
    OK(terroir_model_write_csv_dir(m, dir));
    ck_assert(has_file(dir, "members.csv"));
    first_line(dir, "hubs.csv", line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, ",member"));
    terroir_model *back = load_csv(dir);
    ck_assert(terroir_model_equal(m, back));
    ck_assert_uint_eq(terroir_model_count(back, TERROIR_ENTITY_MEMBER), 2);
    OK(terroir_model_get_member(back, 0, &mb));
    ck_assert_str_eq(mb.name, "Coop, \"A\"");
    OK(terroir_model_get_hub(back, 0, &h));
    ck_assert_uint_eq(h.member, TERROIR_NO_MEMBER);
    OK(terroir_model_get_vehicle_type(back, 0, &v));
    ck_assert_uint_eq(v.member, 1);
    terroir_model_free(back);

    /* The same folder, now for a model without members: no members.csv
     * nor member column is left to give it some. */
    terroir_model *plain = NULL;
    OK(terroir_model_new(&plain));
    p.id = "pears";
    OK(terroir_model_add_product(plain, &p, NULL));
    terroir_hub_spec h2 = TERROIR_HUB_SPEC_INIT;
    h2.id = "hub";
    h2.location.has_location = 1;
    OK(terroir_model_add_hub(plain, &h2, NULL));
    OK(terroir_model_validate(plain, NULL));
    OK(terroir_model_write_csv_dir(plain, dir));
    ck_assert(!has_file(dir, "members.csv"));
    first_line(dir, "hubs.csv", line, sizeof line);
    ck_assert_ptr_null(strstr(line, "member"));
    back = load_csv(dir);
    ck_assert(terroir_model_equal(plain, back));
    ck_assert_uint_eq(terroir_model_count(back, TERROIR_ENTITY_MEMBER), 0);
    terroir_model_free(back);
    terroir_model_free(plain);
    terroir_model_free(m);
    rm_dir(dir);
}
END_TEST

/* ------------------------------------------------------------------ dialects */

START_TEST(csv_reads_crlf_quoted_line_breaks_doubled_quotes_and_quoted_decimal_commas)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv",
               "id,name,kg_per_unit\r\n"
               "eggs,\"Eggs \"\"large\"\",\r\n12 per box\",\"0,7\"\r\n"
               "\r\n"
               ",,\r\n" /* a row of empty cells, as spreadsheets export */
               "  milk  , Milk ,1.03\r\n");
    write_text(dir, "hubs.csv", "id;lat;lon;capacity_kg:ambient;;\nh;45,5;-73;unlimited;;\n");
    terroir_model *m = load_csv(dir);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 2);
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    OK(terroir_model_get_product(m, 0, &p));
    ck_assert_str_eq(p.name, "Eggs \"large\",\n12 per box");
    ck_assert_double_eq(p.kg_per_unit, 0.7);
    OK(terroir_model_get_product(m, 1, &p));
    ck_assert_str_eq(p.id, "milk");
    ck_assert_str_eq(p.name, "Milk");
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    OK(terroir_model_get_hub(m, 0, &h));
    ck_assert_double_eq(h.location.lat, 45.5);
    /* One capacity cell filled: the empty classes have none, as in YAML. */
    ck_assert_double_eq(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], TERROIR_UNLIMITED);
    ck_assert_double_eq(h.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 0);
    terroir_model_free(m);
    rm_dir(dir);
}
END_TEST

START_TEST(csv_stops_after_max_problems)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv", "id,kg_per_unit\na,x\nb,x\nc,x\nd,x\n");
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.max_problems = 2;
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, &o, &diags), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(diags), 2);
    terroir_diagnostics_free(diags);
    rm_dir(dir);
}
END_TEST

/* ------------------------------------------------------------------ errors */

START_TEST(csv_load_rejects_null_arguments_missing_folders_and_missing_products)
{
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(NULL, "x", NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, NULL, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, "/nonexistent/terroir", NULL, &diags),
                     TERROIR_EIO);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_str_eq(terroir_error_last()->file, "/nonexistent/terroir");
    terroir_load_options bad = TERROIR_LOAD_OPTIONS_INIT;
    bad.version = 99;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, "/tmp", &bad, NULL), TERROIR_EINVAL);
    char *dir = temp_dir();
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EIO);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->file, "products.csv"));
    terroir_diagnostics_free(diags);
    diags = NULL;
    write_text(dir, "products.csv", "id\n");
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "at least one product"));
    terroir_diagnostics_free(diags);
    ck_assert_ptr_null(m);
    rm_dir(dir);
}
END_TEST

START_TEST(csv_write_rejects_null_arguments_and_unwritable_folders)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_write_csv_dir(NULL, "/tmp/x"), TERROIR_EINVAL);
    OK(terroir_model_new(&m));
    ck_assert_int_eq(terroir_model_write_csv_dir(m, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_write_csv_dir(m, ""), TERROIR_EINVAL);
    /* A file where the folder should be. */
    ck_assert_int_eq(terroir_model_write_csv_dir(m, "/dev/null"), TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, "/dev/null");
    terroir_model_free(m);
}
END_TEST

START_TEST(csv_write_reports_a_stale_members_table_it_cannot_remove)
{
    /* A model without members is written over a folder whose members.csv
     * cannot go (here a non-empty folder of that name): an I/O error on
     * that path rather than a folder that would load with members. */
    char *yaml = join(data_dir(), "csv/small.yaml");
    terroir_model *m = load_yaml(yaml);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_MEMBER), 0);
    char *dir = temp_dir();
    char *stale = join(dir, "members.csv");
    char *inner = join(stale, "x");
    ck_assert_int_eq(mkdir(stale, 0777), 0);
    FILE *f = fopen(inner, "wb");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(terroir_model_write_csv_dir(m, dir), TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, stale);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "cannot remove"));
    unlink(inner);
    rmdir(stale);
    free(inner);
    free(stale);
    terroir_model_free(m);
    free(yaml);
    rm_dir(dir);
}
END_TEST

/* Write `m` as a folder, load it back: an equal model. */
static void folder_round_trip(const terroir_model *m)
{
    char *dir = temp_dir();
    OK(terroir_model_write_csv_dir(m, dir));
    terroir_model *back = load_csv(dir);
    ck_assert(terroir_model_equal(m, back));
    terroir_model_free(back);
    rm_dir(dir);
}

START_TEST(csv_writer_round_trips_a_distance_matrix_with_minutes)
{
    char *yaml = join(data_dir(), "csv/small.yaml");
    terroir_model *base = load_yaml(yaml);
    terroir_model *m = NULL;
    OK(terroir_model_clone(&m, base));
    /* A road router's matrix over three sites, with times. */
    size_t sites[3] = {0, 3, 5};
    double km[9] = {0, 12.5, 30, 13, 0, 21.25, 29, 20, 0.5};
    double minutes[9] = {0, 15, 35, 16, 0, 25, 34, 24, 1};
    OK(terroir_model_set_matrix(m, 3, sites, km, minutes));
    OK(terroir_model_validate(m, NULL));
    folder_round_trip(m);
    terroir_model_free(m);
    /* Without minutes. */
    OK(terroir_model_clone(&m, base));
    OK(terroir_model_set_matrix(m, 3, sites, km, NULL));
    OK(terroir_model_validate(m, NULL));
    folder_round_trip(m);
    terroir_model_free(m);
    terroir_model_free(base);
    free(yaml);
}
END_TEST

START_TEST(csv_writer_round_trips_benchmark_imports_with_listed_arcs_and_planar_sites)
{
    static const struct {
        terroir_format format;
        const char *file;
    } cases[] = {{TERROIR_FORMAT_ORLIB_CAP, "bench/cap41.txt"},
                 {TERROIR_FORMAT_SOLOMON, "bench/C101.txt"},
                 {TERROIR_FORMAT_VRPLIB, "bench/X-n101-k25.vrp"},
                 {TERROIR_FORMAT_CORDEAU, "bench/p01.txt"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = join(data_dir(), cases[i].file);
        terroir_model *m = NULL;
        OK(terroir_model_import_file(&m, cases[i].format, path, NULL));
        folder_round_trip(m);
        terroir_model_free(m);
        free(path);
    }
}
END_TEST

/* The cross-dock and multi-trip columns: read when given, the defaults when
 * the cell or the column is absent, written back by the writer. */
START_TEST(csv_reads_cross_dock_trips_and_loading_columns)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv", "id\np\n");
    write_text(dir, "hubs.csv",
               "id;lat;lon;cross_dock_minutes\nh;45,1;-73,2;45,5\ng;45,2;-73,1;\n");
    write_text(dir, "vehicles.csv",
               "id;home_hub;trips_per_day;loading_minutes\nv;h;3;12,5\nw;g;;\n");
    terroir_model *m = load_csv(dir);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    OK(terroir_model_get_hub(m, 0, &h));
    ck_assert_double_eq(h.cross_dock_minutes, 45.5);
    OK(terroir_model_get_hub(m, 1, &h));
    ck_assert_double_eq(h.cross_dock_minutes, TERROIR_DEFAULT_CROSS_DOCK_MINUTES);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    OK(terroir_model_get_vehicle_type(m, 0, &v));
    ck_assert_uint_eq(v.trips_per_day, 3);
    ck_assert_double_eq(v.loading_minutes, 12.5);
    OK(terroir_model_get_vehicle_type(m, 1, &v));
    ck_assert_uint_eq(v.trips_per_day, 1);
    ck_assert_double_eq(v.loading_minutes, 0.0);
    /* Written back, then read: the same model. */
    char *out = temp_dir();
    OK(terroir_model_write_csv_dir(m, out));
    char header[512];
    first_line(out, "vehicles.csv", header, sizeof header);
    ck_assert_ptr_nonnull(strstr(header, ",trips_per_day,loading_minutes,"));
    first_line(out, "hubs.csv", header, sizeof header);
    ck_assert_ptr_nonnull(strstr(header, ",cross_dock_minutes,"));
    terroir_model *back = load_csv(out);
    ck_assert_int_eq(terroir_model_equal(m, back), 1);
    terroir_model_free(back);
    terroir_model_free(m);
    rm_dir(out);
    rm_dir(dir);
}
END_TEST

/* The day and storage columns: `1|3|5` lists and storage_kg:<class>
 * cells read like the YAML keys (empty: the default), written back. */
START_TEST(csv_reads_and_writes_days_and_storage_columns)
{
    char *dir = temp_dir();
    write_text(dir, "settings.csv", "key,value\noperating_days,5\n");
    write_text(dir, "products.csv", "id\np\n");
    write_text(dir, "producers.csv",
               "id;lat;lon;pickup_days\nf;45,3;-73,2;5|1| 3\ng;45,4;-73,1;\n");
    write_text(dir, "hubs.csv",
               "id;lat;lon;storage_kg:ambient;storage_kg:chilled;storage_kg:frozen\n"
               "h;45,1;-73,2;1200,5;unlimited;\n"
               "k;45,2;-73,1;;;\n");
    write_text(dir, "points.csv", "id;lat;lon;delivery_days\nc;45,5;-73,3;4\nd;45,6;-73,4;\n");
    terroir_model *m = load_csv(dir);
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    OK(terroir_model_get_producer(m, 0, &p));
    ck_assert_uint_eq(p.n_pickup_days, 3);
    ck_assert_uint_eq(p.pickup_days[0], 1);
    ck_assert_uint_eq(p.pickup_days[1], 3);
    ck_assert_uint_eq(p.pickup_days[2], 5);
    OK(terroir_model_get_producer(m, 1, &p));
    ck_assert_uint_eq(p.n_pickup_days, 0);
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    OK(terroir_model_get_point(m, 0, &q));
    ck_assert_uint_eq(q.n_delivery_days, 1);
    ck_assert_uint_eq(q.delivery_days[0], 4);
    OK(terroir_model_get_point(m, 1, &q));
    ck_assert_uint_eq(q.n_delivery_days, 0);
    /* One filled storage cell: the empty one next to it is 0, as for
     * capacity_kg; three empty cells: no limit. */
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    OK(terroir_model_get_hub(m, 0, &h));
    ck_assert_double_eq(h.storage_kg[TERROIR_TEMPERATURE_AMBIENT], 1200.5);
    ck_assert_double_eq(h.storage_kg[TERROIR_TEMPERATURE_CHILLED], TERROIR_UNLIMITED);
    ck_assert_double_eq(h.storage_kg[TERROIR_TEMPERATURE_FROZEN], 0.0);
    OK(terroir_model_get_hub(m, 1, &h));
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        ck_assert_double_eq(h.storage_kg[t], TERROIR_UNLIMITED);

    char *out = temp_dir();
    OK(terroir_model_write_csv_dir(m, out));
    char header[512];
    first_line(out, "producers.csv", header, sizeof header);
    ck_assert_ptr_nonnull(strstr(header, ",pickup_days"));
    first_line(out, "points.csv", header, sizeof header);
    ck_assert_ptr_nonnull(strstr(header, ",delivery_days"));
    first_line(out, "hubs.csv", header, sizeof header);
    ck_assert_ptr_nonnull(
        strstr(header, ",storage_kg:ambient,storage_kg:chilled,storage_kg:frozen,"));
    terroir_model *back = load_csv(out);
    ck_assert_int_eq(terroir_model_equal(m, back), 1);
    terroir_model_free(back);
    terroir_model_free(m);
    rm_dir(out);
    rm_dir(dir);
}
END_TEST

START_TEST(csv_reports_bad_days_and_storage_at_their_cells)
{
    char *dir = temp_dir();
    write_text(dir, "products.csv", "id\np\n");
    write_text(dir, "producers.csv",
               "id,pickup_days\n"
               "a,0\n"
               "b,1|1.5\n"
               "c,2|x\n"
               "d,3|3\n");
    write_text(dir, "hubs.csv", "id,storage_kg:chilled\nh,-4\n");
    write_text(dir, "points.csv", "id,delivery_days\ns,367\nt,1;2\n");
    static const struct {
        const char *table, *column;
        unsigned long line, col;
        const char *message;
    } want[] = {
        {"producers.csv", "pickup_days", 2, 3, "a day must be between 1 and 366, got 0"},
        {"producers.csv", "pickup_days", 3, 5, "expected a whole number, got '1.5'"},
        {"producers.csv", "pickup_days", 4, 5, "expected a whole number"},
        {"producers.csv", "pickup_days", 5, 5, "pickup_days lists day 3 twice"},
        {"hubs.csv", "storage_kg:chilled", 2, 3, "negative value '-4'"},
        {"points.csv", "delivery_days", 2, 3, "a day must be between 1 and 366, got 367"},
        {"points.csv", "delivery_days", 3, 3, "expected a whole number"},
    };
    terroir_model *m = NULL;
    terroir_diagnostics *diags = NULL;
    ck_assert_int_eq(terroir_model_load_csv_dir(&m, dir, NULL, &diags), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(diags), sizeof want / sizeof want[0]);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const terroir_error *e = terroir_diagnostics_get(diags, k);
        ck_assert_msg(strstr(e->file, want[k].table) != NULL, "%zu: %s", k, e->file);
        ck_assert_str_eq(e->field, want[k].column);
        ck_assert_msg(e->line == want[k].line && e->column == want[k].col,
                      "%zu: at %lu:%lu, expected %lu:%lu", k, e->line, e->column, want[k].line,
                      want[k].col);
        ck_assert_msg(strstr(e->message, want[k].message) != NULL, "%zu: %s", k, e->message);
    }
    terroir_diagnostics_free(diags);
    rm_dir(dir);
}
END_TEST

static Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("corpus");
    tcase_add_loop_test(
        tc, csv_bad_folders_report_their_first_problem_at_file_line_column_and_column_name, 0,
        (int)(sizeof BAD / sizeof BAD[0]));
    tcase_add_test(tc, csv_reports_every_problem_of_every_table_not_just_the_first);
    tcase_add_test(tc, csv_reports_duplicate_columns_and_settings_problems_at_their_cells);
    tcase_add_test(tc, csv_reports_bad_cross_dock_trips_and_loading_at_their_cells);
    suite_add_tcase(s, tc);
    tc = tcase_create("round trip");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc,
                   csv_template_with_semicolons_and_decimal_commas_is_the_model_of_its_yaml_twin);
    tcase_add_test(tc, csv_template_solves_to_the_same_plan_as_its_yaml_twin);
    tcase_add_test(tc, csv_writer_round_trips_the_default_dataset_and_matches_the_committed_export);
    tcase_add_test(tc, csv_writer_round_trips_planar_models_without_windows_and_with_odd_text);
    tcase_add_test(tc, csv_writer_round_trips_a_distance_matrix_with_minutes);
    tcase_add_test(
        tc, csv_writer_writes_members_only_when_the_model_has_some_and_drops_a_stale_members_table);
    tcase_add_test(tc, csv_writer_round_trips_benchmark_imports_with_listed_arcs_and_planar_sites);
    tcase_add_test(tc, csv_reads_cross_dock_trips_and_loading_columns);
    tcase_add_test(tc, csv_reads_and_writes_days_and_storage_columns);
    tcase_add_test(tc, csv_reports_bad_days_and_storage_at_their_cells);
    suite_add_tcase(s, tc);
    tc = tcase_create("dialects and errors");
    tcase_add_test(tc, csv_reads_crlf_quoted_line_breaks_doubled_quotes_and_quoted_decimal_commas);
    tcase_add_test(tc, csv_stops_after_max_problems);
    tcase_add_test(tc, csv_load_rejects_null_arguments_missing_folders_and_missing_products);
    tcase_add_test(tc, csv_write_rejects_null_arguments_and_unwritable_folders);
    tcase_add_test(tc, csv_write_reports_a_stale_members_table_it_cannot_remove);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(csv_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
