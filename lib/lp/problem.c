/* LP/MIP problem handles: creation, columns, rows, bounds, objective and
 * reading solution values, each GLPK call inside the guard (guard.c).
 *
 * Arguments are checked here before GLPK sees them (indices in range, finite
 * coefficients, no duplicate column in a row, consistent bounds, names GLPK
 * accepts), because GLPK treats such mistakes as fatal errors, and a fatal
 * error costs every problem of the thread.  Indices are 0-based here and
 * 1-based in GLPK. */
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lp/lp_internal.h"

/* GLPK's limit on names (longer ones are a fatal error). */
#define LP_NAME_MAX 255

/* Copy `name` into buf as GLPK accepts it: at most 255 bytes, control
 * characters (a fatal error in GLPK) replaced by '_', and so are non-ASCII
 * bytes, which iscntrl() may call control characters in the host program's
 * locale (0x80-0x9f in Latin-1).  Names only serve LP files, whose writer
 * keeps ASCII letters and digits anyway.  NULL gives "". */
static void name_clean(char buf[LP_NAME_MAX + 1], const char *name)
{
    size_t n = 0;
    if (name)
        for (; name[n] && n < LP_NAME_MAX; n++) {
            unsigned char c = (unsigned char)name[n];
            buf[n] = (c < 0x20 || c >= 0x7f) ? '_' : (char)c;
        }
    buf[n] = '\0';
}

static int check_alive(const lp_problem *lp)
{
    if (!lp)
        return core__error(TERROIR_EINVAL, "NULL LP problem");
    return 0;
}

/* ------------------------------------------------------------ new / free */

typedef struct new_ctx {
    lp_problem *lp;
    const char *name;
} new_ctx;

static int new_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    (void)g;
    new_ctx *c = vctx;
    char name[LP_NAME_MAX + 1];
    name_clean(name, c->name);
    c->lp->prob = glp_create_prob();
    if (name[0])
        glp_set_prob_name(c->lp->prob, name);
    glp_set_obj_dir(c->lp->prob, GLP_MIN);
    return 0;
}

int lp__new(lp_problem **out, const char *name)
{
    if (!out)
        return core__error(TERROIR_EINVAL, "NULL out");
    lp_problem *lp = core__calloc(1, sizeof *lp);
    if (!lp)
        return core__error(TERROIR_ENOMEM, "out of memory creating an LP problem");
    new_ctx c = {lp, name};
    int rc = lp__guarded(NULL, NULL, NULL, new_body, &c);
    if (rc < 0) {
        free(lp);
        return rc;
    }
    lp->generation = lp__generation();
    lp->owner = pthread_self();
    lp__live_add();
    *out = lp;
    return 0;
}

static int free_body(lp_guard *g, void *vctx)
{
    (void)g;
    glp_delete_prob(vctx);
    return 0;
}

void lp__free(lp_problem *lp)
{
    if (!lp)
        return;
    /* A dead problem's glp_prob was freed with the environment; one of
     * another thread's environment cannot be freed from here. */
    if (lp->prob && lp->generation == lp__generation() &&
        pthread_equal(lp->owner, pthread_self())) {
        lp__guarded(NULL, NULL, NULL, free_body, lp->prob);
        if (lp->generation == lp__generation())
            lp__live_remove();
    }
    free(lp);
}

size_t lp__col_count(const lp_problem *lp)
{
    return lp ? lp->n_cols : 0;
}

size_t lp__row_count(const lp_problem *lp)
{
    return lp ? lp->n_rows : 0;
}

/* ------------------------------------------------------------ columns */

typedef struct cols_ctx {
    lp_problem *lp;
    size_t n;
    const double *lb, *ub, *obj;
    const int *is_int;
    const char *const *names;
} cols_ctx;

static int cols_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    (void)g;
    cols_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    int first = glp_add_cols(p, (int)c->n);
    char name[LP_NAME_MAX + 1];
    for (size_t k = 0; k < c->n; k++) {
        int j = first + (int)k, type = GLP_FR;
        lp__bounds_type(c->lb[k], c->ub[k], &type); /* checked by the caller */
        glp_set_col_bnds(p, j, type, isinf(c->lb[k]) ? 0.0 : c->lb[k],
                         isinf(c->ub[k]) ? 0.0 : c->ub[k]);
        glp_set_obj_coef(p, j, c->obj[k]);
        if (c->is_int && c->is_int[k])
            glp_set_col_kind(p, j, GLP_IV);
        if (c->names && c->names[k]) {
            name_clean(name, c->names[k]);
            if (name[0])
                glp_set_col_name(p, j, name);
        }
    }
    return 0;
}

static int is_integral(double v)
{
    return isinf(v) || v == floor(v);
}

