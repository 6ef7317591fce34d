"""The agency, its budget-unit level, duties and internal units; the report's fiscal year."""

from __future__ import annotations

import re
from collections import Counter

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.gazetteer import Gazetteer
from fiscal_kg.pipeline.records import Agency, Duty, OrgUnit
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


def find_agency(source: SourceText, root: OutlineNode, gazetteer: Gazetteer) -> Agency:
    """The reporting agency: from the budget-unit sentence, else from a title line."""
    text = source.norm
    match = _LEVEL.search(text)
    if match:
        name = match.group("name")
        level_text = match.group("level")
        level = _CN_LEVEL.get(level_text) or int(level_text)
        place = gazetteer.find(name, text)
        return Agency(
            name=name,
            name_span=Span(match.start("name"), match.end("name")),
            region=place.name if place else None,
            budget_level=level,
            level_span=Span(match.start(), match.end()),
            region_code=place.code if place else None,
        )
    title = _TITLE.search(text[: _first_heading(root, len(text))])
    if title:
        name = title.group("name")
        place = gazetteer.find(name, text)
        return Agency(name, Span(title.start("name"), title.end("name")),
                      place.name if place else None, None, None, place.code if place else None)
    raise ReportError(
        source.path,
        "no recognisable agency: neither a title line '<agency> <year>年部门决算' nor a "
        "sentence '<agency>为一级预算单位' was found",
        field="agency",
    )


def _first_heading(root: OutlineNode, default: int) -> int:
    for section in root.children:
        if section.heading is not None:
            return section.heading.start
    return default


def find_year(source: SourceText, root: OutlineNode) -> tuple[int, Span]:
    """The fiscal year: '<year>年(度)部门决算' wherever it is printed, else the most frequent year
    in the headings."""
    text = source.norm
    years = Counter[int]()
    spans: dict[int, Span] = {}
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
    """The numbered duties of the 主要职能 section, in order."""
    duties: list[Duty] = []
    for section in root.walk():
        if section.kind is not Kind.DUTIES:
            continue
        for item in section.items:
            text = source.text(item.text).strip()
            duties.append(Duty(item.number, text, item.text))
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
