"""Any SPARQL 1.1 store: the web tier served from it, `fiscal-kg query` against it, and
`fiscal-kg load` into it.

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

`fiscal-kg load` pushes a built store into the remote store with the Graph Store Protocol.
Each named graph of the build (one per report, and the vocabulary, places, links and
validation graphs) is written with `PUT <graph store>?graph=<name>` as N-Triples, replacing what
the store had under that name. Graphs under our base that the build no longer has are removed
(`DELETE`), graphs of anyone else are left alone. The build's record (`graph/build`: its id and
manifest, which the web tier reads) is written last, so web machines switch to the new build
only once all of its graphs are there. Afterwards the triples of every graph are counted
through the SPARQL endpoint and compared with the build's.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import netrc
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from SPARQLWrapper import ASK, CONSTRUCT, DESCRIBE, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
)

from fiscal_kg.config import Settings
from fiscal_kg.errors import FiscalKGError, StoreError
from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.sparql_rewrite import split_dataset, substitute, term_text, with_prologue
from fiscal_kg.sparql_text import inspect_query
from fiscal_kg.store.buildinfo import BuildInfo, published
from fiscal_kg.store.interface import (
    N_TRIPLES,
    SPARQL_JSON,
    ErrorKind,
    Job,
    Outcome,
    QueryBusy,
    QueryTimeout,
    ResultKind,
    Row,
    Store,
    TimeoutKind,
    graph_within,
    solutions_within,
)
from fiscal_kg.store.layout import current_build
from fiscal_kg.store.local import open_store

log = logging.getLogger("fiscal_kg.remote")
READ_FORMS = (SELECT, ASK, CONSTRUCT, DESCRIBE)

# The build's record in the store, written by `fiscal-kg load` and read by the web tier: the
# build as a prov:Entity with its id, time and manifest (JSON), alone in its graph
BUILD_GRAPH = "graph/build"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
MAX_DATASET_GRAPHS = 64  # named with every query at most (Virtuoso answers each as a header)
SERVED_BUILD = "-/build"  # where a fiscal-kg serve shows its build, beside its /sparql
BUILD_ID = "SELECT ?id WHERE { GRAPH ?g { ?build a prov:Entity ; dcterms:identifier ?id } }"
MANIFEST = "SELECT ?id ?m WHERE { GRAPH ?g { ?build dcterms:identifier ?id ; fk:manifest ?m } }"
RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
PROV_ENTITY = "http://www.w3.org/ns/prov#Entity"
DCT = "http://purl.org/dc/terms/"
FK_MANIFEST = "https://w3id.org/fiscal-kg/def/manifest"


class RemoteError(Exception):
    def __init__(self, message: str, kind: ErrorKind | None) -> None:
        super().__init__(message)
        self.kind = kind  # None: no answer in time


class Endpoint:
    """The one SPARQL 1.1 Protocol client, for every remote store and the CLI."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout

    def send(self, query: str, accept: str, job: Job | None = None) -> bytes:
        """The endpoint's answer to a query, in the media type `accept`; RemoteError when
        there is none (QueryBusy when the store says it is busy)."""
        return self.answer(query, accept, job)[0]

    def answer(self, query: str, accept: str, job: Job | None = None) -> tuple[bytes, bool]:
        """The endpoint's answer, and whether the store cut it at a row limit of its own
        (Virtuoso's `X-SPARQL-MaxRows`, another fiscal-kg's `X-Row-Limit-Reached`)."""
        client = SPARQLWrapper(self.url)
        client.setMethod(POST)
        client.setOnlyConneg(True)  # the Accept header only: stores obey `format=` before it
        client.setQuery(query)
        # SPARQLWrapper guesses the form by searching the text for a keyword, and finds one in
        # a variable or a comment it leaves (`?addsUp` reads as ADD, and an update is sent as
        # `update=`): the form is the one the query checks read, which stores agree with
        form = inspect_query(query).form
        if form in READ_FORMS:
            client.queryType = form
        client.addCustomHttpHeader("Accept", accept)
        client.setTimeout(max(1, round(self.timeout)))
        if job is not None:
            for graph in job.default_graph or ():
                if graph:
                    client.addParameter("default-graph-uri", graph)
            for graph in job.named_graphs or ():
                client.addParameter("named-graph-uri", graph)
        try:
            response = client.query().response
            body: bytes = response.read()
            headers = response.info()
            capped = bool(headers.get("X-SPARQL-MaxRows") or headers.get("X-Row-Limit-Reached"))
            return _labelled(body) if b'"bnode"' in body else body, capped
        except QueryBadFormed as exc:
            raise RemoteError(_message(exc), ErrorKind.SYNTAX) from None
        except EndPointInternalError as exc:
            message = _message(exc)
            if _STORE_TIMEOUT.search(message):  # Virtuoso: 'SR171: Transaction timed out'
                raise RemoteError(f"the store stopped the query: {message}", None) from None
            raise RemoteError(message, ErrorKind.ENGINE) from None
        except SPARQLWrapperException as exc:
            raise RemoteError(_message(exc), ErrorKind.ENGINE) from None
        except TimeoutError as exc:
            raise RemoteError(f"no answer within {self.timeout:g} s ({exc})", None) from None
        except urllib.error.HTTPError as exc:  # before URLError, of which it is one
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if exc.code == 503:
                raise QueryBusy(f"the store at {self.url} is busy (HTTP 503): {detail}") from None
            if _STORE_TIMEOUT.search(detail):
                raise RemoteError(f"the store stopped the query: {detail}", None) from None
            raise RemoteError(f"the store at {self.url} answered HTTP {exc.code} {exc.reason}: "
                              f"{detail}", ErrorKind.ENGINE) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise RemoteError(f"no answer within {self.timeout:g} s", None) from None
            raise RemoteError(f"cannot reach {self.url}: {exc.reason}",
                              ErrorKind.UNREACHABLE) from None
        except http.client.HTTPException as exc:  # 'got more than 100 headers' ...
            raise RemoteError(f"the store at {self.url} gave an answer HTTP cannot read: "
                              f"{type(exc).__name__}: {exc}", ErrorKind.ENGINE) from None

    def select(self, query: str, graph: str | None = None) -> list[Row]:
        """The rows of one of our own SELECTs (`GRAPH ?g` read as `graph` when given)."""
        if graph is not None:
            query = query.replace("GRAPH ?g", f"GRAPH <{graph}>")
        data = json.loads(self.send(with_prologue(query, PREFIXES), SPARQL_JSON))
        rows: list[Row] = data["results"]["bindings"]
        return rows


