#!/usr/bin/python3
"""Driver route sheets as a driver gets them: rendered and printed by
headless Chromium.

    test_route_sheets_chromium.py --terroir EXE --out DIR

Solves the built-in Montérégie dataset in French
(`terroir solve --lang fr --route-sheets DIR -o plan.json`), then for the
first route's page:
  - a screenshot (kept in DIR as route-sheet-01.png) that must be a real
    PNG of the window's size with ink on it;
  - the DOM after loading: <html lang="fr">, one table row per stop of the
    route in the plan's order (names from the model), a list of products
    on every stop, the French headings;
  - a PDF printed by Chromium (--print-to-pdf), which must be a PDF.
And the CSV of the sheets: every stop of every route, with products whose
kg add up to the stop's kg.
Chromium missing is a failure, not a skip, as for the report.
"""
import argparse
import csv
import html.parser
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_html_chromium import chromium, expect, find_chromium, png_pixels  # noqa: E402

WINDOW = (1100, 1500)


class SheetDom(html.parser.HTMLParser):
    """The stop table's rows (their text) and the page's language."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.rows, self.in_body, self.row, self.text = [], False, None, []
        self.items = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag == "li" and self.row is not None:
            self.items += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "tr" and self.row is not None:
            self.rows.append(" ".join(self.row))
            self.row = None

    def handle_data(self, data):
        self.text.append(data)
        if self.row is not None:
            self.row.append(data)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--terroir", required=True)
    ap.add_argument("--out", required=True, help="where the screenshot is kept")
    args = ap.parse_args(argv)
    exe = find_chromium()
    shot = os.path.join(args.out, "route-sheet-01.png")
    with tempfile.TemporaryDirectory() as tmp:
        sheets, plan_path = os.path.join(tmp, "sheets"), os.path.join(tmp, "plan.json")
        proc = subprocess.run([args.terroir, "solve", "-q", "--lang", "fr", "--time-limit", "10",
                               "--route-sheets", sheets, "-o", plan_path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        expect(proc.returncode == 0, "terroir solve exited with %d: %s" % (
            proc.returncode, proc.stderr.decode("utf-8", "replace")))
        with open(plan_path, encoding="utf-8") as f:
            plan = json.load(f)
        routes = plan["routes"]
        expect(routes, "routes in the plan")
        names = sorted(os.listdir(sheets))
        expect(names == sorted(["route-%02d.html" % (i + 1) for i in range(len(routes))] +
                               ["route_sheets.csv"]), "one page per route: %s" % names)
        with open(os.path.join(sheets, "route_sheets.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        by_stop = {}
        for r in rows:
            by_stop.setdefault((int(r["route"]), int(r["stop"])), []).append(r)
        for i, route in enumerate(routes, 1):
            for k, stop in enumerate(route["stops"], 1):
                got = by_stop.get((i, k))
                expect(got and all(r["site"] == stop["site"] for r in got),
                       "route %d stop %d in the CSV" % (i, k))
                kg = sum(float(r["kg"]) for r in got if r["product"])
                moved = float(got[0]["stop_kg"])
                expect(abs(kg - moved) <= 1e-3 * max(1.0, moved),
                       "route %d stop %d: products %.3f kg, stop %.3f kg" % (i, k, kg, moved))

        url = "file://" + os.path.join(sheets, "route-01.html")
        profile = os.path.join(tmp, "chromium-profile")
        if os.path.exists(shot):
            os.unlink(shot)
        chromium(exe, profile, "--screenshot=" + shot, "--window-size=%d,%d" % WINDOW, url)
        with open(shot, "rb") as f:
            width, height, channels, pixels = png_pixels(f.read())
        expect((width, height) == WINDOW, "the window's size, got %dx%d" % (width, height))
        inked = sum(1 for y in range(0, height, 4) for x in range(0, width, 4)
                    if min(pixels[y][x * channels:x * channels + 3]) < 160)
        expect(inked > (height // 4) * (width // 4) // 100, "ink on the sheet (%d)" % inked)

        dom = SheetDom()
        dom.feed(chromium(exe, profile, "--dump-dom", url))
        text = " ".join(dom.text)
        expect(dom.lang == "fr", "<html lang=\"fr\">, got %r" % dom.lang)
        for words in ("Arrêts dans l'ordre", "À charger au carrefour avant le départ",
                      "feuille de route du chauffeur", "Départ", "Chauffeur"):
            expect(words in text, "the sheet says " + repr(words))
        first = routes[0]["stops"]
        expect(len(dom.rows) == len(first), "%d rows for %d stops" % (len(dom.rows), len(first)))
        for k, (row, stop) in enumerate(zip(dom.rows, first), 1):
            expect(row.split()[0] == str(k) and stop["site"] in row,
                   "row %d is stop %s: %r" % (k, stop["site"], row[:120]))
        expect(dom.items >= len(first), "products on every stop (%d items)" % dom.items)

        pdf = os.path.join(tmp, "route-01.pdf")
        chromium(exe, profile, "--print-to-pdf=" + pdf, "--no-pdf-header-footer", url)
        with open(pdf, "rb") as f:
            head = f.read(5)
        expect(head == b"%PDF-" and os.path.getsize(pdf) > 5000, "a printed PDF")
    print("ok: %d route sheets; screenshot %s; first route %d stops" % (
        len(routes), shot, len(first)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
