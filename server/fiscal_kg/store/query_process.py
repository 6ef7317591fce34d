"""A query process: one read-only Oxigraph store, queries in, serialized answers out.

Oxigraph evaluates a query in native code that Python cannot interrupt, so the web tier runs
queries in processes like this one (`python -m fiscal_kg.store.query_process FD DATABASE
MEMORY_MB PARENT_PID`) and kills one that outlives its time limit. Each process fences itself
in before it opens the store:

- **no network**: it moves into a network namespace of its own with no interface (as root,
  or in a user namespace of its own where the kernel allows that), so SERVICE, or anything
  else in the engine, cannot connect anywhere, whatever the query text says;
- **dies with its parent**: the kernel kills it when the process that started it dies
  (`PR_SET_PDEATHSIG`), and a watchdog exits when the parent has gone all the same;
- **bounded memory**: past `MEMORY_MB` more than it holds when idle, an allocation fails and
  the process ends (the engine aborts; the parent answers "over the memory limit");
- **a deep stack**: queries run on a thread with a 256 MB stack (reserved, not used), so the
  engine's recursive parser and evaluator survive any query the size limit lets through.

The parent's first message is the prefixes queries may use undeclared; the process answers
with a `Hello` saying which fences hold; then each message in is a list of `Job`s and each
message out the list of their `Outcome`s.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from fiscal_kg.store.interface import (
    SPARQL_JSON,
    ErrorKind,
    Job,
    Outcome,
    ResultKind,
    graph_within,
    solutions_within,
)
from fiscal_kg.store.processes import Hello

STACK_BYTES = 256 * 1024 * 1024

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_PR_SET_PDEATHSIG = 1


def isolate_network() -> bool:
    """Move this (single-threaded) process into an empty network namespace; True if it could."""
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def die_with_parent(parent: int) -> None:
    """Be killed by the kernel when the parent dies; exit now if it already has."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:  # PDEATHSIG follows the parent *thread*: a second opinion
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _data_bytes() -> int:
    """The process's data segment now (VmData: heap, anonymous mappings, thread stacks)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def limit_memory(extra: int) -> int | None:
    """Let the process hold at most `extra` bytes of data more than it holds now."""
    if extra <= 0:
        return None
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = _data_bytes() + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    return limit


def run_job(store: ox.Store, job: Job, prefixes: dict[str, str]) -> Outcome:
    try:
        kwargs: dict[str, Any] = {"base_iri": job.base_iri, "prefixes": prefixes}
        if job.bindings:
            kwargs["substitutions"] = {ox.Variable(name): _term(kind, value, language)
                                       for name, kind, value, language in job.bindings}
        if job.default_graph is not None:
            kwargs["default_graph"] = [_graph(g) for g in job.default_graph]
        elif not job.query_dataset:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [_graph(g) for g in job.named_graphs]
        results = store.query(job.query, **kwargs)
        if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
            fmt = ox.QueryResultsFormat.from_media_type(job.results_format or SPARQL_JSON)
            if fmt is None:
                raise ValueError(f"no results format {job.results_format}")
            if isinstance(results, ox.QueryBoolean):
                return Outcome(True, ResultKind.BOOLEAN, results.serialize(format=fmt) or b"", 1)
            if not job.count:
                return Outcome(True, ResultKind.SOLUTIONS, results.serialize(format=fmt) or b"")
            # the row limit holds here whatever the query text says
            body, rows, capped = solutions_within(
                results.serialize(format=ox.QueryResultsFormat.JSON) or b"", fmt, job.limit)
            return Outcome(True, ResultKind.SOLUTIONS, body, rows, capped)
        graph, count, capped = graph_within(results, job.rdf_format, job.limit, prefixes)
        return Outcome(True, ResultKind.GRAPH, graph, count, capped)
    except SyntaxError as exc:
        return Outcome(False, error=str(exc), error_kind=ErrorKind.SYNTAX)
    except MemoryError:
        return Outcome(False, error="the query needed more memory than a query may use",
                       error_kind=ErrorKind.MEMORY)
    except Exception as exc:  # an engine failure: reported as 500 and logged by the parent
        return Outcome(False, error=f"{type(exc).__name__}: {exc}", error_kind=ErrorKind.ENGINE)


def _term(kind: str, value: str, language: str | None) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(value) if kind == "iri" else ox.Literal(value, language=language)


def _graph(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name == "" else ox.NamedNode(name)


def serve(conn: Connection, store: ox.Store, prefixes: dict[str, str]) -> None:
    while True:
        try:
            jobs = conn.recv()
        except (EOFError, OSError):
            return
        conn.send([run_job(store, job, prefixes) for job in jobs])


def main(argv: list[str]) -> int:
    fd, database, memory_mb, parent = int(argv[0]), argv[1], int(argv[2]), int(argv[3])
    isolated = isolate_network()  # first: a user namespace needs a single-threaded process
    die_with_parent(parent)
    os.set_blocking(fd, True)
    conn = Connection(fd)
    prefixes: dict[str, str] = conn.recv()  # the parent's first message
    store = ox.Store.read_only(database)
    threading.stack_size(STACK_BYTES)  # for threads started from now on
    worker = threading.Thread(target=serve, args=(conn, store, prefixes),
                              name="fiscal-kg-query")
    worker.start()  # its stack is mapped now, so the limit below counts it as held
    threading.stack_size(0)
    limit = limit_memory(memory_mb * 1024 * 1024)
    conn.send(Hello(os.getpid(), isolated, limit))
    worker.join()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
