#!/usr/bin/python3
"""Generate the default regional dataset datasets/quebec/monteregie.yaml.

This is the documented generator of terroir's default real-geography
instance: the Monteregie administrative region (code 16) of Quebec, one
weekly order cycle of a cooperative local-food network (producers ->
cooperative hubs -> distribution points).  Places, populations and food
banks are real (read from the geodata folder, see its README.md); the farms,
stores, schools, markets, pick-up points, hub costs and fleet are synthetic
but sized from published figures or stated assumptions, each one listed in
datasets/README.md and summarised in the YAML header.

Usage (from the repository root):
    /usr/bin/python3 datasets/make_default.py [GEODATA_DIR] [-o OUT.yaml]

GEODATA_DIR defaults to ../shared/geodata relative to the repository root.
Without -o the YAML goes to standard output.  The output depends only on the
input files and the constants below (fixed seed, no clock, no hash-ordered
iteration), so two runs on the same inputs give byte-identical files.

Standard library only; the YAML is written by hand in the subset described
by datasets/SCHEMA.md (schema version 1).
"""

import argparse
import csv
import hashlib
import math
import os
import random
import sys
import textwrap
import unicodedata

SEED = 20260316
REGION_CODE = "16"
RUN_FILE = "datasets/make_default.py"

# --------------------------------------------------------------- products
# Weekly per-person rates are annual per-capita figures / 52 (sources in
# datasets/README.md).  Units: the product's own unit.
PRODUCTS = [
    # id, name, temperature, shelf_life_hours, unit, kg/unit, m3/unit,
    # pallets/unit, annual per-capita quantity (in product units)
    ("potatoes", "Pommes de terre", "ambient", 504, "kg", 1.0, 0.0016, 0.001, 15.8),
    ("apples", "Pommes", "ambient", 336, "kg", 1.0, 0.0028, 0.0011, 7.6),
    ("maple-syrup", "Sirop d'érable", "ambient", 8760, "l", 1.33, 0.0013, 0.0012, 0.15),
    ("leafy-greens", "Laitues et verdures", "chilled", 168, "kg", 1.0, 0.004, 0.0022, 6.6),
    ("eggs", "Œufs", "chilled", 672, "dozen", 0.72, 0.002, 0.0011, 21.3),
    ("frozen-berries", "Petits fruits surgelés", "frozen", 8760, "kg", 1.0, 0.0022, 0.002, 1.0),
    ("pork", "Porc, découpes surgelées", "frozen", 4380, "kg", 1.0, 0.0018, 0.00125, 12.0),
]
PRODUCT_IDS = [p[0] for p in PRODUCTS]
WEEKLY_PER_PERSON = {p[0]: p[8] / 52.0 for p in PRODUCTS}

# --------------------------------------------------------------- producers
N_PRODUCERS = 60
MAX_FARMS_PER_TOWN = 2
JITTER_MIN_KM, JITTER_MAX_KM = 0.3, 1.8

# Farm types: name prefix, {product: (min, max) weekly supply in product
# units}, number of products drawn from that list (min, max).  A product
# listed first is always supplied (the farm's main line).
FARM_TYPES = {
    "maraichere": ("Ferme maraîchère", {"leafy-greens": (150, 600), "potatoes": (300, 1500)}, (1, 2)),
    "verger": ("Verger", {"apples": (400, 2000), "frozen-berries": (60, 200), "maple-syrup": (10, 30)}, (1, 2)),
    "fruitiere": ("Ferme fruitière", {"frozen-berries": (100, 300), "apples": (200, 800)}, (1, 2)),
    "erabliere": ("Érablière", {"maple-syrup": (20, 80)}, (1, 1)),
    "avicole": ("Ferme avicole", {"eggs": (250, 1200)}, (1, 1)),
    "porcine": ("Ferme porcine", {"pork": (150, 500)}, (1, 1)),
    "familiale": ("Ferme familiale", {"potatoes": (200, 800), "eggs": (100, 400), "leafy-greens": (80, 300), "pork": (80, 250), "maple-syrup": (10, 40)}, (2, 3)),
}
FARM_TYPE_ORDER = ["maraichere", "verger", "fruitiere", "erabliere", "avicole", "porcine", "familiale"]

