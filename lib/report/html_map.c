/* The SVG map of a plan: sites (producers, hubs open and not opened,
 * distribution points by kind), routes as polylines hub -> stops -> hub in
 * one colour per vehicle, the allocation's flows as thin lines when there
 * are no routes, a graticule, a scale bar and a legend.
 *
 * Projection: equirectangular, x = longitude * cos(mean latitude of the
 * sites), y = latitude, which keeps shapes right at the scale of a region
 * (the distortion across Québec's south, 45-49 N, is under 6%).  PLANAR
 * models are drawn in their own x/y units.  The drawing is in CSS pixels of
 * the requested width; coordinates are written with one decimal, which is
 * below what a screen or a printer shows and keeps ~2,000 sites in a few
 * hundred kB.  Every site and route carries a <title>: its name and figures
 * show on hover. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

#define MAP_MARGIN 28.0
#define KM_PER_DEGREE 111.19508 /* 6371.0088 km * pi / 180 */
#define MAP_PI 3.14159265358979323846

typedef struct map_frame {
    const report_view *v;
    double k;               /* cos(mean latitude), 1 for PLANAR */
    double min_x, max_y;    /* projected corner at the top left of the sites */
    double scale;           /* pixels per projected unit */
    double ox, oy;          /* pixel position of (min_x, max_y) */
    double width, height;   /* of the map area, legend excluded */
    double r;               /* radius of a point marker */
    size_t n_located;
} map_frame;

static double proj_x(const map_frame *f, double x)
{
    return f->ox + (x * f->k - f->min_x) * f->scale;
}

static double proj_y(const map_frame *f, double y)
{
    return f->oy + (f->max_y - y) * f->scale;
}

static void num(core_strbuf *sb, double v)
{
    report__plain_number(sb, v, 1);
}

static void xy(core_strbuf *sb, const map_frame *f, const report_site *s)
{
    num(sb, proj_x(f, s->x));
    core__sb_puts(sb, ",");
    num(sb, proj_y(f, s->y));
}

/* Scale and offsets so that the sites (or `area`: x min, x max, y min,
 * y max) fill the width, the height staying within 1.1 widths (tall
 * regions are centred instead).  The projection's cos(latitude) is that
 * of all the sites, so a detail map has the shapes of the whole map. */
static void frame_fit(map_frame *f, const report_view *v, double width, const double *area)
{
    memset(f, 0, sizeof *f);
    f->v = v;
    f->width = width;
    f->k = 1.0;
    double lat_sum = 0, min_x = 0, max_x = 0, min_y = 0, max_y = 0;
    size_t shown = 0;
    for (size_t s = 0; s < v->n_sites; s++) {
        const report_site *site = &v->sites[s];
        if (!site->has_location)
            continue;
        lat_sum += site->y;
        f->n_located++;
        shown += !area || (site->x >= area[0] && site->x <= area[1] && site->y >= area[2] &&
                           site->y <= area[3]);
    }
    if (!v->planar && f->n_located > 0)
        f->k = cos(lat_sum / (double)f->n_located * MAP_PI / 180.0);
    int first = 1;
    for (size_t s = 0; s < v->n_sites && !area; s++) {
        const report_site *site = &v->sites[s];
        if (!site->has_location)
            continue;
        double x = site->x * f->k, y = site->y;
        if (first || x < min_x)
            min_x = x;
        if (first || x > max_x)
            max_x = x;
        if (first || y < min_y)
            min_y = y;
        if (first || y > max_y)
            max_y = y;
        first = 0;
    }
    if (area) {
        min_x = area[0] * f->k;
        max_x = area[1] * f->k;
        min_y = area[2];
        max_y = area[3];
    }
    double w = max_x - min_x, h = max_y - min_y;
    double avail_w = width - 2 * MAP_MARGIN, avail_h = 1.1 * width - 2 * MAP_MARGIN;
    if (w > 0 && h > 0)
        f->scale = fmin(avail_w / w, avail_h / h);
    else if (w > 0)
        f->scale = avail_w / w;
    else if (h > 0)
        f->scale = avail_h / h;
    else
        f->scale = 1.0;
    f->min_x = min_x;
    f->max_y = max_y;
    f->ox = (width - w * f->scale) / 2;
    f->oy = MAP_MARGIN;
    f->height = fmax(h * f->scale + 2 * MAP_MARGIN, 160.0);
    f->r = shown > 1200 ? 2.2 : shown > 400 ? 2.8 : 3.6;
}

