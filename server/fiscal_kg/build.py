"""`fiscal-kg build`: reports -> records -> graphs -> SHACL -> a new store, atomically.

Files are read, mapped and validated in worker processes (both cores), each on its own; a file
that fails is reported with what went wrong and where, and the others go on. Each good
report's graph goes straight into a new, not yet visible store; at the end the store is
switched to atomically. With `strict`, one failed file keeps the previous store. A build in
which no file could be read never replaces the store.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from fiscal_kg import __version__
from fiscal_kg.config import Settings
from fiscal_kg.errors import FiscalKGError, ReportError, StoreError, ValidationFailed, display
from fiscal_kg.licences import common_licence
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.linksets import link_files, load_linksets, map_links
from fiscal_kg.pipeline.manifest import Manifest, ManifestEntry
from fiscal_kg.pipeline.mapping import map_places, map_report
from fiscal_kg.pipeline.records import Identity, Publication, UnreadLine
from fiscal_kg.pipeline.text import read_source
from fiscal_kg.pipeline.validate import Finding, load_shapes, load_vocabulary, validate_graph
from fiscal_kg.resources import DIVISIONS, HOME, ONTOLOGY_DIR, SHAPES_DIR
from fiscal_kg.store import layout
from fiscal_kg.store.crosscheck import cross_check, load_cross_report
from fiscal_kg.store.dumps import dump_records, write_dumps
from fiscal_kg.store.statistics import UnionTally, dataset_statistics

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


@dataclass
class BuildResult:
    store: Path
    files: list[FileResult] = field(default_factory=list)
    build_id: str | None = None
    published: bool = False
    triples: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]


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


def _context(minter: Minter) -> tuple[Graph, Graph]:
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
        context, shapes = _context(minter)
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


def build(paths: list[Path], store: Path, minter: Minter, *, strict: bool = False,
          workers: int | None = None,
          progress: Callable[[FileResult, int, int], None] | None = None,
          max_report_bytes: int | None = None, stages: bool = False,
          notify: Callable[[str], None] | None = None,
          manifest: Manifest | None = None) -> BuildResult:
    """Build a store from report files. Returns what happened; raises only on store errors.

    `max_report_bytes` (default: the setting FISCAL_KG_MAX_REPORT_BYTES) refuses larger files;
    `stages` prints a line per stage of a large or slow file on stderr; `notify` is told of
    what a build that died left behind (and was cleared away), and of the rows of a build
    `manifest` that name no file being built. The manifest's rows give the files they name
    their identity and publication; with no `paths`, its files are the ones built.
    """
    if max_report_bytes is None:
        max_report_bytes = Settings.from_env().max_report_bytes
    started = time.monotonic()
    outcome = BuildResult(store)
    if not paths and manifest is not None:
        paths = [entry.file for entry in manifest.entries]
    files = find_reports(paths)
    if not files:
        raise FiscalKGError(f"no report files (*.txt, *.html) in {', '.join(map(str, paths))}")
    if manifest is not None and notify is not None:
        _note_unused_rows(manifest, files, notify)
    workers = workers or min(2, os.cpu_count() or 1)
    try:
        return _build(files, store, minter, outcome, started, strict=strict, workers=workers,
                      progress=progress, max_report_bytes=max_report_bytes, stages=stages,
                      notify=notify, manifest=manifest)
    except OSError as exc:
        raise store_error(store, exc) from None


def _note_unused_rows(manifest: Manifest, files: list[Path],
                      notify: Callable[[str], None]) -> None:
    """Say which rows of the manifest name files that are not being built (a misspelt or
    misplaced path would otherwise lose its row without a word)."""
    built = {path.resolve() for path in files}
    unused = [entry for entry in manifest.entries if entry.file not in built]
    if unused:
        shown = ", ".join(f"line {e.line} ({display(e.file)})" for e in unused[:5])
        more = f" and {len(unused) - 5} more" if len(unused) > 5 else ""
        notify(f"{display(manifest.path)}: {len(unused)} row(s) name files that are not being "
               f"built: {shown}{more}")


def store_error(store: Path, exc: OSError) -> StoreError:
    """What a user reads when the store cannot be written: where, why and what to do."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        advice = "the disk is full: free space and build again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "choose a --store you can write to, or make this one writable"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        advice = "a file is in the way: choose another --store or remove the file"
    else:
        advice = "fix that and build again"
    return StoreError(f"cannot write the store at {store}: {reason}{where}; {advice}; "
                      f"the previous store was left as it was")