# Farm-type mix by census division (MRC); an assumption from the regions'
# well-known specialisations, see datasets/README.md.
MRC_PROFILE = {
    "Les Jardins-de-Napierville": {"maraichere": 6, "familiale": 2, "verger": 1, "avicole": 1},
    "Roussillon": {"maraichere": 6, "familiale": 2, "avicole": 1},
    "Rouville": {"verger": 4, "fruitiere": 2, "maraichere": 1, "erabliere": 1, "familiale": 1},
    "Le Haut-Richelieu": {"verger": 2, "fruitiere": 2, "maraichere": 3, "avicole": 1, "familiale": 2},
    "Le Haut-Saint-Laurent": {"erabliere": 3, "verger": 2, "maraichere": 2, "familiale": 2, "porcine": 1},
    "Les Maskoutains": {"porcine": 3, "avicole": 3, "familiale": 2, "maraichere": 1, "erabliere": 1},
    "Acton": {"porcine": 3, "avicole": 2, "erabliere": 3, "familiale": 2},
    "Le Bas-Richelieu": {"porcine": 2, "avicole": 2, "maraichere": 3, "familiale": 3},
    "La Vallée-du-Richelieu": {"verger": 3, "maraichere": 3, "avicole": 2, "familiale": 2},
    "Lajemmerais": {"maraichere": 3, "verger": 1, "avicole": 2, "familiale": 2},
    "Vaudreuil-Soulanges": {"maraichere": 3, "erabliere": 2, "avicole": 1, "verger": 2, "familiale": 2},
    "Beauharnois-Salaberry": {"maraichere": 4, "erabliere": 1, "avicole": 2, "familiale": 2},
}
# Farms placed first, whatever the draw: emblematic places of the region.
ANCHOR_FARMS = [
    ("Saint-Rémi", "maraichere"),
    ("Saint-Patrice-de-Sherrington", "maraichere"),
    ("Rougemont", "verger"),
    ("Saint-Anicet", "erabliere"),
    ("Saint-Paul-d'Abbotsford", "fruitiere"),
    ("Saint-Hugues", "porcine"),
]
SELF_DELIVERY_SHARE = 0.25

# --------------------------------------------------------------- hubs
# town, status, fixed cost per cycle (CAD), capacity kg per class per cycle
# (missing class = cannot handle it), handling cost CAD/kg.
HUBS = [
    ("Saint-Rémi", "open", 900, {"ambient": 12000, "chilled": 6000}, 0.05),
    ("Saint-Hyacinthe", "candidate", 2400, {"ambient": 30000, "chilled": 15000, "frozen": 6000}, 0.05),
    ("Saint-Jean-sur-Richelieu", "candidate", 2200, {"ambient": 25000, "chilled": 12000, "frozen": 5000}, 0.05),
    ("Boucherville", "candidate", 3000, {"ambient": 30000, "chilled": 15000, "frozen": 8000}, 0.06),
    ("Salaberry-de-Valleyfield", "candidate", 1500, {"ambient": 15000, "chilled": 7000}, 0.05),
    ("Sorel-Tracy", "candidate", 1300, {"ambient": 12000, "chilled": 6000}, 0.05),
]
HUB_HOURS = [[300, 1260]]  # 05:00-21:00

# --------------------------------------------------------------- members
# The organisations that share the network (terroir share): who owns which
# hub (and so its trucks), which points and which farms.  Points belong to
# the member that runs them (markets and pick-up points to the producers'
# cooperative, which runs its own farmers' markets and baskets); each farm
# belongs to (is a member of, or under contract with) the owner of its
# nearest hub.  No farm is left without a member: a farm shared by all would
# give its whole supply to every coalition, and members alone would look
# better off than they are.  Assigned by rule, with no random draw, so the
# rest of the file is the same as without members.
MEMBERS = [
    ("producteurs", "Coopérative des producteurs de la Montérégie"),
    ("epiceries", "Fédération des épiceries coopératives"),
    ("banques", "Moisson Rive-Sud et Moisson Sud-Ouest"),
    ("scolaire", "Centres de services scolaires de la Montérégie"),
]
HUB_MEMBER = {
    "Saint-Rémi": "producteurs", "Saint-Hyacinthe": "producteurs",
    "Saint-Jean-sur-Richelieu": "epiceries", "Sorel-Tracy": "epiceries",
    "Boucherville": "banques", "Salaberry-de-Valleyfield": "banques",
}
POINT_MEMBER = {"grocery": "epiceries", "food_bank": "banques", "school": "scolaire",
                "market": "producteurs", "pickup": "producteurs"}


def nearest_owner(site, hubs, owner):
    """The member owning the hub nearest to `site` (great-circle distance;
    the first hub in order on a tie)."""
    best = min(range(len(hubs)), key=lambda k: (haversine_km((site["lat"], site["lon"]),
                                                              (hubs[k]["lat"], hubs[k]["lon"])), k))
    return owner(hubs[best])

