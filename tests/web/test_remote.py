"""`fiscal-kg load` into a real `oxigraph serve` and a real Virtuoso (with its write user; its
anonymous endpoint read-only), and the service on them and on another fiscal-kg: what a
deployment with several web machines on one shared store relies on. (The page, protocol and
stored-query tests run against every store too: see the `live` fixture.)"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from fiscal_kg.queries import stored_queries
from tests.conftest import run_cli
from tests.web.conftest import (
    RemoteStore,
    Server,
    free_port,
    load_into,
    start_oxigraph,
    start_server,
    started_virtuoso,
    stop_server,
)
from tests.web.virtuoso import VirtuosoStore, stop_virtuoso

BASE = "https://w3id.org/fiscal-kg/"
FOREIGN = "http://example.org/someone-elses-graph"


Store = RemoteStore | VirtuosoStore


def start_store(kind: str, where: Path) -> Store:
    if kind == "virtuoso":
        return started_virtuoso(where)
    return start_oxigraph(where / "db", where / "oxigraph.log")


def stop_store(remote: Store) -> None:
    if isinstance(remote, VirtuosoStore):
        stop_virtuoso(remote)
        return
    if remote.process.poll() is None:
        remote.process.terminate()
        remote.process.wait(15)
    remote.handle.close()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def oxigraph(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store: a real `oxigraph serve`, and a Virtuoso set up as the README says."""
    remote = start_store(request.param, tmp_path)
    yield remote
    stop_store(remote)


