#!/usr/bin/python3
"""Generate the 17 regional datasets datasets/regions/NN-slug.yaml.

One terroir model per administrative region of Quebec (codes 01-17): one
weekly order cycle of a cooperative local-food network (producers ->
cooperative hubs -> distribution points), built from the real places,
populations and food banks of the geodata folder (see its README.md) and
from the published figures and stated assumptions listed in
datasets/README.md, section "Regional datasets".  The products, farm
types, per-capita consumption, network shares, vehicle figures and YAML
helpers are those of the default dataset (make_default.py), imported from it.

Usage (from the repository root):
    /usr/bin/python3 datasets/make_regions.py [GEODATA_DIR] [-o DIR] [--only NN ...]
    /usr/bin/python3 datasets/make_regions.py --check     # committed files == generated
    /usr/bin/python3 datasets/make_regions.py --table     # the README's table of regions

GEODATA_DIR defaults to ../shared/geodata relative to the repository root,
DIR to datasets/regions.  Each region has its own fixed seed (SEED_BASE +
region code); iteration is always in sorted order and numbers are formatted
by fixed rules, so the output depends only on the input files and the
constants below.  Standard library only.
"""

import argparse
import csv
import hashlib
import math
import os
import random
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_default as base  # noqa: E402  (products, farm types, shares, fleet figures)
from geo_common import Placer, haversine_km, model_lines, num  # noqa: E402

SEED_BASE = 20260400
OPERATING_DAYS = 5  # Monday to Friday, one route per vehicle and day
ROAD_FACTOR = 1.3  # the model's default (settings.road_factor)
INPUTS = ("quebec_municipalities.csv", "quebec_food_banks_baq.csv")

# --------------------------------------------------------------- communities
# Designations of the communities the network can serve (population > 0).
SERVED_DESIGNATIONS = ("Municipalité", "Paroisse", "Canton", "Village", "Ville", "Cantons unis",
                       "Réserve indienne", "Terre de la catégorie IA")
# Communities with no all-season road link to the rest of their region: a
# truck cannot reach them in a day (assumption, see README).  Nunavik's
# northern villages and Kawawachikamach are left out by designation.
NO_ROAD = {
    "01023": "Les Îles-de-la-Madeleine (ferry from Prince Edward Island)",
    "01042": "Grosse-Île (Îles-de-la-Madeleine)",
    "97040": "Schefferville (rail and air only)",
    "97808": "Matimekosh (Schefferville)",
    "97810": "Lac-John (Schefferville)",
    "98005": "Blanc-Sablon (Basse-Côte-Nord, east of the end of route 138)",
    "98010": "Bonne-Espérance (Basse-Côte-Nord)",
    "98012": "Saint-Augustin (Basse-Côte-Nord)",
    "98014": "Gros-Mécatina (Basse-Côte-Nord)",
    "98015": "Côte-Nord-du-Golfe-du-Saint-Laurent (Basse-Côte-Nord)",
    "98020": "L'Île-d'Anticosti (island)",
    "98804": "La Romaine (Basse-Côte-Nord)",
    "99816": "Whapmagoostui (Hudson Bay coast, air only)",
}

# --------------------------------------------------------------- points
# Points in a community of P people: max(1, round(P / per)) when P >= min.
POINT_RULES = {  # kind: (people per point, minimum community population)
    "grocery": (10000, 3000),
    "school": (3000, 2500),
    "pickup": (2000, 1500),
}
# Public markets: one per 58,600 people of the region (UPA Montérégie counts
# 26 public markets for 1,524,072 people), given to communities of at least
# MARKET_MIN_POP people by the D'Hondt rule (largest population per market first).
PEOPLE_PER_MARKET = 58600
MARKET_MIN_POP = 5000
# Pupils of a school's fresh-snack programme (uniform draw, assumption);
# their weekly ration is the default dataset's (make_default.SCHOOL_PER_PUPIL).
SCHOOL_PUPILS = (40, 120)
NAME_PREFIX = {"grocery": "Épicerie coopérative", "school": "École", "pickup": "Point de chute",
               "market": "Marché public"}
# Settled area used to spread a town's points: population / URBAN_DENSITY km2,
# at most the land area.
URBAN_DENSITY = 2000.0

# --------------------------------------------------------------- food banks
# People a food bank serves per month, when quebec_food_banks_baq.csv gives a
# figure (service_area_notes); others serve FOOD_AID_RATE of the people of
# their area: 872,000 people helped per month (Bilan-Faim 2023) / 9,058,297.
FOOD_AID_RATE = 872000 / 9058297
PEOPLE_SERVED = {"Moisson Rive-Sud": 80382, "Moisson Sud-Ouest": 8300, "Moisson Québec": 34000,
                 "Moisson Vallée Matapédia": 500}
# Food banks serving a region from outside it or from a second warehouse,
# from the file's service_area_notes: region -> [(name as in the file, site
# name, base municipality code or None for the file's point, census divisions
# served or None for every community nearer to it than to the region's other banks)].
EXTRA_FOOD_BANKS = {
    "02": [("Moisson Saguenay–Lac-Saint-Jean", "Moisson Saguenay–Lac-Saint-Jean, entrepôt de Dolbeau-Mistassini",
            "92022", ("Le Domaine-du-Roy", "Maria-Chapdelaine"))],
    "14": [("Moisson Laurentides", "Moisson Laurentides", None, ("Les Moulins",))],
    "17": [("Moisson Mauricie/Centre-du-Québec", "Moisson Mauricie/Centre-du-Québec", None, None)],
}
# Food banks of the file that serve only part of their region.
BANK_AREAS = {"Moisson Saguenay–Lac-Saint-Jean": ("Le Saguenay-et-son-Fjord", "Lac-Saint-Jean-Est")}

