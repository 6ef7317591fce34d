"""The store as the web tier sees it: the current build, its manifest and its query executor.

Each worker follows the store's `current` link: when a new build is published, the next
request opens it (and its executor) and the old one is closed. Nothing here re-parses the
graph: the child process opens the on-disk Oxigraph database read-only.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fiscal_kg.store.layout import BuildDir, current_build
from fiscal_kg.web.executor import Executor, Job, Outcome


@dataclass
class _Open:
    build: BuildDir
    manifest: dict[str, Any]
    executor: Executor


class Backend:
    # how often a worker looks whether the store has a new build (seconds)
    RECHECK = 1.0

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
    def build_id(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def executor(self) -> Executor:
        return self._current().executor

    def run(self, job: Job) -> Outcome:
        return self._current().executor.run(job, self.timeout)

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        return self._current().executor.run_many(jobs, self.timeout)

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open.executor.close()
                self._open = None
