/* The runner's own reader of Prodhon's CLRP .dat format, independent of
 * terroir's importer (lib/io/import_clrp.c), so that the check does not
 * inherit an importer bug: whitespace-separated numbers
 *   n m, m depot "x y", n customer "x y", Q, m W, n d, m O, F, flag
 * whatever the line layout; nothing may follow the flag. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrp.h"

/* The whole file as a NUL-terminated string; NULL on failure. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        if (got == 0)
            break;
        len += got;
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

typedef struct reader {
    char *p;
    size_t count; /* numbers read so far */
} reader;

/* The next number; -1 at the end or on something else. */
static int next(reader *r, double *out)
{
    char *end;
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n')
        r->p++;
    if (!*r->p)
        return -1;
    *out = strtod(r->p, &end);
    if (end == r->p || !isfinite(*out) ||
        (*end && *end != ' ' && *end != '\t' && *end != '\r' && *end != '\n'))
        return -1;
    r->p = end;
    r->count++;
    return 0;
}

static int fill(reader *r, double *a, size_t n, double *b)
{
    for (size_t i = 0; i < n; i++)
        if (next(r, &a[i]) != 0 || (b && next(r, &b[i]) != 0))
            return -1;
    return 0;
}

int lrp_instance_read(lrp_instance *inst, const char *path, char *err, size_t n_err)
{
    memset(inst, 0, sizeof *inst);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(inst->name, sizeof inst->name, "%s", base);
    char *dot = strrchr(inst->name, '.');
    if (dot && dot != inst->name)
        *dot = '\0';
    char *text = slurp(path);
    if (!text) {
        snprintf(err, n_err, "%s: cannot read", path);
        return -1;
    }
    reader r = {text, 0};
    double n, m, flag, extra;
    int rc = -1;
    if (next(&r, &n) != 0 || next(&r, &m) != 0 || n < 1 || m < 1 || n > 1e6 || m > 1e6 ||
        n != floor(n) || m != floor(m)) {
        snprintf(err, n_err, "%s: bad counts n, m", path);
        goto done;
    }
    inst->n = (size_t)n;
    inst->m = (size_t)m;
    double **arrays[] = {&inst->depot_x, &inst->depot_y, &inst->capacity, &inst->opening,
                         &inst->cust_x,  &inst->cust_y,  &inst->demand};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
        *arrays[k] = calloc(k < 4 ? inst->m : inst->n, sizeof(double));
        if (!*arrays[k]) {
            snprintf(err, n_err, "%s: out of memory", path);
            goto done;
        }
    }
    if (fill(&r, inst->depot_x, inst->m, inst->depot_y) != 0 ||
        fill(&r, inst->cust_x, inst->n, inst->cust_y) != 0 || next(&r, &inst->q) != 0 ||
        fill(&r, inst->capacity, inst->m, NULL) != 0 ||
        fill(&r, inst->demand, inst->n, NULL) != 0 || fill(&r, inst->opening, inst->m, NULL) != 0 ||
        next(&r, &inst->f) != 0 || next(&r, &flag) != 0) {
        snprintf(err, n_err, "%s: bad or missing value number %zu", path, r.count + 1);
        goto done;
    }
    if (flag != 0 && flag != 1) {
        snprintf(err, n_err, "%s: flag %g is not 0 or 1", path, flag);
        goto done;
    }
    if (next(&r, &extra) == 0 || *r.p) {
        snprintf(err, n_err, "%s: data after the flag", path);
        goto done;
    }
    inst->flag = (int)flag;
    rc = 0;
done:
    free(text);
    if (rc)
        lrp_instance_free(inst);
    return rc;
}

void lrp_instance_free(lrp_instance *inst)
{
    free(inst->depot_x);
    free(inst->depot_y);
    free(inst->capacity);
    free(inst->opening);
    free(inst->cust_x);
    free(inst->cust_y);
    free(inst->demand);
    char name[256];
    memcpy(name, inst->name, sizeof name);
    memset(inst, 0, sizeof *inst);
    memcpy(inst->name, name, sizeof name);
}

double lrp_distance(const lrp_instance *inst, double x1, double y1, double x2, double y2)
{
    double d = sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
    if (inst->flag == 1)
        return d;
    double v = 100.0 * d, r = nearbyint(v);
    if (fabs(v - r) <= 1e-9 * fmax(1.0, v))
        return r;
    return ceil(v);
}
