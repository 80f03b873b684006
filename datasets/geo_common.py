"""Shared pieces of the dataset generators: placing synthetic sites around
real municipality points, and writing a model as terroir YAML (schema 1,
datasets/SCHEMA.md).

Standard library only; the scalar formats and the distance are those of
make_default.py (imported), so every generator writes alike.  Everything
here is deterministic: randomness comes only from the random.Random the
caller passes, and numbers are formatted with fixed rules, so the same
inputs give the same bytes.
"""

import math

import make_default as base

KM_PER_DEG_LAT = 111.195  # mean length of a degree of latitude, km (as make_default.jitter)
haversine_km = base.haversine_km


def offset(lat, lon, r_km, angle):
    """(lat, lon) moved r_km in direction `angle` (radians from north), on a
    local flat approximation (good to a few metres at these distances)."""
    dlat = r_km * math.cos(angle) / KM_PER_DEG_LAT
    dlon = r_km * math.sin(angle) / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


class Placer:
    """Draws site locations inside municipalities.

    Each municipality is a disk: a centre and a radius (the caller decides
    both).  A site of municipality m is drawn uniformly (by area) in the ring
    [r_min, r_max] around m's centre, and kept only when m is its nearest
    municipality in the multiplicatively weighted sense, distance / radius,
    over all registered municipalities: a large city keeps the points of
    its territory even next to small enclaves, and a village's farm does
    not stray into its neighbour.  Locations are rounded to 5 decimals and
    never repeat.  After `tries` rejected draws the site is put at a plain
    jitter of [r_min, r_max] around the centre, unclipped.
    """

    def __init__(self, disks, tries=60):
        # disks: {key: (lat, lon, radius_km)}; keys sortable for determinism.
        self.disks = disks
        self.tries = tries
        self.used = set()
        self._near = {}

    def _neighbours(self, key, reach_km):
        """Municipalities that may be nearer than `key` within reach_km of its
        centre (computed once per key and reach)."""
        ck = (key, reach_km)
        if ck not in self._near:
            lat, lon, _ = self.disks[key]
            dlat = (reach_km + 60.0) / KM_PER_DEG_LAT
            out = []
            for k in sorted(self.disks):
                if k == key:
                    continue
                la, lo, r = self.disks[k]
                if abs(la - lat) > dlat:
                    continue
                if haversine_km((lat, lon), (la, lo)) <= reach_km + 4.0 * r + 60.0:
                    out.append((la, lo, r))
            self._near[ck] = out
        return self._near[ck]

    def _owned(self, key, p, reach_km):
        lat, lon, r = self.disks[key]
        mine = haversine_km((lat, lon), p) / r
        for la, lo, rr in self._neighbours(key, reach_km):
            if haversine_km((la, lo), p) / rr < mine:
                return False
        return True

    def place(self, rng, key, r_min, r_max):
        """A new (lat, lon) for a site of municipality `key`, r_min..r_max km
        from its centre (see the class comment)."""
        lat, lon, _ = self.disks[key]
        for attempt in range(self.tries + 200):
            u = rng.random()
            r = math.sqrt(r_min * r_min + u * (r_max * r_max - r_min * r_min))
            a = rng.uniform(0.0, 2.0 * math.pi)
            la, lo = offset(lat, lon, r, a)
            p = (round(la, 5), round(lo, 5))
            if p in self.used:
                continue
            if attempt < self.tries and not self._owned(key, p, r_max):
                continue
            self.used.add(p)
            return p
        raise SystemExit("cannot place a site near %r" % (key,))


# =============================================================== YAML

# The scalar formats are the default generator's, so that every dataset
# writes numbers, strings and windows the same way.
q, num, flow_map, windows = base.q, base.num, base.flow_map, base.windows


# How each field of a section is written: (key, format).  A field missing
# from an item is left out (the schema's default applies).
FORMATS = {
    "raw": str,
    "str": q,
    "num": num,
    "int": lambda v: "%d" % v,
    "coord": lambda v: "%.5f" % v,
    "map": flow_map,
    "windows": windows,
    "list": lambda v: "[" + ", ".join(v) + "]",
    "days": lambda v: "[" + ", ".join("%d" % d for d in v) + "]",
}
SECTIONS = [
    ("members", [("id", "raw"), ("name", "str")]),
    ("products", [("id", "raw"), ("name", "str"), ("temperature", "raw"), ("shelf_life_hours", "num"),
                  ("unit", "raw"), ("kg_per_unit", "num"), ("m3_per_unit", "num"),
                  ("pallets_per_unit", "num")]),
    ("producers", [("id", "raw"), ("name", "str"), ("lat", "coord"), ("lon", "coord"), ("supply", "map"),
                   ("time_windows", "windows"), ("service_minutes", "num"), ("self_delivery", "map"),
                   ("member", "raw")]),
    ("hubs", [("id", "raw"), ("name", "str"), ("lat", "coord"), ("lon", "coord"), ("status", "raw"),
              ("fixed_cost", "num"), ("capacity_kg", "map"), ("storage_kg", "map"), ("handling_cost_per_kg", "num"),
              ("opening_hours", "windows"), ("member", "raw")]),
    ("points", [("id", "raw"), ("name", "str"), ("kind", "raw"), ("lat", "coord"), ("lon", "coord"),
                ("demand", "map"), ("priority", "int"), ("time_windows", "windows"),
                ("service_minutes", "num"), ("delivery_days", "days"), ("member", "raw")]),
    ("vehicle_types", [("id", "raw"), ("name", "str"), ("home_hub", "raw"), ("count", "int"),
                       ("capacity", "map"), ("temperatures", "list"), ("fixed_cost", "num"),
                       ("cost_per_km", "num"), ("cost_per_hour", "num"), ("speed_kmh", "num"),
                       ("max_duration_minutes", "num"), ("co2_kg_per_km", "num"),
                       ("member", "raw")]),
]


def model_lines(name, settings, sections):
    """The YAML document (without header comment) as a list of lines.
    settings: [(key, value already formatted)]; sections: {section: [item
    dicts]} for the keys of SECTIONS."""
    out = ["terroir: 1", "name: %s" % q(name), "settings:"]
    out += ["  %s: %s" % kv for kv in settings]
    for section, fields in SECTIONS:
        if not sections.get(section) and section == "members":
            continue  # a model without members says nothing of them
        out += ["", section + ":"]
        for item in sections[section]:
            lead = "  - "
            for key, fmt in fields:
                if key in item:
                    out.append("%s%s: %s" % (lead, key, FORMATS[fmt](item[key])))
                    lead = "    "
    return out
