/* The report's section "Cost sharing among members": what each member of a
 * shared network pays under each method computed (share.h), against what it
 * would pay alone, and whether any coalition would rather leave.  Read
 * through the public accessors of the result. */
#include <math.h>

#include "report/report_internal.h"

static double value_of(const terroir_share_member *m, int k)
{
    return k == TERROIR_SHARE_SHAPLEY ? m->shapley
           : k == TERROIR_SHARE_NUCLEOLUS ? m->nucleolus
                                          : m->epm;
}

void report__html_share(core_strbuf *sb, const terroir_share *share)
{
    static const char *const titles[TERROIR_SHARE_METHOD_COUNT] = {"Shapley", "Nucleolus",
                                                                   "EPM"};
    terroir_share_summary s = {TERROIR_SHARE_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (terroir_share_get_summary(share, &s) != 0)
        return;
    size_t n = terroir_share_member_count(share);
    int shown[TERROIR_SHARE_METHOD_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        terroir_share_member m = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
        if (terroir_share_get_member(share, i, &m) != 0)
            continue;
        for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
            shown[k] |= isfinite(value_of(&m, k));
    }
    core__sb_puts(sb, "<section>\n<h2>Cost sharing among members</h2>\n<p>");
    core__sb_printf(sb, "%zu members share this network. Planned together it costs ", n);
    report__html_number(sb, s.grand_coalition_cost, 2);
    core__sb_puts(sb, " per cycle; each planning alone, ");
    report__html_number(sb, s.standalone_total, 2);
    core__sb_puts(sb, " in all (saving ");
    report__html_percent(sb, s.standalone_total - s.grand_coalition_cost, s.standalone_total);
    core__sb_puts(sb, "). A coalition's cost is the cost of its own plan (hub fixed costs, "
                      "handling, transport, vehicles, priced CO2) plus the penalty of its demand "
                      "left unserved; a negative share means the member is paid for what it "
                      "brings to the others.</p>\n<table>");
    const char *cols[3 + 2 * TERROIR_SHARE_METHOD_COUNT];
    size_t nc = 0;
    cols[nc++] = "Member";
    cols[nc++] = "#Alone";
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
        if (shown[k]) {
            static const char *const share_cols[TERROIR_SHARE_METHOD_COUNT] = {
                "#Shapley", "#Nucleolus", "#EPM"};
            cols[nc++] = share_cols[k];
        }
    cols[nc++] = "#Saving (nucleolus)";
    report__html_table_head(sb, cols, nc);
    core__sb_puts(sb, "<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        terroir_share_member m = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
        if (terroir_share_get_member(share, i, &m) != 0)
            continue;
        core__sb_puts(sb, "<tr><td>");
        report__html_name_id(sb, m.name, m.id);
        core__sb_puts(sb, "</td>");
        report__html_td_number(sb, m.standalone_cost, 2);
        for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
            if (shown[k])
                report__html_td_number(sb, value_of(&m, k), 2);
        core__sb_puts(sb, "<td class=\"n\">");
        if (isfinite(m.nucleolus)) {
            report__html_number(sb, m.standalone_cost - m.nucleolus, 2);
            core__sb_puts(sb, " (");
            report__html_percent(sb, m.standalone_cost - m.nucleolus, m.standalone_cost);
            core__sb_puts(sb, ")");
        } else {
            core__sb_puts(sb, "\xe2\x80\x93");
        }
        core__sb_puts(sb, "</td></tr>\n");
    }
    core__sb_puts(sb, "</tbody></table>\n<p>");
    if (!s.exact) {
        core__sb_printf(sb, "Shapley value sampled over %zu orders of joining; the nucleolus, "
                            "EPM and core check need every coalition.",
                        s.samples);
    } else {
        if (s.core_empty == 1) {
            core__sb_puts(sb, "The core is empty: no split satisfies every coalition; the "
                              "least-core epsilon is ");
            report__html_number(sb, s.least_core_epsilon, 2);
            core__sb_puts(sb, ". ");
        } else {
            core__sb_puts(sb, "The core is not empty. ");
        }
        for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
            if (!shown[k])
                continue;
            size_t nb = terroir_share_blocking_count(share, (terroir_share_method)k);
            if (nb == 0)
                core__sb_printf(sb, "%s: no coalition would pay less alone. ", titles[k]);
            else
                core__sb_printf(sb, "%s: %zu coalition%s would pay less alone. ", titles[k], nb,
                                nb == 1 ? "" : "s");
        }
    }
    core__sb_printf(sb, "%zu coalitions solved", s.n_coalitions);
    if (s.n_warm_started)
        core__sb_printf(sb, " (%zu improved by their supersets' hub choice)", s.n_warm_started);
    if (s.n_artefacts)
        core__sb_printf(sb, "; %zu cost more than two parts of them planned apart (heuristic "
                            "artefacts, kept as solved)",
                        s.n_artefacts);
    core__sb_puts(sb, ".</p>\n</section>\n");
}