# --------------------------------------------------------------- producers
# Farms per region (the agricultural weight); sources in datasets/README.md.
QUEBEC_FARMS_2011 = 29437
KNOWN_FARMS = {
    "16": 6880,   # UPA Montérégie, about 6,880 farms
    "12": round(0.19 * QUEBEC_FARMS_2011),  # about 19% of Quebec's farms (MAPAQ 2010 data)
    "17": 3300,   # UPA Centre-du-Québec, about 3,300 agricultural businesses
    "08": 599,    # MAPAQ, Portraits régionaux
    "05": 2730,   # StatCan, Census of Agriculture 2011 (89-657-x, table 9)
    "15": 1390,   # same table
    "07": 1167,   # same table
    "01": round((178 + 248 + 236) / 3 * 8),  # MAPAQ 2017, 3 MRCs' mean x 8 MRCs
}
MONTREAL_LAVAL_FARMS = 156  # same table; their own farms are not modelled
# The rest of Quebec's farms go to the other regions in proportion to their
# certified-organic operations with cultivated area (Portail Bio Québec, 2024),
# the only series found for every region.
ORGANIC_OPERATIONS = {"02": 208, "03": 71, "04": 52, "09": 10, "10": 0, "11": 21, "14": 133}
# Share of farms in the network: farms selling on site in Montérégie (UPA: 616 of 6,880).
NETWORK_FARM_SHARE = 616 / 6880
# Regions without farms of their own in the model (Montréal-Laval had 156
# farms in 2011, Nord-du-Québec none recorded): producers are drawn in rural
# municipalities of other regions within this distance (great-circle km) of
# the region's hubs, until the supply of every product reaches SUPPLY_TARGET x
# its demand, or there is one producer per 200 kg of weekly demand.
IMPORT_RADIUS_KM = {"06": 60.0, "13": 50.0, "10": 250.0}
IMPORT_MAX_FARMS_PER_KG = 1 / 200.0
# Each product's supply offered is scaled down to at most this multiple of
# its demand (never up): the network buys only what its members can use.
SUPPLY_TARGET = 1.2
# Two farm types besides the default's: wild-blueberry and cranberry farms
# (frozen berries only), for the regions known for them.
EXTRA_FARM_TYPES = {
    "bleuetiere": ("Bleuetière", {"frozen-berries": (150, 600)}, (1, 1)),
    "cannebergiere": ("Cannebergière", {"frozen-berries": (200, 800)}, (1, 1)),
}
FARM_TYPES = dict(base.FARM_TYPES, **EXTRA_FARM_TYPES)
FARM_TYPE_ORDER = base.FARM_TYPE_ORDER + sorted(EXTRA_FARM_TYPES)
# Farm-type mix per region (assumption from the specialisations quoted in
# quebec-facts.md; Montérégie uses the default's MRC profiles).
REGION_PROFILE = {
    "01": {"erabliere": 4, "familiale": 4, "maraichere": 1, "avicole": 1, "porcine": 1},
    "02": {"bleuetiere": 4, "familiale": 3, "maraichere": 2, "avicole": 1, "porcine": 1},
    "03": {"maraichere": 3, "verger": 2, "fruitiere": 2, "familiale": 2, "avicole": 1, "erabliere": 1},
    "04": {"familiale": 3, "maraichere": 2, "avicole": 1, "porcine": 1, "erabliere": 1, "cannebergiere": 1},
    "05": {"erabliere": 4, "familiale": 3, "maraichere": 2, "verger": 1, "avicole": 1, "porcine": 1},
    "07": {"familiale": 3, "maraichere": 2, "erabliere": 2, "avicole": 1},
    "08": {"familiale": 4, "maraichere": 2, "avicole": 1},
    "09": {"familiale": 2, "maraichere": 1, "bleuetiere": 1},
    "11": {"familiale": 3, "maraichere": 1, "erabliere": 1},
    "12": {"erabliere": 4, "porcine": 3, "familiale": 3, "avicole": 1, "maraichere": 1},
    "14": {"maraichere": 3, "familiale": 2, "avicole": 1, "porcine": 1, "erabliere": 1, "fruitiere": 1},
    "15": {"maraichere": 3, "verger": 2, "familiale": 2, "erabliere": 1, "avicole": 1},
    "16": {"maraichere": 3, "verger": 2, "familiale": 2, "avicole": 1, "porcine": 1},
    "17": {"porcine": 3, "avicole": 3, "familiale": 2, "erabliere": 2, "cannebergiere": 1},
}
# Every default farm type keeps this weight where a profile does not name it,
# so that every product has some supply in most regions.
PROFILE_FLOOR = 0.5
MRC_PROFILE = dict(base.MRC_PROFILE, **{
    "La Nouvelle-Beauce": {"porcine": 5, "familiale": 2, "avicole": 1, "erabliere": 1},
    "L'Amiante": {"erabliere": 5, "familiale": 2, "porcine": 1},
})

# --------------------------------------------------------------- hubs
HUB_TOWN_MIN_POP = 25000  # every community this large has a candidate hub
PEOPLE_PER_HUB = 400000  # a city gets one hub per started 400,000 people
HUB_REACH_KM = 200.0  # road km: a community farther than this from every hub gets one
FROZEN_MIN_POP = 20000
FROZEN_NEIGHBOUR_KM = 100.0
CAPACITY_FACTOR = 2.0  # capacity per class = 2 x the demand of the hub's area
MIN_CAPACITY = {"ambient": 2000, "chilled": 1000, "frozen": 500}
CITY_POP = 100000  # hubs in larger cities: dearer land
HANDLING_COST_PER_KG = 0.05

