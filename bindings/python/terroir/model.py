"""terroir.Model: a food-network model (include/terroir/model.h, io.h).

A model comes from a YAML file or text (Model.load, Model.loads), from a
folder of spreadsheet tables (Model.load_csv), from the
dictionaries of the YAML schema (Model.from_dict), from pandas DataFrames
(Model.from_dataframes), from a benchmark instance (Model.import_file), or
is built call by call: Model(), then add_product(), add_producer(), ...,
then validate().  Keyword arguments of the builder are the keys of the YAML
schema (datasets/SCHEMA.md); an argument left to None keeps the library's
default.  Each builder call is all or nothing: when add_producer(...,
supply=...) raises on a line or a window, the producer is not added either
(terroir_model_remove_last undoes it).

A loaded or validated model is read-only and may be solved by several
threads at once.  A model being built is protected by a lock, so threads
that share it cannot corrupt it.  The C model is freed when the Python
object is collected, in any order with the plans made from it (a plan owns
copies of what it reports).
"""
import contextlib
import os
import threading

from ._ffi import cpath, cstring, ffi, language, lib, set_given, text
from .errors import InputError, InvalidArgumentError, NotFoundError, check, without_positions
from .model_dict import dict_to_yaml_text, model_to_dict, read_settings
from .names import (ARCS, COORDINATES, DIMENSIONS, FORMATS, HUB_STATUSES, POINT_KINDS,
                    ROUNDINGS, SITE_KINDS, TEMPERATURES, class_bits, value_of)

__all__ = ["Model"]

_ENTITIES = {
    "product": lib.TERROIR_ENTITY_PRODUCT,
    "producer": lib.TERROIR_ENTITY_PRODUCER,
    "hub": lib.TERROIR_ENTITY_HUB,
    "point": lib.TERROIR_ENTITY_POINT,
    "vehicle_type": lib.TERROIR_ENTITY_VEHICLE_TYPE,
    "member": lib.TERROIR_ENTITY_MEMBER,
}
_SITE_ENTITIES = (("producer", lib.TERROIR_SITE_PRODUCER), ("hub", lib.TERROIR_SITE_HUB),
                  ("point", lib.TERROIR_SITE_POINT))


def _load_options(max_bytes=None, max_depth=None, max_problems=None, base_dir=None,
                  allow_overlays=None, lang=None, base_root=None):
    """Load options and the Python objects they point to (keep both alive
    during the call)."""
    opts = ffi.new("terroir_load_options *")
    check(lib.terroir_load_options_init(opts, lib.TERROIR_LOAD_OPTIONS_VERSION))
    set_given(opts, max_bytes=max_bytes, max_depth=max_depth, max_problems=max_problems)
    cbase = cpath(base_dir) if base_dir is not None else ffi.NULL
    opts.base_dir = cbase
    croot = cpath(base_root) if base_root is not None else ffi.NULL
    opts.base_root = croot
    if allow_overlays is not None:
        opts.allow_overlays = 1 if allow_overlays else 0
    set_given(opts, language=language(lang))
    return opts, (cbase, croot)


def _base_root(path, base_dir):
    """The folder an overlay file at `path` may read: base_dir when given,
    else the current directory when the file lies under it, else None (the
    library's default: the file's own folder)."""
    if base_dir is not None:
        return base_dir
    cwd = os.path.realpath(os.getcwd())
    where = os.path.realpath(os.fsdecode(path))
    return cwd if os.path.commonpath([cwd, where]) == cwd else None


def _capacities(struct, field, count_field, values, names, absent):
    """Point struct.field (a per-class array, include/terroir/common.h) at
    a new array made from a mapping name -> number, None or "unlimited",
    and set struct.count_field; names the mapping leaves out get `absent`
    (the schema's rule for the kind of capacity).  Returns the array, which
    the caller keeps alive while the library reads the structure (None when
    `values` is None: the structure keeps the library's defaults)."""
    if values is None:
        return None
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError("unknown key %r; expected one of: %s"
                         % (sorted(unknown)[0], ", ".join(names)))
    array = ffi.new("double[]", [
        lib.TERROIR_UNLIMITED if v is None or v == "unlimited" else v
        for v in (values.get(name, absent) for name in names)])
    setattr(struct, field, array)
    setattr(struct, count_field, len(names))
    return array