/* A dashed box around `area` (where the detail map is). */
static void outline(core_strbuf *sb, const map_frame *f, const double *area)
{
    double x0 = proj_x(f, area[0]), x1 = proj_x(f, area[1]);
    double y0 = proj_y(f, area[3]), y1 = proj_y(f, area[2]);
    core__sb_puts(sb, "<g class=\"outline\"><rect x=\"");
    num(sb, x0);
    core__sb_puts(sb, "\" y=\"");
    num(sb, y0);
    core__sb_puts(sb, "\" width=\"");
    num(sb, x1 - x0);
    core__sb_puts(sb, "\" height=\"");
    num(sb, y1 - y0);
    core__sb_puts(sb, "\"/><text x=\"");
    num(sb, x0 + 3);
    core__sb_puts(sb, "\" y=\"");
    num(sb, y0 - 4);
    core__sb_puts(sb, "\">detail map below</text></g>\n");
}

/* The smallest "nice" step (1, 2, 2.5 or 5 times a power of ten) that
 * cuts `span` into at most `parts` parts. */
static double nice_step(double span, double parts)
{
    if (!(span > 0))
        return 1.0;
    double raw = span / parts, p10 = pow(10.0, floor(log10(raw)));
    static const double mult[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * p10 >= raw)
            return mult[i] * p10;
    return 10.0 * p10;
}

static int step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10.0, d) - floor(step * pow(10.0, d) + 0.5)) > 1e-9)
        d++;
    return d;
}

/* One family of graticule lines: constant longitude (vertical) or latitude
 * (horizontal), labelled at the left or bottom edge. */
static void graticule_lines(core_strbuf *sb, const map_frame *f, int vertical)
{
    const report_view *v = f->v;
    /* Model coordinates at the edges of the map area. */
    double lo, hi;
    if (vertical) {
        lo = (f->min_x + (0 - f->ox) / f->scale) / f->k;
        hi = (f->min_x + (f->width - f->ox) / f->scale) / f->k;
    } else {
        lo = f->max_y - (f->height - f->oy) / f->scale;
        hi = f->max_y - (0 - f->oy) / f->scale;
    }
    double step = nice_step(hi - lo, vertical ? 6 : 5);
    int dec = step_decimals(step);
    for (double g = ceil(lo / step) * step; g <= hi && (hi - lo) / step < 50; g += step) {
        double p = vertical ? proj_x(f, g) : proj_y(f, g);
        core__sb_puts(sb, vertical ? "<path d=\"M" : "<path d=\"M0,");
        num(sb, p);
        if (vertical) {
            core__sb_puts(sb, ",0V");
            num(sb, f->height);
        } else {
            core__sb_puts(sb, "H");
            num(sb, f->width);
        }
        core__sb_puts(sb, "\"/><text class=\"gl\" x=\"");
        num(sb, vertical ? p + 3 : 4);
        core__sb_puts(sb, "\" y=\"");
        num(sb, vertical ? f->height - 5 : p - 3);
        core__sb_puts(sb, "\">");
        double shown = fabs(g) < step / 1e6 ? 0 : g;
        /* A label people read: the language's decimal mark; French
         * writes west as O (ouest). */
        int french = core__lang() == TERROIR_LANGUAGE_FR;
        core_strbuf label = CORE_STRBUF_INIT;
        report__plain_number(&label, v->planar ? shown : fabs(shown), dec);
        for (char *c = label.data; french && c && *c; c++)
            if (*c == '.')
                *c = ',';
        if (label.data)
            core__sb_puts(sb, label.data);
        else if (label.failed)
            sb->failed = 1;
        core__sb_free(&label);
        if (!v->planar)
            core__sb_puts(sb, vertical ? (shown < 0 ? (french ? "\xc2\xb0O" : "\xc2\xb0W")
                                                    : "\xc2\xb0" "E")
                                       : (shown < 0 ? "\xc2\xb0S" : "\xc2\xb0N"));
        core__sb_puts(sb, "</text>");
    }
}

static void graticule(core_strbuf *sb, const map_frame *f)
{
    core__sb_puts(sb, "<g class=\"grid\">");
    graticule_lines(sb, f, 1);
    graticule_lines(sb, f, 0);
    core__sb_puts(sb, "</g>\n");
}

