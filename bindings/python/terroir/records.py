"""What a plan reports, as plain Python objects (include/terroir/plan.h).

Every record is a frozen dataclass holding copies (str, float, int, dict,
tuple): it never points into the C plan.  Per-dimension amounts are dicts
{"kg", "m3", "pallets"}; per-class ones {"ambient", "chilled", "frozen"};
per-kind ones {"grocery", "food_bank", ...}.  A value the library does not
know (NaN: no bound after routing, no routes to compare with) is None.
"""
from dataclasses import asdict, dataclass, field
from typing import Dict, Optional, Tuple

__all__ = ["Cost", "KPIs", "PlanHub", "Flow", "Unserved", "StopProduct", "Stop", "Route",
           "UnservedStop", "SelfDelivery",
           "Progress", "Baseline", "asdict"]


@dataclass(frozen=True)
class Cost:
    """Money by component; total = the plan's objective."""
    fixed_hub: float
    handling: float
    transport: float
    vehicle_fixed: float
    co2: float
    unserved_penalty: float

    @property
    def total(self):
        return (self.fixed_hub + self.handling + self.transport + self.vehicle_fixed
                + self.co2 + self.unserved_penalty)


@dataclass(frozen=True)
class KPIs:
    """Key figures of a plan.  served_share is served / demand (1 when there
    is no demand); the routing figures are 0 when no routing stage ran."""
    tonne_km: float
    co2_kg: float
    demand_kg: float
    served_kg: float
    served_share: float
    demand_kg_by_kind: Dict[str, float]
    served_kg_by_kind: Dict[str, float]
    routes: int
    unserved_stops: int
    routed_km: float
    routed_minutes: float
    routed_cost: float
    transport_estimate: float
    transport_estimate_error: Optional[float]
    route_polish_gain: float
    route_feedback_applied: bool


@dataclass(frozen=True)
class PlanHub:
    """A hub of the model as the plan uses it.  capacity_kg: None for no
    limit; capacity_value_per_kg: money saved per extra kg of capacity."""
    id: str
    open: bool
    fixed_cost: float
    throughput_kg: Dict[str, float]
    capacity_kg: Dict[str, Optional[float]]
    utilisation: Dict[str, float]
    capacity_value_per_kg: Dict[str, float]
    #: minutes between goods reaching the hub and their leaving it on a
    #: delivery route
    cross_dock_minutes: float = 0.0


@dataclass(frozen=True)
class Flow:
    """Food of one product from a producer to a point, through a hub (hub
    None: the producer delivers directly)."""
    product: str
    producer: str
    hub: Optional[str]
    point: str
    quantity: float
    kg: float
    km: float
    cost: float


@dataclass(frozen=True)
class Unserved:
    """Demand left unserved, with the reason ("supply_short", ...) and a
    sentence for planners."""
    point: str
    product: str
    quantity: float
    kg: float
    reason: str
    detail: Optional[str]


@dataclass(frozen=True)
class StopProduct:
    """The goods of one product moved at a stop: dropped at a delivery,
    collected at a pickup (quantity in the product's unit)."""
    product: str
    quantity: float
    kg: float


@dataclass(frozen=True)
class Stop:
    """One stop of a route: kind "delivery" (a point) or "pickup" (a
    producer); times in minutes of the operating day.  products: the goods
    moved per product (empty when the stop's goods are known in kg only)."""
    site: str
    kind: str
    arrival: float
    start: float
    departure: float
    delivery: Dict[str, float]
    pickup: Dict[str, float]
    load: Dict[str, float]
    temperatures: Tuple[str, ...]
    products: Tuple[StopProduct, ...] = field(default=())


@dataclass(frozen=True)
class Route:
    """One vehicle's route from its home hub and back, on an operating day
    (1-based)."""
    vehicle_type: str
    vehicle: int
    day: int
    hub: str
    km: float
    minutes: float
    cost: float
    co2_kg: float
    departure: float
    arrival: float
    load_start: Dict[str, float]
    stops: Tuple[Stop, ...] = field(default=())


@dataclass(frozen=True)
class UnservedStop:
    """A stop no route serves, with the reason ("fleet_size", ...)."""
    site: str
    kind: str
    hub: Optional[str]
    kg: float
    penalty: float
    reason: str
    detail: Optional[str]


@dataclass(frozen=True)
class SelfDelivery:
    """Goods a producer brings to a hub itself, not routed: they leave the
    farm at departure and are at the hub from arrival (minutes of operating
    day `day`, 1-based)."""
    producer: str
    hub: str
    product: str
    quantity: float
    kg: float
    day: int
    departure: float
    arrival: float


@dataclass(frozen=True)
class Progress:
    """What a progress callback is told: the stage running ("design",
    "allocate", "route", "evaluate"), seconds since the solve started, and
    the stage's best objective and bound so far (None when not known)."""
    stage: str
    elapsed_seconds: float
    incumbent: Optional[float]
    bound: Optional[float]


@dataclass(frozen=True)
class Baseline:
    """The no-hub baseline of a plan (include/terroir/baseline.h): each
    producer driving its own goods to the points, beside the cooperative
    plan's routes (plan_*).  Reductions are 1 - plan / baseline (None when
    either side has no routes)."""
    producers: int
    stops: int
    routes: int
    km: float
    minutes: float
    cost: float
    tonne_km: float
    co2_kg: float
    delivered_kg: float
    delivered_kg_by_class: Dict[str, float]
    undelivered_kg: float
    unserved_stops: int
    direct_kg: float
    plan_lost_kg: float
    plan_routes: int
    plan_km: float
    plan_minutes: float
    plan_cost: float
    plan_tonne_km: float
    plan_co2_kg: float
    route_reduction: Optional[float]
    km_reduction: Optional[float]
    seconds: float
