/* Writing a problem in CPLEX LP format, for debugging and for running other
 * solvers (glpsol, CBC) on the very same model.
 *
 * Our own writer rather than glp_write_lp(), which prints numbers with 15
 * significant digits (not exact), drops the objective constant into a
 * comment, and whose ranged rows subtract bounds.  Here:
 *   - numbers read back exactly (shortest of %.15g / %.17g) and always have a
 *     leading digit ("0.5", never ".5": CBC reads ".5 y" as 1 y);
 *   - the objective constant is the coefficient of a column "~one" fixed at 1;
 *   - a ranged row lb <= a x <= ub is written a x - ~rng<i> = 0 with
 *     lb <= ~rng<i> <= ub (no arithmetic on the bounds);
 *   - names are made valid (letters, digits and _ . ( ) only; no leading digit,
 *     period or exponent-like "e1"; keywords prefixed with _) and unique
 *     (duplicates get "~<index>"); unnamed columns are x<j>, rows r<i>
 *     (1-based, as GLPK numbers them).  Names starting with "~" are ours.
 *   - free rows, which the format cannot express, are left out (a comment
 *     says so); a problem without any other row gets "~none: 0 ~one = 0",
 *     since readers want at least one constraint.
 * The text is built in memory inside the guard, then written out. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lp/lp_internal.h"

/* Longest name we write (the format allows 255). */
#define LP_WRITE_NAME_MAX 200
/* Lines are broken after about this many characters. */
#define LP_WRITE_LINE 72

typedef struct named {
    char *name;
    size_t index;
} named;

typedef struct write_ctx {
    lp_problem *lp;
    core_strbuf sb;
    named *cols, *rows; /* [n], [m]; the names are freed by the caller */
    int *ind;           /* [n + 1] */
    double *val;        /* [n + 1] */
    size_t col_len;     /* length of the current output line */
} write_ctx;

static const char *const keywords[] = {
    "min", "max", "minimize", "maximize", "minimum", "maximum", "st", "subject", "such",
    "bound", "bounds", "gen", "general", "generals", "integer", "integers", "bin", "binary",
    "binaries", "end", "free", "inf", "infinity", "semi", "semis", "sos",
};