class EndpointStore(Store):
    """The web tier's store on a SPARQL 1.1 endpoint that `fiscal-kg load` has filled."""

    kind = "remote"

    def __init__(self, settings: Settings) -> None:
        self.endpoint = settings.sparql_endpoint
        self.client = Endpoint(settings.sparql_endpoint, settings.query_timeout)
        self.timeout = settings.query_timeout
        self.graph = settings.base_iri + BUILD_GRAPH
        self.store = settings.store
        self._manifest: BuildInfo | None = None
        self.service = False  # the store is another fiscal-kg serve, its build read from it
        self._dataset: tuple[str, ...] = ()  # the graphs every query names (see _dataset_for)
        self._checked = 0.0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fiscal-kg-remote")

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
        ours = self._ours()
        if ours and job.default_graph is None and job.named_graphs is None \
                and not job.query_dataset:
            # the data's own union: the graphs the build wrote, never the store's own (Virtuoso's
            # system graphs) nor anyone else's
            job = replace(job, default_graph=ours, named_graphs=ours)
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                body, cut = self.client.answer(text, N_TRIPLES, job)
                graph, count, capped = graph_within(
                    ox.parse(body, format=ox.RdfFormat.N_TRIPLES), job.rdf_format, job.limit)
                return Outcome(True, ResultKind.GRAPH, graph, count, capped or cut)
            body, cut = self.client.answer(text, SPARQL_JSON, job)
            fmt = ox.QueryResultsFormat.from_media_type(job.results_format or SPARQL_JSON)
            if fmt is None:
                raise ValueError(f"no results format {job.results_format}")
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(results, ox.QueryBoolean):
                return Outcome(True, ResultKind.BOOLEAN, results.serialize(format=fmt) or b"", 1)
            # the row limit holds here whatever the query text made of it at the store
            out, rows, capped = solutions_within(body, fmt, job.limit if job.count else None)
            return Outcome(True, ResultKind.SOLUTIONS, out, rows, capped or cut)
        except RemoteError as exc:
            if exc.kind is None:
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was "
                                   "abandoned", TimeoutKind.ABANDONED) from None
            return Outcome(False, error=str(exc), error_kind=exc.kind)
        except (SyntaxError, ValueError) as exc:
            return Outcome(False, error=f"the endpoint's answer could not be read: {exc}",
                           error_kind=ErrorKind.ENGINE)

    def _ours(self) -> tuple[str, ...]:
        """The graphs of the build the store holds; none when it holds no build record (a store
        `fiscal-kg query --sparql-endpoint` asks: all of its graphs are the data) or is another
        fiscal-kg (whose default graph is its build's graphs already)."""
        try:
            self.manifest  # noqa: B018 (read, or re-read, the build record)
        except StoreError:
            return ()
        return () if self.service else self._dataset

    def _dataset_for(self, manifest: BuildInfo) -> tuple[str, ...]:
        """The graphs to name as every query's dataset: none when the store holds nothing but
        the build and its record (its union default graph is the data's own union; a store set
        up as the README says keeps its system graphs out of it), else the build's graphs, when
        they are few enough to name with every query (Virtuoso echoes each as a header)."""
        quads = int(self.client.select(QUADS)[0]["n"]["value"])
        record = int(self.client.select(QUADS, self.graph)[0]["n"]["value"])
        built = sum(int(g.get("triples", 0)) for g in manifest.statistics.get("graphs", {}).values())
        foreign = quads - built - record
        if foreign <= 0:
            return ()
        if len(manifest.graphs) > MAX_DATASET_GRAPHS:
            log.warning("the store at %s holds %d triples of graphs that are not the build's, and "
                        "the build's %d graphs are too many to name with every query: counts and "
                        "pages may include them (keep the build in a store of its own)",
                        self.endpoint, foreign, len(manifest.graphs))
            return ()
        return manifest.graphs

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        """The jobs concurrently (a page's queries cost the slowest, not the sum)."""
        if len(jobs) == 1:
            return [self._run(jobs[0])]
        return list(self._pool.map(self._run, jobs))

    # --- the build ----------------------------------------------------------------------------

    def _current(self) -> BuildInfo:
        now = time.monotonic()
        if self._manifest is not None and now - self._checked < self.RECHECK:
            return self._manifest
        with self._lock:
            try:
                rows = self.client.select(BUILD_ID, self.graph)
                if not rows:
                    served = self._served()
                    if served is None:
                        raise StoreError(
                            f"the SPARQL endpoint {self.endpoint} holds no fiscal-kg build (no "
                            f"<{self.graph}>): load one with `fiscal-kg load`")
                    self._checked, self.service = now, True
                    if self._manifest is None or self._manifest.build_id != served.build_id:
                        log.info("serving build %s of the fiscal-kg at %s", served.build_id,
                                 self.endpoint)
                    self._manifest = served
                    return served
                self.service = False
                build_id = rows[0]["id"]["value"]
                if self._manifest is None or self._manifest.build_id != build_id:
                    [row] = self.client.select(
                        substitute(MANIFEST, {"id": term_text("literal", build_id)}), self.graph)
                    manifest = BuildInfo.from_json(json.loads(row["m"]["value"]),
                                                   f"the build record at {self.endpoint}")
                    self._dataset = self._dataset_for(manifest)
                    self._manifest = manifest
                    log.info("serving build %s from %s", build_id, self.endpoint)
            except RemoteError as exc:
                raise StoreError(f"the SPARQL endpoint {self.endpoint} is not available: {exc}") \
                    from None
            self._checked = now
            assert self._manifest is not None
            return self._manifest

    def _served(self) -> BuildInfo | None:
        """The build of another `fiscal-kg serve` whose endpoint this is (its `-/build`, beside
        its `sparql`), or None when the endpoint is not one."""
        url = urllib.parse.urljoin(self.endpoint, SERVED_BUILD)
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
        except (urllib.error.URLError, TimeoutError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("manifest"), dict):
            return None
        try:
            return BuildInfo.from_json(data["manifest"], f"the build of the fiscal-kg at {url}")
        except StoreError:
            return None

    @property
    def manifest(self) -> BuildInfo:
        return self._current()

    @property
    def build_path(self) -> Path | None:
        """The build's directory when this machine has a copy of the same build (its dumps)."""
        try:
            build = current_build(self.store)
        except StoreError:
            return None
        return build.path if build.info().build_id == self.build_id else None

    def alive(self) -> bool:
        try:
            self.client.send("ASK {}", SPARQL_JSON)
            return True
        except RemoteError:
            return False

    def close(self) -> None:
        self._pool.shutdown(wait=False)


