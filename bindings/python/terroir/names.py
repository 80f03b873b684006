"""Names of the library's enumerations, as used in files and messages
("chilled", "food_bank", "supply_short", ...), taken from the library's own
*_to_string functions so that Python and C always agree.

Each table is a tuple indexed by the enum value; `value_of()` goes back.
"""
import functools

from ._ffi import lib, text

__all__ = [
    "TEMPERATURES", "HUB_STATUSES", "POINT_KINDS", "SITE_KINDS", "COORDINATES", "ROUNDINGS",
    "ARCS", "DIMENSIONS", "STAGES", "STATUSES", "UNSERVED_REASONS", "STOP_KINDS",
    "UNSERVED_STOP_REASONS", "FORMATS", "value_of", "bits_of", "class_names", "class_bits",
]


def _names(to_string):
    """Every name of an enum whose values run from 0: the library names an
    out-of-range value "unknown"."""
    names = []
    while len(names) < 64:
        name = text(to_string(len(names)))
        if name == "unknown":
            break
        names.append(name)
    return tuple(names)


TEMPERATURES = _names(lib.terroir_temperature_to_string)
HUB_STATUSES = _names(lib.terroir_hub_status_to_string)
POINT_KINDS = _names(lib.terroir_point_kind_to_string)
SITE_KINDS = _names(lib.terroir_site_kind_to_string)
COORDINATES = _names(lib.terroir_coordinates_to_string)
ROUNDINGS = _names(lib.terroir_rounding_to_string)
ARCS = _names(lib.terroir_arcs_to_string)
DIMENSIONS = _names(lib.terroir_dimension_to_string)
STAGES = _names(lib.terroir_stage_to_string)
STATUSES = _names(lib.terroir_status_to_string)
UNSERVED_REASONS = _names(lib.terroir_unserved_reason_to_string)
STOP_KINDS = _names(lib.terroir_stop_kind_to_string)
UNSERVED_STOP_REASONS = _names(lib.terroir_unserved_stop_reason_to_string)
FORMATS = _names(lib.terroir_format_to_string)


def value_of(table, name, what):
    """The enum value whose name is `name` (an int is taken as the value
    itself); ValueError naming the choices otherwise."""
    if isinstance(name, int) and not isinstance(name, bool) and 0 <= name < len(table):
        return name
    try:
        return table.index(name)
    except ValueError:
        raise ValueError("unknown %s %r; expected one of: %s"
                         % (what, name, ", ".join(table))) from None


@functools.lru_cache(maxsize=None)
def class_names(bits):
    """Temperature classes of a bit set of (1 << class), as names."""
    return tuple(name for i, name in enumerate(TEMPERATURES) if bits & (1 << i))


def bits_of(table, names, what):
    """A bit set of (1 << value) from names (or one name) of an enum."""
    if isinstance(names, str):
        names = [names]
    bits = 0
    for name in names:
        bits |= 1 << value_of(table, name, what)
    return bits


def class_bits(names):
    """A bit set of temperature classes from their names."""
    return bits_of(TEMPERATURES, names, "temperature class")
