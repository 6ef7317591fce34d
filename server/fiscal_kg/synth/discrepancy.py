"""The wrong totals: a few reports state one total that is not the sum of its parts, as real
reports do. `Discrepancy` draws the stated value and records what the expected data says of it."""

from __future__ import annotations

import random
from collections.abc import Sequence

from fiscal_kg.synth.agencies import Agency
from fiscal_kg.synth.document import Money, yuan


class Discrepancy:
    """The discrepancy a report is to state (`section`: the one it is in, or None) and, once it
    is stated, what the expected data says of it (`found`, `consistency`)."""

    def __init__(self, section: str | None, agency: Agency, money: Money,
                 rng: random.Random) -> None:
        self.section = section
        self.agency = agency
        self.money = money
        self.rng = rng
        self.found: dict[str, str] | None = None
        self.consistency: list[list[str]] = []

    def inject(self, section: str, item: str, parts: Sequence[int], *, count: bool = False) -> int:
        """The value the report states for a total of `parts`: their sum, or one that is off by
        more than the rounding of the printed numbers allows."""
        true = sum(parts)
        if self.section != section or self.found is not None:
            return true
        if count:
            stated = true + self.rng.choice((-2, -1, 1, 2, 3))
        else:
            stated = self.off(true, parts, self.rng.choice((-1, 1)))
        check = "ComponentsAddUp"
        unit = "count" if count else "CNY"
        show = str(stated) if count else yuan(stated)
        computed = str(true) if count else yuan(true)
        self.found = {"section": section, "check": check, "item": item, "stated": show,
                      "computed": computed, "unit": unit,
                      "description": f"{item}: the report states {show}, its parts add up to "
                                     f"{computed} ({unit})"}
        self.consistency.append([check, show, computed])
        return stated

    def off(self, true: int, parts: Sequence[int], sign: int, least: int = 0) -> int:
        """An amount that differs from `true` (by at least `least`) by more than the checks'
        tolerance: half the resolutions of the printed parts and total added up."""
        step = self.agency.quantum * (100 if self.agency.money_unit == "元" else 1)
        difference = least or step * self.rng.randint(1, 40)
        while True:
            stated = true + sign * difference
            tolerance = (sum(self.money.resolution(v) for v in parts) + self.money.resolution(stated)) / 2
            if stated > 0 and difference > tolerance + step:
                return stated
            if stated <= 0:
                sign, difference = 1, step
            else:
                difference *= 2

    def inject_operating(self, total: int, items: list[tuple[str, int]], item: str) -> int:
        """The stated 机关运行经费: the items' sum, or (as in the seed report) a total that leaves
        out the capital items 办公设备购置 and 信息网络及软件购置更新 though they are listed."""
        if self.section != "operating-costs" or self.found is not None:
            return total
        capital = sum(v for n, v in items if n in ("办公设备购置", "信息网络及软件购置更新"))
        listed = [v for _, v in items]
        stated = self.off(total, listed, -1, capital)
        left_out = total - stated == capital
        self.found = {"section": "operating-costs", "check": "PartsWithinTotal",
                      "item": item, "stated": yuan(stated), "computed": yuan(total),
                      "unit": "CNY",
                      "description": "机关运行经费: the report states " + yuan(stated)
                      + ", its listed items add up to " + yuan(total)
                      + (" (the capital items 办公设备购置 and 信息网络及软件购置更新 are left out)"
                         if left_out else "")}
        self.consistency.append(["PartsWithinTotal", yuan(stated), yuan(total)])
        return stated
