/* The plain LP of the allocation: the flow formulation of network.h with
 * every arc as a column, built at once.  It is what `--write-lp` writes for
 * other solvers, what the benchmark hands to glpsol, what the tests solve to
 * check the column generation, and (with binary hub variables and the strong
 * linking rows) the design stage's MIP. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc_internal.h"

void alloc__plain_free(alloc_plain *pl)
{
    if (!pl)
        return;
    lp__free(pl->lp);
    free(pl->arc_of_col);
    free(pl->col_of_arc);
    free(pl->y_col);
    memset(pl, 0, sizeof *pl);
}

int alloc__plain_build(alloc_plain *out, const alloc_network *net, int design,
                       const unsigned char *open_arcs)
{
    const terroir_model *m = net->m;
    size_t H = net->n_hubs;
    size_t row_base[NET_ROW_KINDS + 1], n_rows = 0;
    size_t *cnt = NULL, *start = NULL, *rcol = NULL;
    double *rval = NULL, *lb = NULL, *ub = NULL, *obj = NULL;
    int *is_int = NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    for (int k = 0; k < NET_ROW_KINDS; k++) {
        row_base[k] = n_rows;
        n_rows += net__row_count(net, (net_row_kind)k);
    }
    row_base[NET_ROW_KINDS] = n_rows;

    out->col_of_arc = core__calloc(NET_NZ(net->n_arcs_total), sizeof(size_t));
    out->arc_of_col = core__calloc(NET_NZ(net->n_arcs_total), sizeof(size_t));
    if (!out->col_of_arc || !out->arc_of_col)
        goto nomem;
    for (size_t id = 0; id < net->n_arcs_total; id++) {
        net_arc a;
        out->col_of_arc[id] = NET_NONE;
        if (net__arc(net, id, &a) != 0)
            continue;
        out->col_of_arc[id] = out->n_arc_cols;
        out->arc_of_col[out->n_arc_cols++] = id;
    }
    /* design: one binary per usable candidate hub */
    if (design) {
        out->y_col = core__calloc(NET_NZ(H), sizeof(size_t));
        if (!out->y_col)
            goto nomem;
        for (size_t h = 0; h < H; h++) {
            out->y_col[h] = NET_NONE;
            if (net->hub_usable[h] && m->hubs[h].status == TERROIR_HUB_CANDIDATE)
                out->y_col[h] = out->n_arc_cols + out->n_y++;
        }
    }
    size_t n_cols = out->n_arc_cols + out->n_y;
    lb = core__calloc(NET_NZ(n_cols), sizeof(double));
    ub = core__calloc(NET_NZ(n_cols), sizeof(double));
    obj = core__calloc(NET_NZ(n_cols), sizeof(double));
    is_int = core__calloc(NET_NZ(n_cols), sizeof(int));
    cnt = core__calloc(n_rows + 1, sizeof(size_t));
    if (!lb || !ub || !obj || !is_int || !cnt)
        goto nomem;

    /* row-wise coefficients of the flow rows: count, then fill (CSR) */
    for (size_t c = 0; c < out->n_arc_cols; c++) {
        net_arc a;
        net__arc(net, out->arc_of_col[c], &a);
        lb[c] = 0;
        ub[c] = !open_arcs || open_arcs[out->arc_of_col[c]] ? HUGE_VAL : 0.0;
        obj[c] = a.cost;
        for (size_t k = 0; k < a.n; k++)
            cnt[row_base[a.kind[k]] + a.row[k] + 1]++;
    }
    if (design)
        for (size_t r = 0; r < net->n_cap; r++)
            if (out->y_col[net->cap_hub[r]] != NET_NONE)
                cnt[row_base[NET_ROW_CAP] + r + 1]++;
    for (size_t r = 0; r < n_rows; r++)
        cnt[r + 1] += cnt[r];
    start = core__calloc(n_rows + 1, sizeof(size_t));
    rcol = core__calloc(cnt[n_rows] ? cnt[n_rows] : 1, sizeof(size_t));
    rval = core__calloc(cnt[n_rows] ? cnt[n_rows] : 1, sizeof(double));
    if (!start || !rcol || !rval)
        goto nomem;
    memcpy(start, cnt, (n_rows + 1) * sizeof(size_t));
    for (size_t c = 0; c < out->n_arc_cols; c++) {
        net_arc a;
        net__arc(net, out->arc_of_col[c], &a);
        for (size_t k = 0; k < a.n; k++) {
            size_t r = row_base[a.kind[k]] + a.row[k];
            rcol[cnt[r]] = c;
            rval[cnt[r]] = a.coef[k];
            cnt[r]++;
        }
    }
    if (design)
        for (size_t r = 0; r < net->n_cap; r++) {
            size_t h = net->cap_hub[r];
            if (out->y_col[h] == NET_NONE)
                continue;
            size_t g = row_base[NET_ROW_CAP] + r;
            rcol[cnt[g]] = out->y_col[h];
            rval[cnt[g]] = -net__row_rhs(net, NET_ROW_CAP, r);
            cnt[g]++;
        }
    for (size_t h = 0; design && h < H; h++) {
        size_t c = out->y_col[h];
        if (c == NET_NONE)
            continue;
        lb[c] = 0;
        ub[c] = 1;
        obj[c] = net__hub_fixed(net, h);
        is_int[c] = 1;
    }

    if ((rc = lp__new(&out->lp, design ? "terroir_design" : "terroir_allocation")) != 0)
        goto fail;
    if ((rc = lp__add_cols(out->lp, n_cols, lb, ub, obj, design ? is_int : NULL, NULL, NULL)) !=
        0)
        goto fail;
    for (int kind = 0; kind < NET_ROW_KINDS; kind++) {
        size_t n = net__row_count(net, (net_row_kind)kind);
        for (size_t r = 0; r < n; r++) {
            size_t g = row_base[kind] + r;
            double rhs = net__row_rhs(net, (net_row_kind)kind, r);
            double rlb = -HUGE_VAL, rub = rhs;
            if (kind == NET_ROW_DEMAND || kind == NET_ROW_NODE)
                rlb = rhs;
            if (kind == NET_ROW_CAP && design && out->y_col[net->cap_hub[r]] != NET_NONE)
                rub = 0;
            if ((rc = lp__add_row(out->lp, rlb, rub, start[g + 1] - start[g], rcol + start[g],
                                  rval + start[g], NULL, NULL)) != 0)
                goto fail;
        }
    }
    /* strong linking: deliveries through a candidate hub <= demand * y */
    for (size_t c = 0; design && c < out->n_arc_cols; c++) {
        net_arc a;
        net__arc(net, out->arc_of_col[c], &a);
        if (a.type != NET_ARC_DELIVER || out->y_col[a.hub] == NET_NONE)
            continue;
        size_t cols[2] = {c, out->y_col[a.hub]};
        double vals[2] = {1.0, -net->prods[a.prod].dem_qty[a.dem]};
        if ((rc = lp__add_row(out->lp, -HUGE_VAL, 0.0, 2, cols, vals, NULL, NULL)) != 0)
            goto fail;
    }
    goto done;