# a store's own time limit: Virtuoso's SR171, an SQL state of time-out (S1T00, HYT00)
_STORE_TIMEOUT = re.compile(r"SR171|S1T00|HYT00|[Tt]ransaction timed out|[Qq]uery timed? ?out")
# what a blank node's label may hold (Turtle's and Oxigraph's): Virtuoso writes 'nodeID://b10076'
_LABEL = re.compile(r"[^A-Za-z0-9_-]")


def _labelled(body: bytes) -> bytes:
    """SPARQL JSON results whose blank nodes carry labels Oxigraph reads ('nodeID://b10076':
    'nodeID___b10076'); the same label stays the same node."""
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode":
                value["value"] = _LABEL.sub("_", value["value"]) or "b"
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _message(exc: Exception) -> str:
    """The endpoint's own message, without SPARQLWrapper's boilerplate."""
    text = str(exc)
    for marker in ("Response:\n", "Response:"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    return text.strip().removeprefix("b'").removesuffix("'")[:2000]


@dataclass
class LoadResult:
    build_id: str = ""
    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    verified: bool = False


# Credentials of the Graph Store endpoint: from these environment variables, else from the
# netrc file ($NETRC or ~/.netrc) entry of its host; never from the command line
USER_VARIABLE, PASSWORD_VARIABLE = "FISCAL_KG_STORE_USER", "FISCAL_KG_STORE_PASSWORD"


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password to write to the store at `url` with, if any are given."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user:
        return user, password or ""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError):
        return None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