# --------------------------------------------------------------- fleet
# id prefix, name, capacity, fixed cost/cycle, CAD/km, CAD/h, CO2 kg/km
VEHICLES = {
    "reefer": ("Camion réfrigéré 26 pi", {"kg": 5500, "m3": 38, "pallets": 12}, 185, 0.95, 38, 0.90),
    "dry": ("Camion fourgon sec 22 pi", {"kg": 4500, "m3": 30, "pallets": 10}, 130, 0.70, 35, 0.70),
    "van": ("Fourgonnette réfrigérée", {"kg": 1200, "m3": 10, "pallets": 3}, 90, 0.45, 32, 0.30),
}
# Operating days of the weekly cycle: hubs dispatch Monday to Friday, each
# vehicle driving one route a day (datasets/README.md, "Fleet").
OPERATING_DAYS = 5

# hub town -> [(vehicle kind, count)]
FLEET = {
    "Saint-Rémi": [("reefer", 1), ("dry", 1)],
    "Saint-Hyacinthe": [("reefer", 2), ("dry", 1), ("van", 1)],
    "Saint-Jean-sur-Richelieu": [("reefer", 2), ("dry", 1)],
    "Boucherville": [("reefer", 2), ("dry", 1), ("van", 1)],
    "Salaberry-de-Valleyfield": [("reefer", 1), ("dry", 1)],
    "Sorel-Tracy": [("reefer", 1), ("dry", 1)],
}
MAX_ROUTE_MINUTES = 600

# --------------------------------------------------------------- points
# Share of residents' consumption of each product bought through this
# network at a point of that kind (assumption, see README), and the product
# mix each kind takes.
LOCAL_SHARE = {"grocery": 0.020, "market": 0.015, "pickup": 0.030, "food_bank": 0.050}
KIND_PRODUCTS = {
    "grocery": PRODUCT_IDS,
    "market": ["potatoes", "apples", "maple-syrup", "leafy-greens", "eggs", "frozen-berries"],
    "pickup": ["potatoes", "apples", "maple-syrup", "leafy-greens", "eggs"],
    "food_bank": ["potatoes", "apples", "leafy-greens", "eggs", "frozen-berries", "pork"],
}
# School meal programme, product units per pupil per week (assumption).
SCHOOL_PER_PUPIL = {"apples": 0.35, "potatoes": 0.25, "leafy-greens": 0.10, "eggs": 0.05}
SCHOOL_PUPILS = (300, 900)
PRIORITY = {"food_bank": 1, "school": 2, "pickup": 3, "grocery": 3, "market": 4}
SERVICE = {"grocery": 20, "food_bank": 30, "school": 10, "market": 15, "pickup": 10}
WINDOWS = {
    "grocery": [[480, 1020]],    # 08:00-17:00
    "food_bank": [[540, 960]],   # 09:00-16:00
    "school": [[480, 780]],      # 08:00-13:00
    "market": [[480, 1020]],     # 08:00-17:00
    "pickup": [[720, 1080]],     # 12:00-18:00
}
# Days of the weekly cycle (1 = Monday ... 5 = Friday) on which a point
# receives, for the kinds that do not receive every day (assumption): a
# food bank takes deliveries on Tuesdays and Thursdays, a farmers' market is
# supplied on Friday for its Saturday market, a basket drop point (point de
# chute) once a week, on Wednesday.  Groceries and schools: every day.
DELIVERY_DAYS = {"food_bank": [2, 4], "market": [5], "pickup": [3]}
# Hubs' overnight storage (storage_kg) is left out: no published figure
# sizes the cold rooms of such hubs, and without it the hubs hold what
# their routes leave overnight (datasets/README.md).
GROCERY_MIN_POP = 15000
N_SCHOOLS, SCHOOL_POP = 15, (5500, 35000)
N_MARKETS, MARKET_POP = 12, (5000, 50000)
N_PICKUPS, PICKUP_POP = 16, (1500, 8000)
# Food banks of the region (names as in quebec_food_banks_baq.csv) and the
# people they serve, from that file's service_area_notes.
FOOD_BANKS = [("Moisson Rive-Sud", 80382), ("Moisson Sud-Ouest", 8300)]


# =============================================================== helpers

def slug(text):
    """Lower-case ASCII slug: accents dropped, other runs of non-alphanumerics -> '-'."""
    t = unicodedata.normalize("NFKD", text).replace("Œ", "OE").replace("œ", "oe")
    t = t.encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in t:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def de(town):
    """French 'de' before a place name, contracted as the article requires
    ("de Saint-Rémi", "d'Acton Vale", "des Cèdres", "du Bic")."""
    if town.startswith("Les "):
        return "des " + town[4:]
    if town.startswith("Le "):
        return "du " + town[3:]
    return ("d'" if town[0] in "AEIOUÉÈÎÔaeiouéèîô" else "de ") + town


