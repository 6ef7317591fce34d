"""The draft of one report of one agency-year, which the section writers share: the agency, its
figures of the year and of the year before, the document written so far and the layout drawn."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from fiscal_kg.synth.agencies import FUNCTIONAL, Agency
from fiscal_kg.synth.discrepancy import Discrepancy
from fiscal_kg.synth.document import Doc, Money
from fiscal_kg.synth.figures import Year


class Draft:
    """One report of one agency-year being written: the unit and style of its money and the
    numbering of its headings are drawn first; `layout` records every choice made for it."""

    def __init__(self, agency: Agency, series: dict[int, Year], year: int,
                 rng: random.Random, discrepancy: str | None) -> None:
        self.agency = agency
        self.y = series[year]
        self.prev = series[year - 1]
        self.year = year
        self.rng = rng
        money = Money(agency.money_unit, rng.random() < 0.6, rng.random() < 0.12)
        self.wrong = Discrepancy(discrepancy, agency, money, rng)
        self.layout: dict[str, Any] = {}
        scheme = rng.choice((
            ["part", "cn", "cn-paren"], ["part", "cn", "arabic"], ["cn", "cn-paren", "arabic"],
            ["cn", "arabic", "arabic-paren"], ["cn", "cn-paren", "arabic-paren"],
            ["part", "cn", "circled"],
        ))
        self.doc = Doc(rng, scheme, money)
        self.layout["headings"] = "/".join(scheme)
        self.layout["money"] = agency.money_unit + (", thousands" if money.thousands else "") + (
            ", short" if money.strip else "")
        self.glossary_keys: list[str] = ["basic", "project"]  # the terms the sections used
        self.duties: list[str] = []  # as printed under 主要职责
        self.terms: list[str] = []  # as printed in 名词解释


class Section:
    """A writer of some sections of the draft, with the shortcuts they all use."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.agency, self.year, self.y, self.prev = draft.agency, draft.year, draft.y, draft.prev
        self.rng, self.doc, self.layout = draft.rng, draft.doc, draft.layout
        self.glossary_keys = draft.glossary_keys
        self.wrong = draft.wrong

    @property
    def m(self) -> Money:
        return self.doc.money

    def choose(self, name: str, options: Sequence[str], weights: Sequence[float] | None = None) -> str:
        choice = self.rng.choices(list(options), weights=weights)[0]
        self.layout[name] = choice
        return choice

    @property
    def we(self) -> str:
        return "本单位" if self.agency.kind.institution else "本部门"

    def class_name(self, code: str) -> str:
        before, after, _ = FUNCTIONAL[code]
        return before if self.year <= 2018 else after
