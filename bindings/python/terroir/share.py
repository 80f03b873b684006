"""terroir.share(): how the members of a shared network split its cost
(include/terroir/share.h).

    shares = terroir.share("datasets/quebec/monteregie.yaml", route_iterations=50)
    for m in shares.members:
        print(m["id"], m["standalone_cost"], m["nucleolus"])

A coalition's cost is the objective of the plan of the model restricted to
its members (members outside it absent with their producers, hubs, points
and vehicle types; entities without a member shared by all): operating cost
plus the penalty of its demand left unserved.  The C computation runs
without the GIL; its coalitions are solved in threads.
"""
import json

from ._ffi import cstring, ffi, lib, number_or_none, set_given, text
from .errors import check
from .solve import as_model

__all__ = ["share", "share_game", "Shares"]

METHODS = {"shapley": lib.TERROIR_SHARE_SHAPLEY, "nucleolus": lib.TERROIR_SHARE_NUCLEOLUS,
           "epm": lib.TERROIR_SHARE_EPM}


def _methods(method):
    if method is None or method == "all":
        return (1 << lib.TERROIR_SHARE_METHOD_COUNT) - 1
    names = [method] if isinstance(method, str) else list(method)
    bits = 0
    for name in names:
        if name not in METHODS:
            raise ValueError("unknown method %r (expected one of %s or 'all')"
                             % (name, ", ".join(METHODS)))
        bits |= 1 << METHODS[name]
    return bits


def _options(method, time_limit, seed, route_iterations, coalition_seconds, threads, samples):
    opts = ffi.new("terroir_share_options *")
    check(lib.terroir_share_options_init(opts, lib.TERROIR_SHARE_OPTIONS_VERSION))
    opts.methods = _methods(method)
    set_given(opts, time_limit_seconds=time_limit, seed=seed, route_iterations=route_iterations,
              coalition_seconds=coalition_seconds, threads=threads, samples=samples)
    return opts


class Shares:
    """The result: members (dicts with id, name, standalone_cost, shapley,
    shapley_half_width, nucleolus, epm; None for a method not computed),
    the grand coalition's cost, the core check, every coalition solved."""

    def __init__(self, ptr):
        self._ptr = ffi.gc(ptr, lib.terroir_share_free)
        s = ffi.new("terroir_share_summary *")
        s.version = lib.TERROIR_SHARE_SUMMARY_VERSION
        check(lib.terroir_share_get_summary(self._ptr, s))
        self.grand_coalition_cost = s.grand_coalition_cost
        self.standalone_total = s.standalone_total
        self.exact = bool(s.exact)
        self.core_empty = None if s.core_empty < 0 else bool(s.core_empty)
        self.least_core_epsilon = number_or_none(s.least_core_epsilon)
        self.artefacts = s.n_artefacts
        self.warm_started = s.n_warm_started
        self.seconds = s.seconds
        self.members = []
        m = ffi.new("terroir_share_member *")
        for i in range(lib.terroir_share_member_count(self._ptr)):
            m.version = lib.TERROIR_SHARE_MEMBER_VERSION
            check(lib.terroir_share_get_member(self._ptr, i, m))
            self.members.append({
                "id": text(m.id), "name": text(m.name), "standalone_cost": m.standalone_cost,
                "shapley": number_or_none(m.shapley),
                "shapley_half_width": m.shapley_half_width,
                "nucleolus": number_or_none(m.nucleolus), "epm": number_or_none(m.epm)})
        ids = [x["id"] for x in self.members]
        self.coalitions = []
        c = ffi.new("terroir_share_coalition *")
        for k in range(lib.terroir_share_coalition_count(self._ptr)):
            c.version = lib.TERROIR_SHARE_COALITION_VERSION
            check(lib.terroir_share_get_coalition(self._ptr, k, c))
            self.coalitions.append({
                "members": [ids[i] for i in range(len(ids)) if c.members >> i & 1],
                "cost": c.cost, "operating_cost": c.operating_cost,
                "unserved_penalty": c.unserved_penalty, "artefact": bool(c.artefact),
                "warm": bool(c.warm_started), "cold_cost": c.cold_cost,
                "warm_cost": number_or_none(c.warm_cost)})
        self.blocking = {}
        bits, excess = ffi.new("unsigned long long *"), ffi.new("double *")
        for name, method in METHODS.items():
            found = []
            for k in range(lib.terroir_share_blocking_count(self._ptr, method)):
                check(lib.terroir_share_get_blocking(self._ptr, method, k, bits, excess))
                found.append(([ids[i] for i in range(len(ids)) if bits[0] >> i & 1], excess[0]))
            self.blocking[name] = found

    def to_json(self):
        """The result as JSON text, as `terroir share -o shares.json` writes it."""
        out, n = ffi.new("char **"), ffi.new("size_t *")
        check(lib.terroir_share_write_json_buffer(out, n, self._ptr))
        try:
            return ffi.unpack(out[0], n[0]).decode("utf-8")
        finally:
            lib.terroir_free(out[0])

    def to_dict(self):
        return json.loads(self.to_json())

    def __repr__(self):
        return "<terroir.Shares %d members, grand coalition %.2f>" % (
            len(self.members), self.grand_coalition_cost)


def share(model, *, method=None, time_limit=None, seed=None, route_iterations=None,
          coalition_seconds=None, threads=None, samples=None):
    """Share the cost of a model's network among its members (a Model, a
    YAML path or a dictionary).  method: "shapley", "nucleolus", "epm", a
    list of them, or "all" (default).  time_limit: seconds for the whole
    computation, split over the coalitions; seed and route_iterations apply
    to every coalition's solve (same seed, no time limit: same shares)."""
    model = as_model(model)
    opts = _options(method, time_limit, seed, route_iterations, coalition_seconds, threads,
                    samples)
    out = ffi.new("terroir_share **")
    check(lib.terroir_share_compute(out, model._ptr, opts))
    return Shares(out[0])


def share_game(costs, ids=None, *, method=None):
    """The same allocations on a cost game given directly: costs[S - 1] is
    the cost of the coalition whose bit set is S (bit i = player i), for S =
    1 .. 2**n - 1."""
    n = 0
    while (1 << n) - 1 < len(costs):
        n += 1
    if (1 << n) - 1 != len(costs):
        raise ValueError("expected 2**n - 1 coalition costs, got %d" % len(costs))
    keep = [cstring(i, "id") for i in ids] if ids is not None else []
    cids = ffi.new("const char *[]", keep) if ids is not None else ffi.NULL
    out = ffi.new("terroir_share **")
    check(lib.terroir_share_game(out, n, ffi.new("double[]", list(costs)), cids,
                                 _options(method, None, None, None, None, None, None)))
    return Shares(out[0])