# --------------------------------------------------------------- fleet
MAX_ROUTE_MINUTES = 600
LONG_ROUTE_MINUTES = 780  # regions of long distances: the 13 h daily driving limit
LONG_ROUTE_REGIONS = ("09", "10", "11")

# Regions whose dataset lists the members sharing the network (terroir
# share), and the members: the same four roles as the default dataset
# (make_default.MEMBERS).  Assigned by rule after the build, with no random
# draw: hubs in the order built (the open one first) go in turn to the
# producers' cooperative, the grocery federation and the food banks, each
# vehicle type to its home hub's member; points by kind; each farm to the
# owner of its nearest hub (make_default.nearest_owner).
MEMBER_REGIONS = ("04", "08", "09", "11")
MEMBER_ROLES = [
    ("producteurs", "Coopérative des producteurs"),
    ("epiceries", "Fédération des épiceries coopératives"),
    ("banques", "Banques alimentaires"),
    ("scolaire", "Centres de services scolaires"),
]
HUB_OWNERS = ("producteurs", "epiceries", "banques")
MINUTES_PER_STOP = 25  # service plus driving between neighbouring stops
KG_PER_ROUTE = 3500  # a truck leaves about two-thirds full
FLEET_MARGIN = 1.2  # routes are never perfectly packed
MAX_STOPS_PER_ROUTE = 20
VAN_MIN_POP = 50000
REEFER_SHARE = 0.7  # most stops take chilled or frozen goods


# =============================================================== data

def slug(text):
    """base.slug, with dashes (en, em) kept as word separators."""
    return base.slug(text.replace("\u2013", " ").replace("\u2014", " "))


def region_slug(code, name):
    return "%s-%s" % (code, slug(name))


