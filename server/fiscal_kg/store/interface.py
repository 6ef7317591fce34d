"""The store interface: what the web tier and the CLI ask of a store, and what it answers.

A `Job` is one query with everything its answer depends on; an `Outcome` is the engine's
answer, already serialized in the format asked for, with its rows parsed on demand
(`solutions()`, `boolean()`), so that no caller reads SPARQL JSON itself. The exceptions are
the ways a query can fail to get an answer that are not the query's fault: out of time
(`QueryTimeout`) or no capacity now (`QueryBusy`); a query's own failure is an outcome that is
not ok, with its `ErrorKind`. `Store` is the interface both stores implement: the embedded one
(`fiscal_kg.store.embedded`) and any SPARQL 1.1 endpoint (`fiscal_kg.store.endpoint`);
`fiscal_kg.store.connect` opens the one the settings name.

Capping and serializing results is written here, once: `solutions_within` and `graph_within`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.store.buildinfo import BuildInfo

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# the RDF formats that write prefixes
PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


class ResultKind(StrEnum):
    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


class ErrorKind(StrEnum):
    SYNTAX = "syntax"  # the query does not parse
    ENGINE = "engine"  # the engine failed on it, or its answer could not be read
    MEMORY = "memory"  # over the memory a query may use
    CRASHED = "crashed"  # the process running it ended
    UNREACHABLE = "unreachable"  # the store could not be reached


class TimeoutKind(StrEnum):
    STOPPED = "stopped"  # its evaluation was stopped (the embedded store kills its process)
    ABANDONED = "abandoned"  # the answer was no longer waited for (a remote store)


Binding = tuple[str, str, str, str | None]  # (variable, 'iri' or 'literal', value, language)
Row = dict[str, dict[str, str]]  # variable -> {'type', 'value', 'xml:lang', 'datatype'}


@dataclass(frozen=True)
class Job:
    query: str
    results_format: str | None = None  # media type of the results, for SELECT / ASK
    rdf_format: str | None = None  # media type of the graph, for CONSTRUCT / DESCRIBE
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None  # None: the union of all graphs
    named_graphs: tuple[str, ...] | None = None  # None: all named graphs
    query_dataset: bool = False  # the query has FROM / FROM NAMED: its own dataset applies
    limit: int = 10000  # most rows or triples an answer carries
    # values bound to variables, never pasted into the text
    bindings: tuple[Binding, ...] = ()
    # count the rows of solutions (for the query log) and hold them to `limit` even if the
    # text was not limited; the service's own page queries need neither
    count: bool = True


def bind_iri(name: str, iri: str) -> Binding:
    return (name, "iri", iri, None)


def bind_literal(name: str, text: str, language: str | None = None) -> Binding:
    return (name, "literal", text, language)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    kind: ResultKind | None = None
    body: bytes = b""
    rows: int = 0  # how many rows (or triples) the answer holds, when counted
    capped: bool = False  # the answer was cut at the job's limit
    error: str = ""
    error_kind: ErrorKind | None = None

    def _json(self) -> dict[str, Any]:
        if not self.ok or self.kind not in (ResultKind.SOLUTIONS, ResultKind.BOOLEAN):
            raise ValueError(f"no solutions in this outcome ({self.kind or self.error_kind})")
        data: dict[str, Any] = json.loads(self.body)
        return data

    def solutions(self) -> list[Row]:
        """The rows of a SELECT answered as SPARQL JSON."""
        rows: list[Row] = self._json()["results"]["bindings"]
        return rows

    def variables(self) -> list[str]:
        names: list[str] = self._json()["head"].get("vars", [])
        return names

    def boolean(self) -> bool:
        """The answer of an ASK answered as SPARQL JSON."""
        return bool(self._json().get("boolean", False))

    @property
    def is_boolean(self) -> bool:
        return self.kind is ResultKind.BOOLEAN


class QueryTimeout(Exception):
    """The query ran out of time: stopped, or no longer waited for."""

    def __init__(self, message: str, kind: TimeoutKind = TimeoutKind.STOPPED) -> None:
        super().__init__(message)
        self.kind = kind


class QueryBusy(Exception):
    """No capacity could take the query now; it was not run (or was stopped early)."""


class Store:
    """What the web tier needs of a store: the current build, its manifest, and queries."""

    # how often a worker looks whether the store has a new build (seconds)
    RECHECK = 1.0
    kind = ""

    @property
    def manifest(self) -> BuildInfo:
        raise NotImplementedError

    @property
    def build_id(self) -> str:
        return self.manifest.build_id

    @property
    def build_path(self) -> Path | None:
        """The build's directory on this machine (its dumps), if there is one."""
        raise NotImplementedError

    def run(self, job: Job) -> Outcome:
        return self.run_many([job])[0]

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        """The outcomes, in order. Raises QueryTimeout or QueryBusy when the service cannot
        run them now, StoreError when there is no store; a query's own failure (syntax, memory,
        an unreachable remote store) is an outcome that is not ok."""
        raise NotImplementedError

    def alive(self) -> bool:
        """Whether queries can be answered now (for the health check)."""
        raise NotImplementedError

    def pin(self) -> Store:
        """This store as one build, for the length of a request (release with `unpin`)."""
        return self

    def unpin(self) -> None:
        pass

    def close(self) -> None:
        pass


