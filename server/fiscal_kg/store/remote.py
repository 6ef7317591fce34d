"""`fiscal-kg load`: push a built store into any SPARQL store with the Graph Store Protocol.

Each named graph of the build (one per report, and the vocabulary, places, links and
validation graphs) is written with `PUT <graph store>?graph=<name>` as N-Triples, replacing what
the store had under that name. Graphs under our base that the build no longer has are removed
(`DELETE`), graphs of anyone else are left alone. The build's record (`graph/build`: its id and
manifest, which the web tier reads) is written last, so web machines switch to the new build
only once all of its graphs are there. Afterwards the triples of every graph are counted
through the SPARQL endpoint and compared with the build's.
"""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from fiscal_kg.errors import FiscalKGError, StoreError
from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.store.local import open_store

RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
BUILD_GRAPH = "graph/build"
PROV_ENTITY = "http://www.w3.org/ns/prov#Entity"
DCT = "http://purl.org/dc/terms/"
FK_MANIFEST = "https://w3id.org/fiscal-kg/def/manifest"


@dataclass
class LoadResult:
    build_id: str = ""
    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    verified: bool = False


def _http(method: str, url: str, body: bytes | None = None, content_type: str | None = None,
          accept: str | None = None, timeout: float = 300) -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise FiscalKGError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail}") from None
    except urllib.error.URLError as exc:
        raise FiscalKGError(f"{method} {url}: cannot reach the store: {exc.reason}") from None


def _graph_url(graph_store: str, graph: str) -> str:
    return f"{graph_store}{'&' if '?' in graph_store else '?'}graph={quote(graph, safe='')}"


def _select(endpoint: str, query: str) -> list[dict[str, Any]]:
    prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("fk", "dcterms", "prov"))
    body = urlencode({"query": prologue + query}).encode("ascii")
    data = json.loads(_http("POST", endpoint, body, "application/x-www-form-urlencoded",
                            "application/sparql-results+json"))
    rows: list[dict[str, Any]] = data["results"]["bindings"]
    return rows


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
    manifest = local.manifest
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
        _http("PUT", _graph_url(graph_store, graph), body, "application/n-triples")
        expected[graph] = body.count(b"\n")
        result.graphs += 1
        result.triples += expected[graph]
        result.bytes += len(body)
        if progress is not None and (number % 100 == 0 or number == len(graphs)):
            progress(f"{number}/{len(graphs)} graphs, {result.triples:,} triples")
    remote = {row["g"]["value"] for row in _select(
        sparql_endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    for graph in sorted(remote - set(graphs) - {build_graph}):
        if graph.startswith(base):  # ours, from an earlier build; others' graphs stay
            _http("DELETE", _graph_url(graph_store, graph))
            result.removed.append(graph)
    counted = {row["g"]["value"]: int(row["n"]["value"]) for row in _select(
        sparql_endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    wrong = [g for g in graphs if counted.get(g, 0) != expected[g]]
    if wrong:
        raise FiscalKGError(f"the store does not hold what was loaded: {len(wrong)} graph(s) "
                            f"differ, e.g. <{wrong[0]}>: {counted.get(wrong[0], 0)} triples, "
                            f"{expected[wrong[0]]} sent; the web tier still serves the old build")
    record = dict(manifest, loaded_at=datetime.now().astimezone().isoformat(timespec="seconds"))
    _http("PUT", _graph_url(graph_store, build_graph), build_record(record, base),
          "application/n-triples")
    result.verified = True
    result.seconds = time.perf_counter() - started
    return result