/* A valid name from GLPK's name (may be NULL) or "<fallback><index>". */
static char *name_make(const char *raw, char fallback, size_t index)
{
    char buf[LP_WRITE_NAME_MAX + 2];
    size_t n = 0;
    if (raw)
        for (; raw[n] && n < LP_WRITE_NAME_MAX; n++) {
            unsigned char ch = (unsigned char)raw[n];
            buf[n + 1] = ch == '[' ? '(' : ch == ']' ? ')'
                         : (isalnum(ch) && ch < 0x80) || ch == '_' || ch == '.' || ch == '(' ||
                                 ch == ')'
                             ? (char)ch
                             : '_';
        }
    if (n == 0)
        return core__asprintf("%c%zu", fallback, index + 1);
    buf[n + 1] = '\0';
    char *s = buf + 1;
    int prefix = isdigit((unsigned char)s[0]) || s[0] == '.' ||
                 ((s[0] == 'e' || s[0] == 'E') &&
                  (isdigit((unsigned char)s[1]) || s[1] == 'e' || s[1] == 'E'));
    for (size_t k = 0; !prefix && k < sizeof keywords / sizeof keywords[0]; k++)
        prefix = strcasecmp(s, keywords[k]) == 0;
    if (prefix)
        *--s = '_';
    return core__strdup(s);
}

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int cmp_index(const void *a, const void *b)
{
    const named *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* Make the names of `items` unique; they stay in index order. */
static int names_unique(named *items, size_t n)
{
    qsort(items, n, sizeof *items, cmp_named);
    for (size_t k = n; k-- > 1;) {
        if (strcmp(items[k].name, items[k - 1].name) != 0)
            continue;
        /* items[k] duplicates an earlier one (same name, lower index). */
        char *renamed = core__asprintf("%s~%zu", items[k].name, items[k].index + 1);
        if (!renamed)
            return TERROIR_ENOMEM;
        free(items[k].name);
        items[k].name = renamed;
    }
    qsort(items, n, sizeof *items, cmp_index);
    return 0;
}

/* ------------------------------------------------------------ text */

static void put_number(write_ctx *c, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    for (char *q = buf; *q; q++)
        if (*q == ',') /* a host program's locale must not reach the file */
            *q = '.';
    core__sb_puts(&c->sb, buf);
    c->col_len += strlen(buf);
}

static void put(write_ctx *c, const char *s)
{
    core__sb_puts(&c->sb, s);
    const char *nl = strrchr(s, '\n');
    c->col_len = nl ? strlen(nl + 1) : c->col_len + strlen(s);
}

static void put_term(write_ctx *c, double coef, const char *name)
{
    if (c->col_len > LP_WRITE_LINE)
        put(c, "\n   ");
    put(c, coef < 0 ? " - " : " + ");
    put_number(c, fabs(coef));
    put(c, " ");
    put(c, name);
}

static void put_bound_line(write_ctx *c, int type, double lb, double ub, const char *name,
                           int is_default_lo)
{
    switch (type) {
    case GLP_FR:
        put(c, " ");
        put(c, name);
        put(c, " free\n");
        break;
    case GLP_LO:
        if (is_default_lo && lb == 0.0)
            break;
        put(c, " ");
        put(c, name);
        put(c, " >= ");
        put_number(c, lb);
        put(c, "\n");
        break;
    case GLP_UP:
        put(c, " -inf <= ");
        put(c, name);
        put(c, " <= ");
        put_number(c, ub);
        put(c, "\n");
        break;
    case GLP_DB:
        put(c, " ");
        put_number(c, lb);
        put(c, " <= ");
        put(c, name);
        put(c, " <= ");
        put_number(c, ub);
        put(c, "\n");
        break;
    default: /* GLP_FX */
        put(c, " ");
        put(c, name);
        put(c, " = ");
        put_number(c, lb);
        put(c, "\n");
        break;
    }
}

static int write_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    (void)g;
    write_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    int n = (int)c->lp->n_cols, m = (int)c->lp->n_rows; /* == GLPK's counts */
    for (int j = 1; j <= n; j++) {
        c->cols[j - 1].index = (size_t)j - 1;
        c->cols[j - 1].name = name_make(glp_get_col_name(p, j), 'x', (size_t)j - 1);
        if (!c->cols[j - 1].name)
            return core__error(TERROIR_ENOMEM, "out of memory writing an LP file");
    }
    for (int i = 1; i <= m; i++) {
        c->rows[i - 1].index = (size_t)i - 1;
        c->rows[i - 1].name = name_make(glp_get_row_name(p, i), 'r', (size_t)i - 1);
        if (!c->rows[i - 1].name)
            return core__error(TERROIR_ENOMEM, "out of memory writing an LP file");
    }
    if (names_unique(c->cols, (size_t)n) < 0 || names_unique(c->rows, (size_t)m) < 0)
        return core__error(TERROIR_ENOMEM, "out of memory writing an LP file");

    core__sb_printf(&c->sb, "\\* written by terroir %s: %d columns, %d rows *\\\n\n",
                    terroir_version(), n, m);
    put(c, "Minimize\n obj:");
    int terms = 0;
    for (int j = 1; j <= n; j++) {
        double coef = glp_get_obj_coef(p, j);
        if (coef != 0.0) {
            put_term(c, coef, c->cols[j - 1].name);
            terms++;
        }
    }
    double constant = glp_get_obj_coef(p, 0);
    int use_one = constant != 0.0 || terms == 0;
    if (use_one)
        put_term(c, constant, "~one");

    put(c, "\n\nSubject To\n");
    int ranged = 0, written = 0;
    for (int i = 1; i <= m; i++) {
        int type = glp_get_row_type(p, i);
        const char *name = c->rows[i - 1].name;
        if (type == GLP_FR) {
            core__sb_printf(&c->sb, "\\* row %s is free: left out *\\\n", name);
            c->col_len = 0;
            continue;
        }
        written++;
        put(c, " ");
        put(c, name);
        put(c, ":");
        int len = glp_get_mat_row(p, i, c->ind, c->val);
        for (int k = 1; k <= len; k++)
            put_term(c, c->val[k], c->cols[c->ind[k] - 1].name);
        if (len == 0) {
            put_term(c, 0.0, "~one");
            use_one = 1;
        }
        switch (type) {
        case GLP_LO:
            put(c, " >= ");
            put_number(c, glp_get_row_lb(p, i));
            break;
        case GLP_UP:
            put(c, " <= ");
            put_number(c, glp_get_row_ub(p, i));
            break;
        case GLP_FX:
            put(c, " = ");
            put_number(c, glp_get_row_lb(p, i));
            break;
        default: /* GLP_DB */
            core__sb_printf(&c->sb, " - ~rng%d = 0", i);
            ranged = 1;
            break;
        }
        put(c, "\n");
    }

    if (written == 0) {
        /* Readers want at least one constraint. */
        put(c, " ~none: 0 ~one = 0\n");
        use_one = 1;
    }

    put(c, "\nBounds\n");
    if (use_one)
        put(c, " ~one = 1\n");
    for (int j = 1; j <= n; j++)
        put_bound_line(c, glp_get_col_type(p, j), glp_get_col_lb(p, j), glp_get_col_ub(p, j),
                       c->cols[j - 1].name, 1);
    if (ranged)
        for (int i = 1; i <= m; i++)
            if (glp_get_row_type(p, i) == GLP_DB) {
                char name[32];
                snprintf(name, sizeof name, "~rng%d", i);
                put_bound_line(c, GLP_DB, glp_get_row_lb(p, i), glp_get_row_ub(p, i), name, 0);
            }

    if (glp_get_num_int(p) > 0) {
        put(c, "\nGenerals\n");
        for (int j = 1; j <= n; j++)
            if (glp_get_col_kind(p, j) != GLP_CV) {
                if (c->col_len > LP_WRITE_LINE)
                    put(c, "\n");
                put(c, " ");
                put(c, c->cols[j - 1].name);
            }
        put(c, "\n");
    }
    put(c, "\nEnd\n");
    return c->sb.failed ? core__error(TERROIR_ENOMEM, "out of memory writing an LP file") : 0;
}