def solutions_within(as_json: bytes, fmt: ox.QueryResultsFormat,
                     limit: int | None) -> tuple[bytes, int, bool]:
    r"""Solutions given in SPARQL JSON, in `fmt`, holding at most `limit` of them: the body, the
    number of rows and whether any were cut. The cut is made in the JSON (a list of bindings)
    and the engine writes the result, so the bytes are the engine's.

    >>> body = b'{"head":{"vars":["n"]},"results":{"bindings":[' + b','.join(
    ...     b'{"n":{"type":"literal","value":"%d"}}' % i for i in range(5)) + b']}}'
    >>> solutions_within(body, ox.QueryResultsFormat.CSV, 2)
    (b'n\r\n0\r\n1\r\n', 2, True)
    >>> solutions_within(body, ox.QueryResultsFormat.JSON, 5)[1:]
    (5, False)
    """
    data = json.loads(as_json)
    bindings = data["results"]["bindings"]
    capped = limit is not None and len(bindings) > limit
    if capped:
        data["results"]["bindings"] = bindings = bindings[:limit]
        as_json = json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == ox.QueryResultsFormat.JSON:
        return as_json, len(bindings), capped
    parsed = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt) or b"", len(bindings), capped


def _term_key(term: object) -> str:
    return "" if isinstance(term, ox.BlankNode) else str(term)


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return _term_key(triple.subject), _term_key(triple.predicate), _term_key(triple.object)


def graph_within(triples: Iterable[ox.Triple | ox.Quad], media_type: str | None, limit: int,
                 prefixes: dict[str, str] | None = None) -> tuple[bytes, int, bool]:
    """At most `limit` triples written in the RDF format of `media_type` (Turtle by default,
    with `prefixes` where the format writes them): the body, the number of triples and whether
    any were cut."""
    rdf = ox.RdfFormat.from_media_type(media_type or "text/turtle")
    if rdf is None:
        raise ValueError(f"no RDF format {media_type}")
    kept = [ox.Triple(t.subject, t.predicate, t.object)
            for t in itertools.islice(triples, limit + 1)]
    capped = len(kept) > limit
    # in one order on every store (blank nodes, whose labels are the store's, by what follows)
    kept = sorted(kept[:limit], key=_triple_key)
    body = ox.serialize(kept, format=rdf,
                        prefixes=(prefixes or PREFIXES) if rdf in PREFIXED_FORMATS else None)
    return body or b"", len(kept), capped