def sha256_short(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def load(folder):
    """All municipalities (sorted by code_geo), the food banks, the regions
    {code: name} and the inputs' short hashes."""
    with open(os.path.join(folder, INPUTS[0]), encoding="utf-8", newline="") as f:
        towns = list(csv.DictReader(f))
    with open(os.path.join(folder, INPUTS[1]), encoding="utf-8", newline="") as f:
        banks = list(csv.DictReader(f))
    for r in towns:
        r["pop"] = int(r["population"])
        r["lat_f"], r["lon_f"] = float(r["lat"]), float(r["lon"])
        r["land"] = max(float(r["land_area_km2"] or 0), 0.05)
        r["r_land"] = math.sqrt(r["land"] / math.pi)
        settled = min(r["land"], r["pop"] / URBAN_DENSITY)
        r["r_settled"] = math.sqrt(settled / math.pi)
        # A large city's points spread around the middle of its town point and
        # polygon centre (the town point alone is often its old core, at the edge).
        both = r["town_lat"] and r["poly_lat"]
        if both and r["r_settled"] >= 3.0 and float(r["town_to_poly_km"] or 0) <= 2 * r["r_settled"]:
            r["c_lat"] = (float(r["town_lat"]) + float(r["poly_lat"])) / 2
            r["c_lon"] = (float(r["town_lon"]) + float(r["poly_lon"])) / 2
        else:
            r["c_lat"], r["c_lon"] = r["lat_f"], r["lon_f"]
    towns.sort(key=lambda r: r["code_geo"])
    regions = {}
    for r in towns:
        regions.setdefault(r["region_code"], r["region_name"])
    hashes = {f: sha256_short(os.path.join(folder, f)) for f in INPUTS}
    return towns, banks, regions, hashes


def is_served(r):
    return r["pop"] > 0 and r["designation"] in SERVED_DESIGNATIONS and r["code_geo"] not in NO_ROAD


def is_farm_town(r):
    return base.is_rural(r) and r["code_geo"] not in NO_ROAD


def road_km(a, b):
    return ROAD_FACTOR * haversine_km(a, b)


def dhondt(seats, candidates):
    """Seats given one by one to the candidate with the largest population per
    seat (ties: lower code_geo); returns {code_geo: seats}."""
    got = {}
    for _ in range(seats if candidates else 0):
        best = max(candidates, key=lambda r: (r["pop"] / (got.get(r["code_geo"], 0) + 1), -int(r["code_geo"])))
        got[best["code_geo"]] = got.get(best["code_geo"], 0) + 1
    return got


def regional_farms():
    """{region: farms}: known figures, the rest of Quebec's by organic operations."""
    farms = dict(KNOWN_FARMS)
    rest = QUEBEC_FARMS_2011 - MONTREAL_LAVAL_FARMS - sum(farms.values())
    total = sum(ORGANIC_OPERATIONS.values())
    for code, ops in sorted(ORGANIC_OPERATIONS.items()):
        farms[code] = round(rest * ops / total)
    return farms


# =============================================================== build

class Region:
    """Builds one region's dataset as plain Python structures (see build())."""

    def __init__(self, code, towns, banks, regions, hashes):
        self.code, self.name = code, regions[code]
        self.rng = random.Random(SEED_BASE + int(code))
        self.towns, self.banks, self.hashes = towns, banks, hashes
        self.by_code = {r["code_geo"]: r for r in towns}
        self.served = [r for r in towns if r["region_code"] == code and is_served(r)]
        disks = {r["code_geo"]: (r["c_lat"], r["c_lon"], max(r["r_land"], 0.3))
                 for r in towns if r["pop"] > 0 and r["designation"] in SERVED_DESIGNATIONS}
        self.placer = Placer(disks)
        self.used_ids = set()
        self.max_route = LONG_ROUTE_MINUTES if code in LONG_ROUTE_REGIONS else MAX_ROUTE_MINUTES

    def new_id(self, base_id):
        i, cand = 1, base_id
        while cand in self.used_ids:
            i += 1
            cand = "%s-%d" % (base_id, i)
        self.used_ids.add(cand)
        return cand

    def place_point(self, r):
        return self.placer.place(self.rng, r["code_geo"], 0.2, max(1.0, r["r_settled"]))

    # ---------------------------------------------------------- hubs
    def plan_hubs(self):
        """Hub towns: the largest served community of each census division
        (the MRC seat's stand-in), every community of HUB_TOWN_MIN_POP people,
        then the largest community farther than HUB_REACH_KM from every hub,
        until none is.  Returns [(town, count)] in decreasing population."""
        by_cd = {}
        for r in self.served:
            cd = r["census_division_name"]
            if cd not in by_cd or (r["pop"], -int(r["code_geo"])) > (by_cd[cd]["pop"], -int(by_cd[cd]["code_geo"])):
                by_cd[cd] = r
        chosen = {r["code_geo"]: r for r in by_cd.values()}
        for r in self.served:
            if r["pop"] >= HUB_TOWN_MIN_POP:
                chosen[r["code_geo"]] = r
        while True:
            far = [r for r in self.served
                   if min(road_km((r["c_lat"], r["c_lon"]), (h["c_lat"], h["c_lon"]))
                          for h in chosen.values()) > HUB_REACH_KM]
            if not far:
                break
            r = max(far, key=lambda t: (t["pop"], -int(t["code_geo"])))
            chosen[r["code_geo"]] = r
        towns = sorted(chosen.values(), key=lambda r: (-r["pop"], r["code_geo"]))
        return [(r, max(1, math.ceil(r["pop"] / PEOPLE_PER_HUB))) for r in towns]

    def build_hubs(self):
        self.hubs = []
        for i, (r, n) in enumerate(self.plan_hubs()):
            for k in range(n):
                if n == 1:
                    lat, lon = self.placer.place(self.rng, r["code_geo"], 0.3, 1.8)
                else:
                    lat, lon = self.placer.place(self.rng, r["code_geo"], 0.3, max(1.8, 0.8 * r["r_settled"]))
                suffix = " no %d" % (k + 1) if n > 1 else ""
                self.hubs.append({
                    "id": self.new_id("hub-" + slug(r["name"]) + ("-%d" % (k + 1) if n > 1 else "")),
                    "name": "Carrefour coopératif %s%s" % (base.de(r["name"]), suffix),
                    "lat": lat, "lon": lon, "status": "open" if i == 0 and k == 0 else "candidate",
                    "opening_hours": base.HUB_HOURS, "town": r,
                })

    # ---------------------------------------------------------- points
    def add_point(self, kind, name, lat, lon, demand, town):
        self.points.append({
            "id": self.new_id(slug(name)), "name": name, "kind": kind, "lat": lat, "lon": lon,
            "demand": demand, "priority": base.PRIORITY[kind], "time_windows": base.WINDOWS[kind],
            "service_minutes": base.SERVICE[kind], "town": town,
            **({"delivery_days": base.DELIVERY_DAYS[kind]} if kind in base.DELIVERY_DAYS else {}),
        })

    @staticmethod
    def demand_for(kind, people):
        d = {}
        for p in base.KIND_PRODUCTS[kind]:
            v = people * base.WEEKLY_PER_PERSON[p] * base.LOCAL_SHARE[kind]
            v = base.round_to(v, 1 if v < 20 else 5)
            if v > 0:
                d[p] = v
        return d

    def food_banks(self):
        """[(site name, file row, lat, lon, census divisions or None)] of the
        banks serving this region."""
        out = []
        for b in self.banks:
            if b["region_name"] == self.name and b["lat"]:
                out.append((b["name"], b, float(b["lat"]), float(b["lon"]), BANK_AREAS.get(b["name"])))
        for file_name, site_name, town_code, cds in EXTRA_FOOD_BANKS.get(self.code, []):
            b = [x for x in self.banks if x["name"] == file_name][0]
            if town_code:
                t = self.by_code[town_code]
                lat, lon = t["lat_f"], t["lon_f"]
            else:
                lat, lon = float(b["lat"]), float(b["lon"])
            out.append((site_name, b, lat, lon, cds))
        return out

    def build_food_banks(self):
        banks = self.food_banks()
        people = {i: 0 for i in range(len(banks))}
        for r in self.served:
            cands = [i for i, b in enumerate(banks) if b[4] is None or r["census_division_name"] in b[4]]
            if cands:
                i = min(cands, key=lambda i: (haversine_km((r["lat_f"], r["lon_f"]), banks[i][2:4]), i))
                people[i] += r["pop"]
        for i, (site_name, row, lat, lon, _) in enumerate(banks):
            served = PEOPLE_SERVED.get(site_name) or round(FOOD_AID_RATE * people[i])
            p = (round(lat, 5), round(lon, 5))
            self.placer.used.add(p)
            self.add_point("food_bank", site_name, p[0], p[1], self.demand_for("food_bank", served), None)
            self.points[-1]["people_served"] = served

    def build_points(self):
        self.points = []
        self.build_food_banks()
        markets = dhondt(round(sum(r["pop"] for r in self.served) / PEOPLE_PER_MARKET),
                         [r for r in self.served if r["pop"] >= MARKET_MIN_POP])
        for r in sorted(self.served, key=lambda r: (-r["pop"], r["code_geo"])):
            counts = {kind: (max(1, round(r["pop"] / per)) if r["pop"] >= lo else 0)
                      for kind, (per, lo) in POINT_RULES.items()}
            counts["market"] = markets.get(r["code_geo"], 0)
            for kind in ("grocery", "school", "market", "pickup"):
                n = counts[kind]
                for i in range(n):
                    name = "%s %s" % (NAME_PREFIX[kind], base.de(r["name"])) + (" no %d" % (i + 1) if n > 1 else "")
                    lat, lon = self.place_point(r)
                    if kind == "school":
                        pupils = base.round_to(self.rng.uniform(*SCHOOL_PUPILS), 5)
                        d = {}
                        for p, per_pupil in base.SCHOOL_PER_PUPIL.items():
                            v = pupils * per_pupil
                            v = base.round_to(v, 1 if v < 20 else 5)
                            if v > 0:
                                d[p] = v
                        self.add_point(kind, name, lat, lon, d, r)
                        self.points[-1]["pupils"] = pupils
                    else:
                        self.add_point(kind, name, lat, lon, self.demand_for(kind, r["pop"] / n), r)

    # ---------------------------------------------------------- producers
    def profile(self, r):
        """Farm-type weights for rural municipality r: its MRC's or its
        region's profile, every default type at least PROFILE_FLOOR."""
        prof = MRC_PROFILE.get(r["census_division_name"]) if r["region_code"] in ("16", "12") else None
        out = {k: PROFILE_FLOOR for k in base.FARM_TYPE_ORDER}
        out.update(prof or REGION_PROFILE[r["region_code"]])
        return out

    def draw_farm(self, r, count, names_seen):
        """A producer in rural municipality r, supply at the full ranges of its type."""
        prof = self.profile(r)
        kinds = [k for k in FARM_TYPE_ORDER if k in prof]
        ft = self.rng.choices(kinds, weights=[prof[k] for k in kinds])[0]
        prefix, lines, (nmin, nmax) = FARM_TYPES[ft]
        prods = list(lines)
        n = self.rng.randint(nmin, min(nmax, len(prods)))
        chosen = [prods[0]] + sorted(self.rng.sample(prods[1:], n - 1), key=base.PRODUCT_IDS.index)
        supply = {p: base.round_to(self.rng.uniform(*lines[p]), 10) for p in chosen}
        name = "%s %s" % (prefix, base.de(r["name"]))
        names_seen[name] = names_seen.get(name, 0) + 1
        if names_seen[name] > 1:
            name += " (site %d)" % names_seen[name]
        r_max = min(8.0, max(1.5, 0.5 * r["r_land"]))
        lat, lon = self.placer.place(self.rng, r["code_geo"], 0.3, r_max)
        start = 360 + 30 * self.rng.randint(0, 4)
        length = 60 * self.rng.randint(4, 6)
        count[r["code_geo"]] = count.get(r["code_geo"], 0) + 1
        return {
            "id": None, "name": name, "lat": lat, "lon": lon,
            "supply": {p: supply[p] for p in base.PRODUCT_IDS if p in supply},
            "time_windows": [[start, start + length]], "service_minutes": 5 * self.rng.randint(3, 6),
            "town": r, "r_max": r_max, "self_delivers": self.rng.random() < base.SELF_DELIVERY_SHARE,
            "self_kg": base.round_to(self.rng.uniform(400, 1500), 50), "self_km": 5 * self.rng.randint(5, 8),
        }

    def farm_towns(self):
        if self.code in IMPORT_RADIUS_KM:
            reach = IMPORT_RADIUS_KM[self.code]
            return [r for r in self.towns if r["region_code"] != self.code and is_farm_town(r)
                    and min(haversine_km((r["lat_f"], r["lon_f"]), (h["lat"], h["lon"])) for h in self.hubs) <= reach]
        return [r for r in self.towns if r["region_code"] == self.code and is_farm_town(r)]

    def build_producers(self, farms):
        eligible = self.farm_towns()
        kg_per_unit = {p[0]: p[5] for p in base.PRODUCTS}
        demand_kg = sum(v * kg_per_unit[p] for pt in self.points for p, v in pt["demand"].items())
        imported = self.code in IMPORT_RADIUS_KM
        target = round(farms * NETWORK_FARM_SHARE) if not imported else None
        most = target if target is not None else math.ceil(IMPORT_MAX_FARMS_PER_KG * demand_kg)
        per_town = max(2, math.ceil(3 * most / max(1, len(eligible))))
        count, names_seen, plan = {}, {}, []
        dem = self.demand_units()
        short = {p for p in base.PRODUCT_IDS if dem[p] > 0}
        sup = {p: 0 for p in base.PRODUCT_IDS}
        while eligible:
            if target is not None and len(plan) >= target:
                break
            if target is None and (not short or len(plan) >= most):
                break
            cands = [r for r in eligible if count.get(r["code_geo"], 0) < per_town]
            if not cands:
                break
            r = self.rng.choices(cands, weights=[c["land"] for c in cands])[0]
            f = self.draw_farm(r, count, names_seen)
            for p, v in f["supply"].items():
                sup[p] += v
                if sup[p] >= SUPPLY_TARGET * dem[p]:
                    short.discard(p)
            plan.append(f)
        self.scale_supply(plan)
        self.producers = []
        for f in plan:
            if not f["supply"]:
                continue
            f["id"] = self.new_id(slug(f["name"]))
            if f.pop("self_delivers"):
                own_kg = sum(v * kg_per_unit[p] for p, v in f["supply"].items())
                f["self_delivery"] = {"kg": min(f["self_kg"], max(50, base.round_to(own_kg, 50))), "km": f["self_km"]}
            del f["self_kg"], f["self_km"]
            self.producers.append(f)

    def demand_units(self):
        dem = {p: 0 for p in base.PRODUCT_IDS}
        for pt in self.points:
            for p, v in pt["demand"].items():
                dem[p] += v
        return dem

    def scale_supply(self, plan):
        """Scale each product's supply down to about SUPPLY_TARGET x its demand."""
        dem = self.demand_units()
        sup = {p: sum(f["supply"].get(p, 0) for f in plan) for p in base.PRODUCT_IDS}
        for p in base.PRODUCT_IDS:
            if sup[p] <= SUPPLY_TARGET * dem[p]:
                continue
            factor = SUPPLY_TARGET * dem[p] / sup[p]
            for f in plan:
                if p in f["supply"]:
                    v = f["supply"][p] * factor
                    if dem[p] == 0:
                        del f["supply"][p]
                    else:
                        f["supply"][p] = max(1, base.round_to(v, 10 if v >= 100 else 5 if v >= 20 else 1))

    # ---------------------------------------------------------- hub sizes, fleet
    def nearest_hub(self, site):
        return min(range(len(self.hubs)),
                   key=lambda i: (haversine_km((site["lat"], site["lon"]), (self.hubs[i]["lat"], self.hubs[i]["lon"])), i))

    def size_hubs_and_fleet(self):
        temp = {p[0]: p[2] for p in base.PRODUCTS}
        kg_per_unit = {p[0]: p[5] for p in base.PRODUCTS}
        cell = [{"demand": {"ambient": 0.0, "chilled": 0.0, "frozen": 0.0}, "kg": 0.0, "stops": 0, "km": 0.0}
                for _ in self.hubs]
        for kind, sites, key in (("point", self.points, "demand"), ("producer", self.producers, "supply")):
            for s in sites:
                i = self.nearest_hub(s)
                c = cell[i]
                for p, v in s[key].items():
                    c["kg"] += v * kg_per_unit[p]
                    if kind == "point":
                        c["demand"][temp[p]] += v * kg_per_unit[p]
                c["stops"] += 1
                c["km"] += road_km((s["lat"], s["lon"]), (self.hubs[i]["lat"], self.hubs[i]["lon"]))
        frozen_hubs = []
        order = sorted(range(len(self.hubs)), key=lambda i: (-self.hubs[i]["town"]["pop"], i))
        for i in order:
            h = self.hubs[i]
            near = [j for j in frozen_hubs
                    if road_km((h["lat"], h["lon"]), (self.hubs[j]["lat"], self.hubs[j]["lon"])) <= FROZEN_NEIGHBOUR_KM]
            if h["status"] == "open" or h["town"]["pop"] >= FROZEN_MIN_POP or not near:
                frozen_hubs.append(i)
        # Stops per kg through a hub: a kg delivered is a share of a point's
        # demand and was a share of a producer's supply.
        demand_kg = sum(c["kg"] for c in cell) - sum(
            v * kg_per_unit[p] for s in self.producers for p, v in s["supply"].items())
        supply_kg = sum(v * kg_per_unit[p] for s in self.producers for p, v in s["supply"].items())
        stops_per_kg = len(self.points) / max(1.0, demand_kg) + len(self.producers) / max(1.0, supply_kg)
        self.vehicles = []
        for i, h in enumerate(self.hubs):
            c = cell[i]
            classes = ["ambient", "chilled"] + (["frozen"] if i in frozen_hubs else [])
            cap = {k: max(MIN_CAPACITY[k], 500 * math.ceil(CAPACITY_FACTOR * c["demand"][k] / 500)) for k in classes}
            city = h["town"]["pop"] >= CITY_POP
            h["capacity_kg"] = cap
            h["fixed_cost"] = base.round_to((500 + 0.035 * sum(cap.values())) * (1.25 if city else 1.0), 50)
            h["handling_cost_per_kg"] = HANDLING_COST_PER_KG
            # Enough vehicles for all the kg its capacity lets through: the
            # plan may close the neighbours and send their flows here.
            through = sum(cap.values())
            mean_km = c["km"] / c["stops"] if c["stops"] else 0.0
            per_route = min(MAX_STOPS_PER_ROUTE, max(2.0, (self.max_route - 2 * mean_km) / MINUTES_PER_STOP))
            routes = max(2 * through / KG_PER_ROUTE, through * stops_per_kg / per_route)
            vehicles = max(2, math.ceil(FLEET_MARGIN * routes / OPERATING_DAYS))
            reefers = max(1, math.ceil(REEFER_SHARE * vehicles))
            fleet = [("reefer", reefers), ("dry", max(1, vehicles - reefers))]
            if h["town"]["pop"] >= VAN_MIN_POP:
                fleet.append(("van", 1))
            for kind, cnt in fleet:
                vname, vcap, fixed, per_km, per_h, co2 = base.VEHICLES[kind]
                self.vehicles.append({
                    "id": "%s-%s" % (kind, h["id"][len("hub-"):]), "name": "%s, %s" % (vname, h["name"]),
                    "home_hub": h["id"], "count": cnt, "capacity": vcap,
                    "temperatures": ["ambient"] if kind == "dry" else classes,
                    "fixed_cost": fixed, "cost_per_km": per_km, "cost_per_hour": per_h, "speed_kmh": 0,
                    "max_duration_minutes": self.max_route, "co2_kg_per_km": co2,
                })

    def build(self, farms):
        self.build_hubs()
        self.build_points()
        self.build_producers(farms)
        self.size_hubs_and_fleet()
        self.self_check()
        self.members = []
        if self.code in MEMBER_REGIONS:
            self.assign_members()
        return self

    def assign_members(self):
        """Members by rule (see MEMBER_REGIONS); no random draw."""
        self.members = [{"id": mid, "name": "%s, %s" % (mname, self.name)}
                        for mid, mname in MEMBER_ROLES]
        owner = {}
        for i, h in enumerate(self.hubs):
            h["member"] = owner[h["id"]] = HUB_OWNERS[i % len(HUB_OWNERS)]
        for v in self.vehicles:
            v["member"] = owner[v["home_hub"]]
        for pt in self.points:
            pt["member"] = base.POINT_MEMBER[pt["kind"]]
        for p in self.producers:
            p["member"] = base.nearest_owner(p, self.hubs, lambda h: h["member"])

    def self_check(self):
        """Fail loudly on anything the schema or the README's rules would reject."""
        ids = [x["id"] for x in self.producers + self.hubs + self.points]
        assert len(ids) == len(set(ids)), "duplicate site id"
        vids = [v["id"] for v in self.vehicles]
        assert len(vids) == len(set(vids)), "duplicate vehicle id"
        for i in ids + vids:
            assert i and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in i), i
        pos = {(x["lat"], x["lon"]) for x in self.producers + self.hubs + self.points}
        assert len(pos) == len(ids), "two sites share a location"
        for pr in self.producers:
            t = pr["town"]
            assert haversine_km((t["c_lat"], t["c_lon"]), (pr["lat"], pr["lon"])) < pr["r_max"] + 0.01, pr["id"]
            assert 1 <= len(pr["supply"]) <= 3 and all(v > 0 for v in pr["supply"].values()), pr["id"]
        for pt in self.points:
            assert pt["demand"], pt["id"]


