"""The corpus plan: which agencies, in which years, about one agency for every four reports, and
the standing traits drawn for each agency (name, internal units, staff, scale, unit of money)."""

from __future__ import annotations

import random

from fiscal_kg.synth.agencies import KINDS, LAST_YEAR, Agency, Kind, Region, load_regions

_LEVEL_SCALE = {"province": 1.0, "municipality": 1.1, "prefecture": 0.12, "county": 0.03}
_LEVEL_STAFF = {"province": (120, 600), "municipality": (150, 600), "prefecture": (40, 300),
                "county": (10, 90)}
_UNIT_SUFFIX = {"province": "处", "municipality": "处", "prefecture": "科", "county": "股"}


def plan_corpus(n: int, rng: random.Random) -> list[tuple[Agency, int]]:
    """Which agencies, in which years: about one agency for every four reports."""
    regions = load_regions()
    combos: dict[str, list[tuple[Region, Kind]]] = {"province": [], "prefecture": [], "county": []}
    for region in regions:
        level = "province" if region.level == "municipality" else region.level
        for kind in KINDS:
            if region.level in kind.names:
                combos[level].append((region, kind))
    weights = {"province": 0.45, "prefecture": 0.4, "county": 0.15}
    plan: list[tuple[Agency, int]] = []
    agencies: list[Agency] = []
    while len(plan) < n:
        levels = [lv for lv in weights if combos[lv]]
        if not levels:
            break
        level = rng.choices(levels, weights=[weights[lv] for lv in levels])[0]
        region, kind = combos[level].pop(rng.randrange(len(combos[level])))
        agency = _make_agency(region, kind, rng)
        count = min(n - len(plan), rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7)),
                    LAST_YEAR - kind.first_year + 1)
        start = rng.randint(kind.first_year, LAST_YEAR - count + 1)
        agency.years = list(range(start, start + count))
        agencies.append(agency)
        plan += [(agency, year) for year in agency.years]
    spare = [a for a in agencies if len(a.years) < LAST_YEAR - a.kind.first_year + 1]
    while len(plan) < n and spare:  # more reports than agencies: more years of each
        agency = spare[len(plan) % len(spare)]
        free = [yr for yr in range(agency.kind.first_year, LAST_YEAR + 1) if yr not in agency.years]
        if not free:
            spare.remove(agency)
            continue
        year = free[0] if free[0] < agency.years[0] else free[-1]
        agency.years = sorted([*agency.years, year])
        plan.append((agency, year))
    if len(plan) < n:
        raise ValueError(f"at most {len(plan)} distinct agency-years can be generated")
    return sorted(plan, key=lambda p: (agencies.index(p[0]), p[1]))


def _make_agency(region: Region, kind: Kind, rng: random.Random) -> Agency:
    """The agency of the kind in the region, with its standing traits drawn."""
    name = region.name + kind.names[region.level]
    low, high = kind.scale
    income = rng.uniform(low, high) * _LEVEL_SCALE[region.level] * rng.uniform(0.7, 1.3)
    small = income < 2e7
    money_unit = "元" if (small and rng.random() < 0.5) or rng.random() < 0.05 else "万元"
    lo, hi = _LEVEL_STAFF[region.level]
    staff = rng.randint(lo, hi) if not kind.institution else rng.randint(max(10, lo // 3), hi // 2)
    pool = [u.format(u=_UNIT_SUFFIX[region.level]) for u in kind.units]
    size = rng.randint(min(4, len(pool)), len(pool))
    keep = sorted(rng.sample(range(len(pool)), size))
    duties = list(kind.duties[:rng.randint(max(2, len(kind.duties) - 3), len(kind.duties))])
    if duties[-1] != kind.duties[-1] and "交办" in kind.duties[-1]:
        duties.append(kind.duties[-1])
    functional = kind.functional[:rng.randint(2, len(kind.functional))]
    return Agency(
        name=name, region=region, kind=kind, budget_level=2 if kind.institution else 1,
        duties=duties, units=[pool[i] for i in keep], staff=staff, income=income,
        quantum=1 if money_unit == "元" else 10000, money_unit=money_unit,
        functional=functional,
        has_three_public=not kind.institution or rng.random() < (0.4 if kind.key == "library" else 0.75),
        procures=rng.uniform(0.6, 1.0))
