"""Shared fixtures: the seed report, its records and graph, and a store built from it."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from fiscal_kg.build import build
from fiscal_kg.cli import main
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.mapping import map_places, map_report
from fiscal_kg.pipeline.records import Report
from fiscal_kg.pipeline.text import SourceText, read_source
from fiscal_kg.pipeline.validate import load_vocabulary
from fiscal_kg.resources import REPORTS_DIR
from fiscal_kg.store import open_store

SEED = REPORTS_DIR / "ezhou-government-office-2018-final-accounts.txt"
CORPUS = Path(__file__).parent / "corpus"  # seven reports of six agencies, two of one agency
Row = dict[str, Any]


@pytest.fixture(scope="session")
def minter() -> Minter:
    return Minter()


@pytest.fixture(scope="session")
def seed_source() -> SourceText:
    return read_source(SEED)


@pytest.fixture(scope="session")
def seed_report(seed_source: SourceText) -> Report:
    return extract_report(seed_source, load_gazetteer())


@pytest.fixture(scope="session")
def seed_graph(seed_report: Report, minter: Minter) -> Graph:
    return map_report(seed_report, load_gazetteer(), minter)


@pytest.fixture(scope="session")
def context(minter: Minter) -> Graph:
    """What a report graph is validated with: the vocabulary and the places."""
    gazetteer = load_gazetteer()
    return load_vocabulary() + map_places(gazetteer, minter, gazetteer.places)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, minter: Minter) -> Path:
    store = tmp_path_factory.mktemp("store") / "store"
    outcome = build([SEED], store, minter)
    assert outcome.published, [f.error for f in outcome.failed]
    return store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the test corpus (tests/corpus): seven reports, all built without failure."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    outcome = build(sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html")),
                    store, Minter())
    assert outcome.published and outcome.failed == []
    return store


def _plain(binding: dict[str, Any]) -> Any:
    value = binding["value"]
    if binding.get("datatype") == "http://www.w3.org/2001/XMLSchema#decimal":
        return Decimal(value)
    if binding.get("datatype") == "http://www.w3.org/2001/XMLSchema#integer":
        return int(value)
    return value


def parse_json_results(text: str | bytes) -> list[Row]:
    """SPARQL 1.1 JSON results as rows of plain values (decimals as Decimal)."""
    data = json.loads(text)
    names = data["head"]["vars"]
    return [{n: _plain(b[n]) if n in b else None for n in names}
            for b in data["results"]["bindings"]]


@pytest.fixture(scope="session")
def run_query(seed_store: Path) -> Callable[[str], list[Row]]:
    """Run a query text on the seed store; rows parsed from the engine's JSON results."""
    import pyoxigraph as ox

    store = open_store(seed_store)

    def run(text: str) -> list[Row]:
        results = store.query(text)
        assert isinstance(results, ox.QuerySolutions)
        return parse_json_results(results.serialize(format=ox.QueryResultsFormat.JSON))

    return run


@dataclass(frozen=True)
class CliResult:
    code: int
    out: bytes
    err: str


def run_cli(*args: str) -> CliResult:
    """Run `fiscal-kg ARGS` in this process; its stdout as bytes, its stderr as text."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
        out.flush()
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    return CliResult(code, buffer.getvalue(), err.getvalue())