/* A bar of a round length near a sixth of the width, bottom right. */
static void scale_bar(core_strbuf *sb, const map_frame *f)
{
    double units_per_px = (f->v->planar ? 1.0 : KM_PER_DEGREE) / f->scale;
    double len = nice_step(units_per_px * f->width / 6, 1);
    if (len / units_per_px > f->width / 4)
        len /= 2;
    double px = len / units_per_px;
    double x1 = f->width - MAP_MARGIN, x0 = x1 - px, y = f->height - 14;
    core__sb_puts(sb, "<g class=\"scale\"><path d=\"M");
    num(sb, x0);
    core__sb_puts(sb, ",");
    num(sb, y - 4);
    core__sb_puts(sb, "v4H");
    num(sb, x1);
    core__sb_puts(sb, "v-4\"/><text x=\"");
    num(sb, (x0 + x1) / 2);
    core__sb_puts(sb, "\" y=\"");
    num(sb, y - 7);
    core__sb_puts(sb, "\" text-anchor=\"middle\">");
    report__plain_number(sb, len, step_decimals(len));
    core__sb_puts(sb, f->v->planar ? " units" : " km");
    core__sb_puts(sb, "</text></g>\n");
}

/* ---- flows */

typedef struct map_segment {
    size_t a, b; /* site indices */
    double kg;
} map_segment;

static int segment_cmp(const void *x, const void *y)
{
    const map_segment *s = x, *t = y;
    if (s->a != t->a)
        return s->a < t->a ? -1 : 1;
    return s->b < t->b ? -1 : s->b > t->b;
}

/* Legs of the flows (producer -> hub, hub -> point, or producer -> point),
 * merged over products and paths, as lines whose width grows with the
 * square root of their kg. */
static void flow_lines(core_strbuf *sb, const map_frame *f)
{
    const report_view *v = f->v;
    const terroir_plan *p = v->plan;
    map_segment *seg = core__calloc(2 * p->n_flows + 1, sizeof *seg);
    if (!seg) {
        sb->failed = 1;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->n_flows; i++) {
        const plan_flow *fl = &p->flows[i];
        if (fl->via == PLAN_NONE) {
            seg[n++] = (map_segment){fl->from, fl->to, fl->kg};
        } else {
            seg[n++] = (map_segment){fl->from, fl->via, fl->kg};
            seg[n++] = (map_segment){fl->via, fl->to, fl->kg};
        }
    }
    qsort(seg, n, sizeof *seg, segment_cmp);
    size_t m = 0;
    double max_kg = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && seg[m - 1].a == seg[i].a && seg[m - 1].b == seg[i].b)
            seg[m - 1].kg += seg[i].kg;
        else
            seg[m++] = seg[i];
        max_kg = fmax(max_kg, seg[m - 1].kg);
    }
    core__sb_puts(sb, "<g class=\"flows\">");
    for (size_t i = 0; i < m; i++) {
        const report_site *a = &v->sites[seg[i].a], *b = &v->sites[seg[i].b];
        if (!a->has_location || !b->has_location || !(seg[i].kg > 0))
            continue;
        core__sb_puts(sb, "<path d=\"M");
        xy(sb, f, a);
        core__sb_puts(sb, "L");
        xy(sb, f, b);
        core__sb_puts(sb, "\" stroke-width=\"");
        report__plain_number(sb, 0.5 + 3.0 * sqrt(seg[i].kg / max_kg), 1);
        core__sb_puts(sb, "\"><title>");
        report__html_escape(sb, a->name);
        core__sb_puts(sb, " \xe2\x86\x92 ");
        report__html_escape(sb, b->name);
        core__sb_puts(sb, ": ");
        report__html_number(sb, seg[i].kg, 0);
        core__sb_puts(sb, " kg</title></path>");
    }
    core__sb_puts(sb, "</g>\n");
    free(seg);
}

/* ---- routes */