int lp__add_cols(lp_problem *lp, size_t n, const double *lb, const double *ub, const double *obj,
                 const int *is_int, const char *const *names, size_t *first)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (n > 0 && (!lb || !ub || !obj))
        return core__error(TERROIR_EINVAL, "lp__add_cols: NULL bounds or objective");
    if (n > (size_t)INT_MAX - 1 - lp->n_cols)
        return core__error(TERROIR_EINVAL, "lp__add_cols: too many columns for GLPK");
    for (size_t k = 0; k < n; k++) {
        int type;
        if (lp__bounds_type(lb[k], ub[k], &type) < 0)
            return core__error(TERROIR_EINVAL, "lp__add_cols: column %zu has invalid bounds [%g, %g]",
                               lp->n_cols + k, lb[k], ub[k]);
        if (!isfinite(obj[k]))
            return core__error(TERROIR_EINVAL,
                               "lp__add_cols: column %zu has a non-finite objective coefficient",
                               lp->n_cols + k);
        if (is_int && is_int[k] && (!is_integral(lb[k]) || !is_integral(ub[k])))
            return core__error(TERROIR_EINVAL,
                               "lp__add_cols: integer column %zu has fractional bounds [%g, %g]",
                               lp->n_cols + k, lb[k], ub[k]);
    }
    if (n > 0) {
        cols_ctx c = {lp, n, lb, ub, obj, is_int, names};
        rc = lp__guarded(lp, NULL, NULL, cols_body, &c);
        if (rc < 0)
            return rc;
    }
    if (first)
        *first = lp->n_cols;
    lp->n_cols += n;
    lp->solved = LP_SOLVED_NONE;
    return 0;
}

/* ------------------------------------------------------------ rows */

typedef struct row_ctx {
    lp_problem *lp;
    int type;
    double lb, ub;
    int nnz;
    const int *ind; /* 1-based GLPK arrays: ind[1..nnz], val[1..nnz] */
    const double *val;
    const char *name;
} row_ctx;

static int row_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    (void)g;
    row_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    int i = glp_add_rows(p, 1);
    glp_set_row_bnds(p, i, c->type, isinf(c->lb) ? 0.0 : c->lb, isinf(c->ub) ? 0.0 : c->ub);
    if (c->nnz > 0)
        glp_set_mat_row(p, i, c->nnz, c->ind, c->val);
    if (c->name) {
        char name[LP_NAME_MAX + 1];
        name_clean(name, c->name);
        if (name[0])
            glp_set_row_name(p, i, name);
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int lp__add_row(lp_problem *lp, double lb, double ub, size_t nnz, const size_t *cols,
                const double *vals, const char *name, size_t *index)
{
    int rc = check_alive(lp);
    int *ind = NULL, *sorted = NULL;
    double *val = NULL;
    if (rc < 0)
        return rc;
    row_ctx c = {lp, GLP_FR, lb, ub, (int)nnz, NULL, NULL, name};
    if (lp__bounds_type(lb, ub, &c.type) < 0)
        return core__error(TERROIR_EINVAL, "lp__add_row: invalid bounds [%g, %g]", lb, ub);
    if (nnz > 0 && (!cols || !vals))
        return core__error(TERROIR_EINVAL, "lp__add_row: NULL coefficients");
    if (nnz > lp->n_cols || lp->n_rows >= (size_t)INT_MAX - 1)
        return core__error(TERROIR_EINVAL, "lp__add_row: too many coefficients or rows");
    ind = core__calloc(nnz + 1, sizeof *ind);
    sorted = core__calloc(nnz + 1, sizeof *sorted);
    val = core__calloc(nnz + 1, sizeof *val);
    if (!ind || !sorted || !val) {
        rc = core__error(TERROIR_ENOMEM, "out of memory adding an LP row");
        goto out;
    }
    for (size_t k = 0; k < nnz; k++) {
        if (cols[k] >= lp->n_cols) {
            rc = core__error(TERROIR_EINVAL, "lp__add_row: column %zu out of range (%zu columns)",
                             cols[k], lp->n_cols);
            goto out;
        }
        if (!isfinite(vals[k])) {
            rc = core__error(TERROIR_EINVAL, "lp__add_row: non-finite coefficient for column %zu",
                             cols[k]);
            goto out;
        }
        ind[k + 1] = (int)cols[k] + 1;
        sorted[k] = (int)cols[k];
        val[k + 1] = vals[k];
    }
    qsort(sorted, nnz, sizeof *sorted, cmp_int);
    for (size_t k = 1; k < nnz; k++)
        if (sorted[k] == sorted[k - 1]) {
            rc = core__error(TERROIR_EINVAL, "lp__add_row: column %d appears twice", sorted[k]);
            goto out;
        }
    c.ind = ind;
    c.val = val;
    rc = lp__guarded(lp, NULL, NULL, row_body, &c);
    if (rc < 0)
        goto out;
    if (index)
        *index = lp->n_rows;
    lp->n_rows++;
    lp->solved = LP_SOLVED_NONE;
out:
    free(ind);
    free(sorted);
    free(val);
    return rc;
}

/* ------------------------------------------------------------ bounds, objective */

typedef struct set_ctx {
    lp_problem *lp;
    int what; /* 0 column bounds, 1 row bounds, 2 objective coefficient */
    int index; /* 1-based; 0 for the objective constant */
    int type;
    double a, b;
} set_ctx;

static int set_body(lp_guard *g, void *vctx)
{
    (void)g;
    set_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    double lb = isinf(c->a) ? 0.0 : c->a, ub = isinf(c->b) ? 0.0 : c->b;
    switch (c->what) {
    case 0:
        if (glp_get_col_kind(p, c->index) != GLP_CV && (!is_integral(c->a) || !is_integral(c->b)))
            return core__error(TERROIR_EINVAL,
                               "lp__set_col_bounds: integer column %d has fractional bounds "
                               "[%g, %g]",
                               c->index - 1, c->a, c->b);
        glp_set_col_bnds(p, c->index, c->type, lb, ub);
        break;
    case 1:
        glp_set_row_bnds(p, c->index, c->type, lb, ub);
        break;
    default:
        glp_set_obj_coef(p, c->index, c->a);
        break;
    }
    return 0;
}

static int set_run(lp_problem *lp, set_ctx *c)
{
    int rc = lp__guarded(lp, NULL, NULL, set_body, c);
    if (rc == 0)
        lp->solved = LP_SOLVED_NONE;
    return rc;
}

int lp__set_col_bounds(lp_problem *lp, size_t col, double lb, double ub)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (col >= lp->n_cols)
        return core__error(TERROIR_EINVAL, "lp__set_col_bounds: column %zu out of range", col);
    set_ctx c = {lp, 0, (int)col + 1, GLP_FR, lb, ub};
    if (lp__bounds_type(lb, ub, &c.type) < 0)
        return core__error(TERROIR_EINVAL, "lp__set_col_bounds: invalid bounds [%g, %g]", lb, ub);
    return set_run(lp, &c);
}

