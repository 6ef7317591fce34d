"""The agency, its budget-unit level, duties and internal units; the report's fiscal year."""

from __future__ import annotations

import re
from collections import Counter

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.records import Duty, OrgUnit
from fiscal_kg.pipeline.sections import Kind, OutlineNode
from fiscal_kg.pipeline.text import SourceText, Span

_LEVEL = re.compile(
    r"(?P<name>[^,;。:、()\s]{4,40}?)(是|为|系)(?P<level>[一二三四五12345])级预算单位"
)
_TITLE = re.compile(
    r"^\s*(?P<name>[^\d,;。:、\s]{4,40}?)\s*(?P<year>(19|20)\d{2})\s*年度?\s*(部门|单位)?决算"
)
_YEAR = re.compile(r"(?P<year>(19|20)\d{2})\s*年度?\s*(部门|单位)?决算")
_WORK_YEAR = re.compile(r"(?P<year>(19|20)\d{2})\s*年度?")
_UNITS = re.compile(
    r"内设(机构|科室|处室)(共有|共|有)?(\d+个)?[,:]?\s*(分别(是|为)|包括|为|即|有)\s*[:]?"
    r"(?P<list>[^。]+)"
)
_CN_LEVEL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def find_year(source: SourceText, root: OutlineNode,
              title_year: int | None = None) -> tuple[int, Span]:
    """The fiscal year: the year of the title when it has one ('2018年度部门决算公开'), else
    '<year>年(度)部门决算' wherever it is printed, else the most frequent year in the headings
    ('2017年决算总收入' names the year before: it does not count beside a title)."""
    text = source.norm
    years = Counter[int]()
    spans: dict[int, Span] = {}
    if title_year is not None:
        match = re.search(rf"{title_year}\s*年度?", text)
        if match is not None:
            return title_year, Span(match.start(), match.start() + 4)
    for match in _YEAR.finditer(text):
        year = int(match.group("year"))
        years[year] += 1
        spans.setdefault(year, Span(match.start("year"), match.end("year")))
    if not years:
        for section in root.walk():
            if section.heading is None:
                continue
            heading = text[section.heading.start:section.heading.end]
            for match in _WORK_YEAR.finditer(heading):
                year = int(match.group("year"))
                years[year] += 1
                offset = section.heading.start
                spans.setdefault(year, Span(offset + match.start("year"),
                                            offset + match.end("year")))
    if not years:
        raise ReportError(
            source.path, "no fiscal year: no '<year>年部门决算' and no year in any heading",
            field="fiscal year",
        )
    year = max(years, key=lambda y: (years[y], y))
    return year, spans[year]


def find_duties(source: SourceText, root: OutlineNode) -> tuple[Duty, ...]:
    """The duties of the 主要职能 sections, in the report's order, numbered by their place in it
    (a report may number two lists from 1). A duty's own sub-list ('3.直接进行下列审计: (1)…(2)…',
    in another numbering style than the duties) belongs to it: its text runs to the end of the
    last sub-item."""
    duties: list[Duty] = []
    for section in root.walk():
        if section.kind is not Kind.DUTIES or not section.items:
            continue
        style = section.items[0].marker
        for item in section.items:
            if item.marker != style and duties:
                last = duties[-1]
                span = Span(last.span.start, item.text.end)
                duties[-1] = Duty(last.number, source.text(span).strip(), span)
                continue
            duties.append(Duty(len(duties) + 1, source.text(item.text).strip(), item.text))
    return tuple(duties)


def find_units(source: SourceText, root: OutlineNode) -> tuple[tuple[OrgUnit, ...], Span | None]:
    """The internal units (内设机构) as listed, with their 1-based positions."""
    for section in root.walk():
        if section.kind not in (Kind.COMPOSITION, Kind.ORGANISATION, Kind.STAFFING):
            continue
        for span in section.body:
            match = _UNITS.search(source.norm, span.start, span.end)
            if match is None:
                continue
            return _split_units(source, match.start("list"), match.end("list")), \
                Span(match.start(), match.end())
    return (), None


def _split_units(source: SourceText, start: int, end: int) -> tuple[OrgUnit, ...]:
    units: list[OrgUnit] = []
    text = source.norm
    cursor = start
    depth = 0
    for index in range(start, end + 1):
        char = text[index] if index < end else "、"
        depth += char == "("
        depth -= char == ")"
        if char in "、,;" and depth == 0:
            name_start, name_end = cursor, index
            while name_start < name_end and text[name_start].isspace():
                name_start += 1
            while name_end > name_start and text[name_end - 1] in " 等":
                name_end -= 1
            if name_end > name_start:
                units.append(OrgUnit(source.raw[name_start:name_end], len(units) + 1,
                                     Span(name_start, name_end)))
            cursor = index + 1
    return tuple(units)
