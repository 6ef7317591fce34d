"""Live services for the web tests, started by the test session with `fiscal-kg serve`.

`live` is the service on the seed report four times over: on the embedded store, on a real
`oxigraph serve` process (the PyPI package's server) and on a Virtuoso 7.2 (Debian's, set up as
the README says: `tests/web/virtuoso.py`), each filled by `fiscal-kg load`, with no store of its
own, and on another `fiscal-kg serve` as its store. Every test that uses `live` runs against
each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import pytest
import requests

from tests.web.virtuoso import (
    VirtuosoStore,
    free_ports,
    install_hint,
    start_virtuoso,
    stop_virtuoso,
    virtuoso_binary,
)


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]
    handle: IO[bytes]
    store: str = "embedded"  # what it serves from: embedded, remote (Oxigraph), virtuoso, fiscal-kg

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    return free_ports(1)[0]


def start_server(store: Path, log: Path, healthy: bool = True, **settings: str) -> Server:
    """`fiscal-kg serve` on a free port, once it answers (healthy, unless told otherwise)."""
    port = free_port()
    env = {**os.environ, **{f"FISCAL_KG_{k.upper()}": v for k, v in settings.items()}}
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "fiscal_kg.cli", "serve", "--store", str(store),
         "--port", str(port), "--workers", "2"],
        stdout=handle, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            status = requests.get(url + "/-/health", timeout=2).status_code
            if status == 200 or not healthy:
                return Server(url, log, process, handle)
        except requests.ConnectionError:
            pass
        except requests.Timeout:  # it answers, slowly: its store does not
            if not healthy:
                return Server(url, log, process, handle)
        time.sleep(0.2)
    process.kill()
    handle.close()
    raise RuntimeError(f"the server did not start: {log.read_text(errors='replace')}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
    server.handle.close()


@dataclass(frozen=True)
class RemoteStore:
    url: str
    process: subprocess.Popen[bytes]
    handle: IO[bytes]

    @property
    def query(self) -> str:
        return self.url + "/query"

    @property
    def graph_store(self) -> str:
        return self.url + "/store"


def start_oxigraph(location: Path, log: Path) -> RemoteStore:
    """`oxigraph serve` (from the `oxigraph` package on PyPI), its default graph the union."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"oxigraph exited: {log.read_text(errors='replace')}")
        try:
            if requests.get(url + "/query", params={"query": "ASK {}"}, timeout=2).ok:
                return RemoteStore(url, process, handle)
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    handle.close()
    raise RuntimeError(f"oxigraph did not start: {log.read_text(errors='replace')}")


def load_into(remote: RemoteStore | VirtuosoStore, store: Path) -> subprocess.CompletedProcess[str]:
    """`fiscal-kg load` into a store, with its write user's credentials if it has one."""
    env = dict(os.environ)
    if isinstance(remote, VirtuosoStore):
        env.update(FISCAL_KG_STORE_USER=remote.user, FISCAL_KG_STORE_PASSWORD=remote.password)
    return subprocess.run(
        [sys.executable, "-m", "fiscal_kg.cli", "load", "--store", str(store),
         "--graph-store", remote.graph_store, "--sparql-endpoint", remote.query],
        capture_output=True, text=True, timeout=300, env=env)


def started_virtuoso(where: Path) -> VirtuosoStore:
    """Virtuoso set up as the README says (`tests/web/virtuoso.py`); installed by `make test`."""
    if virtuoso_binary() is None:
        pytest.skip(f"Virtuoso is not installed: {install_hint()} (make test installs it)")
    return start_virtuoso(where / "db", where / "virtuoso.log")


@pytest.fixture(scope="session")
def virtuoso_seed(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoStore]:
    """A Virtuoso holding the seed build, loaded with `fiscal-kg load` as its write user."""
    remote = started_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    loaded = load_into(remote, seed_store)
    assert loaded.returncode == 0, loaded.stderr
    yield remote
    stop_virtuoso(remote)


@pytest.fixture(scope="session")
def remote_store(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    """A real `oxigraph serve` holding the seed build, loaded with `fiscal-kg load`."""
    where = tmp_path_factory.mktemp("oxigraph")
    remote = start_oxigraph(where / "db", where / "oxigraph.log")
    loaded = load_into(remote, seed_store)
    assert loaded.returncode == 0, loaded.stderr
    yield remote
    remote.process.terminate()
    remote.process.wait(15)
    remote.handle.close()


@pytest.fixture(scope="session")
def backing_service(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `fiscal-kg serve` on the seed build, as the store of another one."""
    server = start_server(seed_store, tmp_path_factory.mktemp("backing") / "server.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session", params=["embedded", "remote", "virtuoso", "fiscal-kg"])
def live(request: pytest.FixtureRequest, seed_store: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with its default settings, on the embedded store, on a remote Oxigraph and
    on another `fiscal-kg serve`."""
    where = tmp_path_factory.mktemp(f"live-{request.param}")
    if request.param == "embedded":
        server = start_server(seed_store, where / "server.log")
    elif request.param in ("remote", "virtuoso"):
        remote: RemoteStore | VirtuosoStore = request.getfixturevalue(
            "remote_store" if request.param == "remote" else "virtuoso_seed")
        server = start_server(where / "no-store", where / "server.log",
                              sparql_endpoint=remote.query)
    else:
        backing: Server = request.getfixturevalue("backing_service")
        server = start_server(where / "no-store", where / "server.log",
                              sparql_endpoint=backing.sparql)
    yield replace(server, store=request.param)
    stop_server(server)


@pytest.fixture(scope="session")
def limited(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with a small row limit, a short time limit and a small query size limit."""
    server = start_server(seed_store, tmp_path_factory.mktemp("limited") / "server.log",
                          row_limit="20", query_timeout="1.5", max_query_bytes="2000")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def portal(corpus_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service on the test corpus (seven reports, six agencies), as a portal harvests it."""
    server = start_server(corpus_store, tmp_path_factory.mktemp("portal") / "server.log")
    yield server
    stop_server(server)
