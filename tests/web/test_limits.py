"""Safety and limits: SERVICE never reaches out, the time limit stops evaluation, the row
limit says so, the size limit answers 413 (414 for GET). More in test_hostile.py."""

from __future__ import annotations

import os
import re
import socket
import threading
import time

import requests

from tests.web.conftest import Server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_service_is_refused_and_nothing_is_sent(live: Server) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(2)
        port = listener.getsockname()[1]
        received: list[bytes] = []

        def accept() -> None:
            try:
                connection, _ = listener.accept()
                received.append(connection.recv(1024))
                connection.close()
            except TimeoutError:
                pass

        thread = threading.Thread(target=accept)
        thread.start()
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                      f"select * {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"):
            response = requests.get(live.sparql, params={"query": query}, timeout=10)
            assert response.status_code == 403
            assert "SERVICE" in response.json()["error"]["detail"]
        post = requests.post(live.sparql, timeout=10, headers={"Content-Type": "application/sparql-query"},
                             data=f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
        assert post.status_code == 403
        thread.join()
    assert received == []


def test_the_word_service_in_a_string_is_not_refused(live: Server) -> None:
    response = requests.get(live.sparql, timeout=10, params={
        "query": 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) } # SERVICE'})
    assert response.status_code == 200


def test_timeout_stops_evaluation_and_the_service_goes_on(limited: Server) -> None:
    started = time.monotonic()
    response = requests.get(limited.sparql, params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "1.5 s" in response.json()["error"]["detail"]
    assert elapsed < 10
    killed = re.findall(r"killed query process pid=(\d+)", limited.log_text())
    assert killed
    for pid in killed:  # the evaluating process is gone, not left running
        deadline = time.monotonic() + 5
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.1)
        status = open(f"/proc/{pid}/status").read() if os.path.exists(f"/proc/{pid}") else ""
        assert not status or "zombie" in status.lower()
    after = requests.get(limited.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_row_limit_is_said_in_a_header(limited: Server) -> None:
    many = requests.get(limited.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                        timeout=10)
    assert many.status_code == 200
    assert len(many.json()["results"]["bindings"]) == 20
    assert many.headers["X-Row-Limit-Reached"].startswith("20")
    few = requests.get(limited.sparql, timeout=10,
                       params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(few.json()["results"]["bindings"]) == 3
    assert "X-Row-Limit-Reached" not in few.headers
    graph = requests.get(limited.sparql, timeout=10, headers={"Accept": "application/n-triples"},
                         params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"})
    assert len(graph.text.strip().splitlines()) == 20
    assert "X-Row-Limit-Reached" in graph.headers
    csv = requests.get(limited.sparql, timeout=10, headers={"Accept": "text/csv"},
                       params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 500"})
    assert len(csv.text.strip().splitlines()) == 21


def test_query_size_limit(limited: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    assert requests.get(limited.sparql, params={"query": big}, timeout=10).status_code == 414
    post = requests.post(limited.sparql, data=big.encode(), timeout=10,
                         headers={"Content-Type": "application/sparql-query"})
    assert post.status_code == 413
