"""Tables flattened into text: pipe-separated rows and whitespace-aligned columns.

A table is a run of lines that split into cells (on '|', or on two or more spaces). Its header
row names the columns; a declaration such as '单位：万元' just before it, or '(万元)' in a header,
gives the scale of its numbers. Every number of a data row is a figure named by the row's
first cell; the 决算 (actual) column gives executed figures named as printed, a 预算 column
budget figures named '<item>(<column>)'. A table whose unit is never declared is not read (its
lines are reported as unread): a bare number is not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from fiscal_kg.pipeline.numbers import SCALES, Quantity, Unit, exact_amount
from fiscal_kg.pipeline.text import SourceText, Span

_UNIT_DECLARATION = re.compile(r"(金额)?单位\s*[:：]?\s*(?P<unit>万元|亿元|千元|元)")
_HEADER_UNIT = re.compile(r"\((?P<unit>万元|亿元|千元|元)\)")
_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_RULE = re.compile(r"^[\s|:\-—]+$")


@dataclass(frozen=True)
class Column:
    header: str
    phase: str  # executed, approved, revised
    primary: bool  # the column whose figures keep the plain item name
    prior_year: bool = False  # 上年数: the figures are of the year before


@dataclass(frozen=True)
class Cell:
    quantity: Quantity
    label: str
    label_span: Span
    row: Span
    phase: str
    item: str
    prior_year: bool = False
    table: Span | None = None  # the table's lines


def _cells(source: SourceText, span: Span) -> list[tuple[str, Span]] | None:
    """The cells of a table line with their spans, or None when the line is not a table row."""
    line = source.norm[span.start:span.end]
    if line.count("|") >= 2:
        found: list[tuple[str, Span]] = []
        offset = span.start
        for part in line.split("|"):
            text = part.strip()
            if text:
                start = offset + part.index(text)
                found.append((text, Span(start, start + len(text))))
            offset += len(part) + 1
        return found if len(found) >= 2 else None
    parts = [m for m in re.finditer(r"\S+(?: \S+)*", line)]
    if len(parts) >= 2 and re.search(r"\S\s{2,}\S", line):
        return [(m.group(), Span(span.start + m.start(), span.start + m.end())) for m in parts]
    return None


def _column(header: str, index: int) -> Column:
    if re.search(r"上年|去年|上一年", header):
        return Column(header, "executed", False, prior_year=True)
    if "调整" in header:
        return Column(header, "revised", False)
    if "预算" in header:
        return Column(header, "approved", False)
    return Column(header, "executed", True)


def read_tables(source: SourceText, spans: list[Span]) -> tuple[list[Cell], set[Span], list[Span]]:
    """The figures of the tables among a section's lines, the lines they used, and the table
    lines that could not be read (no unit declared)."""
    cells: list[Cell] = []
    used: set[Span] = set()
    unread: list[Span] = []
    index = 0
    while index < len(spans):
        rows = []
        cursor = index
        while cursor < len(spans):
            split = _cells(source, spans[cursor])
            if split is None and not _RULE.match(source.norm[spans[cursor].start:spans[cursor].end]):
                break
            rows.append((spans[cursor], split))
            cursor += 1
        numeric = any(_NUMBER.match(text) for _, cells in rows if cells for text, _ in cells[1:])
        if len([r for r in rows if r[1]]) >= 2 and numeric:
            table_cells, ok = _read_table(source, spans[max(0, index - 2):index], rows)
            used.update(span for span, _ in rows)
            if ok:
                lines = Span(rows[0][0].start, rows[-1][0].end)
                cells.extend(replace(cell, table=lines) for cell in table_cells)
            else:
                unread.extend(span for span, _ in rows)
            index = cursor
        else:
            index += 1
    return cells, used, unread


def _declared_unit(source: SourceText, before: list[Span], header: list[str]) -> str | None:
    for span in reversed(before):
        match = _UNIT_DECLARATION.search(source.norm, span.start, span.end)
        if match:
            return match.group("unit")
    for text in header:
        match = _HEADER_UNIT.search(text)
        if match:
            return match.group("unit")
    return None


def _read_table(source: SourceText, before: list[Span],
                rows: list[tuple[Span, list[tuple[str, Span]] | None]]) -> tuple[list[Cell], bool]:
    data = [(span, cells) for span, cells in rows if cells]
    header: list[str] = []
    if data and not any(_NUMBER.match(text) for text, _ in data[0][1][1:]):
        header = [text for text, _ in data[0][1]]
        data = data[1:]
    unit = _declared_unit(source, before, header)
    if unit is None:
        return [], False
    scale = SCALES.get(unit[:-1], 0)
    columns = [_column(re.sub(r"\(.*?\)", "", text), i) for i, text in enumerate(header[1:])]
    found: list[Cell] = []
    for row, cells in data:
        label, label_span = cells[0]
        for position, (text, span) in enumerate(cells[1:]):
            if not _NUMBER.match(text):
                continue
            column = columns[position] if position < len(columns) else Column("", "executed", True)
            exact = exact_amount(text.lstrip("-"), scale, Unit.CNY)
            if isinstance(exact, str):
                continue  # not read: the line is reported (unreadable_numbers)
            number, value, resolution = exact
            if text.startswith("-"):
                number, value = number.copy_negate(), value.copy_negate()
            quantity = Quantity(
                value=value, number=number, scale=scale, unit=Unit.CNY,
                unit_text=unit, printed=text, approximate=False,
                resolution=resolution, span=span, counter="")
            item = label if column.primary else f"{label}({column.header})"
            found.append(Cell(quantity, label, label_span, row, column.phase, item,
                              column.prior_year))
    return found, True
