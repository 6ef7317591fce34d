"""Typed records between the report text and the graph. Frozen, so a stage can't edit another's."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from fiscal_kg.pipeline.numbers import Quantity, Unit
from fiscal_kg.pipeline.text import SourceText, Span


class Section(StrEnum):
    """The `?section` of the `figures` query: where in the template a figure belongs."""

    STAFFING = "staffing"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    THREE_PUBLIC = "three-public"
    OPERATING_COSTS = "operating-costs"
    PROCUREMENT = "procurement"
    ASSETS = "assets"
    PERFORMANCE = "performance"
    INDICATOR = "indicator"


class Role(StrEnum):
    """How a figure's value is to be read."""

    LEVEL = "level"  # an amount, count, area or score
    CHANGE = "change"  # the change of another figure against an earlier year (signed)
    GROWTH = "growth"  # the change as a percentage (signed)
    SHARE = "share"  # a percentage of another figure
    NONE = "none"  # the report states there is none ('无二级单位'): value 0


class Relation(StrEnum):
    """How a figure stands to its parent figure."""

    COMPONENT = "component"  # one of the parts that together make the parent (sum = parent)
    INCLUDED = "included"  # a part of the parent, the other parts unstated (sum <= parent)


@dataclass(frozen=True)
class Figure:
    """One number the report states."""

    key: str  # unique within the report; the IRI is minted from it
    section: Section
    item: str  # the item's name as printed, e.g. '公务接待费'
    value: Decimal  # signed; yuan for money
    unit: Unit
    role: Role
    sentence: Span  # the sentence it was read from
    quantity: Quantity | None  # None for a statement of none
    concept: str | None = None  # notation of the fiscal concept it measures
    economic_code: str | None = None
    functional_code: str | None = None
    fund: str | None = None
    parent: str | None = None  # key of the figure it is part of
    relation: Relation | None = None
    base: str | None = None  # CHANGE/GROWTH: the figure it changes; SHARE: the part
    share_base: str | None = None  # SHARE: the whole it is a share of
    more_parts: tuple[str, ...] = ()  # SHARE: parts summed with `base` ('两项合计占0.1%')
    comparison_year: int | None = None  # CHANGE/GROWTH: the year compared with
    statement: Span | None = None  # the exact words a NONE figure was read from
    phase: str = "executed"  # budget phase: executed (决算), approved (预算), revised (调整预算)
    prior_year: bool = False  # stated for an earlier year than the report's
    of_year: int | None = None  # that year, when it is not the year before


@dataclass(frozen=True)
class Duty:
    number: int
    text: str
    span: Span


@dataclass(frozen=True)
class OrgUnit:
    """An internal unit (内设机构) as listed: position is its 1-based place in the list."""

    name: str
    position: int
    span: Span


@dataclass(frozen=True)
class GlossaryEntry:
    number: int
    term: str
    definition: str
    code: str | None  # functional classification code, e.g. '201'
    span: Span  # the whole entry
    term_span: Span
    definition_span: Span


@dataclass(frozen=True)
class Agency:
    name: str
    name_span: Span | None
    region: str | None  # the name of the place the agency's name starts with, e.g. '鄂州市'
    budget_level: int | None  # 1 for 一级预算单位
    level_span: Span | None
    region_code: str | None = None  # its administrative division code, e.g. '420700'


@dataclass(frozen=True)
class Identity:
    """Whose and which year's report it is, and where the agency is: as given beside the text
    (a build manifest's row, where each part given wins over the text), or as the text says
    it (kept to check the two against each other)."""

    agency: str | None = None
    fiscal_year: int | None = None
    region_code: str | None = None  # an administrative division code, e.g. '420700'


@dataclass(frozen=True)
class Publication:
    """What a build manifest says of a report beyond its identity."""

    credit_code: str | None = None  # the agency's unified social credit code (统一社会信用代码)
    source_url: str | None = None  # the published original (http or https)
    licence: str | None = None  # the licence's URL, as its source states it; None: none stated


@dataclass(frozen=True)
class UnreadLine:
    """A line that holds numbers none of which became a figure."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Report:
    """Everything read from one report."""

    source: SourceText
    agency: Agency
    fiscal_year: int
    year_span: Span | None  # where the text states the year (None: it states another)
    duties: tuple[Duty, ...]
    units: tuple[OrgUnit, ...]
    units_span: Span | None
    figures: tuple[Figure, ...]
    glossary: tuple[GlossaryEntry, ...]
    sections_found: tuple[str, ...]
    unread: tuple[UnreadLine, ...] = field(default=())
    # when an identity was given beside the text (and won): what the text says of each part
    # given, to check them against each other
    text_identity: Identity | None = None

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)
