"""What a store is asked and what it answers: the types every store client shares.

A `Job` is one query with everything its answer depends on; an `Outcome` is the engine's
answer, already serialized. The exceptions are the ways a query can fail to get one that are
not the query's fault: too slow, no process free, or the store unreachable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox


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
    # values bound to variables, never pasted into the text: (name, kind, value, language)
    # with kind 'iri' or 'literal'
    bindings: tuple[tuple[str, str, str, str | None], ...] = ()
    # count the rows of solutions (for the query log) and hold them to `limit` even if the
    # text was not limited; the service's own page queries need neither
    count: bool = True


def bind_iri(name: str, iri: str) -> tuple[str, str, str, str | None]:
    return (name, "iri", iri, None)


def bind_literal(name: str, text: str, language: str | None = None) -> tuple[str, str, str, str | None]:
    return (name, "literal", text, language)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    kind: str = ""  # solutions, boolean, graph
    body: bytes = b""
    rows: int = 0
    capped: bool = False  # the answer was cut at the job's limit
    error: str = ""
    error_kind: str = ""  # syntax, engine, memory, crashed, unreachable


@dataclass(frozen=True)
class Hello:
    """A query process's first message: which of its fences hold."""

    pid: int
    network_isolated: bool
    memory_limit: int | None  # bytes of data the process may hold, None: no limit set


class QueryTimeout(Exception):
    """The query ran out of time and its evaluation was stopped."""


class QueryBusy(Exception):
    """No query process could take the query now; it was not run (or was stopped early)."""


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
