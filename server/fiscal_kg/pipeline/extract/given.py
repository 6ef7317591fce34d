"""A report's identity when one is given beside its text (a build manifest's row).

Each part given (the agency's name, the fiscal year, the region's code) wins over what the text
says; what the text says is kept, so that the two can be checked against each other (the
recommended shapes warn when they differ). A text that names no agency or no year is read when
the manifest gives them.
"""

from __future__ import annotations

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.extract.identity import find_agency
from fiscal_kg.pipeline.extract.organisation import find_year
from fiscal_kg.pipeline.gazetteer import Gazetteer
from fiscal_kg.pipeline.records import Agency, Identity
from fiscal_kg.pipeline.sections import OutlineNode
from fiscal_kg.pipeline.text import SourceText, Span


def identify(source: SourceText, root: OutlineNode, gazetteer: Gazetteer,
             given: Identity | None = None) -> tuple[Agency, int, Span | None, Identity | None]:
    """The agency, the fiscal year and where the text states it, and, when an identity is
    `given`, what the text says of each part given (else None). Raises ReportError when
    neither the text nor `given` names the agency or the year."""
    if given is None:
        agency, title_year = find_agency(source, gazetteer)
        year, year_span = find_year(source, root, title_year)
        return agency, year, year_span, None
    return _with_given(source, root, gazetteer, given)


def _with_given(source: SourceText, root: OutlineNode, gazetteer: Gazetteer,
                given: Identity) -> tuple[Agency, int, Span | None, Identity]:
    read: Agency | None = None
    title_year: int | None = None
    try:
        read, title_year = find_agency(source, gazetteer)
    except ReportError:
        if given.agency is None:
            raise
    text_year: int | None = None
    year_span: Span | None = None
    try:
        text_year, year_span = find_year(source, root, title_year)
    except ReportError:
        if given.fiscal_year is None:
            raise
    year = given.fiscal_year if given.fiscal_year is not None else text_year
    assert year is not None
    if year != text_year:
        year_span = None  # the text states another year: it is no evidence of this one
    said = Identity(read.name if read and given.agency else None,
                    text_year if given.fiscal_year is not None else None,
                    read.region_code if read and given.region_code else None)
    return _agency(read, given, gazetteer, source), year, year_span, said


def _agency(read: Agency | None, given: Identity, gazetteer: Gazetteer,
            source: SourceText) -> Agency:
    """The agency as given, with what the text adds (its budget-unit level, where it names
    it) and its place: the given region, else the place its given name starts with, else the
    text's."""
    name = given.agency or (read.name if read else "")
    place = None
    if given.region_code is not None:
        place = gazetteer.by_code(given.region_code)
    elif given.agency is not None:
        place = gazetteer.find(given.agency, source.norm)
    if place is None and read is not None and read.region_code is not None:
        place = gazetteer.by_code(read.region_code)
    same = read is not None and read.name == name
    return Agency(
        name=name,
        name_span=read.name_span if read is not None and same else None,
        region=place.name if place else (read.region if read and not given.region_code else None),
        budget_level=read.budget_level if read else None,
        level_span=read.level_span if read else None,
        region_code=place.code if place else None,
    )
