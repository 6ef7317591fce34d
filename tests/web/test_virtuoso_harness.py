"""The Virtuoso harness itself (tests/web/virtuoso.py): a private Virtuoso 7.2 set up as the
README tells, read-only for the anonymous endpoint, writable through the Graph Store endpoint
for the write user. Skipped when Virtuoso is not installed."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest
import requests
from requests.auth import AuthBase, HTTPDigestAuth

from tests.web.virtuoso import (
    VirtuosoStore,
    install_hint,
    start_virtuoso,
    stop_virtuoso,
    virtuoso_binary,
)

if virtuoso_binary() is None:
    pytest.skip(f"Virtuoso is not installed ({install_hint()})", allow_module_level=True)

N_TRIPLES = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"
GRAPH = "http://example.org/fiscal-kg/test/graph"
# The graphs with triples the anonymous user may read. (`SELECT DISTINCT ?g WHERE { GRAPH ?g
# { ?s ?p ?o } }` is answered from a list of all graphs, Virtuoso's private ones included.)
GRAPHS = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
TRIPLES = (
    '<http://example.org/s> <http://example.org/p> "一般公共预算"@zh .\n'
    "<http://example.org/s> <http://example.org/q> <http://example.org/o> .\n"
    "_:b1 <http://example.org/p> <http://example.org/s> .\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoStore]:
    where = tmp_path_factory.mktemp("virtuoso")
    started = start_virtuoso(where / "db", where / "virtuoso.log")
    yield started
    stop_virtuoso(started)


def select(store: VirtuosoStore, query: str, **dataset: list[str]) -> list[dict[str, str]]:
    """The rows of a SELECT on the anonymous endpoint (POST, form-encoded), values only."""
    form = [("query", query)]
    for name, graphs in dataset.items():
        form += [(name.replace("_", "-"), graph) for graph in graphs]
    response = requests.post(store.query, data=form, headers={"Accept": RESULTS_JSON}, timeout=60)
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def put(store: VirtuosoStore, graph: str, body: str, auth: AuthBase | None
        ) -> requests.Response:
    return requests.put(store.graph_store, params={"graph": graph}, data=body.encode(),
                        headers={"Content-Type": N_TRIPLES}, auth=auth, timeout=60)


def test_the_store_starts_empty(store: VirtuosoStore) -> None:
    assert store.process.poll() is None
    assert store.url.startswith("http://127.0.0.1:")
    assert select(store, "SELECT * WHERE { ?s ?p ?o }") == []  # Virtuoso's own graphs: private
    assert select(store, GRAPHS) == []


def test_the_anonymous_endpoint_refuses_updates(store: VirtuosoStore) -> None:
    update = "INSERT DATA { GRAPH <urn:fiscal-kg:anonymous> { <urn:a> <urn:b> <urn:c> } }"
    for form in ({"update": update}, {"query": update}):
        response = requests.post(store.query, data=form, timeout=60)
        assert response.status_code >= 400
        assert "SR186" in response.text and "No permission" in response.text
    response = requests.put(store.url + "/sparql-graph-crud", params={"graph": "urn:x"},
                            data=b"<urn:a> <urn:b> <urn:c> .\n",
                            headers={"Content-Type": N_TRIPLES}, timeout=60)
    assert response.status_code == 403
    assert select(store, "SELECT * WHERE { GRAPH ?g { <urn:a> ?p ?o } }") == []


def test_the_graph_store_needs_the_write_users_credentials(store: VirtuosoStore) -> None:
    response = put(store, GRAPH + "/anonymous", TRIPLES, None)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Digest ")
    wrong = HTTPDigestAuth(store.user, store.password + "x")
    assert put(store, GRAPH + "/anonymous", TRIPLES, wrong).status_code == 401
    dba = HTTPDigestAuth("dba", "dba")  # the default password is gone
    assert put(store, GRAPH + "/anonymous", TRIPLES, dba).status_code == 401
    assert select(store, GRAPHS) == []


def test_put_shows_in_the_union_and_delete_removes(store: VirtuosoStore) -> None:
    auth = HTTPDigestAuth(store.user, store.password)
    assert put(store, GRAPH, TRIPLES, auth).status_code == 201  # created
    assert put(store, GRAPH, TRIPLES, auth).status_code == 200  # replaced
    rows = select(store, "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?o")
    assert {row["o"] for row in rows} == {"一般公共预算", "http://example.org/s"}
    blank = [row["s"] for row in rows if row["o"] == "http://example.org/s"]
    assert blank[0].startswith("nodeID://")  # Virtuoso's blank nodes in SPARQL JSON
    graphs = select(store, GRAPHS)
    assert graphs == [{"g": GRAPH}]
    got = requests.get(store.graph_store, params={"graph": GRAPH}, auth=auth,
                       headers={"Accept": N_TRIPLES}, timeout=60)
    assert got.status_code == 200 and got.text.count(" .\n") == 3
    assert requests.delete(store.graph_store, params={"graph": GRAPH}, auth=auth,
                           timeout=60).status_code == 200
    assert select(store, "SELECT * WHERE { ?s ?p ?o }") == []
    assert requests.get(store.graph_store, params={"graph": GRAPH}, auth=auth,
                        timeout=60).status_code == 404


def test_many_default_graph_uris(store: VirtuosoStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A POST form with 200 default-graph-uri works; Virtuoso echoes each one as a response
    header `X-SPARQL-default-graph`, more than Python's http.client reads by default (100)."""
    auth = HTTPDigestAuth(store.user, store.password)
    graphs = [f"{GRAPH}/{n}" for n in range(200)]
    for graph in graphs[:3]:
        assert put(store, graph, f"<{graph}> <http://example.org/p> 1 .\n", auth).ok
    try:
        monkeypatch.setattr(http.client, "_MAXHEADERS", 1000)
        rows = select(store, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
                      default_graph_uri=graphs[1:])
        assert [row["s"] for row in rows] == graphs[1:3]
    finally:
        for graph in graphs[:3]:
            requests.delete(store.graph_store, params={"graph": graph}, auth=auth, timeout=60)
