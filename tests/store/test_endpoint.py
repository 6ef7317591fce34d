"""The one SPARQL client (`store/endpoint.py`) against a store's answers as stores give them:
Virtuoso's blank-node labels, row-limit header and time-out error, a 406, a 503, and the
credentials `fiscal-kg load` answers a Graph Store's challenge with. A small HTTP server plays
the store's part, answering what the real one answers (issue 15: the same client runs against
Virtuoso and another fiscal-kg in the live tests)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.store.endpoint import Endpoint, RemoteError, _http, credentials
from fiscal_kg.store.interface import SPARQL_JSON, ErrorKind, QueryBusy


class Canned(BaseHTTPRequestHandler):
    """Answers each request with the server's `answer` (status, headers, body), and notes it."""

    def do_POST(self) -> None:
        self.server.seen.append((self.command, self.path, dict(self.headers),  # type: ignore[attr-defined]
                                 self.rfile.read(int(self.headers.get("Content-Length", 0)))))
        status, headers, body = self.server.answer  # type: ignore[attr-defined]
        if status == 401 and self.headers.get("Authorization") == self.server.expected:  # type: ignore[attr-defined]
            status, headers, body = 201, {}, b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def store() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    server.seen = []  # type: ignore[attr-defined]
    server.expected = None  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server: ThreadingHTTPServer, path: str = "/sparql") -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_only_the_accept_header_asks_for_a_format(store: ThreadingHTTPServer) -> None:
    store.answer = (200, {"Content-Type": SPARQL_JSON}, b'{"head":{},"boolean":true}')  # type: ignore[attr-defined]
    Endpoint(url(store), 5).send("ASK {}", SPARQL_JSON)
    [(_method, path, headers, body)] = store.seen  # type: ignore[attr-defined]
    sent = {**parse_qs(body.decode()), **parse_qs(path.partition("?")[2])}
    assert headers["Accept"] == SPARQL_JSON
    assert not {"format", "output", "results"} & set(sent)


def test_virtuoso_blank_nodes_and_its_row_limit_are_read(store: ThreadingHTTPServer) -> None:
    rows = {"head": {"vars": ["s"]}, "results": {"bindings": [
        {"s": {"type": "bnode", "value": "nodeID://b10076"}},
        {"s": {"type": "bnode", "value": "nodeID://b10076"}}]}}
    store.answer = (200, {"Content-Type": SPARQL_JSON, "X-SPARQL-MaxRows": "2"},  # type: ignore[attr-defined]
                    json.dumps(rows).encode())
    body, capped = Endpoint(url(store), 5).answer("SELECT ?s WHERE { ?s ?p ?o }", SPARQL_JSON)
    labels = [row["s"]["value"] for row in json.loads(body)["results"]["bindings"]]
    assert capped and labels[0] == labels[1] and "/" not in labels[0] and ":" not in labels[0]


@pytest.mark.parametrize(("status", "body", "kind"), [
    (406, b"Unacceptable", ErrorKind.ENGINE),  # a refusal, not an unreachable store
    (500, b"Virtuoso S1T00 Error SR171: Transaction timed out", None),  # the store's time limit
    (400, b"SP030: SPARQL compiler, line 1: syntax error", ErrorKind.SYNTAX),
])
def test_a_stores_errors_are_what_they_are(store: ThreadingHTTPServer, status: int, body: bytes,
                                           kind: ErrorKind | None) -> None:
    store.answer = (status, {"Content-Type": "text/plain"}, body)  # type: ignore[attr-defined]
    with pytest.raises(RemoteError) as caught:
        Endpoint(url(store), 5).send("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON)
    assert caught.value.kind == kind
    assert "cannot reach" not in str(caught.value)


def test_a_busy_store_is_busy(store: ThreadingHTTPServer) -> None:
    store.answer = (503, {"Retry-After": "5"}, b"Service Unavailable")  # type: ignore[attr-defined]
    with pytest.raises(QueryBusy):
        Endpoint(url(store), 5).send("ASK {}", SPARQL_JSON)


def test_load_answers_the_stores_challenge_with_the_credentials_given(
        store: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    challenge = {"WWW-Authenticate": 'Basic realm="SPARQL"'}
    store.answer = (401, challenge, b"")  # type: ignore[attr-defined]
    store.expected = "Basic " + base64.b64encode(b"dba:secret").decode()  # type: ignore[attr-defined]
    target = url(store, "/sparql-graph-crud-auth?graph=x")
    monkeypatch.delenv("FISCAL_KG_STORE_USER", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    with pytest.raises(FiscalKGError) as refused:  # none given: the refusal, and what to do
        _http("PUT", target, b"", "application/n-triples")
    assert "HTTP 401" in str(refused.value) and "FISCAL_KG_STORE_USER" in str(refused.value)
    monkeypatch.setenv("FISCAL_KG_STORE_USER", "dba")
    monkeypatch.setenv("FISCAL_KG_STORE_PASSWORD", "secret")
    _http("PUT", target, b"", "application/n-triples")
    assert store.seen[-1][2]["Authorization"] == store.expected  # type: ignore[attr-defined]
    monkeypatch.delenv("FISCAL_KG_STORE_USER")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials(target) == ("dba", "secret")
    _http("PUT", target, b"", "application/n-triples")
    assert store.seen[-1][2]["Authorization"] == store.expected  # type: ignore[attr-defined]
