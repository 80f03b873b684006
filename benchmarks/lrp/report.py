#!/usr/bin/python3
"""Merge the rows of one CLRP set (one TSV row per instance, written by
lrp_bench, one process each) into the results table: PREFIX.tsv (all rows,
one header) and PREFIX.md (table, summary line, every finding).

    report.py --set NAME --prefix PREFIX --title TEXT --work DIR INSTANCE...

For each INSTANCE (a name without .dat) DIR holds NAME.row (lrp_bench's
stdout) and NAME.log (its stderr); an instance without a row (the runner
failed or was killed) is listed as missing and counts as a failed check.
Exit status 1 when a check failed or a row is missing.
Standard library only.
"""
import argparse
import math
import os

COLUMNS = ["set", "instance", "n", "m", "bks", "ours", "plan_objective", "gap_pct",
           "open_depots", "plan_open", "routes", "seconds", "check", "errors", "status",
           "path"]
# A gap at or below this (in %) counts as "at BKS": the published values
# carry one or two decimals.
AT_BKS_PCT = 0.01


def fnum(text):
    try:
        return float(text)
    except ValueError:
        return math.nan


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", required=True)
    ap.add_argument("--prefix", required=True, help="output path without .md/.tsv")
    ap.add_argument("--title", default="")
    ap.add_argument("--work", required=True)
    ap.add_argument("instances", nargs="+")
    args = ap.parse_args()

    rows, missing, findings = [], [], []
    for name in args.instances:
        row_file = os.path.join(args.work, name + ".row")
        log_file = os.path.join(args.work, name + ".log")
        got = None
        if os.path.exists(row_file):
            with open(row_file, encoding="utf-8") as f:
                for line in f:
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) == len(COLUMNS) and fields[0] != "set":
                        got = dict(zip(COLUMNS, fields))
        if got:
            rows.append(got)
        else:
            missing.append(name)
        if os.path.exists(log_file):
            with open(log_file, encoding="utf-8", errors="replace") as f:
                findings += [line.rstrip("\n") for line in f if line.strip()]

    with open(args.prefix + ".tsv", "w", encoding="utf-8") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in COLUMNS) + "\n")

    gaps = [(fnum(r["gap_pct"]), r["instance"]) for r in rows
            if not math.isnan(fnum(r["gap_pct"]))]
    failed = sum(1 for r in rows if r["check"] != "OK") + len(missing)
    at_bks = sum(1 for g, _ in gaps if g <= AT_BKS_PCT)
    mean_gap = sum(g for g, _ in gaps) / len(gaps) if gaps else math.nan
    worst = max(gaps) if gaps else (math.nan, "-")
    summary = ("| %s | %d | %d | %s | %s | %d | %d |"
               % (args.set, len(args.instances), len(rows),
                  "%.2f" % mean_gap if gaps else "-",
                  "%.2f (%s)" % worst if gaps else "-", at_bks, failed))

    out = []
    if args.title:
        out += [args.title, ""]
    out += ["| instance | n | m | BKS | ours | plan objective | gap % | open depots "
            "| plan open | routes | s | check |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        check = r["check"] if r["check"] == "OK" else "FAIL (%s)" % r["errors"]
        out.append("| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %.1f | %s |"
                   % (r["instance"], r["n"], r["m"], r["bks"], fnum(r["ours"]),
                      fnum(r["plan_objective"]),
                      "-" if math.isnan(fnum(r["gap_pct"])) else "%.2f" % fnum(r["gap_pct"]),
                      r["open_depots"], r["plan_open"], r["routes"], fnum(r["seconds"]), check))
    for name in missing:
        out.append("| %s | | | | | | | | | | | no result (see findings) |" % name)
    out += ["",
            "| set | instances | results | mean gap % | worst gap % | at BKS | checks failed |",
            "|---|---:|---:|---:|---:|---:|---:|",
            summary,
            "",
            "ours = cost recomputed by the runner from the .dat file (opening costs of the "
            "depots with routes + F x routes + arc lengths by the file's convention); "
            "gap = (ours - BKS) / BKS x 100; at BKS: gap <= %.2f %%; plan objective = what "
            "terroir reports (a difference is an error below)." % AT_BKS_PCT]
    if findings:
        out += ["", "## Findings (errors fail the check; notes do not)", "", "```"]
        out += findings
        out += ["```"]
    with open(args.prefix + ".md", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
