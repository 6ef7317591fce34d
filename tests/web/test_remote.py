"""`fiscal-kg load` into a real `oxigraph serve`, and the service on it: what a deployment with
several web machines on one shared store relies on. (The page, protocol and stored-query tests
run against a remote store too: see the `live` fixture.)"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import run_cli
from tests.web.conftest import (
    RemoteStore,
    Server,
    free_port,
    load_into,
    start_oxigraph,
    start_server,
    stop_server,
)

BASE = "https://w3id.org/fiscal-kg/"
FOREIGN = "http://example.org/someone-elses-graph"


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[RemoteStore]:
    remote = start_oxigraph(tmp_path / "db", tmp_path / "oxigraph.log")
    yield remote
    remote.process.terminate()
    remote.process.wait(15)
    remote.handle.close()


def graphs(remote: RemoteStore) -> dict[str, int]:
    response = requests.post(remote.query, data={
        "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}


def manifest(store: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((store / "current" / "manifest.json").read_text())
    return loaded


def test_load_puts_every_graph_and_replaces_an_earlier_build(
        oxigraph: RemoteStore, seed_store: Path, corpus_store: Path, tmp_path: Path) -> None:
    requests.put(oxigraph.graph_store, params={"graph": FOREIGN},
                 data=b'<http://example.org/a> <http://example.org/b> "c" .\n',
                 headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()
    first = load_into(oxigraph, corpus_store)
    assert first.returncode == 0, first.stderr
    assert "counts verified" in first.stdout
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


def test_stored_queries_give_the_same_rows_from_the_remote_store(
        remote_store: RemoteStore, seed_store: Path) -> None:
    for name in ("reports", "units", "figures", "glossary", "consistency",
                 "three-public-by-region"):
        local = run_cli("query", name, "--store", str(seed_store), "--format", "json")
        remote = run_cli("query", name, "--sparql-endpoint", remote_store.query, "--format", "json")
        assert local.code == remote.code == 0, remote.err
        rows = json.loads(local.out)["results"]["bindings"]
        assert rows and rows == json.loads(remote.out)["results"]["bindings"], name


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


def test_a_store_that_goes_away_is_503_not_a_traceback(
        seed_store: Path, tmp_path: Path) -> None:
    remote = start_oxigraph(tmp_path / "db", tmp_path / "oxigraph.log")
    assert load_into(remote, seed_store).returncode == 0
    server = start_server(tmp_path / "no-store", tmp_path / "server.log",
                          sparql_endpoint=remote.query)
    try:
        assert requests.get(server.url + "/-/health", timeout=10).status_code == 200
        remote.process.terminate()
        remote.process.wait(15)
        time.sleep(1.2)  # past the manifest's recheck interval
        health = requests.get(server.url + "/-/health", timeout=10)
        assert health.status_code == 503 and health.json()["store_open"] is False
        page = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert page.status_code == 503
        assert "Traceback" not in server.log_text()
    finally:
        stop_server(server)
        remote.handle.close()


def test_serve_on_a_store_without_a_build_says_so(oxigraph: RemoteStore, tmp_path: Path) -> None:
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


def test_the_cli_queries_any_store_and_another_fiscal_kg(live: Server, seed_store: Path,
                                                         remote_store: RemoteStore) -> None:
    """`fiscal-kg query --sparql-endpoint` gives the rows the embedded store gives, asked of a
    running fiscal-kg (on either store) and of the Oxigraph store the remote one reads."""
    local = run_cli("query", "reports", "--store", str(seed_store), "--format", "json")
    assert local.code == 0, local.err
    for endpoint in (live.sparql, remote_store.query):
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