# =============================================================== output

def totals(ds):
    sup = {p: 0 for p in base.PRODUCT_IDS}
    dem = {p: 0 for p in base.PRODUCT_IDS}
    for pr in ds.producers:
        for p, v in pr["supply"].items():
            sup[p] += v
    for pt in ds.points:
        for p, v in pt["demand"].items():
            dem[p] += v
    return sup, dem


def kg_of(p, v):
    return v * base.PRODUCTS[base.PRODUCT_IDS.index(p)][5]


def stats(ds):
    """Counts and totals for the header and the README table."""
    sup, dem = totals(ds)
    kinds = {k: 0 for k in ("food_bank", "grocery", "school", "market", "pickup")}
    for pt in ds.points:
        kinds[pt["kind"]] += 1
    return {
        "sites": len(ds.producers) + len(ds.hubs) + len(ds.points), "producers": len(ds.producers),
        "hubs": len(ds.hubs), "points": len(ds.points), "kinds": kinds,
        "demand_kg": round(sum(kg_of(p, v) for p, v in dem.items())),
        "supply_kg": round(sum(kg_of(p, v) for p, v in sup.items())),
        "vehicle_types": len(ds.vehicles), "vehicles": sum(v["count"] for v in ds.vehicles),
        "sup": sup, "dem": dem,
    }


