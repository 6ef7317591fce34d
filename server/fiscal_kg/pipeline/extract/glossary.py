"""The glossary (名词解释): numbered terms with their definitions and functional codes."""

from __future__ import annotations

import re

from fiscal_kg.pipeline.records import GlossaryEntry
from fiscal_kg.pipeline.sections import Kind, OutlineNode
from fiscal_kg.pipeline.text import SourceText, Span

_ENTRY = re.compile(r"(?P<term>[^:]{1,40}?)\s*(\((?P<code>\d{3,7})类?\))?\s*[:]\s*(?P<definition>.+)")


def find_glossary(source: SourceText, root: OutlineNode) -> tuple[GlossaryEntry, ...]:
    entries: list[GlossaryEntry] = []
    for section in root.walk():
        if section.kind is not Kind.GLOSSARY:
            continue
        for item in section.items:
            match = _ENTRY.match(source.norm, item.text.start, item.text.end)
            if match is None:
                continue
            term_span = Span(match.start("term"), match.end("term"))
            definition_span = Span(match.start("definition"), item.text.end)
            entries.append(GlossaryEntry(
                number=item.number,
                term=source.text(term_span).strip(),
                definition=source.text(definition_span).strip(),
                code=match.group("code"),
                span=item.text,
                term_span=term_span,
                definition_span=definition_span,
            ))
    return tuple(entries)
