"""terroir.compare(): solve several scenarios and set their KPIs side by
side.  Built on terroir.solve(); a scenario is a Model, a YAML path (a full
model or an overlay of one) or a schema dictionary."""
import os

from .names import POINT_KINDS
from .solve import as_model, solve

__all__ = ["compare", "Comparison"]

# (row label, how to read it from a plan): the figures `terroir compare`
# prints, in that order.
_ROWS = [
    ("status", lambda p: p.status),
    ("objective", lambda p: p.objective),
    ("fixed hub cost", lambda p: p.cost.fixed_hub),
    ("handling", lambda p: p.cost.handling),
    ("transport", lambda p: p.cost.transport),
    ("vehicle fixed cost", lambda p: p.cost.vehicle_fixed),
    ("co2 cost", lambda p: p.cost.co2),
    ("unserved penalty", lambda p: p.cost.unserved_penalty),
    ("hubs open", lambda p: len(p.open_hubs)),
    ("routes", lambda p: p.kpis.routes),
    ("km driven", lambda p: p.kpis.routed_km),
    ("tonne-km", lambda p: p.kpis.tonne_km),
    ("co2 kg", lambda p: p.kpis.co2_kg),
    ("demand kg", lambda p: p.kpis.demand_kg),
    ("served kg", lambda p: p.kpis.served_kg),
    ("served %", lambda p: 100.0 * p.kpis.served_share),
] + [
    ("served % " + kind,
     (lambda kind: lambda p: (100.0 * p.kpis.served_kg_by_kind[kind]
                              / p.kpis.demand_kg_by_kind[kind])
      if p.kpis.demand_kg_by_kind[kind] > 0 else None)(kind))
    for kind in POINT_KINDS
]


def _label(scenario, model, i):
    if isinstance(scenario, (str, bytes, os.PathLike)):
        path = os.fsdecode(scenario)
        base = os.path.basename(os.path.normpath(path))
        # A CSV folder keeps its whole name; a file loses its extension.
        return base if os.path.isdir(path) else os.path.splitext(base)[0]
    return model.name or "scenario %d" % (i + 1)


class Comparison:
    """Plans of several scenarios: .labels, .models, .plans, and the KPI
    table as .rows() ([label, value per scenario]), .to_frame() (pandas)
    or str()."""

    def __init__(self, labels, models, plans):
        self.labels = list(labels)
        self.models = list(models)
        self.plans = list(plans)

    def rows(self):
        """[(kpi, [value of each scenario])], the rows of the table; a
        point kind without demand in a scenario gives None."""
        return [(name, [read(p) for p in self.plans]) for name, read in _ROWS]

    def to_dict(self):
        return {label: {name: read(plan) for name, read in _ROWS}
                for label, plan in zip(self.labels, self.plans)}

    def to_frame(self):
        """The table as a pandas DataFrame: one row per KPI, one column per
        scenario."""
        from .frames import _pandas
        pd = _pandas()
        rows = self.rows()
        return pd.DataFrame([values for _, values in rows], index=[name for name, _ in rows],
                            columns=self.labels)

    def to_html(self, *, title=None, map_width=None):
        """The HTML page comparing the scenarios side by side (KPIs with
        their differences to the first, hubs open, service by point kind, a
        map per scenario), as text."""
        from . import report
        return report.compare_html(self.models, self.plans, self.labels, title, map_width)

    def write_html(self, path, *, title=None, map_width=None):
        from . import report
        report.write_compare_html(self.models, self.plans, self.labels, path, title,
                                  map_width)

    def __str__(self):
        def fmt(v):
            if v is None:
                return "-"
            if isinstance(v, float):
                return "%.2f" % v
            return str(v)
        table = [["", *self.labels]] + [[name, *map(fmt, values)] for name, values in self.rows()]
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines = []
        for row in table:
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def __repr__(self):
        return "<terroir.Comparison of %s>" % ", ".join(self.labels)


def compare(*scenarios, labels=None, **solve_options):
    """Solve each scenario with the same options (those of terroir.solve,
    base_dir included: the folder overlays may read) and return a
    Comparison."""
    if not scenarios:
        raise ValueError("compare() needs at least one scenario")
    if labels is not None and len(labels) != len(scenarios):
        raise ValueError("%d labels for %d scenarios" % (len(labels), len(scenarios)))
    base_dir = solve_options.pop("base_dir", None)
    models = [as_model(s, base_dir) for s in scenarios]
    plans = [solve(m, **solve_options) for m in models]
    if labels is None:
        labels = [_label(s, m, i) for i, (s, m) in enumerate(zip(scenarios, models))]
    return Comparison(labels, models, plans)
