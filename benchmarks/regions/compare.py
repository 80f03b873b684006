#!/usr/bin/python3
"""Compare two regional benchmark runs (benchmarks/regions/run.sh TSVs).

    compare.py BEFORE.tsv AFTER.tsv [AFTER2.tsv ...]

AFTER files are merged (a run split over several processes).  Prints a
markdown table per region: total plan cost (objective) before and after and
its change, demand served before and after, and the plan's transport
estimate against the routed cost (after).  Stdlib only.
"""
import csv
import math
import sys


def load(paths):
    rows = {}
    for path in paths:
        with open(path, newline='') as f:
            for r in csv.DictReader(f, delimiter='\t'):
                rows[r['region']] = r
    return rows


def num(r, key):
    try:
        v = float(r.get(key, 'nan'))
    except ValueError:
        return math.nan
    return v


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = load([argv[1]]), load(argv[2:])
    print('| region | plan cost before | plan cost after | change % | served % before | '
          'served % after | hubs open before / after | routed cost after | estimate after | '
          'estimate vs routed % |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |')
    worst_change, worst_err, n = -math.inf, 0.0, 0
    for region in sorted(set(before) | set(after)):
        b, a = before.get(region, {}), after.get(region, {})
        ob, oa = num(b, 'objective'), num(a, 'objective')
        sb = 100 * num(b, 'served_kg') / num(b, 'demand_kg') if b else math.nan
        sa = 100 * num(a, 'served_kg') / num(a, 'demand_kg') if a else math.nan
        change = 100 * (oa - ob) / ob if ob > 0 else math.nan
        err = 100 * num(a, 'estimate_error')
        if not math.isnan(change):
            worst_change = max(worst_change, change)
        if not math.isnan(err):
            worst_err = max(worst_err, abs(err))
            n += 1
        print(f"| {region} | {ob:.0f} | {oa:.0f} | {change:+.1f} | {sb:.1f} | {sa:.1f} | "
              f"{b.get('hubs_open', '-')} / {a.get('hubs_open', '-')} | {num(a, 'routed_cost'):.0f} | "
              f"{num(a, 'transport_estimate'):.0f} | {err:+.1f} |")
    print()
    print(f"largest increase of plan cost: {worst_change:+.1f} %; largest |estimate - routed| / "
          f"routed: {worst_err:.1f} % over {n} regions")
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