static void route_lines(core_strbuf *sb, const map_frame *f)
{
    const report_view *v = f->v;
    const terroir_plan *p = v->plan;
    core__sb_puts(sb, "<g class=\"routes\">");
    for (size_t i = 0; i < p->n_routes; i++) {
        const plan_route *r = &p->routes[i];
        const report_site *hub = &v->sites[r->hub];
        core__sb_printf(sb, "<polyline class=\"route\" data-route=\"%zu\" stroke=\"%s\" points=\"",
                        i + 1, report__vehicle_color(v->route_vehicle[i]));
        if (hub->has_location)
            xy(sb, f, hub);
        for (size_t k = 0; k < r->n_stops; k++) {
            const report_site *s = &v->sites[r->stops[k].site];
            if (s->has_location) {
                core__sb_puts(sb, " ");
                xy(sb, f, s);
            }
        }
        if (hub->has_location) {
            core__sb_puts(sb, " ");
            xy(sb, f, hub);
        }
        core__sb_printf(sb, core__t("\"><title>Route %zu: "), i + 1);
        report__html_escape(sb, report__vehicle_type_name(v, r->vehicle_type));
        core__sb_printf(sb, core__t(" #%zu, day %u, from "), r->vehicle + 1, r->day);
        report__html_escape(sb, hub->name);
        core__sb_printf(sb, core__t(": %zu stops, "), r->n_stops);
        report__html_number(sb, r->km, 1);
        core__sb_puts(sb, " km</title></polyline>");
    }
    core__sb_puts(sb, "</g>\n");
}

/* ---- sites */

static void site_title(core_strbuf *sb, const report_site *s)
{
    core__sb_puts(sb, "<title>");
    report__html_escape(sb, s->name);
    if (strcmp(s->name, s->id) != 0) {
        core__sb_puts(sb, " (");
        report__html_escape(sb, s->id);
        core__sb_puts(sb, ")");
    }
    if (s->kind == TERROIR_SITE_PRODUCER) {
        core__sb_puts(sb, core__t("\nProducer: supply "));
        report__html_number(sb, s->kg, 0);
        core__sb_puts(sb, core__t(" kg, shipped "));
        report__html_number(sb, s->served_kg, 0);
        core__sb_puts(sb, " kg");
    } else if (s->kind == TERROIR_SITE_HUB) {
        core__sb_puts(sb, s->open ? core__t("\nHub, open: throughput ")
                                  : core__t("\nHub, not open ("));
        if (s->open) {
            report__html_number(sb, s->served_kg, 0);
            core__sb_puts(sb, " kg");
        } else {
            core__sb_puts(sb, s->hub_status == TERROIR_HUB_CANDIDATE ? core__t("candidate")
                                                                    : core__t("closed"));
            core__sb_puts(sb, ")");
        }
    } else {
        core__sb_puts(sb, "\n");
        core__sb_puts(sb, report__point_kind_label(s->point_kind));
        core__sb_puts(sb, core__t(": demand "));
        report__html_number(sb, s->kg, 0);
        core__sb_puts(sb, core__t(" kg, served "));
        report__html_number(sb, s->served_kg, 0);
        core__sb_puts(sb, " kg (");
        report__html_percent(sb, s->served_kg, s->kg);
        core__sb_puts(sb, ")");
    }
    core__sb_puts(sb, "</title>");
}

/* A point whose demand is not fully served is drawn hollow. */
static int short_served(const report_site *s)
{
    return s->kg > 0 && s->served_kg < 0.995 * s->kg;
}

static void site_marker(core_strbuf *sb, const map_frame *f, const report_site *s)
{
    double x = proj_x(f, s->x), y = proj_y(f, s->y), r = f->r;
    if (s->kind == TERROIR_SITE_PRODUCER) {
        core__sb_puts(sb, "<path class=\"pr\" d=\"M");
        num(sb, x);
        core__sb_puts(sb, ",");
        num(sb, y - 1.25 * r);
        core__sb_puts(sb, "l");
        num(sb, 1.1 * r);
        core__sb_puts(sb, ",");
        num(sb, 1.9 * r);
        core__sb_puts(sb, "h");
        num(sb, -2.2 * r);
        core__sb_puts(sb, "z\">");
        site_title(sb, s);
        core__sb_puts(sb, "</path>");
    } else if (s->kind == TERROIR_SITE_HUB) {
        double half = s->open ? 1.55 * r + 1 : 1.3 * r;
        core__sb_puts(sb, s->open ? "<rect class=\"hub\" x=\"" : "<rect class=\"hub0\" x=\"");
        num(sb, x - half);
        core__sb_puts(sb, "\" y=\"");
        num(sb, y - half);
        core__sb_puts(sb, "\" width=\"");
        num(sb, 2 * half);
        core__sb_puts(sb, "\" height=\"");
        num(sb, 2 * half);
        core__sb_puts(sb, "\">");
        site_title(sb, s);
        core__sb_puts(sb, "</rect>");
    } else {
        const char *color = report__point_kind_color(s->point_kind);
        int hollow = short_served(s);
        core__sb_printf(sb, "<circle class=\"pt %s\" cx=\"",
                        terroir_point_kind_to_string(s->point_kind));
        num(sb, x);
        core__sb_puts(sb, "\" cy=\"");
        num(sb, y);
        core__sb_puts(sb, "\" r=\"");
        num(sb, hollow ? r * 0.9 : r);
        if (hollow)
            core__sb_printf(sb, "\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.6\">", color);
        else
            core__sb_printf(sb, "\" fill=\"%s\">", color);
        site_title(sb, s);
        core__sb_puts(sb, "</circle>");
    }
}

