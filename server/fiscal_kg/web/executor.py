"""Queries run in a child process, so that a query over its time limit can really be stopped.

Oxigraph evaluates a query in native code that Python cannot interrupt. Each web worker
therefore keeps one child process that opens the store read-only and runs queries sent to it
over a pipe; when a query outlives its time limit, the child is killed (the evaluation stops
with it) and a fresh one is started for the next query. Results cross the pipe already
serialized by the engine.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import multiprocessing
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fiscal_kg.namespaces import PREFIXES

log = logging.getLogger("fiscal_kg.executor")


@dataclass(frozen=True)
class Job:
    query: str
    results_format: str | None = None  # media type of the results, for SELECT / ASK
    rdf_format: str | None = None  # media type of the graph, for CONSTRUCT / DESCRIBE
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None  # None: the union of all graphs
    named_graphs: tuple[str, ...] | None = None  # None: all named graphs
    query_dataset: bool = False  # the query has FROM / FROM NAMED: its own dataset applies
    limit: int = 10000  # most triples a graph result carries (SELECT is limited in its text)
    # values bound to variables, never pasted into the text: (name, kind, value, language)
    # with kind 'iri' or 'literal'
    bindings: tuple[tuple[str, str, str, str | None], ...] = ()
    count: bool = True  # count the rows of solutions (for the query log and the row limit)


def bind_iri(name: str, iri: str) -> tuple[str, str, str, str | None]:
    return (name, "iri", iri, None)


def bind_literal(name: str, text: str, language: str | None = None) -> tuple[str, str, str, str | None]:
    return (name, "literal", text, language)


@dataclass
class Outcome:
    ok: bool
    kind: str = ""  # solutions, boolean, graph
    body: bytes = b""
    rows: int = 0
    capped: bool = False
    error: str = ""
    error_kind: str = ""  # syntax, engine, timeout
    extra: dict[str, Any] = field(default_factory=dict)


class QueryTimeout(Exception):
    """The query ran out of time and its evaluation was stopped."""


class Executor:
    """One child process that runs queries on one database, restarted when it must be killed."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.killed: list[int] = []

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, str(self.database)),
                                  name="fiscal-kg-query", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def run(self, job: Job, timeout: float) -> Outcome:
        return self.run_many([job], timeout)[0]

    def run_many(self, jobs: list[Job], timeout: float) -> list[Outcome]:
        """Several queries in one round trip to the child, under one time limit."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self.start()
            assert self._conn is not None
            try:
                self._conn.send(jobs)
                if not self._conn.poll(timeout):
                    pid = self.pid
                    self._kill()
                    log.warning("query over %.1f s: killed executor pid=%s", timeout, pid)
                    raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
                outcomes: list[Outcome] = self._conn.recv()
            except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
                self._kill()
                died = Outcome(False, error=f"the query process died ({exc!r})",
                               error_kind="engine")
                return [died for _ in jobs]
            return outcomes

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.pid is not None:
                self.killed.append(self._process.pid)
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        with self._lock:
            self._kill()


# --- the child ---------------------------------------------------------------------------

def _serve(conn: Connection, database: str) -> None:
    store = ox.Store.read_only(database)
    while True:
        try:
            jobs = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        conn.send([_run(store, job) for job in jobs])


def _run(store: ox.Store, job: Job) -> Outcome:
    try:
        kwargs: dict[str, Any] = {"base_iri": job.base_iri, "prefixes": PREFIXES}
        if job.bindings:
            kwargs["substitutions"] = {ox.Variable(name): _term(kind, value, language)
                                       for name, kind, value, language in job.bindings}
        if job.default_graph is not None:
            kwargs["default_graph"] = [_graph(g) for g in job.default_graph]
        elif not job.query_dataset:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [_graph(g) for g in job.named_graphs]
        results = store.query(job.query, **kwargs)
        if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
            fmt = ox.QueryResultsFormat.from_media_type(
                job.results_format or "application/sparql-results+json")
            if fmt is None:
                raise ValueError(f"no results format {job.results_format}")
            body = results.serialize(format=fmt) or b""
            if isinstance(results, ox.QueryBoolean):
                return Outcome(True, "boolean", body, 1)
            return Outcome(True, "solutions", body, count_rows(body, fmt) if job.count else 0)
        triples = list(itertools.islice(results, job.limit + 1))
        capped = len(triples) > job.limit
        triples = triples[:job.limit]
        rdf = ox.RdfFormat.from_media_type(job.rdf_format or "text/turtle")
        if rdf is None:
            raise ValueError(f"no RDF format {job.rdf_format}")
        graph = ox.serialize(triples, format=rdf, prefixes=PREFIXES if rdf in _PREFIXED else None)
        return Outcome(True, "graph", graph or b"", len(triples), capped)
    except SyntaxError as exc:
        return Outcome(False, error=str(exc), error_kind="syntax")
    except Exception as exc:  # an engine failure: reported as 500 and logged by the parent
        return Outcome(False, error=f"{type(exc).__name__}: {exc}", error_kind="engine")


_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def _term(kind: str, value: str, language: str | None) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(value) if kind == "iri" else ox.Literal(value, language=language)


def _graph(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name == "" else ox.NamedNode(name)


def count_rows(body: bytes, fmt: ox.QueryResultsFormat) -> int:
    """Rows of serialized solutions, read back with the engine's parser (CSV with csv)."""
    if fmt == ox.QueryResultsFormat.CSV:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
    parsed = ox.parse_query_results(body, format=fmt)
    return sum(1 for _ in parsed) if isinstance(parsed, ox.QuerySolutions) else 1
