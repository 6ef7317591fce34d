"""Report text -> a Report record: outline, agency, year, figures, glossary."""

from __future__ import annotations

import bisect
import re
from typing import Any

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.extract.classify import classify
from fiscal_kg.pipeline.extract.figures import FIGURE_KINDS, read_section
from fiscal_kg.pipeline.extract.given import identify
from fiscal_kg.pipeline.extract.glossary import find_glossary
from fiscal_kg.pipeline.extract.organisation import find_duties, find_units
from fiscal_kg.pipeline.extract.relations import resolve
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.numbers import unreadable_numbers
from fiscal_kg.pipeline.records import Figure, Identity, Report, UnreadLine
from fiscal_kg.pipeline.sections import Kind, OutlineNode, classify_heading, parse_outline
from fiscal_kg.pipeline.text import SourceText

# Years, dates and quoted day names ('“5.12”') are not figures.
_DATES = re.compile(r"\d{4}年(度)?(\d{1,2}月)?(\d{1,2}日)?|\d{1,2}月\d{1,2}日|“[\d.]+”")
# Sections whose numbers are not figures: codes in the glossary, duty numbers, table notes.
_NO_FIGURES = frozenset({Kind.DUTIES, Kind.GLOSSARY, Kind.TABLES})


def extract_report(source: SourceText, gazetteer: Gazetteer | None = None,
                   identity: Identity | None = None) -> Report:
    """Read everything the report states. Raises ReportError when it is not a usable report.
    The agency's place is found in `gazetteer` (default: the project's); each part of an
    `identity` given beside the text (a build manifest's row) wins over what the text says."""
    root = parse_outline(source)
    kinds = {node.kind for node in root.walk()} - {Kind.DOCUMENT, Kind.OTHER}
    if not kinds:
        raise ReportError(
            source.path,
            "not a final-accounts report: none of the template's sections (部门主要职能, "
            "收入支出决算, “三公”经费, 机关运行经费, 政府采购, 国有资产, 名词解释 ...) was found",
        )
    agency, year, year_span, text_identity = identify(source, root,
                                                      gazetteer or load_gazetteer(), identity)
    drafts = []
    for node in root.walk():
        if node.kind in FIGURE_KINDS and node.body:
            drafts.extend(read_section(source, node.kind, node.body))
        elif node.kind is Kind.TABLES and node.body:
            drafts.extend(_explained(source, node))
    drafts.sort(key=lambda d: d.start)
    classify(drafts, source.norm)
    figures = resolve(drafts, year, source.norm)
    units, units_span = find_units(source, root)
    return Report(
        source=source,
        agency=agency,
        fiscal_year=year,
        year_span=year_span,
        duties=find_duties(source, root),
        units=units,
        units_span=units_span,
        figures=figures,
        glossary=find_glossary(source, root),
        sections_found=tuple(sorted(k.value for k in kinds)),
        unread=_unread_lines(source, root, figures),
        text_identity=text_identity,
    )


# a sentence of prose: a full stop with text before it, not a table's row
_PROSE = re.compile(r"[^|]{8,}。")


def _explained(source: SourceText, node: OutlineNode) -> list[Any]:
    """The sentences printed under a table's heading ('一、…“三公”经费支出决算表' then '…“三公”经费
    支出决算25.7万元, 完成预算的83.44%…'): read as the section the table is of; its rows are not."""
    kind = classify_heading(re.sub(r"(决算|公开)?表$", "", node.title))
    if kind is None or kind not in FIGURE_KINDS:
        return []
    prose = [span for span in node.body if _PROSE.search(source.norm, span.start, span.end)]
    return read_section(source, kind, prose) if prose else []


def _unread_lines(source: SourceText, root: OutlineNode, figures: tuple[Figure, ...]) -> tuple[
        UnreadLine, ...]:
    """Body lines with numbers of which no figure was read, and why."""
    read = sorted(f.quantity.span.start for f in figures if f.quantity is not None)
    unread: list[UnreadLine] = []
    for node in root.walk():
        if node.kind in _NO_FIGURES:
            continue
        for span in node.body:
            line = source.norm[span.start:span.end]
            if not re.search(r"\d", _DATES.sub("", line)):
                continue
            refused = list(unreadable_numbers(line))
            for number in refused:  # never rounded nor guessed: named, with the others read
                unread.append(UnreadLine(source.line_of(span.start), line.strip(),
                                         number.reason))
            if refused:
                continue
            first = bisect.bisect_left(read, span.start)  # the first figure from the line on
            if first < len(read) and read[first] < span.end:
                continue
            reason = ("its section is not one of the template's"
                      if node.kind in (Kind.OTHER, Kind.DOCUMENT)
                      else "no number with a unit (元, %, 名, 个 ...) was found")
            unread.append(UnreadLine(source.line_of(span.start), line.strip(), reason))
    return tuple(unread)
