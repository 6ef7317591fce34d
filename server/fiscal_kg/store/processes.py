"""The embedded store's query processes (`fiscal_kg.store.query_process`), a small pool per
web worker.

A query over its time limit is stopped by killing its process; a fresh one takes its place.
A process that runs out of memory or crashes is replaced the same way, and the query is
answered with what happened (over the memory limit, crashed), never left waiting.

A pool keeps up to `size` processes. Queries that run longer than `GRACE` seconds may hold all
of them but one: when a query passes `GRACE` and the others are already long, it is stopped
and answered "busy", so one process always turns over within `GRACE` and long queries can
never make short ones wait for long. A query that finds no process free waits for one: at
most its time limit while processes turn over, at most `GRACE` when long queries already hold
all they may (then the one left is turning over too slowly to wait for), and is then
answered "busy". A process that had to be killed is replaced at once.

Everything here blocks only in `select` and process waits, which gevent makes cooperative
(the service's workers are gevent workers), and works the same in plain threads.
"""

from __future__ import annotations

import logging
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.store.interface import ErrorKind, Job, Outcome, QueryBusy, QueryTimeout

log = logging.getLogger("fiscal_kg.executor")

GRACE = 1.0  # seconds after which a query counts as long
START_TIMEOUT = 30.0  # seconds a new query process may take to open the store


@dataclass(frozen=True)
class Hello:
    """A query process's first message: which of its fences hold (defined here, not in the
    process's own module, which runs as __main__)."""

    pid: int
    network_isolated: bool
    memory_limit: int | None  # bytes of data the process may hold, None: no limit set


def _readable(fd: int, timeout: float) -> bool:
    with selectors.DefaultSelector() as selector:  # looked up now: gevent's when patched
        selector.register(fd, selectors.EVENT_READ)
        return bool(selector.select(max(0.0, timeout)))


class Executor:
    """One query process on one database."""

    def __init__(self, database: Path, memory_mb: int) -> None:
        self.database = database
        self.memory_mb = memory_mb
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self.hello: Hello | None = None

    def start(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "fiscal_kg.store.query_process", str(theirs.fileno()),
                 str(self.database), str(self.memory_mb), str(os.getpid())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                env={**os.environ, "RUST_BACKTRACE": "0"})
        finally:
            theirs.close()
        fd = ours.detach()
        os.set_blocking(fd, True)
        self._conn = Connection(fd)
        self._conn.send(dict(PREFIXES))
        self.hello = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _ready(self) -> Connection:
        """The connection, once the process has said it is ready."""
        if not self.alive:
            self.start()
        assert self._conn is not None
        if self.hello is None:
            if not _readable(self._conn.fileno(), START_TIMEOUT):
                self.kill()
                raise QueryBusy(f"a query process did not start within {START_TIMEOUT:g} s")
            hello = self._conn.recv()
            assert isinstance(hello, Hello)
            self.hello = hello
            if not hello.network_isolated:
                log.warning("query process %s could not leave the network (no namespaces "
                            "here): SERVICE is kept out by the query checks alone", hello.pid)
        return self._conn

    def run_many(self, jobs: list[Job], timeout: float,
                 pool: ExecutorPool | None = None) -> list[Outcome]:
        """Several queries in one round trip, under one time limit."""
        started = time.monotonic()
        try:
            conn = self._ready()
            conn.send(jobs)
            wait = min(GRACE, timeout) if pool is not None else timeout
            if not _readable(conn.fileno(), wait):
                if pool is not None and not pool.enter_long():
                    self.kill()
                    raise QueryBusy(f"{pool.size - 1} long queries are running; this one was "
                                    f"stopped after {GRACE:g} s to keep the service answering")
                try:
                    if not _readable(conn.fileno(), timeout - (time.monotonic() - started)):
                        pid = self.pid
                        self.kill()
                        log.warning("query over %.1f s: killed query process pid=%s", timeout, pid)
                        raise QueryTimeout(
                            f"the query ran longer than {timeout:g} s and was stopped")
                finally:
                    if pool is not None:
                        pool.leave_long()
            outcomes: list[Outcome] = conn.recv()
        except (EOFError, OSError) as exc:
            died = self._death(exc)
            return [died for _ in jobs]
        except BaseException:  # the answer may still come: never leave it for the next query
            self.kill()
            raise
        if time.monotonic() - started > timeout:
            # the answer came, but later than the limit (it was ready while the select was
            # waking up): the limit is the limit, whatever the scheduler did
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        return outcomes

    def _death(self, exc: BaseException) -> Outcome:
        """What became of a process that stopped answering."""
        status = None
        if self._process is not None:
            try:
                status = self._process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        if status in (-signal.SIGABRT, -signal.SIGKILL):
            return Outcome(False, error=f"the query needed more than {self.memory_mb} MB of "
                                        "memory and was stopped", error_kind=ErrorKind.MEMORY)
        return Outcome(False, error=f"the query process ended (status {status}, {exc!r})",
                       error_kind=ErrorKind.CRASHED)

    def kill(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                log.error("query process pid=%s did not die", self._process.pid)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn, self.hello = None, None, None


class ExecutorPool:
    """Up to `size` query processes on one database, for one web worker."""

    def __init__(self, database: Path, *, timeout: float, memory_mb: int, size: int) -> None:
        self.database = database
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[Executor] = []
        self._long = 0
        self._closed = False

    def warm(self) -> None:
        """Start one process ahead of the first query."""
        executor = Executor(self.database, self.memory_mb)
        executor.start()
        with self._lock:
            self._idle.append(executor)

    def enter_long(self) -> bool:
        """Whether one more query may run past GRACE: all processes but one may hold one."""
        with self._lock:
            if self.size > 1 and self._long >= self.size - 1:
                return False
            self._long += 1
            return True

    def _wait_for_process(self) -> None:
        """Take a process slot, or raise QueryBusy."""
        started = time.monotonic()
        while not self._slots.acquire(timeout=GRACE / 4):
            waited = time.monotonic() - started
            if waited >= GRACE and self._lane_full():
                raise QueryBusy(f"long queries hold {self.size - 1} of the {self.size} query "
                                "processes of this worker and the last one stayed busy")
            if waited >= self.timeout:
                raise QueryBusy(f"all {self.size} query processes of this worker stayed busy "
                                f"for {self.timeout:g} s")

    def _lane_full(self) -> bool:
        with self._lock:
            return self.size > 1 and self._long >= self.size - 1

    def leave_long(self) -> None:
        with self._lock:
            self._long -= 1

    def run_many(self, jobs: list[Job]) -> list[Outcome]:
        self._wait_for_process()
        try:
            with self._lock:
                executor = self._idle.pop() if self._idle else Executor(self.database,
                                                                        self.memory_mb)
            try:
                return executor.run_many(jobs, self.timeout, self)
            finally:
                if not executor.alive and not self._closed:  # killed or dead: replace it now
                    executor.kill()
                    executor.start()
                with self._lock:
                    keep = not self._closed
                    if keep:
                        self._idle.append(executor)
                if not keep:
                    executor.kill()
        finally:
            self._slots.release()

    @property
    def alive(self) -> bool:
        with self._lock:
            return not self._closed

    @property
    def isolated(self) -> bool | None:
        """Whether the query processes have no network (None: none has started yet)."""
        with self._lock:
            hellos = [e.hello for e in self._idle if e.hello is not None]
        return all(h.network_isolated for h in hellos) if hellos else None

    def close(self) -> None:
        """Stop the idle processes now and the busy ones as they finish."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for executor in idle:
            executor.kill()
