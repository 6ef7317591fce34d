"""A report read as a researcher would, against the facts written down by hand beside it.

For each `<name>.expected.json` of a folder: was the report identified (agency, year, region
code), how many of its stated figures were read with the right value, unit, section, phase and
role (recall) and how many of the figures read were right (precision), are its internal units
and glossary terms complete, and what did the report's own arithmetic checks say: every real
discrepancy flagged (with the stated and computed values written down), and any alarm on
figures that add up counted as a false alarm. The report goes through the whole pipeline
(`build.read_report`: extraction, mapping, SHACL validation) and the alarms are read with the
stored query `consistency`, as a researcher would read them.

A folder's `manifest.csv` (a build manifest, as `fiscal-kg build --manifest` reads it) gives the
reports it names what their text does not say; a report whose agency, year or region the
manifest gives is counted apart ("given"), never as identified from its text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.manifest import Manifest, read_manifest
from fiscal_kg.pipeline.quality import Score, load_expected, score_report
from fiscal_kg.pipeline.records import Identity
from fiscal_kg.pipeline.text import normalise_width, read_source
from fiscal_kg.pipeline.validate import load_shapes
from fiscal_kg.queries import stored_queries
from fiscal_kg.reading import read_report

MANIFEST = "manifest.csv"  # a corpus folder's build manifest


@dataclass
class Evaluation:
    name: str
    expected: dict[str, Any]
    error: str | None = None  # the build refused the report
    given: bool = False  # the build manifest gives its identity (or part of it)
    identity: tuple[str | None, int | None, str | None] = (None, None, None)  # agency, year, region
    score: Score = field(default_factory=Score)
    units: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    alarms: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)  # check, stated, computed

    @property
    def identified(self) -> bool:
        want = (self.expected["agency"], self.expected["year"], self.expected.get("region"))
        return self.error is None and not self.given and self.identity == want

    @property
    def expected_units(self) -> list[str]:
        # written down as printed, full-width parentheses and all; the text is read normalised
        return [normalise_width(u) for u in self.expected.get("units") or []]

    @property
    def expected_glossary(self) -> list[str]:
        return [normalise_width(g) for g in self.expected.get("glossary") or []]

    def units_found(self) -> int:
        return len(set(self.units) & set(self.expected_units))

    def glossary_found(self) -> int:
        return len(set(self.glossary) & set(self.expected_glossary))

    def _real(self) -> list[tuple[Decimal, Decimal]]:
        pairs = [(Decimal(str(d["stated"])), Decimal(str(d["computed"])))
                 for d in self.expected.get("discrepancies") or []]
        pairs += [(Decimal(str(c[1])), Decimal(str(c[2])))
                  for c in self.expected.get("consistency") or []]
        return pairs

    def false_alarms(self) -> list[tuple[str, Decimal, Decimal]]:
        real = self._real()
        return [a for a in self.alarms if not any(_same(a, pair) for pair in real)]

    def real_flagged(self) -> int:
        return sum(1 for pair in self._real() if any(_same(a, pair) for a in self.alarms))

    def real_discrepancies(self) -> int:
        return len(self._real())


def _same(alarm: tuple[str, Decimal, Decimal], written: tuple[Decimal, Decimal]) -> bool:
    """Whether an alarm is the discrepancy written down: the same stated value, and the
    computed one as precise as it was written (6.9469 is the 6.95 written by hand)."""
    stated, computed = written
    if alarm[1] != stated:
        return False
    exponent = computed.as_tuple().exponent
    assert isinstance(exponent, int)
    return alarm[2].quantize(Decimal(1).scaleb(exponent)) == computed


def _consistency(quads: bytes) -> list[tuple[str, Decimal, Decimal]]:
    """The report's arithmetic alarms, as the stored query `consistency` lists them (it needs
    the shapes, which say which checks are arithmetic)."""
    store = ox.Store()
    store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
    store.bulk_load(_shapes(), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode("urn:fiscal-kg:shapes"))
    rows = store.query(stored_queries()["consistency"].text, use_default_graph_as_union=True,
                       prefixes=PREFIXES)
    assert isinstance(rows, ox.QuerySolutions)
    found = []
    for row in rows:
        check, stated, computed = row["check"], row["stated"], row["computed"]
        assert check is not None and stated is not None and computed is not None
        found.append((str(check.value).rsplit("/", 1)[-1], Decimal(stated.value),
                      Decimal(computed.value)))
    return found


@lru_cache(maxsize=1)
def _shapes() -> bytes:
    return load_shapes().serialize(format="nt", encoding="utf-8")


def evaluate_report(expected_path: Path, minter: Minter | None = None,
                    manifest: Manifest | None = None) -> Evaluation:
    data, expected = load_expected(expected_path)
    path = expected_path.parent / data["file"]
    evaluation = Evaluation(data["file"], data)
    entry = manifest.entry_for(path) if manifest is not None else None
    given = entry.identity if entry is not None and entry.identity != Identity() else None
    evaluation.given = given is not None
    result = read_report(path, minter or Minter(), entry=entry)
    if not result.ok:
        evaluation.error = result.error
        evaluation.score = score_report_missing(expected, data["file"])
        return evaluation
    gazetteer = load_gazetteer()
    evaluation.identity = (result.agency, result.fiscal_year, result.region_code)
    report = extract_report(read_source(path), gazetteer, given)
    evaluation.score = score_report(report, expected, data["file"])
    evaluation.units = [unit.name for unit in report.units]
    evaluation.glossary = [entry.term for entry in report.glossary]
    evaluation.alarms = _consistency(result.quads)
    return evaluation


def score_report_missing(expected: list[Any], name: str) -> Score:
    """The score of a report the build refused: every stated figure missed."""
    score = Score()
    for item in expected:
        score.expected[item.section] += 1
        score.missed.append((name, item))
    return score


def evaluate_corpus(folder: Path) -> list[Evaluation]:
    minter = Minter()
    listed = folder / MANIFEST
    manifest = read_manifest(listed) if listed.is_file() else None
    return [evaluate_report(path, minter, manifest)
            for path in sorted(folder.glob("*.expected.json"))]


def summary(evaluations: list[Evaluation]) -> dict[str, Any]:
    """Totals over a corpus: the figures the README's first-contact table keeps."""
    total = Score()
    for evaluation in evaluations:
        total.add(evaluation.score)
    stated, extracted, correct, valued = (sum(c.values()) for c in (
        total.expected, total.extracted, total.correct, total.valued))
    return {
        "reports": len(evaluations),
        "identified": sum(e.identified for e in evaluations),
        "identity given": sum(e.given for e in evaluations),
        "figures stated": stated,
        "precision": correct / extracted if extracted else 1.0,
        "recall": correct / stated if stated else 1.0,
        "precision (value and section)": valued / extracted if extracted else 1.0,
        "recall (value and section)": valued / stated if stated else 1.0,
        "units": (sum(e.units_found() for e in evaluations),
                  sum(len(e.expected_units) for e in evaluations)),
        "glossary": (sum(e.glossary_found() for e in evaluations),
                     sum(len(e.expected_glossary) for e in evaluations)),
        "false alarms": sum(len(e.false_alarms()) for e in evaluations),
        "real discrepancies flagged": (sum(e.real_flagged() for e in evaluations),
                                       sum(e.real_discrepancies() for e in evaluations)),
    }


def to_json(evaluations: list[Evaluation]) -> str:
    rows = [{"report": e.name, "identified": e.identified, "given": e.given, "error": e.error,
             "identity": list(e.identity),
             "precision": _ratio(sum(e.score.correct.values()), sum(e.score.extracted.values())),
             "recall": _ratio(sum(e.score.correct.values()), sum(e.score.expected.values())),
             "units": [e.units_found(), len(e.expected_units)],
             "glossary": [e.glossary_found(), len(e.expected_glossary)],
             "false_alarms": len(e.false_alarms())} for e in evaluations]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0
