"""The figures of one agency-year (`Year`), drawn as one series per agency (`draw_series`): every
total is the sum of its parts, each year follows from the year before, and every amount is a
multiple of the agency's quantum so that it prints exactly in the agency's unit."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from fiscal_kg.synth.agencies import Agency

_NORTH = ("110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
          "370000", "410000", "610000", "620000", "630000", "640000", "650000", "540000")


# 机关运行经费 line items (economic classification), in the order of the classification.
_OPERATING_ITEMS: tuple[tuple[str, float], ...] = (
    ("办公费", 8), ("印刷费", 1), ("咨询费", 0.5), ("手续费", 0.3), ("水费", 0.6), ("电费", 3),
    ("邮电费", 2), ("取暖费", 2), ("物业管理费", 5), ("差旅费", 6), ("维修（护）费", 3),
    ("租赁费", 1.5), ("会议费", 1.5), ("培训费", 2), ("公务接待费", 1), ("专用材料费", 1),
    ("劳务费", 3), ("委托业务费", 6), ("工会经费", 4), ("福利费", 4),
    ("公务用车运行维护费", 5), ("其他交通费用", 7), ("税金及附加费用", 0.3),
    ("其他商品和服务支出", 3), ("办公设备购置", 2), ("信息网络及软件购置更新", 1),
)
_VEHICLE_USES = ("主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                 "特种专业技术用车", "其他用车")


@dataclass
class Year:
    year: int
    # staffing
    authorised: int = 0
    active: int = 0
    off_establishment: int = 0
    retired_cadres: int = 0
    retired: int = 0
    secondary: int = 0
    # income and expenditure, fen
    total: int = 0
    carry_in: int = 0
    general_in: int = 0
    fund_in: int = 0
    institution_in: int = 0
    other_in: int = 0
    personnel: int = 0
    public_funds: int = 0
    project: int = 0
    carry_out: int = 0
    carry_out_project: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # functional code -> fen
    # "三公"
    abroad: int = 0
    reception: int = 0
    vehicle_purchase: int = 0
    vehicle_operation: int = 0
    abroad_groups: int = 0
    abroad_persons: int = 0
    reception_batches: int = 0
    reception_persons: int = 0
    vehicles_bought: int = 0
    vehicles: int = 0
    vehicle_uses: dict[str, int] = field(default_factory=dict)
    budget_three: tuple[int, int, int] = (0, 0, 0)  # abroad, reception, vehicles
    # 机关运行经费
    operating: dict[str, int] = field(default_factory=dict)
    operating_budget: int = 0
    # procurement
    goods: int = 0
    works: int = 0
    services: int = 0
    procurement_planned: int = 0
    sme: int = 0
    small_micro: int = 0
    # assets and performance
    area: Decimal = Decimal(0)
    general_equipment: int = 0
    special_equipment: int = 0
    projects: int = 0
    performance_amount: int = 0
    score: Decimal = Decimal(0)
    budget_total: int = 0

    @property
    def appropriation(self) -> int:
        return self.general_in + self.fund_in

    @property
    def income(self) -> int:
        return self.appropriation + self.institution_in + self.other_in

    @property
    def basic(self) -> int:
        return self.personnel + self.public_funds

    @property
    def spent(self) -> int:
        return self.basic + self.project

    @property
    def general_out(self) -> int:
        return sum(self.classes.values())

    @property
    def vehicle_total(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def three(self) -> int:
        return self.abroad + self.reception + self.vehicle_total

    @property
    def operating_total(self) -> int:
        return sum(self.operating.values())

    @property
    def procurement(self) -> int:
        return self.goods + self.works + self.services


def split(total: int, weights: Sequence[float], rng: random.Random, jitter: float = 0.4) -> list[int]:
    """`total` units in parts proportional to randomly perturbed weights, adding up exactly."""
    perturbed = [w * rng.uniform(1 - jitter, 1 + jitter) for w in weights]
    whole = sum(perturbed) or 1.0
    raw = [total * w / whole for w in perturbed]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def in_fen(value: float, quantum: int) -> int:
    """An amount in yuan as fen, a multiple of the quantum."""
    return max(0, round(value * 100 / quantum)) * quantum


class _Drift:
    """Agency parameters that change a little from one year to the next."""

    def __init__(self, rng: random.Random, **start: float) -> None:
        self.rng = rng
        self.values = dict(start)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def step(self, spread: float = 0.06, steady: tuple[str, ...] = ()) -> None:
        for name in self.values:
            change = spread / 4 if name in steady else spread
            self.values[name] *= self.rng.uniform(1 - change, 1 + change)


def draw_series(agency: Agency, rng: random.Random) -> dict[int, Year]:
    """Every year of the agency from the year before its first report to its last."""
    years: dict[int, Year] = {}
    q = agency.quantum
    kind = agency.kind
    admin = kind.key in ("office", "audit", "statistics")
    p = _Drift(
        rng, level=1.0, staff=float(agency.staff), three=rng.uniform(0.6, 1.4),
        general=rng.uniform(0.75, 0.95), fund=rng.uniform(0.01, 0.06) if rng.random() < 0.3 else 0.0,
        institution=rng.uniform(0.05, 0.25) if kind.institution else 0.0,
        other=rng.uniform(0.002, 0.03) if rng.random() < 0.6 else 0.0,
        basic=rng.uniform(0.35, 0.8) if admin else rng.uniform(0.15, 0.6),
        personnel=rng.uniform(0.7, 0.88), operating=rng.uniform(0.5, 0.9),
        authorised=rng.uniform(1.0, 1.12), retired=rng.uniform(0.1, 0.45),
        abroad=rng.uniform(0.02, 0.2), reception=rng.uniform(0.1, 0.35),
        operation=rng.uniform(0.4, 0.8), gov_share=rng.uniform(0.8, 1.0),
        per_head=rng.uniform(2.5e4, 8e4))
    travels = rng.random() < (0.7 if agency.region.level in ("province", "municipality") else 0.15)
    per_vehicle = rng.uniform(25, 60) if kind.institution else rng.uniform(8, 25)
    vehicles = max(1, int(agency.staff / per_vehicle)) if agency.has_three_public else 0
    uses = [u for u in _VEHICLE_USES if rng.random() < 0.6] or ["其他用车"]
    items = [(name, w * rng.uniform(0.5, 1.5)) for name, w in _OPERATING_ITEMS
             if (name != "取暖费" or agency.region.code[:2] + "0000" in _NORTH)
             and rng.random() < 0.75] or list(_OPERATING_ITEMS[:4])
    class_weights = [6.0 * rng.uniform(0.6, 1.4)] + [rng.uniform(0.4, 1.6)
                                                     for _ in agency.functional[1:]]
    special = rng.randint(0, 8) if kind.key in ("cdc", "health", "police", "transport", "water") else 0
    general_equipment = rng.randint(0, 12)
    area = float(agency.staff) * rng.uniform(12, 40)
    carry_out: int | None = None
    for year in range(agency.years[0] - 1, agency.years[-1] + 1):
        if years:
            p.step(steady=("basic", "personnel", "operating", "general", "authorised", "retired"))
            p.values["level"] *= rng.uniform(0.96, 1.1)
            p.values["three"] *= rng.uniform(0.85, 1.02)  # 八项规定: “三公” costs go down
        y = Year(year)
        y.active = min(560, max(10, int(p["staff"])))
        y.authorised = min(600, max(y.active, int(y.active * min(p["authorised"], 1.15))))
        y.off_establishment = rng.randint(0, max(1, y.active // 25))
        y.retired_cadres = max(0, round(y.active / 60 * (1 - (year - 2014) / 12)))
        y.retired = int(y.active * p["retired"])
        y.secondary = 0 if kind.institution else (len(agency.name) + agency.staff) % 5
        total = agency.income * p["level"]
        y.carry_in = in_fen(total * rng.uniform(0.0, 0.08), q) if carry_out is None else carry_out
        income = max(q * 10, in_fen(total, q) - y.carry_in)
        general, fund, institution, other = split(income // q, [
            p["general"], p["fund"], p["institution"], p["other"]], rng, 0.05)
        y.general_in, y.fund_in = general * q, fund * q
        y.institution_in, y.other_in = institution * q, other * q
        y.total = y.income + y.carry_in
        spent = min(y.total, in_fen(y.total / 100 * rng.uniform(0.9, 0.995), q))
        y.carry_out = carry_out = y.total - spent
        y.carry_out_project = (y.carry_out // q * rng.randint(0, 100) // 100) * q
        basic, project = split(spent // q, [min(p["basic"], 0.9), 1 - min(p["basic"], 0.9)], rng, 0.03)
        personnel, public = split(basic, [min(p["personnel"], 0.95), 1 - min(p["personnel"], 0.95)],
                                   rng, 0.02)
        y.personnel, y.public_funds, y.project = personnel * q, public * q, project * q
        general_out = min(y.spent, in_fen(y.spent / 100 * min(p["gov_share"], 1.0), q))
        y.classes = {code: part * q for code, part in zip(
            agency.functional, split(general_out // q, class_weights, rng, 0.1), strict=True)}
        # "三公"
        if agency.has_three_public:
            base = (3e4 + total ** 0.5 * 40) * p["three"]
            y.abroad = in_fen(base * p["abroad"], q) if travels and rng.random() < 0.85 else 0
            y.reception = in_fen(base * p["reception"], q)
            y.vehicle_operation = in_fen(base * p["operation"], q)
            y.vehicles_bought = rng.choice((0, 0, 0, 0, 1, 1, 2))
            y.vehicle_purchase = y.vehicles_bought * in_fen(rng.uniform(1.5e5, 2.6e5), q)
            vehicles = max(1, vehicles + y.vehicles_bought - rng.choice((0, 0, 1)))
            y.abroad_groups = rng.randint(1, 6) if y.abroad else 0
            y.abroad_persons = y.abroad_groups * rng.randint(2, 6)
            y.reception_batches = max(1, int(y.reception / 100 / rng.uniform(800, 2500)))
            y.reception_persons = y.reception_batches * rng.randint(3, 9)
            budget = [max(v, in_fen(v / 100 * rng.uniform(1.0, 1.35), q))
                      for v in (y.abroad, y.reception, y.vehicle_total)]
            y.budget_three = (budget[0], budget[1], budget[2])
        y.vehicles = vehicles
        y.vehicle_uses = dict(zip(uses, split(vehicles, [1.0] * len(uses), rng), strict=True))
        # 机关运行经费
        if not kind.institution:
            operating = in_fen(min(y.public_funds / 100 * min(p["operating"], 0.95),
                               y.active * p["per_head"]), q)
            y.operating = dict(zip([n for n, _ in items], [v * q for v in split(
                operating // q, [w for _, w in items], rng, 0.15)], strict=True))
            y.operating_budget = in_fen(y.operating_total / 100 * rng.uniform(0.92, 1.05), q)
            if y.operating_budget == y.operating_total:
                y.operating_budget += q
        # procurement
        if rng.random() < agency.procures:
            amount = y.spent // q * rng.uniform(0.02, 0.2)
            goods, works, services = split(int(amount), [
                rng.uniform(0.3, 1), rng.uniform(0, 0.8) if rng.random() < 0.4 else 0,
                rng.uniform(0.2, 1)], rng)
            y.goods, y.works, y.services = goods * q, works * q, services * q
            y.procurement_planned = in_fen(y.procurement / 100 * rng.uniform(1.0, 1.08), q)
            y.sme = y.procurement // q * rng.randint(55, 98) // 100 * q
            y.small_micro = y.sme // q * rng.randint(30, 90) // 100 * q
        area *= rng.choice((1.0, 1.0, 1.0, rng.uniform(0.9, 1.2)))
        y.area = Decimal(f"{area:.2f}")
        general_equipment = max(0, general_equipment + rng.choice((-1, 0, 0, 1, 2)))
        y.general_equipment = general_equipment
        y.special_equipment = special
        y.projects = rng.randint(3, 40)
        y.performance_amount = in_fen(y.project / 100 * rng.uniform(0.5, 1.0), q)
        y.score = Decimal(rng.randint(170, 198)) / 2
        y.budget_total = in_fen(y.total / 100 * rng.uniform(0.85, 1.0), q)
        years[year] = y
    return years
