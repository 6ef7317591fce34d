"""Query processes, driven directly (no HTTP): the fences hold even when the checks before them
are bypassed, and a pool keeps answering short queries while long ones run."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscal_kg.store.interface import Job, QueryBusy
from fiscal_kg.store.layout import current_build
from fiscal_kg.store.processes import Executor, ExecutorPool
from tests.conftest import Listener

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def database(seed_store: Path) -> Path:
    return current_build(seed_store).database


@pytest.fixture
def executor(database: Path) -> Iterator[Executor]:
    executor = Executor(database, memory_mb=256)
    yield executor
    executor.kill()


def _rows(body: bytes) -> list[dict[str, dict[str, str]]]:
    rows: list[dict[str, dict[str, str]]] = json.loads(body)["results"]["bindings"]
    return rows


def test_a_query_process_has_no_network_even_if_service_gets_through(
        executor: Executor, listener: Listener) -> None:
    [outcome] = executor.run_many([Job(
        query=f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
        results_format=JSON)], timeout=10)
    assert executor.hello is not None
    if not executor.hello.network_isolated:
        pytest.skip("this machine allows no network namespaces: the query checks stand alone")
    assert listener.connections == 0
    assert not outcome.ok and outcome.error_kind == "engine"


def test_the_row_limit_holds_on_the_results_whatever_the_text(executor: Executor) -> None:
    [json_rows, csv_rows] = executor.run_many([
        Job(query="SELECT * WHERE { ?s ?p ?o }", results_format=JSON, limit=7),
        Job(query="SELECT * WHERE { ?s ?p ?o }", results_format="text/csv", limit=7)], timeout=10)
    assert (json_rows.rows, json_rows.capped, len(_rows(json_rows.body))) == (7, True, 7)
    assert csv_rows.body.decode().count("\r\n") == 8 and csv_rows.capped  # header and 7 rows
    [small] = executor.run_many([Job(query="SELECT * WHERE { ?s ?p ?o } LIMIT 3",
                                     results_format=JSON, limit=7)], timeout=10)
    assert (small.rows, small.capped) == (3, False)


def test_a_query_over_the_memory_limit_is_stopped_and_the_process_replaced(
        executor: Executor) -> None:
    doubling = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(30))
    started = time.monotonic()
    [outcome] = executor.run_many([Job(
        query=f'SELECT (STRLEN(?v30) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?v0) {doubling} }}',
        results_format=JSON)], timeout=60)
    assert time.monotonic() - started < 30
    assert not outcome.ok and outcome.error_kind == "memory", outcome
    assert "256 MB" in outcome.error
    [after] = executor.run_many([Job(query="ASK { ?s ?p ?o }", results_format=JSON)], timeout=10)
    assert after.ok and json.loads(after.body)["boolean"] is True


def test_flat_and_nested_queries_do_not_crash_the_process(executor: Executor) -> None:
    """The checks refuse deep nesting; what they let through runs on a deep stack."""
    union = "SELECT * WHERE { {?s ?p ?o}" + " UNION {?s ?p ?o}" * 3000 + " } LIMIT 1"
    nested = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000 + "LIMIT 1"
    outcomes = executor.run_many([Job(query=q, results_format=JSON) for q in (union, nested)],
                                 timeout=30)
    assert [(o.ok, o.rows) for o in outcomes] == [(True, 1), (True, 1)]


def test_one_process_stays_free_for_short_queries(database: Path) -> None:
    pool = ExecutorPool(database, timeout=6, memory_mb=256, size=3)
    try:
        results: list[str] = []

        def slow() -> None:
            try:
                pool.run_many([Job(query=SLOW, results_format=JSON)])
                results.append("answered")
            except QueryBusy:
                results.append("busy")
            except Exception as exc:  # QueryTimeout
                results.append(type(exc).__name__)

        threads = [threading.Thread(target=slow) for _ in range(5)]
        for thread in threads:
            thread.start()
        time.sleep(2.5)  # every slow query is past the grace period, or was stopped
        started = time.monotonic()
        [quick] = pool.run_many([Job(query="ASK { ?s ?p ?o }", results_format=JSON)])
        waited = time.monotonic() - started
        for thread in threads:
            thread.join()
        assert quick.ok and waited < 2.5, waited
        # two may run long (all processes but one), the others were stopped as busy
        assert sorted(results) == ["QueryTimeout", "QueryTimeout", "busy", "busy", "busy"]
    finally:
        pool.close()