int lp__set_row_bounds(lp_problem *lp, size_t row, double lb, double ub)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (row >= lp->n_rows)
        return core__error(TERROIR_EINVAL, "lp__set_row_bounds: row %zu out of range", row);
    set_ctx c = {lp, 1, (int)row + 1, GLP_FR, lb, ub};
    if (lp__bounds_type(lb, ub, &c.type) < 0)
        return core__error(TERROIR_EINVAL, "lp__set_row_bounds: invalid bounds [%g, %g]", lb, ub);
    return set_run(lp, &c);
}

int lp__set_obj(lp_problem *lp, size_t col, double coef)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (col >= lp->n_cols)
        return core__error(TERROIR_EINVAL, "lp__set_obj: column %zu out of range", col);
    if (!isfinite(coef))
        return core__error(TERROIR_EINVAL, "lp__set_obj: non-finite coefficient");
    set_ctx c = {lp, 2, (int)col + 1, 0, coef, 0.0};
    return set_run(lp, &c);
}

int lp__set_obj_constant(lp_problem *lp, double constant)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (!isfinite(constant))
        return core__error(TERROIR_EINVAL, "lp__set_obj_constant: non-finite constant");
    set_ctx c = {lp, 2, 0, 0, constant, 0.0};
    return set_run(lp, &c);
}

/* ------------------------------------------------------------ solution values */

typedef struct get_ctx {
    const lp_problem *lp;
    int what; /* 0 column values, 1 row duals, 2 reduced costs */
    double *out;
} get_ctx;

static int get_body(lp_guard *g, void *vctx)
{
    (void)g;
    get_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    int mip = c->lp->solved == LP_SOLVED_MIP;
    if (c->what == 1) {
        for (size_t i = 0; i < c->lp->n_rows; i++)
            c->out[i] = glp_get_row_dual(p, (int)i + 1);
    } else {
        for (size_t j = 0; j < c->lp->n_cols; j++) {
            int k = (int)j + 1;
            c->out[j] = c->what == 2 ? glp_get_col_dual(p, k)
                        : mip        ? glp_mip_col_val(p, k)
                                     : glp_get_col_prim(p, k);
        }
    }
    return 0;
}

static int get_run(const lp_problem *lp, int what, double *out)
{
    int rc = check_alive(lp);
    if (rc < 0)
        return rc;
    if (!out)
        return core__error(TERROIR_EINVAL, "NULL output array");
    if (lp->solved == LP_SOLVED_NONE)
        return core__error(TERROIR_EINVAL,
                           "no solution to read: the problem was not solved, had no solution, "
                           "or changed since");
    if (what != 0 && lp->solved != LP_SOLVED_LP)
        return core__error(TERROIR_EINVAL, "dual values exist only after lp__solve_lp");
    get_ctx c = {lp, what, out};
    return lp__guarded(lp, NULL, NULL, get_body, &c);
}

int lp__col_values(const lp_problem *lp, double *x)
{
    return get_run(lp, 0, x);
}

int lp__row_duals(const lp_problem *lp, double *y)
{
    return get_run(lp, 1, y);
}

int lp__col_reduced_costs(const lp_problem *lp, double *d)
{
    return get_run(lp, 2, d);
}
