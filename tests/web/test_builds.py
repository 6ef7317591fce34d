"""A running service while its store is rebuilt: each response names the build that answered
it, a rebuild of the same inputs is picked up, and a replaced build's files are let go."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import requests

from fiscal_kg.build import build
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.store.layout import current_build
from tests.conftest import CORPUS, SEED
from tests.web.conftest import start_server, stop_server

REPORTS = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a fk:Report }"


def _rebuild(store: Path, *reports: Path) -> str:
    outcome = build(list(reports), store, Minter(), workers=1)
    assert outcome.published and outcome.build_id
    return str(current_build(store).path)


def _holders(directory: str) -> list[int]:
    """Processes with a file under `directory` open, or running on a database in it."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            targets = [os.readlink(f"/proc/{entry}/fd/{fd}") for fd in os.listdir(f"/proc/{entry}/fd")]
        except OSError:
            continue
        if directory in cmdline or any(t.startswith(directory) for t in targets):
            found.append(int(entry))
    return found


def test_each_response_names_the_build_that_answered_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    one, two = (SEED,), (SEED, CORPUS / "wuhan-library-2020.txt")
    _rebuild(store, *one)
    server = start_server(store, tmp_path / "server.log")
    seen: list[tuple[int, str, str]] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            response = requests.get(server.sparql, params={"query": REPORTS}, timeout=30)
            assert response.status_code == 200
            count = int(response.json()["results"]["bindings"][0]["n"]["value"])
            seen.append((count, response.headers["X-Build-Id"], response.headers["ETag"]))

    clients = [threading.Thread(target=ask) for _ in range(3)]
    try:
        for client in clients:
            client.start()
        for reports in (two, one, two, two):  # the last: the same inputs again
            before = len(seen)
            _rebuild(store, *reports)
            deadline = time.monotonic() + 10  # picked up within a second or so
            while time.monotonic() < deadline and \
                    (len(seen) == before or seen[-1][0] != len(reports)):
                time.sleep(0.05)
            assert seen[-1][0] == len(reports)
    finally:
        stop.set()
        for client in clients:
            client.join()
        stop_server(server)
    answers: dict[str, set[int]] = {}
    tags: dict[str, set[str]] = {}
    for count, build_id, etag in seen:
        answers.setdefault(build_id, set()).add(count)
        tags.setdefault(build_id, set()).add(etag)
    assert len(answers) == 2 and all(len(counts) == 1 for counts in answers.values()), answers
    assert all(len(etags) == 1 for etags in tags.values())  # same build, same query, same tag


def test_a_rebuilt_store_is_picked_up_and_the_replaced_build_let_go(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _rebuild(store, SEED)
    server = start_server(store, tmp_path / "server.log")
    try:
        for page in ("/sparql?query=ASK%7B%7D", "/id/agency/鄂州市人民政府办公室"):
            assert requests.get(server.url + page, timeout=30).status_code == 200
        assert _holders(first)  # its query processes have the database open
        second = _rebuild(store, SEED)  # the same inputs: the same id, a new directory
        assert second != first
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            health = requests.get(server.url + "/-/health", timeout=30).json()
            if not _holders(first):
                break
            time.sleep(0.2)
        assert _holders(first) == []
        assert _holders(second)
        assert health["build_id"] == current_build(store).manifest()["build_id"]
        third = _rebuild(store, SEED)  # the first directory is removed now
        assert not Path(first).exists() and Path(second).exists() and Path(third).exists()
    finally:
        stop_server(server)
