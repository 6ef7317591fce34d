"""Reading report files: each file read, mapped to its graph and validated on its own (the
per-file half of `fiscal-kg build`), in worker processes that die with the build.

A file that fails is a `FileResult` with what went wrong and where; the others go on.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from fiscal_kg.errors import ReportError, ValidationFailed, display
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.manifest import Manifest, ManifestEntry
from fiscal_kg.pipeline.mapping import map_places, map_report
from fiscal_kg.pipeline.records import Identity, Publication, UnreadLine
from fiscal_kg.pipeline.text import read_source
from fiscal_kg.pipeline.validate import Finding, load_shapes, load_vocabulary, validate_graph

REPORT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class FileResult:
    """What became of one file. Picklable: it crosses from a worker process."""

    path: Path
    error: str | None = None
    agency: str | None = None
    fiscal_year: int | None = None
    region: str | None = None  # the place name the agency's name starts with
    region_code: str | None = None  # its administrative division code
    sha256: str | None = None
    encoding: str | None = None
    media_type: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # figures, duties, units, glossary
    triples: int = 0
    findings: tuple[Finding, ...] = ()
    unread: tuple[UnreadLine, ...] = ()
    quads: bytes = b""  # the report's graph and its validation graph, as N-Quads
    manifest_line: int | None = None  # the build manifest's row about it
    publication: Publication = field(default_factory=Publication)

    @property
    def ok(self) -> bool:
        return self.error is None


def find_reports(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with folders expanded to the report files they hold.

    A link among them that leads nowhere (a loop, a missing target) is kept, so that reading
    it fails with its name and the reason, rather than being skipped without a word.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.suffix.lower() in REPORT_SUFFIXES
                                and (p.is_file() or _broken_link(p))))
        else:
            found.append(path)
    return found


def _broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


_CONTEXT: dict[str, tuple[Graph, Graph]] = {}


def shapes_and_context(minter: Minter) -> tuple[Graph, Graph]:
    """The vocabulary and the curated places, and the shapes: once per process and base."""
    if minter.base not in _CONTEXT:
        gazetteer = load_gazetteer()
        context = load_vocabulary() + map_places(gazetteer, minter, gazetteer.places)
        _CONTEXT[minter.base] = (context, load_shapes())
    return _CONTEXT[minter.base]


def _report_context(context: Graph, gazetteer: Gazetteer, minter: Minter,
                    region_code: str | None) -> Graph:
    """What a report is validated with: the vocabulary, and its place and the places above."""
    if region_code is None:
        return context
    return context + map_places(gazetteer, minter, gazetteer.chain(region_code))


LARGE_REPORT = 256 * 1024  # bytes: more than the text of any real report
SLOW_REPORT = 2.0  # seconds


class _Stages:
    """A line on stderr after each stage of reading a large or slow report (with `enabled`)."""

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled = path, enabled
        self.started = self.last = time.monotonic()
        self.large = False

    def done(self, what: str, following: str = "") -> None:
        now = time.monotonic()
        if self.enabled and (self.large or now - self.started >= SLOW_REPORT):
            clear = "\r" + " " * 50 + "\r" if sys.stderr.isatty() else ""  # over the bar
            print(f"{clear}stage  {display(self.path)}: {what} in {now - self.last:.1f} s"
                  + (f"; {following}" if following else ""), file=sys.stderr, flush=True)
        self.last = now


def read_report(path: Path, minter: Minter, *, max_bytes: int | None = None,
                stages: bool = False, entry: ManifestEntry | None = None) -> FileResult:
    """Read, map and validate one report. Errors are returned, not raised.

    A file of more than `max_bytes` is refused; with `stages`, a large or slow file gets a
    line on stderr after each stage (extraction, mapping, validation) with its time. A build
    manifest's `entry` about the file gives its identity (which wins over the text's) and
    its publication (credit code, source, licence).
    """
    result = FileResult(path)
    if entry is not None:
        result.manifest_line, result.publication = entry.line, entry.publication
    given = entry.identity if entry is not None and entry.identity != Identity() else None
    stage = _Stages(path, stages)
    try:
        gazetteer = load_gazetteer()
        context, shapes = shapes_and_context(minter)
        source = read_source(path, max_bytes)
        stage.large = len(source.raw) >= LARGE_REPORT
        report = extract_report(source, gazetteer, given)
        stage.done(f"read {len(source.raw):,} characters, {len(report.figures):,} figures",
                   "mapping")
        graph = map_report(report, gazetteer, minter, result.publication)
        stage.done(f"mapped to {len(graph):,} triples", "validating")
        outcome = validate_graph(
            graph, _report_context(context, gazetteer, minter, report.agency.region_code),
            minter.report(report.agency.name, report.fiscal_year), shapes)
        stage.done("validated")
        if outcome.violations:
            raise ValidationFailed(display(path), [str(v) for v in outcome.violations])
    except (ReportError, ValidationFailed) as exc:
        result.error = str(exc)
        return result
    result.agency, result.fiscal_year = report.agency.name, report.fiscal_year
    result.region, result.region_code = report.agency.region, report.agency.region_code
    result.sha256, result.encoding = source.sha256, source.encoding
    result.media_type = source.media_type
    result.counts = {"figures": len(report.figures), "duties": len(report.duties),
                     "units": len(report.units), "glossary": len(report.glossary)}
    result.triples = len(graph)
    result.findings, result.unread = outcome.findings, report.unread
    result.quads = (
        _as_quads(graph.serialize(format="nt", encoding="utf-8"),
                  minter.dataset(report.agency.name, report.fiscal_year))
        + _as_quads(outcome.results.serialize(format="nt", encoding="utf-8"),
                    minter.validation_graph(report.agency.name, report.fiscal_year)))
    return result


def _as_quads(triples: bytes, graph: str) -> bytes:
    """N-Triples as N-Quads in the named graph (written by Oxigraph, in the worker process)."""
    name = ox.NamedNode(graph)
    return ox.serialize((ox.Quad(q.subject, q.predicate, q.object, name)
                         for q in ox.parse(triples, format=ox.RdfFormat.N_TRIPLES)),
                        format=ox.RdfFormat.N_QUADS) or b""


def _read_one(job: tuple[str, str, int | None, bool, ManifestEntry | None]) -> FileResult:
    path, base, max_bytes, stages, entry = job
    return read_report(Path(path), Minter(base), max_bytes=max_bytes, stages=stages, entry=entry)


def read_reports(files: list[Path], minter: Minter, workers: int, *,
                 max_bytes: int | None = None, stages: bool = False,
                 manifest: Manifest | None = None) -> Generator[FileResult, None, None]:
    """Results in file order; on `workers` processes when there is more than one file.

    The workers are spawned, not forked: a new interpreter inherits none of this process's
    open files (the store's lock, the staging database), so a worker can never hold the store
    after the build. They die with the build however it ends: on Linux the kernel kills them
    when it dies (PR_SET_PDEATHSIG), elsewhere they notice within a second; an exception here
    (Ctrl-C, SIGTERM) stops them at once instead of waiting for the files they are reading.
    A build `manifest` gives each file it names its row.
    """
    entries = [manifest.entry_for(path) if manifest else None for path in files]
    if workers <= 1 or len(files) <= 1:
        for path, entry in zip(files, entries, strict=True):
            yield read_report(path, minter, max_bytes=max_bytes, stages=stages, entry=entry)
        return
    jobs = [(str(p), minter.base, max_bytes, stages, e) for p, e in zip(files, entries, strict=True)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_started, initargs=(os.getpid(),))
    try:
        yield from pool.map(_read_one, jobs, chunksize=4)
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _worker_started(build_pid: int) -> None:
    """In each worker: die with the build process (`build_pid`, the parent)."""
    if sys.platform == "linux":
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != build_pid:  # the build died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(build_pid,), daemon=True,
                     name="fiscal-kg-watchdog").start()


def _watch_parent(build_pid: int) -> None:
    """Where the kernel cannot be asked: leave when the build process is gone."""
    while os.getppid() == build_pid:
        time.sleep(1.0)
    os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (shutdown would wait for the files they are reading)."""
    processes = getattr(pool, "_processes", None) or {}  # no public way before Python 3.14
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