def header(ds):
    s = stats(ds)
    L = []
    w = L.append

    def wrap(prefix, text):
        for line in textwrap.wrap(text, width=92 - len(prefix)):
            w(prefix + line)
    w("# terroir regional dataset: %s (Quebec administrative region %s)," % (ds.name, ds.code))
    w("# one weekly order cycle of a cooperative local-food network.")
    w("#")
    w("# GENERATED FILE - do not edit by hand.  Regenerate from the repository root with")
    w("#   /usr/bin/python3 datasets/make_regions.py --only %s" % ds.code)
    w("# (all regions: without --only; check: --check).  Fixed seed %d: same inputs ->" % (SEED_BASE + int(ds.code)))
    w("# same bytes.  Inputs (first 16 hex digits of their sha256):")
    for kv in sorted(ds.hashes.items()):
        w("#   %s %s" % kv)
    w("# Every rule and figure is explained with its source in datasets/README.md,")
    w("# section \"Regional datasets\".")
    w("#")
    towns = {p["town"]["code_geo"] for p in ds.points if p["town"]}
    wrap("# ", "Real: the %d communities with points (names, populations, points: "
         "quebec_municipalities.csv) and %d food bank site(s) of quebec_food_banks_baq.csv "
         "(people served per month): %s."
         % (len(towns), s["kinds"]["food_bank"],
            "; ".join("%s (%s)" % (p["name"], format(p["people_served"], ","))
                      for p in ds.points if p["kind"] == "food_bank")))
    cut = [NO_ROAD[r["code_geo"]] for r in ds.towns
           if r["region_code"] == ds.code and r["code_geo"] in NO_ROAD and r["pop"] > 0]
    if cut:
        wrap("# ", "Left out, no road link: %s." % "; ".join(cut))
    farm_regions = sorted({p["town"]["region_name"] for p in ds.producers})
    wrap("# ", "Synthetic: %d producers in %d rural municipalities (%s), %d hubs (1 'open', %d "
         "'candidate'), %d distribution points: %s."
         % (s["producers"], len({p["town"]["code_geo"] for p in ds.producers}), ", ".join(farm_regions) or "none",
            s["hubs"], s["hubs"] - 1, s["points"],
            ", ".join("%d %s" % (n, k) for k, n in s["kinds"].items())))
    wrap("# ", "%d vehicle types, %d vehicles (26-ft reefer and 22-ft dry trucks, reefer vans); "
         "%d operating days per cycle, one route per vehicle and day, at most %d minutes."
         % (s["vehicle_types"], s["vehicles"], OPERATING_DAYS, ds.max_route))
    w("# Times are minutes from 00:00 of an operating day (420 = 07:00).  Money in CAD.")
    w("# Distances: haversine x road factor 1.3 at 60 km/h.")
    w("#")
    w("# Totals per weekly cycle (product units; kg in brackets):")
    w("#   %-15s %9s %9s %9s" % ("product", "supply", "demand", "supply/demand"))
    for p in base.PRODUCT_IDS:
        w("#   %-15s %9s %9s %8.0f%%   [%s / %s kg]" % (
            p, num(s["sup"][p]), num(s["dem"][p]), 100.0 * s["sup"][p] / s["dem"][p] if s["dem"][p] else 0.0,
            num(round(kg_of(p, s["sup"][p]))), num(round(kg_of(p, s["dem"][p])))))
    w("#   %-15s %9s %9s %8.0f%%   (kg)" % ("all (kg)", num(s["supply_kg"]), num(s["demand_kg"]),
                                           100.0 * s["supply_kg"] / max(1, s["demand_kg"])))
    by_kind = {k: 0.0 for k in s["kinds"]}
    for pt in ds.points:
        by_kind[pt["kind"]] += sum(kg_of(p, v) for p, v in pt["demand"].items())
    w("# Demand by kind (kg): " + ", ".join("%s %s" % (k, num(round(v))) for k, v in by_kind.items()) + ".")
    fleet_kg = sum(v["count"] * v["capacity"]["kg"] for v in ds.vehicles)
    w("# Fleet capacity if every hub opened: %s kg per day, %s kg per cycle."
      % (num(fleet_kg), num(fleet_kg * OPERATING_DAYS)))
    if ds.members:
        w("# Members sharing the network (terroir share): %s; assigned by rule (MEMBER_REGIONS"
          % ", ".join(m["id"] for m in ds.members))
        w("#   in the generator): hubs in turn, trucks with their hub, points by kind, each")
        w("#   farm to the owner of its nearest hub.")
    w("")
    return L


