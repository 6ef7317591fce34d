"""Breakdowns of a report as bar charts the app draws itself (SVG), with their numbers.

A breakdown is a stated total and the figures stated as its parts (fk:componentOf or
fk:includedIn): the “三公” costs, the 机关运行经费 items, procurement, income and expenditure,
staffing, vehicles. Each chart is returned with its rows, so the page can show a table too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fiscal_kg.store.interface import SPARQL_JSON, Job, Store, bind_iri
from fiscal_kg.web.presentation.linking import Linker, format_amount
from fiscal_kg.web.problems import require

# Starts from the report's own figures, so its cost does not grow with the store; the two
# relations as VALUES, not a UNION (Virtuoso plans the UNION ten times slower), and ordered with
# a tie-breaker, so that every store gives the same bars in the same order. Every figure has
# its resolution (a core shape requires it): a pattern, not an OPTIONAL, which doubled the cost.
BREAKDOWNS = """SELECT ?r ?parent ?parentItem ?parentValue ?unit ?section ?child ?childItem
                       ?childValue ?relation ?start ?parentResolution ?childResolution WHERE {
  ?child fk:report ?r .
  VALUES ?relation { fk:componentOf fk:includedIn }
  ?child ?relation ?parent .
  ?child fk:item ?childItem ; fk:value ?childValue ; fk:statedAt ?at ;
         fk:resolution ?childResolution .
  ?at oa:hasSelector ?selector . ?selector oa:start ?start .
  ?parent fk:item ?parentItem ; fk:value ?parentValue ; fk:resolution ?parentResolution ;
          fk:section ?sectionConcept ;
          sdmx-attribute:unitMeasure ?unitConcept .
  ?sectionConcept skos:notation ?section .
  ?unitConcept skos:notation ?unit .
} ORDER BY ?start STR(?child) STR(?parent)"""
LATEST_REPORT = """SELECT ?s ?r ?year WHERE { ?r fk:agency ?s ; fk:fiscalYear ?year }
  ORDER BY DESC(?year) STR(?r)"""
SECTION_ORDER = ("income", "expenditure", "three-public", "operating-costs", "procurement",
                 "staffing", "assets", "performance")

WIDTH = 640
LABEL_WIDTH = 230
ROW = 22


@dataclass
class Bar:
    item: str
    value: Decimal
    shown: str
    href: str | None
    width: float = 0.0
    y: float = 0.0


@dataclass
class Chart:
    title: str
    iri: str
    section: str
    unit: str
    total: Decimal
    total_shown: str
    href: str | None
    relation: str  # component or included
    resolution: Decimal | None = None  # the finest of the parts' (for their sum)
    bars: list[Bar] = field(default_factory=list)
    sum_shown: str = ""
    adds_up: bool = True

    @property
    def height(self) -> int:
        return ROW * (len(self.bars) + 1) + 10

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def width(self) -> int:
        return WIDTH


def _shown(value: Decimal, unit: str, resolution: Decimal | None = None) -> str:
    return format_amount(value, unit, resolution)[-1]


def _resolution(row: dict[str, dict[str, str]], name: str) -> Decimal | None:
    try:
        return Decimal(row[name]["value"]) if name in row else None
    except ArithmeticError:
        return None


def report_charts(backend: Store, linker: Linker, report: str) -> list[Chart]:
    outcome = backend.run(Job(query=BREAKDOWNS, results_format=SPARQL_JSON,
                              bindings=(bind_iri("r", report),), count=False))
    require(outcome)
    charts: dict[tuple[str, str], Chart] = {}
    for row in outcome.solutions():
        parent = row["parent"]["value"]
        unit = row["unit"]["value"]
        key = (parent, row["relation"]["value"])
        if key not in charts:
            total = Decimal(row["parentValue"]["value"])
            charts[key] = Chart(
                title=row["parentItem"]["value"], section=row["section"]["value"], unit=unit,
                total=total, total_shown=_shown(total, unit, _resolution(row, "parentResolution")),
                href=linker.href(parent),
                iri=parent,
                relation=row["relation"]["value"].rsplit("/", 1)[-1])
        value = Decimal(row["childValue"]["value"])
        resolution = _resolution(row, "childResolution")
        chart = charts[key]
        if resolution is not None:
            chart.resolution = resolution if chart.resolution is None \
                else min(chart.resolution, resolution)
        chart.bars.append(Bar(row["childItem"]["value"], value, _shown(value, unit, resolution),
                              linker.href(row["child"]["value"])))
    # a breakdown is worth a picture when it has two parts or more
    kept = [chart for chart in charts.values() if len(chart.bars) >= 2]
    ordered = sorted(kept, key=lambda c: (
        SECTION_ORDER.index(c.section) if c.section in SECTION_ORDER else len(SECTION_ORDER)))
    for chart in ordered:
        _layout(chart)
    return ordered


def _layout(chart: Chart) -> None:
    total = sum((bar.value for bar in chart.bars), Decimal(0))
    chart.sum_shown = _shown(total, chart.unit, chart.resolution)
    tolerance = Decimal("0.01") * max(abs(chart.total), Decimal(1))
    chart.adds_up = abs(total - chart.total) <= tolerance if chart.relation == "componentOf" \
        else total <= chart.total + tolerance
    scale = max([chart.total, total] + [bar.value for bar in chart.bars])
    span = WIDTH - LABEL_WIDTH - 110
    for index, bar in enumerate(chart.bars):
        bar.width = float(max(bar.value, Decimal(0)) / scale * span) if scale > 0 else 0.0
        bar.y = ROW * (index + 1)


def latest_report(backend: Store, agency: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The agency's most recent report, and all its reports with their years."""
    outcome = backend.run(Job(query=LATEST_REPORT,
                              results_format=SPARQL_JSON,
                              bindings=(bind_iri("s", agency),)))
    require(outcome)
    rows = outcome.solutions()
    reports = [(r["r"]["value"], r["year"]["value"]) for r in rows]
    return (reports[0][0] if reports else None), reports