def _build(files: list[Path], store: Path, minter: Minter, outcome: BuildResult,
           started: float, *, strict: bool, workers: int,
           progress: Callable[[FileResult, int, int], None] | None,
           max_report_bytes: int, stages: bool,
           notify: Callable[[str], None] | None, manifest: Manifest | None) -> BuildResult:
    with layout.build_lock(store, notify):
        staged = layout.new_build_dir(store, f"{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            database = ox.Store(str(staged.database))
            seen: dict[tuple[str, int], Path] = {}
            codes: dict[str, FileResult] = {}  # agency -> the first report giving its code
            batch = _Batch(database)
            digest = hashlib.sha256(f"{__version__}\n{minter.base}\n".encode())
            if manifest is not None:
                digest.update(f"manifest {manifest.sha256}\n".encode())
            with contextlib.closing(read_reports(files, minter, workers, stages=stages,
                                                 max_bytes=max_report_bytes,
                                                 manifest=manifest)) as reading:
                for index, result in enumerate(reading, start=1):
                    if result.ok:
                        assert result.agency is not None and result.fiscal_year is not None
                        key = (result.agency, result.fiscal_year)
                        if key in seen:
                            result.error = (f"{display(result.path)}: a second report of "
                                            f"{key[0]} for {key[1]} (the first is "
                                            f"{display(seen[key])})")
                        elif (other := _other_code(result, codes)) is not None:
                            result.error = other
                        else:
                            seen[key] = result.path
                            batch.add(result.quads)
                            digest.update(f"{result.sha256}\n".encode())
                    result.quads = b""  # in the batch, or not wanted: let go
                    outcome.files.append(result)
                    if progress is not None:
                        progress(result, index, len(files))
            batch.flush()
            good = [f for f in outcome.files if f.ok]
            if not good or (strict and outcome.failed):
                del database, batch  # closed before its directory goes
                layout.discard(staged)
                outcome.seconds = time.monotonic() - started
                return outcome
            inputs = build_inputs()
            for entry in inputs:
                digest.update(f"{entry['path']} {entry['sha256']}\n".encode())
            outcome.build_id = digest.hexdigest()[:16]
            serial = uuid.uuid4().hex  # this run's: a rebuild of the same inputs differs
            outcome.triples = _finish(staged, database, good, minter, outcome.build_id, serial,
                                      inputs, manifest)
            del database, batch
            layout.publish(store, staged, f"{outcome.build_id}-{serial[:12]}")
        except BaseException as exc:
            # close the database before removing its directory (RocksDB's threads may still
            # write into it, and it keeps its lock in this process): let go of every
            # reference, also those of the failed calls' frames
            traceback.clear_frames(exc.__traceback__)
            database = batch = None  # type: ignore[assignment]  # noqa: F841
            layout.discard(staged)
            raise
    outcome.published = True
    outcome.seconds = time.monotonic() - started
    return outcome


def _other_code(result: FileResult, codes: dict[str, FileResult]) -> str | None:
    """Why a report cannot be stored when the build manifest gave its agency another credit
    code for an earlier report (an agency has one), else None; notes the code."""
    code = result.publication.credit_code
    if code is None or result.agency is None:
        return None
    first = codes.setdefault(result.agency, result)
    if first.publication.credit_code == code:
        return None
    return (f"{display(result.path)}: the build manifest gives {result.agency} the credit code "
            f"{code} (line {result.manifest_line}) and {first.publication.credit_code} for "
            f"{display(first.path)} (line {first.manifest_line}); an agency has one")


def build_inputs() -> list[dict[str, str]]:
    """Every file besides the reports that the graph is made from, with its SHA-256: the
    ontology and code lists, the shapes (with the checks across reports), the gazetteer and
    the link sets. With the reports, the version and the base IRI they make the build id."""
    files = [*sorted(ONTOLOGY_DIR.glob("*.ttl")), *sorted(SHAPES_DIR.glob("*.ttl")),
             *link_files(), DIVISIONS]
    inputs = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FiscalKGError(f"{path}: cannot read an input of the build: "
                                f"{exc.strerror}") from None
        name = path.relative_to(HOME).as_posix() if path.is_relative_to(HOME) else str(path)
        inputs.append({"path": name, "sha256": hashlib.sha256(data).hexdigest()})
    return inputs


def _load(store: ox.Store, data: bytes, name: str) -> None:
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


class _Batch:
    """Reports' quads, bulk-loaded a few megabytes at a time (one bulk load per report costs
    about three times as much)."""

    SIZE = 32_000_000

    def __init__(self, database: ox.Store) -> None:
        self.database = database
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, quads: bytes) -> None:
        self.parts.append(quads)
        self.size += len(quads)
        if self.size >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.database.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
        self.parts, self.size = [], 0


