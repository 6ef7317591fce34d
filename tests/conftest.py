"""Shared fixtures: the seed report, its records and graph, and a store built from it."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
from collections.abc import Callable, Iterator
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


class Listener:
    """A TCP port on loopback that notes every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback port that counts the connections made to it (nothing should make any)."""
    listening = Listener()
    yield listening
    listening.close()