# one HTTP session per store and credentials: HTTP Digest's nonce is sent with every later
# request, so a large graph is never sent unauthenticated first (Virtuoso closes the connection
# on a body it will refuse, before its challenge can be read)
_SESSIONS: dict[tuple[str, tuple[str, str] | None], requests.Session] = {}


def _session(url: str) -> requests.Session:
    given = credentials(url)
    key = (urllib.parse.urlsplit(url).netloc, given)
    session = _SESSIONS.get(key)
    if session is None:
        session = requests.Session()
        if given is not None:  # how the store asks for them: a request with no body
            probe = session.get(url, timeout=60)
            scheme = probe.headers.get("WWW-Authenticate", "").split(" ", 1)[0].lower()
            if scheme == "digest":
                session.auth = HTTPDigestAuth(*given)
                session.get(url, timeout=60)  # answered with a nonce, kept for what follows
            else:
                session.auth = HTTPBasicAuth(*given)
        _SESSIONS[key] = session
    return session


def _http(method: str, url: str, body: bytes | None = None, content_type: str | None = None,
          accept: str | None = None, timeout: float = 300) -> bytes:
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    try:
        response = _session(url).request(method, url, data=body, headers=headers,
                                         timeout=timeout)
    except requests.RequestException as exc:
        raise FiscalKGError(f"{method} {url}: cannot reach the store: {exc}") from None
    if response.status_code >= 400:
        detail = response.text.strip()[:500]
        hint = ""
        if response.status_code in (401, 403):  # what to do next: the credentials, where from
            given = "the credentials given were refused" if credentials(url) else "no credentials given"
            hint = (f" ({given}: set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or a netrc entry for "
                    f"{urllib.parse.urlsplit(url).hostname}, to a user the store lets write)")
        raise FiscalKGError(f"{method} {url}: HTTP {response.status_code} {response.reason}"
                            f"{hint}: {detail}")
    return response.content


