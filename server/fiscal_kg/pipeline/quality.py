"""Extraction quality: figures read from a report against the figures written down by hand.

An expected figure is (section, words of its item, value, unit[, phase[, role]]). It is found
when an extracted figure of the same section, value, unit, phase and role contains those words
in its item; each extracted figure answers for at most one expected figure. Precision and
recall are counted per section; and again by value and section alone (the figure is there, with
the right value, unit, phase and section, whatever its item is called: the words written down
by hand often name its kind, '绩效自评', where the item keeps the printed label, '涉及资金').
"""

from __future__ import annotations

import json
import re
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
    valued: Counter[str] = field(default_factory=Counter)  # right value and section, any item
    missed: list[tuple[str, Expected]] = field(default_factory=list)
    extra: list[tuple[str, Figure]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.extracted += other.extracted
        self.correct += other.correct
        self.valued += other.valued
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


# words written down that name only a budget phase ('年初预算为X万元, 支出决算为Y万元'): the
# figure is the phase's figure of the item the sentence names, whatever its item is called
_PHASE_ONLY = re.compile(r"^(年初|全年|调整(后)?)?(预算|决算)(数)?$|^支出决算(数)?$")


def _matches(figure: Figure, expected: Expected, strict: bool | None) -> bool:
    """strict: the words stand in the item; False: the labels hold one another; None: any item."""
    words = _one_side(expected.words, expected.section)
    named = strict is None or (words in figure.item if strict else (
        same_label(words, figure.item) or bool(_PHASE_ONLY.match(words))))
    return (figure.section.value == expected.section and figure.value == expected.value
            and figure.unit.value == expected.unit and figure.phase == expected.phase
            and (expected.role is None or figure.role.value == expected.role) and named)


def _one_side(words: str, section: str) -> str:
    """Words that name both totals ('收、支总计', '收支较上年增加') as the figure of one side reads
    them: 收入总计 in the income section, 支出总计 in the expenditure section."""
    side = "收入" if section == "income" else "支出"
    return re.sub(r"收入[、和与及]?支出(?=决算|总计|合计|均|各)|收入[、和与及]支出|收[、和与及]支(?!出)|收支",
                  side, words)


def same_label(words: str, item: str) -> bool:
    """Whether a figure's item names what the words written down name: one holds the other
    (the words may be the printed label with its qualifiers, '行政运行(项)' or '单价50万元以上
    通用设备', where the item keeps its name, '行政运行', '通用设备'; or a few words of a long item).
    Quotes and spaces do not count.

    >>> same_label("行政运行(项)", "行政运行"), same_label("三公经费", "“三公”经费比上年减少")
    (True, True)
    >>> same_label("行政运行(项)", "支出决算"), same_label("收入", "支")
    (False, False)
    """
    words, item = (_plain(words), _plain(item))
    shorter = min(words, item, key=len)
    return len(shorter) >= 2 and (words in item or item in words)


def _plain(text: str) -> str:
    return re.sub(r"[“”\"‘’'\s]", "", text)


def score_report(report: Report, expected: list[Expected], name: str) -> Score:
    """Each expected figure matched to one read figure: first where the words stand in the
    item as written, then where the two labels hold one another (`same_label`)."""
    score = Score()
    remaining = list(report.figures)
    unmatched: list[Expected] = []
    for item in expected:
        score.expected[item.section] += 1
        found = next((f for f in remaining if _matches(f, item, strict=True)), None)
        if found is None:
            unmatched.append(item)
        else:
            remaining.remove(found)
            score.correct[item.section] += 1
    for item in unmatched:
        found = next((f for f in remaining if _matches(f, item, strict=False)), None)
        if found is None:
            score.missed.append((name, item))
        else:
            remaining.remove(found)
            score.correct[item.section] += 1
    for figure in report.figures:
        score.extracted[figure.section.value] += 1
    score.extra = [(name, figure) for figure in remaining]
    score.valued = Counter(score.correct)
    for _, item in score.missed:
        found = next((f for f in remaining if _matches(f, item, strict=None)), None)
        if found is not None:
            remaining.remove(found)
            score.valued[item.section] += 1
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