/* ---- names of the open hubs */

typedef struct label_box {
    double x0, y0, x1, y1;
} label_box;

static int boxes_overlap(const label_box *a, const label_box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Characters of a UTF-8 string (bytes that do not continue a sequence). */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Each open hub's name goes right of its marker, else left, above or
 * below, wherever it overlaps no name already placed and stays on the
 * map; a name with no room is left out (its marker's tooltip still has
 * it).  Widths are estimated at 7 px per character of 12 px bold text. */
static void hub_names(core_strbuf *sb, const map_frame *f)
{
    const report_view *v = f->v;
    label_box *placed = core__calloc(v->n_hubs + 1, sizeof *placed);
    if (!placed) {
        sb->failed = 1;
        return;
    }
    size_t n_placed = 0;
    core__sb_puts(sb, "<g class=\"lbl\">");
    for (size_t i = 0; i < v->n_sites; i++) {
        const report_site *s = &v->sites[i];
        if (s->kind != TERROIR_SITE_HUB || !s->open || !s->has_location)
            continue;
        double x = proj_x(f, s->x), y = proj_y(f, s->y), off = 2.2 * f->r + 3;
        double w = 7.0 * (double)utf8_chars(s->name), h = 14;
        /* Text start (left end) and baseline of the four positions. */
        const double tx[4] = {x + off, x - off - w, x - w / 2, x - w / 2};
        const double ty[4] = {y + 4, y + 4, y - off - 2, y + off + 11};
        for (int k = 0; k < 4; k++) {
            label_box box = {tx[k], ty[k] - h + 3, tx[k] + w, ty[k] + 3};
            int free_room = box.x0 >= 2 && box.x1 <= f->width - 2 && box.y0 >= 2 &&
                            box.y1 <= f->height - 2;
            for (size_t j = 0; j < n_placed && free_room; j++)
                free_room = !boxes_overlap(&box, &placed[j]);
            if (!free_room)
                continue;
            placed[n_placed++] = box;
            core__sb_puts(sb, "<text x=\"");
            num(sb, tx[k]);
            core__sb_puts(sb, "\" y=\"");
            num(sb, ty[k]);
            core__sb_puts(sb, "\">");
            report__html_escape(sb, s->name);
            core__sb_puts(sb, "</text>");
            break;
        }
    }
    core__sb_puts(sb, "</g>\n");
    free(placed);
}

/* Layers from back to front: hubs not opened, producers, points, open
 * hubs (the network's anchors stay visible), then the open hubs' names. */
static void sites(core_strbuf *sb, const map_frame *f, int hub_labels)
{
    const report_view *v = f->v;
    for (int layer = 0; layer < 4; layer++) {
        core__sb_puts(sb, "<g>");
        for (size_t i = 0; i < v->n_sites; i++) {
            const report_site *s = &v->sites[i];
            int in_layer = layer == 0   ? s->kind == TERROIR_SITE_HUB && !s->open
                           : layer == 1 ? s->kind == TERROIR_SITE_PRODUCER
                           : layer == 2 ? s->kind == TERROIR_SITE_POINT
                                        : s->kind == TERROIR_SITE_HUB && s->open;
            if (in_layer && s->has_location)
                site_marker(sb, f, s);
        }
        core__sb_puts(sb, "</g>\n");
    }
    if (hub_labels)
        hub_names(sb, f);
}

/* ---- legend */

typedef struct legend {
    core_strbuf *sb;
    double x, y, width;
} legend;

/* Room for one entry: wraps to a new row when the row is full. */
static void legend_place(legend *lg, const char *label)
{
    double w = 30 + 6.6 * (double)strlen(label);
    if (lg->x > 10 && lg->x + w > lg->width - 10) {
        lg->x = 10;
        lg->y += 20;
    }
}

static void legend_text(legend *lg, const char *label)
{
    core__sb_puts(lg->sb, "<text x=\"");
    num(lg->sb, lg->x + 18);
    core__sb_puts(lg->sb, "\" y=\"");
    num(lg->sb, lg->y + 4);
    core__sb_puts(lg->sb, "\">");
    core__sb_puts(lg->sb, label); /* our own labels: no markup */
    core__sb_puts(lg->sb, "</text>\n");
    lg->x += 30 + 6.6 * (double)strlen(label);
}

/* The little drawings of the legend. */
typedef enum legend_sample {
    SAMPLE_HUB, SAMPLE_HUB_NOT_OPEN, SAMPLE_PRODUCER, SAMPLE_POINT, SAMPLE_HOLLOW, SAMPLE_ROUTE,
    SAMPLE_FLOW
} legend_sample;

static void legend_entry(legend *lg, const char *label, legend_sample sample, const char *color)
{
    legend_place(lg, label);
    double x = lg->x + 6, y = lg->y;
    core_strbuf *sb = lg->sb;
    switch (sample) {
    case SAMPLE_HUB:
        core__sb_printf(sb, "<rect class=\"hub\" x=\"%.1f\" y=\"%.1f\" width=\"10\" "
                            "height=\"10\"/>", x - 5, y - 5);
        break;
    case SAMPLE_HUB_NOT_OPEN:
        core__sb_printf(sb, "<rect class=\"hub0\" x=\"%.1f\" y=\"%.1f\" width=\"8\" "
                            "height=\"8\"/>", x - 4, y - 4);
        break;
    case SAMPLE_PRODUCER:
        core__sb_printf(sb, "<path class=\"pr\" d=\"M%.1f,%.1fl4.5,8h-9z\"/>", x, y - 5);
        break;
    case SAMPLE_POINT:
        core__sb_printf(sb, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                            "fill=\"%s\"/>", x, y, color);
        break;
    case SAMPLE_HOLLOW:
        core__sb_printf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.6\" fill=\"#fff\" "
                            "stroke=\"#5a6570\" stroke-width=\"1.6\"/>", x, y);
        break;
    case SAMPLE_ROUTE:
        for (int c = 0; c < 3; c++)
            core__sb_printf(sb, "<path d=\"M%.1f,%.1fh5\" stroke=\"%s\" "
                                "stroke-width=\"2.4\"/>",
                            x - 6 + 5 * c, y, report__vehicle_color((size_t)c));
        break;
    case SAMPLE_FLOW:
        core__sb_printf(sb, "<path class=\"fl\" d=\"M%.1f,%.1fh14\" stroke-width=\"2\"/>",
                        x - 6, y);
        break;
    }
    legend_text(lg, label);
}