int lp__write_lp(lp_problem *lp, const char *path)
{
    if (!lp || !path)
        return core__error(TERROIR_EINVAL, "lp__write_lp: NULL argument");
    int rc = 0;
    char *text = NULL;
    size_t len = 0;
    write_ctx c;
    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.cols = core__calloc(lp->n_cols, sizeof *c.cols);
    c.rows = core__calloc(lp->n_rows, sizeof *c.rows);
    c.ind = core__calloc(lp->n_cols + 1, sizeof *c.ind);
    c.val = core__calloc(lp->n_cols + 1, sizeof *c.val);
    if (!c.cols || !c.rows || !c.ind || !c.val) {
        rc = core__error(TERROIR_ENOMEM, "out of memory writing an LP file");
        goto out;
    }
    rc = lp__guarded(lp, NULL, NULL, write_body, &c);
    if (rc < 0)
        goto out;
    text = core__sb_take(&c.sb, &len);
    if (!text) {
        rc = core__error(TERROIR_ENOMEM, "out of memory writing an LP file");
        goto out;
    }
    rc = core__write_file(path, text, len);
out:
    free(text);
    core__sb_free(&c.sb);
    for (size_t j = 0; c.cols && j < lp->n_cols; j++)
        free(c.cols[j].name);
    for (size_t i = 0; c.rows && i < lp->n_rows; i++)
        free(c.rows[i].name);
    free(c.cols);
    free(c.rows);
    free(c.ind);
    free(c.val);
    return rc;
}