def _days(struct, field, count_field, days):
    """Point struct.field at a new array of the operating days `days` (an
    iterable of whole numbers; the library sorts them and refuses 0, days
    past 366 and repeats) and set struct.count_field.  Returns the array,
    which the caller keeps alive while the library reads the structure
    (None when `days` is None: every operating day, the default)."""
    if days is None:
        return None
    days = list(days)
    array = ffi.new("unsigned int[]", days) if days else ffi.NULL
    setattr(struct, field, array)
    setattr(struct, count_field, len(days))
    return array


def _set_location(spec, lat, lon, x, y):
    if lat is not None or lon is not None:
        spec.location.has_location = 1
        spec.location.lat, spec.location.lon = lat, lon
    if x is not None or y is not None:
        spec.location.has_location = 1
        spec.location.x, spec.location.y = x, y


class Model:
    """A terroir model.  Model() is empty and mutable; see the module
    documentation for the other ways to make one."""

    def __init__(self):
        out = ffi.new("terroir_model **")
        check(lib.terroir_model_new(out))
        self._adopt(out[0])

    def _adopt(self, ptr, source=None):
        self._ptr = ffi.gc(ptr, lib.terroir_model_free)
        self._lock = threading.RLock()
        self._validated = bool(lib.terroir_model_is_validated(ptr))
        #: The file the model was loaded from, or None.
        self.source = os.fspath(source) if source is not None else None
        return self

    @classmethod
    def _wrap(cls, ptr, source=None):
        return cls.__new__(cls)._adopt(ptr, source)

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, path, *, base_dir=None, max_bytes=None, max_depth=None, max_problems=None,
             allow_overlays=None, language=None):
        """Load and validate a YAML model file, or an overlay (a scenario
        file whose `base` names the model it changes; allow_overlays=False
        refuses them, for untrusted input).  An overlay's base must be a
        regular file inside `base_dir`, else InputError at `base`, the file
        unread.  By default base_dir is the current directory, as for the
        terroir command, when the file lies under it (so that
        datasets/scenarios/*.yaml, whose base is ../quebec/..., load from
        the repository root), else the file's own folder.  The limits are
        those of terroir_load_options;
        language="fr" gives the problems in French.
        Raises FileError when the file cannot be
        read, InputError (with file, line, column, field and every problem
        in .problems) when it is not a valid model."""
        out = ffi.new("terroir_model **")
        diags = ffi.new("terroir_diagnostics **")
        opts, _keep = _load_options(max_bytes, max_depth, max_problems, None, allow_overlays,
                                    language, base_root=_base_root(path, base_dir))
        rc = lib.terroir_model_load_yaml_file(out, cpath(path), opts, diags)
        try:
            check(rc, diags[0])
        finally:
            lib.terroir_diagnostics_free(diags[0])
        return cls._wrap(out[0], path)

    @classmethod
    def loads(cls, data, name=None, *, base_dir=None, max_bytes=None, max_depth=None,
              max_problems=None, allow_overlays=None, language=None):
        """Load and validate a model from YAML text (str or bytes); `name`
        stands for the file name in messages ("<buffer>" by default); the
        `base` of an overlay is found relative to `base_dir` (default: the
        current directory) and must be a regular file inside it.  Text
        from an untrusted client: allow_overlays=False (or from_dict)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("YAML text must be str or bytes, not %s" % type(data).__name__)
        out = ffi.new("terroir_model **")
        diags = ffi.new("terroir_diagnostics **")
        opts, _keep = _load_options(max_bytes, max_depth, max_problems, base_dir,
                                    allow_overlays, language)
        buf = ffi.from_buffer(data)
        rc = lib.terroir_model_load_yaml_buffer(out, buf, len(buf), cstring(name, "name"),
                                                opts, diags)
        try:
            check(rc, diags[0])
        finally:
            lib.terroir_diagnostics_free(diags[0])
        return cls._wrap(out[0])

    @classmethod
    def load_csv(cls, folder, *, max_bytes=None, max_problems=None):
        """Load and validate a folder of spreadsheet tables: products.csv,
        producers.csv, hubs.csv, points.csv, vehicles.csv, settings.csv,
        distances.csv, arcs.csv (datasets/SCHEMA.md, "Spreadsheet folders";
        `,` or `;` separators,
        decimal commas).  Raises FileError when the folder or a table cannot
        be read, InputError when the tables are not a valid model; each
        problem names its table, line, column and, as its field, the
        column name."""
        out = ffi.new("terroir_model **")
        diags = ffi.new("terroir_diagnostics **")
        opts, _keep = _load_options(max_bytes, None, max_problems)
        rc = lib.terroir_model_load_csv_dir(out, cpath(folder), opts, diags)
        try:
            check(rc, diags[0])
        finally:
            lib.terroir_diagnostics_free(diags[0])
        return cls._wrap(out[0], folder)

    @classmethod
    def from_dict(cls, data, name="<dict>", *, base_dir=None):
        """A validated model from the dictionaries of the YAML schema (as a
        YAML or JSON parser would return the file).  Problems raise
        InputError naming the field, e.g. "producers[3].supply.lettuce".

        A dictionary is data, often a client's: one with a `base` key (an
        overlay) is refused unless `base_dir` names the folder whose model
        files it may use as its base, so that a service turning requests
        into models never reads its own files on a client's behalf."""
        try:
            return cls.loads(dict_to_yaml_text(data), name, base_dir=base_dir,
                             allow_overlays=base_dir is not None)
        except InputError as e:
            raise without_positions(e) from None

    @classmethod
    def from_dataframes(cls, **frames):
        """A validated model from pandas DataFrames: see
        terroir.frames.model_dict_from_frames for the tables and columns."""
        from .frames import model_dict_from_frames
        return cls.from_dict(model_dict_from_frames(**frames), name="<dataframes>")

    @classmethod
    def import_file(cls, path, format, *, capacity=None, max_bytes=None):
        """Import a benchmark instance: format "vrplib", "solomon",
        "orlib-cap", "cordeau" or "clrp" (see include/terroir/io.h)."""
        fmt = value_of(FORMATS, format, "format")
        opts = ffi.new("terroir_import_options *")
        check(lib.terroir_import_options_init(opts, lib.TERROIR_IMPORT_OPTIONS_VERSION))
        set_given(opts, capacity=capacity, max_bytes=max_bytes)
        out = ffi.new("terroir_model **")
        check(lib.terroir_model_import_file(out, fmt, cpath(path), opts))
        return cls._wrap(out[0], path)

    def copy(self):
        """A mutable deep copy (not validated), e.g. to change a scenario."""
        out = ffi.new("terroir_model **")
        with self._lock:
            check(lib.terroir_model_clone(out, self._ptr))
        return Model._wrap(out[0])

    # ------------------------------------------------------------ building

    def _mutating(self):
        if self._validated:
            raise InvalidArgumentError("the model is validated (read-only); "
                                       "use model.copy() to change it",
                                       code=lib.TERROIR_EINVAL)

    def _index(self, entity, ref):
        """Index of an entity given by id or index."""
        if isinstance(ref, int) and not isinstance(ref, bool):
            return ref
        out = ffi.new("size_t *")
        check(lib.terroir_model_find(self._ptr, _ENTITIES[entity], cstring(ref, "id"), out))
        return out[0]

    def _site(self, ref):
        """(site kind, index within the kind, site index) of a site given by
        id or site index."""
        kind, index = ffi.new("terroir_site_kind *"), ffi.new("size_t *")
        if isinstance(ref, int) and not isinstance(ref, bool):
            check(lib.terroir_model_get_site(self._ptr, ref, kind, index))
            return kind[0], index[0], ref
        name = cstring(ref, "site id")
        for entity, site_kind in _SITE_ENTITIES:
            if lib.terroir_model_find(self._ptr, _ENTITIES[entity], name, index) == 0:
                site = ffi.new("size_t *")
                check(lib.terroir_model_site_index(self._ptr, site_kind, index[0], site))
                return site_kind, index[0], site[0]
        raise NotFoundError("no producer, hub or point with id %r" % ref,
                            code=lib.TERROIR_ENOTFOUND)

    def set_settings(self, *, name=None, coordinates=None, rounding=None, road_factor=None,
                     speed_kmh=None, arcs=None, co2_price=None, operating_days=None):
        """Change the settings given; the others keep their value."""
        with self._lock:
            self._mutating()
            s = ffi.new("terroir_settings *")
            check(lib.terroir_settings_init(s, lib.TERROIR_SETTINGS_VERSION))
            check(lib.terroir_model_get_settings(self._ptr, s))
            # The current name is borrowed from the model: pass a copy.
            cname = cstring(name if name is not None else text(s.name), "name")
            s.name = cname
            if coordinates is not None:
                s.coordinates = value_of(COORDINATES, coordinates, "coordinates")
            if rounding is not None:
                s.rounding = value_of(ROUNDINGS, rounding, "rounding")
            if arcs is not None:
                s.arcs = value_of(ARCS, arcs, "arcs")
            set_given(s, road_factor=road_factor, speed_kmh=speed_kmh, co2_price=co2_price,
                 operating_days=operating_days)
            check(lib.terroir_model_set_settings(self._ptr, s))
        return self

    def add_member(self, id, *, name=None):
        """Add a member (an organisation sharing the network, for
        terroir.share); add members before the entities naming them.
        Returns its index."""
        spec = ffi.new("terroir_member_spec *")
        check(lib.terroir_member_spec_init(spec, lib.TERROIR_MEMBER_SPEC_VERSION))
        cid, cname = cstring(id, "id"), cstring(name, "name")
        spec.id, spec.name = cid, cname
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            check(lib.terroir_model_add_member(self._ptr, spec, out))
        return out[0]

    def set_member(self, entity, ref, member):
        """Give a producer, hub, point or vehicle type (entity name, then id
        or index) to a member (id or index), or to none with None."""
        with self._lock:
            self._mutating()
            m = lib.TERROIR_NO_MEMBER if member is None else self._index("member", member)
            check(lib.terroir_model_set_member(self._ptr, _ENTITIES[entity],
                                               self._index(entity, ref), m))
        return self

    @contextlib.contextmanager
    def _all_or_nothing(self, entity):
        """The entity just added, then its lines and windows: when any of
        them fails (or anything is raised), the entity goes too, so that a
        builder call that raises leaves the model as it was."""
        try:
            yield
        except BaseException:
            lib.terroir_model_remove_last(self._ptr, _ENTITIES[entity])
            raise

    def _lines(self, quantities):
        """[(product index, quantity)] of a {product: quantity} mapping,
        every product found before anything is added."""
        return [(self._index("product", product), quantity)
                for product, quantity in (quantities or {}).items()]

    def _set_spec_member(self, spec, member):
        if member is not None:
            spec.member = self._index("member", member)

    def add_product(self, id, *, name=None, temperature=None, shelf_life_hours=None,
                    unit=None, kg_per_unit=None, m3_per_unit=None, pallets_per_unit=None):
        """Add a product; returns its index."""
        spec = ffi.new("terroir_product_spec *")
        check(lib.terroir_product_spec_init(spec, lib.TERROIR_PRODUCT_SPEC_VERSION))
        cid, cname, cunit = cstring(id, "id"), cstring(name, "name"), cstring(unit, "unit")
        spec.id, spec.name, spec.unit = cid, cname, cunit
        if temperature is not None:
            spec.temperature = value_of(TEMPERATURES, temperature, "temperature class")
        set_given(spec, shelf_life_hours=shelf_life_hours, kg_per_unit=kg_per_unit,
             m3_per_unit=m3_per_unit, pallets_per_unit=pallets_per_unit)
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            check(lib.terroir_model_add_product(self._ptr, spec, out))
        return out[0]

    def add_producer(self, id, *, name=None, lat=None, lon=None, x=None, y=None, supply=None,
                     time_windows=None, service_minutes=None, self_delivery=None,
                     direct_delivery=None, member=None, pickup_days=None):
        """Add a producer (then its supply, {product: quantity}, and its
        pickup windows, [(open, close), ...] in minutes); returns its index.
        pickup_days: the operating days (1-based) on which it ships, its
        goods collected or brought to a hub; None or [] for every day."""
        spec = ffi.new("terroir_producer_spec *")
        check(lib.terroir_producer_spec_init(spec, lib.TERROIR_PRODUCER_SPEC_VERSION))
        cid, cname = cstring(id, "id"), cstring(name, "name")
        spec.id, spec.name = cid, cname
        _set_location(spec, lat, lon, x, y)
        if self_delivery is not None:
            set_given(spec, self_delivery_kg=self_delivery.get("kg"),
                 self_delivery_km=self_delivery.get("km"))
        if direct_delivery is not None:
            spec.direct_delivery = 1 if direct_delivery else 0
        set_given(spec, service_minutes=service_minutes)
        # cdays: alive while the library reads spec
        cdays = _days(spec, "pickup_days", "n_pickup_days", pickup_days)
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            self._set_spec_member(spec, member)
            lines = self._lines(supply)
            check(lib.terroir_model_add_producer(self._ptr, spec, out))
            with self._all_or_nothing("producer"):
                for product, quantity in lines:
                    check(lib.terroir_model_add_supply(self._ptr, out[0], product, quantity))
                self._add_windows(lib.TERROIR_SITE_PRODUCER, out[0], time_windows)
        return out[0]

    def add_hub(self, id, *, name=None, lat=None, lon=None, x=None, y=None, status=None,
                fixed_cost=None, capacity_kg=None, handling_cost_per_kg=None,
                opening_hours=None, member=None, cross_dock_minutes=None, storage_kg=None):
        """Add a hub; returns its index.  capacity_kg maps temperature
        classes to kg per cycle (a number, or None / "unlimited"); as in a
        model file, a class the mapping leaves out has no capacity.
        cross_dock_minutes: time between goods reaching the hub and their
        leaving it on a delivery route (default 30).  storage_kg maps
        classes to the kg the hub may hold overnight, at the end of every
        operating day but the last, in the same way (None: no limit in any
        class; a class left out of a mapping: 0, nothing overnight)."""
        spec = ffi.new("terroir_hub_spec *")
        check(lib.terroir_hub_spec_init(spec, lib.TERROIR_HUB_SPEC_VERSION))
        cid, cname = cstring(id, "id"), cstring(name, "name")
        spec.id, spec.name = cid, cname
        _set_location(spec, lat, lon, x, y)
        if status is not None:
            spec.status = value_of(HUB_STATUSES, status, "hub status")
        # ccapacity, cstorage: alive while the library reads spec
        ccapacity = _capacities(spec, "capacity_kg", "n_temperatures", capacity_kg, TEMPERATURES,
                                0.0)
        cstorage = _capacities(spec, "storage_kg", "n_storage_temperatures", storage_kg,
                               TEMPERATURES, 0.0)
        set_given(spec, fixed_cost=fixed_cost, handling_cost_per_kg=handling_cost_per_kg,
                  cross_dock_minutes=cross_dock_minutes)
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            self._set_spec_member(spec, member)
            check(lib.terroir_model_add_hub(self._ptr, spec, out))
            with self._all_or_nothing("hub"):
                self._add_windows(lib.TERROIR_SITE_HUB, out[0], opening_hours)
        return out[0]

    def add_point(self, id, *, name=None, lat=None, lon=None, x=None, y=None, kind=None,
                  demand=None, priority=None, unserved_penalty_per_kg=None, time_windows=None,
                  service_minutes=None, member=None, delivery_days=None):
        """Add a distribution point (then its demand, {product: quantity},
        and its delivery windows); returns its index.  delivery_days: the
        operating days (1-based) on which it receives deliveries; None or []
        for every day."""
        spec = ffi.new("terroir_point_spec *")
        check(lib.terroir_point_spec_init(spec, lib.TERROIR_POINT_SPEC_VERSION))
        cid, cname = cstring(id, "id"), cstring(name, "name")
        spec.id, spec.name = cid, cname
        _set_location(spec, lat, lon, x, y)
        if kind is not None:
            spec.kind = value_of(POINT_KINDS, kind, "point kind")
        set_given(spec, priority=priority, unserved_penalty_per_kg=unserved_penalty_per_kg,
             service_minutes=service_minutes)
        # cdays: alive while the library reads spec
        cdays = _days(spec, "delivery_days", "n_delivery_days", delivery_days)
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            self._set_spec_member(spec, member)
            lines = self._lines(demand)
            check(lib.terroir_model_add_point(self._ptr, spec, out))
            with self._all_or_nothing("point"):
                for product, quantity in lines:
                    check(lib.terroir_model_add_demand(self._ptr, out[0], product, quantity))
                self._add_windows(lib.TERROIR_SITE_POINT, out[0], time_windows)
        return out[0]

    def add_vehicle_type(self, id, *, home_hub, name=None, count=None, capacity=None,
                         temperatures=None, fixed_cost=None, cost_per_km=None,
                         cost_per_hour=None, speed_kmh=None, max_duration_minutes=None,
                         co2_kg_per_km=None, member=None, trips_per_day=None,
                         loading_minutes=None):
        """Add a vehicle type based at `home_hub` (id or index); capacity
        maps kg, m3, pallets to a number (a dimension left out: unlimited);
        temperatures lists the classes it carries.  trips_per_day (default
        1) trips per vehicle and operating day, with loading_minutes
        (default 0) of reloading at the home hub between two.  Returns its
        index."""
        spec = ffi.new("terroir_vehicle_type_spec *")
        check(lib.terroir_vehicle_type_spec_init(spec, lib.TERROIR_VEHICLE_TYPE_SPEC_VERSION))
        cid, cname = cstring(id, "id"), cstring(name, "name")
        spec.id, spec.name = cid, cname
        # ccapacity: alive while the library reads spec
        ccapacity = _capacities(spec, "capacity", "n_dimensions", capacity, DIMENSIONS, None)
        if temperatures is not None:
            spec.temperatures = class_bits(temperatures)
        set_given(spec, count=count, fixed_cost=fixed_cost, cost_per_km=cost_per_km,
             cost_per_hour=cost_per_hour, speed_kmh=speed_kmh,
             max_duration_minutes=max_duration_minutes, co2_kg_per_km=co2_kg_per_km,
             trips_per_day=trips_per_day, loading_minutes=loading_minutes)
        out = ffi.new("size_t *")
        with self._lock:
            self._mutating()
            spec.home_hub = self._index("hub", home_hub)
            self._set_spec_member(spec, member)
            check(lib.terroir_model_add_vehicle_type(self._ptr, spec, out))
        return out[0]

    def add_supply(self, producer, product, quantity):
        """Supply of a product at a producer per cycle (ids or indices);
        adding the same product twice adds the quantities."""
        with self._lock:
            self._mutating()
            check(lib.terroir_model_add_supply(self._ptr, self._index("producer", producer),
                                               self._index("product", product), quantity))

    def add_demand(self, point, product, quantity):
        """Demand of a product at a point per cycle (ids or indices)."""
        with self._lock:
            self._mutating()
            check(lib.terroir_model_add_demand(self._ptr, self._index("point", point),
                                               self._index("product", product), quantity))

    def _add_windows(self, kind, index, windows):
        for window in windows or ():
            t_open, t_close = window
            check(lib.terroir_model_add_time_window(self._ptr, kind, index, t_open, t_close))

    def add_time_window(self, site, open_minute, close_minute):
        """A time window of a site (id or site index), in minutes from the
        start of the operating day."""
        with self._lock:
            self._mutating()
            kind, index, _ = self._site(site)
            self._add_windows(kind, index, [(open_minute, close_minute)])

    def set_matrix(self, sites, km, minutes=None):
        """An explicit distance matrix between `sites` (ids or site indices):
        km[i][j] from sites[i] to sites[j]; minutes likewise or None."""
        with self._lock:
            self._mutating()
            n = len(sites)
            idx = ffi.new("size_t[]", [self._site(s)[2] for s in sites])
            ckm = ffi.new("double[]", _square(km, n, "km"))
            cmin = ffi.new("double[]", _square(minutes, n, "minutes")) \
                if minutes is not None else ffi.NULL
            check(lib.terroir_model_set_matrix(self._ptr, n, idx, ckm, cmin))

    def add_arc(self, from_site, to_site, cost_per_kg, km=None):
        """A transport arc of a model with settings arcs = "listed"."""
        with self._lock:
            self._mutating()
            check(lib.terroir_model_add_arc(self._ptr, self._site(from_site)[2],
                                            self._site(to_site)[2], cost_per_kg,
                                            -1.0 if km is None else km))

    def validate(self):
        """Check the model as a whole; when valid, it becomes read-only.
        Raises InputError listing every problem.  Returns the model."""
        with self._lock:
            if self._validated:
                return self
            diags = ffi.new("terroir_diagnostics **")
            rc = lib.terroir_model_validate(self._ptr, diags)
            try:
                check(rc, diags[0])
            finally:
                lib.terroir_diagnostics_free(diags[0])
            self._validated = True
        return self

    # ------------------------------------------------------------ reading

    @property
    def is_validated(self):
        return self._validated

    def _read(self, fn):
        if self._validated:
            return fn(self._ptr)
        with self._lock:
            return fn(self._ptr)

    @property
    def name(self):
        """settings.name, or None."""
        return self._read(read_settings)[0]

    @property
    def settings(self):
        """The settings as in a model file (name apart)."""
        return self._read(read_settings)[1]

    def count(self, entity):
        """Number of "product", "producer", "hub", "point", "vehicle_type"
        or "site"."""
        if entity == "site":
            return self._read(lib.terroir_model_site_count)
        kind = _ENTITIES.get(entity)
        if kind is None:
            raise ValueError("unknown entity %r; expected one of: %s, site"
                             % (entity, ", ".join(_ENTITIES)))
        return self._read(lambda p: lib.terroir_model_count(p, kind))

    def find(self, entity, id):
        """Index of the entity of that kind with that id; NotFoundError."""
        return self._read(lambda p: self._index(entity, id))

    def site_ids(self):
        """Ids of every site, by site index."""
        return self._read(lambda p: [text(lib.terroir_model_site_id(p, s))
                                     for s in range(lib.terroir_model_site_count(p))])

    def site_kind(self, site):
        """"producer", "hub" or "point", for a site id or site index."""
        return SITE_KINDS[self._read(lambda p: self._site(site)[0])]

    def distance(self, from_site, to_site):
        """(km, minutes) from one site to another (ids or site indices)."""
        def read(p):
            km, minutes = ffi.new("double *"), ffi.new("double *")
            check(lib.terroir_model_distance(p, self._site(from_site)[2],
                                             self._site(to_site)[2], km, minutes))
            return km[0], minutes[0]
        return self._read(read)

    def to_dict(self):
        """The model as the dictionaries of the YAML schema (every field
        written out); Model.from_dict(model.to_dict()) == model."""
        return self._read(model_to_dict)

    def to_dataframes(self):
        """The model as pandas DataFrames (the tables that
        Model.from_dataframes reads)."""
        from .frames import model_frames_from_dict
        return model_frames_from_dict(self.to_dict())

    def to_yaml(self):
        """The model as YAML text (the library's writer)."""
        out, n = ffi.new("char **"), ffi.new("size_t *")
        self._read(lambda p: check(lib.terroir_model_write_yaml_buffer(out, n, p)))
        try:
            return ffi.unpack(out[0], n[0]).decode("utf-8")
        finally:
            lib.terroir_free(out[0])

    def write_yaml(self, path):
        """Write the model as a YAML file."""
        self._read(lambda p: check(lib.terroir_model_write_yaml_file(p, cpath(path))))

    def write_csv(self, folder):
        """Write the model as a folder of spreadsheet tables (created when
        missing) that Model.load_csv reads back."""
        self._read(lambda p: check(lib.terroir_model_write_csv_dir(p, cpath(folder))))

    @property
    def products(self):
        return self.to_dict()["products"]

    @property
    def producers(self):
        return self.to_dict()["producers"]

    @property
    def hubs(self):
        return self.to_dict()["hubs"]

    @property
    def points(self):
        return self.to_dict()["points"]

    @property
    def vehicle_types(self):
        return self.to_dict()["vehicle_types"]

    def __eq__(self, other):
        """Same data (terroir_model_equal): settings, entities in the same
        order, quantities, windows, matrix and arcs."""
        if not isinstance(other, Model):
            return NotImplemented
        first, second = sorted((self, other), key=id)
        with first._lock, second._lock:
            return bool(lib.terroir_model_equal(self._ptr, other._ptr))

    __hash__ = None

    def __repr__(self):
        counts = ", ".join("%d %ss" % (self.count(e), e.replace("_", " "))
                           for e in ("product", "producer", "hub", "point", "vehicle_type"))
        state = "validated" if self._validated else "mutable"
        label = self.source or self.name or "model"
        return "<terroir.Model %s: %s, %s>" % (label, counts, state)


def _square(rows, n, what):
    flat = []
    if len(rows) != n:
        raise ValueError("%s has %d rows; expected %d" % (what, len(rows), n))
    for row in rows:
        row = list(row)
        if len(row) != n:
            raise ValueError("a row of %s has %d values; expected %d" % (what, len(row), n))
        flat.extend(row)
    return flat