def _graph_url(graph_store: str, graph: str) -> str:
    return f"{graph_store}{'&' if '?' in graph_store else '?'}graph={quote(graph, safe='')}"


def build_record(manifest: dict[str, Any], base: str) -> bytes:
    """The build graph: the build as a prov:Entity with its id, time and manifest (JSON)."""
    build = ox.NamedNode(f"{base}id/build/{manifest['build_id']}")
    triples = [
        ox.Triple(build, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode(PROV_ENTITY)),
        ox.Triple(build, ox.NamedNode(DCT + "identifier"), ox.Literal(manifest["build_id"])),
        ox.Triple(build, ox.NamedNode(DCT + "created"), ox.Literal(
            manifest["built_at"], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))),
        ox.Triple(build, ox.NamedNode(FK_MANIFEST), ox.Literal(
            json.dumps(manifest, ensure_ascii=False, sort_keys=True),
            datatype=ox.NamedNode(RDF_JSON))),
    ]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def load(store: Path, graph_store: str, sparql_endpoint: str, base: str,
         progress: Callable[[str], None] | None = None) -> LoadResult:
    """Push the store's current build into the remote store; FiscalKGError when it fails."""
    if not graph_store:
        raise FiscalKGError("no Graph Store Protocol endpoint: give --graph-store URL "
                            "(or FISCAL_KG_GRAPH_STORE), e.g. http://127.0.0.1:7878/store")
    if not sparql_endpoint:
        raise FiscalKGError("no SPARQL endpoint to verify the load with: give --sparql-endpoint "
                            "URL (or FISCAL_KG_SPARQL_ENDPOINT), e.g. http://127.0.0.1:7878/query")
    try:
        local = open_store(store)
    except StoreError as exc:
        raise FiscalKGError(f"nothing to load: {exc}") from None
    manifest = local.manifest.data
    client = Endpoint(sparql_endpoint, timeout=300)
    started = time.perf_counter()
    result = LoadResult(build_id=str(manifest["build_id"]))
    database = local.oxigraph
    graphs = sorted(g.value for g in database.named_graphs() if isinstance(g, ox.NamedNode))
    build_graph = base + BUILD_GRAPH
    expected: dict[str, int] = {}
    for number, graph in enumerate(graphs, 1):
        buffer = io.BytesIO()
        database.dump(buffer, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        body = buffer.getvalue()
        _http("PUT", _graph_url(graph_store, graph), body, N_TRIPLES)
        expected[graph] = body.count(b"\n")
        result.graphs += 1
        result.triples += expected[graph]
        result.bytes += len(body)
        if progress is not None and (number % 100 == 0 or number == len(graphs)):
            progress(f"{number}/{len(graphs)} graphs, {result.triples:,} triples")
    remote = {row["g"]["value"] for row in _select(
        client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    for graph in sorted(remote - set(graphs) - {build_graph}):
        if graph.startswith(base):  # ours, from an earlier build; others' graphs stay
            _http("DELETE", _graph_url(graph_store, graph))
            result.removed.append(graph)
    counted = {row["g"]["value"]: int(row["n"]["value"]) for row in _select(
        client, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    wrong = [g for g in graphs if counted.get(g, 0) != expected[g]]
    if wrong:
        raise FiscalKGError(f"the store does not hold what was loaded: {len(wrong)} graph(s) "
                            f"differ, e.g. <{wrong[0]}>: {counted.get(wrong[0], 0)} triples, "
                            f"{expected[wrong[0]]} sent; the web tier still serves the old build")
    record = dict(published(manifest), loaded_at=datetime.now().astimezone().isoformat(timespec="seconds"))
    _http("PUT", _graph_url(graph_store, build_graph), build_record(record, base),
          N_TRIPLES)
    result.verified = True
    result.seconds = time.perf_counter() - started
    return result


def _select(client: Endpoint, query: str) -> list[Row]:
    try:
        return client.select(query)
    except RemoteError as exc:
        raise FiscalKGError(f"the store's SPARQL endpoint {client.url}: {exc}") from None