def _finish(staged: layout.BuildDir, database: ox.Store, good: list[FileResult],
            minter: Minter, build_id: str, serial: str, inputs: list[dict[str, str]],
            build_manifest: Manifest | None) -> int:
    """The shared graphs, the dumps, the statistics and the manifest of a build."""
    _context_graph, shapes = _context(minter)
    vocabulary = load_vocabulary()
    _load(database, vocabulary.serialize(format="nt", encoding="utf-8"),
          minter.graph("vocabulary"))
    cross_report = load_cross_report()
    _load(database, (shapes + cross_report).serialize(format="nt", encoding="utf-8"),
          minter.graph("shapes"))
    gazetteer = load_gazetteer()
    places = {place.code: place for place in gazetteer.places}
    for result in good:  # and the places of the reports' agencies, with the places above
        places.update((p.code, p) for p in gazetteer.chain(result.region_code or ""))
    _load(database, map_places(gazetteer, minter, list(places.values())).serialize(
        format="nt", encoding="utf-8"), minter.graph("places"))
    _load(database, map_links(load_linksets(load_gazetteer(), minter)).serialize(
        format="nt", encoding="utf-8"), minter.graph("links"))
    # the checks across reports, over everything loaded (reports' own graphs are validated)
    _load(database, cross_check(database, cross_report).serialize(format="nt", encoding="utf-8"),
          minter.graph("validation/cross-report"))
    database.flush()
    triples = len(database)
    union = UnionTally()
    dumps = write_dumps(staged.path, database, minter,
                        [(r.agency, r.fiscal_year) for r in good
                         if r.agency is not None and r.fiscal_year is not None], union,
                        common_licence(r.publication.licence for r in good))
    manifest: dict[str, Any] = {
        "build_id": build_id,
        "build_uuid": serial,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fiscal_kg_version": __version__,
        "base_iri": minter.base,
        "triples": triples,
        "graphs": sorted(str(g.value) for g in database.named_graphs()),
        "statistics": dataset_statistics(database, union),
        "inputs": inputs,
        "build_manifest": build_manifest.describe() if build_manifest is not None else None,
        "reports": [_describe(result, minter) for result in good],
        "dumps": dump_records(dumps),
    }
    staged.manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    return triples


def _describe(result: FileResult, minter: Minter) -> dict[str, Any]:
    assert result.agency is not None and result.fiscal_year is not None
    name, year = result.agency, result.fiscal_year
    return {
        "file": str(result.path),
        "sha256": result.sha256,
        "encoding": result.encoding,
        "media_type": result.media_type,
        "agency": name,
        "fiscal_year": year,
        "report": str(minter.report(name, year)),
        "agency_iri": str(minter.agency(name)),
        "region": result.region,
        "region_code": result.region_code,
        "graph": str(minter.dataset(name, year)),
        "triples": result.triples,
        **result.counts,
        "warnings": len(result.findings),
        "unread_lines": len(result.unread),
        "manifest_line": result.manifest_line,
        "credit_code": result.publication.credit_code,
        "source_url": result.publication.source_url,
        "licence": result.publication.licence,
    }
