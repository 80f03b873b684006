#!/usr/bin/python3
"""The HTML report as a planner sees it, and the GeoJSON as a GIS reads it.

    test_html_chromium.py --terroir EXE --out DIR

Solves the built-in Montérégie dataset with the command line
(`terroir solve --report ... --geojson ...`), then:
  - renders the HTML in headless Chromium: a screenshot (kept in DIR as
    report-monteregie.png, for people to look at) that must be a real PNG of
    the window's size and not one flat colour, and the DOM after loading,
    which must hold the SVG map, one polyline per route and the KPI cards;
  - checks the GeoJSON structurally: a FeatureCollection of Features,
    every position [lon, lat] inside Québec, every route a LineString that
    starts and ends at its hub.
Chromium missing is a failure, not a skip: CI installs it (.ci/run).
Standard library only (the PNG is decoded with zlib).
"""
import argparse
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

WINDOW = (1400, 2000)
QUEBEC_LON = (-80.0, -57.0)
QUEBEC_LAT = (44.0, 63.0)


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def expect(cond, message):
    if not cond:
        fail(message)


def find_chromium():
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("Chromium is not installed (looked for chromium, chromium-browser, "
         "google-chrome): install the Debian package `chromium` (.ci/run does)")
    return None


def chromium(exe, profile, *args):
    """Run headless Chromium; returns its stdout."""
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=" + profile, *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    if proc.returncode != 0:
        fail("chromium exited with %d\n%s" % (proc.returncode,
                                             proc.stderr.decode("utf-8", "replace")[-2000:]))
    return proc.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------- PNG

def png_pixels(data):
    """(width, height, rows of bytes per pixel, rows) of an 8-bit PNG."""
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    expect(header is not None and idat, "IHDR and IDAT chunks")
    width, height, depth, color, _comp, _filt, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color)
    expect(depth == 8 and channels and interlace == 0,
           "an 8-bit, non-interlaced PNG (depth %d, colour type %d)" % (depth, color))
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def check_screenshot(path):
    expect(os.path.isfile(path), "screenshot written: " + path)
    size = os.path.getsize(path)
    expect(size > 30000, "a screenshot of some substance (%d bytes)" % size)
    with open(path, "rb") as f:
        width, height, channels, rows = png_pixels(f.read())
    expect((width, height) == WINDOW, "the window's size, got %dx%d" % (width, height))
    colours, inked = set(), 0
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            px = row[x * channels:x * channels + min(channels, 3)]
            colours.add(px)
            inked += min(px) < 200  # text, markers, routes: not paper
    sampled = (height // 4) * (width // 4)
    expect(len(colours) > 200, "a page with many colours, not %d" % len(colours))
    expect(inked > sampled // 50, "ink on the page (%d of %d sampled pixels)" % (inked, sampled))
    return width, height, len(colours)


# ---------------------------------------------------------------- DOM

class DomCounter(html.parser.HTMLParser):
    """Counts the elements the report must have after Chromium loaded it."""

    def __init__(self):
        super().__init__()
        self.maps = self.polylines = self.cards = self.tables = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "svg" and "map" in classes:
            self.maps += 1
        elif tag == "polyline" and "route" in classes:
            self.polylines += 1
        elif tag == "div" and "card" in classes:
            self.cards += 1
        elif tag == "table":
            self.tables += 1

    def handle_data(self, data):
        self.text.append(data)


def check_dom(dom, n_routes):
    counter = DomCounter()
    counter.feed(dom)
    text = " ".join(counter.text)
    expect(counter.maps >= 1, "an SVG map in the DOM")
    # One polyline per route on each map (a detail map repeats them).
    expect(counter.polylines == n_routes * counter.maps,
           "%d polylines for %d routes on %d maps" % (counter.polylines, n_routes, counter.maps))
    expect(counter.cards >= 7, "KPI cards, found %d" % counter.cards)
    for words in ("Total cost", "Demand served", "Km driven", "Tonne-km", "Hubs open",
                  "Food banks", "Hubs", "Routes", "Unserved demand"):
        expect(words in text, "the page says " + repr(words))
    expect(counter.tables >= 3, "tables of hubs, routes and unserved demand")


# ---------------------------------------------------------------- GeoJSON

def check_geojson(fc):
    expect(fc.get("type") == "FeatureCollection", "a FeatureCollection")
    features = fc.get("features")
    expect(isinstance(features, list) and features, "features")

    def position(p, where):
        expect(isinstance(p, list) and len(p) == 2 and
               all(isinstance(v, (int, float)) for v in p), "a position at " + where)
        lon, lat = p
        expect(QUEBEC_LON[0] <= lon <= QUEBEC_LON[1] and QUEBEC_LAT[0] <= lat <= QUEBEC_LAT[1],
               "[lon, lat] in Québec at %s: %r" % (where, p))

    hubs, routes = {}, []
    for i, f in enumerate(features):
        where = "feature %d" % i
        expect(f.get("type") == "Feature", where + " is a Feature")
        g, props = f.get("geometry"), f.get("properties")
        expect(isinstance(g, dict) and isinstance(props, dict), where + " geometry/properties")
        if g["type"] == "Point":
            position(g["coordinates"], where)
            expect(props.get("id") and props.get("kind"), where + " id and kind")
            if props["kind"] == "hub":
                hubs[props["id"]] = g["coordinates"]
        else:
            expect(g["type"] == "LineString", where + " Point or LineString")
            expect(len(g["coordinates"]) >= 2, where + " two positions at least")
            for k, p in enumerate(g["coordinates"]):
                position(p, "%s position %d" % (where, k))
            if props.get("feature") == "route":
                routes.append(f)
    expect(routes, "routes in the GeoJSON")
    for f in routes:
        coords, hub = f["geometry"]["coordinates"], f["properties"]["hub"]
        expect(hub in hubs, "route hub %s is a site" % hub)
        expect(coords[0] == hubs[hub] and coords[-1] == hubs[hub],
               "route %s starts and ends at its hub" % f["properties"].get("route"))
        expect(len(coords) == f["properties"]["stops"] + 2, "hub, stops, hub")
    return len(routes)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--terroir", required=True)
    ap.add_argument("--out", required=True, help="where the screenshot is kept")
    args = ap.parse_args(argv)
    exe = find_chromium()
    shot = os.path.join(args.out, "report-monteregie.png")
    with tempfile.TemporaryDirectory() as tmp:
        page, geo = os.path.join(tmp, "plan.html"), os.path.join(tmp, "plan.geojson")
        proc = subprocess.run([args.terroir, "solve", "-q", "--lang", "en",
                               "--report", page, "--geojson", geo],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        expect(proc.returncode == 0, "terroir solve exited with %d: %s" % (
            proc.returncode, proc.stderr.decode("utf-8", "replace")))
        with open(geo, encoding="utf-8") as f:
            n_routes = check_geojson(json.load(f))
        url = "file://" + page
        profile = os.path.join(tmp, "chromium-profile")
        if os.path.exists(shot):
            os.unlink(shot)
        chromium(exe, profile, "--screenshot=" + shot,
                 "--window-size=%d,%d" % WINDOW, url)
        width, height, colours = check_screenshot(shot)
        check_dom(chromium(exe, profile, "--dump-dom", url), n_routes)
    print("ok: %d routes; screenshot %s (%dx%d, %d colours sampled)" % (
        n_routes, shot, width, height, colours))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