def put_graph(remote: Store, graph: str, data: bytes) -> None:
    auth = remote.auth if isinstance(remote, VirtuosoStore) else None
    requests.put(remote.graph_store, params={"graph": graph}, data=data, auth=auth,
                 headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()


def assert_same_rows(store: Path, endpoint: str) -> None:
    """Every stored query gives the same rows, in the same order, from the remote store as
    from the embedded one."""
    for name in sorted(stored_queries()):
        local = run_cli("query", name, "--store", str(store), "--format", "json")
        remote = run_cli("query", name, "--sparql-endpoint", endpoint, "--format", "json")
        assert local.code == remote.code == 0, remote.err
        rows = json.loads(local.out)["results"]["bindings"]
        assert rows and rows == json.loads(remote.out)["results"]["bindings"], name


def graphs(remote: Store) -> dict[str, int]:
    response = requests.post(remote.query, data={
        "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}


def manifest(store: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((store / "current" / "manifest.json").read_text())
    return loaded


def test_load_puts_every_graph_and_replaces_an_earlier_build(
        oxigraph: Store, seed_store: Path, corpus_store: Path, tmp_path: Path) -> None:
    put_graph(oxigraph, FOREIGN, b'<http://example.org/a> <http://example.org/b> "c" .\n')
    first = load_into(oxigraph, corpus_store)
    assert first.returncode == 0, first.stderr
    assert "counts verified" in first.stdout
    # seven reports, someone else's graph beside them: every stored query's rows, in order
    assert_same_rows(corpus_store, oxigraph.query)
    corpus_graphs = graphs(oxigraph)
    expected = manifest(corpus_store)["statistics"]["graphs"]  # type: ignore[index]
    assert {g: n for g, n in corpus_graphs.items() if g in expected} == {
        g: stats["triples"] for g, stats in expected.items()}
    assert BASE + "graph/build" in corpus_graphs and corpus_graphs[FOREIGN] == 1
    # the service on the store follows the build it holds
    server = start_server(tmp_path / "no-store", tmp_path / "server.log",
                          sparql_endpoint=oxigraph.query)
    try:
        health = requests.get(server.url + "/-/health", timeout=10).json()
        assert (health["store"], health["build_id"], health["reports"]) == (
            "remote", manifest(corpus_store)["build_id"], 7)
        # the service reads the graphs its build wrote: not someone else's, nor the build record
        counted = requests.post(server.url + "/sparql", data={
            "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
        seen = {b["g"]["value"]: int(b["n"]["value"]) for b in counted["results"]["bindings"]}
        assert FOREIGN not in seen and BASE + "graph/build" not in seen
        assert seen == {g: stats["triples"] for g, stats in expected.items()}
        union = requests.post(server.url + "/sparql", data={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
        union_count = int(union["results"]["bindings"][0]["n"]["value"])
        assert union_count <= manifest(corpus_store)["triples"]  # type: ignore[operator]
        again = load_into(oxigraph, corpus_store)  # the same build again: nothing changes
        assert again.returncode == 0 and graphs(oxigraph) == corpus_graphs
        second = load_into(oxigraph, seed_store)
        assert second.returncode == 0, second.stderr
        assert "removed" in second.stdout
        now = graphs(oxigraph)
        hubei = BASE + "id/dataset/湖北省财政厅/2019"
        assert hubei in corpus_graphs and hubei not in now  # a report the new build lacks
        assert now[FOREIGN] == 1  # someone else's graph is left alone
        seed_graphs = manifest(seed_store)["graphs"]
        assert set(now) == {*seed_graphs, BASE + "graph/build", FOREIGN}  # type: ignore[misc]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            health = requests.get(server.url + "/-/health", timeout=10).json()
            if health["build_id"] == manifest(seed_store)["build_id"]:
                break
            time.sleep(0.2)
        assert (health["build_id"], health["reports"]) == (manifest(seed_store)["build_id"], 1)
    finally:
        stop_server(server)


@pytest.mark.parametrize("kind", ["remote_store", "virtuoso_seed"])
def test_stored_queries_give_the_same_rows_from_the_remote_store(
        kind: str, request: pytest.FixtureRequest, seed_store: Path) -> None:
    remote_store: Store = request.getfixturevalue(kind)
    assert_same_rows(seed_store, remote_store.query)


def test_load_says_what_is_wrong(seed_store: Path, tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    unreachable = run_cli("load", "--store", str(seed_store),
                          "--graph-store", f"http://127.0.0.1:{port}/store",
                          "--sparql-endpoint", f"http://127.0.0.1:{port}/query")
    assert unreachable.code == 1
    assert f"127.0.0.1:{port}/store" in unreachable.err and "cannot reach" in unreachable.err
    empty = run_cli("load", "--store", str(tmp_path / "nothing"),
                    "--graph-store", f"http://127.0.0.1:{port}/store",
                    "--sparql-endpoint", f"http://127.0.0.1:{port}/query")
    assert empty.code == 1 and "nothing to load" in empty.err
    missing = run_cli("load", "--store", str(seed_store))
    assert missing.code == 1 and "--graph-store" in missing.err


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_a_store_that_goes_away_is_503_not_a_traceback(
        kind: str, seed_store: Path, tmp_path: Path) -> None:
    remote = start_store(kind, tmp_path)
    assert load_into(remote, seed_store).returncode == 0
    server = start_server(tmp_path / "no-store", tmp_path / "server.log",
                          sparql_endpoint=remote.query)
    try:
        assert requests.get(server.url + "/-/health", timeout=10).status_code == 200
        stop_store(remote)
        time.sleep(1.2)  # past the manifest's recheck interval
        health = requests.get(server.url + "/-/health", timeout=10)
        assert health.status_code == 503 and health.json()["store_open"] is False
        page = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert page.status_code == 503
        assert "Traceback" not in server.log_text()
    finally:
        stop_server(server)
        stop_store(remote)


def test_serve_on_a_store_without_a_build_says_so(oxigraph: Store, tmp_path: Path) -> None:
    server = start_server(tmp_path / "no-store", tmp_path / "server.log", healthy=False,
                          sparql_endpoint=oxigraph.query)
    try:
        health = requests.get(server.url + "/-/health", timeout=10)
        assert health.status_code == 503
        assert "fiscal-kg load" in health.json()["detail"]
    finally:
        stop_server(server)


def test_the_cli_module_runs_as_a_script() -> None:
    done = subprocess.run([sys.executable, "-m", "fiscal_kg.cli", "load", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--graph-store" in done.stdout


def test_the_cli_queries_any_store_and_another_fiscal_kg(
        live: Server, seed_store: Path, remote_store: RemoteStore,
        virtuoso_seed: VirtuosoStore) -> None:
    """`fiscal-kg query --sparql-endpoint` gives the rows the embedded store gives, asked of a
    running fiscal-kg (on any store) and of the Oxigraph and Virtuoso stores the remote ones
    read."""
    local = run_cli("query", "reports", "--store", str(seed_store), "--format", "json")
    assert local.code == 0, local.err
    for endpoint in (live.sparql, remote_store.query, virtuoso_seed.query):
        asked = run_cli("query", "reports", "--sparql-endpoint", endpoint, "--format", "json")
        assert asked.code == 0, asked.err
        assert json.loads(asked.out)["results"]["bindings"] == \
            json.loads(local.out)["results"]["bindings"]


def test_another_fiscal_kg_is_a_store(backing_service: Server, seed_store: Path,
                                      tmp_path: Path) -> None:
    """A service whose store is another `fiscal-kg serve` serves that one's build: its manifest
    read from its `-/build` (which shows no folder of the machine that built it)."""
    shown = requests.get(backing_service.url + "/-/build", timeout=10)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    record = shown.json()
    assert record["build_id"] == manifest(seed_store)["build_id"]
    files = [report["file"] for report in record["manifest"]["reports"]]
    assert files and all("/" not in f and "\\" not in f for f in files)
    front = start_server(tmp_path / "no-store", tmp_path / "server.log",
                         sparql_endpoint=backing_service.sparql)
    try:
        health = requests.get(front.url + "/-/health", timeout=10).json()
        assert (health["store"], health["build_id"], health["reports"]) == (
            "remote", record["build_id"], 1)
        # the front's own -/build is the same build, for a third service in front of it
        assert requests.get(front.url + "/-/build", timeout=10).json()["build_id"] == \
            record["build_id"]
    finally:
        stop_server(front)


PAGES = ("/id/agency/鄂州市人民政府办公室", "/id/report/鄂州市人民政府办公室/2018",
         "/id/report/鄂州市人民政府办公室/2018/figure/operating-costs/机关运行经费",
         "/def/concept/three-public-total", "/def/", "/search?q=公务接待费", "/queries/units")


def _page_text(html: str) -> str:
    """A page's words, without its markup."""
    words: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            if data.strip():
                words.append(data.strip())

    Text().feed(html)
    return "\n".join(words)


def test_every_store_gives_the_same_rdf_and_the_same_pages(
        seed_store: Path, remote_store: RemoteStore, virtuoso_seed: VirtuosoStore,
        backing_service: Server, tmp_path: Path) -> None:
    """The service in front of Oxigraph, Virtuoso (its anonymous endpoint refusing updates) and
    another fiscal-kg answers each entity's RDF and each page as on the embedded store."""
    update = requests.post(virtuoso_seed.query, data={"update": "INSERT DATA { GRAPH <urn:x> { "
                                                                "<urn:a> <urn:b> <urn:c> } }"},
                           timeout=30)
    assert update.status_code >= 400  # the store's anonymous endpoint is read-only
    stores = {"oxigraph": remote_store.query, "virtuoso": virtuoso_seed.query,
              "fiscal-kg": backing_service.sparql}
    servers = {"embedded": start_server(seed_store, tmp_path / "embedded.log")}
    try:
        for name, endpoint in stores.items():
            servers[name] = start_server(tmp_path / "no-store", tmp_path / f"{name}.log",
                                         sparql_endpoint=endpoint)
        for path in PAGES:
            pages = {name: requests.get(server.url + path, timeout=60) for name, server
                     in servers.items()}
            assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(
                servers, 200), path
            texts = {name: re.sub(r"[\d.]+ (ms|毫秒)", r"… \1", _page_text(page.text))  # timing
                     for name, page in pages.items()}
            for name in stores:
                assert texts[name] == texts["embedded"], (name, path, "\n".join(
                    difflib.unified_diff(texts["embedded"].splitlines(),
                                         texts[name].splitlines(), lineterm="", n=1)))
            if path.startswith("/id/"):
                graphs = {name: Graph().parse(data=requests.get(
                    server.url + path, headers={"Accept": "application/n-triples"},
                    timeout=60).text, format="nt") for name, server in servers.items()}
                for name in stores:
                    assert isomorphic(graphs[name], graphs["embedded"]), (name, path)
    finally:
        for server in servers.values():
            stop_server(server)
