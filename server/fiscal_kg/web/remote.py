"""The web tier on any SPARQL 1.1 endpoint instead of the embedded store.

Set `sparql_endpoint` (FISCAL_KG_SPARQL_ENDPOINT) to the query URL of a store that
`fiscal-kg load` has filled (Oxigraph, Fuseki, Virtuoso, QLever ...; its default graph must be
the union of its named graphs). Every query goes over the SPARQL 1.1 Protocol with
SPARQLWrapper; the web tier keeps no graph of its own, only the build's manifest, read from
the store's `graph/build` graph and re-read when the build there changes.

Queries are sent as Oxigraph would evaluate them here: the known prefixes a query uses are
declared, and values bound to variables are written into the text as constants
(`fiscal_kg.sparql_text.substitute`). Solutions are fetched as SPARQL JSON and graphs as
N-Triples, then re-serialized by Oxigraph in the format asked for, so every endpoint answers
in every format the service offers. A query over the time limit is abandoned (the remote
store's own timeout should stop its evaluation).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from fiscal_kg.config import Settings
from fiscal_kg.errors import StoreError
from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.sparql_rewrite import split_dataset, substitute, term_text, with_prologue
from fiscal_kg.sparql_text import inspect_query
from fiscal_kg.store.jobs import Job, Outcome, QueryTimeout, solutions_within
from fiscal_kg.store.layout import current_build
from fiscal_kg.web.backend import Backend

log = logging.getLogger("fiscal_kg.remote")

BUILD_GRAPH = "graph/build"
# `fiscal-kg load` replaces the whole build graph: it describes one build
BUILD_ID = "SELECT ?id WHERE { GRAPH ?g { ?build a prov:Entity ; dcterms:identifier ?id } }"
MANIFEST = "SELECT ?id ?m WHERE { GRAPH ?g { ?build dcterms:identifier ?id ; fk:manifest ?m } }"
SOLUTIONS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


class RemoteError(Exception):
    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # syntax, engine, timeout, unreachable


class RemoteBackend(Backend):
    kind = "remote"

    def __init__(self, settings: Settings) -> None:
        self.endpoint = settings.sparql_endpoint
        self.timeout = settings.query_timeout
        self.graph = settings.base_iri + BUILD_GRAPH
        self.store = settings.store
        self._manifest: dict[str, Any] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fiscal-kg-remote")

    # --- the protocol -------------------------------------------------------------------------

    def _send(self, query: str, accept: str, job: Job | None = None) -> bytes:
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setQuery(query)
        client.addCustomHttpHeader("Accept", accept)
        client.setTimeout(max(1, round(self.timeout)))
        if job is not None:
            for graph in job.default_graph or ():
                if graph:
                    client.addParameter("default-graph-uri", graph)
            for graph in job.named_graphs or ():
                client.addParameter("named-graph-uri", graph)
        try:
            body: bytes = client.query().response.read()
            return body
        except QueryBadFormed as exc:
            raise RemoteError(_message(exc), "syntax") from None
        except SPARQLWrapperException as exc:
            raise RemoteError(_message(exc), "engine") from None
        except TimeoutError as exc:
            raise RemoteError(f"no answer within {self.timeout:g} s ({exc})", "timeout") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise RemoteError(f"no answer within {self.timeout:g} s", "timeout") from None
            raise RemoteError(f"cannot reach {self.endpoint}: {exc.reason}", "unreachable") from None

    def _text(self, job: Job) -> str:
        text = job.query
        if job.bindings:
            text = substitute(text, {name: term_text(kind, value, language)
                                     for name, kind, value, language in job.bindings})
        return with_prologue(text, PREFIXES, job.base_iri)

    def _run(self, job: Job) -> Outcome:
        text = self._text(job)
        form = inspect_query(text).form
        if job.query_dataset and job.default_graph is None and job.named_graphs is None:
            text, defaults, named = split_dataset(text)
            if defaults or named:
                job = replace(job, default_graph=tuple(defaults), named_graphs=tuple(named))
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                body = self._send(text, TRIPLES, job)
                triples = list(itertools.islice(ox.parse(body, format=ox.RdfFormat.N_TRIPLES),
                                                job.limit + 1))
                capped = len(triples) > job.limit
                triples = triples[:job.limit]
                rdf = ox.RdfFormat.from_media_type(job.rdf_format or "text/turtle")
                if rdf is None:
                    raise ValueError(f"no RDF format {job.rdf_format}")
                graph = ox.serialize([ox.Triple(t.subject, t.predicate, t.object) for t in triples],
                                     format=rdf, prefixes=PREFIXES if rdf in _PREFIXED else None)
                return Outcome(True, "graph", graph or b"", len(triples), capped)
            body = self._send(text, SOLUTIONS, job)
            fmt = ox.QueryResultsFormat.from_media_type(job.results_format or SOLUTIONS)
            if fmt is None:
                raise ValueError(f"no results format {job.results_format}")
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(results, ox.QueryBoolean):
                return Outcome(True, "boolean", results.serialize(format=fmt) or b"", 1)
            # the row limit holds here whatever the query text made of it at the store
            out, rows, capped = solutions_within(body, fmt, job.limit if job.count else None)
            return Outcome(True, "solutions", out, rows, capped)
        except RemoteError as exc:
            if exc.kind == "timeout":
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was "
                                   "abandoned") from None
            return Outcome(False, error=str(exc), error_kind=exc.kind)
        except (SyntaxError, ValueError) as exc:
            return Outcome(False, error=f"the endpoint's answer could not be read: {exc}",
                           error_kind="engine")

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        """The jobs concurrently (a page's queries cost the slowest, not the sum)."""
        if len(jobs) == 1:
            return [self._run(jobs[0])]
        return list(self._pool.map(self._run, jobs))

    # --- the build ----------------------------------------------------------------------------

    def _select(self, query: str) -> list[dict[str, Any]]:
        text = with_prologue(query.replace("GRAPH ?g", f"GRAPH <{self.graph}>"), PREFIXES)
        data = json.loads(self._send(text, SOLUTIONS))
        rows: list[dict[str, Any]] = data["results"]["bindings"]
        return rows

    def _current(self) -> dict[str, Any]:
        now = time.monotonic()
        if self._manifest is not None and now - self._checked < self.RECHECK:
            return self._manifest
        with self._lock:
            try:
                rows = self._select(BUILD_ID)
                if not rows:
                    raise StoreError(f"the SPARQL endpoint {self.endpoint} holds no fiscal-kg "
                                     f"build (no <{self.graph}>): load one with `fiscal-kg load`")
                build_id = rows[0]["id"]["value"]
                if self._manifest is None or self._manifest.get("build_id") != build_id:
                    [row] = self._select(substitute(MANIFEST, {"id": term_text("literal",
                                                                               build_id)}))
                    self._manifest = json.loads(row["m"]["value"])
                    log.info("serving build %s from %s", build_id, self.endpoint)
            except RemoteError as exc:
                raise StoreError(f"the SPARQL endpoint {self.endpoint} is not available: {exc}") \
                    from None
            self._checked = now
            assert self._manifest is not None
            return self._manifest

    @property
    def manifest(self) -> dict[str, Any]:
        return self._current()

    @property
    def build_path(self) -> Path | None:
        """The build's directory when this machine has a copy of the same build (its dumps)."""
        try:
            build = current_build(self.store)
        except StoreError:
            return None
        return build.path if build.manifest().get("build_id") == self.build_id else None

    def alive(self) -> bool:
        try:
            self._send("ASK {}", SOLUTIONS)
            return True
        except RemoteError:
            return False

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def _message(exc: Exception) -> str:
    """The endpoint's own message, without SPARQLWrapper's boilerplate."""
    text = str(exc)
    for marker in ("Response:\n", "Response:"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    return text.strip().removeprefix("b'").removesuffix("'")[:2000]
