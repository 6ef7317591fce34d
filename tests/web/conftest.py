"""A live gunicorn, started by the test session with `fiscal-kg serve`, on the seed store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
import requests


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]
    handle: IO[bytes]

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, log: Path, **settings: str) -> Server:
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
            if requests.get(url + "/-/health", timeout=2).status_code == 200:
                return Server(url, log, process, handle)
        except requests.ConnectionError:
            pass
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


@pytest.fixture(scope="session")
def live(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with its default settings."""
    server = start_server(seed_store, tmp_path_factory.mktemp("live") / "server.log")
    yield server
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
