"""The store as the web tier sees it: the current build, its manifest, and a way to run queries.

Two kinds: the embedded store (`LocalBackend`: the build's Oxigraph database, queried in a
child process) and any SPARQL 1.1 endpoint (`fiscal_kg.web.remote.RemoteBackend`), chosen by
the `sparql_endpoint` setting. Each worker follows the current build: when a new one is
published, the next request uses it. Nothing here re-parses the graph.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fiscal_kg.config import Settings
from fiscal_kg.store.layout import BuildDir, current_build
from fiscal_kg.web.executor import Executor, Job, Outcome


@dataclass
class _Open:
    build: BuildDir
    manifest: dict[str, Any]
    executor: Executor


class Backend:
    """What the web tier needs of a store."""

    # how often a worker looks whether the store has a new build (seconds)
    RECHECK = 1.0
    kind = ""

    @property
    def manifest(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def build_path(self) -> Path | None:
        """The build's directory on this machine (its dumps), if there is one."""
        raise NotImplementedError

    def run(self, job: Job) -> Outcome:
        return self.run_many([job])[0]

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        raise NotImplementedError

    def alive(self) -> bool:
        """Whether queries can be answered now (for the health check)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class LocalBackend(Backend):
    """The embedded store: a build directory's Oxigraph database, read-only."""

    kind = "embedded"

    def __init__(self, store: Path, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self._open: _Open | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def _current(self) -> _Open:
        """The open build, switching to a newer one if the store has been rebuilt."""
        now = time.monotonic()
        if self._open is not None and now - self._checked < self.RECHECK:
            return self._open
        build = current_build(self.store)
        self._checked = now
        with self._lock:
            if self._open is None or self._open.build.path != build.path:
                if self._open is not None:
                    self._open.executor.close()
                executor = Executor(build.database)
                executor.start()
                self._open = _Open(build, build.manifest(), executor)
            return self._open

    @property
    def manifest(self) -> dict[str, Any]:
        return self._current().manifest

    @property
    def build_path(self) -> Path:
        return self._current().build.path

    @property
    def executor(self) -> Executor:
        return self._current().executor

    def alive(self) -> bool:
        return self._current().executor.pid is not None

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        return self._current().executor.run_many(jobs, self.timeout)


def make_backend(settings: Settings) -> Backend:
    """The embedded store, or the remote SPARQL endpoint when one is set."""
    if settings.sparql_endpoint:
        from fiscal_kg.web.remote import RemoteBackend

        return RemoteBackend(settings)
    return LocalBackend(settings.store, settings.query_timeout)

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open.executor.close()
                self._open = None
