#!/usr/bin/python3
"""The French catalog covers every message marked for translation.

Runs xgettext over the translated sources with the keywords they use,
then fails when a msgid is missing from po/fr.po, untranslated or fuzzy,
when msgfmt --check finds a format that does not match its msgid, or when
a translation breaks a rule the code relies on (a numeric column keeps its
leading '#'; no HTML-significant character that the msgid does not have).

    check_catalog.py SOURCE_ROOT [--print-pot]

Translated: the YAML reader, overlays, load options and validation
(lib/io/yaml_*.c, overlay_*.c, load_options.c, lib/model/validate.c), the
error codes' descriptions (lib/core/error.c), the report module
(lib/report/), the route checker's sentences about hubs and vehicle days
(lib/route/route_sync.c, route_trips.c), days and overnight storage
(route_days_check.c) and the command (cli/).  Not translated: the C builder API's
errors (lib/model/build.c etc.), solver internals and benchmark importers
(English for developers).
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'po'))

LIB_FILES = [
    'lib/io/yaml_read.c', 'lib/io/yaml_read_values.c', 'lib/io/yaml_load.c',
    'lib/io/yaml_tree.c', 'lib/io/overlay_apply.c', 'lib/io/overlay_base.c',
    'lib/io/load_options.c', 'lib/model/validate.c', 'lib/core/error.c',
    'lib/core/language.c', 'lib/core/file.c',
    'lib/route/route_sync.c', 'lib/route/route_trips.c', 'lib/route/route_days_check.c',
]
KEYWORDS = [
    # library
    'core__t', 'core__tr:2', 'CORE_N', 'core__error:2', 'core__error_at:6',
    'core__diags_add:7', 'io__yr_problem:3', 'problem:4', 'set_error:5',
    'io__yr_want:4', 'io__yr_check_keys:3', 'optional:5', 'register_id:3',
    # command
    'TR', 'TRN', 'cli_errorf:1', 'cli_usage_error:3',
]


# printf conversions: the translation must have the same ones in the same
# order (the code passes its arguments in the msgid's order).
CONVERSION = re.compile(r'%[-+ #0]*(\*|[0-9]+)?(\.(\*|[0-9]+))?(hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGaAcsp%]')


def conversions(s):
    return [m.group(0) for m in CONVERSION.finditer(s)]


def sources(root):
    files = [os.path.join(root, f) for f in LIB_FILES]
    for folder in ('lib/report', 'cli'):
        d = os.path.join(root, folder)
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith('.c'))
    return files


def extract(root):
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'terroir.pot')
        cmd = ['xgettext', '--language=C', '--from-code=UTF-8', '--no-wrap', '-o', pot,
               ] + ['--keyword=' + k for k in KEYWORDS] + sources(root)
        subprocess.run(cmd, check=True)
        if not os.path.exists(pot):
            return '', []
        with open(pot, encoding='utf-8') as f:
            text = f.read()
        import po2c
        return text, po2c.parse(pot)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    root = argv[1]
    import po2c
    text, wanted = extract(root)
    if '--print-pot' in argv:
        print(text)
        return 0
    po_path = os.path.join(root, 'po', 'fr.po')
    have = {e['msgid']: e for e in po2c.parse(po_path) if e['msgid']}
    problems = []
    for e in wanted:
        m = e['msgid']
        if not m:
            continue
        t = have.get(m)
        if t is None:
            problems.append(f'missing from fr.po: {m!r}')
        elif t['fuzzy']:
            problems.append(f'fuzzy in fr.po:{t["line"]}: {m!r}')
        elif not t.get('msgstr'):
            problems.append(f'untranslated in fr.po:{t["line"]}: {m!r}')
        else:
            s = t['msgstr']
            if conversions(m) != conversions(s):
                problems.append(f'fr.po:{t["line"]}: printf conversions differ: '
                                f'{conversions(m)} != {conversions(s)}')
            if m.startswith('#') != s.startswith('#'):
                problems.append(f'fr.po:{t["line"]}: the leading # of a numeric column must stay')
            for ch in '<>&"':
                if s.count(ch) != m.count(ch):
                    problems.append(f'fr.po:{t["line"]}: {ch!r} count differs from the msgid')
    r = subprocess.run(['msgfmt', '--check-format', '--check-header', '-o', os.devnull, po_path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        problems.append('msgfmt --check-format fails:\n' + r.stderr)
    for p in problems:
        print(p)
    wanted = [e for e in wanted if e['msgid']]
    print(f'{len(wanted)} messages marked, {len(have)} in fr.po, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
