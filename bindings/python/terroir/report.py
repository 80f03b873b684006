"""Plans for planners to read (include/terroir/report.h): the HTML report,
GeoJSON, CSV tables, and the HTML page comparing scenarios.  Every writer
reads the locations in the model the plan was solved from."""
import json

from ._ffi import cpath, cstring, ffi, language as _language, lib, set_given
from .errors import check

__all__ = ["html", "write_html", "geojson", "write_geojson", "write_csv", "compare_html",
           "write_compare_html", "write_route_sheets"]


def _options(title, show_flows, max_table_rows, map_width, language=None):
    opts = ffi.new("terroir_report_options *")
    check(lib.terroir_report_options_init(opts, lib.TERROIR_REPORT_OPTIONS_VERSION))
    ctitle = cstring(title, "title")
    opts.title = ctitle
    if show_flows is not None:
        opts.show_flows = 1 if show_flows else 0
    if max_table_rows is not None:
        opts.max_table_rows = max_table_rows
    if map_width is not None:
        opts.map_width = map_width
    set_given(opts, language=_language(language))
    return opts, ctitle


def _text(call):
    out, n = ffi.new("char **"), ffi.new("size_t *")
    check(call(out, n))
    try:
        return ffi.unpack(out[0], n[0]).decode("utf-8")
    finally:
        lib.terroir_free(out[0])


def html(plan, model, title=None, show_flows=None, max_table_rows=None, map_width=None,
         language=None):
    """The self-contained HTML report of a plan, as text; language "en"
    (default) or "fr"."""
    opts, _keep = _options(title, show_flows, max_table_rows, map_width, language)
    return _text(lambda out, n: lib.terroir_report_write_html_buffer(
        out, n, model._ptr, plan._ptr, opts))


def write_html(plan, model, path, title=None, show_flows=None, max_table_rows=None,
               map_width=None, language=None):
    opts, _keep = _options(title, show_flows, max_table_rows, map_width, language)
    check(lib.terroir_report_write_html_file(model._ptr, plan._ptr, cpath(path), opts))


def geojson(plan, model):
    """The plan as a GeoJSON FeatureCollection (a dict)."""
    return json.loads(_text(lambda out, n: lib.terroir_report_write_geojson_buffer(
        out, n, model._ptr, plan._ptr)))


def write_geojson(plan, model, path):
    check(lib.terroir_report_write_geojson_file(model._ptr, plan._ptr, cpath(path)))


def write_csv(plan, model, directory):
    """hubs.csv, flows.csv, routes.csv, route_stops.csv, unserved.csv,
    unserved_stops.csv, route_stop_products.csv and self_deliveries.csv in
    `directory` (created when missing)."""
    check(lib.terroir_report_write_csv_dir(model._ptr, plan._ptr, cpath(directory)))


def write_route_sheets(plan, model, directory, language=None):
    """Drivers' route sheets in `directory` (created when missing): one
    printable page per route, route-NN.html, and route_sheets.csv (stops
    in order, times, quantities per product to load or unload, load on
    board); language "en" (default) or "fr"."""
    opts, _keep = _options(None, None, None, None, language)
    check(lib.terroir_report_write_route_sheets_dir(model._ptr, plan._ptr, cpath(directory),
                                                    opts))


def _compare_arrays(models, plans, labels):
    n = len(plans)
    cmodels = ffi.new("terroir_model *[]", [m._ptr for m in models])
    cplans = ffi.new("terroir_plan *[]", [p._ptr for p in plans])
    keep = [cstring(label, "label") for label in labels]
    clabels = ffi.new("char *[]", keep)
    return n, cmodels, cplans, clabels, keep


def compare_html(models, plans, labels, title=None, map_width=None):
    """The HTML page comparing plans side by side, as text."""
    opts, _keep = _options(title, None, None, map_width)
    n, cmodels, cplans, clabels, _strings = _compare_arrays(models, plans, labels)
    return _text(lambda out, size: lib.terroir_report_write_compare_html_buffer(
        out, size, cmodels, cplans, clabels, n, opts))


def write_compare_html(models, plans, labels, path, title=None, map_width=None):
    opts, _keep = _options(title, None, None, map_width)
    n, cmodels, cplans, clabels, _strings = _compare_arrays(models, plans, labels)
    check(lib.terroir_report_write_compare_html_file(cmodels, cplans, clabels, n,
                                                     cpath(path), opts))