def jitter(rng, lat, lon):
    """Move (lat, lon) by a random distance in [JITTER_MIN_KM, JITTER_MAX_KM]."""
    r = rng.uniform(JITTER_MIN_KM, JITTER_MAX_KM)
    a = rng.uniform(0.0, 2.0 * math.pi)
    dlat = r * math.cos(a) / 111.195
    dlon = r * math.sin(a) / (111.195 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def haversine_km(a, b):
    """Great-circle distance in km between two (lat, lon) pairs."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def round_to(x, step):
    """x rounded to a multiple of step, as an int."""
    return int(step * round(x / step))


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(x):
    """A number as YAML: integers without a decimal point, others shortest-repr."""
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    return repr(float(x))


def flow_map(d):
    return "{" + ", ".join("%s: %s" % (k, num(v)) for k, v in d.items()) + "}"


def windows(w):
    return "[" + ", ".join("[%s, %s]" % (num(a), num(b)) for a, b in w) + "]"


def sha256_short(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


# =============================================================== data

def load_geodata(folder):
    """Read the region's municipalities (sorted by code_geo) and food banks.
    Returns (towns, banks, {file name: short sha256}); raises OSError if a
    file is missing (main() checks first)."""
    mun_path = os.path.join(folder, "quebec_municipalities.csv")
    fb_path = os.path.join(folder, "quebec_food_banks_baq.csv")
    with open(mun_path, encoding="utf-8", newline="") as f:
        towns = [r for r in csv.DictReader(f) if r["region_code"] == REGION_CODE]
    with open(fb_path, encoding="utf-8", newline="") as f:
        banks = [r for r in csv.DictReader(f) if r["region_name"] == "Montérégie"]
    for r in towns:
        r["pop"] = int(r["population"])
        r["lat_f"] = float(r["lat"])
        r["lon_f"] = float(r["lon"])
        r["land"] = float(r["land_area_km2"])
    towns.sort(key=lambda r: r["code_geo"])
    return towns, banks, {"quebec_municipalities.csv": sha256_short(mun_path),
                          "quebec_food_banks_baq.csv": sha256_short(fb_path)}


def is_local_municipality(r):
    return r["designation"] in ("Municipalité", "Paroisse", "Canton", "Village", "Ville") and r["pop"] > 0


def is_rural(r):
    """Small, mainly agricultural municipality: fewer than 10,000 people,
    at least 20 km2 of land and fewer than 250 people per km2."""
    return (is_local_municipality(r) and r["pop"] < 10000 and r["land"] >= 20
            and r["pop"] / r["land"] < 250)


# =============================================================== build

def build(folder):
    """Build the whole dataset as plain Python structures.  Every random draw
    comes from one random.Random(SEED), in a fixed order, so the result
    depends only on the input files and the constants above."""
    rng = random.Random(SEED)
    towns, banks, hashes = load_geodata(folder)
    # Names are looked up only for the anchors and hubs, which must be
    # unambiguous (Hemmingford, for one, is both a Canton and a Village).
    named = {}
    for r in towns:
        if is_local_municipality(r):
            named.setdefault(r["name"], []).append(r)

    def town(name):
        if len(named.get(name, [])) != 1:
            raise SystemExit("no single municipality named %r in region %s" % (name, REGION_CODE))
        return named[name][0]
    used_ids = set()

    def new_id(base):
        i, cand = 1, base
        while cand in used_ids:
            i += 1
            cand = "%s-%d" % (base, i)
        used_ids.add(cand)
        return cand

    # ---- producers
    rural = [r for r in towns if is_rural(r)]
    plan = [(town(t), ft) for t, ft in ANCHOR_FARMS]
    count = {}
    for r, _ in plan:
        count[r["code_geo"]] = count.get(r["code_geo"], 0) + 1
    while len(plan) < N_PRODUCERS:
        cands = [r for r in rural if count.get(r["code_geo"], 0) < MAX_FARMS_PER_TOWN]
        r = rng.choices(cands, weights=[c["land"] for c in cands])[0]
        prof = MRC_PROFILE[r["census_division_name"]]
        kinds = [k for k in FARM_TYPE_ORDER if k in prof]
        ft = rng.choices(kinds, weights=[prof[k] for k in kinds])[0]
        plan.append((r, ft))
        count[r["code_geo"]] = count.get(r["code_geo"], 0) + 1
    producers = []
    names_seen = {}
    for r, ft in plan:
        prefix, lines, (nmin, nmax) = FARM_TYPES[ft]
        prods = list(lines)
        n = rng.randint(nmin, min(nmax, len(prods)))
        chosen = [prods[0]] + sorted(rng.sample(prods[1:], n - 1), key=PRODUCT_IDS.index) if n > 0 else []
        supply = {}
        for p in chosen:
            lo, hi = lines[p]
            supply[p] = round_to(rng.uniform(lo, hi), 10)
        supply = {p: supply[p] for p in PRODUCT_IDS if p in supply}
        name = "%s %s" % (prefix, de(r["name"]))
        names_seen[name] = names_seen.get(name, 0) + 1
        if names_seen[name] > 1:
            name += " (site %d)" % names_seen[name]
        lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
        start = 360 + 30 * rng.randint(0, 4)
        length = 60 * rng.randint(4, 6)
        prod = {
            "id": new_id(slug(name)), "name": name, "lat": lat, "lon": lon,
            "supply": supply, "time_windows": [[start, start + length]],
            "service_minutes": 5 * rng.randint(3, 6), "town": r,
        }
        if rng.random() < SELF_DELIVERY_SHARE:
            # Never more than the farm's own weekly output.
            own_kg = sum(v * PRODUCTS[PRODUCT_IDS.index(p)][5] for p, v in supply.items())
            prod["self_delivery"] = {"kg": min(round_to(rng.uniform(400, 1500), 50),
                                               max(50, round_to(own_kg, 50))),
                                     "km": 5 * rng.randint(5, 8)}
        producers.append(prod)

    # ---- hubs
    hubs = []
    for hub_town, status, fixed, cap, handling in HUBS:
        r = town(hub_town)
        lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
        hubs.append({
            "id": new_id("hub-" + slug(hub_town)),
            "name": "Carrefour coopératif %s" % de(hub_town), "lat": lat, "lon": lon,
            "status": status, "fixed_cost": fixed,
            "capacity_kg": {k: cap[k] for k in ("ambient", "chilled", "frozen") if k in cap},
            "handling_cost_per_kg": handling, "opening_hours": HUB_HOURS, "town": hub_town,
        })

    # ---- points
    points = []

    def demand_for(kind, people):
        d = {}
        for p in KIND_PRODUCTS[kind]:
            v = people * WEEKLY_PER_PERSON[p] * LOCAL_SHARE[kind]
            step = 1 if v < 20 else 5
            v = round_to(v, step)
            if v > 0:
                d[p] = v
        return d

    def add_point(kind, name, lat, lon, demand, base_id=None):
        points.append({
            "id": new_id(base_id or slug(name)), "name": name, "kind": kind,
            "lat": lat, "lon": lon, "demand": demand, "priority": PRIORITY[kind],
            "time_windows": WINDOWS[kind], "service_minutes": SERVICE[kind],
        })
        if kind in DELIVERY_DAYS:
            points[-1]["delivery_days"] = DELIVERY_DAYS[kind]

    for bank_name, people in FOOD_BANKS:
        b = [x for x in banks if x["name"] == bank_name]
        if len(b) != 1:
            raise SystemExit("food bank not found in geodata: " + bank_name)
        add_point("food_bank", bank_name, round(float(b[0]["lat"]), 5), round(float(b[0]["lon"]), 5),
                  demand_for("food_bank", people))

    big = sorted([r for r in towns if is_local_municipality(r) and r["pop"] >= GROCERY_MIN_POP],
                 key=lambda r: (-r["pop"], r["code_geo"]))
    for r in big:
        n = 1 + (r["pop"] >= 60000) + (r["pop"] >= 150000)
        for i in range(n):
            name = "Épicerie coopérative %s" % de(r["name"]) + (" no %d" % (i + 1) if n > 1 else "")
            lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
            add_point("grocery", name, lat, lon, demand_for("grocery", r["pop"] / n))

    def pick(nmax, lo, hi, exclude=()):
        c = [r for r in towns if is_local_municipality(r) and lo <= r["pop"] < hi
             and r["code_geo"] not in exclude]
        return sorted(rng.sample(c, min(nmax, len(c))), key=lambda r: (-r["pop"], r["code_geo"]))

    for r in pick(N_SCHOOLS, *SCHOOL_POP):
        pupils = round_to(rng.uniform(*SCHOOL_PUPILS), 10)
        d = {p: round_to(pupils * SCHOOL_PER_PUPIL[p], 5) for p in PRODUCT_IDS if p in SCHOOL_PER_PUPIL}
        lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
        add_point("school", "École secondaire %s" % de(r["name"]), lat, lon, d)
        points[-1]["pupils"] = pupils
    markets = pick(N_MARKETS, *MARKET_POP)
    for r in markets:
        lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
        add_point("market", "Marché public %s" % de(r["name"]), lat, lon, demand_for("market", r["pop"]))
    # Pick-up points serve towns without a public market.
    for r in pick(N_PICKUPS, *PICKUP_POP, exclude=[m["code_geo"] for m in markets]):
        lat, lon = jitter(rng, r["lat_f"], r["lon_f"])
        add_point("pickup", "Point de chute %s" % de(r["name"]), lat, lon, demand_for("pickup", r["pop"]))

    # ---- fleet
    vehicles = []
    for h in hubs:
        has_frozen = "frozen" in h["capacity_kg"]
        for kind, cnt in FLEET[h["town"]]:
            vname, cap, fixed, per_km, per_h, co2 = VEHICLES[kind]
            temps = ["ambient"] if kind == "dry" else (
                ["ambient", "chilled", "frozen"] if has_frozen else ["ambient", "chilled"])
            vehicles.append({
                "id": "%s-%s" % (kind, h["id"][len("hub-"):]), "name": "%s, %s" % (vname, h["town"]),
                "home_hub": h["id"], "count": cnt, "capacity": cap, "temperatures": temps,
                "fixed_cost": fixed, "cost_per_km": per_km, "cost_per_hour": per_h,
                "speed_kmh": 0, "max_duration_minutes": MAX_ROUTE_MINUTES, "co2_kg_per_km": co2,
            })

    return {"producers": producers, "hubs": hubs, "points": points, "vehicles": vehicles,
            "hashes": hashes, "rural": rural}


# =============================================================== checks and totals

def totals(ds):
    sup = {p: 0 for p in PRODUCT_IDS}
    dem = {p: 0 for p in PRODUCT_IDS}
    for pr in ds["producers"]:
        for p, v in pr["supply"].items():
            sup[p] += v
    for pt in ds["points"]:
        for p, v in pt["demand"].items():
            dem[p] += v
    return sup, dem


def self_check(ds):
    """Fail loudly on anything the schema or the brief would reject."""
    ids = [x["id"] for k in ("producers", "hubs", "points") for x in ds[k]]
    assert len(ids) == len(set(ids)), "duplicate site id"
    vids = [v["id"] for v in ds["vehicles"]]
    assert len(vids) == len(set(vids)), "duplicate vehicle id"
    for i in ids + vids + PRODUCT_IDS:
        assert i and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in i), i
    for pr in ds["producers"]:
        t = pr["town"]
        d = haversine_km((t["lat_f"], t["lon_f"]), (pr["lat"], pr["lon"]))
        assert d < 2.0, (pr["id"], d)
        assert 1 <= len(pr["supply"]) <= 3, pr["id"]
    pos = {(x["lat"], x["lon"]) for k in ("producers", "hubs", "points") for x in ds[k]}
    assert len(pos) == len(ids), "two sites share a location"


# =============================================================== YAML

def write_yaml(ds, out):
    """Write the header comment and the YAML document for `ds` to `out`."""
    sup, dem = totals(ds)
    prods = {p[0]: p for p in PRODUCTS}
    kg = lambda p, v: v * prods[p][5]
    L = []
    w = L.append

    def wrap(prefix, text):
        for line in textwrap.wrap(text, width=92 - len(prefix)):
            w(prefix + line)
    npk = {}
    for pt in ds["points"]:
        npk[pt["kind"]] = npk.get(pt["kind"], 0) + 1
    w("# terroir default regional dataset: Montérégie (Quebec administrative region 16),")
    w("# one weekly order cycle of a cooperative local-food network.")
    w("#")
    w("# GENERATED FILE - do not edit by hand.  Regenerate from the repository root with")
    w("#   /usr/bin/python3 %s ../shared/geodata -o datasets/quebec/monteregie.yaml" % RUN_FILE)
    w("# (or redirect standard output).  Fixed seed %d: same inputs -> same bytes." % SEED)
    w("# Inputs (first 16 hex digits of their sha256):")
    for kv in ds["hashes"].items():
        w("#   %s %s" % kv)
    w("# Every number below is explained with its source in datasets/README.md.")
    w("#")
    w("# Real data: municipality names, populations (MAMH decree, snapshot 2026) and lat/lon")
    w("#   points (town point or polygon centre) from quebec_municipalities.csv; the food")
    w("#   banks Moisson Rive-Sud and Moisson Sud-Ouest with the city-level coordinates and")
    w("#   people served given in quebec_food_banks_baq.csv.")
    w("# Synthetic, sized from published figures or stated assumptions:")
    w("#   - %d producers in %d rural municipalities (< 10,000 people, >= 20 km2 land, < 250"
      % (len(ds["producers"]), len({p["town"]["code_geo"] for p in ds["producers"]})))
    w("#     people/km2), drawn with weight = land area, at most %d per municipality, placed"
      % MAX_FARMS_PER_TOWN)
    w("#     %.1f-%.1f km from the municipality point in a random direction; the farm type"
      % (JITTER_MIN_KM, JITTER_MAX_KM))
    w("#     follows an assumed MRC specialisation (orchards in Rouville, market gardens in")
    w("#     Jardins-de-Napierville, maple in Haut-Saint-Laurent and Acton, pork and eggs in")
    lines_kg = [v * prods[p][5] for pr in ds["producers"] for p, v in pr["supply"].items()]
    farm_kg = [sum(v * prods[p][5] for p, v in pr["supply"].items()) for pr in ds["producers"]]
    w("#     Les Maskoutains...).  Weekly supply: %s-%s kg per product line, %s-%s kg per farm."
      % (num(round(min(lines_kg))), num(round(max(lines_kg))), num(round(min(farm_kg))), num(round(max(farm_kg)))))
    w("#   - %d hubs at MRC seats / larger towns (1 existing 'open', %d 'candidate'),"
      % (len(ds["hubs"]), sum(h["status"] == "candidate" for h in ds["hubs"])))
    w("#     0.3-1.8 km from the town point; fixed cost per weekly cycle, kg capacity per")
    w("#     temperature class (no frozen class at Saint-Rémi, Valleyfield, Sorel-Tracy).")
    w("#   - %d distribution points: %s."
      % (len(ds["points"]), ", ".join("%d %s" % (npk[k], k) for k in ("food_bank", "grocery", "school", "market", "pickup"))))
    w("#     Demand = people x annual per-capita consumption / 52 x share through this network")
    w("#     (grocery %.1f%% of the town's people split among its stores, market %.1f%%, pick-up"
      % (100 * LOCAL_SHARE["grocery"], 100 * LOCAL_SHARE["market"]))
    w("#     %.1f%%, food bank %.1f%% of the people it serves); schools: %d-%d pupils x a weekly"
      % (100 * LOCAL_SHARE["pickup"], 100 * LOCAL_SHARE["food_bank"], *SCHOOL_PUPILS))
    wrap("#     ", "ration.  Per pupil per week: " + ", ".join(
        "%s %s %s" % (p, num(v), prods[p][4]) for p, v in SCHOOL_PER_PUPIL.items()) + ".")
    wrap("#     ", "Consumption per person per year: " + ", ".join(
        "%s %s %s" % (p[0], num(p[8]), p[4]) for p in PRODUCTS) + ".")
    w("#   - %d vehicle types, %d vehicles: 26-ft reefer trucks, 22-ft dry box trucks, reefer vans."
      % (len(ds["vehicles"]), sum(v["count"] for v in ds["vehicles"])))
    w("# Times are minutes from 00:00 of the operating day of the cycle (420 = 07:00).")
    w("# Money in CAD.  Distances: haversine x road factor 1.3 at 60 km/h.")
    w("#")
    w("# Totals per weekly cycle (product units; kg in brackets):")
    w("#   %-15s %9s %9s %9s" % ("product", "supply", "demand", "supply/demand"))
    for p in PRODUCT_IDS:
        w("#   %-15s %9s %9s %8.0f%%   [%s / %s kg]" % (
            p, num(sup[p]), num(dem[p]), 100.0 * sup[p] / dem[p] if dem[p] else 0.0,
            num(round(kg(p, sup[p]))), num(round(kg(p, dem[p])))))
    tsk = round(sum(kg(p, sup[p]) for p in PRODUCT_IDS))
    tdk = round(sum(kg(p, dem[p]) for p in PRODUCT_IDS))
    w("#   %-15s %9s %9s %8.0f%%   (kg)" % ("all (kg)", num(tsk), num(tdk), 100.0 * tsk / tdk))
    by_kind = {}
    for pt in ds["points"]:
        by_kind[pt["kind"]] = by_kind.get(pt["kind"], 0) + sum(kg(p, v) for p, v in pt["demand"].items())
    w("# Demand by kind (kg): " + ", ".join(
        "%s %s" % (k, num(round(by_kind[k]))) for k in ("grocery", "school", "food_bank", "market", "pickup")) + ".")
    fleet_kg = sum(v["count"] * v["capacity"]["kg"] for v in ds["vehicles"])
    w("# Fleet capacity if every hub opened: %s kg per trip; %d operating days per cycle,"
      % (num(fleet_kg), OPERATING_DAYS))
    w("# one route per vehicle and day.")
    w("# Members sharing the network (terroir share): %s." % ", ".join(m for m, _ in MEMBERS))
    w("#   Hubs (with their trucks) and points belong to members by rule (MEMBERS in the")
    w("#   generator); each farm to the owner of its nearest hub.")
    w("")
    w("terroir: 1")
    w("name: %s" % q("Montérégie, default (weekly cycle)"))
    w("settings:")
    w("  coordinates: latlon")
    w("  rounding: none")
    w("  road_factor: 1.3")
    w("  speed_kmh: 60")
    w("  arcs: all")
    w("  co2_price: 0")
    w("  operating_days: %d" % OPERATING_DAYS)
    w("")
    w("members:")
    for mid, mname in MEMBERS:
        w("  - id: %s" % mid)
        w("    name: %s" % q(mname))
    w("")
    w("products:")
    for pid, name, temp, shelf, unit, kgu, m3u, palu, _ in PRODUCTS:
        w("  - id: %s" % pid)
        w("    name: %s" % q(name))
        w("    temperature: %s" % temp)
        w("    shelf_life_hours: %s" % num(shelf))
        w("    unit: %s" % unit)
        w("    kg_per_unit: %s" % num(kgu))
        w("    m3_per_unit: %s" % num(m3u))
        w("    pallets_per_unit: %s" % num(palu))
    w("")
    w("producers:")
    for p in ds["producers"]:
        w("  - id: %s" % p["id"])
        w("    name: %s" % q(p["name"]))
        w("    lat: %.5f" % p["lat"])
        w("    lon: %.5f" % p["lon"])
        w("    supply: %s" % flow_map(p["supply"]))
        w("    time_windows: %s" % windows(p["time_windows"]))
        w("    service_minutes: %s" % num(p["service_minutes"]))
        if "self_delivery" in p:
            w("    self_delivery: %s" % flow_map(p["self_delivery"]))
        w("    member: %s" % nearest_owner(p, ds["hubs"], lambda h: HUB_MEMBER[h["town"]]))
    w("")
    w("hubs:")
    for h in ds["hubs"]:
        w("  - id: %s" % h["id"])
        w("    name: %s" % q(h["name"]))
        w("    lat: %.5f" % h["lat"])
        w("    lon: %.5f" % h["lon"])
        w("    status: %s" % h["status"])
        w("    fixed_cost: %s" % num(h["fixed_cost"]))
        w("    capacity_kg: %s" % flow_map(h["capacity_kg"]))
        w("    handling_cost_per_kg: %s" % num(h["handling_cost_per_kg"]))
        w("    opening_hours: %s" % windows(h["opening_hours"]))
        w("    member: %s" % HUB_MEMBER[h["town"]])
    w("")
    w("points:")
    for p in ds["points"]:
        w("  - id: %s" % p["id"])
        w("    name: %s" % q(p["name"]))
        w("    kind: %s" % p["kind"])
        w("    lat: %.5f" % p["lat"])
        w("    lon: %.5f" % p["lon"])
        w("    demand: %s" % flow_map(p["demand"]))
        w("    priority: %d" % p["priority"])
        w("    time_windows: %s" % windows(p["time_windows"]))
        w("    service_minutes: %s" % num(p["service_minutes"]))
        if "delivery_days" in p:
            w("    delivery_days: [%s]" % ", ".join("%d" % d for d in p["delivery_days"]))
        w("    member: %s" % POINT_MEMBER[p["kind"]])
    w("")
    w("vehicle_types:")
    hub_town = {h["id"]: h["town"] for h in ds["hubs"]}
    for v in ds["vehicles"]:
        w("  - id: %s" % v["id"])
        w("    name: %s" % q(v["name"]))
        w("    home_hub: %s" % v["home_hub"])
        w("    count: %d" % v["count"])
        w("    capacity: %s" % flow_map(v["capacity"]))
        w("    temperatures: [%s]" % ", ".join(v["temperatures"]))
        w("    fixed_cost: %s" % num(v["fixed_cost"]))
        w("    cost_per_km: %s" % num(v["cost_per_km"]))
        w("    cost_per_hour: %s" % num(v["cost_per_hour"]))
        w("    speed_kmh: %s" % num(v["speed_kmh"]))
        w("    max_duration_minutes: %s" % num(v["max_duration_minutes"]))
        w("    co2_kg_per_km: %s" % num(v["co2_kg_per_km"]))
        w("    member: %s" % HUB_MEMBER[hub_town[v["home_hub"]]])
    out.write("\n".join(L) + "\n")


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Generate datasets/quebec/monteregie.yaml.")
    ap.add_argument("geodata", nargs="?", default=os.path.join(repo, "..", "shared", "geodata"),
                    help="geodata folder (default: ../shared/geodata from the repository root)")
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    ap.add_argument("--summary", action="store_true", help="print counts and totals to stderr")
    a = ap.parse_args(argv)
    for f in ("quebec_municipalities.csv", "quebec_food_banks_baq.csv"):
        if not os.path.isfile(os.path.join(a.geodata, f)):
            sys.stderr.write("make_default.py: %s not found in %s\n" % (f, a.geodata))
            return 2
    ds = build(a.geodata)
    self_check(ds)
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            write_yaml(ds, f)
        os.replace(tmp, a.output)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        write_yaml(ds, sys.stdout)
    if a.summary:
        sup, dem = totals(ds)
        sys.stderr.write("producers %d hubs %d points %d vehicle types %d\n" % (
            len(ds["producers"]), len(ds["hubs"]), len(ds["points"]), len(ds["vehicles"])))
        for p in PRODUCT_IDS:
            sys.stderr.write("  %-15s supply %7d demand %7d  %5.0f%%\n" % (p, sup[p], dem[p], 100.0 * sup[p] / max(dem[p], 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