/* Draws the legend from `top` down; returns its bottom. */
static double legend_draw(core_strbuf *sb, const map_frame *f, int flows, double top)
{
    const report_view *v = f->v;
    int kinds[TERROIR_POINT_KIND_COUNT] = {0}, producers = 0, hubs_closed = 0, hollow = 0;
    for (size_t i = 0; i < v->n_sites; i++) {
        const report_site *s = &v->sites[i];
        if (!s->has_location)
            continue;
        if (s->kind == TERROIR_SITE_POINT) {
            kinds[s->point_kind] = 1;
            hollow |= short_served(s);
        }
        producers |= s->kind == TERROIR_SITE_PRODUCER;
        hubs_closed |= s->kind == TERROIR_SITE_HUB && !s->open;
    }
    legend lg = {sb, 10, top + 16, f->width};
    core__sb_puts(sb, "<g class=\"legend\">");
    legend_entry(&lg, core__t("Hub, open"), SAMPLE_HUB, NULL);
    if (hubs_closed)
        legend_entry(&lg, core__t("Hub, not open"), SAMPLE_HUB_NOT_OPEN, NULL);
    if (producers)
        legend_entry(&lg, core__t("Producer"), SAMPLE_PRODUCER, NULL);
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++)
        if (kinds[k])
            legend_entry(&lg, report__point_kind_label((terroir_point_kind)k), SAMPLE_POINT,
                         report__point_kind_color((terroir_point_kind)k));
    if (hollow)
        legend_entry(&lg, core__t("Hollow: demand not fully served"), SAMPLE_HOLLOW, NULL);
    if (v->plan->n_routes > 0)
        legend_entry(&lg, core__t("Route (one colour per vehicle)"), SAMPLE_ROUTE, NULL);
    else if (flows)
        legend_entry(&lg, core__t("Flow (width: kg)"), SAMPLE_FLOW, NULL);
    core__sb_puts(sb, "</g>\n");
    return lg.y + 10;
}