def render(ds):
    """The whole YAML file of a built region, as a string."""
    settings = [("coordinates", "latlon"), ("rounding", "none"), ("road_factor", num(ROAD_FACTOR)),
                ("speed_kmh", "60"), ("arcs", "all"), ("co2_price", "0"), ("operating_days", num(OPERATING_DAYS))]
    products = [{"id": p[0], "name": p[1], "temperature": p[2], "shelf_life_hours": p[3], "unit": p[4],
                 "kg_per_unit": p[5], "m3_per_unit": p[6], "pallets_per_unit": p[7]} for p in base.PRODUCTS]
    body = model_lines("%s (weekly cycle)" % ds.name, settings, {
        "members": ds.members, "products": products, "producers": ds.producers, "hubs": ds.hubs, "points": ds.points,
        "vehicle_types": ds.vehicles})
    return "\n".join(header(ds) + body) + "\n"


def build_all(folder, only):
    towns, banks, regions, hashes = load(folder)
    farms = regional_farms()
    out = []
    for code in sorted(regions):
        if only and code not in only:
            continue
        ds = Region(code, towns, banks, regions, hashes).build(farms.get(code, 0))
        out.append((region_slug(code, regions[code]) + ".yaml", ds))
    return out


def table(built):
    """The README's table of the regions (Markdown)."""
    rows = ["| region | sites | producers | hubs | points (food bank / grocery / school / market / pickup)"
            " | demand kg | supply kg | vehicle types / vehicles |",
            "|---|---:|---:|---:|---|---:|---:|---|"]
    for fname, ds in built:
        s = stats(ds)
        k = s["kinds"]
        rows.append("| `%s` | %s | %s | %s | %s (%d / %d / %d / %d / %d) | %s | %s | %d / %d |" % (
            fname, format(s["sites"], ","), format(s["producers"], ","), s["hubs"], format(s["points"], ","),
            k["food_bank"], k["grocery"], k["school"], k["market"], k["pickup"],
            format(s["demand_kg"], ","), format(s["supply_kg"], ","), s["vehicle_types"], s["vehicles"]))
    return "\n".join(rows) + "\n"


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Generate datasets/regions/NN-slug.yaml for Quebec's 17 regions.")
    ap.add_argument("geodata", nargs="?", default=os.path.join(repo, "..", "shared", "geodata"),
                    help="geodata folder (default: ../shared/geodata from the repository root)")
    ap.add_argument("-o", "--output", default=os.path.join(repo, "datasets", "regions"),
                    help="output folder (default: datasets/regions)")
    ap.add_argument("--only", nargs="+", metavar="NN", help="region codes to build (default: all 17)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 if a file in the output folder differs")
    ap.add_argument("--table", action="store_true", help="print the README's table of regions")
    a = ap.parse_args(argv)
    for f in INPUTS:
        if not os.path.isfile(os.path.join(a.geodata, f)):
            sys.stderr.write("make_regions.py: %s not found in %s\n" % (f, a.geodata))
            return 77 if a.check else 2  # 77: meson's "skipped"
    built = build_all(a.geodata, set(a.only or []))
    if a.table:
        sys.stdout.write(table(built))
        return 0
    bad = 0
    for fname, ds in built:
        path = os.path.join(a.output, fname)
        text = render(ds)
        if a.check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                sys.stderr.write("make_regions.py: %s differs from the generator's output\n" % path)
                bad += 1
            continue
        os.makedirs(a.output, exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    if a.check:
        sys.stderr.write("make_regions.py: %d of %d regional datasets up to date\n" % (len(built) - bad, len(built)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
