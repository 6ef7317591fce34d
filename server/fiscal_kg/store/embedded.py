"""The embedded store: the current build's Oxigraph database, queried by a pool of query
processes (`fiscal_kg.store.processes`) in each web worker.

Each worker follows the current build: when a new one is published, the next request uses
it. A request sees one build from start to end (`pin()`): its ETag, its answer and its
`X-Build-Id` all come from the same build, and the build's query processes stop once no request
holds it any more. Nothing here re-parses the graph.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from fiscal_kg.config import Settings
from fiscal_kg.errors import StoreError
from fiscal_kg.store.buildinfo import BuildInfo
from fiscal_kg.store.interface import Job, Outcome, Store
from fiscal_kg.store.layout import BuildDir, current_build
from fiscal_kg.store.processes import ExecutorPool


@dataclass
class _Open:
    build: BuildDir
    manifest: BuildInfo
    pool: ExecutorPool
    users: int = 0
    retired: bool = False


class EmbeddedStore(Store):
    """The embedded store: a build directory's Oxigraph database, read-only."""

    kind = "embedded"

    def __init__(self, store: Path, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._open: _Open | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        # follow the store between requests too: an idle worker lets go of a replaced build
        threading.Thread(target=self._follow, name="fiscal-kg-follow", daemon=True).start()

    def _follow(self) -> None:
        while not self._closed.wait(self.RECHECK):
            try:
                self._current()
            except StoreError:
                pass  # no store yet, or a broken one: requests say so

    def _current(self) -> _Open:
        """The open build, switching to a newer one if the store has been rebuilt (a build
        directory is never reused, so a new path is a new build)."""
        now = time.monotonic()
        if self._open is not None and now - self._checked < self.RECHECK:
            return self._open
        build = current_build(self.store)
        self._checked = now
        with self._lock:
            if self._open is None or self._open.build.path != build.path:
                pool = ExecutorPool(build.database, timeout=self.settings.query_timeout,
                                    memory_mb=self.settings.query_memory_mb,
                                    size=self.settings.query_processes)
                fresh = _Open(build, build.info(), pool)
                pool.warm()
                if self._open is not None:
                    self._retire(self._open)
                self._open = fresh
            return self._open

    def _retire(self, old: _Open) -> None:
        old.retired = True
        if old.users == 0:
            old.pool.close()

    def pin(self) -> Store:
        opened = self._current()
        with self._lock:
            opened.users += 1
        return PinnedBuild(self, opened)

    def release(self, opened: _Open) -> None:
        with self._lock:
            opened.users -= 1
            if opened.retired and opened.users == 0:
                opened.pool.close()

    @property
    def manifest(self) -> BuildInfo:
        return self._current().manifest

    @property
    def build_path(self) -> Path:
        return self._current().build.path

    def alive(self) -> bool:
        return self._current().pool.alive

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        return self._current().pool.run_many(jobs)

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            if self._open is not None:
                self._open.pool.close()
                self._open = None


class PinnedBuild(Store):
    """One build of the embedded store, held for a request."""

    kind = "embedded"

    def __init__(self, owner: EmbeddedStore, opened: _Open) -> None:
        self._owner = owner
        self._opened: _Open | None = opened

    @property
    def _build(self) -> _Open:
        if self._opened is None:
            raise StoreError("the build was released")
        return self._opened

    @property
    def manifest(self) -> BuildInfo:
        return self._build.manifest

    @property
    def build_path(self) -> Path:
        return self._build.build.path

    def alive(self) -> bool:
        return self._build.pool.alive

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        return self._build.pool.run_many(jobs)

    @property
    def isolated(self) -> bool | None:
        return self._build.pool.isolated

    def unpin(self) -> None:
        if self._opened is not None:
            self._owner.release(self._opened)
            self._opened = None