void report__map_svg(core_strbuf *sb, const report_view *v, const report_map_style *style)
{
    map_frame f;
    frame_fit(&f, v, style->width, style->area);
    int flows = style->show_flows && v->plan->n_routes == 0 && v->plan->n_flows > 0;

    /* The legend goes below the map: drawn first aside, to know the height. */
    core_strbuf legend_sb = CORE_STRBUF_INIT;
    double total_h = legend_draw(&legend_sb, &f, flows, f.height) + 6;

    core__sb_puts(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" role=\"img\" "
                      "viewBox=\"0 0 ");
    num(sb, f.width);
    core__sb_puts(sb, " ");
    num(sb, total_h);
    core__sb_puts(sb, "\" width=\"");
    num(sb, f.width);
    core__sb_puts(sb, "\" height=\"");
    num(sb, total_h);
    core__sb_puts(sb, "\" font-family=\"Segoe UI, Helvetica Neue, Arial, Liberation Sans, "
                      "sans-serif\">\n<title>");
    core__sb_puts(sb, core__t("Map of the plan"));
    core__sb_puts(sb, "</title>\n<style>"
                      ".grid path{stroke:#e3e8ec;stroke-width:1;fill:none}"
                      ".grid text{font-size:10px;fill:#8a96a3}"
                      ".scale path{stroke:#1d2731;stroke-width:1.4;fill:none}"
                      ".scale text,.legend text{font-size:11.5px;fill:#1d2731}"
                      ".flows path,.fl{stroke:#7d8b99;stroke-opacity:.5;fill:none;"
                      "stroke-linecap:round}"
                      ".route{fill:none;stroke-width:1.9;stroke-opacity:.85;"
                      "stroke-linejoin:round;stroke-linecap:round}"
                      ".pt{stroke:#fff;stroke-width:.7}"
                      ".pr{fill:#3a7d22;stroke:#fff;stroke-width:.6}"
                      ".hub{fill:#1d2731;stroke:#fff;stroke-width:1.5}"
                      ".hub0{fill:#fff;stroke:#7a8591;stroke-width:1.4}"
                      ".lbl text{font-size:12px;font-weight:600;fill:#1d2731;paint-order:stroke;"
                      "stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
                      ".outline rect{fill:none;stroke:#1d2731;stroke-width:1.2;"
                      "stroke-dasharray:5 4}"
                      ".outline text{font-size:11px;fill:#1d2731}"
                      "</style>\n<rect width=\"100%\" height=\"100%\" fill=\"#fbfcfd\"/>\n");
    if (f.n_located == 0) {
        core__sb_printf(sb, "<text x=\"20\" y=\"40\" font-size=\"14\" fill=\"#5a6570\">%s</text>\n",
                        core__t("No site of this model has a location: nothing to draw."));
    } else {
        /* A detail map cuts its routes and sites at the map's edge. */
        if (style->area) {
            core__sb_puts(sb, "<clipPath id=\"terroir-detail-clip\"><rect width=\"");
            num(sb, f.width);
            core__sb_puts(sb, "\" height=\"");
            num(sb, f.height);
            core__sb_puts(sb, "\"/></clipPath>\n<g clip-path=\"url(#terroir-detail-clip)\">\n");
        }
        graticule(sb, &f);
        if (flows)
            flow_lines(sb, &f);
        route_lines(sb, &f);
        sites(sb, &f, style->hub_labels);
        if (style->outline)
            outline(sb, &f, style->outline);
        if (style->area)
            core__sb_puts(sb, "</g>\n");
        scale_bar(sb, &f);
    }
    core__sb_puts(sb, "<path d=\"M0,");
    num(sb, f.height);
    core__sb_puts(sb, "H");
    num(sb, f.width);
    core__sb_puts(sb, "\" stroke=\"#d9dee3\"/>\n");
    if (legend_sb.failed)
        sb->failed = 1;
    else if (legend_sb.data)
        core__sb_append(sb, legend_sb.data, legend_sb.len);
    core__sb_free(&legend_sb);
    core__sb_puts(sb, "</svg>\n");
}
