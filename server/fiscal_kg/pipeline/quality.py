"""Extraction quality: figures read from a report against the figures written down by hand.

An expected figure is (section, words of its item, value, unit[, phase[, role]]). It is found
when an extracted figure of the same section, value, unit, phase and role contains those words
in its item; each extracted figure answers for at most one expected figure. Precision and
recall are counted per section.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.records import Figure, Report
from fiscal_kg.pipeline.text import read_source


@dataclass(frozen=True)
class Expected:
    section: str
    words: str
    value: Decimal
    unit: str
    phase: str = "executed"
    role: str | None = None  # level/none/change...; None: any


@dataclass
class Score:
    expected: Counter[str] = field(default_factory=Counter)
    extracted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[str, Expected]] = field(default_factory=list)
    extra: list[tuple[str, Figure]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.extracted += other.extracted
        self.correct += other.correct
        self.missed += other.missed
        self.extra += other.extra


def load_expected(path: Path) -> tuple[dict[str, Any], list[Expected]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    figures = []
    for entry in data["figures"]:
        section, words, value, unit, *rest = entry
        figures.append(Expected(section, words, Decimal(value), unit,
                                rest[0] if rest else "executed", rest[1] if len(rest) > 1 else None))
    return data, figures


def _matches(figure: Figure, expected: Expected) -> bool:
    return (figure.section.value == expected.section and figure.value == expected.value
            and figure.unit.value == expected.unit and figure.phase == expected.phase
            and (expected.role is None or figure.role.value == expected.role)
            and expected.words in figure.item)


def score_report(report: Report, expected: list[Expected], name: str) -> Score:
    score = Score()
    remaining = list(report.figures)
    for item in expected:
        score.expected[item.section] += 1
        found = next((f for f in remaining if _matches(f, item)), None)
        if found is None:
            score.missed.append((name, item))
        else:
            remaining.remove(found)
            score.correct[item.section] += 1
    for figure in report.figures:
        score.extracted[figure.section.value] += 1
    score.extra = [(name, figure) for figure in remaining]
    return score


def score_corpus(folder: Path) -> tuple[Score, dict[str, Report]]:
    """Scores of every report of a folder that has a <name>.expected.json beside it."""
    total = Score()
    reports: dict[str, Report] = {}
    gazetteer = load_gazetteer()
    for expected_path in sorted(folder.glob("*.expected.json")):
        data, expected = load_expected(expected_path)
        report = extract_report(read_source(folder / data["file"]), gazetteer)
        reports[data["file"]] = report
        total.add(score_report(report, expected, data["file"]))
    return total, reports