nomem:
    rc = core__error(TERROIR_ENOMEM, "plain allocation LP: out of memory");
fail:
    alloc__plain_free(out);
done:
    free(cnt);
    free(start);
    free(rcol);
    free(rval);
    free(lb);
    free(ub);
    free(obj);
    free(is_int);
    return rc;
}

int alloc__plain_solve(const alloc_network *net, const lp_params *params, alloc_sol *sol)
{
    alloc_plain pl;
    lp_result res;
    double *x = NULL, *y = NULL;
    int rc;
    memset(sol, 0, sizeof *sol);
    if ((rc = alloc__plain_build(&pl, net, 0, NULL)) != 0)
        return rc;
    if ((rc = lp__solve_lp(pl.lp, params, &res)) != 0)
        goto out;
    x = core__calloc(lp__col_count(pl.lp) + 1, sizeof(double));
    y = core__calloc(lp__row_count(pl.lp) + 1, sizeof(double));
    sol->x = core__calloc(NET_NZ(net->n_arcs_total), sizeof(double));
    if (!x || !y || !sol->x) {
        rc = core__error(TERROIR_ENOMEM, "plain allocation LP: out of memory");
        goto out;
    }
    sol->status = res.status;
    if (res.status != LP_OPTIMAL && res.status != LP_FEASIBLE)
        goto out;
    if ((rc = lp__col_values(pl.lp, x)) != 0 || (rc = lp__row_duals(pl.lp, y)) != 0)
        goto out;
    sol->objective = 0;
    for (size_t c = 0; c < pl.n_arc_cols; c++) {
        net_arc a;
        net__arc(net, pl.arc_of_col[c], &a);
        sol->x[pl.arc_of_col[c]] = x[c] > 0 ? x[c] : 0;
        sol->objective += a.cost * sol->x[pl.arc_of_col[c]];
    }
    size_t g = 0;
    for (int k = 0; k < NET_ROW_KINDS; k++) {
        size_t n = net__row_count(net, (net_row_kind)k);
        sol->dual[k] = core__calloc(NET_NZ(n), sizeof(double));
        if (!sol->dual[k]) {
            rc = core__error(TERROIR_ENOMEM, "plain allocation LP: out of memory");
            goto out;
        }
        for (size_t r = 0; r < n; r++)
            sol->dual[k][r] = y[g++];
    }
    sol->bound = res.status == LP_OPTIMAL ? sol->objective : res.bound;
    sol->columns = pl.n_arc_cols;
    sol->rounds = 1;
out:
    if (rc)
        alloc__sol_free(sol);
    free(x);
    free(y);
    alloc__plain_free(&pl);
    return rc;
}
