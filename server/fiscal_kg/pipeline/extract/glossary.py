"""The glossary (名词解释): its terms with their definitions and functional codes.

An entry is a term, a separator and the definition: '财政拨款收入：指…', '财政拨款收入——指…',
'财政拨款收入，是指…', '财政拨款收入是指…', or a table's row '财政拨款收入 | 指…'; numbered in any
style or not numbered at all, one entry a line. The term is read as simplified, width-normalised
text (the name the graph keeps); the definition as printed.
"""

from __future__ import annotations

import re

from fiscal_kg.pipeline.records import GlossaryEntry
from fiscal_kg.pipeline.sections import Kind, OutlineNode, list_marker
from fiscal_kg.pipeline.text import SourceText, Span

_TERM = r"(?P<term>[^:,;。|]{1,48}?)\s*(\((?P<code>\d{3,7})类?\))?\s*"
# what follows a glossary without being one of its terms
_NOT_TERM = re.compile(r"附件\d*|附表\d*|注|备注|说明|联系人|联系电话|发布时间|来源|名词|术语|名称")
# tried in order: a colon or a dash first, so that a term holding 指 ('绩效指标') stays whole
_ENTRIES = (
    re.compile(_TERM + r"(?::|——|—|--)\s*(?P<definition>\S.*)"),
    re.compile(_TERM + r",?\s*是指\s*(?P<definition>\S.*)"),
    re.compile(_TERM + r"\|\s*(?P<definition>\S.*)"),  # a table: '财政拨款收入 | 指…'
)


def find_glossary(source: SourceText, root: OutlineNode) -> tuple[GlossaryEntry, ...]:
    entries: list[GlossaryEntry] = []
    for section in root.walk():
        if section.kind is not Kind.GLOSSARY:
            continue
        numbers = {item.text.start: item.number for item in section.items}
        for span in section.body:
            start = span.start
            marker = list_marker(source.norm[span.start:span.end])
            if marker is not None:
                start = span.start + marker
            for pattern in _ENTRIES:
                match = pattern.match(source.norm, start, span.end)
                if match is not None:
                    break
            else:
                continue
            if _NOT_TERM.fullmatch(match.group("term").strip()):
                continue  # '附件：上海市徐汇区文化局2018年度部门决算表.xls' after the glossary
            term_span = Span(match.start("term"), match.end("term"))
            definition_span = Span(match.start("definition"), span.end)
            entries.append(GlossaryEntry(
                number=numbers.get(start, len(entries) + 1),
                term=source.norm[term_span.start:term_span.end].strip(),
                definition=source.text(definition_span).strip(),
                code=match.group("code"),
                span=Span(start, span.end),
                term_span=term_span,
                definition_span=definition_span,
            ))
    return tuple(entries)
