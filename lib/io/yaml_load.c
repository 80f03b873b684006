/* The YAML model loader's entry points: options, reading the file, parsing
 * (yaml_tree.c), then reading the document as a model (yaml_read.c) or as
 * an overlay of another model file (overlay.h), validation, and the list of
 * problems with the last error set to its first entry.
 *
 * Problems are sorted by position.  When an overlay's base could not be
 * loaded, the base's own problems (which name the base file) come first,
 * then the overlay's: the last error names the innermost file at fault.
 *
 * Numbers are parsed with strtod() under a thread-local "C" LC_NUMERIC
 * locale (uselocale), so that a host program running in a French locale,
 * where the decimal separator is a comma, still reads "45.5" as 45.5. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/io.h>

#include "core/core.h"
#include "io/load_options.h"
#include "io/overlay.h"
#include "io/yaml_read_internal.h"
#include "io/yaml_tree.h"
#include "model/model_internal.h"

/* Nesting accepted whatever opts->max_depth says.  A valid file nests 5
 * deep; libyaml's scanner re-checks every open flow level at each token, so
 * nesting thousands deep costs O(depth) per token and a hostile file could
 * run for minutes. */
#define READ_DEPTH_CAP 256u

/* r->inherited, then r->diags, into a new list that replaces r->diags.
 * 0 or TERROIR_ENOMEM. */
static int put_inherited_first(io_yreader *r)
{
    terroir_diagnostics *all = core__diags_new();
    if (!all)
        return TERROIR_ENOMEM;
    terroir_diagnostics *parts[2] = {r->inherited, r->diags};
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < terroir_diagnostics_count(parts[p]); i++) {
            const terroir_error *e = terroir_diagnostics_get(parts[p], i);
            if (core__diags_add(all, e->code, e->file, e->line, e->column, e->field, "%s",
                                e->message) != 0) {
                terroir_diagnostics_free(all);
                return TERROIR_ENOMEM;
            }
        }
    terroir_diagnostics_free(r->diags);
    r->diags = all;
    return 0;
}

int io__yaml_load(terroir_model **out, const char *data, size_t len, const io_ychain *chain,
                  const terroir_load_options *opts, terroir_diagnostics **diags_out)
{
    int rc = 0;
    io_yreader r;
    io_ytree *tree = NULL;
    io_yerror yerr;
    const char *file = chain->file;
    memset(&r, 0, sizeof r);
    r.file = file;
    r.max_problems = opts->max_problems ? opts->max_problems : 1;

    /* strtod() must read '.' as the decimal point whatever the host's locale. */
    locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t previous = c_numeric ? uselocale(c_numeric) : (locale_t)0;

    r.diags = core__diags_new();
    if (!r.diags) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if (len > opts->max_bytes) {
        if (core__diags_add(r.diags, TERROIR_EINPUT, file, 0, 0, NULL,
                            "input of %zu bytes is larger than the limit of %zu bytes "
                            "(max_bytes)",
                            len, opts->max_bytes) != 0)
            r.nomem = 1;
        goto finish;
    }
    rc =
        io__ytree_parse(&tree, data, len,
                        opts->max_depth < READ_DEPTH_CAP ? opts->max_depth : READ_DEPTH_CAP, &yerr);
    if (rc == TERROIR_ENOMEM) {
        rc = core__error(TERROIR_ENOMEM, "%s", yerr.message);
        goto done;
    }
    if (rc != 0) {
        if (core__diags_add(r.diags, yerr.code, file, yerr.line, yerr.column, NULL, "%s",
                            yerr.message) != 0)
            r.nomem = 1;
        goto finish;
    }
    if (terroir_model_new(&r.model) != 0 || model__set_source(r.model, file) != 0) {
        r.nomem = 1;
        goto finish;
    }
    const io_ynode *root = io__ytree_root(tree);
    if (root->kind == IO_YMAPPING && io__yr_get(root, "base"))
        io__overlay_read(&r, root, chain, opts);
    else
        io__yr_document(&r, root);
    if (!r.nomem && r.problems == 0)
        io__yr_validate(&r);
finish:
    if (r.nomem || r.path.failed) {
        rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", file);
        goto done;
    }
    core__diags_sort(r.diags);
    if (r.inherited && put_inherited_first(&r) != 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", file);
        goto done;
    }
    if (terroir_diagnostics_count(r.diags) > 0) {
        rc = core__error_copy(terroir_diagnostics_get(r.diags, 0));
    } else {
        core__error_reset();
        *out = r.model;
        r.model = NULL;
        rc = 0;
    }
    if (diags_out) {
        *diags_out = r.diags;
        r.diags = NULL;
    }
done:
    if (c_numeric) {
        uselocale(previous);
        freelocale(c_numeric);
    }
    io__ytree_free(tree);
    terroir_model_free(r.model);
    terroir_diagnostics_free(r.diags);
    terroir_diagnostics_free(r.inherited);
    core__sb_free(&r.path);
    io__yids_free(&r.products);
    io__yids_free(&r.sites);
    io__yids_free(&r.vehicles);
    io__yids_free(&r.members);
    free(r.arc_nodes);
    return rc;
}

/* The folder overlays may read: the caller's base_root, else the folder
 * of the document (`dir`, "" for the current directory). */
static const char *confinement(const terroir_load_options *o, const char *dir)
{
    return o->base_root ? o->base_root : dir[0] ? dir : ".";
}

int terroir_model_load_yaml_buffer(terroir_model **out, const char *data, size_t len,
                                   const char *name, const terroir_load_options *opts,
                                   terroir_diagnostics **diags)
{
    terroir_load_options o;
    core__error_reset();
    if (diags)
        *diags = NULL;
    if (!out)
        return core__error(TERROIR_EINVAL, "terroir_model_load_yaml_buffer: out is NULL");
    if (!data && len > 0)
        return core__error(TERROIR_EINVAL, "terroir_model_load_yaml_buffer: data is NULL");
    int rc = io__load_options_resolve(opts, &o);
    if (rc)
        return rc;
    const char *dir = o.base_dir ? o.base_dir : "";
    io_ychain chain = {NULL, name ? name : "<buffer>", dir, confinement(&o, dir), 0, 0, 0, 0};
    terroir_language previous = core__lang_begin(o.language);
    rc = io__yaml_load(out, data ? data : "", len, &chain, &o, diags);
    core__lang_end(previous);
    return rc;
}

int terroir_model_load_yaml_file(terroir_model **out, const char *path,
                                 const terroir_load_options *opts, terroir_diagnostics **diags)
{
    terroir_load_options o;
    char *data = NULL, *dir = NULL;
    size_t len = 0;
    core__error_reset();
    if (diags)
        *diags = NULL;
    if (!out || !path)
        return core__error(TERROIR_EINVAL, "terroir_model_load_yaml_file: %s is NULL",
                           out ? "path" : "out");
    int rc = io__load_options_resolve(opts, &o);
    if (rc)
        return rc;
    /* Problems are written in the caller's language from here on. */
    terroir_language previous = core__lang_begin(o.language);
    if ((rc = io__read_input(path, o.max_bytes, &data, &len, diags)) != 0)
        goto done;
    if (!(dir = io__path_dir(path))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", path);
        goto done;
    }
    io_ychain chain = {NULL, path, dir, confinement(&o, dir), 0, 0, 0, 0};
    /* The file's identity lets an overlay chain that comes back to it stop. */
    chain.has_identity = io__file_identity(path, &chain.dev, &chain.ino) == 0;
    rc = io__yaml_load(out, data, len, &chain, &o, diags);
done:
    core__lang_end(previous);
    free(dir);
    free(data);
    return rc;
}
